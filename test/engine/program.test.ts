import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/errors';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { programOf, rulesetYaml } from './helpers';

const benchCases = (parse(readFileSync('rulesets/bench/settlement.cases.yaml', 'utf8')) as { cases: { name: string; date: string; input: Record<string, unknown>; expect?: Record<string, string>; expectError?: string }[] }).cases;


describe('compile + evaluate on the benchmark workload', async () => {
  const program = compile(await loadRuleset('rulesets/bench/settlement.yaml'));

  it.each(benchCases.map((c) => [c.name, c] as const))('settles the worked case: %s', (_name, c) => {
    if (c.expectError) {
      expect(errorOf(() => program.evaluate(c.input, { date: c.date })).issues[0]!.code).toBe(c.expectError);
      return;
    }
    const result = program.evaluate(c.input, { date: c.date });
    for (const [name, value] of Object.entries(c.expect!)) expect(result.outputs[name]).toBe(value);
  });

  it('lists only the rules marked as outputs', () => {
    expect(program.outputs).toEqual(['basicPaid', 'criticalPaid', 'assistancePaid', 'outOfPocket']);
  });

  it('returns provenance with the content hash and the evaluation date', () => {
    const r = program.evaluate(benchCases[0]!.input, { date: '2025-06-01' });
    expect(r.provenance).toMatchObject({ ruleset: 'bench/settlement', version: '1.1.0', date: '2025-06-01', chain: ['bench/settlement@1.1.0'] });
    expect(r.provenance.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.trace).toBeUndefined();
  });

  it('traces every rule with the parameters it used and their citations', () => {
    const r = program.evaluate(benchCases[1]!.input, { date: '2025-06-01', trace: true });
    expect(r.outputs).toEqual(program.evaluate(benchCases[1]!.input, { date: '2025-06-01' }).outputs);
    const deductible = r.trace!.find((t) => t.name === 'deductible')!;
    // tekun is vulnerable: the 'then' branch halves the tertiary deductible 1000 → 500.
    expect(deductible.value).toBe('500.00');
    expect(deductible.branches).toEqual([expect.objectContaining({ condition: 'vulnerable', taken: 'then' })]);
    expect(deductible.uses).toContainEqual(
      expect.objectContaining({ kind: 'parameter', name: 'basic.deductible', key: '3', type: { kind: 'money' }, value: '1000.00', from: '2025-01-01', source: 'bench-workload' }),
    );
    const critical = r.trace!.find((t) => t.name === 'criticalPaid')!;
    expect(critical.uses).toContainEqual(expect.objectContaining({ kind: 'rule', name: 'inPolicyOutOfPocket', type: { kind: 'money' }, value: '98325.00' }));
    // The same money value reads the same wherever it appears: as the rule's own value and as another rule's input.
    expect(r.trace!.find((t) => t.name === 'inPolicyOutOfPocket')!.value).toBe('98325.00');
    expect(critical.value).toBe('53327.50');
  });

  it('rejects bad input with every problem and its path', () => {
    const error = errorOf(() => program.evaluate({ hospitalLevel: '4', totalCost: -5, eligibleCost: 'abc', personCategory: 'none', extra: 1 }, { date: '2025-06-01' }));
    const codes = error.issues.map((i) => [i.code, i.path?.join('.')]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['input/enum', 'hospitalLevel'],
        ['value/negative', 'totalCost'],
        ['value/invalid-number', 'eligibleCost'],
        ['input/unknown-field', 'extra'],
      ]),
    );
  });

  it('rejects money with more than two decimals', () => {
    const error = errorOf(() => program.evaluate({ ...benchCases[0]!.input, totalCost: 1.005 }, { date: '2025-06-01' }));
    expect(error.code).toBe('value/precision');
    expect(error.issues[0]!.path).toEqual(['totalCost']);
  });

  it('fails clearly when no parameter value is in force', () => {
    const error = errorOf(() => program.evaluate(benchCases[0]!.input, { date: '2024-06-01' }));
    expect(error.code).toBe('eval/no-value-in-force');
    expect(error.message).toContain('2024-06-01');
    expect(error.message).toMatch(/basic\.(deductible|rate)|assistance|critical/);
  });

  it('needs an evaluation date', () => {
    expect(errorOf(() => program.evaluate(benchCases[0]!.input)).code).toBe('input/missing');
  });

  it('is deterministic and re-entrant', () => {
    const a = program.evaluate(benchCases[1]!.input, { date: '2025-06-01' });
    program.evaluate(benchCases[3]!.input, { date: '2025-06-01', trace: true });
    expect(program.evaluate(benchCases[1]!.input, { date: '2025-06-01' })).toEqual(a);
  });

  it('safeEvaluate returns the error instead of throwing', () => {
    const r = program.safeEvaluate({}, { date: '2025-06-01' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.code).toBe('input/missing');
  });
});

