#!/usr/bin/env node
/**
 * Where an untraced evaluation of the benchmark workload spends its time: the parts of `program.evaluate` timed
 * as cumulative prefixes on the same 10,000 claims, next to the hand-written integer-fen peer (strings out).
 *
 *   npx tsup && node bench/split.bench.mjs [dist/index.js] [--rounds 9]
 *
 * It reaches into the compiled program's internals (its fast path, plan and frame: not public API, so it follows
 * the build it is given and may need updating when they change). Each part runs the steps before it again:
 *   - convert            the input object converted for the fast path (validation included)
 *   - convert + rules    then the plan's rules run on the program's frame
 *   - … + outputs        then the outputs object built and its money printed (the last outputs kept, as evaluate does)
 *   - evaluate           the whole call: options checked, day, plan, frame, result and provenance
 * The differences between consecutive rows are the parts' costs; minimum and median of the rounds, ns per claim.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, timedRounds } from './harness.mjs';
import { settleFen } from './peers/fen.mjs';
import { generateClaims } from './workload/generate.mjs';

const dist = process.argv.slice(2).find((x) => !x.startsWith('--') && !/^\d+$/.test(x)) ?? 'dist/index.js';
const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 9;
const { compile, loadRuleset } = await import(pathToFileURL(resolve(dist)).href);

const program = compile(await loadRuleset(resolve('rulesets/bench/settlement.yaml'), { noBundled: true }));
const claims = generateClaims(10_000);
const options = { date: '2025-06-01' };
const fast = program.fast;
const plan = program.fullPlan;
if (!fast || !plan) throw new Error(`${dist}: no fast path or plan where this script looks for them (internals changed?)`);
// The outputs builder evaluate passes to runFast (module-internal): caught on one call.
let outputsOf;
{
  const runFast = program.runFast;
  program.runFast = function (f, frame, p, day, builder) {
    outputsOf = builder;
    return runFast.call(this, f, frame, p, day, builder);
  };
  program.evaluate(claims[0], options);
  delete program.runFast;
}
const frame = program.spareFrame;
const day = program.dayOf(undefined, options);
const params = fast.paramsAt(day);
const into = frame.inputs;
const { rules } = fast;
const { steps } = plan;
const values = frame.values;
if (typeof outputsOf !== 'function' || !frame) throw new Error(`${dist}: internals changed`);

let sink = 0;
const runRules = (claim) => {
  fast.convert(claim, into);
  frame.reuse(into, day, params);
  for (let k = 0; k < steps.length; k++) values[steps[k]] = rules[steps[k]](frame);
};
const parts = {
  'hand-written integer fen (strings)': () => {
    for (const c of claims) sink += settleFen(c).basicPaid.length;
  },
  convert: () => {
    for (const c of claims) sink += fast.convert(c, into) === null ? 1 : 0;
  },
  'convert + rules': () => {
    for (const c of claims) {
      runRules(c);
      sink += values[steps[0]] === undefined ? 1 : 0;
    }
  },
  'convert + rules + outputs': () => {
    for (const c of claims) {
      runRules(c);
      sink += outputsOf(fast, plan, values).basicPaid.length;
    }
  },
  evaluate: () => {
    for (const c of claims) sink += program.evaluate(c, options).outputs.basicPaid.length;
  },
};

const times = timedRounds(parts, { rounds: ROUNDS, units: claims.length, minMs: 200 });
console.log(`${dist}: ns per claim over ${claims.length.toLocaleString('en')} claims, ${ROUNDS} rounds (checksum ${sink % 997})`);
let before = 0;
for (const [name, xs] of Object.entries(times)) {
  const min = Math.min(...xs);
  const mid = median(xs);
  const part = name.startsWith('hand-written') ? '' : `  (+${(min - before).toFixed(0)})`;
  if (!name.startsWith('hand-written')) before = min;
  console.log(`${name.padEnd(36)} min ${min.toFixed(0).padStart(5)}  median ${mid.toFixed(0).padStart(5)}${part}`);
}
