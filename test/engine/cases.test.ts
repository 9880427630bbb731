import { describe, expect, it } from 'vitest';
import { compareOutputs, normalizeExpected, runCase, runCases } from '../../src/engine/cases';
import { findRulesetFiles, rulesetFileFor, runRulesetFile } from '../../src/node/cases-files';
import type { TestCase } from '../../src/ruleset/schema';
import { programOf, rulesetYaml } from './helpers';

// cost × 80%, rounded; capped at a regional figure that has no value; an intermediate rule.
const program = programOf(
  rulesetYaml(`inputs:
  cost: { type: money }
  level: { type: enum, of: ["1", "2"] }
parameters:
  rate: { type: rate, values: [ { from: 2025-01-01, value: 0.8, source: src } ] }
  cap: { type: money, regional: true }
rules:
  gross: { type: money, output: false, formula: "cost * rate" }
  share: { type: money, formula: "round(gross, 2)", source: src }
  rateUsed: { type: rate, formula: rate }
  count: { type: integer, formula: "if cost > 100 then 2 else 1" }
  big: { type: boolean, formula: "cost > 100" }
  levelOut: { type: enum, of: ["1", "2"], formula: level }
`),
);
const uncapped = programOf(
  rulesetYaml(`inputs:
  cost: { type: money }
parameters:
  cap: { type: money, regional: true }
rules:
  capped: { type: money, formula: "min(cost, cap)" }
`),
);

const base = { date: '2025-06-01', input: { cost: '100.05', level: '1' } };
const test = (t: Partial<TestCase> & { name: string }): TestCase => ({ ...base, ...t }) as TestCase;

describe('normalizeExpected', () => {
  it('writes a number for a money output with 2 decimals', () => {
    expect(normalizeExpected(7125, 'money')).toBe('7125.00');
    expect(normalizeExpected(0.1, 'money')).toBe('0.10');
  });

  it('keeps more than 2 decimals, so a rounded amount never matches it', () => {
    expect(normalizeExpected(0.045, 'money')).toBe('0.045');
  });

  it('leaves strings as written', () => {
    expect(normalizeExpected('7125', 'money')).toBe('7125');
  });

  it('reads a number for an enum as its text', () => {
    expect(normalizeExpected(2, 'enum(1|2)')).toBe('2');
  });
});

