// A small throughput + allocation harness for settle functions.
//
// Throughput: each round runs the function over the claim list (cycling) until at least
// minTimeMs has elapsed, and yields claims/s for that round; the result is the median of the
// rounds (≥ 5; default 11 rounds of ≥ 600 ms). Sync functions are timed in chunks of 256 calls between clock reads; async
// functions are driven by `concurrency` workers that each await one claim at a time, so
// concurrency 1 means strictly sequential awaits. measureAll() interleaves rounds across
// implementations (round 1 of all, round 2 of all, ..., starting each round one implementation
// further) so slow drift and bursts of host contention hit all implementations alike; a full
// gc() runs before every round. Only ratios within one run are meaningful.
//
// Allocation per claim: bytes allocated on the V8 JS heap while settling a batch of claims,
// computed as
//     (used_heap_size after − used_heap_size before) + Σ over GCs during the batch of
//     (used heap before that GC − used heap after it)
// with v8.GCProfiler (Node ≥ 18.15 / 19.6) reporting each GC's before/after heap statistics,
// after a full gc() so the batch starts from a clean heap. Node 20's
// v8.getHeapStatistics() has no total_allocated_bytes counter, and a bare heapUsed delta is
// wrong as soon as a scavenge runs inside the batch, hence the GC bookkeeping. Limits:
// - only the V8 heap is counted: native allocations (zen-engine's Rust side, Buffers'
//   backing stores) are invisible;
// - for async functions the figure includes the promises of the harness's own `await`;
// - the method assumes GC accounting is settled at each GC's end; concurrent sweeping after a
//   mark-compact can make a batch that triggers major GCs under-count slightly. Batches here
//   mostly trigger scavenges only, whose accounting is exact;
// - allocation-site optimisation (escape analysis) can remove allocations in optimised code;
//   what is reported is what the optimised code really allocated.
import v8 from 'node:v8';
import vm from 'node:vm';

/** @typedef {import('./workload/generate.mjs').Claim} Claim */

/**
 * @typedef {object} MeasureOptions
 * @property {number} [rounds] measured rounds (default 11, at least 5 are used)
 * @property {number} [minTimeMs] minimum duration of a round (default 600)
 * @property {number} [warmupMs] warm-up before the first round (default 500)
 * @property {'sync' | 'async'} [kind] default 'sync'
 * @property {number} [concurrency] claims in flight for async functions (default 1)
 * @property {number} [allocClaims] claims in the allocation batch (default: all claims for
 *   sync, min(2000, all) for async); 0 skips the allocation measurement
 */

/**
 * @typedef {object} MeasureSpec
 * @property {string} name
 * @property {(claim: Claim) => unknown} fn
 * @property {'sync' | 'async'} [kind]
 * @property {number} [concurrency]
 * @property {number} [allocClaims]
 */

/**
 * @typedef {object} MeasureResult
 * @property {string} name
 * @property {'sync' | 'async'} kind
 * @property {number} concurrency
 * @property {number} claimsPerSec median over rounds
 * @property {number[]} roundsClaimsPerSec every round, in order
 * @property {number} totalClaims claims settled in measured rounds
 * @property {number | null} allocBytesPerClaim JS-heap bytes allocated per claim (null if not measured)
 * @property {number} allocGcCount GCs observed during the allocation batch
 */

const SYNC_CHUNK = 256;

/** Written by the timing loops so that results cannot be optimised away. */
/** @type {unknown} */
export let blackhole;

/** @type {(() => void) | undefined} */
let gcFn;
/** A working gc() even without --expose-gc (via the documented V8 flag + new-context trick). */
export function getGc() {
  if (gcFn) return gcFn;
  const g = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (typeof g === 'function') {
    gcFn = g;
  } else {
    v8.setFlagsFromString('--expose-gc');
    gcFn = /** @type {() => void} */ (vm.runInNewContext('gc'));
  }
  return gcFn;
}

