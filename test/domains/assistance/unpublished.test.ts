/**
 * assessHousehold on a real bundled region (Shanghai, whose only published assistance figure is the 2021-07
 * standard of 1,330 yuan/month): a household whose 低保 outcome no unpublished figure can change is assessed;
 * one whose outcome depends on an unpublished figure is refused, naming it.
 */
import { describe, expect, it } from 'vitest';
import { assessHousehold, type Household } from '../../../src/domains/assistance';
import { errorOf } from '../../helpers/errors';

const applicant = { birthDate: '1980-01-01', relation: 'applicant', hukou: { place: 'CN-31', type: 'urban' } } as const;

describe('assessHousehold where the region has not published every figure', () => {
  it('assesses a plainly-低保 household: no financial-asset limit (≥ 0) could change its outcome', () => {
    const household: Household = { members: [applicant], incomes: [{ kind: 'wages', monthlyAmount: 500 }] };
    const r = assessHousehold(household, { ruleset: 'cn/assistance/shanghai', date: '2021-08-01' });
    // 500 < 1,330: 低保, gap 1,330 − 500 = 830.00 a month. Its assets (none) pass the asset test whatever the
    // unpublished limit (months × standard, months ≥ 0).
    expect(r.category).toBe('minimumLivingAllowance');
    expect(r.schemes.find((s) => s.scheme === 'minimumLivingAllowance')).toMatchObject({ eligible: true, monthlyAmount: '830.00' });
  });

  it('refuses a household whose outcome depends on the unpublished asset limit, naming the figure', () => {
    const household: Household = { members: [applicant], incomes: [{ kind: 'wages', monthlyAmount: 500 }], assets: { financial: '900000' } };
    const e = errorOf(() => assessHousehold(household, { ruleset: 'cn/assistance/shanghai', date: '2021-08-01' }));
    expect(e.code).toBe('eval/no-value-in-force');
    expect(e.issues[0]!.path).toEqual(['parameters', 'property.financialLimitMonths']);
  });
});
