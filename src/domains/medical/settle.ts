/**
 * Typed entry points of one-stop settlement: {@link settleClaim} for one claim, {@link settleIntoLedger} to settle a
 * claim into a person's year ledger, {@link settleYear} to settle a year of claims in discharge-date order.
 * The rules themselves live in the rulesets (rulesets/cn/medical/*.yaml); this module only maps typed claims
 * in and typed settlements out, and carries the year-to-date accumulators between claims.
 */
import { MinshengError, capIssues, describeValue, quote, type Issue } from '../../errors';
import { formatDate, parseDate } from '../../period/date';
import { formatMoney, parseMoney } from '../../money/money';
import { policyYearOf } from '../../period/policy-year';
import type { Program } from '../../engine/program';
import type { OutputValue } from '../../engine/trace';
import { MAX_ITEMS, checkArg, date as dateSchema, id as idSchema, requirePlainObject } from '../fields';
import { staleFigureWarnings } from '../../engine/stale';
import { EMPTY_YTD, checkClaim, normalizeYtd, pickProgram, relocateRegional, toRulesetInput } from './claim';
import {
  LEDGER_FORMAT,
  insuredPersonSchema,
  openLedgerOptionsSchema,
  settleClaimOptionsSchema,
  settleOptionsSchema,
  yearClaimSchema,
  yearLedgerSchema,
  type Claim,
  type InsuredPerson,
  type PlatformFields,
  type RulesetChoice,
  type SettleClaimOptions,
  type SettleOptions,
  type Settlement,
  type VisitType,
  type YearLedger,
  type YearToDate,
} from './types';
import type { z } from 'zod';

/** Checks the options argument of a facade: an object of the known options (`options/invalid` otherwise). */
function checkOptions<S extends z.ZodType>(options: unknown, schema: S, fn: string, shape: string): z.output<S> {
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

function ytdFrom(outputs: Readonly<Record<string, OutputValue>>, program: Program): YearToDate {
  const admissions = outputs['ytdAfterAdmissions'];
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
  });
}

function policyYearLabel(program: Program, dischargeDate: string): { label: string; start: string; end: string } {
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
  const opts = checkOptions(options, settleClaimOptionsSchema, 'settleClaim', '{ ruleset, date?, ytd?, trace? }');
  const date = opts.date ?? checked.dischargeDate;
  const program = pickProgram(opts.ruleset, date);
  const ytd = normalizeYtd(opts.ytd);
  return settleChecked(checked, program, ytd, date, opts.trace === true);
}

/** Settles a claim already checked, with accumulators already normalized. */
function settleChecked(claim: Claim, program: Program, ytd: YearToDate, date: string, trace: boolean): Settlement {
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
    cvlserv_pay: '0.00',
    hifes_pay: '0.00',
    hifmi_pay: s('criticalPaid'),
    hifob_pay: '0.00',
    hifdm_pay: '0.00',
    maf_pay: s('assistancePaid'),
    oth_pay: s('extraHelpPaid'),
    fund_pay_sumamt: s('fundPaid'),
    hosp_part_amt: '0.00',
    psn_part_amt: s('outOfPocket'),
    acct_pay: '0.00',
    psn_cash_pay: s('outOfPocket'),
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
    tiers: { basic: s('basicPaid'), criticalIllness: s('criticalPaid'), medicalAssistance: s('assistancePaid'), extraHelp: s('extraHelpPaid') },
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
    },
    ytdAfter: ytdFrom(o, program),
    platformFields,
    provenance: result.provenance,
    outputs: o,
    ...(result.trace ? { trace: result.trace } : {}),
    warnings: staleFigureWarnings(program, date),
  };
}

/**
 * Opens an empty ledger for a person and the policy year that contains `date` (under the ruleset's policy
 * year, e.g. calendar year).
 *
 * @example
 * openYearLedger('p1', '2025-03-15', { ruleset: nanchang }).policyYear; //=> { label: '2025', start: '2025-01-01', end: '2025-12-31' }
 * @category Medical
 */
export function openYearLedger(personId: string, date: string, options: { ruleset: RulesetChoice }): YearLedger {
  checkArg(personId, idSchema, { path: ['personId'] });
  checkArg(date, dateSchema, { path: ['date'] });
  const opts = checkOptions(options, openLedgerOptionsSchema, 'openYearLedger', '{ ruleset }');
  const program = pickProgram(opts.ruleset, date);
  return Object.freeze({
    format: LEDGER_FORMAT,
    personId,
    ruleset: program.id,
    policyYear: policyYearLabel(program, date),
    ytd: EMPTY_YTD,
    settled: [],
  });
}

