// Peer benchmark for the three-tier settlement workload (/work/shared/bench-workload.md).
//
//   node --expose-gc bench/peers.bench.mjs [--claims 10000] [--seed N] [--rounds 11] [--min-time 600]
//
// 1. generates the seeded claim mix;
// 2. verifies every implementation on the 7 worked cases and on all claims against the
//    hand-written decimal.js peer — aborts if an exact implementation differs anywhere
//    (the float peer's mismatches are reported, not fatal);
// 3. measures claims/s (median of rounds, rounds interleaved across implementations) and
//    JS-heap allocation per claim;
// 4. prints a Markdown table and writes bench/results/peers.json and bench/results/peers.md.
//
// HOOK FOR THE LIBRARY'S ENGINE — call runBenchmark() with extra implementations, e.g.
//
//   import { runBenchmark } from './peers.bench.mjs';
//   await runBenchmark({
//     extraImplementations: [
//       { name: 'minsheng-rules (untraced)', kind: 'sync',
//         setup: async () => { const rs = await loadAndCompile(...); return (c) => rs.settle(c); } },
//       { name: 'minsheng-rules (traced)', kind: 'sync', settle: (c) => tracedSettle(c) },
//     ],
//   });
//
// Each extra implementation gives either `settle(claim) → Settlement` (or a promise of it for
// kind 'async') or `setup() → settle` (sync or async); when `setup` is given its duration is
// reported as "load + compile" time. Its results must match the decimal.js peer exactly on
// every claim (set `exact: false` to only report mismatches). A Settlement is
// { basicPaid, criticalPaid, assistancePaid, outOfPocket } as yuan strings with 2 decimals.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { measureAll } from './harness.mjs';
import { decimalToSettlement, settleDecimal, settleDecimalNative } from './peers/decimal.mjs';
import { fenToSettlement, settleFen, settleFenNative } from './peers/fen.mjs';
import { settleFloat } from './peers/float.mjs';
import { settleDecimal as referenceDecimal } from './peers/reference/a-decimal.mjs';
import { settleFen as referenceFen } from './peers/reference/b-fen.mjs';
import { createJsonRulesEngineSettle } from './peers/json-rules-engine.mjs';
import { createZen } from './peers/zen.mjs';
import { formatMismatch, verifyAll, verifyWorkedCases } from './verify.mjs';
import { DEFAULT_SEED, generateClaims } from './workload/generate.mjs';

/** @typedef {import('./workload/generate.mjs').Claim} Claim */
/** @typedef {import('./workload/generate.mjs').Settlement} Settlement */
/** @typedef {import('./harness.mjs').MeasureResult} MeasureResult */
/** @typedef {import('./verify.mjs').VerifyResult} VerifyResult */

/**
 * An implementation to benchmark.
 * @typedef {object} Implementation
 * @property {string} name
 * @property {'sync' | 'async'} [kind] default 'sync'
 * @property {(claim: Claim) => Settlement | Promise<Settlement>} [settle]
 * @property {() => ((claim: Claim) => Settlement | Promise<Settlement>) | Promise<(claim: Claim) => Settlement | Promise<Settlement>>} [setup]
 *   builds `settle`; its duration is reported as load + compile time
 * @property {number} [concurrency] claims in flight (async only; default 1)
 * @property {boolean} [exact] default true; false = mismatches are reported, not fatal
 * @property {(result: any) => Settlement} [toSettlement] for a native-value variant (Decimals, integer fen):
 *   turns its result into the output shape for verification only (not timed)
 * @property {string} [note] shown in the table
 */

/**
 * @typedef {object} BenchmarkOptions
 * @property {Implementation[]} [extraImplementations] e.g. the library's engine, untraced and traced
 * @property {number} [claims] number of seeded claims (default 10,000)
 * @property {number} [seed] default DEFAULT_SEED
 * @property {number} [rounds] measured rounds (default 11, min 5)
 * @property {number} [minTimeMs] minimum duration of one round per implementation (default 600)
 * @property {number} [warmupMs] default 500
 * @property {string | null} [outDir] where peers.json / peers.md go (default bench/results; null = don't write)
 * @property {boolean} [includePeers] run the built-in peers too (default true)
 * @property {(msg: string) => void} [log] progress output (default: stderr)
 */

