/**
 * Soundness of the static analysis, by property: whatever the analysis says, the real engine agrees.
 *
 * - Random, well-typed rulesets (formulas over money, rates, integers, enums, booleans, lists, dates, tables,
 *   bands, rules reading rules) evaluated on random inputs: every rule's value lies inside its computed
 *   interval, a condition reported never true is never true (the `then` branch is never taken, the rule is
 *   never true), one reported always true is never false, a constant output is that constant.
 * - The bundled rulesets on random inputs: every rule's value lies inside its interval for the period.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, type Program } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { loadRuleset } from '../../src/node/load';
import { isMinshengError, type Issue } from '../../src/errors';
import { formatDate, parseDate } from '../../src/period/date';
import { Decimal } from '../../src/money/decimal';
import { periods, ruleValues, type AV } from '../../src/analyze';
import type { InputDecl } from '../../src/ruleset/schema';
import type { ResolvedRuleset } from '../../src/ruleset/resolved';
import { contains, evaluateAll, internals } from './harness';

const RUNS = Number(process.env['ANALYSIS_RUNS'] ?? 300);

// ───────────────────────────── random well-typed formulas ─────────────────────────────

const money = fc.integer({ min: 0, max: 2_000_000 }).map((fen) => (fen / 100).toFixed(2));
const rateText = fc.integer({ min: 0, max: 100 }).map((n) => String(n / 100));

/** Money expressions; `rules` are money rules already defined. */
function moneyExpr(depth: number, rules: readonly string[], inItem: boolean): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [
    fc.constantFrom('a', 'b', 'p', 't[k]', 'c.x'),
    // Money literals, written so that they are money wherever they appear (a bare 100 times a rate is a rate).
    fc.constantFrom('0', '100', '2500.5', '17000').map((n) => `(b * 0 + ${n})`),
    ...(rules.length > 0 ? [fc.constantFrom(...rules)] : []),
    ...(inItem ? [fc.constant('it.amt')] : []),
  ];
  if (depth <= 0) return fc.oneof(...leaves);
  const m = () => moneyExpr(depth - 1, rules, inItem);
  return fc.oneof(
    { weight: 4, arbitrary: fc.oneof(...leaves) },
    fc.tuple(m(), fc.constantFrom('+', '-'), m()).map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc.tuple(m(), rateExpr(depth - 1)).map(([x, r]) => `(${x} * ${r})`),
    fc.tuple(m(), fc.constantFrom('n', 'm', '2', '0.5', '-1')).map(([x, d]) => `(${x} * ${d})`),
    fc.tuple(m(), fc.constantFrom('n', '3', 'm')).map(([x, d]) => `(${x} / ${d})`),
    fc.tuple(m(), fc.integer({ min: 0, max: 2 }), fc.constantFrom('half-up', 'down', 'ceiling', 'floor', 'half-even')).map(([x, p, mode]) => `round(${x}, ${p}, '${mode}')`),
    fc.tuple(fc.constantFrom('min', 'max'), m(), m()).map(([f, x, y]) => `${f}(${x}, ${y})`),
    m().map((x) => `abs(${x})`),
    fc.tuple(m(), m(), m()).map(([x, lo, hi]) => `clamp(${x}, min(${lo}, ${hi}), max(${lo}, ${hi}))`),
    fc.tuple(cond(depth - 1, rules, inItem), m(), m()).map(([c, x, y]) => `(if ${c} then ${x} else ${y})`),
    m().map((x) => `scale(${x}, bands)`),
    ...(inItem ? [] : [fc.constant('sum(items, it.amt)'), moneyExpr(depth - 1, rules, true).map((x) => `sum(items, ${x})`)]),
  );
}

function rateExpr(depth: number): fc.Arbitrary<string> {
  const leaves = fc.constantFrom('r', 'q', '60%', '5%', '1');
  if (depth <= 0) return leaves;
  return fc.oneof({ weight: 3, arbitrary: leaves }, fc.tuple(rateExpr(depth - 1), rateExpr(depth - 1)).map(([x, y]) => `min(${x}, ${y})`), fc.tuple(rateExpr(depth - 1), rateExpr(depth - 1)).map(([x, y]) => `(${x} + ${y})`));
}

