/**
 * Typed entry point of one-stop settlement: {@link settleClaim} for one claim. The year ledger (settling into it,
 * reversing, a year of claims) is in ./ledger.ts. The rules themselves live in the rulesets
 * (rulesets/cn/medical/*.yaml); this module only maps typed claims in and typed settlements out.
 */
import { MinshengError } from '../../errors';
import { formatDate, parseDate } from '../../period/date';
import { policyYearOf } from '../../period/policy-year';
import type { Program } from '../../engine/program';
import type { OutputValue } from '../../engine/trace';
import { checkArg, requirePlainObject } from '../fields';
import { staleFigureWarnings } from '../../engine/stale';
import { checkClaim, normalizeYtd, pickProgram, relocateRegional, toRulesetInput } from './claim';
import { applyStatus, checkStatusHistory } from './status';
import {
  settleClaimOptionsSchema,
  type Claim,
  type PlatformFields,
  type SettleClaimOptions,
  type Settlement,
  type VisitType,
  type YearToDate,
} from './types';
import type { z } from 'zod';

/** Checks the options argument of a facade: an object of the known options (`options/invalid` otherwise). */
export function checkOptions<S extends z.ZodType>(options: unknown, schema: S, fn: string, shape: string): z.output<S> {
  requirePlainObject(options, 'options/invalid', `${fn} needs options ${shape}`);
  return checkArg(options, schema, { code: 'options/invalid' });
}

function str(outputs: Readonly<Record<string, OutputValue>>, name: string, program: Program): string {
  const v = outputs[name];
  if (typeof v !== 'string') {
    throw new MinshengError({ code: 'claim/invalid', message: `ruleset ${program.id} has no money output '${name}' (is it a medical settlement ruleset?)`, path: ['ruleset'] });
  }
  return v;
}

