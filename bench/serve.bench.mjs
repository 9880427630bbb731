// HTTP benchmark of `minsheng serve` (loopback only, bounded in time): requests/s and p50/p99 latency of
// POST /settle (one Nanchang claim per request, examples/claim-nanchang.json) with autocannon at 1, 16 and
// 64 connections, and rows/s of POST /rulesets/bench%2Fsettlement/evaluate-batch (100,000 claims of the
// benchmark workload as NDJSON) — each next to the in-process rate of the same library calls measured in
// the same run (with and without the JSON parse/stringify a server must do anyway).
//
// The server is the built binary in a child process (one event loop: one core); autocannon and the
// in-process measurements run in this process. With 2 cores shared by other work, only figures of one run
// compare; os.loadavg() is recorded before and after.
//
//   npm run bench:serve                    # builds, then: node bench/serve.bench.mjs
//   node bench/serve.bench.mjs [--duration 10] [--rows 100000]
//
// Writes bench/results/serve.json and bench/results/serve.md.
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { generateClaims } from './workload/generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const { bundledRuleset, compile, settleClaim } = await import(join(ROOT, 'dist/index.js'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const DURATION = Number(arg('duration', '10'));
const ROWS = Number(arg('rows', '100000'));
const DATE = '2025-06-01';
const CLAIM = { personId: 'p-001', ...JSON.parse(readFileSync(join(ROOT, 'examples/claim-nanchang.json'), 'utf8')) };
const SETTLE_BODY = JSON.stringify({ claim: CLAIM, ruleset: 'cn/medical/nanchang' });

