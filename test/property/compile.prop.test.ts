/**
 * Random formulas either compile or give a located MinshengError — never a crash; evaluation of what
 * compiles is deterministic and fails only with MinshengError. The ruleset they live in is one the fast
 * path accepts (no rate or decimal inputs), so what compiles is also a differential test of the fixed-point
 * fast path against the decimal.js path — and the tests count how often the fast path really ran.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, type Program } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { MinshengError } from '../../src/errors';

const tokens = [
  'cost', 'share', 'level', 'born', 'flag', 'items', 'it.amount', 'it.kind', 'table[level]', 'bands', 'rate', 'other', 'n',
  '0', '1', '2.5', '60%', "'a'", "'b'", "'zz'", 'true', 'false', "date('2025-01-01')", 'evaluationDate',
  '+', '-', '*', '/', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'not', 'in', 'if', 'then', 'else',
  '(', ')', '[', ']', ',', 'min(', 'max(', 'round(', 'abs(', 'clamp(', 'scale(', 'sum(', 'count(', 'exists(', 'every(',
  'age(', 'daysBetween(', 'monthsBetween(', 'yearsBetween(', 'addDays(', 'addMonths(', 'startOfYear(', 'endOfYear(', 'year(', 'month(',
];

/**
 * Every input is of a kind the fast path models (money, integer, enum, date, boolean, list of records);
 * the rates (`share`, `rate`) are parameters, which it models too.
 */
function rulesetWith(formula: string, type: string, coarseRates = false): string {
  return JSON.stringify({
    id: 'test/random',
    jurisdiction: 'CN',
    version: '1.0.0',
    label: { zh: '随机', en: 'Random' },
    sources: [{ id: 'src', title: 'Test', issuer: 'tests', status: 'inferred' }],
    inputs: {
      cost: { type: 'money' },
      n: { type: 'integer', default: 0 },
      level: { type: 'enum', of: ['a', 'b'] },
      born: { type: 'date' },
      flag: { type: 'boolean' },
      items: { type: 'list', items: { type: 'record', fields: { amount: { type: 'money' }, kind: { type: 'enum', of: ['a', 'b'] }, on: { type: 'date', default: '2025-01-01' } } } },
    },
    parameters: {
      table: { type: 'money', by: 'level', values: [{ from: '2025-01-01', value: { a: 1, b: 2 }, source: 'src' }] },
      bands: { type: 'scale', values: [{ from: '2025-01-01', value: [{ above: 10, rate: 0.5 }, { above: 100, rate: 0.7 }], source: 'src' }] },
      rate: { type: 'rate', values: [{ from: '2025-01-01', value: 0.3, source: 'src' }, { from: '2025-07-01', value: coarseRates ? 0.5 : 0.125, source: 'src' }] },
      share: { type: 'rate', values: [{ from: '2025-01-01', value: coarseRates ? 0.5 : 0.25, source: 'src' }] },
    },
    rules: { other: { type: 'money', formula: 'cost * 2', source: 'src' }, r: { type, formula, source: 'src' } },
  });
}

const input = { cost: '100.50', n: -3, level: 'b', born: '1990-05-20', flag: true, items: [{ amount: 3, kind: 'a' }, { amount: '7.25', kind: 'b', on: '2024-02-29' }] };

