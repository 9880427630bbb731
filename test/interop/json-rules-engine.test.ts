import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { exportRules, importConditions, importFacts, registerDecimalOperators, type Condition } from '../../src/interop/json-rules-engine';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { loadRuleset } from '../../src/node/load';
import { compile, type Program } from '../../src/engine/program';
import type { ResolvedRuleset } from '../../src/ruleset/resolved';
import { MinshengError } from '../../src/errors';

/** A small ruleset whose inputs cover every kind of fact the interop handles; `decision` is the rule under test. */
function programFor(formula: string): Program {
  const ruleset = {
    id: 'test/interop',
    jurisdiction: 'CN',
    version: '1.0.0',
    label: { zh: '互操作', en: 'Interop' },
    inputs: {
      income: { type: 'money' },
      size: { type: 'integer' },
      area: { type: 'enum', of: ['urban', 'rural'] },
      disabled: { type: 'boolean' },
      household: { type: 'record', fields: { financial: { type: 'money' } } },
      tags: { type: 'list', items: { type: 'enum', of: ['a', 'b', 'c'] } },
    },
    parameters: { limit: { type: 'money', values: [{ from: '2025-01-01', value: '812.50' }] } },
    rules: { decision: { type: 'boolean', formula } },
  };
  return compile(parseRuleset(JSON.stringify(ruleset), { file: 'interop.json', format: 'json' }));
}

function errorOf(fn: () => unknown): { code: string; path: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, path: (e.issues[0]!.path ?? []).join('.') };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('importConditions', () => {
  it('returns formula text for every supported operator', () => {
    const text = importConditions({
      all: [
        { fact: 'income', operator: 'lessThanInclusive', value: '812.50' },
        { fact: 'income', operator: 'greaterThan', value: 0 },
        { fact: 'size', operator: 'lessThan', value: 5 },
        { fact: 'size', operator: 'greaterThanInclusive', value: 1 },
        { fact: 'area', operator: 'equal', value: 'urban' },
        { fact: 'disabled', operator: 'notEqual', value: true },
        { fact: 'size', operator: 'in', value: [1, 2, 3] },
        { fact: 'area', operator: 'notIn', value: ['rural'] },
        { fact: 'tags', operator: 'contains', value: 'a' },
        { fact: 'tags', operator: 'doesNotContain', value: 'c' },
        { fact: 'household', path: '$.financial', operator: 'lessThanInclusive', value: { fact: 'income' } },
      ],
    });
    expect(text).toBe(
      "(income <= 812.50 and income > 0 and size < 5 and size >= 1 and area == 'urban' and disabled != true and size in [1, 2, 3] and area not in ['rural'] " +
        "and exists(tags, it == 'a') and not exists(tags, it == 'c') and household.financial <= income)",
    );
    // it compiles against declared inputs and decides as written: 800 ≤ 812.50, 2 people, urban, tags [a]
    const p = programFor(text);
    const facts = { income: '800', size: 2, area: 'urban', disabled: false, household: { financial: '700' }, tags: ['a'] };
    expect(p.evaluate(facts, { date: '2025-06-01' }).outputs['decision']).toBe(true);
  });

  it('returns any, not and inlined condition references', () => {
    const text = importConditions(
      { any: [{ not: { condition: 'isUrban' } }, { fact: 'size', operator: 'equal', value: 1 }] },
      { conditions: { isUrban: { all: [{ fact: 'area', operator: 'equal', value: 'urban' }] } } },
    );
    expect(text).toBe("(not (area == 'urban') or size == 1)");
  });

  it('returns date literals for date-shaped strings and renamed facts', () => {
    expect(importConditions({ all: [{ fact: 'birth-date', operator: 'lessThan', value: '2022-01-01' }] }, { factNames: { 'birth-date': 'birthDate' } })).toBe("birthDate < date('2022-01-01')");
  });

  it('refuses an unknown operator with the path to it', () => {
    const bad = { all: [{ fact: 'income', operator: 'equal', value: 1 }, { any: [{ fact: 'income', operator: 'regex', value: '^1' }] }] } as Condition;
    const e = errorOf(() => importConditions(bad));
    expect(e).toEqual({ code: 'input/enum', path: 'all.1.any.0.operator' });
  });

  it('refuses unsupported JSONPath, unknown references and cycles', () => {
    expect(errorOf(() => importConditions({ all: [{ fact: 'h', path: '$..x', operator: 'equal', value: 1 }] } as Condition))).toEqual({ code: 'input/invalid', path: 'all.0.path' });
    expect(errorOf(() => importConditions({ condition: 'nope' })).code).toBe('expr/unknown-name');
    expect(errorOf(() => importConditions({ condition: 'a' }, { conditions: { a: { condition: 'b' }, b: { condition: 'a' } } })).code).toBe('expr/cycle');
    expect(errorOf(() => importConditions({ all: [{ fact: 'if', operator: 'equal', value: 1 }] }))).toEqual({ code: 'input/type', path: 'all.0.fact' });
    expect(errorOf(() => importConditions({ all: [{ fact: 'x', operator: 'equal', value: Number.NaN }] })).code).toBe('value/invalid-number');
    // json-rules-engine refuses a bare leaf as the root: so does the import
    expect(errorOf(() => importConditions({ fact: 'x', operator: 'equal', value: 1 }))).toEqual({ code: 'input/type', path: '' });
  });
});