function ytdFrom(outputs: Readonly<Record<string, OutputValue>>, program: Program, claim: Claim, before: YearToDate): YearToDate {
  const admissions = outputs['ytdAfterAdmissions'];
  // The per-disease chronic accumulator moves only for a chronic-outpatient claim, under its own disease.
  const disease = claim.chronicDisease;
  let byDisease = before.chronicByDisease;
  if ((claim.visitType ?? 'inpatient') === 'chronicOutpatient' && disease !== undefined) {
    const after = str(outputs, 'ytdAfterChronicDiseasePaid', program);
    const others = Object.entries(byDisease ?? {}).filter(([code]) => code !== disease);
    const entries = (after === '0.00' ? others : [...others, [disease, after] as const]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    byDisease = entries.length > 0 ? Object.freeze(Object.fromEntries(entries)) : undefined;
  }
  return Object.freeze({
    admissions: typeof admissions === 'number' ? admissions : Number(admissions),
    inpatientDeductiblePaid: str(outputs, 'ytdAfterInpatientDeductiblePaid', program),
    outpatientDeductiblePaid: str(outputs, 'ytdAfterOutpatientDeductiblePaid', program),
    chronicDeductiblePaid: str(outputs, 'ytdAfterChronicDeductiblePaid', program),
    basicPaid: str(outputs, 'ytdAfterBasicPaid', program),
    outpatientBasicPaid: str(outputs, 'ytdAfterOutpatientBasicPaid', program),
    criticalBase: str(outputs, 'ytdAfterCriticalBase', program),
    criticalPaid: str(outputs, 'ytdAfterCriticalPaid', program),
    assistanceBase: str(outputs, 'ytdAfterAssistanceBase', program),
    assistancePaid: str(outputs, 'ytdAfterAssistancePaid', program),
    extraHelpBase: str(outputs, 'ytdAfterExtraHelpBase', program),
    extraHelpPaid: str(outputs, 'ytdAfterExtraHelpPaid', program),
    largeAmountPaid: str(outputs, 'ytdAfterLargeAmountPaid', program),
    civilServantPaid: str(outputs, 'ytdAfterCivilServantPaid', program),
    ...(byDisease !== undefined ? { chronicByDisease: byDisease } : {}),
  });
}

export function policyYearLabel(program: Program, dischargeDate: string): { label: string; start: string; end: string } {
  const py = policyYearOf(parseDate(dischargeDate, ['dischargeDate']), { month: program.ruleset.policyYear.startMonth, day: program.ruleset.policyYear.startDay });
  return { label: py.label, start: formatDate(py.start), end: formatDate(py.end) };
}

/**
 * Settles one claim: bill split, basic pooling fund, critical-illness insurance, medical assistance, regional
 * extra help, and the patient's share with the reasons it was not covered.
 *
 * @param claim the claim (amounts as strings or numbers; give `items` or `bill`)
 * @param options `ruleset`: a compiled medical ruleset (or several, picked by date); `date` (default the
 *   discharge date); `ytd`: accumulators before this claim (default: first claim of the year); `trace`.
 * @returns the typed {@link Settlement}
 * @throws MinshengError — `claim/invalid`, `value/*`, `input/*` for bad claims; `eval/outside-validity` when no
 *   ruleset covers the date; `eval/no-value-in-force` when the region has not published a figure the claim needs.
 * @example
 * const nanchang = compile(await loadRuleset('cn/medical/nanchang'));
 * const s = settleClaim(
 *   { personId: 'p1', hospitalLevel: 'tertiary', dischargeDate: '2025-03-15', birthDate: '1980-05-01',
 *     bill: { total: '20000', inCatalogue: '20000' } },
 *   { ruleset: nanchang },
 * );
 * s.tiers.basic;               //=> '11640.00'  ((20,000 − 600) × 60%)
 * s.outOfPocket.total;         //=> '8360.00'
 * s.outOfPocket.reasons;       //=> { belowDeductible: '600.00', coinsurance: '7760.00', … }
 * @category Medical
 */
export function settleClaim(claim: Claim, options: SettleClaimOptions): Settlement {
  const checked = checkClaim(claim);
  const opts = checkOptions(options, settleClaimOptionsSchema, 'settleClaim', '{ ruleset, date?, ytd?, trace?, statusHistory? }');
  const date = opts.date ?? checked.dischargeDate;
  const program = pickProgram(opts.ruleset, date);
  const ytd = normalizeYtd(opts.ytd);
  // Both given: they must tell the same story (the ordinal is for settling without the year's earlier claims).
  if (checked.admissionOrdinal !== undefined && opts.ytd?.admissions !== undefined && checked.admissionOrdinal !== opts.ytd.admissions + 1) {
    throw new MinshengError({
      code: 'claim/invalid',
      message: `the claim says it is admission ${checked.admissionOrdinal} of the year, but the year to date counts ${opts.ytd.admissions} admission(s) before it`,
      path: ['admissionOrdinal'],
    });
  }
  if (opts.statusHistory === undefined) return settleChecked(checked, program, ytd, date, opts.trace === true);
  // The category is the one the person's status gives on the discharge date (the assistance → medical bridge).
  const { claim: filled, status } = applyStatus(checked, checkStatusHistory(opts.statusHistory, ['options', 'statusHistory']));
  return { ...settleChecked(filled, program, ytd, date, opts.trace === true), ...(status ? { assistanceStatus: status } : {}) };
}

/** Settles a claim already checked, with accumulators already normalized. */
export function settleChecked(claim: Claim, program: Program, ytd: YearToDate, date: string, trace: boolean): Settlement {
  const input = toRulesetInput(program, claim, ytd);
  let result;
  try {
    result = program.evaluate(input, { date, ...(trace ? { trace: true } : {}) });
  } catch (error) {
    throw relocateRegional(error, claim);
  }
  const o = result.outputs;
  const s = (name: string): string => str(o, name, program);
  const rate = o['basicPayRate'];
  const platformFields: PlatformFields = {
    medfee_sumamt: s('totalCost'),
    fulamt_ownpay_amt: s('fullySelfFunded'),
    overlmt_selfpay: s('overPriceLimit'),
    preselfpay_amt: s('selfPayFirst'),
    inscp_scp_amt: s('eligibleAmount'),
    act_pay_dedc: s('deductibleApplied'),
    hifp_pay: s('basicPaid'),
    pool_prop_selfpay: String(rate),
    cvlserv_pay: s('civilServantPaid'),
    hifes_pay: s('enterpriseSupplementPaid'),
    hifmi_pay: s('criticalPaid'),
    hifob_pay: s('largeAmountPaid'),
    hifdm_pay: s('disabledVeteranPaid'),
    maf_pay: s('assistancePaid'),
    oth_pay: s('extraHelpPaid'),
    fund_pay_sumamt: s('fundPaid'),
    hosp_part_amt: s('hospitalBorne'),
    psn_part_amt: s('outOfPocket'),
    acct_pay: s('accountPaid'),
    acct_mulaid_pay: s('familyAccountPaid'),
    psn_cash_pay: s('cashPaid'),
  };
  return {
    ...(claim.id !== undefined ? { claimId: claim.id } : {}),
    personId: claim.personId,
    dischargeDate: claim.dischargeDate,
    policyYear: policyYearLabel(program, claim.dischargeDate).label,
    visitType: (claim.visitType ?? 'inpatient') as VisitType,
    totalCost: s('totalCost'),
    split: {
      fullySelfFunded: s('fullySelfFunded'),
      overPriceLimit: s('overPriceLimit'),
      classBSelfPayFirst: s('classBSelfPayFirst'),
      crossRegionSelfPayFirst: s('crossRegionSelfPayFirst'),
      selfPayFirst: s('selfPayFirst'),
      eligibleAmount: s('eligibleAmount'),
    },
    deductibleApplied: s('deductibleApplied'),
    basicPayRate: String(rate),
    tiers: {
      basic: s('basicPaid'),
      criticalIllness: s('criticalPaid'),
      medicalAssistance: s('assistancePaid'),
      extraHelp: s('extraHelpPaid'),
      largeAmount: s('largeAmountPaid'),
      civilServantSubsidy: s('civilServantPaid'),
    },
    fundPaid: s('fundPaid'),
    outOfPocket: {
      total: s('outOfPocket'),
      reasons: {
        selfPayItems: s('oopSelfPayItems'),
        selfPayFirst: s('oopSelfPayFirst'),
        belowDeductible: s('oopBelowDeductible'),
        coinsurance: s('oopCoinsurance'),
        aboveCap: s('oopAboveCap'),
      },
      paidBy: { personalAccount: s('accountPaid'), familyMutualAid: s('familyAccountPaid'), cash: s('cashPaid') },
    },
    ytdAfter: ytdFrom(o, program, claim, ytd),
    platformFields,
    provenance: result.provenance,
    outputs: o,
    ...(result.trace ? { trace: result.trace } : {}),
    warnings: staleFigureWarnings(program, date),
  };
}
