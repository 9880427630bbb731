#!/usr/bin/env node
/**
 * `simulate`'s JSONL route in one thread: the workload's rows as UTF-8 bytes, each read straight into the fast
 * path's inputs and evaluated on the lean route (src/engine/json-row.ts, `CompiledProgram.jsonRows`) — what a
 * simulate worker does per row before it writes the outputs. One or more builds, interleaved rounds.
 *
 *   npx tsup && node bench/json-rows.bench.mjs [dist/index.js[,/tmp/old/dist/index.js]] [--rows 10000] [--rounds 15]
 *
 * Each row is read and its rules run (`values`); the outputs are not written. `jsonRows` is internal (not public
 * API): this follows the build it is given.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, timedRounds } from './harness.mjs';
import { generateClaims } from './workload/generate.mjs';

const args = process.argv.slice(2);
const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const dists = (args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'dist/index.js').split(',');
const ROWS = opt('rows', 10_000);
const ROUNDS = opt('rounds', 15);
const options = { date: '2025-06-01', money: 'fen' };

const bytes = new TextEncoder().encode(`${generateClaims(ROWS).map((c) => JSON.stringify(c)).join('\n')}\n`);
const builds = [];
for (const dist of dists) {
  const { compile, loadRuleset } = await import(pathToFileURL(resolve(dist)).href);
  const program = compile(await loadRuleset(resolve('rulesets/bench/settlement.yaml'), { noBundled: true }));
  const rows = program.jsonRows?.(options, 'id');
  if (!rows?.values) throw new Error(`${dist}: no lean JSONL route (internals changed?)`);
  // Every row read, checked once: the route must take all of them (a row handed over would be timed as nothing).
  let read = 0;
  for (let p = 0; p < bytes.length; p = rows.end + 1, read++) if (rows.values(bytes, p, bytes.length) === null) throw new Error(`${dist}: row ${read + 1} handed over`);
  builds.push({ dist, rows });
}

let sink = 0;
const times = timedRounds(
  Object.fromEntries(
    builds.map((b) => [
      b.dist,
      () => {
        for (let p = 0; p < bytes.length; p = b.rows.end + 1) sink += b.rows.values(bytes, p, bytes.length).length;
      },
    ]),
  ),
  { rounds: ROUNDS, units: ROWS },
);
console.log(`${ROWS.toLocaleString('en')} workload rows (${Math.round(bytes.length / ROWS)} bytes each), read and evaluated on the lean route; ns per row, ${ROUNDS} interleaved rounds (checksum ${sink % 997})`);
for (const b of builds) {
  const s = [...times[b.dist]].sort((x, y) => x - y);
  console.log(`${b.dist.padEnd(40)} min ${s[0].toFixed(0).padStart(5)}  median ${median(s).toFixed(0).padStart(5)}`);
}
