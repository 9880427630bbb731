import { beforeAll, describe, expect, it } from 'vitest';
import { planResidentPension } from '../../../src/domains/pension';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import { MinshengError } from '../../../src/errors';

let national: Program;

beforeAll(async () => {
  national = compile(await loadRuleset('rulesets/cn/pension/national.yaml', { noBundled: true, rulesetDirs: ['rulesets/cn/pension'] }));
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

describe('planResidentPension', () => {
  it('compares three tiers for someone 15 years from 60: account ÷ 139 plus the national minimum', () => {
    const plan = planResidentPension({ birthDate: '1980-06-01' }, { ruleset: national, date: '2025-06-01', tiers: [2000, 100, 500] });
    expect(plan).toMatchObject({ age: 45, yearsToContribute: 15, totalYears: 15, meetsMinimumYears: true, basicPensionMinimum: '143.00', accountDivisor: 139 });
    // (100 + 30) × 15 = 1,950 → 14.03; (500 + 60) × 15 = 8,400 → 60.43; (2,000 + 60) × 15 = 30,900 → 222.30; each + 143
    expect(plan.tiers.map((t) => [t.tier, t.accountAt60AtLeast, t.personalAccountPensionAtLeast, t.monthlyPensionAtLeast, t.extraAtLeastOverFirstTier])).toEqual([
      [100, '1950.00', '14.03', '157.03', '0.00'],
      [500, '8400.00', '60.43', '203.43', '46.40'],
      [2000, '30900.00', '222.30', '365.30', '208.27'],
    ]);
  });

  it("leaves the exact pension null, naming the province's figures it needs", () => {
    const plan = planResidentPension({ birthDate: '1980-06-01' }, { ruleset: national, date: '2025-06-01', tiers: [500] });
    const t = plan.tiers[0]!;
    expect(t.governmentSubsidy).toBeNull();
    expect(t.monthlyPension).toBeNull();
    expect(t.needs).toEqual(expect.arrayContaining(['subsidy.perTier', 'basicPension.regionalTopUp']));
    const exact = t.reasons.find((r) => r.rule === 'monthlyPension')!;
    expect(exact.value).toBeNull();
    expect(exact.message).toMatch(/not published here/);
  });

  it('shows the national minimum by date: 123 in 2024, 143 from 2025 (inferred levels, +20 cited to seed 001)', () => {
    const p2024 = planResidentPension({ birthDate: '1955-01-01', yearsContributed: 15 }, { ruleset: national, date: '2024-12-31', tiers: [100] });
    const p2025 = planResidentPension({ birthDate: '1955-01-01', yearsContributed: 15 }, { ruleset: national, date: '2025-01-01', tiers: [100] });
    expect([p2024.basicPensionMinimum, p2025.basicPensionMinimum]).toEqual(['123.00', '143.00']);
    expect(p2025.payableNow).toBe(true);
    const uses = p2025.trace.find((t) => t.name === 'basicPensionMinimum')!.uses;
    expect(uses.filter((u) => u.kind === 'parameter').map((u) => u.source)).toEqual(['resident-pension-minimum-2025-inferred', 'seed-001-scio-2025-06-10']);
  });

  it('says how many years would meet the 15-year minimum', () => {
    const plan = planResidentPension({ birthDate: '1970-06-01', yearsContributed: 2 }, { ruleset: national, date: '2025-06-01', tiers: [100] });
    // 55 → 5 more years to 60; 2 + 5 = 7 < 15
    expect(plan).toMatchObject({ yearsToContribute: 5, totalYears: 7, meetsMinimumYears: false });
    expect(plan.wouldQualifyWith.map((t) => t.message)).toEqual(['would qualify with Years of contributions at 60 >= 15 (now 7)']);
  });

  it('adds an existing balance and marks contributions paid on behalf of a severely disabled member', () => {
    const plan = planResidentPension(
      { birthDate: '1974-06-01', yearsContributed: 5, accountBalance: '3000', hardshipGroup: 'severeDisability' },
      { ruleset: national, date: '2024-06-01', tiers: [300], yearsToContribute: 10 },
    );
    // 3,000 + (300 + 30) × 10 = 6,300 → 45.32; 2024 minimum 123 → 168.32
    expect(plan.tiers[0]).toMatchObject({ accountAt60AtLeast: '6300.00', monthlyPensionAtLeast: '168.32' });
    expect(plan.contributionsPaidOnBehalf).toBe(true);
  });

  it('lists all twelve tiers by default, each floor no lower than the tier before', () => {
    const plan = planResidentPension({ birthDate: '1980-06-01' }, { ruleset: 'cn/pension/national', date: '2025-06-01' });
    expect(plan.tiers.map((t) => t.tier)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000]);
    const floors = plan.tiers.map((t) => Number(t.monthlyPensionAtLeast));
    expect(floors.every((f, i) => i === 0 || f >= floors[i - 1]!)).toBe(true);
  });

  it('refuses wrong input with a code and a path', () => {
    expect(errorOf(() => planResidentPension({ birthDate: '1980-06-01' }, { ruleset: national, date: '2025-06-01', tiers: [150 as never] })).code).toBe('options/invalid');
    expect(errorOf(() => planResidentPension({ birthDate: '1980-06-01', accountBalance: '-1' }, { ruleset: national, date: '2025-06-01' }))).toMatchObject({ code: 'value/negative', paths: ['accountBalance'] });
    expect(errorOf(() => planResidentPension({ birthDate: '2030-01-01' }, { ruleset: national, date: '2025-06-01' })).paths).toEqual(['birthDate']);
    expect(errorOf(() => planResidentPension({ birthDate: '1980-06-01' }, { ruleset: 'cn/enrolment/national', date: '2025-06-01' }))).toMatchObject({ code: 'options/invalid', paths: ['ruleset'] });
    expect(errorOf(() => planResidentPension({ birthDate: '1980-06-01' }, { ruleset: national, date: '2023-06-01' })).code).toBe('eval/outside-validity');
    expect(errorOf(() => planResidentPension({ birthDate: '1980-06-01', yearsContributed: 1.5 }, { ruleset: national, date: '2025-06-01' })).paths).toEqual(['yearsContributed']);
  });
});

describe('one pension everywhere', () => {
  it('listEntitlements reports the national minimum that planResidentPension uses, from the same ruleset', async () => {
    const { listEntitlements } = await import('../../../src/domains/entitlements');
    for (const date of ['2025-01-01', '2025-06-01']) {
      const list = listEntitlements({ birthDate: '1960-03-01', hukou: { place: 'CN-62' }, enrolments: { residentPension: true } }, { ruleset: 'cn/entitlements/national', date, place: 'CN-62' });
      const pension = list.entitlements.find((e) => e.id === 'resident-basic-pension')!;
      const plan = planResidentPension({ birthDate: '1960-03-01', yearsContributed: 15 }, { ruleset: 'cn/pension/national', date, tiers: [100] });
      expect(pension.amount).toBe(plan.basicPensionMinimum); // 143.00
      expect(pension.status).toBe('inferred');
      expect(pension.reasons.map((r) => r.rule)).toContain('cn/pension/national#basicPensionMinimum');
    }
  });
});