/**
 * Checks a ledger given back by a caller (it may have been stored as JSON) and returns it normalized: every
 * field known and well formed, the policy year a real span, the settled claims in order and inside it.
 */
function checkLedger(ledger: unknown): YearLedger {
  requirePlainObject(ledger, 'ledger/mismatch', 'a ledger must be an object (from openYearLedger, settleIntoLedger or settleYear)', ['ledger']);
  const l = checkArg(ledger, yearLedgerSchema, {
    path: ['ledger'],
    extra: (parsed, issues) => {
      const { start, end } = parsed.policyYear;
      if (start > end) issues.push({ code: 'ledger/mismatch', message: `the policy year starts on ${start}, after its end ${end}`, path: ['ledger', 'policyYear', 'start'] });
      let previous = start;
      parsed.settled.forEach((s, i) => {
        if (s.dischargeDate < previous || s.dischargeDate > end) {
          issues.push({
            code: 'ledger/mismatch',
            message: `settled claim ${i} was discharged on ${s.dischargeDate}: ${s.dischargeDate > end || s.dischargeDate < start ? `outside the policy year ${start} – ${end}` : `before the claim settled before it (${previous})`}`,
            path: ['ledger', 'settled', i, 'dischargeDate'],
          });
        }
        if (s.dischargeDate > previous) previous = s.dischargeDate;
      });
    },
  });
  return {
    format: LEDGER_FORMAT,
    personId: l.personId,
    ruleset: l.ruleset,
    policyYear: { label: l.policyYear.label, start: l.policyYear.start, end: l.policyYear.end },
    ytd: normalizeYtd(l.ytd),
    settled: l.settled.map((s) => ({ ...(s.claimId !== undefined ? { claimId: s.claimId } : {}), dischargeDate: s.dischargeDate, fundPaid: formatMoney(parseMoney(s.fundPaid)), outOfPocket: formatMoney(parseMoney(s.outOfPocket)) })),
  };
}

/**
 * Settles one claim into a person's year ledger and returns the settlement with the updated ledger (the
 * given ledger is not changed). Claims must come in discharge-date order, for the ledger's person, policy
 * year and ruleset; otherwise `ledger/mismatch`.
 *
 * @example
 * let ledger = openYearLedger('p1', '2025-01-01', { ruleset: nanchang });
 * const first = settleIntoLedger(claimA, ledger, { ruleset: nanchang });
 * ledger = first.ledger;            // accumulators after claim A
 * const second = settleIntoLedger(claimB, ledger, { ruleset: nanchang });
 * second.ledger.ytd.admissions;     //=> 2
 * @category Medical
 */
export function settleIntoLedger(claim: Claim, ledger: YearLedger, options: SettleOptions): { settlement: Settlement; ledger: YearLedger } {
  const checked = checkClaim(claim);
  const current = checkLedger(ledger);
  const opts = checkOptions(options, settleOptionsSchema, 'settleIntoLedger', '{ ruleset, trace? }');
  return settleInto(checked, current, { ruleset: opts.ruleset, ...(opts.trace ? { trace: true } : {}) });
}

/** {@link settleIntoLedger} for a checked claim and ledger. */
function settleInto(claim: Claim, current: YearLedger, options: SettleOptions): { settlement: Settlement; ledger: YearLedger } {
  if (claim.personId !== current.personId) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `the claim is for person ${quote(claim.personId)} but the ledger is for ${quote(current.personId)}`, path: ['personId'] });
  }
  const program = pickProgram(options.ruleset, claim.dischargeDate);
  if (program.id !== current.ruleset) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `the ledger accumulates under ${current.ruleset}, not ${program.id}`, path: ['ledger', 'ruleset'] });
  }
  const year = policyYearLabel(program, claim.dischargeDate);
  if (year.label === current.policyYear.label && (year.start !== current.policyYear.start || year.end !== current.policyYear.end)) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the ledger's policy year ${current.policyYear.label} runs ${current.policyYear.start} – ${current.policyYear.end}, but under ${program.id} it runs ${year.start} – ${year.end}`,
      path: ['ledger', 'policyYear'],
    });
  }
  if (year.label !== current.policyYear.label) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the claim was discharged on ${claim.dischargeDate}, in policy year ${year.label}; the ledger is for ${current.policyYear.label} (open a new ledger for a new year)`,
      path: ['dischargeDate'],
    });
  }
  const last = current.settled[current.settled.length - 1];
  if (last && claim.dischargeDate < last.dischargeDate) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the claim was discharged on ${claim.dischargeDate}, before the last settled claim (${last.dischargeDate}); settle claims in discharge-date order (settleYear sorts them)`,
      path: ['dischargeDate'],
    });
  }
  const settlement = settleChecked(claim, program, current.ytd, claim.dischargeDate, options.trace === true);
  const next: YearLedger = Object.freeze({
    ...current,
    ytd: settlement.ytdAfter,
    settled: Object.freeze([
      ...current.settled,
      { ...(claim.id !== undefined ? { claimId: claim.id } : {}), dischargeDate: claim.dischargeDate, fundPaid: settlement.fundPaid, outOfPocket: settlement.outOfPocket.total },
    ]),
  });
  return { settlement, ledger: next };
}

