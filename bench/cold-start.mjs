#!/usr/bin/env node
/**
 * Cold start, measured as a user sees it: a fresh `node` process that imports the library, loads and
 * compiles one bundled ruleset by id and settles one claim — against a fresh `node -e 0` (the floor every
 * process pays). Each row is a fresh process per run; runs alternate between the rows (and between builds
 * with --dist a,b), medians and min–max are reported. Two measures per process:
 * - wall: the spawn-to-exit time this script sees;
 * - CPU: the child's own user+system time at exit (process.cpuUsage(), all its threads) — less sensitive to
 *   other processes on a shared machine than wall time, which waits for a core.
 * And, for contrast, the same load + compile WARM: in one process, after a first round (median of 9).
 *
 *   node bench/cold-start.mjs [--runs 11] [--dist dist/index.js[,/tmp/old/dist/index.js]]   (several builds: compared in one run)
 *
 * Child mode (what each fresh process runs): node bench/cold-start.mjs --child <dist> <id|-> [<claim.json>]
 * (`-`: import only). Warm mode: node bench/cold-start.mjs --warm <dist> <id>
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, dist, id, claimFile] = args;
  const lib = await import(pathToFileURL(resolve(dist)).href);
  if (id !== '-') {
    const program = lib.compile(await lib.loadRuleset(id));
    if (claimFile) {
      const r = program.safeEvaluate(JSON.parse(readFileSync(claimFile, 'utf8')));
      if (!r.success) throw new Error(`${id}: ${r.error.message}`);
    }
  }
  process.stdout.write(`${cpuMs()}\n`);
  process.exit(0);
}
if (args[0] === '--warm') {
  const [, dist, id] = args;
  const lib = await import(pathToFileURL(resolve(dist)).href);
  lib.compile(await lib.loadRuleset(id));
  const times = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    lib.compile(await lib.loadRuleset(id));
    times.push(performance.now() - t0);
  }
  process.stdout.write(`${times.sort((a, b) => a - b)[4]}\n`);
  process.exit(0);
}

const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : d;
};
const runs = Number(opt('runs', '11'));
const dists = opt('dist', 'dist/index.js').split(',');

/** One fresh node process: its wall time as seen from here and the CPU time it reports, in ms. */
function time(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu: Number(r.stdout.trim().split('\n').at(-1)) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const subjects = { 'node -e 0': ['-e', 'const u = process.cpuUsage(); process.stdout.write(`${(u.user + u.system) / 1000}\\n`)'] };
for (const dist of dists) {
  const tag = dists.length > 1 ? ` (${dist})` : '';
  subjects[`import only${tag}`] = ['bench/cold-start.mjs', '--child', dist, '-'];
  subjects[`cn/medical/nanchang: import + load + compile + settle one claim${tag}`] = ['bench/cold-start.mjs', '--child', dist, 'cn/medical/nanchang', 'examples/claim-nanchang.json'];
  subjects[`cn/medical/national: import + load + compile${tag}`] = ['bench/cold-start.mjs', '--child', dist, 'cn/medical/national'];
}
const times = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (let r = 0; r < runs; r++) for (const [name, argv] of Object.entries(subjects)) times[name].push(time(argv));
const floorWall = median(times['node -e 0'].map((t) => t.wall));
const floorCpu = median(times['node -e 0'].map((t) => t.cpu));
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
console.log(`| process (${runs} fresh processes each, interleaved) | wall, median | min–max | wall vs node -e 0 | CPU, median | min–max | CPU vs node -e 0 |`);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, ts] of Object.entries(times)) {
  const wall = ts.map((t) => t.wall);
  const cpu = ts.map((t) => t.cpu);
  console.log(
    `| ${name} | ${median(wall).toFixed(0)} ms | ${range(wall)} ms | ${(median(wall) / floorWall).toFixed(1)}× | ${median(cpu).toFixed(0)} ms | ${range(cpu)} ms | ${(median(cpu) / floorCpu).toFixed(1)}× |`,
  );
}
console.log('');
console.log('| warm, in one process after a first round (median of 9) | load + compile |');
console.log('|---|---:|');
for (const dist of dists) {
  for (const id of ['cn/medical/nanchang', 'cn/medical/national']) {
    const r = spawnSync(process.execPath, ['bench/cold-start.mjs', '--warm', dist, id], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`warm ${id} failed: ${r.stderr}`);
    console.log(`| ${id}${dists.length > 1 ? ` (${dist})` : ''} | ${Number(r.stdout.trim()).toFixed(1)} ms |`);
  }
}