function cond(depth: number, rules: readonly string[], inItem: boolean): fc.Arbitrary<string> {
  const m = () => moneyExpr(Math.max(0, depth - 1), rules, inItem);
  const op = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
  const atoms: fc.Arbitrary<string>[] = [
    fc.tuple(m(), op, m()).map(([x, o, y]) => `${x} ${o} ${y}`),
    fc.tuple(rateExpr(0), op, rateExpr(0)).map(([x, o, y]) => `${x} ${o} ${y}`),
    fc.tuple(fc.constantFrom('n', 'm', 'n * 2', 'n - m', 'age(d)', 'count(items)', 'year(d)'), op, fc.constantFrom('0', '3', '10', 'n', '1.5', 'm')).map(([x, o, y]) => `${x} ${o} ${y}`),
    fc.constantFrom("k == 'x'", "k != 'y'", "k in ['x', 'y']", "k not in ['z']", 'flag', 'switch', 'not flag', "exists(items, it.cls == 'A')", "every(items, it.amt > 10)", 'd < date(\'2000-01-01\')', 'daysBetween(d, evaluationDate) > 365'),
    ...(inItem ? [fc.constantFrom("it.cls == 'B'", 'it.amt >= a')] : []),
  ];
  if (depth <= 0) return fc.oneof(...atoms);
  const c = () => cond(depth - 1, rules, inItem);
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...atoms) },
    fc.tuple(c(), fc.constantFrom('and', 'or'), c()).map(([x, o, y]) => `(${x} ${o} ${y})`),
    c().map((x) => `not (${x})`),
    fc.tuple(c(), c(), c()).map(([t, x, y]) => `(if ${t} then ${x} else ${y})`),
  );
}

/** Four rules: two money rules, a condition, and a rule reading the others. */
const randomRules = fc.tuple(moneyExpr(3, [], false), moneyExpr(3, ['m1'], false), cond(3, ['m1', 'm2'], false), cond(2, ['m1', 'm2'], false), moneyExpr(2, ['m1', 'm2'], false)).map(([m1, m2, c1, c2, m3]) => ({
  m1,
  m2,
  c1,
  c2: `(${c2}) and c1 or not c1`,
  m3: `if c1 then ${m3} else m2`,
}));

const randomParams = fc.record({
  p: money,
  p2026: money,
  q: rateText,
  m: fc.integer({ min: -300, max: 300 }).map((n) => String(n / 100)),
  tx: money,
  ty: money,
  switch: fc.boolean(),
  bands: fc.uniqueArray(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 3 }).chain((aboves) =>
    fc.tuple(...aboves.sort((x, y) => x - y).map((above) => rateText.map((rate) => ({ above, rate: Number(rate) })))),
  ),
});

type Params = typeof randomParams extends fc.Arbitrary<infer T> ? T : never;

function rulesetText(rules: Record<string, string>, params: Params): string {
  return JSON.stringify({
    id: 'test/analysis-random',
    jurisdiction: 'CN',
    version: '1.0.0',
    label: { zh: '随机', en: 'Random' },
    validity: { from: '2025-01-01' },
    inputs: {
      a: { type: 'money' },
      b: { type: 'money' },
      n: { type: 'integer', min: 0, max: 20 },
      r: { type: 'rate' },
      k: { type: 'enum', of: ['x', 'y', 'z'] },
      flag: { type: 'boolean' },
      d: { type: 'date' },
      c: { type: 'record', fields: { x: { type: 'money', default: 0 } } },
      items: { type: 'list', items: { type: 'record', fields: { amt: { type: 'money' }, cls: { type: 'enum', of: ['A', 'B'] } } } },
    },
    parameters: {
      // Two periods: the findings of each hold in that period only (and the analysis reuses what did not change).
      p: { type: 'money', values: [{ from: '2025-01-01', value: params.p }, { from: '2026-01-01', value: params.p2026 }] },
      q: { type: 'rate', values: [{ from: '2025-01-01', value: params.q }] },
      m: { type: 'decimal', values: [{ from: '2025-01-01', value: params.m }] },
      t: { type: 'money', by: 'k', values: [{ from: '2025-01-01', value: { x: params.tx, y: params.ty } }] },
      switch: { type: 'boolean', values: [{ from: '2025-01-01', value: params.switch }] },
      bands: { type: 'scale', values: [{ from: '2025-01-01', value: params.bands }] },
    },
    rules: {
      m1: { type: 'money', formula: rules['m1'] },
      m2: { type: 'money', formula: rules['m2'] },
      c1: { type: 'boolean', formula: rules['c1'] },
      c2: { type: 'boolean', formula: rules['c2'] },
      m3: { type: 'money', formula: rules['m3'] },
    },
  });
}

