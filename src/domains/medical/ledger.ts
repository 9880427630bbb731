/**
 * A person's year ledger, as a billing system runs it: {@link openYearLedger}; {@link settleIntoLedger} (the next
 * claim); {@link settleYear} (a year of claims in discharge-date order, linear in their number);
 * {@link reverseClaim} (冲正 by claim id: the later claims re-settled in order, the differences reported per claim
 * and per platform field); {@link resettleClaim} (a corrected or late claim put in its place, the same way);
 * {@link readYearToDate}; {@link rebuildLedger} (replays a stored ledger and refuses one whose recorded figures are
 * not what its own claims give). All are pure functions over a plain-JSON ledger: every ledger argument is
 * checked (it may have been stored and parsed back), every result is a new frozen ledger.
 * The single-claim settlement itself is {@link settleClaim} (./settle.ts).
 */
import { MinshengError, capIssues, describeValue, quote, type Issue } from '../../errors';
import { formatMoney, parseMoney } from '../../money/money';
import { Decimal } from '../../money/decimal';
import type { Program } from '../../engine/program';
import { MAX_ITEMS, checkArg, date as dateSchema, flag, id as idSchema, requirePlainObject, strictRecord } from '../fields';
import { EMPTY_YTD, checkClaim, normalizeYtd, pickProgram } from './claim';
import { checkOptions, policyYearLabel, settleChecked } from './settle';
import { applyStatus, checkStatusHistory, statusHistorySchema, type StatusHistory, type StatusOnDate } from './status';
import {
  LEDGER_FORMAT,
  insuredPersonSchema,
  openLedgerOptionsSchema,
  rulesetChoiceSchema,
  yearClaimSchema,
  yearLedgerSchema,
  type Claim,
  type InsuredPerson,
  type LedgerEntry,
  type RulesetChoice,
  type Settlement,
  type YearLedger,
  type YearToDate,
} from './types';

type Path = (string | number)[];

/** Options of the ledger functions. */
export interface LedgerOptions {
  readonly ruleset: RulesetChoice;
  readonly trace?: boolean;
  /**
   * The person's assistance status over time (see {@link medicalCategoryOn}): each claim's category is the one
   * its discharge date gives, and the settlement says which status applied (`assistanceStatus`).
   */
  readonly statusHistory?: StatusHistory;
}

const ledgerOptionsSchema = strictRecord(
  { ruleset: rulesetChoiceSchema, trace: flag.optional(), statusHistory: statusHistorySchema.optional() },
  'options { ruleset, trace?, statusHistory? }',
);

/**
 * Options of the functions that replay what the ledger already holds (reversal, rebuild): each entry keeps the
 * status it was settled with, so a status history is refused rather than silently ignored.
 */
export type ReplayOptions = Omit<LedgerOptions, 'statusHistory'>;
const replayOptionsSchema = strictRecord({ ruleset: rulesetChoiceSchema, trace: flag.optional() }, 'options { ruleset, trace? }');

/** A settlement made through a ledger: with the assistance status that set its category, when a history was given. */
export type LedgerSettlement = Settlement & { readonly assistanceStatus?: StatusOnDate };

/** One platform field of a re-settled claim that changed. */
export interface FieldDifference {
  /** The platform field (`hifp_pay`, `hifmi_pay`, `psn_cash_pay` …). */
  readonly field: string;
  readonly before: string;
  readonly after: string;
  /** after − before. */
  readonly change: string;
}

/** What changed for one claim when the ledger was re-settled after a reversal or a correction. */
export interface ClaimDifference {
  readonly claimId?: string;
  readonly dischargeDate: string;
  /** Its place in the new ledger's `settled`. */
  readonly index: number;
  readonly fields: readonly FieldDifference[];
}

/** The result of {@link reverseClaim} and {@link resettleClaim}. */
export interface LedgerChange {
  readonly ledger: YearLedger;
  /** The entry taken out (a reversal, or the old version of a corrected claim). */
  readonly reversed?: LedgerEntry;
  /** The settlements of the claims settled again, in order (a corrected or late claim first). */
  readonly resettled: readonly LedgerSettlement[];
  /** For each re-settled claim that was in the ledger before: the platform fields that changed (claims with none are left out). */
  readonly differences: readonly ClaimDifference[];
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
  return emptyLedger(personId, program, date);
}

