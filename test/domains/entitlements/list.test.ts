import { beforeAll, describe, expect, it } from 'vitest';
import { listEntitlements, type Person } from '../../../src/domains/entitlements';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import { MinshengError } from '../../../src/errors';

const DIRS = { noBundled: true, rulesetDirs: ['rulesets/cn/entitlements'] } as const;
let national: Program;
let zhejiang: Program;
let sichuan: Program;

beforeAll(async () => {
  national = compile(await loadRuleset('rulesets/cn/entitlements/national.yaml', DIRS));
  zhejiang = compile(await loadRuleset('rulesets/cn/entitlements/example/zhejiang.yaml', DIRS));
  sichuan = compile(await loadRuleset('rulesets/cn/entitlements/sichuan.yaml', DIRS));
});

const byId = (list: ReturnType<typeof listEntitlements>, id: string) => list.entitlements.find((e) => e.id === id)!;

function errorOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, paths: e.issues.map((i) => (i.path ?? []).join('.')) };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('listEntitlements', () => {
  it('returns the childcare subsidy of a child born in December 2023', () => {
    const list = listEntitlements({ birthDate: '2023-12-15', hukou: { place: 'CN-620100' } }, { ruleset: national, date: '2025-06-01', place: 'CN-62' });
    const c = byId(list, 'childcare-subsidy');
    // 12 months of age completed before 2025 → 24 paid months = 7,200 (published example); 12 of them in 2025 = 3,600
    expect(c).toMatchObject({ eligible: true, claimableHere: true, amount: '3600.00', period: 'calendar-year', provisionBasis: 'hukou', kind: 'cash' });
    expect(c.details).toEqual({ childcareSubsidyMonthsThisYear: 12, childcareSubsidyMonthsTotal: 24, childcareSubsidyTotal: '7200.00', childcareMonthlyAmount: '300.00' });
    expect(c.status).toBe('inferred'); // the month-counting convention is inferred
    expect(c.reasons.map((r) => r.rule)).toEqual(['childcareSubsidyEligible', 'childcareSubsidyMonthsTotal', 'childcareSubsidyMonthsThisYear', 'childcareSubsidyClaimableHere']);
    expect(c.reasons[0]!.source).toMatchObject({ id: 'childcare-subsidy-2025', status: 'verified' });
  });

  it('returns the childcare subsidy as claimable only at the hukou place', () => {
    const person: Person = { birthDate: '2024-06-20', hukou: { place: 'CN-62' }, residence: { place: 'CN-31', since: '2024-07-01' } };
    const list = listEntitlements(person, { ruleset: national, date: '2025-06-01', place: 'CN-31' });
    expect(list).toMatchObject({ hukouHere: false, residesHere: true });
    // 6 months completed by 2024-12-31 → 30 months in all = 9,000; 12 in 2025 = 3,600
    expect(byId(list, 'childcare-subsidy')).toMatchObject({ eligible: true, claimableHere: false, amount: '3600.00' });
    expect(byId(list, 'childcare-subsidy').details['childcareSubsidyTotal']).toBe('9000.00');
    // residence-based services are available where the child lives
    expect(byId(list, 'basic-public-health-services')).toMatchObject({ eligible: true, claimableHere: true, amount: '99.00', kind: 'fiscal-subsidy' });
  });

  it('returns the resident pension minimum marked as inferred', () => {
    const list = listEntitlements(
      { birthDate: '1960-03-01', hukou: { place: 'CN-360100' }, enrolments: { residentPension: true, residentMedicalInsurance: true } },
      { ruleset: national, date: '2025-06-01', place: 'CN-360100' },
    );
    const pension = byId(list, 'resident-basic-pension');
    // 123 (inferred) + 20 (seed 001) = 143 a month
    expect(pension).toMatchObject({ eligible: true, amount: '143.00', period: 'month', status: 'inferred' });
    expect(pension.notes[0]).toMatch(/INFERRED/);
    expect(byId(list, 'resident-basic-medical-insurance')).toMatchObject({ eligible: true, amount: '700.00', period: 'year', status: 'seed' });
    expect(byId(list, 'childcare-subsidy')).toMatchObject({ eligible: false });
    expect(byId(list, 'childcare-subsidy').amount).toBeUndefined();
  });

  it('returns the blood-fee exemption for a donor relative, as the province sets it', () => {
    const list = listEntitlements({ birthDate: '1990-08-08', hukou: { place: 'CN-21' }, bloodDonation: { immediateRelativeOfDonor: true } }, { ruleset: national, date: '2025-06-01', place: 'CN-21' });
    const blood = byId(list, 'blood-donor-fee-exemption');
    // the Blood Donation Law (art. 14, read in a quotation): relatives exempted or reduced by provincial rules
    expect(blood).toMatchObject({ eligible: true, kind: 'fee-exemption', status: 'secondary', details: { bloodFeeExemptionScope: 'provincial' } });
    expect(blood.reasons[0]!.source).toMatchObject({ id: 'blood-donation-law-art14-quoted' });
  });

  it('returns the blood-fee exemption for a donor spouse, with Sichuan volumes where the province sets them', () => {
    const spouse: Person = { birthDate: '1991-09-09', hukou: { place: 'CN-510100' }, bloodDonation: { spouseOfDonor: true, donatedVolumeMl: 600 } };
    const here = listEntitlements(spouse, { ruleset: national, date: '2025-06-01', place: 'CN-51' });
    expect(byId(here, 'blood-donor-fee-exemption')).toMatchObject({ eligible: true, details: { bloodFeeExemptionScope: 'provincial' } });
    // nationally no volume is encoded: the detail is absent, not guessed
    expect(byId(here, 'blood-donor-fee-exemption').details).not.toHaveProperty('bloodFreeVolumeMl');
    // Sichuan: spouse gets the donated volume; a donor 3 × within three years of the donation
    expect(byId(listEntitlements(spouse, { ruleset: sichuan, date: '2025-06-01', place: 'CN-51' }), 'blood-donor-fee-exemption').details).toMatchObject({ bloodFreeVolumeMl: '600', bloodFreeUnlimited: false });
    const donor: Person = { birthDate: '1990-08-08', hukou: { place: 'CN-51' }, bloodDonation: { donor: true, donatedVolumeMl: 400, donationDate: '2024-03-01' } };
    expect(byId(listEntitlements(donor, { ruleset: sichuan, date: '2025-06-01', place: 'CN-51' }), 'blood-donor-fee-exemption').details).toMatchObject({ bloodFeeExemptionScope: 'full', bloodFreeVolumeMl: '1200' });
  });

  it('returns free HPV vaccination for a girl of 13 from 2025-11-10 with her remaining doses', () => {
    const girl: Person = { birthDate: '2012-05-20', hukou: { place: 'CN-11' }, sex: 'female', hpvDosesReceived: 1 };
    const hpv = byId(listEntitlements(girl, { ruleset: national, date: '2026-01-10', place: 'CN-11' }), 'hpv-vaccination-girls');
    // 2 doses − 1 self-paid = 1 free dose, 6 months after the first
    expect(hpv).toMatchObject({ eligible: true, kind: 'service-access', details: { hpvFreeDosesRemaining: 1, hpvDoseIntervalMonths: 6 } });
    expect(hpv.reasons[0]!.source).toMatchObject({ id: 'hpv-national-immunization-2025', status: 'secondary' });
    // the day before the programme, and for a boy, it is not listed as eligible
    expect(byId(listEntitlements(girl, { ruleset: national, date: '2025-11-09', place: 'CN-11' }), 'hpv-vaccination-girls').eligible).toBe(false);
    expect(byId(listEntitlements({ ...girl, sex: 'male' }, { ruleset: national, date: '2026-01-10', place: 'CN-11' }), 'hpv-vaccination-girls').eligible).toBe(false);
  });

  it('returns prenatal check-ups where a pregnant woman lives, not at her hukou place', () => {
    const woman: Person = { birthDate: '1995-02-02', hukou: { place: 'CN-62' }, residence: { place: 'CN-31', since: '2024-09-01' }, pregnancy: { gestationWeeks: 18 } };
    const there = byId(listEntitlements(woman, { ruleset: national, date: '2025-06-01', place: 'CN-31' }), 'prenatal-checks');
    // week 18: in 16–20; ahead 16–20, 21–24, 28–36, 37–40 → 4 of 5
    expect(there).toMatchObject({ eligible: true, provisionBasis: 'residence', details: { prenatalFreeChecksTotal: 5, prenatalFreeChecksRemaining: 4, prenatalCheckDueNow: 'midFirst' } });
    expect(byId(listEntitlements(woman, { ruleset: national, date: '2025-06-01', place: 'CN-62' }), 'prenatal-checks').eligible).toBe(false);
    const { pregnancy: _, ...notPregnant } = woman;
    expect(byId(listEntitlements(notPregnant, { ruleset: national, date: '2025-06-01', place: 'CN-31' }), 'prenatal-checks').eligible).toBe(false);
  });

  it('refuses a pregnancy without weeks and an impossible week', () => {
    const base = { birthDate: '1995-02-02', hukou: { place: 'CN-31' } };
    expect(errorOf(() => listEntitlements({ ...base, pregnancy: {} } as unknown as Person, { ruleset: national, date: '2025-06-01', place: 'CN-31' }))).toEqual({ code: 'input/missing', paths: ['pregnancy.gestationWeeks'] });
    expect(errorOf(() => listEntitlements({ ...base, pregnancy: { gestationWeeks: 60 } }, { ruleset: national, date: '2025-06-01', place: 'CN-31' })).paths).toEqual(['pregnancy.gestationWeeks']);
  });

  it('returns nothing residence-based for someone who neither lives nor is registered here', () => {
    const list = listEntitlements({ birthDate: '1990-08-08', hukou: { place: 'CN-21' } }, { ruleset: national, date: '2025-06-01', place: 'CN-31' });
    expect(list).toMatchObject({ hukouHere: false, residesHere: false });
    expect(byId(list, 'basic-public-health-services').eligible).toBe(false);
  });

  it('returns the example points tier in Zhejiang with its example-weights caveat', () => {
    const person: Person = { birthDate: '1990-08-08', hukou: { place: 'CN-62' }, residence: { place: 'CN-330100', since: '2018-03-01' }, socialInsuranceMonths: 65 };
    const list = listEntitlements(person, { ruleset: zhejiang, date: '2025-06-01', place: 'CN-330100' });
    const points = byId(list, 'zhejiang-points-tiered-access');
    // 5 full years × 2 + 7 full years × 1 = 17 → standard tier (example thresholds 10 / 20)
    expect(points.details).toEqual({ scarceServicePoints: '17', scarceServiceTier: 'standard', socialInsuranceYears: 5, residenceYears: 7 });
    expect(points.status).toBe('inferred');
    expect(points.notes[0]).toMatch(/EXAMPLE WEIGHTS/);
    expect(list.entitlements.map((e) => e.id)).toContain('childcare-subsidy');
  });

  it('returns no residence-based access before the example minimum stay in Zhejiang', () => {
    const person: Person = { birthDate: '1995-01-01', hukou: { place: 'CN-62' }, residence: { place: 'CN-33', since: '2025-01-15' } };
    const list = listEntitlements(person, { ruleset: zhejiang, date: '2025-06-01', place: 'CN-33' });
    // 4 months < 6 (example)
    expect(byId(list, 'basic-public-health-services').eligible).toBe(false);
  });

  it('refuses an unknown region, a place outside the ruleset and missing fields', () => {
    expect(errorOf(() => listEntitlements({ birthDate: '1990-01-01', hukou: { place: 'CN-31' } }, { ruleset: national, date: '2025-06-01', place: 'Mars' }))).toEqual({ code: 'input/enum', paths: ['place'] });
    expect(errorOf(() => listEntitlements({ birthDate: '1990-01-01', hukou: { place: 'CN-31' } }, { ruleset: zhejiang, date: '2025-06-01', place: 'CN-31' }))).toEqual({ code: 'input/enum', paths: ['place'] });
    expect(errorOf(() => listEntitlements({ hukou: { place: 'somewhere' } } as unknown as Person, { ruleset: national, date: '2025-06-01', place: 'CN-31' }))).toEqual({
      code: 'input/missing',
      paths: ['birthDate', 'hukou.place'],
    });
    expect(errorOf(() => listEntitlements({ birthDate: '1990-01-01', hukou: { place: 'CN-31' }, socialInsuranceMonths: -3 }, { ruleset: zhejiang, date: '2025-06-01', place: 'CN-33' })).code).toBe('value/negative');
  });
});

describe('childcare months per calendar year come from the evaluation date alone', () => {
  it('takes no yearEnd / previousYearEnd input: the ruleset builds the dates with endOfYear, startOfYear and addDays', () => {
    expect(Object.keys(national.ruleset.inputs)).not.toContain('yearEnd');
    expect(Object.keys(national.ruleset.inputs)).not.toContain('previousYearEnd');
    expect(national.ruleset.rules['childcareSubsidyMonthsThisYear']!.formula).toMatch(/endOfYear\(evaluationDate\)[\s\S]*addDays\(startOfYear\(evaluationDate\), -1\)/);
  });

  it('switches year on 1 January: born 2024-01-31, 12 months in 2025, 1 in 2027 (the third birthday)', () => {
    const months = (date: string) =>
      national.evaluate({ birthDate: '2024-01-31', hukouHere: true, residesHere: false }, { date }).outputs['childcareSubsidyMonthsThisYear'];
    // 11 months of age completed by 2024-12-31, so 2025 pays months 12 … 23 and 2027 only the 36th (2027-01-31).
    expect([months('2025-01-01'), months('2025-12-31'), months('2026-01-01'), months('2027-01-01'), months('2028-01-01')]).toEqual([12, 12, 12, 1, 0]);
  });
});