describe('registerDecimalOperators', () => {
  it('returns exact decimal decisions where binary floats would round', async () => {
    const engine = registerDecimalOperators(new Engine());
    engine.addRule({ conditions: { all: [{ fact: 'x', operator: 'decimalEqual', value: '0.3' }] }, event: { type: 'eq' } });
    engine.addRule({ conditions: { all: [{ fact: 'x', operator: 'decimalLessThanInclusive', value: '812.50' }] }, event: { type: 'le' } });
    engine.addRule({ conditions: { all: [{ fact: 'x', operator: 'decimalIn', value: ['0.30', '7'] }] }, event: { type: 'in' } });
    // '0.3' is exactly 0.3; the float sum 0.1 + 0.2 is 0.30000000000000004 and is not
    expect((await engine.run({ x: '0.3' })).events.map((e) => e.type).sort()).toEqual(['eq', 'in', 'le']);
    expect((await engine.run({ x: 0.1 + 0.2 })).events.map((e) => e.type)).toEqual(['le']);
    expect((await engine.run({ x: 'not a number' })).events).toEqual([]);
    expect((await engine.run({ x: '812.51' })).events).toEqual([]);
  });
});

describe('exportRules', () => {
  let gansu: ResolvedRuleset;
  beforeAll(async () => {
    gansu = await loadRuleset('rulesets/cn/assistance/example/gansu.yaml', { noBundled: true, rulesetDirs: ['rulesets/cn/assistance'] });
  });

  it('returns the assistance eligibility tests as json-rules-engine rules', () => {
    const { rules, facts, skipped } = exportRules(gansu, { date: '2025-06-01' });
    const edge = rules.find((r) => r.name === 'edgeIncomeTestPassed')!;
    // the national edge test is strict (低于, issue 15)
    expect(edge.conditions).toEqual({ all: [{ fact: 'perCapitaMonthlyIncome', operator: 'decimalLessThan', value: { fact: 'edgeIncomeCeiling' } }] });
    // parameters are written in with their value in force: the example allows no vehicle
    expect(rules.find((r) => r.name === 'vehicleTestPassed')!.conditions).toEqual({ all: [{ fact: 'assets', path: '$.vehicles', operator: 'decimalLessThanInclusive', value: '0' }] });
    // boolean rules referenced by others are inlined
    const property = rules.find((r) => r.name === 'propertyTestPassed')!.conditions as { all: Condition[] };
    expect(property.all).toHaveLength(3);
    expect(facts).toContain('perCapitaMonthlyIncome');
    expect(skipped.map((s) => s.rule)).toEqual(expect.arrayContaining(['noWorkCapacity', 'rigidIncomeTestPassed']));
  });

  it('returns the same decisions as the engine on the assistance tests', async () => {
    const program = compile(gansu);
    const { rules } = exportRules(gansu, { date: '2025-06-01', rules: ['edgeEligible', 'dibaoIncomeTestPassed', 'propertyTestPassed'] });
    const engine = registerDecimalOperators(new Engine());
    for (const rule of rules) engine.addRule(rule as unknown as RuleProperties);
    const input = { standardArea: 'urban', members: [{ birthDate: '1985-03-10' }, { birthDate: '1987-07-01' }], incomes: [{ kind: 'wages', monthlyAmount: '2016' }] };
    const result = program.evaluate(input, { date: '2025-06-01', trace: true });
    // exact rule values from the trace (not the 2-decimal outputs)
    const exact: Record<string, unknown> = {};
    for (const t of result.trace!) for (const u of t.uses) if (u.kind === 'rule') exact[u.name] = u.value;
    // noWorkCapacity (inside extremePovertyEligible) uses every() and cannot be inlined: it is read as a fact
    const { facts: needed } = exportRules(gansu, { date: '2025-06-01', rules: ['edgeEligible'] });
    expect(needed).toContain('noWorkCapacity');
    const facts = { ...input, assets: { financial: '0', vehicles: 0, extraHousingUnits: 0 }, hasAbleSupporter: true, ...exact, noWorkCapacity: result.outputs['noWorkCapacity'] };
    const fired = (await engine.run(facts)).events.map((e) => e.type).sort();
    const expected = ['edgeEligible', 'dibaoIncomeTestPassed', 'propertyTestPassed'].filter((n) => result.outputs[n] === true).sort();
    // 2,016 ÷ 2 = 1,008, not below 1,008 (the national edge test is strict) → not edge; not below 672 → no 低保
    // income test; property passes
    expect(fired).toEqual(expected);
    expect(expected).toEqual(['propertyTestPassed']);
  });

  it('refuses a named rule that cannot be expressed', () => {
    expect(errorOf(() => exportRules(gansu, { date: '2025-06-01', rules: ['noWorkCapacity'] }))).toEqual({ code: 'input/type', path: 'rules.noWorkCapacity.formula' });
    expect(errorOf(() => exportRules(gansu, { date: '2025-06-01', rules: ['nope'] })).code).toBe('expr/unknown-name');
  });
});