/** CPU seconds (user + system) the process `pid` has used, from /proc (Linux; undefined elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}
const TICKS = 100; // USER_HZ: 100 on Linux

/** Starts the server; resolves with its URL and the child. */
async function startServer() {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn', '--limit', 'connections=4096'], { stdio: ['ignore', 'inherit', 'pipe'] });
  let err = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s: ${err}`)), 120_000);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
  return { child, url };
}

/**
 * Calls per second of `fn` over at least `ms` per round (median of 5 rounds after a warm-up round): per
 * second of wall-clock time, and per second of this process's CPU time (what one core does when it has
 * the core to itself; robust to other work on a shared machine).
 */
function rate(fn, ms = 1000) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < 6; r++) {
    let n = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < 64; i++) fn(n++);
      now = performance.now();
    }
    const used = process.cpuUsage(cpu0);
    if (r === 0) continue; // warm-up
    wall.push((n / (now - start)) * 1000);
    cpu.push(n / ((used.user + used.system) / 1e6));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: Math.round(median(wall)), perCpuSecond: Math.round(median(cpu)) };
}

async function cannon(url, pid, connections, duration, path = '/settle', body = SETTLE_BODY) {
  const cpu0 = cpuSeconds(pid);
  const result = await autocannon({ url: `${url}${path}`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration });
  const cpu = cpuSeconds(pid) - cpu0;
  return {
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    requestsPerServerCpuSecond: Number.isFinite(cpu) && cpu > 0 ? Math.round(result.requests.total / cpu) : undefined,
    serverCpuShare: Number.isFinite(cpu) ? Number((cpu / duration).toFixed(2)) : undefined,
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** One batch over HTTP: rows/s from the first byte sent to the last byte received. */
function batchOnce(url, pid, body, rows) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const cpu0 = cpuSeconds(pid);
    const u = new URL(`${url}/rulesets/${encodeURIComponent('bench/settlement')}/evaluate-batch?date=${DATE}`);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
      let lines = 0;
      let errors = 0;
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        const text = tail + d;
        const parts = text.split('\n');
        tail = parts.pop();
        lines += parts.length;
        for (const p of parts) if (p.startsWith('{"line":') && p.includes('"error":')) errors++;
      });
      res.on('end', () => {
        const seconds = (performance.now() - start) / 1000;
        const cpu = cpuSeconds(pid) - cpu0;
        if (lines !== rows) reject(new Error(`expected ${rows} answer lines, got ${lines}`));
        else resolve({ rowsPerSecond: Math.round(rows / seconds), rowsPerServerCpuSecond: Number.isFinite(cpu) && cpu > 0 ? Math.round(rows / cpu) : undefined, seconds: Number(seconds.toFixed(2)), errors });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const loadBefore = os.loadavg();
const { child, url } = await startServer();
try {
  // In-process, same run: the library calls the routes make.
  const nanchang = compile(bundledRuleset('cn/medical/nanchang'));
  const settleInProcess = rate(() => settleClaim(CLAIM, { ruleset: nanchang }));
  const settleInProcessJson = rate(() => JSON.stringify(settleClaim(JSON.parse(SETTLE_BODY).claim, { ruleset: nanchang })));

  await cannon(url, child.pid, 16, 2); // warm-up
  const settle = [];
  for (const c of [1, 16, 64]) settle.push(await cannon(url, child.pid, c, DURATION));
  // The same HTTP path with a cheaper library call (the workload ruleset, fast path): the server's own cost.
  const EVAL_BODY = JSON.stringify({ input: { hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000 }, date: DATE });
  const evaluate16 = await cannon(url, child.pid, 16, DURATION, `/rulesets/${encodeURIComponent('bench/settlement')}/evaluate`, EVAL_BODY);

  const bench = compile(bundledRuleset('bench/settlement'));
  const claims = generateClaims(ROWS);
  const lines = claims.map((c) => JSON.stringify({ input: c }));
  const body = Buffer.from(`${lines.join('\n')}\n`);
  const evalInProcess = rate((i) => bench.evaluate(claims[i % ROWS], { date: DATE }));
  const evalInProcessJson = rate((i) => JSON.stringify({ line: i, ...bench.evaluate(JSON.parse(lines[i % ROWS]).input, { date: DATE }) }));
  await batchOnce(url, child.pid, body, ROWS); // warm-up
  const batches = [];
  for (let r = 0; r < 3; r++) batches.push(await batchOnce(url, child.pid, body, ROWS));
  batches.sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  const batch = batches[1];

  const loadAfter = os.loadavg();
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model,
    loadavgBefore: loadBefore.map((x) => Number(x.toFixed(2))),
    loadavgAfter: loadAfter.map((x) => Number(x.toFixed(2))),
    durationSeconds: DURATION,
    settle: { inProcess: settleInProcess, inProcessWithJson: settleInProcessJson, http: settle },
    evaluate: { http: evaluate16 },
    batch: {
      rows: ROWS,
      httpRowsPerSecond: batch.rowsPerSecond,
      httpRowsPerServerCpuSecond: batch.rowsPerServerCpuSecond,
      httpRuns: batches,
      inProcess: evalInProcess,
      inProcessWithJson: evalInProcessJson,
      shareOfInProcess: Number((batch.rowsPerSecond / evalInProcess.wall).toFixed(3)),
      shareOfInProcessPerCpuSecond: batch.rowsPerServerCpuSecond ? Number((batch.rowsPerServerCpuSecond / evalInProcess.perCpuSecond).toFixed(3)) : undefined,
    },
  };
  const md = [
    `# minsheng serve — ${results.date}`,
    '',
    `Node ${results.node}, ${results.cpus} cores (${results.cpuModel}), load average before ${results.loadavgBefore.join(' / ')}, after ${results.loadavgAfter.join(' / ')}.`,
    'Server: the built CLI in a child process; autocannon and the in-process figures in the bench process (same machine, loopback).',
    '',
    `## POST /settle (Nanchang example claim), ${DURATION} s per row`,
    '',
    '| connections | requests/s | per server CPU-second | server CPU share | p50 ms | p99 ms | non-2xx | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...settle.map((s) => `| ${s.connections} | ${s.requestsPerSecond} | ${s.requestsPerServerCpuSecond ?? '–'} | ${s.serverCpuShare ?? '–'} | ${s.p50ms} | ${s.p99ms} | ${s.non2xx} | ${s.errors} |`),
    '',
    `POST /rulesets/bench%2Fsettlement/evaluate (workload case, fast path) at 16 connections: ${evaluate16.requestsPerSecond} requests/s, ${evaluate16.requestsPerServerCpuSecond ?? '–'} per server CPU-second, p50 ${evaluate16.p50ms} ms, p99 ${evaluate16.p99ms} ms.`,
    '',
    `In-process, same run (per wall-clock second / per CPU-second): settleClaim ${settleInProcess.wall} / ${settleInProcess.perCpuSecond}; with JSON.parse of the body and JSON.stringify of the answer ${settleInProcessJson.wall} / ${settleInProcessJson.perCpuSecond}.`,
    '',
    `## POST /rulesets/bench%2Fsettlement/evaluate-batch, ${ROWS} rows (median of 3)`,
    '',
    `HTTP ${batch.rowsPerSecond} rows/s wall-clock (${batch.seconds} s), ${batch.rowsPerServerCpuSecond ?? '–'} rows per server CPU-second.`,
    `In-process program.evaluate ${evalInProcess.wall}/s wall-clock, ${evalInProcess.perCpuSecond} per CPU-second; with per-row JSON ${evalInProcessJson.wall} / ${evalInProcessJson.perCpuSecond}.`,
    `Share of the in-process rate: ${results.batch.shareOfInProcess} (wall-clock), ${results.batch.shareOfInProcessPerCpuSecond ?? '–'} (per CPU-second).`,
    '',
  ].join('\n');
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/serve.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results/serve.md'), md);
  process.stdout.write(md);
} finally {
  child.kill('SIGTERM');
}
