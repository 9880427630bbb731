#!/usr/bin/env node
/**
 * Cold start, measured as a user sees it: the wall time of a fresh `node` process that imports the library,
 * loads and compiles one bundled ruleset by id and settles one claim — against a fresh `node -e 0` (the
 * floor every process pays). Runs alternate between the two, medians and min–max are reported.
 *
 *   node bench/cold-start.mjs [--runs 11] [--dist dist/index.js[,/tmp/old/dist/index.js]]   (several builds: compared in one run)
 *
 * Child mode (what each fresh process runs): node bench/cold-start.mjs --child <dist> <id> [<claim.json>]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, dist, id, claimFile] = args;
  const lib = await import(pathToFileURL(resolve(dist)).href);
  const program = lib.compile(await lib.loadRuleset(id));
  if (claimFile) {
    const r = program.safeEvaluate(JSON.parse(readFileSync(claimFile, 'utf8')));
    if (!r.success) throw new Error(`${id}: ${r.error.message}`);
  }
  process.exit(0);
}

const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : d;
};
const runs = Number(opt('runs', '11'));
const dists = opt('dist', 'dist/index.js').split(',');

/** Whole-process wall time of one fresh node process, in ms. */
function time(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const subjects = { 'node -e 0': ['-e', '0'] };
for (const dist of dists) {
  const tag = dists.length > 1 ? ` (${dist})` : '';
  subjects[`cn/medical/nanchang: import + load + compile + settle one claim${tag}`] = ['bench/cold-start.mjs', '--child', dist, 'cn/medical/nanchang', 'examples/claim-nanchang.json'];
  subjects[`cn/medical/national: import + load + compile${tag}`] = ['bench/cold-start.mjs', '--child', dist, 'cn/medical/national'];
}
const times = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (let r = 0; r < runs; r++) for (const [name, argv] of Object.entries(subjects)) times[name].push(time(argv));
const floor = median(times['node -e 0']);
console.log(`| process (${runs} fresh processes each, interleaved) | wall time, median | min–max | vs node -e 0 |`);
console.log('|---|---:|---:|---:|');
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`| ${name} | ${m.toFixed(0)} ms | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms | ${(m / floor).toFixed(1)}× |`);
}