// ───────────────────────────── differential property tests ─────────────────────────────

const money = fc.integer({ min: 0, max: 300_000 }).map((n) => n / 100);
const size = fc.integer({ min: 0, max: 6 });
const factsArb = fc.record({
  income: money,
  size,
  area: fc.constantFrom('urban', 'rural'),
  disabled: fc.boolean(),
  household: fc.record({ financial: money }),
  tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
});

const numericOps = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'] as const;
const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constant('income'), operator: fc.constantFrom(...numericOps), value: fc.oneof(money, fc.constant({ fact: 'household', path: '$.financial' })) }),
  fc.record({ fact: fc.constant('household'), path: fc.constant('$.financial'), operator: fc.constantFrom(...numericOps), value: fc.oneof(money, fc.constant({ fact: 'income' })) }),
  fc.record({ fact: fc.constant('size'), operator: fc.constantFrom(...numericOps), value: size }),
  fc.record({ fact: fc.constant('size'), operator: fc.constantFrom('in', 'notIn'), value: fc.uniqueArray(size, { minLength: 1, maxLength: 3 }) }),
  fc.record({ fact: fc.constant('area'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('urban', 'rural') }),
  fc.record({ fact: fc.constant('area'), operator: fc.constantFrom('in', 'notIn'), value: fc.uniqueArray(fc.constantFrom('urban', 'rural'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ fact: fc.constant('disabled'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.boolean() }),
  fc.record({ fact: fc.constant('tags'), operator: fc.constantFrom('contains', 'doesNotContain'), value: fc.constantFrom('a', 'b', 'c') }),
  fc.constant({ condition: 'smallUrban' }),
);
const NAMED: Record<string, Condition> = { smallUrban: { all: [{ fact: 'area', operator: 'equal', value: 'urban' }, { fact: 'size', operator: 'lessThanInclusive', value: 2 }] } };

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;
const rootArb = fc.oneof(fc.record({ all: fc.array(conditionArb, { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(conditionArb, { minLength: 1, maxLength: 3 }) }));

async function jreDecides(conditions: Condition, facts: Record<string, unknown>, decimal: boolean): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: false });
  if (decimal) registerDecimalOperators(engine);
  engine.setCondition('smallUrban', NAMED['smallUrban'] as unknown as TopLevelCondition);
  engine.addRule({ conditions: conditions as unknown as TopLevelCondition, event: { type: 'yes' } });
  return (await engine.run(facts)).events.length === 1;
}

describe('json-rules-engine differential', () => {
  it('returns identical decisions for imported conditions (json-rules-engine vs the compiled formula)', async () => {
    await fc.assert(
      fc.asyncProperty(rootArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), async (conditions, factSets) => {
        const program = programFor(importConditions(conditions, { conditions: NAMED }));
        for (const facts of factSets) {
          // facts as json-rules-engine reads them: numbers as JSON numbers, so importFacts passes them all
          const ours = program.evaluate(importFacts(conditions, facts, { conditions: NAMED }), { date: '2025-06-01' }).outputs['decision'];
          expect(ours).toBe(await jreDecides(conditions, facts, false));
        }
      }),
      { numRuns: 100 },
    );
  });

  const compareArb = fc.oneof(
    fc.tuple(fc.constantFrom('income', 'household.financial'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), fc.oneof(money.map(String), fc.constantFrom('income', 'household.financial', 'limit'))).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), size).map(([op, n]) => `size ${op} ${n}`),
    fc.tuple(fc.constantFrom('in', 'not in'), fc.uniqueArray(size, { minLength: 1, maxLength: 3 })).map(([op, xs]) => `size ${op} [${xs.join(', ')}]`),
    fc.constantFrom("area == 'urban'", "area != 'rural'", "area in ['rural']", 'disabled', 'disabled == false', `money_lit`).filter((s) => s !== 'money_lit'),
  );
  const formulaArb: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      compareArb,
      fc.tuple(tie('f'), tie('f')).map(([a, b]) => `(${a} and ${b})`),
      fc.tuple(tie('f'), tie('f')).map(([a, b]) => `(${a} or ${b})`),
      tie('f').map((a) => `not (${a})`),
    ),
  })).f;

  it('returns identical decisions for exported rules (the engine vs json-rules-engine with decimal operators)', async () => {
    await fc.assert(
      fc.asyncProperty(formulaArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), fc.boolean(), async (formula, factSets, asStrings) => {
        const program = programFor(formula);
        const { rules } = exportRules(program.ruleset, { date: '2025-06-01', rules: ['decision'] });
        for (const raw of factSets) {
          // money crosses as decimal strings or as numbers: both must decide alike
          const facts = asStrings ? { ...raw, income: String(raw.income), household: { financial: String(raw.household.financial) } } : raw;
          const ours = program.evaluate(facts, { date: '2025-06-01' }).outputs['decision'];
          expect(ours).toBe(await jreDecides(rules[0]!.conditions, facts, true));
        }
      }),
      { numRuns: 150 },
    );
  });
});
