import { beforeAll, describe, expect, it } from 'vitest';
import { assessHousehold, type Household, type HouseholdMember } from '../../../src/domains/assistance';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import { MinshengError } from '../../../src/errors';

const DIRS = { noBundled: true, rulesetDirs: ['rulesets/cn/assistance'] } as const;
let gansuExample: Program;
let gansu: Program;
let nanchangExample: Program;

beforeAll(async () => {
  gansuExample = compile(await loadRuleset('rulesets/cn/assistance/example/gansu.yaml', DIRS));
  gansu = compile(await loadRuleset('rulesets/cn/assistance/gansu.yaml', DIRS));
  nanchangExample = compile(await loadRuleset('rulesets/cn/assistance/example/nanchang.yaml', DIRS));
});

const urban = { place: 'CN-62', type: 'urban' } as const;
const adult = (birthDate: string, relation: HouseholdMember['relation'] = 'applicant'): HouseholdMember => ({ birthDate, relation, hukou: urban });
const date = '2025-06-01';

function codeOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, paths: e.issues.map((i) => (i.path ?? []).join('.')) };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

// The example Gansu ruleset (EXAMPLE figures, not official): urban standard 26,850 × 30% ÷ 12 = 671.25 → 672;
// edge ceiling 672 × 1.5 = 1,008; financial-asset limit 672 × 24 = 16,128 per person.
describe('assessHousehold', () => {
  it('returns 低保 with the gap on household totals for a family of three', () => {
    const household: Household = {
      members: [adult('1985-03-10'), adult('1987-07-01', 'spouse'), adult('2023-12-15', 'child')],
      incomes: [
        { kind: 'wages', monthlyAmount: 1500 },
        { kind: 'transfer', monthlyAmount: '100' },
        { kind: 'childcareSubsidy', monthlyAmount: 300 },
      ],
      assets: { financial: '20000' },
    };
    const r = assessHousehold(household, { ruleset: gansuExample, date });
    // counted 1,600 (childcare subsidy excluded); 1,600 ÷ 3 = 533.33 < 672; gap 672 × 3 − 1,600 = 416
    expect(r.category).toBe('minimumLivingAllowance');
    expect(r.householdSize).toBe(3);
    expect(r.minimumLivingStandard).toBe('672.00');
    expect(r.perCapitaMonthlyIncome).toBe('533.33');
    const dibao = r.schemes.find((s) => s.scheme === 'minimumLivingAllowance')!;
    expect(dibao.eligible).toBe(true);
    expect(dibao.monthlyAmount).toBe('416.00');
    expect(dibao.wouldQualifyWith).toEqual([]);
    const income = dibao.reasons.find((x) => x.test === 'dibaoIncomeTestPassed')!;
    expect(income.passed).toBe(true);
    expect(income.comparisons[0]).toMatchObject({ left: '533.33', op: '<', right: '672.00', result: true });
    expect(income.message).toBe('✔ Per-capita income below the standard: 533.33 < 672.00');
    expect(income.source).toMatchObject({ id: 'mca-2021-57-dibao-review', status: 'inferred' });
    const financial = dibao.reasons.find((x) => x.test === 'financialAssetTestPassed')!;
    expect(financial.comparisons[0]).toMatchObject({ left: '6666.67', op: '<=', right: '16128.00' });
    // the edge band and rigid expenditure do not apply to a 低保 household
    expect(r.schemes.find((s) => s.scheme === 'lowIncomeMarginal')!.eligible).toBe(false);
  });

  it('returns the income threshold of a failed 低保 test', () => {
    // 1,344 ÷ 2 = 672: not below 672 → no 低保, but inside the edge band (672 ≤ 1,008)
    const r = assessHousehold({ members: [adult('1985-03-10'), adult('1987-07-01', 'spouse')], incomes: [{ kind: 'wages', monthlyAmount: 1344 }] }, { ruleset: gansuExample, date });
    const dibao = r.schemes.find((s) => s.scheme === 'minimumLivingAllowance')!;
    expect(dibao.eligible).toBe(false);
    expect(dibao.monthlyAmount).toBeUndefined();
    expect(dibao.wouldQualifyWith).toEqual([
      expect.objectContaining({ test: 'dibaoIncomeTestPassed', quantity: 'perCapitaMonthlyIncome', op: '<', value: '672.00', current: '672.00' }),
    ]);
    expect(dibao.wouldQualifyWith[0]!.message).toBe('would qualify with Per-capita monthly income < 672.00 (now 672.00)');
    expect(r.category).toBe('lowIncomeMarginal');
  });

  it('returns the strict national edge ceiling as the threshold for income at it', () => {
    // 2,016 ÷ 2 = 1,008 = 672 × 1.5: not below 1,008 (national 低于) → not edge
    const r = assessHousehold({ members: [adult('1985-03-10'), adult('1987-07-01', 'spouse')], incomes: [{ kind: 'wages', monthlyAmount: 2016 }] }, { ruleset: gansuExample, date });
    const edge = r.schemes.find((s) => s.scheme === 'lowIncomeMarginal')!;
    expect(edge.eligible).toBe(false);
    expect(edge.wouldQualifyWith.map((t) => t.message)).toEqual(['would qualify with Per-capita monthly income < 1008.00 (now 1008.00)']);
    const reason = edge.reasons.find((x) => x.test === 'edgeIncomeTestPassed')!;
    expect(reason.source).toMatchObject({ id: 'mca-edge-notice-chinascope', status: 'secondary' });
    expect(r.category).toBe('none');
  });

  it('returns the inclusive edge ceiling where the region writes 不高于 (Jiangsu example)', async () => {
    const jiangsuExample = compile(await loadRuleset('rulesets/cn/assistance/example/jiangsu.yaml', DIRS));
    const js = { place: 'CN-320100', type: 'urban' } as const;
    // example standard 1,000 → ceiling 1,500; 3,000 ÷ 2 = 1,500 ≤ 1,500 → edge in Jiangsu
    const at = assessHousehold({ members: [{ birthDate: '1985-03-10', relation: 'applicant', hukou: js }, { birthDate: '1987-07-01', relation: 'spouse', hukou: js }], incomes: [{ kind: 'wages', monthlyAmount: 3000 }] }, { ruleset: jiangsuExample, date });
    const edge = at.schemes.find((s) => s.scheme === 'lowIncomeMarginal')!;
    expect(edge.eligible).toBe(true);
    expect(edge.reasons.find((x) => x.test === 'edgeIncomeTestPassed')!.source).toMatchObject({ id: 'jiangsu-dibao-edge-measures' });
    // half a fen above (1,500.005) is outside, and the threshold says <=
    const above = assessHousehold({ members: [{ birthDate: '1985-03-10', relation: 'applicant', hukou: js }, { birthDate: '1987-07-01', relation: 'spouse', hukou: js }], incomes: [{ kind: 'wages', monthlyAmount: '3000.01' }] }, { ruleset: jiangsuExample, date });
    expect(above.schemes.find((s) => s.scheme === 'lowIncomeMarginal')!.wouldQualifyWith.map((t) => t.message)).toEqual(['would qualify with Per-capita monthly income <= 1500.00 (now 1500.01)']);
  });

  it('returns 特困 by disability type and level, not by level alone', () => {
    const alone = (m: Partial<HouseholdMember>): Household => ({ members: [{ ...adult('1985-03-10'), ...m }], legalSupporter: 'none' });
    // intellectual level 3 counts (1–3); physical level 3 does not (1–2); visual level 2 does not (1); hearing never
    expect(assessHousehold(alone({ disabilityLevel: 'level3', disabilityType: 'intellectual' }), { ruleset: gansuExample, date }).category).toBe('extremePoverty');
    expect(assessHousehold(alone({ disabilityLevel: 'level3', disabilityType: 'mental' }), { ruleset: gansuExample, date }).category).toBe('extremePoverty');
    expect(assessHousehold(alone({ disabilityLevel: 'level2', disabilityType: 'physical' }), { ruleset: gansuExample, date }).category).toBe('extremePoverty');
    expect(assessHousehold(alone({ disabilityLevel: 'level3', disabilityType: 'physical' }), { ruleset: gansuExample, date }).category).toBe('minimumLivingAllowance');
    expect(assessHousehold(alone({ disabilityLevel: 'level1', disabilityType: 'visual' }), { ruleset: gansuExample, date }).category).toBe('extremePoverty');
    expect(assessHousehold(alone({ disabilityLevel: 'level2', disabilityType: 'visual' }), { ruleset: gansuExample, date }).category).toBe('minimumLivingAllowance');
    expect(assessHousehold(alone({ disabilityLevel: 'level1', disabilityType: 'hearing' }), { ruleset: gansuExample, date }).category).toBe('minimumLivingAllowance');
    // a member merely assessed as unable to work is a provincial case (item 四), not presumed nationally
    expect(assessHousehold(alone({ workAbility: 'none' }), { ruleset: gansuExample, date }).category).toBe('minimumLivingAllowance');
  });

  it('refuses a disability level without its type', () => {
    const h: Household = { members: [{ ...adult('1985-03-10'), disabilityLevel: 'level1' }], legalSupporter: 'none' };
    expect(codeOf(() => assessHousehold(h, { ruleset: gansuExample, date }))).toEqual({ code: 'household/invalid', paths: ['members.0.disabilityType'] });
  });

  it('counts each income kind per scheme: the central basic pension and 高龄津贴 are not 特困 income', () => {
    // 特困 counts 600 (resident pension other than the central part); 低保 counts 600 + 100 (高龄津贴 not on its list)
    const h: Household = {
      members: [adult('1945-01-01')],
      incomes: [
        { kind: 'residentBasicPensionCentral', monthlyAmount: 150 },
        { kind: 'residentPensionOther', monthlyAmount: 600 },
        { kind: 'elderlyAllowance', monthlyAmount: 100 },
      ],
      legalSupporter: 'none',
    };
    const r = assessHousehold(h, { ruleset: gansuExample, date });
    expect(r.category).toBe('extremePoverty');
    const tekun = r.schemes.find((s) => s.scheme === 'extremePoverty')!;
    const income = tekun.reasons.find((x) => x.test === 'tekunIncomeTestPassed')!;
    expect(income.comparisons[0]).toMatchObject({ left: '600.00', op: '<', right: '672.00', result: true });
    expect(income.source).toMatchObject({ id: 'tekun-dibao-articles-quoted' });
    // the same household's 低保 income test (shown, though 特困 takes precedence) reads 700
    expect(r.perCapitaMonthlyIncome).toBe('700.00');
    // a retirement pension (离退休金) of the same amount counts for both → no 特困
    const retired = assessHousehold({ ...h, incomes: [{ kind: 'retirementPension', monthlyAmount: 700 }] }, { ruleset: gansuExample, date });
    expect(retired.category).toBe('lowIncomeMarginal');
  });

  it('refuses the central basic pension for 低保 after 2025 (the exclusion is dated 2021–2025)', () => {
    const h: Household = { members: [adult('1945-01-01')], incomes: [{ kind: 'residentBasicPensionCentral', monthlyAmount: 150 }] };
    const e = codeOf(() => assessHousehold(h, { ruleset: gansuExample, date: '2026-03-01' }));
    expect(e.code).toBe('eval/no-value-in-force');
  });

  it('returns the rigid-expense threshold when expenses fall short', () => {
    // income 3,000 × 12 × 50% = 18,000; expenses 18,000 are not above it
    const r = assessHousehold(
      { members: [adult('1985-03-10'), adult('1987-07-01', 'spouse')], incomes: [{ kind: 'wages', monthlyAmount: 3000 }], rigidExpenses12m: { medical: 18000 } },
      { ruleset: gansuExample, date },
    );
    const rigid = r.schemes.find((s) => s.scheme === 'rigidExpenditureHardship')!;
    expect(rigid.eligible).toBe(false);
    expect(rigid.wouldQualifyWith).toEqual([expect.objectContaining({ quantity: 'rigidExpensesTotal', op: '>', value: '18000.00', current: '18000.00' })]);
  });

  it('returns 特困 with its amount and 低保 refused by precedence', () => {
    // age 70, no income, no supporter; 672 × 1.3 = 873.60
    const r = assessHousehold({ members: [adult('1955-01-01')], legalSupporter: 'none' }, { ruleset: gansuExample, date });
    expect(r.category).toBe('extremePoverty');
    const tekun = r.schemes[0]!;
    expect(tekun).toMatchObject({ scheme: 'extremePoverty', eligible: true, monthlyAmount: '873.60' });
    const dibao = r.schemes[1]!;
    expect(dibao.eligible).toBe(false);
    expect(dibao.reasons.find((x) => x.test === 'extremePovertyEligible')).toMatchObject({ passed: false });
    expect(dibao.wouldQualifyWith).toEqual([]);
  });

  it('does not presume 特困 when the supporter is not stated', () => {
    const r = assessHousehold({ members: [adult('1955-01-01')] }, { ruleset: gansuExample, date });
    expect(r.schemes[0]!.eligible).toBe(false);
    expect(r.schemes[0]!.reasons.find((x) => x.test === 'noAbleSupporter')!.passed).toBe(false);
    expect(r.category).toBe('minimumLivingAllowance');
  });

  it('returns the minimum payment and rigid-expense deduction of the region (Nanchang example)', () => {
    const hukou = { place: 'CN-360102', type: 'urban' } as const; // a district of Nanchang
    const r = assessHousehold(
      {
        members: [
          { birthDate: '1980-01-01', relation: 'applicant', hukou },
          { birthDate: '1982-02-02', relation: 'spouse', hukou },
          { birthDate: '2010-03-03', relation: 'child', hukou, schoolEnrolment: 'juniorSecondary' },
        ],
        incomes: [{ kind: 'wages', monthlyAmount: 2700 }],
        rigidExpenses12m: { medical: 2400 },
      },
      { ruleset: nanchangExample, date },
    );
    // deduction 2,400 ÷ 12 = 200; (2,700 − 200) ÷ 3 = 833.33 < 900; gap 2,700 − 2,500 = 200
    expect(r.schemes[1]).toMatchObject({ eligible: true, monthlyAmount: '200.00' });
  });

  it('accepts money as numbers or strings and gives the same result', () => {
    const base = { members: [adult('1985-03-10')] };
    const a = assessHousehold({ ...base, incomes: [{ kind: 'wages', monthlyAmount: 0.1 }] }, { ruleset: gansuExample, date });
    const b = assessHousehold({ ...base, incomes: [{ kind: 'wages', monthlyAmount: '0.10' }] }, { ruleset: gansuExample, date });
    // 672 − 0.10 = 671.90 → rounded up to the yuan (example rule) → 672
    expect(a.schemes[1]!.monthlyAmount).toBe('672.00');
    expect(b.schemes[1]!.monthlyAmount).toBe(a.schemes[1]!.monthlyAmount);
  });
});

