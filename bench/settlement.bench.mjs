// `npm run bench`: the library's compiled ruleset against its peers on the workload of the
// benchmark spec (rulesets/bench/settlement.yaml), all in one process and one run.
//
// Rows added to the peers (see bench/README.md):
//   - minsheng-rules, untraced      — compile() with the exact fixed-point fast path (the default)
//   - minsheng-rules, decimal path  — compile(…, { fastPath: false }): the decimal.js reference path
//   - minsheng-rules, traced        — evaluate(…, { trace: true }): explanation of every rule
// Each is verified against the hand-written decimal.js peer on the worked cases and every seeded
// claim before it is timed; its setup (load + compile from the YAML file) is timed as well.
// Results: bench/results/peers.{md,json} (all rows) and bench/results/settlement.{md,json} (ours + ratios).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timedRounds } from './harness.mjs';
import { runBenchmark } from './peers.bench.mjs';
import { fenToSettlement } from './peers/fen.mjs';
const dist = process.env.MINSHENG_DIST ?? '../dist/index.js';
const { compile, loadRuleset } = await import(dist.startsWith('.') ? new URL(dist, import.meta.url).href : dist);

const here = dirname(fileURLToPath(import.meta.url));
const RULESET = join(here, '..', 'rulesets', 'bench', 'settlement.yaml');
const DATE = { date: '2025-06-01' };
const TRACE = { date: '2025-06-01', trace: true };
const FEN = { date: '2025-06-01', money: 'fen' };
const claims = Number(process.argv.find((a) => a.startsWith('--claims='))?.slice(9) ?? 10_000);

const outputs = (r) => r.outputs;
const load = async (options) => compile(await loadRuleset(RULESET, { noBundled: true }), options);

const report = await runBenchmark({
  claims,
  extraImplementations: [
    { name: 'minsheng-rules, untraced (fixed-point fast path)', kind: 'sync', setup: async () => { const p = await load(); return (c) => outputs(p.evaluate(c, DATE)); } },
    { name: 'minsheng-rules, decimal.js reference path', kind: 'sync', setup: async () => { const p = await load({ fastPath: false }); return (c) => outputs(p.evaluate(c, DATE)); } },
    { name: 'minsheng-rules, traced', kind: 'sync', setup: async () => { const p = await load(); return (c) => outputs(p.evaluate(c, TRACE)); } },
    // money: 'fen' returns integer fen, like the native-integer peers (converted to strings for verification only).
    { name: 'minsheng-rules, untraced, money: fen (returns integer fen)', kind: 'sync', toSettlement: fenToSettlement, setup: async () => { const p = await load(); return (c) => outputs(p.evaluate(c, FEN)); } },
  ],
});

const row = (prefix) => report.rows.find((r) => r.name.startsWith(prefix));
const untraced = row('minsheng-rules, untraced');
const decimalPath = row('minsheng-rules, decimal.js');
const traced = row('minsheng-rules, traced');
const fenMode = row('minsheng-rules, untraced, money: fen');
// Each ratio is taken against the fastest peer of its kind (ours or the independent harness's): the honest one.
const best = (...names) => Math.max(...names.map((n) => row(n)?.claimsPerSec ?? 0));
const decimalStrings = best('hand-written decimal.js');
const decimalNative = best('hand-written decimal.js, native', 'independent harness peer (a)');
const fenStrings = best('hand-written integer fen (', 'hand-written integer fen');
const fenNative = best('hand-written integer fen, native', 'independent harness peer (b)');

/** Load + compile in this (already warm) process: every load reads and validates the files again except the cached chain files. */
async function warmLoad(id) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    compile(await loadRuleset(id));
    times.push(performance.now() - t0);
  }
  return median(times.slice(1));
}

/** A regional ruleset on its own cases: fast path vs its decimal path vs traced, interleaved rounds. */
async function regional(id) {
  const resolved = await loadRuleset(id);
  const fast = compile(resolved);
  const slow = compile(resolved, { fastPath: false });
  const inputs = resolved.tests.filter((c) => fast.safeEvaluate(c.input, c.date ? { date: c.date } : undefined).success).map((c) => [c.input, c.date ? { date: c.date } : {}]);
  const tracedInputs = inputs.map(([i, o]) => [i, { ...o, trace: true }]);
  const run = (p, list) => () => {
    for (const [i, o] of list) p.evaluate(i, o);
  };
  const fns = { fast: run(fast, inputs), decimal: run(slow, inputs), traced: run(fast, tracedInputs) };
  // ns per evaluation, 13 interleaved rounds after 2 dropped.
  const times = timedRounds(fns, { rounds: 13, units: inputs.length, minMs: 100 });
  const before = fast.diagnostics().fastEvaluations;
  fns.fast();
  const fastRan = fast.diagnostics().fastEvaluations - before === inputs.length;
  return { id, claims: inputs.length, fastRan, usPerEval: median(times.fast) / 1000, vsDecimalPath: median(times.decimal) / median(times.fast), tracedCost: median(times.traced) / median(times.fast) };
}