const randomInput = fc.record({
  a: money,
  b: fc.oneof(money, fc.constant('0.00'), fc.constant('17000.00')),
  n: fc.integer({ min: 0, max: 20 }),
  r: fc.oneof(rateText, fc.constant('1.5')),
  k: fc.constantFrom('x', 'y', 'z'),
  flag: fc.boolean(),
  d: fc.integer({ min: parseDate('1940-01-01'), max: parseDate('2030-12-31') }).map(formatDate),
  c: fc.record({ x: money }),
  items: fc.array(fc.record({ amt: money, cls: fc.constantFrom('A', 'B') }), { maxLength: 3 }),
});

interface Claim {
  readonly rule: string;
  readonly span?: number;
  /** The days the claim is made for (structural: every day). */
  readonly on: (day: number) => boolean;
}

interface Claims {
  readonly never: Claim[];
  readonly always: Claim[];
}

function claimsOf(warnings: readonly Issue[]): Claims {
  const never: Claim[] = [];
  const always: Claim[] = [];
  for (const w of warnings) {
    const rule = w.path?.[0] === 'rules' ? String(w.path[1]) : undefined;
    if (!rule) continue;
    const ranges = w.message.includes('whatever the parameter values')
      ? [[-Infinity, Infinity]]
      : [...w.message.matchAll(/from (\d{4}-\d{2}-\d{2})(?: to (\d{4}-\d{2}-\d{2}))?/g)].map((m) => [parseDate(m[1]), m[2] ? parseDate(m[2]) : Infinity]);
    const at: Claim = { rule, ...(w.span ? { span: w.span.start } : {}), on: (day) => ranges.some(([a, b]) => day >= a! && day <= b!) };
    if (w.code === 'analysis/never-true' || w.code === 'analysis/band-overlap') never.push(at);
    if (w.code === 'analysis/always-true') always.push(at);
  }
  return { never, always };
}

function compiled(text: string): Program {
  return compile(parseRuleset(text, { file: 'random.json', format: 'json' }));
}

