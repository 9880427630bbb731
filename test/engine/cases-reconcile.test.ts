/**
 * The `reconcile` case kind: published figures checked against each other (src/engine/reconcile.ts). The
 * seed-003 Chen bill is the bundled example (rulesets/cn/medical/national.cases.yaml): the case passes only
 * when exactly its recorded discrepancies are found, and its figures are the source registry's.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCase } from '../../src/engine/cases';
import type { Program } from '../../src/engine/program';
import { CasesFileSchema, type TestCase } from '../../src/ruleset/schema';
import { loadRulesetCases } from '../../src/node/cases-files';

const NAME = 'seed 003 Chen bill — the published figures reconciled (the article names no region)';
let program: Program;
let chen: TestCase;
beforeAll(async () => {
  const loaded = await loadRulesetCases('rulesets/cn/medical/national.yaml');
  program = loaded.program;
  chen = loaded.cases.find((c) => c.name === NAME)!;
});

/** The Chen case with some figures changed. */
const withFigures = (figures: Record<string, number>): TestCase => ({ ...chen, reconcile: { ...chen.reconcile!, figures: { ...chen.reconcile!.figures, ...figures } } });

describe('reconcile cases', () => {
  it('passes the Chen case, finding exactly its recorded discrepancies', () => {
    const r = runCase(program, chen);
    expect(r.failure).toBeUndefined();
    expect(r.passed).toBe(true);
    expect(r.reconciliation!.checks.filter((c) => !c.result).map((c) => c.id)).toEqual([
      'reading-in-policy-121000-then-600-deductible',
      'named-payers-sum-to-quoted-total',
      'quoted-rate-is-quoted-total-over-bill',
      'quoted-rate-within-rounding-of-named-payers',
      'cii-rate-at-least-national-floor',
      'cii-base-within-in-policy-remainder',
    ]);
    // 72,600 / 0.60 = 121,000; 34,700 / 0.5945 = 58,368.3768… → 58,368.38; 121,000 − 72,600 = 48,400
    expect(r.reconciliation!.derived).toEqual({ inPolicyLessDeductible: '121000', highCostPart: '58368.38', namedPayers: '107300', inPolicyRemainderNoDeductible: '48400' });
    expect(r.discrepancy).toContain('named-payers-sum-to-quoted-total: not namedPayers == quotedTotalPaid');
    expect(r.outputs).toBeUndefined(); // nothing was evaluated
  });

  it('fails loudly when the figures are "fixed" to add up', () => {
    const r = runCase(program, withFigures({ quotedTotalPaid: 107300 }));
    expect(r.passed).toBe(false);
    expect(r.failure).toContain('check named-payers-sum-to-quoted-total now holds');
    expect(r.failure).toContain('were the published figures changed?');
    const floor = runCase(program, withFigures({ ciiRate: 0.6 }));
    expect(floor.failure).toContain('check cii-rate-at-least-national-floor now holds');
  });

  it('fails when a figure no longer fits a check that held', () => {
    // 72,700 / 0.60 = 121,166.67: not 60% of a whole amount.
    const r = runCase(program, withFigures({ basicPaid: 72700 }));
    expect(r.passed).toBe(false);
    expect(r.failure).toContain('check basic-is-rate-after-deductible does not hold');
  });

  it('records the figures exactly as the source registry has them', () => {
    const registry = parse(readFileSync('seeds/sources.yaml', 'utf8')) as { id: string; facts?: { key: string; value: string }[] }[];
    const source = registry.find((s) => s.id === chen.reconcile!.source)!;
    expect(source).toBeDefined();
    for (const [name, value] of Object.entries(chen.reconcile!.figures)) {
      const fact = source.facts!.find((f) => f.key === `chen.${name}`);
      expect(fact, `chen.${name}`).toBeDefined();
      expect(Number(fact!.value)).toBe(Number(value));
    }
  });

  it('names a formula that does not parse or type-check, an unknown discrepancy and a repeated check', () => {
    const base = chen.reconcile!;
    const bad = runCase(program, { ...chen, reconcile: { ...base, checks: [{ id: 'x', holds: 'basicPaid +' }], discrepancies: [] } });
    expect(bad.error?.issues[0]).toMatchObject({ code: 'expr/syntax', path: ['reconcile', 'checks', 0, 'holds'] });
    const notBool = runCase(program, { ...chen, reconcile: { ...base, checks: [{ id: 'x', holds: 'basicPaid + 1' }], discrepancies: [] } });
    expect(notBool.error?.issues[0]).toMatchObject({ code: 'expr/type', path: ['reconcile', 'checks', 0, 'holds'] });
    const unknown = runCase(program, { ...chen, reconcile: { ...base, checks: [{ id: 'x', holds: 'nope > 1' }], discrepancies: [] } });
    expect(unknown.error?.issues[0]).toMatchObject({ code: 'expr/unknown-name' });
    const ghost = runCase(program, { ...chen, reconcile: { ...base, discrepancies: [...base.discrepancies, 'no-such-check'] } });
    expect(ghost.failure).toContain('discrepancy no-such-check names no check');
    const twice = runCase(program, { ...chen, reconcile: { ...base, checks: [base.checks[0]!, base.checks[0]!] } });
    expect(twice.error?.issues[0]).toMatchObject({ code: 'ruleset/schema', path: ['reconcile', 'checks', 1, 'id'] });
    const zero = runCase(program, { ...chen, reconcile: { ...base, checks: [{ id: 'x', holds: 'basicPaid / (basicRate - 0.6) > 0' }], discrepancies: [] } });
    expect(zero.error?.code).toBe('eval/division-by-zero');
  });

  it('is one kind of case: reconcile with expect, or with an input, is refused by the cases schema', () => {
    const reconcile = { figures: { a: 1 }, checks: [{ id: 'a', holds: 'a == 1' }], discrepancies: [] };
    expect(CasesFileSchema.safeParse({ cases: [{ name: 'ok', reconcile }] }).success).toBe(true);
    const both = CasesFileSchema.safeParse({ cases: [{ name: 'x', reconcile, expect: { a: 1 } }] });
    expect(both.success).toBe(false);
    const withInput = CasesFileSchema.safeParse({ cases: [{ name: 'x', reconcile, input: { a: 1 } }] });
    expect(withInput.success).toBe(false);
    const unknownKey = CasesFileSchema.safeParse({ cases: [{ name: 'x', reconcile: { ...reconcile, figure: {} } }] });
    expect(unknownKey.success).toBe(false);
    const badFigure = CasesFileSchema.safeParse({ cases: [{ name: 'x', reconcile: { ...reconcile, figures: { a: '1,000' } } }] });
    expect(badFigure.success).toBe(false);
  });
});
