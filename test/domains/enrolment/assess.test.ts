import { beforeAll, describe, expect, it } from 'vitest';
import { assessEnrolment } from '../../../src/domains/enrolment';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import { MinshengError } from '../../../src/errors';

const DIRS = { noBundled: true, rulesetDirs: ['rulesets/cn/enrolment'] } as const;
let national: Program;
let shanghai: Program;
let gansu: Program;
let nanchang: Program;

beforeAll(async () => {
  national = compile(await loadRuleset('rulesets/cn/enrolment/national.yaml', DIRS));
  shanghai = compile(await loadRuleset('rulesets/cn/enrolment/shanghai.yaml', DIRS));
  gansu = compile(await loadRuleset('rulesets/cn/enrolment/gansu.yaml', DIRS));
  nanchang = compile(await loadRuleset('rulesets/cn/enrolment/nanchang.yaml', DIRS));
});

function errorOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, paths: e.issues.map((i) => (i.path ?? []).join('.')) };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('assessEnrolment', () => {
  it('lets a migrant worker in flexible work join the employee scheme where they work, citing 国办发〔2024〕38号', () => {
    const a = assessEnrolment(
      { birthDate: '1990-04-02', hukou: { place: 'CN-510100' }, residence: { place: 'CN-31' }, work: { place: 'CN-31', employment: 'flexible' } },
      { ruleset: national, date: '2025-06-01', place: 'CN-31' },
    );
    expect(a.employeeScheme).toMatchObject({ value: true, mandatory: false, needs: [] });
    expect(a.residentScheme.value).toBe(true);
    expect(a.employeeScheme.reasons[0]!.source).toMatchObject({ docNumber: '国办发〔2024〕38号', status: 'verified' });
  });

  it("answers null, naming the figure, where the workplace rule before 2025 is not published", () => {
    const a = assessEnrolment(
      { birthDate: '1990-04-02', hukou: { place: 'CN-510100' }, work: { place: 'CN-31', employment: 'flexible' } },
      { ruleset: national, date: '2024-06-01', place: 'CN-31' },
    );
    expect(a.employeeScheme.value).toBeNull();
    expect(a.employeeScheme.needs).toEqual(['workplace.flexibleWithoutHukou']);
    expect(a.fiscalSubsidy.amount).toBe('670.00'); // 700 − 30, the 2024 figure (inferred)
  });

  it('gives a Shanghai resident aged 65 the 2024 premium of 765, with the source', () => {
    const a = assessEnrolment({ birthDate: '1959-05-20', hukou: { place: 'CN-310101' } }, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' });
    expect(a.premium).toMatchObject({ amount: '765.00', group: 'age60to69', needs: [] });
    expect(a.netPremium.amount).toBe('765.00');
    expect(a.premium.reasons[1]!.message).toBe('Resident individual premium: 765.00');
    expect(a.premium.reasons[0]!.comparisons.length).toBeGreaterThan(0); // the age tests behind the group
    const premiumRule = a.trace.find((t) => t.name === 'individualPremium')!;
    expect(premiumRule.uses.some((u) => u.kind === 'parameter' && u.source === 'shanghai-resident-2024')).toBe(true);
  });

  it('pays the whole premium of a 特困 resident', () => {
    const a = assessEnrolment({ birthDate: '1959-05-20', hukou: { place: 'CN-31' }, assistanceCategory: 'tekun' }, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' });
    expect(a.premiumSubsidy).toMatchObject({ amount: '765.00', eligible: true });
    expect(a.netPremium.amount).toBe('0.00');
  });

  it("gives a Gansu 低保 member the 100-yuan subsidy and leaves what they pay unknown (Gansu's premium is not published)", () => {
    const a = assessEnrolment({ birthDate: '1975-05-01', hukou: { place: 'CN-620100' }, assistanceCategory: 'dibao' }, { ruleset: gansu, date: '2025-06-01', place: 'CN-62' });
    expect(a.premiumSubsidy).toMatchObject({ amount: '100.00', eligible: true, needs: [] });
    expect(a.netPremium.amount).toBeNull();
    expect(a.netPremium.needs).toEqual(['premium.age19to59']);
    expect(a.premium.reasons[1]!.message).toMatch(/not published here — needs premium\.age19to59/);
  });

  it('says a re-enrolled member is still waiting one month after paying, and what would change that', () => {
    const a = assessEnrolment(
      { birthDate: '1985-01-01', hukou: { place: 'CN-31' }, enrolment: { late: true, paidOn: '2025-03-10' } },
      { ruleset: national, date: '2025-05-01', place: 'CN-31' },
    );
    // 1 month since paying < 3, the cited floor of every region's waiting period: "not yet" is certain.
    expect(a.benefitsAvailable).toMatchObject({ value: false, waitingPeriodApplies: true });
    expect(a.benefitsAvailable.wouldQualifyWith.map((t) => t.message)).toEqual([
      "would qualify with Months since the premium was paid >= 3 at least (the region's period is not published; this is its cited floor) (now 1)",
    ]);
    const decided = a.benefitsAvailable.reasons.find((r) => r.rule === 'benefitsAvailable')!;
    expect(decided.decidedByBounds).toEqual([expect.objectContaining({ parameter: 'waitingPeriod.fixedMonths', atLeast: '3', source: 'gov-2024-38-continuous-enrolment' })]);
    expect(decided.message).toMatch(/decided by the cited bound waitingPeriod\.fixedMonths ≥ 3/);
  });

  it('computes the Nanchang incentive: (7 − 4) × 3,000 + 3,000 = 12,000', () => {
    const a = assessEnrolment(
      { birthDate: '1980-01-01', hukou: { place: 'CN-360100' }, enrolment: { continuousYears: 7, zeroClaimLastYear: true } },
      { ruleset: nanchang, date: '2025-06-01', place: 'CN-360100' },
    );
    expect(a.criticalIllnessLimitRaise.amount).toBe('12000.00');
    expect(a.premium.amount).toBe('400.00');
  });

  it('accepts a bundled ruleset id', () => {
    const a = assessEnrolment({ birthDate: '1959-05-20', hukou: { place: 'CN-31' } }, { ruleset: 'cn/enrolment/shanghai', date: '2024-10-01', place: 'CN-31' });
    expect(a.premium.amount).toBe('765.00');
  });

  it('refuses wrong input with a code and a path', () => {
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-13-01', hukou: { place: 'CN-31' } }, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' }))).toMatchObject({ code: 'value/invalid-date', paths: ['birthDate'] });
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-01-01', hukou: { place: 'CN-31' }, work: { place: 'CN-31', employment: 'boss' as never } }, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' })).paths).toEqual(['work.employment']);
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-01-01', hukou: { place: 'CN-31' }, enrolment: { late: true } }, { ruleset: national, date: '2025-10-01', place: 'CN-31' }))).toMatchObject({ code: 'input/missing', paths: ['enrolment.paidOn'] });
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-01-01', hukou: { place: 'CN-31' } }, { ruleset: shanghai, date: '2024-10-01', place: 'CN-62' }))).toMatchObject({ code: 'input/enum', paths: ['place'] });
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-01-01', hukou: { place: 'CN-31' } }, { ruleset: 'cn/entitlements/national', date: '2025-10-01', place: 'CN-31' }))).toMatchObject({ code: 'options/invalid', paths: ['ruleset'] });
    expect(errorOf(() => assessEnrolment(null as never, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' })).code).toBe('input/type');
    expect(errorOf(() => assessEnrolment({ birthDate: '1959-01-01', hukou: { place: 'CN-31' }, extra: 1 } as never, { ruleset: shanghai, date: '2024-10-01', place: 'CN-31' })).paths).toEqual(['extra']);
  });
});

describe('one fiscal subsidy everywhere', () => {
  it('listEntitlements reports the fiscal subsidy per insured resident that assessEnrolment reports (2025)', async () => {
    const { listEntitlements } = await import('../../../src/domains/entitlements');
    const list = listEntitlements({ birthDate: '1980-01-01', hukou: { place: 'CN-62' }, enrolments: { residentMedicalInsurance: true } }, { ruleset: 'cn/entitlements/national', date: '2025-06-01', place: 'CN-62' });
    const a = assessEnrolment({ birthDate: '1980-01-01', hukou: { place: 'CN-62' } }, { ruleset: 'cn/enrolment/national', date: '2025-06-01', place: 'CN-62' });
    expect(list.entitlements.find((e) => e.id === 'resident-basic-medical-insurance')!.amount).toBe(a.fiscalSubsidy.amount); // 700.00
  });
});