describe('soundness of the analysis on random rulesets', () => {
  it(`values lie in their intervals and reported conditions hold (${RUNS} rulesets × 20 inputs × 2 periods)`, () => {
    let claims = 0;
    let evaluations = 0;
    const started = performance.now();
    fc.assert(
      fc.property(randomRules, randomParams, fc.array(randomInput, { minLength: 20, maxLength: 20 }), (rules, params, inputs) => {
        const program = compiled(rulesetText(rules, params));
        const { rules: compiledRules, timelines } = internals(program);
        const { never, always } = claimsOf(program.warnings);
        claims += never.length + always.length;
        for (const date of ['2025-06-01', '2026-06-01']) {
          const day = parseDate(date);
          const period = periods(program.ruleset, timelines).find((p) => p.from <= day && day <= p.to);
          const intervals = ruleValues({ resolved: program.ruleset, rules: compiledRules, timelines }, period);
          for (const input of inputs) {
            const { values, branches } = evaluateAll(program, input, day);
            evaluations++;
            for (const [name, value] of values) {
              const av = intervals.get(name)!;
              if (!contains(av, value)) throw new Error(`rule ${name} = ${String(value)} is outside ${JSON.stringify(av)} on ${date}\nformula: ${program.ruleset.rules[name]!.formula}`);
            }
            for (const c of never.filter((x) => x.on(day))) {
              if (c.span === undefined) expect(values.get(c.rule), `rule ${c.rule} reported never true`).not.toBe(true);
              else expect(branches.get(c.rule)?.get(c.span)?.has(true) ?? false, `condition at ${c.span} of ${c.rule} reported never true`).toBe(false);
            }
            for (const c of always.filter((x) => x.on(day))) {
              if (c.span === undefined) expect(values.get(c.rule), `rule ${c.rule} reported always true`).not.toBe(false);
              else expect(branches.get(c.rule)?.get(c.span)?.has(false) ?? false, `condition at ${c.span} of ${c.rule} reported always true`).toBe(false);
            }
            for (const w of program.warnings.filter((x) => x.code === 'analysis/constant-output')) {
              const rule = String(w.path![1]);
              const v = values.get(rule);
              if (v instanceof Decimal) expect(w.message).toContain(`always ${v.toString()} `);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    const ms = performance.now() - started;
    console.log(`analysis soundness: ${RUNS} random rulesets, ${evaluations} evaluations, ${claims} never/always-true claims checked, ${ms.toFixed(0)} ms`);
  }, 600_000);
});

// ───────────────────────────── the bundled rulesets ─────────────────────────────

function inputArbitrary(decl: InputDecl, depth = 0): fc.Arbitrary<unknown> {
  const base = ((): fc.Arbitrary<unknown> => {
    switch (decl.type) {
      case 'money':
        return fc.oneof(fc.integer({ min: 0, max: 50_000_000 }).map((fen) => (fen / 100).toFixed(2)), fc.constantFrom('0.00', '500.00', '17000.00'));
      case 'rate':
        return rateText;
      case 'decimal':
        return fc.integer({ min: -1000, max: 100_000 }).map((n) => String(n / 100));
      case 'integer': {
        const lo = decl.min !== undefined ? Number(decl.min) : 0;
        const hi = decl.max !== undefined ? Number(decl.max) : lo + 12;
        return fc.integer({ min: lo, max: hi });
      }
      case 'boolean':
        return fc.boolean();
      case 'date':
        return fc.integer({ min: parseDate('1930-01-01'), max: parseDate('2026-12-31') }).map(formatDate);
      case 'enum':
        return fc.constantFrom(...decl.of);
      case 'record':
        return fc.record(Object.fromEntries(Object.entries(decl.fields).map(([k, d]) => [k, inputArbitrary(d, depth + 1)])));
      case 'list':
        return fc.array(inputArbitrary(decl.items, depth + 1), { maxLength: depth > 0 ? 2 : 4 });
    }
  })();
  return decl.optional || decl.default !== undefined ? fc.option(base, { nil: undefined }) : base;
}

function inputsOf(resolved: ResolvedRuleset): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(Object.entries(resolved.inputs).map(([k, d]) => [k, inputArbitrary(d)]))).map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return out;
  });
}

describe('soundness of the analysis on the bundled rulesets', () => {
  it.each([
    ['cn/medical/nanchang', '2025-06-01'],
    ['cn/medical/shanghai', '2024-06-01'],
    ['cn/medical/gansu', '2025-06-01'],
    ['cn/assistance/nanchang', '2025-06-01'],
    ['cn/assistance/shanghai', '2022-03-01'],
    ['cn/entitlements/national', '2025-06-01'],
  ])('%s: every rule value lies in its interval', async (id, date) => {
    const program = compile(await loadRuleset(id));
    const { rules, timelines } = internals(program);
    const day = parseDate(date);
    const period = periods(program.ruleset, timelines).find((p) => p.from <= day && day <= p.to)!;
    const intervals: ReadonlyMap<string, AV> = ruleValues({ resolved: program.ruleset, rules, timelines }, period);
    let evaluated = 0;
    fc.assert(
      fc.property(inputsOf(program.ruleset), (input) => {
        let result;
        try {
          result = evaluateAll(program, input, day);
        } catch (error) {
          if (isMinshengError(error)) return; // an input the ruleset refuses
          throw error;
        }
        evaluated++;
        for (const [name, value] of result.values) {
          if (!contains(intervals.get(name)!, value)) throw new Error(`${id}: rule ${name} = ${String(value)} is outside ${JSON.stringify(intervals.get(name))}`);
        }
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 2)) },
    );
    expect(evaluated).toBeGreaterThan(10);
  }, 300_000);
});
