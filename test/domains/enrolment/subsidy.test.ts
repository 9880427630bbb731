import { describe, expect, it } from 'vitest';
import { assessSocialInsuranceSubsidy } from '../../../src/domains/enrolment';
import { MinshengError } from '../../../src/errors';

const OPTIONS = { ruleset: 'cn/employment/national', date: '2025-06-01' } as const;

function errorOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, paths: e.issues.map((i) => (i.path ?? []).join('.')) };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('assessSocialInsuranceSubsidy', () => {
  it('finds a graduate in flexible work eligible, with the two-thirds ceiling, and names the unpublished share', () => {
    const s = assessSocialInsuranceSubsidy({ group: 'collegeGraduate', work: 'flexible', leftSchoolOn: '2024-07-01', contributionsPaid: '6000' }, OPTIONS);
    // 11 months since leaving school < 24; 6,000 × 2 ÷ 3 = 4,000
    expect(s).toMatchObject({ eligible: true, ceiling: '4000.00', monthsLeft: 24, amount: null, needs: ['graduate.subsidyShare'], wouldQualifyWith: [] });
    expect(s.reasons[0]!.source).toMatchObject({ id: 'xinhua-2022-graduate-social-insurance-subsidy', status: 'secondary' });
  });

  it('says a graduate two years out would have qualified within 24 months of leaving school', () => {
    const s = assessSocialInsuranceSubsidy({ group: 'collegeGraduate', work: 'flexible', leftSchoolOn: '2023-06-01', contributionsPaid: '6000' }, OPTIONS);
    expect(s).toMatchObject({ eligible: false, amount: '0.00', ceiling: '0.00' });
    expect(s.wouldQualifyWith.map((t) => t.message)).toEqual(['would qualify with Months since leaving school < 24 (now 24)']);
  });

  it('finds a person with employment difficulties eligible; the amount needs the region', () => {
    const s = assessSocialInsuranceSubsidy({ group: 'employmentDifficulty', work: 'flexible', contributionsPaid: '5000' }, OPTIONS);
    expect(s).toMatchObject({ eligible: true, amount: null, needs: ['difficulty.subsidyShare'], ceiling: null, monthsLeft: null });
  });

  it('refuses wrong input with a code and a path', () => {
    expect(errorOf(() => assessSocialInsuranceSubsidy({ group: 'collegeGraduate', work: 'flexible', contributionsPaid: '6000' }, OPTIONS))).toMatchObject({ code: 'input/missing', paths: ['leftSchoolOn'] });
    expect(errorOf(() => assessSocialInsuranceSubsidy({ group: 'collegeGraduate', work: 'flexible', leftSchoolOn: '2024-07-01', contributionsPaid: '-5' }, OPTIONS))).toMatchObject({ code: 'value/negative', paths: ['contributionsPaid'] });
    expect(errorOf(() => assessSocialInsuranceSubsidy({ group: 'student' as never, work: 'flexible', contributionsPaid: '1' }, OPTIONS)).paths).toEqual(['group']);
    expect(errorOf(() => assessSocialInsuranceSubsidy({ group: 'none', work: 'flexible', contributionsPaid: '1' }, { ruleset: 'cn/pension/national', date: '2025-06-01' }))).toMatchObject({ code: 'options/invalid', paths: ['ruleset'] });
    expect(errorOf(() => assessSocialInsuranceSubsidy({ group: 'none', work: 'flexible', contributionsPaid: '1' }, { ruleset: 'cn/employment/national', date: '2024-06-01' })).code).toBe('eval/outside-validity');
  });
});
