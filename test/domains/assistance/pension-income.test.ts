/**
 * One pension, counted the same way everywhere: the resident pension that planResidentPension computes splits into
 * the national minimum basic pension (the centrally set part, 中央确定的基础养老金) and the rest, and
 * assessHousehold counts those parts as the assistance texts say — the central part not for 特困, and not for 低保
 * in 2021–2025; the rest for both.
 */
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { assessHousehold } from '../../../src/domains/assistance';
import { planResidentPension } from '../../../src/domains/pension';

describe('a resident pension as household income', () => {
  it('counts the pension planResidentPension computes as the assistance rules say, part by part', () => {
    const date = '2025-06-01';
    // aged 70, fifteen years paid: the pension is payable; the lowest tier's pension at least (no province figures)
    const plan = planResidentPension({ birthDate: '1955-01-01', yearsContributed: 15, accountBalance: '3000' }, { ruleset: 'cn/pension/national', date, tiers: [100] });
    const central = new Decimal(plan.basicPensionMinimum);
    const monthly = new Decimal(plan.tiers[0]!.monthlyPensionAtLeast);
    const rest = monthly.minus(central);
    expect(rest.gt(0)).toBe(true);
    const r = assessHousehold(
      {
        members: [{ birthDate: '1955-01-01', relation: 'applicant', hukou: { place: 'CN-62', type: 'urban' } }],
        incomes: [
          { kind: 'residentBasicPensionCentral', monthlyAmount: central.toFixed(2) },
          { kind: 'residentPensionOther', monthlyAmount: rest.toFixed(2) },
        ],
        legalSupporter: 'none',
      },
      { ruleset: 'cn/assistance/example/gansu', date },
    );
    // 特困 counts only the part above the national minimum
    const tekun = r.schemes.find((s) => s.scheme === 'extremePoverty')!;
    expect(tekun.reasons.find((x) => x.test === 'tekunIncomeTestPassed')!.comparisons[0]!.left).toBe(rest.toFixed(2));
    // 低保 in 2025 does not count the central part either
    expect(r.perCapitaMonthlyIncome).toBe(rest.toFixed(2));
  });
});
