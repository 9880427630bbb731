import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import { Decimal } from '../../../src/money/decimal';

// Invariants of the assistance rules, on the EXAMPLE Gansu ruleset (urban standard 672, edge ceiling 1,008,
// payment rounded up to the yuan) — the figures are examples; the invariants are what matters.
let program: Program;
beforeAll(async () => {
  program = compile(await loadRuleset('rulesets/cn/assistance/example/gansu.yaml', { noBundled: true, rulesetDirs: ['rulesets/cn/assistance'] }));
});

const householdArb = fc.record({
  size: fc.integer({ min: 1, max: 6 }),
  fen: fc.integer({ min: 0, max: 1_200_000 }), // household wages in fen: 0 … 12,000 yuan
  childcareFen: fc.integer({ min: 0, max: 90_000 }),
  financial: fc.integer({ min: 0, max: 40_000 }),
});

function evaluate(h: { size: number; fen: number; childcareFen: number; financial: number }) {
  const members = Array.from({ length: h.size }, (_, i) => ({ birthDate: `19${80 + i}-01-15` }));
  const input = {
    standardArea: 'urban',
    members,
    incomes: [
      { kind: 'wages', monthlyAmount: new Decimal(h.fen).div(100).toFixed(2) },
      { kind: 'childcareSubsidy', monthlyAmount: new Decimal(h.childcareFen).div(100).toFixed(2) },
    ],
    assets: { financial: h.financial },
  };
  return program.evaluate(input, { date: '2025-06-01' }).outputs;
}

describe('assistance invariants', () => {
  it('returns the 低保 payment as the gap on household totals, rounded up to the yuan, whenever eligible', () => {
    fc.assert(
      fc.property(householdArb, (h) => {
        const out = evaluate(h);
        const income = new Decimal(h.fen).div(100);
        const gap = Decimal.max(0, new Decimal(672).times(h.size).minus(income));
        if (out['dibaoEligible'] === true) {
          expect(out['dibaoMonthlyAmount']).toBe(gap.toDecimalPlaces(0, Decimal.ROUND_UP).toFixed(2));
          expect(gap.gt(0)).toBe(true);
        } else {
          expect(out['dibaoMonthlyAmount']).toBe('0.00');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns at most one category, and the one the flags say', () => {
    fc.assert(
      fc.property(householdArb, (h) => {
        const out = evaluate(h);
        const flags = ['extremePovertyEligible', 'dibaoEligible', 'edgeEligible', 'rigidExpenditureEligible'].filter((f) => out[f] === true);
        expect(flags.length).toBeLessThanOrEqual(1);
        const names: Record<string, string> = { extremePovertyEligible: 'extremePoverty', dibaoEligible: 'minimumLivingAllowance', edgeEligible: 'lowIncomeMarginal', rigidExpenditureEligible: 'rigidExpenditureHardship' };
        expect(out['category']).toBe(flags.length === 0 ? 'none' : names[flags[0]!]);
      }),
      { numRuns: 300 },
    );
  });

  it('never pays more when income rises, and the childcare subsidy never changes the outcome', () => {
    fc.assert(
      fc.property(householdArb, fc.integer({ min: 1, max: 50_000 }), (h, more) => {
        const a = evaluate(h);
        const b = evaluate({ ...h, fen: h.fen + more });
        expect(new Decimal(b['dibaoMonthlyAmount'] as string).lte(a['dibaoMonthlyAmount'] as string)).toBe(true);
        if (a['dibaoEligible'] === false) expect(b['dibaoEligible']).toBe(false);
        const c = evaluate({ ...h, childcareFen: 0 });
        expect(c['category']).toBe(a['category']);
        expect(c['dibaoMonthlyAmount']).toBe(a['dibaoMonthlyAmount']);
      }),
      { numRuns: 200 },
    );
  });
});
