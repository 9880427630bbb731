// `npm run bench:ledger`: the cost per claim of settleYear (one person, one policy year) at 100, 10,000 and
// 100,000 claims under the bundled Nanchang ruleset. A linear settleYear costs the same per claim at every
// size; before issue 14 each claim copied and re-froze the whole settled list (30,000 claims took 5.9 s).
// Also timed: a reversal (冲正) of the first claim of the 10,000-claim year, which re-settles the 9,999 after it.
// A benchmark, not a test: it prints figures and writes bench/results/ledger.{md,json}; nothing is asserted.
// MINSHENG_DIST=/path/to/index.js runs it against another build (default: ../dist/index.js, made by the script).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.MINSHENG_DIST ? pathToFileURL(process.env.MINSHENG_DIST).href : '../dist/index.js';
const { compile, loadRuleset, settleYear, reverseClaim } = await import(dist);

const program = compile(await loadRuleset('cn/medical/nanchang'));
const person = { id: 'bench-person', birthDate: '1970-01-01' };
const LEVELS = ['primary', 'secondary', 'tertiary'];

/** n claims spread over 2025, amounts in whole fen from a fixed LCG (the same claims every run). */
function claims(n) {
  let seed = 20251;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const out = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor((i * 365) / n);
    const date = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
    const inCatalogue = 1_000_00 + (next() % 30_000_00); // 1,000.00 – 31,000.00 yuan, in fen
    const total = inCatalogue + (next() % 5_000_00);
    out.push({
      id: `c${i}`,
      hospitalLevel: LEVELS[next() % 3],
      dischargeDate: date,
      bill: { total: (total / 100).toFixed(2), inCatalogue: (inCatalogue / 100).toFixed(2) },
    });
  }
  return out;
}

/** Wall time and this process's CPU time (user + system): on a shared, loaded machine the CPU time is the steadier figure. */
function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, result };
}

// Warm-up: compile the closures' hot paths before anything is timed.
settleYear(person, claims(2_000), { ruleset: program });

const rows = [];
for (const [n, runs] of [
  [100, 50],
  [10_000, 3],
  [100_000, 1],
]) {
  const list = claims(n);
  const times = [];
  const cpus = [];
  let last;
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const { ms, cpuMs, result } = time(() => settleYear(person, list, { ruleset: program }));
    times.push(ms);
    cpus.push(cpuMs);
    last = result;
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wall = median(times);
  const cpu = median(cpus);
  if (last.settlements.length !== n || last.ledger.settled.length !== n) throw new Error(`settled ${last.settlements.length} of ${n}`);
  rows.push({ claims: n, runs, medianMs: +wall.toFixed(1), perClaimUs: +((wall * 1000) / n).toFixed(2), medianCpuMs: +cpu.toFixed(1), perClaimCpuUs: +((cpu * 1000) / n).toFixed(2) });
  console.log(
    `settleYear ${String(n).padStart(7)} claims: ${wall.toFixed(1).padStart(9)} ms wall  ${((wall * 1000) / n).toFixed(2).padStart(7)} µs/claim  |  ${((cpu * 1000) / n).toFixed(2).padStart(7)} µs CPU/claim  (median of ${runs})`,
  );
}

const year = settleYear(person, claims(10_000), { ruleset: program }).ledger;
globalThis.gc?.();
const reversal = time(() => reverseClaim(year, 'c0', { ruleset: program }));
console.log(`reverseClaim of the first of 10,000 claims (9,999 re-settled, ${reversal.result.differences.length} changed): ${reversal.ms.toFixed(1)} ms wall, ${reversal.cpuMs.toFixed(1)} ms CPU`);
const load = (await import('node:os')).loadavg()[0];
console.log(`load average (1 min) at the end: ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} CPUs`);

const flat = rows[2].perClaimCpuUs / rows[0].perClaimCpuUs;
console.log(`per-claim CPU cost at 100,000 / at 100: ${flat.toFixed(2)}×`);
const out = {
  node: process.version,
  date: new Date().toISOString(),
  ruleset: `${program.id}@${program.version}`,
  settleYear: rows,
  reverseFirstOf10000Ms: +reversal.ms.toFixed(1),
  loadAverage1m: +load.toFixed(2),
  perClaimRatio100000to100: +flat.toFixed(2),
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'ledger.json'), `${JSON.stringify(out, null, 2)}\n`);
writeFileSync(
  join(here, 'results', 'ledger.md'),
  [
    `# settleYear per-claim cost (${out.ruleset}, ${out.node})`,
    '',
    '| claims | runs | median wall ms | wall µs per claim | CPU µs per claim |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.claims} | ${r.runs} | ${r.medianMs} | ${r.perClaimUs} | ${r.perClaimCpuUs} |`),
    '',
    `Reversal of the first claim of a 10,000-claim year: ${out.reverseFirstOf10000Ms} ms. Per-claim CPU cost at 100,000 over at 100: ${out.perClaimRatio100000to100}×. Load average (1 min) at the end: ${out.loadAverage1m}.`,
    '',
  ].join('\n'),
);
