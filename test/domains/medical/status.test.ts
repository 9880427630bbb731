/**
 * The assistance → medical bridge (src/domains/medical/status.ts): a person's assistance status over time mapped
 * to the settlement rulesets' category on each discharge date. Settlements worked by hand on the illustrative
 * test region (tertiary: deductible 1,000 per admission, 65%; 低保: deductible × 0.5, +5 points, CII bands above
 * 7,500 at 65%, assistance 70% with no deductible; 因病致贫: assistance deductible 8,000 at 50%).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../src/index';
import { assessHousehold, type HouseholdMember } from '../../../src/domains/assistance';
import { medicalCategoryOn, settleClaim, settleYear, statusFromAssessment, type Claim, type StatusHistory } from '../../../src/domains/medical';
import { compile } from '../../../src/engine/program';
import { loadRuleset } from '../../../src/node/load';
import { errorOf } from '../../helpers/errors';
import { program } from './helpers';

let illustrative: Program;
let gansuAssistance: Program;
beforeAll(async () => {
  illustrative = await program('illustrative');
  gansuAssistance = compile(await loadRuleset('rulesets/cn/assistance/example/gansu.yaml', { noBundled: true, rulesetDirs: ['rulesets/cn/assistance'] }));
});

const stay = (id: string, dischargeDate: string, amount: number): Claim => ({ id, personId: 'li', hospitalLevel: 'tertiary', dischargeDate, birthDate: '1970-01-01', bill: { total: amount, inCatalogue: amount } });

describe('medicalCategoryOn', () => {
  it('maps each assistance status to the category of the settlement rulesets', () => {
    const on = (status: StatusHistory[number]['status']) => medicalCategoryOn([{ status, from: '2025-01-01' }], '2025-06-01').category;
    expect(on('extremePoverty')).toBe('extremelyPoorPerson');
    expect(on('minimumLivingAllowance')).toBe('minimumLivingAllowance');
    expect(on('lowIncomeMarginal')).toBe('lowIncomeMarginalHousehold');
    expect(on('povertyMonitoring')).toBe('relapsedOrNewlyPoor');
    // Seed 001: medical assistance extends to rigid-expense-hardship households; 国办发〔2021〕42号's terms for a
    // household in hardship from medical spending are those of 因病致贫重病患者.
    expect(on('rigidExpenditureHardship')).toBe('illnessImpoverishedPatient');
    expect(on('none')).toBe('ordinary');
  });

  it('applies a status from its first to its last day, and the most protective of overlapping ones', () => {
    const history: StatusHistory = [
      { status: 'lowIncomeMarginal', from: '2025-01-01' },
      { status: 'minimumLivingAllowance', from: '2025-04-01', until: '2025-09-30' },
    ];
    expect(medicalCategoryOn(history, '2024-12-31')).toEqual({ date: '2024-12-31', status: 'none', category: 'ordinary' });
    expect(medicalCategoryOn(history, '2025-03-31').category).toBe('lowIncomeMarginalHousehold');
    expect(medicalCategoryOn(history, '2025-04-01')).toEqual({ date: '2025-04-01', status: 'minimumLivingAllowance', category: 'minimumLivingAllowance', period: history[1] });
    expect(medicalCategoryOn(history, '2025-09-30').category).toBe('minimumLivingAllowance');
    expect(medicalCategoryOn(history, '2025-10-01').category).toBe('lowIncomeMarginalHousehold');
  });

  it('refuses a malformed history or date with codes and paths', () => {
    expect(errorOf(() => medicalCategoryOn([{ status: 'minimumLivingAllowance', from: '2025-04-01', until: '2025-03-01' }], '2025-05-01')).issues[0]).toMatchObject({ code: 'input/invalid', path: ['statusHistory', 0, 'until'] });
    expect(errorOf(() => medicalCategoryOn([{ status: 'dibao' as never, from: '2025-04-01' }], '2025-05-01')).issues[0]?.path).toEqual(['statusHistory', 0, 'status']);
    expect(errorOf(() => medicalCategoryOn('x' as never, '2025-05-01')).issues[0]?.path).toEqual(['statusHistory']);
    expect(errorOf(() => medicalCategoryOn([], '2025-02-30')).issues[0]?.path).toEqual(['date']);
  });
});

describe('statusFromAssessment', () => {
  it('turns an assessHousehold result into a status period from its date', () => {
    // The Gansu example's 低保 family of three (src test of assessHousehold): 1,600 a month ÷ 3 < 672.
    const urban = { place: 'CN-62', type: 'urban' } as const;
    const member = (birthDate: string, relation: HouseholdMember['relation']): HouseholdMember => ({ birthDate, relation, hukou: urban });
    const assessment = assessHousehold(
      { members: [member('1985-03-10', 'applicant'), member('1987-07-01', 'spouse'), member('2023-12-15', 'child')], incomes: [{ kind: 'wages', monthlyAmount: 1500 }, { kind: 'transfer', monthlyAmount: '100' }], assets: { financial: '20000' } },
      { ruleset: gansuAssistance, date: '2025-04-01' },
    );
    expect(assessment.category).toBe('minimumLivingAllowance');
    expect(statusFromAssessment(assessment)).toEqual({ status: 'minimumLivingAllowance', from: '2025-04-01' });
    expect(statusFromAssessment(assessment, { until: '2026-03-31' })).toEqual({ status: 'minimumLivingAllowance', from: '2025-04-01', until: '2026-03-31' });
    expect(errorOf(() => statusFromAssessment(assessment, { until: '2025-01-01' })).issues[0]?.path).toEqual(['options', 'until']);
    expect(errorOf(() => statusFromAssessment({ ...assessment, category: 'tekun' as never })).issues[0]?.path).toEqual(['assessment', 'category']);
  });
});

describe('settling with a status history', () => {
  it('gives a rigid-expense-hardship household the 因病致贫 assistance terms and says so', () => {
    // 40,000 tertiary: basic (40,000 − 1,000) × 65% = 25,350; self-pay 14,650 < 15,000 → CII 0;
    // assistance (14,650 − 8,000) × 50% = 3,325; funds 28,675; patient 11,325.
    const s = settleClaim(stay('a', '2025-06-01', 40000), { ruleset: illustrative, statusHistory: [{ status: 'rigidExpenditureHardship', from: '2025-01-01' }] });
    expect(s.tiers).toMatchObject({ basic: '25350.00', criticalIllness: '0.00', medicalAssistance: '3325.00' });
    expect(s.outOfPocket.total).toBe('11325.00');
    expect(s.assistanceStatus).toMatchObject({ date: '2025-06-01', status: 'rigidExpenditureHardship', category: 'illnessImpoverishedPatient' });
    expect(s.outputs).toEqual(settleClaim({ ...stay('a', '2025-06-01', 40000), category: 'illnessImpoverishedPatient' }, { ruleset: illustrative }).outputs);
  });

  it('settles each claim of a year under the status of its discharge date', () => {
    // 低保 from 2025-04-01. Claim 1 (03-31, ordinary), 20,000: basic (20,000 − 1,000) × 65% = 12,350; self-pay
    // 7,650 (CII base and assistance base both 7,650). Claim 2 (04-02, 低保), 20,000: deductible 1,000 × 0.5 = 500,
    // rate 70%: basic 19,500 × 70% = 13,650; self-pay 6,350; CII on tilted bands over the year's base:
    // (14,000 − 7,500) × 65% − (7,650 − 7,500) × 65% = 4,225 − 97.50 = 4,127.50; assistance base 6,350 − 4,127.50 =
    // 2,222.50 at 70% (no deductible) = 1,555.75; patient 20,000 − 13,650 − 4,127.50 − 1,555.75 = 666.75.
    const history: StatusHistory = [{ status: 'minimumLivingAllowance', from: '2025-04-01' }];
    const { settlements, ledger } = settleYear({ id: 'li', birthDate: '1970-01-01' }, [stay('b', '2025-04-02', 20000), stay('a', '2025-03-31', 20000)], { ruleset: illustrative, statusHistory: history });
    expect(settlements.map((s) => [s.claimId, s.assistanceStatus?.status, s.tiers.basic, s.tiers.criticalIllness, s.tiers.medicalAssistance, s.outOfPocket.total])).toEqual([
      ['a', 'none', '12350.00', '0.00', '0.00', '7650.00'],
      ['b', 'minimumLivingAllowance', '13650.00', '4127.50', '1555.75', '666.75'],
    ]);
    expect(ledger!.settled.map((e) => [e.status, e.claim.category])).toEqual([
      ['none', 'ordinary'],
      ['minimumLivingAllowance', 'minimumLivingAllowance'],
    ]);
  });

  it('refuses a claim whose own category contradicts the history, and a person category with a history', () => {
    const history: StatusHistory = [{ status: 'minimumLivingAllowance', from: '2025-04-01' }];
    expect(errorOf(() => settleClaim({ ...stay('a', '2025-06-01', 1000), category: 'ordinary' }, { ruleset: illustrative, statusHistory: history })).issues[0]).toMatchObject({ code: 'claim/invalid', path: ['category'] });
    expect(errorOf(() => settleYear({ id: 'li', category: 'ordinary' }, [stay('a', '2025-06-01', 1000)], { ruleset: illustrative, statusHistory: history })).issues[0]).toMatchObject({ code: 'options/invalid', path: ['person', 'category'] });
  });
});