function emptyLedger(personId: string, program: Program, date: string): YearLedger {
  return Object.freeze({ format: LEDGER_FORMAT, personId, ruleset: program.id, policyYear: Object.freeze(policyYearLabel(program, date)), ytd: EMPTY_YTD, settled: Object.freeze([]) });
}

const money2 = (v: unknown): string => formatMoney(parseMoney(v));

/**
 * A claim as a ledger stores it: plain JSON, keys sorted at every depth, no undefined members — so a ledger read
 * back from JSON (whatever order the checker gives its keys) is equal to the one written.
 */
function storedClaim(claim: Claim): Claim {
  return canonical(claim) as Claim;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

/** The accumulators two year-to-date records disagree on (every key either has, values compared as JSON). */
function ytdDifferences(a: YearToDate, b: YearToDate): { key: string; a: string; b: string }[] {
  const out: { key: string; a: string; b: string }[] = [];
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const x = JSON.stringify(ra[key] ?? null);
    const y = JSON.stringify(rb[key] ?? null);
    if (x !== y) out.push({ key, a: x.slice(0, 80), b: y.slice(0, 80) });
  }
  return out;
}

function normalizeFields(fields: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v;
  return Object.freeze(out);
}

/**
 * Checks a ledger given back by a caller (it may have been stored as JSON) and returns it normalized: every
 * field known and well formed; the policy year a real span; the settled claims in discharge-date order inside
 * it, each the ledger person's, with a claim id used once; the year to date the last claim's.
 * What the claims paid is checked against a replay only by {@link rebuildLedger} (it costs an evaluation each).
 */
function checkLedger(ledger: unknown): YearLedger {
  requirePlainObject(ledger, 'ledger/mismatch', 'a ledger must be an object (from openYearLedger, settleIntoLedger or settleYear)', ['ledger']);
  const l = checkArg(ledger, yearLedgerSchema, {
    path: ['ledger'],
    extra: (parsed, issues) => {
      const { start, end } = parsed.policyYear;
      if (start > end) issues.push({ code: 'ledger/mismatch', message: `the policy year starts on ${start}, after its end ${end}`, path: ['ledger', 'policyYear', 'start'] });
      let previous = start;
      const ids = new Map<string, number>();
      parsed.settled.forEach((s, i) => {
        const at: Path = ['ledger', 'settled', i];
        if (issues.length >= 100) return;
        if (s.dischargeDate < previous || s.dischargeDate > end) {
          issues.push({
            code: 'ledger/mismatch',
            message: `settled claim ${i} was discharged on ${s.dischargeDate}: ${s.dischargeDate > end || s.dischargeDate < start ? `outside the policy year ${start} – ${end}` : `before the claim settled before it (${previous})`}`,
            path: [...at, 'dischargeDate'],
          });
        }
        if (s.dischargeDate > previous) previous = s.dischargeDate;
        if (s.claim.dischargeDate !== s.dischargeDate) issues.push({ code: 'ledger/mismatch', message: `settled claim ${i} records discharge ${s.dischargeDate} but its claim says ${s.claim.dischargeDate}`, path: [...at, 'claim', 'dischargeDate'] });
        if (s.claim.personId !== parsed.personId) issues.push({ code: 'ledger/mismatch', message: `settled claim ${i} is for person ${quote(s.claim.personId)}, the ledger for ${quote(parsed.personId)}`, path: [...at, 'claim', 'personId'] });
        if (s.claim.id !== s.claimId) issues.push({ code: 'ledger/mismatch', message: `settled claim ${i} records id ${quote(String(s.claimId))} but its claim has ${quote(String(s.claim.id))}`, path: [...at, 'claimId'] });
        if (s.claimId !== undefined) {
          const first = ids.get(s.claimId);
          if (first !== undefined) issues.push({ code: 'ledger/mismatch', message: `claim id ${quote(s.claimId)} is settled twice (claims ${first} and ${i})`, path: [...at, 'claimId'] });
          else ids.set(s.claimId, i);
        }
        try {
          checkClaim(s.claim, undefined, [...at, 'claim']);
        } catch (error) {
          if (!(error instanceof MinshengError)) throw error;
          issues.push(...error.issues);
        }
      });
      const last = parsed.settled[parsed.settled.length - 1];
      const expected = last ? normalizeYtd(last.ytdAfter) : EMPTY_YTD;
      for (const d of ytdDifferences(normalizeYtd(parsed.ytd), expected)) {
        issues.push({ code: 'ledger/mismatch', message: `the year to date's ${d.key} is ${d.a}, but ${last ? 'the last settled claim leaves' : 'a ledger with no claim has'} ${d.b}`, path: ['ledger', 'ytd', d.key] });
      }
    },
  });
  return Object.freeze({
    format: LEDGER_FORMAT,
    personId: l.personId,
    ruleset: l.ruleset,
    policyYear: Object.freeze({ label: l.policyYear.label, start: l.policyYear.start, end: l.policyYear.end }),
    ytd: normalizeYtd(l.ytd),
    settled: Object.freeze(
      l.settled.map((s): LedgerEntry =>
        Object.freeze({
          ...(s.claimId !== undefined ? { claimId: s.claimId } : {}),
          dischargeDate: s.dischargeDate,
          claim: storedClaim(s.claim as Claim),
          ...(s.status !== undefined ? { status: s.status } : {}),
          fundPaid: money2(s.fundPaid),
          outOfPocket: money2(s.outOfPocket),
          platformFields: normalizeFields(s.platformFields),
          ytdAfter: normalizeYtd(s.ytdAfter),
        }),
      ),
    ),
  });
}

