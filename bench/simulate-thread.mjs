/**
 * The simulate worker's per-row cost against `program.evaluate`, in ONE thread with interleaved rounds — the
 * steady measure of the pipeline share for `bench/simulate.bench.mjs` (whole runs have two busy threads, and their
 * CPU time drifts more than this on a shared VM). Run as a worker thread by that bench:
 *
 *   new Worker(new URL('./simulate-thread.mjs', import.meta.url), { workerData: { dist, input, resolved, date } })
 *
 * In this thread, the simulate worker's own module (DIST/simulate-worker.js: reads `workerData` as its config)
 * evaluates 1 MiB blocks of the JSONL file as a run sends them, writing CSV into a reused buffer with its totals
 * (`batch`); the same rows, parsed beforehand, go through `program.evaluate(row, { date, money: 'fen' })`
 * (`evaluate`). Posts { rows, batchNs, evaluateNs } (medians of the rounds, per row) to the parent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { median, timedRounds } from './harness.mjs';

const { dist, input, date, rows: wanted = 20_000, rounds = 15 } = workerData;
const { default: evaluateBatch } = await import(pathToFileURL(join(dist, 'simulate-worker.js')).href);
const { compile } = await import(pathToFileURL(join(dist, 'index.js')).href);

// The first `wanted` rows, cut into blocks of about 1 MiB at newlines (as the main thread of a run cuts them).
const all = readFileSync(input);
let end = 0;
for (let n = 0; n < wanted; n++) end = all.indexOf(10, end) + 1;
const bytes = all.subarray(0, end);
const blocks = [];
for (let start = 0, line = 1; start < bytes.length; ) {
  let stop = Math.min(bytes.length, start + (1 << 20));
  if (stop < bytes.length) stop = bytes.lastIndexOf(10, stop - 1) + 1;
  const data = bytes.subarray(start, stop);
  let lines = 0;
  for (let p = data.indexOf(10); p >= 0; p = data.indexOf(10, p + 1)) lines++;
  blocks.push({ startLine: line, lines, data });
  line += lines;
  start = stop;
}
const objects = new TextDecoder().decode(bytes).split('\n').filter(Boolean).map((t) => JSON.parse(t));
const program = compile(workerData.resolved);
const options = { date, money: 'fen' };
const out = new Uint8Array(4 << 20);

let sink = 0;
const parts = {
  batch: () => {
    for (const b of blocks) {
      const r = evaluateBatch({ ...b, out });
      if (r.ok !== b.lines) throw new Error(`a block evaluated ${r.ok} of ${b.lines} rows`);
      sink += r.byteLength;
    }
  },
  evaluate: () => {
    for (let i = 0; i < objects.length; i++) sink += program.evaluate(objects[i], options).outputs.basicPaid;
  },
};
const times = timedRounds(parts, { rounds, units: objects.length, minMs: 200 });
parentPort.postMessage({ rows: objects.length, blocks: blocks.length, batchNs: median(times.batch), evaluateNs: median(times.evaluate), checksum: sink % 997 });