describe('compile errors', () => {
  it('reports a type mismatch with the rule, the path and the column', () => {
    const error = errorOf(() =>
      programOf(
        rulesetYaml(`inputs:
  cost: { type: money }
  share: { type: rate }
rules:
  bad: { type: money, formula: "cost + share", source: src }
`),
      ),
    );
    expect(error.code).toBe('expr/type');
    expect(error.issues[0]).toMatchObject({ path: ['rules', 'bad', 'formula'], span: { line: 1, column: 1 } });
    expect(error.issues[0]!.message).toContain('money can only be added to money');
  });

  it('reports unknown names with a suggestion', () => {
    const error = errorOf(() =>
      programOf(
        rulesetYaml(`inputs:
  totalCost: { type: money }
rules:
  paid: { type: money, formula: "totalCots * 50%", source: src }
`),
      ),
    );
    expect(error.code).toBe('expr/unknown-name');
    expect(error.message).toContain("did you mean 'totalCost'");
    expect(error.issues[0]!.span).toMatchObject({ column: 1 });
  });

  it('reports a cycle naming its rules', () => {
    const error = errorOf(() =>
      programOf(
        rulesetYaml(`inputs:
  x: { type: money }
rules:
  a: { type: money, formula: "b + x", source: src }
  b: { type: money, formula: "c", source: src }
  c: { type: money, formula: "a", source: src }
`),
      ),
    );
    expect(error.code).toBe('expr/cycle');
    expect(error.message).toMatch(/a → b → c → a|b → c → a → b|c → a → b → c/);
  });

  it('checks that a rule gives its declared type', () => {
    const error = errorOf(() => programOf(rulesetYaml(`inputs:\n  x: { type: money }\nrules:\n  r: { type: boolean, formula: "x * 2", source: src }\n`)));
    expect(error.message).toContain('gives money but the rule is declared boolean');
  });

  it('checks enum literals against the declared values', () => {
    const error = errorOf(() =>
      programOf(rulesetYaml(`inputs:\n  c: { type: enum, of: [dibao, tekun] }\nrules:\n  r: { type: boolean, formula: "c == 'tekun2'", source: src }\n`)),
    );
    expect(error.message).toContain("'tekun2' is not one of 'dibao', 'tekun'");
  });

  it('reports every broken rule at once', () => {
    const error = errorOf(() => programOf(rulesetYaml(`inputs:\n  x: { type: money }\nrules:\n  a: { type: money, formula: "y", source: src }\n  b: { type: money, formula: "x +", source: src }\n`)));
    expect(error.issues.map((i) => i.code).sort()).toEqual(['expr/syntax', 'expr/unknown-name']);
  });
});