/**
 * @typedef {object} BenchmarkRow
 * @property {string} name
 * @property {'sync' | 'async'} kind
 * @property {number} concurrency
 * @property {number} claimsPerSec
 * @property {number[]} roundsClaimsPerSec
 * @property {number | null} ratioVsDecimal claims/s divided by the decimal.js peer's
 * @property {number | null} allocBytesPerClaim
 * @property {number | null} setupMs load + compile time, when the implementation has setup()
 * @property {boolean} exact
 * @property {number} mismatches on the seeded claims
 * @property {string} [note]
 */

/**
 * @typedef {object} BenchmarkReport
 * @property {object} environment
 * @property {{ claims: number, seed: number, rounds: number, minTimeMs: number }} config
 * @property {VerifyResult[]} workedCases
 * @property {VerifyResult[]} verification
 * @property {BenchmarkRow[]} rows
 * @property {string} markdown
 */

export const REFERENCE_NAME = 'hand-written decimal.js';

const require = createRequire(import.meta.url);
/** @param {string} pkg @returns {string} installed version, for the row labels */
const versionOf = (pkg) => /** @type {{ version: string }} */ (require(`${pkg}/package.json`)).version;

/**
 * The built-in peers. zen appears twice: one claim in flight and 64 in flight
 * (the same loaded decision).
 * @returns {Implementation[]}
 */
export function peerImplementations() {
  // One loaded decision serves both zen rows; its load time is reported on the first row.
  /** @type {ReturnType<typeof createZen> | undefined} */
  let zen;
  const zenSetup = () => {
    const z = (zen = createZen());
    return (/** @type {Claim} */ c) => z.evaluate(c);
  };
  const zenShared = (/** @type {Claim} */ c) => (zen ??= createZen()).evaluate(c);
  const jre = `json-rules-engine ${versionOf('json-rules-engine')}`;
  const zenName = `@gorules/zen-engine ${versionOf('@gorules/zen-engine')}`;
  return [
    { name: REFERENCE_NAME, kind: 'sync', settle: settleDecimal },
    { name: 'hand-written decimal.js, native Decimals', kind: 'sync', settle: native(settleDecimalNative), toSettlement: decimalToSettlement, note: 'returns Decimals' },
    { name: 'hand-written integer fen', kind: 'sync', settle: settleFen, note: 'exact, the practical limit; returns strings' },
    { name: 'hand-written integer fen, native integers', kind: 'sync', settle: native(settleFenNative), toSettlement: fenToSettlement, note: 'returns integer fen' },
    { name: 'independent harness peer (a) decimal.js', kind: 'sync', settle: native(referenceDecimal), toSettlement: decimalToSettlement, note: 'bench/peers/reference, returns Decimals' },
    { name: 'independent harness peer (b) integer fen', kind: 'sync', settle: native(referenceFen), toSettlement: fenToSettlement, note: 'bench/peers/reference, returns integer fen' },
    { name: `${jre}, shared Engine`, kind: 'async', setup: createJsonRulesEngineSettle },
    { name: `${zenName}, one in flight`, kind: 'async', setup: zenSetup },
    { name: `${zenName}, 64 in flight`, kind: 'async', concurrency: 64, settle: zenShared, note: 'native threads' },
    { name: 'naive float yuan + Math.round(x*100)/100', kind: 'sync', settle: settleFloat, exact: false },
  ];
}

/**
 * A native-value settle function (Decimals, integer fen) typed as a row's settle: its result is turned into
 * a Settlement by the row's `toSettlement` before it is verified, and only timed as it is.
 * @param {(claim: any) => unknown} fn
 * @returns {(claim: Claim) => Settlement}
 */
function native(fn) {
  return /** @type {(claim: Claim) => Settlement} */ (fn);
}

/** @param {number | null} r */
export function formatRatio(r) {
  if (r === null || !Number.isFinite(r) || r <= 0) return '—';
  if (r >= 1) return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
  const inv = 1 / r;
  return `1/${inv >= 10 ? inv.toFixed(0) : inv.toFixed(1)}`;
}

