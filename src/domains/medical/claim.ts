/**
 * Claim checking and the mapping of a typed claim onto a medical ruleset's declared inputs. Everything a
 * caller can get wrong is reported at once, each problem with its code and path (`items[2].amount`).
 */
import { MinshengError, capIssues, unknownKeyIssue, type Issue } from '../../errors';
import { Decimal } from '../../money/decimal';
import { parseMoney, formatMoney } from '../../money/money';
import type { Program } from '../../engine/program';
import { programFor } from '../program-for';
import { checkArg, requirePlainObject } from '../fields';
import { claimSchema, yearToDateSchema, YTD_MONEY_FIELDS, type Claim, type RulesetChoice, type YearToDate } from './types';
import type { z } from 'zod';

export { VISIT_TYPES, HOSPITAL_LEVELS, CROSS_REGION, CATEGORIES, YTD_MONEY_FIELDS } from './types';

/** The accumulators of a fresh policy year. */
export const EMPTY_YTD: YearToDate = Object.freeze({
  admissions: 0,
  inpatientDeductiblePaid: '0.00',
  outpatientDeductiblePaid: '0.00',
  chronicDeductiblePaid: '0.00',
  basicPaid: '0.00',
  outpatientBasicPaid: '0.00',
  criticalBase: '0.00',
  criticalPaid: '0.00',
  assistanceBase: '0.00',
  assistancePaid: '0.00',
  extraHelpBase: '0.00',
  extraHelpPaid: '0.00',
  largeAmountPaid: '0.00',
  civilServantPaid: '0.00',
});

type Path = (string | number)[];

/** An amount the schema already accepted (so it parses). */
function amount(value: unknown): Decimal {
  return parseMoney(value);
}

/**
 * The consistency of a claim whose fields are each well formed: dates in order, items or bill (not both),
 * the parts of the bill within what contains them.
 */
function claimConsistency(claim: Claim, issues: Issue[], at: Path = []): void {
  // The dates are checked YYYY-MM-DD texts: they compare as text.
  const discharge = claim.dischargeDate;
  if (claim.admissionDate !== undefined && claim.admissionDate > discharge) {
    issues.push({ code: 'claim/invalid', message: `admission ${claim.admissionDate} is after discharge ${discharge}`, path: [...at, 'admissionDate'] });
  }
  if (claim.birthDate !== undefined && claim.birthDate > discharge) {
    issues.push({ code: 'claim/invalid', message: `birth date ${claim.birthDate} is after the discharge date ${discharge}`, path: [...at, 'birthDate'] });
  }
  // Fields that belong to one visit type are refused on another rather than ignored.
  const visit = claim.visitType ?? 'inpatient';
  if (visit !== 'inpatient' && claim.admissionOrdinal !== undefined) issues.push({ code: 'claim/invalid', message: `an admission ordinal is for inpatient claims, not ${visit}`, path: [...at, 'admissionOrdinal'] });
  if (visit !== 'inpatient' && claim.referral !== undefined) issues.push({ code: 'claim/invalid', message: `a referral (hospital transfer) is for inpatient claims, not ${visit}`, path: [...at, 'referral'] });
  if (visit !== 'chronicOutpatient' && claim.chronicDisease !== undefined) issues.push({ code: 'claim/invalid', message: `a chronic disease is for chronicOutpatient claims, not ${visit}`, path: [...at, 'chronicDisease'] });
  const hasItems = claim.items !== undefined;
  const hasBill = claim.bill !== undefined;
  if (hasItems && hasBill) issues.push({ code: 'claim/invalid', message: 'give either items or bill totals, not both', path: [...at, 'bill'] });
  if (!hasItems && !hasBill) issues.push({ code: 'claim/invalid', message: 'a claim needs items or bill totals', path: [...at, 'items'] });
  if (claim.items) {
    if (claim.items.length === 0) issues.push({ code: 'claim/invalid', message: 'items must be a non-empty list', path: [...at, 'items'] });
    claim.items.forEach((item, i) => {
      if (item.overPriceLimit === undefined) return;
      const over = amount(item.overPriceLimit);
      const whole = amount(item.amount);
      if (over.gt(whole)) {
        issues.push({ code: 'claim/invalid', message: `the part above the price limit (${formatMoney(over)}) is more than the item (${formatMoney(whole)})`, path: [...at, 'items', i, 'overPriceLimit'] });
      }
    });
  }
  if (claim.bill) {
    const total = amount(claim.bill.total);
    const inCatalogue = amount(claim.bill.inCatalogue);
    const classB = claim.bill.classB === undefined ? new Decimal(0) : amount(claim.bill.classB);
    const over = claim.bill.overPriceLimit === undefined ? new Decimal(0) : amount(claim.bill.overPriceLimit);
    if (inCatalogue.gt(total)) {
      issues.push({ code: 'claim/invalid', message: `the in-catalogue amount ${formatMoney(inCatalogue)} is above the total ${formatMoney(total)}`, path: [...at, 'bill', 'inCatalogue'] });
    }
    if (classB.plus(over).gt(inCatalogue)) {
      issues.push({
        code: 'claim/invalid',
        message: `class B ${formatMoney(classB)} plus the part above price limits ${formatMoney(over)} is more than the in-catalogue amount ${formatMoney(inCatalogue)}`,
        path: [...at, 'bill', 'classB'],
      });
    }
  }
}

