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
import { runBenchmark } from './peers.bench.mjs';
import { compile, loadRuleset } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const RULESET = join(here, '..', 'rulesets', 'bench', 'settlement.yaml');
const DATE = { date: '2025-06-01' };
const TRACE = { date: '2025-06-01', trace: true };
const claims = Number(process.argv.find((a) => a.startsWith('--claims='))?.slice(9) ?? 10_000);

/** Load + compile, timed separately from the first (cold: module warm-up) and a warm repeat. */
async function loadTimes() {
  const times = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    compile(await loadRuleset(RULESET, { noBundled: true }));
    times.push(performance.now() - t0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return { coldMs: times[0], warmMedianMs: warm[Math.floor(warm.length / 2)] };
}

const outputs = (r) => r.outputs;
const load = async (options) => compile(await loadRuleset(RULESET, { noBundled: true }), options);

const report = await runBenchmark({
  claims,
  extraImplementations: [
    { name: 'minsheng-rules, untraced (fixed-point fast path)', kind: 'sync', setup: async () => { const p = await load(); return (c) => outputs(p.evaluate(c, DATE)); } },
    { name: 'minsheng-rules, decimal.js reference path', kind: 'sync', setup: async () => { const p = await load({ fastPath: false }); return (c) => outputs(p.evaluate(c, DATE)); } },
    { name: 'minsheng-rules, traced', kind: 'sync', setup: async () => { const p = await load(); return (c) => outputs(p.evaluate(c, TRACE)); } },
  ],
});

const row = (prefix) => report.rows.find((r) => r.name.startsWith(prefix));
const untraced = row('minsheng-rules, untraced');
const decimalPath = row('minsheng-rules, decimal.js');
const traced = row('minsheng-rules, traced');
const fen = row('hand-written integer fen');
const load2 = await loadTimes();
const summary = {
  claims,
  untracedVsHandDecimal: untraced.ratioVsDecimal,
  decimalPathVsHandDecimal: decimalPath.ratioVsDecimal,
  tracedCostVsUntraced: untraced.claimsPerSec / traced.claimsPerSec,
  tracedCostVsDecimalPath: decimalPath.claimsPerSec / traced.claimsPerSec,
  untracedVsIntegerFen: untraced.claimsPerSec / fen.claimsPerSec,
  loadCompileMs: load2,
};
const md = `# minsheng-rules on the benchmark workload

${report.markdown}

## Ratios for minsheng-rules (same run)

| measure | value | target |
|---|---:|---|
| untraced (fast path) vs hand-written decimal.js | ${summary.untracedVsHandDecimal.toFixed(2)}× | ≥ 1.0× (long-term ≥ 12×) |
| decimal.js reference path vs hand-written decimal.js | ${summary.decimalPathVsHandDecimal.toFixed(2)}× | — |
| traced cost vs untraced fast path | ${summary.tracedCostVsUntraced.toFixed(1)}× | ≤ 3× |
| traced cost vs untraced decimal path | ${summary.tracedCostVsDecimalPath.toFixed(1)}× | — |
| untraced vs hand-written integer fen | 1/${(1 / summary.untracedVsIntegerFen).toFixed(1)} | within 10× (long-term) |
| load + compile, first in the process (cold) | ${load2.coldMs.toFixed(1)} ms | < 20 ms |
| load + compile, warm (median of 5) | ${load2.warmMedianMs.toFixed(1)} ms | < 20 ms |
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'settlement.md'), md);
writeFileSync(join(here, 'results', 'settlement.json'), `${JSON.stringify({ summary, rows: report.rows, environment: report.environment }, null, 2)}\n`);
console.log(md);