/**
 * @param {number[]} xs
 * @returns {number}
 */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? /** @type {number} */ (s[m]) : (/** @type {number} */ (s[m - 1]) + /** @type {number} */ (s[m])) / 2;
}

/**
 * Interleaved timed rounds of several parts (each a function doing `units` units of work per call): every round
 * runs each part repeatedly for at least `minMs`, alternating the order from round to round, and records the
 * nanoseconds per unit; the first `warmup` rounds are dropped. For scripts that compare parts or builds in one
 * process (the host's drift then hits all of them alike).
 * @param {Record<string, () => void>} parts
 * @param {{ rounds: number, units: number, minMs?: number, warmup?: number }} options
 * @returns {Record<string, number[]>} ns per unit, one entry per kept round
 */
export function timedRounds(parts, { rounds, units, minMs = 150, warmup = 2 }) {
  const names = Object.keys(parts);
  /** @type {Record<string, number[]>} */
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds + warmup; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const run = /** @type {() => void} */ (parts[name]);
      const t0 = performance.now();
      let n = 0;
      do {
        run();
        n++;
      } while (performance.now() - t0 < minMs);
      if (round >= warmup) /** @type {number[]} */ (times[name]).push(((performance.now() - t0) * 1e6) / (n * units));
    }
  }
  return times;
}

/**
 * Run a sync function over the claims for at least `ms` milliseconds.
 * @param {(claim: Claim) => unknown} fn
 * @param {Claim[]} claims
 * @param {number} ms
 * @returns {{ count: number, elapsedMs: number }}
 */
function runSyncFor(fn, claims, ms) {
  const n = claims.length;
  let i = 0;
  let count = 0;
  let last;
  const t0 = performance.now();
  let t = t0;
  do {
    for (let k = 0; k < SYNC_CHUNK; k++) {
      last = fn(/** @type {Claim} */ (claims[i]));
      if (++i === n) i = 0;
    }
    count += SYNC_CHUNK;
    t = performance.now();
  } while (t - t0 < ms);
  blackhole = last;
  return { count, elapsedMs: t - t0 };
}

/**
 * Run an async function over the claims with `concurrency` claims in flight, for at least
 * `ms` milliseconds (or exactly `limit` claims when limit > 0).
 * @param {(claim: Claim) => unknown} fn
 * @param {Claim[]} claims
 * @param {number} ms
 * @param {number} concurrency
 * @param {number} [limit]
 * @returns {Promise<{ count: number, elapsedMs: number }>}
 */
async function runAsyncFor(fn, claims, ms, concurrency, limit = 0) {
  const n = claims.length;
  let i = 0;
  let started = 0;
  let count = 0;
  let stop = false;
  const t0 = performance.now();
  const worker = async () => {
    while (!stop) {
      if (limit > 0 && started >= limit) break;
      started++;
      const claim = /** @type {Claim} */ (claims[i]);
      if (++i === n) i = 0;
      blackhole = await fn(claim);
      count++;
      if (limit === 0 && performance.now() - t0 >= ms) stop = true;
    }
  };
  /** @type {Promise<void>[]} */
  const workers = [];
  for (let w = 0; w < concurrency; w++) workers.push(worker());
  await Promise.all(workers);
  return { count, elapsedMs: performance.now() - t0 };
}

/**
 * Run exactly `count` claims (sync or async) — used for the allocation batch.
 * @param {MeasureSpec} spec
 * @param {Claim[]} claims
 * @param {number} count
 */
async function runBatch(spec, claims, count) {
  if ((spec.kind ?? 'sync') === 'sync') {
    const n = claims.length;
    let last;
    for (let k = 0; k < count; k++) last = spec.fn(/** @type {Claim} */ (claims[k % n]));
    blackhole = last;
  } else {
    await runAsyncFor(spec.fn, claims, 0, spec.concurrency ?? 1, count);
  }
}

/**
 * JS-heap bytes allocated per claim over a batch (see the file header for the method).
 * @param {MeasureSpec} spec
 * @param {Claim[]} claims
 * @param {number} count
 * @returns {Promise<{ bytesPerClaim: number, gcCount: number }>}
 */