describe('formula features', () => {
  const program = programOf(
    rulesetYaml(`inputs:
  birthDate: { type: date }
  level: { type: enum, of: [primary, secondary] }
  items:
    type: list
    items: { type: record, fields: { amount: { type: money }, cls: { type: enum, of: [A, B, C] } } }
parameters:
  share:
    type: rate
    by: level
    values:
      - { from: 2025-01-01, value: { primary: 0.9, secondary: 0.8 }, source: src }
      - { from: 2026-01-01, value: { primary: 0.95, secondary: 0.85 }, source: src }
rules:
  age: { type: integer, formula: "age(birthDate)", source: src }
  classB: { type: money, formula: "sum(items, if it.cls == 'B' then it.amount else 0)", source: src }
  itemCount: { type: integer, formula: "count(items, it.cls in ['A', 'B'])", source: src }
  anySelfPay: { type: boolean, formula: "exists(items, it.cls == 'C')", source: src }
  paid: { type: money, formula: "round(classB * share[level], 2, 'down')", source: src }
  days: { type: integer, formula: "daysBetween(date('2025-01-01'), evaluationDate)", source: src }
  clamped: { type: money, formula: "clamp(classB, 10, 100)", source: src }
`),
  );
  const input = {
    birthDate: '1960-03-01',
    level: 'secondary',
    items: [
      { amount: 100.55, cls: 'B' },
      { amount: '20.10', cls: 'B' },
      { amount: 5, cls: 'C' },
    ],
  };

  it('evaluates list aggregates, dated tables, rounding modes and date helpers', () => {
    expect(program.evaluate(input, { date: '2025-02-28' }).outputs).toEqual({
      age: 64, // turns 65 on 2025-03-01
      classB: '120.65',
      itemCount: 2,
      anySelfPay: true,
      paid: '96.52', // 120.65 × 0.8 = 96.52
      days: 58,
      clamped: '100.00',
    });
    // From 2026 the secondary share is 0.85: 120.65 × 0.85 = 102.5525 → 102.55 rounding down.
    expect(program.evaluate(input, { date: '2026-03-01' }).outputs).toMatchObject({ age: 66, paid: '102.55' });
  });
});

describe('partial evaluation and date builders', () => {
  const program = programOf(
    rulesetYaml(`inputs:
  cost: { type: money }
  birthDate: { type: date }
parameters:
  rate: { type: rate, values: [{ from: 2025-01-01, value: 0.8, source: src }] }
  cap: { type: money, regional: true }
rules:
  share: { type: money, formula: "round(cost * rate, 2)", source: src }
  capped: { type: money, formula: "min(share, cap)", source: src }
  monthsThisYear: { type: integer, formula: "monthsBetween(max2(birthDate), endOfYear(evaluationDate))", source: src }
`.replace('max2(birthDate)', 'birthDate')),
  );
  const input = { cost: 100, birthDate: '2024-12-15' };

  it('computes only the requested outputs, so an unpublished figure elsewhere does not block them', () => {
    expect(program.evaluate(input, { date: '2025-06-01', outputs: ['share'] }).outputs).toEqual({ share: '80.00' });
    expect(program.evaluate(input, { date: '2025-06-01', outputs: ['share'], trace: true }).trace!.map((t) => t.name)).toEqual(['share']);
    const error = errorOf(() => program.evaluate(input, { date: '2025-06-01' }));
    expect(error.code).toBe('eval/no-value-in-force');
    expect(error.message).toContain('regional');
    expect(errorOf(() => program.evaluate(input, { date: '2025-06-01', outputs: ['nope'] })).message).toContain("no rule named 'nope'");
  });

  it('builds dates from the evaluation date', () => {
    // Born 2024-12-15: whole months to 2025-12-31 = 12 (2024-12-15 → 2025-12-15).
    expect(program.evaluate(input, { date: '2025-06-01', outputs: ['monthsThisYear'] }).outputs).toEqual({ monthsThisYear: 12 });
  });
});

