/**
 * A person's year ledger: {@link openYearLedger}, {@link settleIntoLedger} to settle a claim into it, and
 * {@link settleYear} to settle a year of claims in discharge-date order. The single-claim settlement itself is
 * {@link settleClaim} (./settle.ts); this module carries the year-to-date accumulators between claims.
 */
import { MinshengError, capIssues, describeValue, quote, type Issue } from '../../errors';
import { formatMoney, parseMoney } from '../../money/money';
import { MAX_ITEMS, checkArg, date as dateSchema, id as idSchema, requirePlainObject } from '../fields';
import { EMPTY_YTD, checkClaim, normalizeYtd, pickProgram } from './claim';
import { checkOptions, policyYearLabel, settleChecked } from './settle';
import {
  LEDGER_FORMAT,
  insuredPersonSchema,
  openLedgerOptionsSchema,
  settleOptionsSchema,
  yearClaimSchema,
  yearLedgerSchema,
  type Claim,
  type InsuredPerson,
  type RulesetChoice,
  type SettleOptions,
  type Settlement,
  type YearLedger,
} from './types';

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