/** The program of a claim, refused when it is not the ledger's ruleset or the claim not in the ledger's year. */
function programForLedger(ruleset: RulesetChoice, claim: Claim, ledger: YearLedger, at: Path = []): Program {
  const program = pickProgram(ruleset, claim.dischargeDate);
  if (program.id !== ledger.ruleset) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `the ledger accumulates under ${ledger.ruleset}, not ${program.id}`, path: ['ledger', 'ruleset'] });
  }
  const year = policyYearLabel(program, claim.dischargeDate);
  if (year.label === ledger.policyYear.label && (year.start !== ledger.policyYear.start || year.end !== ledger.policyYear.end)) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the ledger's policy year ${ledger.policyYear.label} runs ${ledger.policyYear.start} – ${ledger.policyYear.end}, but under ${program.id} it runs ${year.start} – ${year.end}`,
      path: ['ledger', 'policyYear'],
    });
  }
  if (year.label !== ledger.policyYear.label) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the claim was discharged on ${claim.dischargeDate}, in policy year ${year.label}; the ledger is for ${ledger.policyYear.label} (open a new ledger for a new year)`,
      path: [...at, 'dischargeDate'],
    });
  }
  return program;
}

/** Settles one claim on top of `ytd` and makes its ledger entry. */
function settleEntry(claim: Claim, status: StatusOnDate | undefined, program: Program, ytd: YearToDate, trace: boolean): { settlement: LedgerSettlement; entry: LedgerEntry } {
  const base = settleChecked(claim, program, ytd, claim.dischargeDate, trace);
  const settlement: LedgerSettlement = status ? { ...base, assistanceStatus: status } : base;
  const entry: LedgerEntry = Object.freeze({
    ...(claim.id !== undefined ? { claimId: claim.id } : {}),
    dischargeDate: claim.dischargeDate,
    claim: storedClaim(claim),
    ...(status ? { status: status.status } : {}),
    fundPaid: settlement.fundPaid,
    outOfPocket: settlement.outOfPocket.total,
    platformFields: Object.freeze(settlement.platformFields as unknown as Record<string, string>),
    ytdAfter: settlement.ytdAfter,
  });
  return { settlement, entry };
}

function withEntries(ledger: YearLedger, settled: LedgerEntry[]): YearLedger {
  const last = settled[settled.length - 1];
  return Object.freeze({ ...ledger, ytd: last ? last.ytdAfter : EMPTY_YTD, settled: Object.freeze(settled) });
}

/**
 * Settles one claim into a person's year ledger and returns the settlement with the updated ledger (the
 * given ledger is not changed). Claims must come in discharge-date order, for the ledger's person, policy
 * year and ruleset; otherwise `ledger/mismatch` (a late claim goes in with {@link resettleClaim}).
 *
 * @example
 * let ledger = openYearLedger('p1', '2025-01-01', { ruleset: nanchang });
 * const first = settleIntoLedger(claimA, ledger, { ruleset: nanchang });
 * ledger = first.ledger;            // accumulators after claim A
 * const second = settleIntoLedger(claimB, ledger, { ruleset: nanchang });
 * second.ledger.ytd.admissions;     //=> 2
 * @category Medical
 */
export function settleIntoLedger(claim: Claim, ledger: YearLedger, options: LedgerOptions): { settlement: LedgerSettlement; ledger: YearLedger } {
  const checked = checkClaim(claim);
  const current = checkLedger(ledger);
  const opts = checkOptions(options, ledgerOptionsSchema, 'settleIntoLedger', '{ ruleset, trace?, statusHistory? }');
  const history = opts.statusHistory === undefined ? undefined : checkStatusHistory(opts.statusHistory, ['options', 'statusHistory']);
  if (checked.personId !== current.personId) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `the claim is for person ${quote(checked.personId)} but the ledger is for ${quote(current.personId)}`, path: ['personId'] });
  }
  if (checked.id !== undefined && current.settled.some((s) => s.claimId === checked.id)) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `claim ${quote(checked.id)} is already settled in this ledger (correct it with resettleClaim, or reverse it first)`, path: ['id'] });
  }
  const program = programForLedger(opts.ruleset, checked, current);
  const last = current.settled[current.settled.length - 1];
  if (last && checked.dischargeDate < last.dischargeDate) {
    throw new MinshengError({
      code: 'ledger/mismatch',
      message: `the claim was discharged on ${checked.dischargeDate}, before the last settled claim (${last.dischargeDate}); settle claims in discharge-date order (settleYear sorts them; resettleClaim puts a late claim in its place)`,
      path: ['dischargeDate'],
    });
  }
  const { claim: filled, status } = applyStatus(checked, history, []);
  const { settlement, entry } = settleEntry(filled, status, program, current.ytd, opts.trace === true);
  return { settlement, ledger: withEntries(current, [...current.settled, entry]) };
}

/**
 * Settles a person's claims in discharge-date order (ties keep their given order), carrying the year-to-date
 * accumulators and starting a fresh ledger at each new policy year (a claim belongs to the year of its
 * discharge date). The same claims always give the same result. The cost per claim does not depend on how
 * many claims came before (bench/ledger.bench.mjs).
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
  options: LedgerOptions,
): { settlements: LedgerSettlement[]; ledger: YearLedger | undefined; ledgers: YearLedger[] } {
  requirePlainObject(person, 'input/type', 'the person must be an object { id, birthDate?, category? }', ['person']);
  const who = checkArg(person, insuredPersonSchema, { path: ['person'] });
  if (!Array.isArray(claims)) throw new MinshengError({ code: 'input/type', message: `claims must be a list of claims, got ${describeValue(claims)}`, path: ['claims'] });
  if (claims.length > MAX_ITEMS) throw new MinshengError({ code: 'input/limit', message: `at most ${MAX_ITEMS} claims, got ${claims.length}`, path: ['claims'] });
  const opts = checkOptions(options, ledgerOptionsSchema, 'settleYear', '{ ruleset, trace?, statusHistory? }');
  const history = opts.statusHistory === undefined ? undefined : checkStatusHistory(opts.statusHistory, ['options', 'statusHistory']);
  if (history !== undefined && who.category !== undefined) {
    throw new MinshengError({ code: 'options/invalid', message: 'give the person a category or a status history, not both (the history sets each claim\'s category by its discharge date)', path: ['person', 'category'] });
  }
  const issues: Issue[] = [];
  const withPerson: { claim: Claim; status?: StatusOnDate; index: number }[] = [];
  const ids = new Map<string, number>();
  for (let i = 0; i < claims.length && issues.length < 100; i++) {
    const c: unknown = claims[i];
    try {
      requirePlainObject(c, 'claim/invalid', 'a claim must be an object { hospitalLevel, dischargeDate, items or bill, … }', ['claims', i]);
      if (c['personId'] !== undefined && c['personId'] !== who.id) {
        throw new MinshengError({ code: 'ledger/mismatch', message: `claim ${i} is for person ${quote(c['personId'])}, not ${quote(who.id)}`, path: ['claims', i, 'personId'] });
      }
      const own = checkClaim(c, yearClaimSchema, ['claims', i]);
      // A reversal finds a claim by its id: one id, one claim.
      if (own.id !== undefined) {
        const first = ids.get(own.id);
        if (first !== undefined) throw new MinshengError({ code: 'claim/invalid', message: `claim id ${quote(own.id)} is used by claims ${first} and ${i}`, path: ['claims', i, 'id'] });
        ids.set(own.id, i);
      }
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
      const { claim, status } = applyStatus(filled, history, ['claims', i]);
      withPerson.push({ claim, ...(status ? { status } : {}), index: i });
    } catch (error) {
      if (!(error instanceof MinshengError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new MinshengError(capIssues(issues));
  const ordered = withPerson.sort((a, b) => (a.claim.dischargeDate < b.claim.dischargeDate ? -1 : a.claim.dischargeDate > b.claim.dischargeDate ? 1 : a.index - b.index));
  // One program per discharge date (a year has at most 366): picking checks the ruleset each time.
  const programs = new Map<string, Program>();
  const programOn = (date: string): Program => {
    let p = programs.get(date);
    if (!p) programs.set(date, (p = pickProgram(opts.ruleset, date)));
    return p;
  };
  const settlements: LedgerSettlement[] = [];
  const ledgers: YearLedger[] = [];
  // The open year's entries grow in place and are frozen once, when the year closes: a copy per claim would
  // make the year quadratic.
  let open: YearLedger | undefined;
  let entries: LedgerEntry[] = [];
  let ytd: YearToDate = EMPTY_YTD;
  const close = () => {
    if (open) ledgers.push(withEntries(open, entries));
  };
  for (const { claim, status } of ordered) {
    const program = programOn(claim.dischargeDate);
    if (!open || program.id !== open.ruleset || claim.dischargeDate > open.policyYear.end || claim.dischargeDate < open.policyYear.start) {
      close();
      open = emptyLedger(who.id, program, claim.dischargeDate);
      entries = [];
      ytd = EMPTY_YTD;
    }
    const { settlement, entry } = settleEntry(claim, status, program, ytd, opts.trace === true);
    settlements.push(settlement);
    entries.push(entry);
    ytd = entry.ytdAfter;
  }
  close();
  return { settlements, ledger: ledgers[ledgers.length - 1], ledgers };
}

/** Re-settles `tail` on top of the first `keep` entries of `ledger`, and reports what changed against `before`. */
function replay(
  ledger: YearLedger,
  keep: number,
  tail: readonly { claim: Claim; status?: StatusOnDate; before?: LedgerEntry }[],
  ruleset: RulesetChoice,
  trace: boolean,
): { ledger: YearLedger; resettled: LedgerSettlement[]; differences: ClaimDifference[] } {
  const entries = ledger.settled.slice(0, keep);
  let ytd = entries.length > 0 ? entries[entries.length - 1]!.ytdAfter : EMPTY_YTD;
  const resettled: LedgerSettlement[] = [];
  const differences: ClaimDifference[] = [];
  for (const { claim, status, before } of tail) {
    const program = programForLedger(ruleset, claim, ledger);
    const { settlement, entry } = settleEntry(claim, status, program, ytd, trace);
    if (before) {
      const fields = diffFields(before.platformFields, entry.platformFields);
      if (fields.length > 0) differences.push({ ...(entry.claimId !== undefined ? { claimId: entry.claimId } : {}), dischargeDate: entry.dischargeDate, index: entries.length, fields });
    }
    entries.push(entry);
    resettled.push(settlement);
    ytd = entry.ytdAfter;
  }
  return { ledger: withEntries(ledger, entries), resettled, differences };
}

function diffFields(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[field] ?? '0.00';
    const a = after[field] ?? '0.00';
    if (b === a) continue;
    const change = new Decimal(a).minus(b);
    out.push({ field, before: b, after: a, change: field === 'pool_prop_selfpay' ? change.toString() : formatMoney(change) });
  }
  return out;
}

/** The stored status of an entry, as the replay needs it (the claim already carries its category). */
function entryStatus(entry: LedgerEntry): { status?: StatusOnDate } {
  if (entry.status === undefined) return {};
  return { status: { date: entry.dischargeDate, status: entry.status as StatusOnDate['status'], category: entry.claim.category ?? 'ordinary' } };
}

function findClaim(ledger: YearLedger, claimId: string, at: Path): number {
  const index = ledger.settled.findIndex((s) => s.claimId === claimId);
  if (index < 0) {
    const known = ledger.settled.filter((s) => s.claimId !== undefined).slice(0, 5).map((s) => quote(s.claimId!));
    throw new MinshengError({ code: 'ledger/mismatch', message: `no claim ${quote(claimId)} is settled in this ledger${known.length ? ` (it has ${known.join(', ')}${ledger.settled.length > 5 ? ', …' : ''})` : ''}`, path: at });
  }
  return index;
}

/**
 * Reverses (冲正) a settled claim: takes it out of the ledger and re-settles every later claim of the year in
 * order from the accumulators before it, reporting for each the platform fields whose amounts changed (what the
 * billing system posts as corrections). The given ledger is not changed.
 *
 * @param ledger the person's year ledger (as returned, or parsed back from JSON)
 * @param claimId the id of the claim to reverse
 * @throws MinshengError `ledger/mismatch` for a ledger that does not check or an id it does not hold
 * @example
 * const { ledger, reversed, differences } = reverseClaim(year.ledger, 'A', { ruleset: nanchang });
 * reversed.fundPaid;         // what claim A had paid
 * differences[0].fields;     //=> [{ field: 'hifmi_pay', before: '…', after: '…', change: '…' }, …]
 * @category Medical
 */
export function reverseClaim(ledger: YearLedger, claimId: string, options: ReplayOptions): LedgerChange {
  const current = checkLedger(ledger);
  checkArg(claimId, idSchema, { path: ['claimId'] });
  const opts = checkOptions(options, replayOptionsSchema, 'reverseClaim', '{ ruleset, trace? }');
  const index = findClaim(current, claimId, ['claimId']);
  const tail = current.settled.slice(index + 1).map((e) => ({ claim: e.claim, ...entryStatus(e), before: e }));
  const out = replay(current, index, tail, opts.ruleset, opts.trace === true);
  return { ...out, reversed: current.settled[index]! };
}

/**
 * Settles a corrected or late claim in its discharge-date place: a claim whose id is already in the ledger
 * replaces it (a correction: the old entry comes back as `reversed`), any other is inserted after the claims
 * discharged on or before its date (a late claim). It and every later claim are re-settled in order; the
 * differences of the claims that were there before are reported per platform field.
 *
 * @example
 * const corrected = resettleClaim(ledger, { ...claimA, bill: { total: '9000', inCatalogue: '9000' } }, { ruleset: nanchang });
 * corrected.differences; // claim A's fields and those of every later claim that changed
 * @category Medical
 */
export function resettleClaim(ledger: YearLedger, claim: Claim, options: LedgerOptions): LedgerChange {
  const checked = checkClaim(claim);
  const current = checkLedger(ledger);
  const opts = checkOptions(options, ledgerOptionsSchema, 'resettleClaim', '{ ruleset, trace?, statusHistory? }');
  const history = opts.statusHistory === undefined ? undefined : checkStatusHistory(opts.statusHistory, ['options', 'statusHistory']);
  if (checked.personId !== current.personId) {
    throw new MinshengError({ code: 'ledger/mismatch', message: `the claim is for person ${quote(checked.personId)} but the ledger is for ${quote(current.personId)}`, path: ['personId'] });
  }
  programForLedger(opts.ruleset, checked, current);
  const { claim: filled, status } = applyStatus(checked, history, []);
  const replaced = checked.id === undefined ? -1 : current.settled.findIndex((s) => s.claimId === checked.id);
  const others = current.settled.filter((_, i) => i !== replaced);
  // After every claim discharged on or before its date.
  let at = others.length;
  while (at > 0 && others[at - 1]!.dischargeDate > filled.dischargeDate) at--;
  const keep = replaced >= 0 ? Math.min(at, replaced) : at;
  const old = replaced >= 0 ? current.settled[replaced] : undefined;
  const tail = [
    ...others.slice(keep, at).map((e) => ({ claim: e.claim, ...entryStatus(e), before: e })),
    { claim: filled, ...(status ? { status } : {}), ...(old ? { before: old } : {}) },
    ...others.slice(at).map((e) => ({ claim: e.claim, ...entryStatus(e), before: e })),
  ];
  const base = withEntries(current, others.slice(0, keep));
  const out = replay(base, keep, tail, opts.ruleset, opts.trace === true);
  return { ...out, ...(old ? { reversed: old } : {}) };
}

/** The result of {@link readYearToDate}. */
export interface YearToDateReading {
  readonly personId: string;
  readonly policyYear: YearLedger['policyYear'];
  /** The date read at (the last settled discharge date when none was given). */
  readonly asOf: string | undefined;
  /** Claims settled on or before `asOf`. */
  readonly claims: number;
  /** The accumulators after them; `admissions` is the number of inpatient admissions (the next one is `admissions + 1`). */
  readonly ytd: YearToDate;
}

/**
 * Reads a ledger's year to date: after every settled claim, or after those discharged on or before `asOf`.
 *
 * @example
 * readYearToDate(ledger, '2025-06-30').ytd.basicPaid; // pooling fund paid in the first half of the year
 * @category Medical
 */
export function readYearToDate(ledger: YearLedger, asOf?: string): YearToDateReading {
  const current = checkLedger(ledger);
  if (asOf !== undefined) checkArg(asOf, dateSchema, { path: ['asOf'] });
  let n = current.settled.length;
  if (asOf !== undefined) while (n > 0 && current.settled[n - 1]!.dischargeDate > asOf) n--;
  return {
    personId: current.personId,
    policyYear: current.policyYear,
    asOf: asOf ?? current.settled[current.settled.length - 1]?.dischargeDate,
    claims: n,
    ytd: n > 0 ? current.settled[n - 1]!.ytdAfter : EMPTY_YTD,
  };
}

/**
 * Rebuilds a stored ledger from its own content: checks it, settles its claims again in order from a fresh year,
 * and returns the ledger they give — refusing (`ledger/mismatch`, with the path of each recorded figure that
 * differs) a ledger whose recorded amounts or accumulators are not what its claims give under the ruleset.
 *
 * @example
 * rebuildLedger(JSON.parse(stored), { ruleset: nanchang }); // equal to the ledger that was stored
 * @category Medical
 */
export function rebuildLedger(ledger: YearLedger, options: ReplayOptions): YearLedger {
  const current = checkLedger(ledger);
  const opts = checkOptions(options, replayOptionsSchema, 'rebuildLedger', '{ ruleset, trace? }');
  const issues: Issue[] = [];
  const tail = current.settled.map((e) => ({ claim: e.claim, ...entryStatus(e) }));
  const rebuilt = replay(current, 0, tail, opts.ruleset, false).ledger;
  rebuilt.settled.forEach((entry, i) => {
    if (issues.length >= 100) return;
    const stored = current.settled[i]!;
    const at: Path = ['ledger', 'settled', i];
    for (const key of ['fundPaid', 'outOfPocket'] as const) {
      if (stored[key] !== entry[key]) issues.push({ code: 'ledger/mismatch', message: `claim ${i} records ${key} ${stored[key]}, its claim gives ${entry[key]}`, path: [...at, key] });
    }
    for (const f of diffFields(stored.platformFields, entry.platformFields)) {
      issues.push({ code: 'ledger/mismatch', message: `claim ${i} records ${f.field} ${f.before}, its claim gives ${f.after}`, path: [...at, 'platformFields', f.field] });
    }
    for (const d of ytdDifferences(stored.ytdAfter, entry.ytdAfter)) {
      issues.push({ code: 'ledger/mismatch', message: `claim ${i} records ytdAfter.${d.key} ${d.a}, its claim gives ${d.b}`, path: [...at, 'ytdAfter', d.key] });
    }
  });
  if (issues.length > 0) throw new MinshengError(capIssues(issues));
  return rebuilt;
}