/**
 * Checks a claim: its shape (every field known, of the right kind, the required ones present — `bill.total`
 * and `bill.inCatalogue` included), amounts (numbers, at most 2 decimals, not negative), enum values, dates,
 * and the consistency of the bill (in-catalogue not above the total, parts not above what contains them).
 * Throws one {@link MinshengError} listing every problem.
 *
 * @param claim the claim as the caller passed it
 * @param schema the claim schema (a claim in settleYear may leave out the person's id)
 * @param at the path of the claim among the arguments (e.g. `['claims', 2]`)
 * @returns the claim, checked
 */
export function checkClaim(claim: unknown, schema: z.ZodType = claimSchema, at: Path = []): Claim {
  requirePlainObject(claim, 'claim/invalid', 'a claim must be an object { personId, hospitalLevel, dischargeDate, items or bill, … }', at);
  return checkArg(claim, schema, { path: at, extra: (parsed, issues) => claimConsistency(parsed as Claim, issues, at) }) as Claim;
}

/**
 * Completes checked year-to-date accumulators (an option or a stored ledger), money as 2-decimal strings.
 */
export function normalizeYtd(ytd: Partial<Record<keyof YearToDate, unknown>> | undefined): YearToDate {
  if (ytd === undefined) return EMPTY_YTD;
  const out: Record<string, unknown> = { ...EMPTY_YTD };
  if (ytd.admissions !== undefined) out['admissions'] = ytd.admissions;
  for (const key of YTD_MONEY_FIELDS) if (ytd[key] !== undefined) out[key] = formatMoney(parseMoney(ytd[key]));
  const byDisease = ytd.chronicByDisease;
  if (byDisease !== undefined && byDisease !== null && typeof byDisease === 'object') {
    // Sorted keys, zero amounts dropped: two ledgers with the same payments hold the same map.
    const entries = Object.entries(byDisease as Record<string, unknown>)
      .map(([code, v]) => [code, formatMoney(parseMoney(v))] as const)
      .filter(([, v]) => v !== '0.00')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0) out['chronicByDisease'] = Object.freeze(Object.fromEntries(entries));
  }
  return Object.freeze(out) as unknown as YearToDate;
}

/** Checks complete accumulators (a stored ledger's). */
export function checkYtd(ytd: unknown, path: Path): YearToDate {
  return normalizeYtd(checkArg(ytd, yearToDateSchema, { path }));
}

/** Outputs every medical settlement ruleset has (they extend cn/medical/national). */
const SETTLEMENT_OUTPUTS = ['totalCost', 'basicPaid', 'fundPaid', 'outOfPocket', 'ytdAfterBasicPaid'];