export async function measureAllocation(spec, claims, count) {
  const gc = getGc();
  gc();
  gc();
  const profiler = new v8.GCProfiler();
  const before = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  await runBatch(spec, claims, count);
  const after = v8.getHeapStatistics().used_heap_size;
  const stats = profiler.stop()?.statistics ?? [];
  let collected = 0;
  for (const s of stats) collected += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return { bytesPerClaim: (after - before + collected) / count, gcCount: stats.length };
}

/**
 * Measure several implementations with interleaved rounds.
 * @param {MeasureSpec[]} specs
 * @param {Claim[]} claims
 * @param {MeasureOptions} [options] defaults for every spec (a spec's own kind/concurrency/allocClaims win)
 * @param {(msg: string) => void} [log]
 * @returns {Promise<MeasureResult[]>}
 */
export async function measureAll(specs, claims, options = {}, log = () => {}) {
  const rounds = Math.max(5, options.rounds ?? 11);
  const minTimeMs = options.minTimeMs ?? 600;
  const warmupMs = options.warmupMs ?? 500;
  /** @param {MeasureSpec} s */
  const kindOf = (s) => s.kind ?? options.kind ?? 'sync';
  /** @param {MeasureSpec} s */
  const concOf = (s) => (kindOf(s) === 'sync' ? 1 : s.concurrency ?? options.concurrency ?? 1);
  /** @param {MeasureSpec} s @param {number} ms */
  const runFor = async (s, ms) =>
    kindOf(s) === 'sync' ? runSyncFor(s.fn, claims, ms) : runAsyncFor(s.fn, claims, ms, concOf(s));

  /** @type {MeasureResult[]} */
  const results = specs.map((s) => ({
    name: s.name,
    kind: kindOf(s),
    concurrency: concOf(s),
    claimsPerSec: 0,
    roundsClaimsPerSec: [],
    totalClaims: 0,
    allocBytesPerClaim: null,
    allocGcCount: 0,
  }));

  for (const s of specs) {
    log(`warm-up ${s.name}`);
    await runFor(s, warmupMs);
  }
  for (let r = 0; r < rounds; r++) {
    // rotate the starting implementation each round so no implementation always follows the same one
    for (let j = 0; j < specs.length; j++) {
      const k = (j + r) % specs.length;
      const s = /** @type {MeasureSpec} */ (specs[k]);
      const res = /** @type {MeasureResult} */ (results[k]);
      getGc()();
      const { count, elapsedMs } = await runFor(s, minTimeMs);
      res.roundsClaimsPerSec.push((count / elapsedMs) * 1000);
      res.totalClaims += count;
    }
    log(`round ${r + 1}/${rounds} done`);
  }
  for (let k = 0; k < specs.length; k++) {
    const s = /** @type {MeasureSpec} */ (specs[k]);
    const res = /** @type {MeasureResult} */ (results[k]);
    res.claimsPerSec = median(res.roundsClaimsPerSec);
    const allocClaims =
      s.allocClaims ?? options.allocClaims ?? (kindOf(s) === 'sync' ? claims.length : Math.min(2000, claims.length));
    if (allocClaims > 0) {
      const { bytesPerClaim, gcCount } = await measureAllocation({ ...s, kind: kindOf(s), concurrency: concOf(s) }, claims, allocClaims);
      res.allocBytesPerClaim = bytesPerClaim;
      res.allocGcCount = gcCount;
    }
  }
  return results;
}

/**
 * Measure one implementation: claims/s (median of ≥ 5 rounds) and allocation per claim.
 * @param {string} name
 * @param {(claim: Claim) => unknown} fn sync, or async when options.kind is 'async'
 * @param {Claim[]} claims
 * @param {MeasureOptions} [options]
 * @returns {Promise<MeasureResult>}
 */
export async function measure(name, fn, claims, options = {}) {
  const [res] = await measureAll([{ name, fn }], claims, options);
  return /** @type {MeasureResult} */ (res);
}