describe('input checks', () => {
  const program = programOf(
    rulesetYaml(`inputs:
  total: { type: money }
  inCatalogue: { type: money }
rules:
  inCatalogueWithinTotal:
    type: boolean
    formula: inCatalogue <= total
    check: { zh: 政策范围内费用不能超过总费用, en: The in-catalogue amount cannot exceed the total }
    checkPath: [inCatalogue]
    source: src
  selfPay: { type: money, formula: "total - inCatalogue", source: src }
`),
  );

  it('passes consistent input and lists no check among the outputs', () => {
    expect(program.evaluate({ total: 100, inCatalogue: 80 }, { date: '2025-06-01' }).outputs).toEqual({ selfPay: '20.00' });
  });

  it('rejects inconsistent input with input/invalid, the message and the path — on every path', () => {
    for (const options of [{}, { trace: true }, { outputs: ['selfPay'] }]) {
      const error = errorOf(() => program.evaluate({ total: 100, inCatalogue: 120 }, { date: '2025-06-01', ...options }));
      expect(error.code).toBe('input/invalid');
      expect(error.issues[0]).toMatchObject({ path: ['inCatalogue'] });
      expect(error.message).toContain('The in-catalogue amount cannot exceed the total');
    }
  });
});

describe('percent literals', () => {
  it('are rates: comparing money with a percentage is a type error', () => {
    const error = errorOf(() => programOf(rulesetYaml(`inputs:\n  c: { type: money }\nrules:\n  r: { type: boolean, formula: "c > 10%", source: src }\n`)));
    expect(error.code).toBe('expr/type');
    expect(error.message).toContain('cannot compare money > rate');
  });

  it('work where a rate is meant', () => {
    const program = programOf(rulesetYaml(`inputs:\n  c: { type: money }\nrules:\n  r: { type: money, formula: "round(c * (1 - 5%) * 60%, 2)", source: src }\n`));
    // 1000 × 0.95 × 0.60 = 570
    expect(program.evaluate({ c: 1000 }, { date: '2025-01-01' }).outputs).toEqual({ r: '570.00' });
  });
});

describe('cycles among other errors', () => {
  it('reports a cycle together with an unknown name', () => {
    const error = errorOf(() =>
      programOf(rulesetYaml(`inputs:\n  c: { type: money }\nrules:\n  a: { type: money, formula: "b + c", source: src }\n  b: { type: money, formula: "a * 2", source: src }\n  d: { type: money, formula: "c * rate", source: src }\n`)),
    );
    expect(error.issues.map((i) => i.code).sort()).toEqual(['expr/cycle', 'expr/unknown-name']);
  });
});

describe('tables keyed by an enum field of a list item', () => {
  const yaml = (by: string) =>
    rulesetYaml(`inputs:
  incomes:
    type: list
    items: { type: record, fields: { kind: { type: enum, of: [wages, childcareSubsidy] }, amount: { type: money } } }
parameters:
  counted:
    type: boolean
    by: ${by}
    values: [{ from: 2025-01-01, value: { wages: true, childcareSubsidy: false }, source: src }]
rules:
  countedIncome: { type: money, formula: "sum(incomes, if counted[it.kind] then it.amount else 0)", source: src }
`);

  it("looks the table up by each item's value", () => {
    const program = programOf(yaml('incomes.kind'));
    const input = { incomes: [{ kind: 'wages', amount: 2000 }, { kind: 'childcareSubsidy', amount: 300 }, { kind: 'wages', amount: '150.50' }] };
    // 2000 + 150.50 counted; the childcare subsidy is not income.
    expect(program.evaluate(input, { date: '2025-06-01' }).outputs).toEqual({ countedIncome: '2150.50' });
    expect(program.evaluate(input, { date: '2025-06-01', trace: true }).outputs).toEqual({ countedIncome: '2150.50' });
  });

  it('rejects a path that does not reach an enum', () => {
    expect(() => programOf(yaml('incomes.amount'))).toThrow(/not enum/);
    expect(() => programOf(yaml('incomes.nope'))).toThrow(/no input 'incomes.nope'/);
  });
});