/** @param {number} n */
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
/** @param {number} n */
const fmtCompact = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0));

/**
 * @param {BenchmarkRow[]} rows
 * @param {BenchmarkReport['config']} config
 * @param {{ node: string, cpus: number, cpuModel: string, loadAverage1m: { start: number, end: number } }} env
 */
function toMarkdown(rows, config, env) {
  const lines = [
    `# Peer benchmark: three-tier settlement`,
    '',
    `${config.claims.toLocaleString('en-US')} seeded claims (seed ${config.seed}), median of ${config.rounds} rounds ≥ ${config.minTimeMs} ms each, ` +
      `rounds interleaved; Node ${env.node}, ${env.cpus} × ${env.cpuModel}; 1-min load average ` +
      `${env.loadAverage1m.start.toFixed(2)} at start, ${env.loadAverage1m.end.toFixed(2)} at end. Only ratios within one run count.`,
    '',
    '| implementation | claims/s (median) | vs hand-written decimal.js | rounds min–max | JS-heap alloc / claim | load + compile | correctness |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const name = r.note ? `${r.name} (${r.note})` : r.name;
    const alloc = r.allocBytesPerClaim === null ? '—' : `${fmtInt(r.allocBytesPerClaim)} B`;
    const setup = r.setupMs === null ? '—' : `${r.setupMs.toFixed(1)} ms`;
    const correct = r.mismatches === 0 ? `exact on ${config.claims.toLocaleString('en-US')}` : `wrong on ${r.mismatches} of ${config.claims.toLocaleString('en-US')}`;
    const spread = `${fmtCompact(Math.min(...r.roundsClaimsPerSec))}–${fmtCompact(Math.max(...r.roundsClaimsPerSec))}`;
    lines.push(`| ${name} | ${fmtInt(r.claimsPerSec)} | ${formatRatio(r.ratioVsDecimal)} | ${spread} | ${alloc} | ${setup} | ${correct} |`);
  }
  lines.push(
    '',
    'Ratios: ≥ 1 as N× faster than the decimal.js peer, < 1 as 1/N (N times slower). ' +
      'Allocation is V8-heap bytes per claim (heap-used delta plus bytes freed by GCs during a batch, via v8.GCProfiler); ' +
      'native memory (zen-engine) is not counted, and async rows include the harness\'s own promises. ' +
      'Load + compile: building the json-rules-engine Engine, reading + creating the zen decision (both zen rows share it), ' +
      'or an extra implementation\'s setup().',
    '',
  );
  return lines.join('\n');
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {BenchmarkOptions} */
  const opts = {};
  for (let i = 0; i < argv.length; i += 2) {
    const v = Number(argv[i + 1]);
    switch (argv[i]) {
      case '--claims': opts.claims = v; break;
      case '--seed': opts.seed = v; break;
      case '--rounds': opts.rounds = v; break;
      case '--min-time': opts.minTimeMs = v; break;
      case '--warmup': opts.warmupMs = v; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

/**
 * Verify, then measure, the peers plus any extra implementations; print and write the report.
 * Throws (before measuring) if an exact implementation differs from the decimal.js peer on a
 * worked case or a seeded claim.
 * @param {BenchmarkOptions} [options]
 * @returns {Promise<BenchmarkReport>}
 */
export async function runBenchmark(options = {}) {
  const log = options.log ?? ((/** @type {string} */ m) => process.stderr.write(`${m}\n`));
  const config = {
    claims: options.claims ?? 10_000,
    seed: options.seed ?? DEFAULT_SEED,
    rounds: Math.max(5, options.rounds ?? 11),
    minTimeMs: options.minTimeMs ?? 600,
  };
  const claims = generateClaims(config.claims, config.seed);
  const loadAtStart = os.loadavg()[0] ?? 0;

  const impls = [...(options.includePeers === false ? [] : peerImplementations()), ...(options.extraImplementations ?? [])];

  // Build every settle function (timing setup() as load + compile).
  /** @type {{ impl: Implementation, settle: (claim: Claim) => Settlement | Promise<Settlement>, setupMs: number | null }[]} */
  const ready = [];
  for (const impl of impls) {
    if (impl.setup) {
      const t0 = performance.now();
      const settle = await impl.setup();
      ready.push({ impl, settle, setupMs: performance.now() - t0 });
    } else if (impl.settle) {
      ready.push({ impl, settle: impl.settle, setupMs: null });
    } else {
      throw new Error(`implementation ${impl.name} has neither settle nor setup`);
    }
  }
  const verifiable = ready.map((r) => {
    const to = r.impl.toSettlement;
    const settle = to ? (/** @type {Claim} */ c) => to(/** @type {any} */ (r.settle(c))) : r.settle;
    return { name: r.impl.name, settle, exact: r.impl.exact ?? true };
  });

  // 1. correctness first
  log(`verifying ${ready.length} implementations on the worked cases and ${claims.length} claims…`);
  const workedCases = await verifyWorkedCases(verifiable);
  const verification = await verifyAll(verifiable, claims);
  /** @type {string[]} */
  const fatal = [];
  for (const v of [...workedCases, ...verification]) {
    if (v.mismatches === 0) continue;
    const what = v.checked === claims.length ? `${v.mismatches} of ${v.checked} claims` : `${v.mismatches} worked case(s)`;
    log(`${v.exact ? 'MISMATCH' : 'expected inexact'}: ${v.name} differs from ${REFERENCE_NAME} on ${what}`);
    for (const m of v.examples) log(`  ${formatMismatch(m)}`);
    if (v.exact) fatal.push(v.name);
  }
  if (fatal.length > 0) throw new Error(`exact implementations differ from the decimal.js reference: ${[...new Set(fatal)].join(', ')}`);

  // 2. throughput + allocation
  log(`measuring: ${config.rounds} rounds × ≥ ${config.minTimeMs} ms per implementation…`);
  const measured = await measureAll(
    ready.map((r) => ({ name: r.impl.name, fn: r.settle, kind: r.impl.kind ?? 'sync', concurrency: r.impl.concurrency ?? 1 })),
    claims,
    { rounds: config.rounds, minTimeMs: config.minTimeMs, warmupMs: options.warmupMs ?? 500 },
    log,
  );

  const refIdx = ready.findIndex((r) => r.impl.name === REFERENCE_NAME);
  const refRate = refIdx >= 0 ? /** @type {MeasureResult} */ (measured[refIdx]).claimsPerSec : null;
  /** @type {BenchmarkRow[]} */
  const rows = ready.map((r, k) => {
    const m = /** @type {MeasureResult} */ (measured[k]);
    const v = /** @type {VerifyResult} */ (verification[k]);
    /** @type {BenchmarkRow} */
    const row = {
      name: r.impl.name,
      kind: m.kind,
      concurrency: m.concurrency,
      claimsPerSec: m.claimsPerSec,
      roundsClaimsPerSec: m.roundsClaimsPerSec,
      ratioVsDecimal: refRate ? m.claimsPerSec / refRate : null,
      allocBytesPerClaim: m.allocBytesPerClaim,
      setupMs: r.setupMs,
      exact: r.impl.exact ?? true,
      mismatches: v.mismatches,
    };
    if (r.impl.note) row.note = r.impl.note;
    return row;
  });

  const environment = {
    node: process.versions.node,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
    // 1-minute load average at start and end: on a shared host, anything well above the core
    // count means the figures (and even the ratios) are depressed by other work.
    loadAverage1m: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
  };
  const markdown = toMarkdown(rows, config, environment);
  process.stdout.write(`\n${markdown}\n`);

  /** @type {BenchmarkReport} */
  const report = { environment, config, workedCases, verification, rows, markdown };
  const outDir = options.outDir === undefined ? fileURLToPath(new URL('./results/', import.meta.url)) : options.outDir;
  if (outDir !== null) {
    mkdirSync(outDir, { recursive: true });
    const { markdown: _md, ...json } = report;
    writeFileSync(join(outDir, 'peers.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(outDir, 'peers.md'), markdown);
    log(`wrote ${join(outDir, 'peers.json')} and peers.md`);
  }
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = performance.now();
  runBenchmark(parseArgs(process.argv.slice(2)))
    .then(() => {
      process.stderr.write(`total ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      // zen-engine keeps native worker threads alive; exit explicitly.
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