const regions = [];
for (const id of ['cn/medical/nanchang', 'cn/assistance/example/gansu', 'cn/entitlements/national']) {
  const r = await regional(id);
  if (r.claims > 0) regions.push(r);
}
const summary = {
  claims,
  untracedVsHandDecimalStrings: untraced.claimsPerSec / decimalStrings,
  untracedVsHandDecimalNative: untraced.claimsPerSec / decimalNative,
  untracedVsIntegerFenStrings: untraced.claimsPerSec / fenStrings,
  untracedVsIntegerFenNative: untraced.claimsPerSec / fenNative,
  decimalPathVsHandDecimal: decimalPath.ratioVsDecimal,
  tracedCostVsUntraced: untraced.claimsPerSec / traced.claimsPerSec,
  allocBytesPerClaimUntraced: untraced.allocBytesPerClaim,
  fenModeVsIntegerFenNative: fenMode.claimsPerSec / fenNative,
  fenModeVsHandDecimalNative: fenMode.claimsPerSec / decimalNative,
  allocBytesPerClaimFenMode: fenMode.allocBytesPerClaim,
  warmLoadCompileMs: { national: await warmLoad('cn/medical/national'), nanchang: await warmLoad('cn/medical/nanchang') },
  regions,
};
const ratio = (x) => (x >= 1 ? `${x.toFixed(2)}×` : `1/${(1 / x).toFixed(1)}`);
const md = `# minsheng-rules on the benchmark workload

${report.markdown}

## Ratios for minsheng-rules (same run)

Each ratio is against the fastest peer of its kind in this run (the project's own hand-written peer or the
independent harness's, bench/peers/reference).

| measure | value | target (issue 16) |
|---|---:|---|
| untraced vs hand-written decimal.js, same output shape (strings) | ${ratio(summary.untracedVsHandDecimalStrings)} | ≥ 12× |
| untraced vs hand-written decimal.js returning Decimals | ${ratio(summary.untracedVsHandDecimalNative)} | ≥ 6× |
| untraced vs hand-written integer fen, same output shape | ${ratio(summary.untracedVsIntegerFenStrings)} | within 4× (≥ 1/4) |
| untraced vs hand-written integer fen returning integers | ${ratio(summary.untracedVsIntegerFenNative)} | — |
| decimal.js reference path vs hand-written decimal.js | ${ratio(summary.decimalPathVsHandDecimal)} | — |
| traced cost vs untraced (bench workload) | ${summary.tracedCostVsUntraced.toFixed(2)}× | ≤ 2.5× |
| JS heap allocated per untraced claim | ${summary.allocBytesPerClaimUntraced?.toFixed(0)} B | ≤ 300 B |
| untraced with \`money: 'fen'\` vs hand-written integer fen returning integers | ${ratio(summary.fenModeVsIntegerFenNative)} | — |
| untraced with \`money: 'fen'\` vs hand-written decimal.js returning Decimals | ${ratio(summary.fenModeVsHandDecimalNative)} | — |
| JS heap allocated per untraced claim with \`money: 'fen'\` | ${summary.allocBytesPerClaimFenMode?.toFixed(0)} B | — |
| load + compile, warm process: cn/medical/national | ${summary.warmLoadCompileMs.national.toFixed(1)} ms | — |
| load + compile, warm process: cn/medical/nanchang | ${summary.warmLoadCompileMs.nanchang.toFixed(1)} ms | — |

Cold start (fresh processes against \`node -e 0\`): \`node bench/cold-start.mjs\` (not run here: it spawns processes).

## Bundled rulesets on their own golden cases (interleaved rounds, medians)

| ruleset | cases | on the fast path | µs / evaluation (fast) | fast vs its decimal path | traced cost vs untraced |
|---|---:|---|---:|---:|---:|
${regions.map((r) => `| ${r.id} | ${r.claims} | ${r.fastRan ? 'yes' : 'NO'} | ${r.usPerEval.toFixed(2)} | ${r.vsDecimalPath.toFixed(1)}× | ${r.tracedCost.toFixed(2)}× |`).join('\n')}
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'settlement.md'), md);
writeFileSync(join(here, 'results', 'settlement.json'), `${JSON.stringify({ summary, rows: report.rows, environment: report.environment }, null, 2)}\n`);
console.log(md);
