#!/usr/bin/env node
/**
 * A/B: the untraced (and traced) evaluation of the benchmark workload by two builds of the library in one
 * process, interleaved rounds, medians — to check that a change does not slow evaluation.
 *
 *   git worktree add /tmp/old <commit> && (cd /tmp/old && ln -s "$PWD/node_modules" node_modules && npx tsup)
 *   node --expose-gc bench/ab.bench.mjs /tmp/old/dist/index.js dist/index.js [--claims 10000] [--rounds 15] [--programs 3] [--with-peers]
 *
 * `--programs N` compiles the ruleset N times per build (each from its own load, as the settlement bench's rows
 * do), runs each once over the claims, then times the first untraced and the last traced: what a process that
 * holds several programs of one ruleset sees.
 *
 * `--with-peers` runs the hand-written decimal.js peer (3,000 claims) and json-rules-engine (300 claims) before
 * every timed round instead of a full GC, as the settlement bench's other rows do between ours: V8's caches that
 * other code fills and flushes (numbers' texts, above all) then start each round as cold as they do there.
 * Printing a number as text was ~1.7× dearer in such a process than in one that runs only the library.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateClaims } from './workload/generate.mjs';

const [a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
const opt = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const claims = generateClaims(opt('claims', 10_000));
const rounds = opt('rounds', 15);
const RULESET = resolve('rulesets/bench/settlement.yaml');

async function setup(path) {
  const lib = await import(pathToFileURL(resolve(path)).href);
  const date = { date: '2025-06-01' };
  const traced = { date: '2025-06-01', trace: true };
  const programs = [];
  for (let n = 0; n < Math.max(1, opt('programs', 1)); n++) programs.push(lib.compile(await lib.loadRuleset(RULESET, { noBundled: true })));
  if (programs.length > 1) for (const p of programs) for (const c of claims) p.evaluate(c, date);
  const program = programs[0];
  const tracing = programs[programs.length - 1];
  return {
    untraced: () => {
      for (const c of claims) program.evaluate(c, date);
    },
    traced: () => {
      for (const c of claims) tracing.evaluate(c, traced);
    },
    diagnostics: () => program.diagnostics(),
  };
}

const impls = { A: await setup(a), B: await setup(b) };
const withPeers = process.argv.includes('--with-peers');
const peers = withPeers ? await peerRounds() : undefined;

/** One round of other code, as the settlement bench runs between our rows (see `--with-peers`). */
async function peerRounds() {
  const { settleDecimal } = await import('./peers/decimal.mjs');
  const { createJsonRulesEngineSettle } = await import('./peers/json-rules-engine.mjs');
  const engine = await createJsonRulesEngineSettle();
  return async () => {
    for (let i = 0; i < 3000; i++) settleDecimal(claims[i % claims.length]);
    for (let i = 0; i < 300; i++) await engine(claims[i % claims.length]);
  };
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const mode of ['untraced', 'traced']) {
  const times = { A: [], B: [] };
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
      if (peers) await peers();
      else globalThis.gc?.();
      const t0 = performance.now();
      impls[name][mode]();
      times[name].push(performance.now() - t0);
    }
  }
  const mA = median(times.A.slice(2));
  const mB = median(times.B.slice(2));
  const rate = (ms) => Math.round((claims.length / ms) * 1000).toLocaleString('en');
  console.log(`${mode}: A ${rate(mA)} claims/s, B ${rate(mB)} claims/s, B/A = ${(mA / mB).toFixed(3)} (${claims.length} claims, median of ${rounds - 2} rounds${withPeers ? ', peers between rounds' : ''})`);
}
console.log('fast path A', JSON.stringify(impls.A.diagnostics()), 'B', JSON.stringify(impls.B.diagnostics()));