describe('assessHousehold bad input', () => {
  it('refuses a household with zero members', () => {
    expect(codeOf(() => assessHousehold({ members: [] }, { ruleset: gansuExample, date }))).toEqual({ code: 'household/invalid', paths: ['members'] });
  });

  it('refuses members without required fields, naming each', () => {
    const bad = { members: [{ relation: 'applicant', hukou: urban }, { birthDate: '1980-01-01', hukou: { place: 'CN-62' } }] } as unknown as Household;
    const { code, paths } = codeOf(() => assessHousehold(bad, { ruleset: gansuExample, date }));
    expect(code).toBe('input/missing');
    expect(paths).toEqual(['members.0.birthDate', 'members.1.relation', 'members.1.hukou.type']);
  });

  it('refuses a negative income with its path', () => {
    const r = codeOf(() => assessHousehold({ members: [adult('1985-03-10')], incomes: [{ kind: 'wages', monthlyAmount: -1 }] }, { ruleset: gansuExample, date }));
    expect(r).toEqual({ code: 'value/negative', paths: ['incomes.0.monthlyAmount'] });
  });

  it('refuses amounts with more than two decimals and unknown income kinds', () => {
    const bad = { members: [adult('1985-03-10')], incomes: [{ kind: 'wages', monthlyAmount: '1.005' }, { kind: 'lottery', monthlyAmount: 1 }] } as unknown as Household;
    const { code, paths } = codeOf(() => assessHousehold(bad, { ruleset: gansuExample, date }));
    expect(code).toBe('value/precision');
    expect(paths).toEqual(['incomes.0.monthlyAmount', 'incomes.1.kind']);
  });

  it('refuses an unknown region', () => {
    const bad = { members: [{ birthDate: '1985-03-10', relation: 'applicant', hukou: { place: 'Atlantis', type: 'urban' } }] } as unknown as Household;
    expect(codeOf(() => assessHousehold(bad, { ruleset: gansuExample, date }))).toEqual({ code: 'household/invalid', paths: ['members.0.hukou.place'] });
  });

  it('refuses a household whose hukou lies outside the ruleset region', () => {
    const shanghai = { members: [{ birthDate: '1985-03-10', relation: 'applicant', hukou: { place: 'CN-31', type: 'urban' } }] } satisfies Household;
    expect(codeOf(() => assessHousehold(shanghai, { ruleset: gansuExample, date }))).toEqual({ code: 'household/invalid', paths: ['members.0.hukou.place'] });
  });

  it('refuses a birth date after the assessment date', () => {
    expect(codeOf(() => assessHousehold({ members: [adult('2026-01-01')] }, { ruleset: gansuExample, date }))).toEqual({ code: 'household/invalid', paths: ['members.0.birthDate'] });
  });

  it('refuses to guess a standard the region has not published', () => {
    expect(codeOf(() => assessHousehold({ members: [adult('1985-03-10')] }, { ruleset: gansu, date })).code).toBe('eval/no-value-in-force');
  });
});