/** The program of a `ruleset` option, refused when it is not a medical settlement ruleset. */
function medicalProgram(ref: unknown): Program {
  const program = programFor(ref);
  const lacking = SETTLEMENT_OUTPUTS.filter((name) => !Object.hasOwn(program.ruleTypes, name));
  if (lacking.length > 0) {
    throw new MinshengError({
      code: 'options/invalid',
      message: `ruleset ${program.id} is not a medical settlement ruleset (it has no rule ${lacking.slice(0, 3).join(', ')}); use one that extends cn/medical/national`,
      path: ['ruleset'],
    });
  }
  return program;
}

/**
 * Picks the program whose validity covers `date` (the latest-starting one when several do).
 * Fails with `eval/outside-validity` when none does, `options/invalid` for a ruleset that is not a medical one.
 */
export function pickProgram(choice: RulesetChoice, date: string): Program {
  const programs: readonly Program[] = Array.isArray(choice) ? choice.map((p) => medicalProgram(p)) : [medicalProgram(choice)];
  if (programs.length === 0) throw new MinshengError({ code: 'options/invalid', message: 'no ruleset given to settle with', path: ['ruleset'] });
  const covering = programs.filter((p) => {
    const v = p.ruleset.validity;
    return !v || (date >= v.from && (v.until === undefined || date <= v.until));
  });
  if (covering.length === 0) {
    const spans = programs.slice(0, 10).map((p) => `${p.id}@${p.version} (${p.ruleset.validity?.from ?? '…'} – ${p.ruleset.validity?.until ?? '…'})`).join(', ');
    throw new MinshengError({ code: 'eval/outside-validity', message: `${date} is outside every ruleset's validity: ${spans}${programs.length > 10 ? ', …' : ''}`, path: ['dischargeDate'] });
  }
  return covering.reduce((best, p) => ((p.ruleset.validity?.from ?? '') > (best.ruleset.validity?.from ?? '') ? p : best));
}

/** Claim fields the facade maps onto ruleset inputs itself (a regional input may not repeat one). */
const CLAIM_INPUTS = new Set([
  'dischargeDate',
  'visitType',
  'hospitalLevel',
  'crossRegion',
  'category',
  'ytd',
  'admissionDate',
  'birthDate',
  'items',
  'bill',
  'employmentStatus',
  'admissionOrdinal',
  'referredTransfer',
  'referringDeductiblePaid',
  'accountBalance',
  'familyAccountBalance',
  'familyAccountCrossProvince',
  'civilServant',
  'chronicDisease',
]);

/**
 * The accumulators as the ruleset reads them: the money fields, and the chronic-disease accumulator of the
 * claim's own disease (the year ledger keeps one per disease).
 */
function ytdInput(ytd: YearToDate, claim: Claim): Record<string, unknown> {
  const { chronicByDisease, ...rest } = ytd;
  const disease = claim.chronicDisease;
  const paid = disease !== undefined && chronicByDisease !== undefined && Object.hasOwn(chronicByDisease, disease) ? chronicByDisease[disease] : '0.00';
  return { ...rest, chronicDiseasePaid: paid };
}

/**
 * Employee-insurance fields of a claim that the ruleset has no input for (a residents' ruleset has no personal
 * account, no retiree rates…): refused rather than ignored, each with its path.
 */
function unsupportedFields(program: Program, claim: Claim): Issue[] {
  const declared = program.ruleset.inputs;
  const issues: Issue[] = [];
  const need = (input: string, present: boolean, path: (string | number)[], what: string) => {
    if (present && !Object.hasOwn(declared, input)) {
      issues.push({ code: 'claim/invalid', message: `ruleset ${program.id} has no ${what} (input '${input}'): is it an employee-insurance ruleset?`, path });
    }
  };
  need('employmentStatus', claim.employment !== undefined && claim.employment !== 'active', ['employment'], 'employment status');
  need('admissionOrdinal', claim.admissionOrdinal !== undefined, ['admissionOrdinal'], 'admission ordinal');
  need('referredTransfer', claim.referral !== undefined, ['referral'], 'referral terms');
  need('accountBalance', claim.account?.balance !== undefined && !parseMoney(claim.account.balance).isZero(), ['account', 'balance'], 'personal account');
  need('familyAccountBalance', claim.account?.family !== undefined, ['account', 'family'], 'family mutual aid');
  need('civilServant', claim.civilServant === true, ['civilServant'], 'civil-servant subsidy');
  need('chronicDisease', claim.chronicDisease !== undefined, ['chronicDisease'], 'chronic-disease list');
  return issues;
}