/**
 * Settles a person's claims in discharge-date order (ties keep their given order), carrying the year-to-date
 * accumulators and starting a fresh ledger at each new policy year (a claim belongs to the year of its
 * discharge date). The same claims always give the same result.
 *
 * @returns the settlements in settlement order, the ledger of every policy year touched, and the last one
 * @example
 * const { settlements, ledger } = settleYear({ id: 'p1', birthDate: '1980-05-01' }, [claimB, claimA], { ruleset: nanchang });
 * settlements.map((s) => s.claimId); //=> ['A', 'B'] (discharge order)
 * ledger.ytd.basicPaid;              //=> pooling fund paid this year so far
 * @category Medical
 */
export function settleYear(
  person: InsuredPerson,
  claims: readonly Claim[],
  options: SettleOptions,
): { settlements: Settlement[]; ledger: YearLedger | undefined; ledgers: YearLedger[] } {
  requirePlainObject(person, 'input/type', 'the person must be an object { id, birthDate?, category? }', ['person']);
  const who = checkArg(person, insuredPersonSchema, { path: ['person'] });
  if (!Array.isArray(claims)) throw new MinshengError({ code: 'input/type', message: `claims must be a list of claims, got ${describeValue(claims)}`, path: ['claims'] });
  if (claims.length > MAX_ITEMS) throw new MinshengError({ code: 'input/limit', message: `at most ${MAX_ITEMS} claims, got ${claims.length}`, path: ['claims'] });
  const opts = checkOptions(options, settleOptionsSchema, 'settleYear', '{ ruleset, trace? }');
  const issues: Issue[] = [];
  const withPerson: { claim: Claim; index: number }[] = [];
  for (let i = 0; i < claims.length && issues.length < 100; i++) {
    const c: unknown = claims[i];
    try {
      requirePlainObject(c, 'claim/invalid', 'a claim must be an object { hospitalLevel, dischargeDate, items or bill, … }', ['claims', i]);
      if (c['personId'] !== undefined && c['personId'] !== who.id) {
        throw new MinshengError({ code: 'ledger/mismatch', message: `claim ${i} is for person ${quote(c['personId'])}, not ${quote(who.id)}`, path: ['claims', i, 'personId'] });
      }
      const own = checkClaim(c, yearClaimSchema, ['claims', i]);
      const filled: Claim = {
        ...own,
        personId: who.id,
        ...(own.birthDate === undefined && who.birthDate !== undefined ? { birthDate: who.birthDate } : {}),
        ...(own.category === undefined && who.category !== undefined ? { category: who.category } : {}),
      };
      // The person's birth date must fit the claim too.
      if (own.birthDate === undefined && who.birthDate !== undefined && who.birthDate > own.dischargeDate) {
        throw new MinshengError({ code: 'claim/invalid', message: `the person's birth date ${who.birthDate} is after the discharge date ${own.dischargeDate}`, path: ['claims', i, 'dischargeDate'] });
      }
      withPerson.push({ claim: filled, index: i });
    } catch (error) {
      if (!(error instanceof MinshengError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new MinshengError(capIssues(issues));
  const ordered = [...withPerson].sort((a, b) => (a.claim.dischargeDate < b.claim.dischargeDate ? -1 : a.claim.dischargeDate > b.claim.dischargeDate ? 1 : a.index - b.index));
  const settlements: Settlement[] = [];
  const ledgers: YearLedger[] = [];
  let ledger: YearLedger | undefined;
  for (const { claim } of ordered) {
    const program = pickProgram(opts.ruleset, claim.dischargeDate);
    if (!ledger || policyYearLabel(program, claim.dischargeDate).label !== ledger.policyYear.label || ledger.ruleset !== program.id) {
      if (ledger) ledgers.push(ledger);
      ledger = openYearLedger(who.id, claim.dischargeDate, { ruleset: program });
    }
    const step = settleInto(claim, ledger, { ruleset: program, ...(opts.trace ? { trace: true } : {}) });
    settlements.push(step.settlement);
    ledger = step.ledger;
  }
  if (ledger) ledgers.push(ledger);
  return { settlements, ledger, ledgers };
}