/** Random inputs of the declared kinds, mostly in the fast path's range; a few hand over on purpose. */
const inputs = fc.record({
  cost: fc.oneof(
    fc.integer({ min: 0, max: 10_000_000 }).map((fen) => fen / 100),
    fc.integer({ min: 0, max: 10_000_000 }).map((fen) => (fen / 100).toFixed(2)),
    fc.integer({ min: 0, max: 10_000_000 }).map((fen) => String(fen / 100)),
    fc.constantFrom('0', '10', '100', '100.01', '9.99'),
  ),
  n: fc.oneof(fc.integer({ min: -400, max: 400 }), fc.constantFrom(0, -1, 1, 12, -12)),
  level: fc.constantFrom('a', 'b'),
  born: fc.integer({ min: 0, max: 365 * 80 }).map((d) => new Date(Date.UTC(1944, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  flag: fc.boolean(),
  items: fc.array(
    fc.record({
      amount: fc.integer({ min: 0, max: 100_000 }).map((fen) => fen / 100),
      kind: fc.constantFrom('a', 'b'),
      on: fc.constantFrom('2024-02-29', '2025-01-31', '2025-12-31'),
    }),
    { maxLength: 4 },
  ),
});
/** Evaluation dates on both sides of the rate change (2025-07-01), 29 Feb 2028 and year ends. */
const dates = fc.oneof(
  fc.integer({ min: 0, max: 1200 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  fc.constantFrom('2025-06-30', '2025-07-01', '2025-12-31', '2028-02-29'),
);

/**
 * −0 and 0 are the same number to a caller (JSON prints both as 0), but the two paths do not always agree
 * on the sign of an integer zero: see 'known discrepancies' in test/engine/fast-path.differential.test.ts.
 */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value instanceof Error) return value;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  return value;
}

/** Evaluates on both programs, untraced and traced; asserts the same outcome; returns how many ran on the fast path. */
function compareOn(program: Program, reference: Program, raw: unknown, date: string): { fastRuns: number; successes: number } {
  let fastRuns = 0;
  let successes = 0;
  for (const trace of [false, true]) {
    const before = program.diagnostics().fastEvaluations;
    const a = program.safeEvaluate(raw, { date, trace });
    fastRuns += program.diagnostics().fastEvaluations - before;
    const b = reference.safeEvaluate(raw, { date, trace });
    expect(withoutNegativeZero(a)).toEqual(withoutNegativeZero(b));
    if (b.success) successes++;
  }
  return { fastRuns, successes };
}

describe('compiling random formulas', () => {
  it('either compiles or reports located MinshengErrors; what compiles evaluates the same on the fast and decimal paths', () => {
    const soup = fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 14 }).map((t) => t.join(' '));
    // Shaped formulas: mostly well-formed, often well-typed, so evaluation is exercised too.
    const { shaped } = fc.letrec((tie) => ({
      shaped: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 5 },
        fc.constantFrom('cost', 'other', 'table[level]', '0', '2.5', '60%', 'share', 'rate', 'n', 'scale(cost, bands)', 'sum(items, it.amount)', "count(items, it.kind == 'a')", 'age(born)'),
        fc.tuple(tie('shaped'), fc.constantFrom('+', '-', '*', '+', '-', '*', '/'), tie('shaped')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom('min', 'max'), tie('shaped'), tie('shaped')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('shaped'), tie('shaped'), tie('shaped')).map(([a, b, c]) => `clamp(${a}, ${b}, ${c})`),
        tie('shaped').map((a) => `abs(${a})`),
        tie('shaped').map((a) => `-${a}`),
        fc.tuple(tie('shaped'), fc.constantFrom(0, 1, 2), fc.constantFrom("'half-up'", "'half-even'", "'half-down'", "'down'", "'up'", "'floor'", "'ceiling'")).map(([a, p, m]) => `round(${a}, ${p}, ${m})`),
        fc.tuple(fc.constantFrom('cost > 50', 'flag', "level == 'a'", 'age(born) >= 35', "level in ['a']", 'n < 0', 'evaluationDate >= date(\'2025-07-01\')', "every(items, it.kind != 'b')"), tie('shaped'), tie('shaped')).map(([c, a, b]) => `if ${c} then ${a} else ${b}`),
      ),
    }));
    const formula = fc.oneof(soup, shaped);
    const type = fc.constantFrom('money', 'rate', 'decimal', 'integer', 'boolean', 'date');
    let compiled = 0;
    let withFastPath = 0;
    let successes = 0;
    let fastRuns = 0;
    fc.assert(
      fc.property(formula, type, (f, t) => {
        let program;
        let reference;
        try {
          const resolved = parseRuleset(rulesetWith(f, t), { file: 'random.json' });
          program = compile(resolved);
          reference = compile(resolved, { fastPath: false });
        } catch (error) {
          expect(error).toBeInstanceOf(MinshengError);
          const issue = (error as MinshengError).issues[0]!;
          expect(issue.path).toBeDefined();
          if (issue.code.startsWith('expr/') && issue.code !== 'expr/cycle') expect(issue.span).toBeDefined();
          return;
        }
        compiled++;
        if (program.diagnostics().fastPath) withFastPath++;
        else expect(program.diagnostics().whyNoFastPath).toMatch(/quotient|12 decimals/);
        // Fast path (when the formula fits it) and decimal path agree, untraced and traced, error or not.
        const runs = compareOn(program, reference, input, '2025-06-01');
        fastRuns += runs.fastRuns;
        successes += runs.successes;
      }),
      { numRuns: 4000 },
    );
    // The generator must produce a useful share of well-typed formulas, or the test proves little.
    expect(compiled).toBeGreaterThan(200);
    // Only an unrounded composite quotient, a quotient inside min/max or a branch (or more than 12 decimals)
    // keeps the fast path out of these rulesets…
    expect(withFastPath / compiled).toBeGreaterThan(0.85);
    // …and most evaluations that give a result were computed by it (the rest overflowed or erred).
    // Observed: about 95% of compiled formulas have a fast path, which computes 95–98% of the results.
    expect(fastRuns / successes).toBeGreaterThan(0.85);
    console.log(`random formulas: ${compiled} compiled, ${withFastPath} with a fast path; fast path computed ${fastRuns} of ${successes} successful evaluations (${((100 * fastRuns) / successes).toFixed(1)}%)`);
  });

  it('random well-typed formulas on random inputs: the fast path runs and agrees with the decimal path', () => {
    // Typed generators: every formula type-checks, so every run is a differential run. Quotients are
    // rounded or compared (as the bundled rulesets use them), so the ruleset keeps its fast path, and every
    // input the fast path does not hand over (a zero divisor, an overflow) is compared.
    const { money, int, num, bool, date } = fc.letrec((tie) => ({
      money: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
        fc.constantFrom('cost', 'other', 'table[level]', 'scale(cost, bands)', 'sum(items, it.amount)'),
        fc.tuple(tie('money'), fc.constantFrom('+', '-'), tie('money')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(tie('money'), tie('num')).map(([a, b]) => `(${a} * ${b})`),
        fc.tuple(fc.constantFrom('min', 'max'), tie('money'), tie('money')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        // Bounds the wrong way round are an eval/domain error on both paths (the fast path hands it over).
        fc.tuple(tie('money'), tie('money'), tie('money')).map(([a, b, c]) => `clamp(${a}, ${b}, ${c})`),
        tie('money').map((a) => `abs(${a})`),
        tie('money').map((a) => `-${a}`),
        fc.tuple(tie('money'), fc.constantFrom(0, 1, 2), fc.constantFrom('half-up', 'half-even', 'half-down', 'up', 'down', 'ceiling', 'floor')).map(([a, p, m]) => `round(${a}, ${p}, '${m}')`),
        fc.tuple(tie('bool'), tie('money'), tie('money')).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
        tie('bool').map((c) => `sum(items, if ${c} then it.amount else 0)`),
        fc.tuple(tie('money'), tie('money'), fc.constantFrom('3', '7', '12', 'n', 'rate', '0.3'), fc.constantFrom(0, 1, 2), fc.constantFrom('half-up', 'half-even', 'down', 'ceiling', 'floor'))
          .map(([a, b, k, p, m]) => `round((${a} + ${b} / ${k}) * rate / ${k}, ${p}, '${m}')`),
      ),
      int: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
        fc.constantFrom('n', '0', '1', '7', 'count(items)', "count(items, it.kind == 'a')", 'age(born)', 'year(born)', 'month(evaluationDate)'),
        fc.tuple(tie('date'), tie('date'), fc.constantFrom('daysBetween', 'monthsBetween', 'yearsBetween')).map(([a, b, f]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('int'), fc.constantFrom('+', '-', '*'), tie('int')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom('min', 'max'), tie('int'), tie('int'), tie('int')).map(([f, a, b, c]) => `${f}(${a}, ${b}, ${c})`),
        tie('int').map((a) => `abs(${a})`),
        tie('int').map((a) => `-${a}`),
        fc.tuple(tie('int'), fc.constantFrom('0.5', '0.25', '0.001'), fc.constantFrom('half-up', 'half-even', 'half-down', 'up', 'down', 'ceiling', 'floor')).map(([a, k, m]) => `round(${a} * ${k}, 0, '${m}')`),
      ),
      num: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
        fc.constantFrom('rate', 'share', '60%', '0.5', '2.5', '0.125', 'n'),
        fc.tuple(tie('num'), fc.constantFrom('+', '-', '*'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(tie('num'), fc.constantFrom(0, 1, 2, 3)).map(([a, p]) => `round(${a}, ${p}, 'half-even')`),
        tie('int').map((a) => `(${a} * 0.5)`),
      ),
      bool: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
        fc.constantFrom('flag', "level == 'a'", "level in ['a']", "level not in ['a']", "exists(items, it.kind == 'b')", "every(items, it.amount > 1)", 'true'),
        fc.tuple(tie('money'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('money')).map(([a, op, b]) => `${a} ${op} ${b}`),
        fc.tuple(tie('money'), fc.constantFrom('<', '<=', '==', '!='), tie('money'), fc.constantFrom('3', 'n', '12')).map(([a, op, b, k]) => `${a} / ${k} ${op} ${b}`),
        fc.tuple(tie('int'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('int')).map(([a, op, b]) => `${a} ${op} ${b}`),
        fc.tuple(tie('date'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('date')).map(([a, op, b]) => `${a} ${op} ${b}`),
        fc.tuple(tie('int'), fc.array(fc.integer({ min: -3, max: 12 }), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([a, xs, not]) => `${a} ${not ? 'not in' : 'in'} [${xs.join(', ')}]`),
        fc.tuple(tie('bool'), fc.constantFrom('and', 'or'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('bool').map((a) => `not (${a})`),
      ),
      date: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
        fc.constantFrom('born', 'evaluationDate', "date('2024-02-29')", "date('2025-12-31')"),
        fc.tuple(fc.constantFrom('startOfYear', 'endOfYear'), tie('date')).map(([f, d]) => `${f}(${d})`),
        fc.tuple(fc.constantFrom('addDays', 'addMonths'), tie('date'), fc.constantFrom('n', '1', '-1', '12', 'count(items)')).map(([f, d, k]) => `${f}(${d}, ${k})`),
        fc.tuple(tie('bool'), tie('date'), tie('date')).map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
      ),
    }));
    const typed = fc.oneof(
      money.map((f) => ['money', f] as const),
      int.map((f) => ['integer', f] as const),
      num.map((f) => ['decimal', f] as const),
      bool.map((f) => ['boolean', f] as const),
      date.map((f) => ['date', f] as const),
    );
    let runs = 0;
    let successes = 0;
    let fastRuns = 0;
    let tooManyDecimals = 0;
    fc.assert(
      fc.property(typed, fc.array(fc.tuple(inputs, dates), { minLength: 1, maxLength: 3 }), ([t, f], cases) => {
        const resolved = parseRuleset(rulesetWith(f, t), { file: 'typed.json' });
        const program = compile(resolved);
        const reference = compile(resolved, { fastPath: false });
        if (!program.diagnostics().fastPath) {
          // A product of many rates can need more than the 12 decimals the fast path models (then it is not built,
          // and the decimal path answers). That must be the only reason: with one-decimal rates it is built.
          const coarse = compile(parseRuleset(rulesetWith(f, t, true), { file: 'typed.json' }));
          expect(coarse.diagnostics().fastPath, `${f}: ${program.diagnostics().whyNoFastPath}`).toBe(true);
          tooManyDecimals++;
          return;
        }
        for (const [raw, date] of cases) {
          const r = compareOn(program, reference, raw, date);
          runs += 2;
          successes += r.successes;
          fastRuns += r.fastRuns;
        }
      }),
      { numRuns: 1500 },
    );
    // Evaluations that fail (an age before birth, a date out of range) hand over, like those that overflow;
    // the fast path must still have computed most evaluations that give a result.
    console.log(`typed random formulas: fast path computed ${fastRuns} of ${successes} successful evaluations (${((100 * fastRuns) / successes).toFixed(1)}%), ${runs} evaluations in all`);
    // Observed: 100% (the inputs stay within the safe integers).
    expect(fastRuns / successes).toBeGreaterThan(0.9);
    // Formulas beyond 12 decimals are rare (deep products of rates): observed 0–2 in 1,500.
    expect(tooManyDecimals).toBeLessThan(30);
  });

  it('rejects a formula nested beyond the limit with expr/limit, not a stack overflow', () => {
    const deep = `${'('.repeat(5000)}cost${')'.repeat(5000)}`;
    expect(() => compile(parseRuleset(rulesetWith(deep, 'money'), { file: 'deep.json' }))).toThrow(MinshengError);
  });

  it('compiles a long chain of 1,500 rules without recursion trouble', () => {
    const rules: Record<string, unknown> = { r0: { type: 'money', formula: 'cost', source: 'src' } };
    for (let i = 1; i < 1500; i++) rules[`r${i}`] = { type: 'money', formula: `r${i - 1} + 1`, source: 'src' };
    const file = JSON.parse(rulesetWith('cost', 'money')) as { rules: unknown };
    file.rules = rules;
    const program = compile(parseRuleset(JSON.stringify(file), { file: 'chain.json' }));
    expect(program.evaluate(input, { date: '2025-06-01', outputs: ['r1499'] }).outputs).toEqual({ r1499: '1599.50' });
    expect(program.diagnostics()).toMatchObject({ fastPath: true, fastEvaluations: 1, fallbacks: 0 });
  });
});