/** Builds the ruleset input of a checked claim: only the inputs the ruleset declares, plus `regional`. */
export function toRulesetInput(program: Program, claim: Claim, ytd: YearToDate): Record<string, unknown> {
  const declared = program.ruleset.inputs;
  const has = (key: string) => Object.hasOwn(declared, key);
  const input: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (has(key)) input[key] = value;
  };
  put('dischargeDate', claim.dischargeDate);
  put('visitType', claim.visitType ?? 'inpatient');
  put('hospitalLevel', claim.hospitalLevel);
  put('crossRegion', claim.crossRegion ?? 'none');
  put('category', claim.category ?? 'ordinary');
  put('ytd', ytdInput(ytd, claim));
  const unsupported = unsupportedFields(program, claim);
  if (unsupported.length > 0) throw new MinshengError(unsupported);
  if (claim.employment !== undefined) put('employmentStatus', claim.employment);
  if (claim.admissionOrdinal !== undefined) put('admissionOrdinal', claim.admissionOrdinal);
  if (claim.referral !== undefined) {
    put('referredTransfer', true);
    if (claim.referral.deductiblePaid !== undefined) put('referringDeductiblePaid', claim.referral.deductiblePaid);
  }
  if (claim.account?.balance !== undefined) put('accountBalance', claim.account.balance);
  if (claim.account?.family !== undefined) {
    put('familyAccountBalance', claim.account.family.balance);
    if (claim.account.family.crossProvince !== undefined) put('familyAccountCrossProvince', claim.account.family.crossProvince);
  }
  if (claim.civilServant !== undefined) put('civilServant', claim.civilServant);
  if (claim.chronicDisease !== undefined) put('chronicDisease', claim.chronicDisease);
  if (claim.admissionDate !== undefined) put('admissionDate', claim.admissionDate);
  if (claim.birthDate !== undefined) put('birthDate', claim.birthDate);
  if (claim.items) put('items', claim.items.map((i) => ({ amount: i.amount, class: i.class, ...(i.overPriceLimit !== undefined ? { overPriceLimit: i.overPriceLimit } : {}) })));
  if (claim.bill) put('bill', { ...claim.bill });
  const regional = claim.regional;
  if (regional !== undefined) {
    const issues: Issue[] = [];
    const regionalInputs = Object.keys(declared).filter((k) => !CLAIM_INPUTS.has(k));
    for (const key of Object.keys(regional)) {
      if (CLAIM_INPUTS.has(key)) issues.push({ code: 'claim/invalid', message: `regional input '${key}' repeats a claim field`, path: ['regional', key] });
      else if (!has(key)) issues.push({ ...unknownKeyIssue(key, regionalInputs, ['regional']), message: `${unknownKeyIssue(key, regionalInputs, ['regional']).message}: ruleset ${program.id} declares no such input` });
      else input[key] = regional[key];
      if (issues.length >= 20) break;
    }
    if (issues.length > 0) throw new MinshengError(capIssues(issues));
  }
  return input;
}

/**
 * An error of the ruleset evaluation, with the paths of regional inputs put back under `regional` (the
 * caller passed them there).
 */
export function relocateRegional(error: unknown, claim: Claim): unknown {
  if (!(error instanceof MinshengError) || claim.regional === undefined) return error;
  const regional = claim.regional;
  let moved = false;
  const issues = error.issues.map((issue) => {
    const head = issue.path?.[0];
    if (issue.file === undefined && typeof head === 'string' && Object.hasOwn(regional, head) && !CLAIM_INPUTS.has(head)) {
      moved = true;
      return { ...issue, path: ['regional', ...issue.path!] };
    }
    return issue;
  });
  return moved ? new MinshengError(issues) : error;
}