describe('runCase', () => {
  it('passes when every expected output matches (100.05 × 0.8 = 80.04)', () => {
    const r = runCase(program, test({ name: 'ok', expect: { share: '80.04' } }));
    expect(r).toMatchObject({ name: 'ok', passed: true, mismatches: [], date: '2025-06-01' });
    expect(r.outputs?.['share']).toBe('80.04');
  });

  it('compares only the outputs given', () => {
    expect(runCase(program, test({ name: 'one', expect: { big: true } })).passed).toBe(true);
  });

  it('normalizes a number for money: 80.04 matches "80.04"', () => {
    expect(runCase(program, test({ name: 'n', expect: { share: 80.04 } })).passed).toBe(true);
  });

  it('compares money exactly as a string: "80.4" is not "80.40"', () => {
    const r = runCase(program, test({ name: 'x', input: { cost: '100.5', level: '1' }, expect: { share: '80.4' } }));
    expect(r.passed).toBe(false);
    expect(r.mismatches).toEqual([{ output: 'share', expected: '80.4', actual: '80.40', reason: "same amount, but money is written with 2 decimals: '80.40'" }]);
  });

  it('compares rates, decimals and integers by value', () => {
    // 100.05 > 100 → count 2
    expect(runCase(program, test({ name: 'r', expect: { rateUsed: '0.80', count: 2 } })).passed).toBe(true);
    expect(runCase(program, test({ name: 'r2', expect: { rateUsed: 0.8, count: '2' } })).passed).toBe(true);
    expect(runCase(program, test({ name: 'r3', expect: { count: 1 } })).mismatches).toEqual([{ output: 'count', expected: 1, actual: 2 }]);
  });

  it('compares enums and booleans as they are', () => {
    expect(runCase(program, test({ name: 'e', expect: { levelOut: 1, big: true } })).passed).toBe(true);
    expect(runCase(program, test({ name: 'b', expect: { big: 'true' } })).passed).toBe(false);
  });

  it("fails an expected output the program does not have: 'no such output'", () => {
    const r = runCase(program, test({ name: 'missing', expect: { sahre: '80.04' } }));
    expect(r.passed).toBe(false);
    expect(r.mismatches).toEqual([{ output: 'sahre', expected: '80.04', actual: undefined, reason: 'no such output' }]);
  });

  it('reads a rule that is not an output from the trace', () => {
    // 100.05 × 0.8 = 80.04 exactly
    expect(runCase(program, test({ name: 'gross', expect: { gross: '80.04' } })).passed).toBe(true);
  });

  it('reports the trace of the first differing rule, in evaluation order', () => {
    const r = runCase(program, test({ name: 'wrong', expect: { big: false, share: '80.05' } }));
    expect(r.passed).toBe(false);
    expect(r.mismatches.map((m) => m.output)).toEqual(['big', 'share']);
    expect(r.firstDifferingRule).toMatchObject({ name: 'share', value: '80.04', source: 'src' });
    expect(r.trace?.map((t) => t.name)).toContain('gross');
  });

  it('does not trace when asked not to', () => {
    const r = runCase(program, test({ name: 'wrong', expect: { share: '1.00' } }), { trace: false });
    expect(r.firstDifferingRule).toBeUndefined();
    expect(r.trace).toBeUndefined();
  });

  it('passes expectError when the evaluation fails with that code', () => {
    const r = runCase(uncapped, test({ name: 'unpublished', input: { cost: 5 }, expectError: 'eval/no-value-in-force' }));
    expect(r).toMatchObject({ passed: true, expectError: 'eval/no-value-in-force', error: { code: 'eval/no-value-in-force' } });
  });

  it('fails expectError when the evaluation fails with another code', () => {
    const r = runCase(program, test({ name: 'other', input: { cost: -1, level: '1' }, expectError: 'input/enum' }));
    expect(r.passed).toBe(false);
    expect(r.failure).toMatch(/^expected the error input\/enum, got \[value\/negative\] .* \(at cost\)$/);
  });

  it('fails expectError when the evaluation succeeds', () => {
    const r = runCase(program, test({ name: 'none', expectError: 'eval/no-value-in-force' }));
    expect(r).toMatchObject({ passed: false, failure: 'expected the error eval/no-value-in-force, but the evaluation succeeded' });
  });

  it('fails a case whose evaluation throws, with the code and path', () => {
    const r = runCase(uncapped, test({ name: 'throws', input: { cost: 5 }, expect: { capped: '5.00' } }));
    expect(r.passed).toBe(false);
    expect(r.error?.code).toBe('eval/no-value-in-force');
    expect(r.failure).toMatch(/^the evaluation failed: \[eval\/no-value-in-force\] .*parameter cap has no value in force on 2025-06-01/);
  });

  it('computes only the expected outputs, so an unpublished figure fails only the cases that need it', () => {
    const partial = programOf(
      rulesetYaml(`inputs:
  cost: { type: money }
parameters:
  rate: { type: rate, values: [ { from: 2025-01-01, value: 0.8, source: src } ] }
  cap: { type: money, regional: true }
rules:
  share: { type: money, formula: "round(cost * rate, 2)" }
  capped: { type: money, formula: "min(share, cap)" }
`),
    );
    // 100 × 0.8 = 80; `capped` would need `cap`, which has no value
    expect(runCase(partial, test({ name: 'published part', input: { cost: 100 }, expect: { share: '80.00' } })).passed).toBe(true);
    expect(runCase(partial, test({ name: 'unpublished part', input: { cost: 100 }, expect: { capped: '80.00' } })).error?.code).toBe('eval/no-value-in-force');
  });

  it('carries note and discrepancy without failing', () => {
    const r = runCase(program, test({ name: 'd', expect: { share: '80.04' }, note: '100.05 × 0.8', discrepancy: 'the article says 80' }));
    expect(r).toMatchObject({ passed: true, note: '100.05 × 0.8', discrepancy: 'the article says 80' });
  });
});

describe('runCases', () => {
  it('returns one result per case, in order, with the file', () => {
    const results = runCases(program, [test({ name: 'a', expect: { share: '80.04' } }), test({ name: 'b', expect: { share: '0.00' } })], { file: 'x.yaml' });
    expect(results.map((r) => [r.name, r.passed, r.file])).toEqual([
      ['a', true, 'x.yaml'],
      ['b', false, 'x.yaml'],
    ]);
  });
});

describe('compareOutputs', () => {
  it('returns the mismatches in the order of the expectations', () => {
    const result = program.evaluate(base.input, { date: base.date });
    expect(compareOutputs(program, { count: 2, share: '80.03', big: false }, result).map((m) => m.output)).toEqual(['share', 'big']);
  });
});

describe('runRulesetFile', () => {
  it('runs the cases of a ruleset file and its sibling cases file (7 settlement cases)', async () => {
    const report = await runRulesetFile('test/cli/fixtures/settlement.yaml');
    expect(report).toMatchObject({ id: 'fixture/settlement', version: '1.0.0' });
    expect(report.results).toHaveLength(7);
    expect(report.results.every((r) => r.passed)).toBe(true);
  });

  it('reports a ruleset that does not compile as an error, without throwing', async () => {
    const report = await runRulesetFile('test/cli/fixtures/bad/type-error.yaml');
    expect(report.results).toEqual([]);
    expect(report.error?.code).toBe('expr/type');
  });

  it('reads x.cases.yaml as its ruleset x.yaml', () => {
    expect(rulesetFileFor('test/cli/fixtures/settlement.cases.yaml')).toBe('test/cli/fixtures/settlement.yaml');
  });
});

describe('findRulesetFiles', () => {
  it('lists ruleset files, not cases files, sorted', () => {
    expect(findRulesetFiles('test/cli/fixtures')).toEqual([
      'test/cli/fixtures/bad/type-error.yaml',
      'test/cli/fixtures/bad/unknown-name.yaml',
      'test/cli/fixtures/settlement.yaml',
    ]);
  });
});
