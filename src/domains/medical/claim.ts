/**
 * Claim checking and the mapping of a typed claim onto a medical ruleset's declared inputs. Everything a
 * caller can get wrong is reported at once, each problem with its code and path (`items[2].amount`).
 */
import { MinshengError, type Issue } from '../../errors';
import { Decimal } from '../../money/decimal';
import { parseMoney, formatMoney } from '../../money/money';
import { parseDate, formatDate } from '../../period/date';
import type { Program } from '../../engine/program';
import { programFor } from '../program-for';
import type { Category, Claim, RulesetChoice, YearToDate } from './types';

export const VISIT_TYPES = ['inpatient', 'outpatient', 'chronicOutpatient'] as const;
export const HOSPITAL_LEVELS = ['primary', 'secondary', 'tertiary'] as const;
export const CROSS_REGION = ['none', 'filedLongTerm', 'referred', 'unfiled'] as const;
export const CATEGORIES: readonly Category[] = [
  'ordinary',
  'extremelyPoorPerson',
  'minimumLivingAllowance',
  'lowIncomeMarginalHousehold',
  'relapsedOrNewlyPoor',
  'illnessImpoverishedPatient',
];
const CLASSES = ['A', 'B', 'C'] as const;

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
});

export const YTD_MONEY_FIELDS = [
  'inpatientDeductiblePaid',
  'outpatientDeductiblePaid',
  'chronicDeductiblePaid',
  'basicPaid',
  'outpatientBasicPaid',
  'criticalBase',
  'criticalPaid',
  'assistanceBase',
  'assistancePaid',
  'extraHelpBase',
  'extraHelpPaid',
] as const;

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses money, collecting the problem instead of throwing. */
function money(value: unknown, path: Path, issues: Issue[]): Decimal | undefined {
  try {
    return parseMoney(value, { path });
  } catch (error) {
    if (error instanceof MinshengError) issues.push(...error.issues.map((i) => ({ ...i, path: i.path ?? path })));
    else issues.push({ code: 'value/invalid-number', message: String(error), path });
    return undefined;
  }
}

function oneOf(value: unknown, allowed: readonly string[], path: Path, issues: Issue[], what: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    issues.push({ code: 'input/enum', message: `unknown ${what} ${JSON.stringify(value)} (one of ${allowed.join(', ')})`, path });
  }
}

function date(value: unknown, path: Path, issues: Issue[]): number | undefined {
  try {
    return parseDate(value, path);
  } catch (error) {
    if (error instanceof MinshengError) issues.push(...error.issues.map((i) => ({ ...i, path: i.path ?? path })));
    else issues.push({ code: 'value/invalid-date', message: String(error), path });
    return undefined;
  }
}

/**
 * Checks a claim: types, amounts (numbers, at most 2 decimals, not negative), enum values, dates, and the
 * consistency of the bill (in-catalogue not above the total, parts not above what contains them).
 * Throws one {@link MinshengError} listing every problem.
 */
export function checkClaim(claim: unknown): asserts claim is Claim {
  const issues: Issue[] = [];
  if (!isRecord(claim)) throw new MinshengError({ code: 'claim/invalid', message: 'a claim must be an object', path: [] });
  if (typeof claim['personId'] !== 'string' || claim['personId'] === '') {
    issues.push({ code: 'input/missing', message: 'personId is required (a non-empty string)', path: ['personId'] });
  }
  if (claim['visitType'] !== undefined) oneOf(claim['visitType'], VISIT_TYPES, ['visitType'], issues, 'visit type');
  oneOf(claim['hospitalLevel'], HOSPITAL_LEVELS, ['hospitalLevel'], issues, 'hospital level');
  if (claim['crossRegion'] !== undefined) oneOf(claim['crossRegion'], CROSS_REGION, ['crossRegion'], issues, 'cross-region status');
  if (claim['category'] !== undefined) oneOf(claim['category'], CATEGORIES, ['category'], issues, 'category');
  const discharge = date(claim['dischargeDate'], ['dischargeDate'], issues);
  if (claim['admissionDate'] !== undefined) {
    const admission = date(claim['admissionDate'], ['admissionDate'], issues);
    if (admission !== undefined && discharge !== undefined && admission > discharge) {
      issues.push({ code: 'claim/invalid', message: `admission ${formatDate(admission)} is after discharge ${formatDate(discharge)}`, path: ['admissionDate'] });
    }
  }
  if (claim['birthDate'] !== undefined) {
    const born = date(claim['birthDate'], ['birthDate'], issues);
    if (born !== undefined && discharge !== undefined && born > discharge) {
      issues.push({ code: 'claim/invalid', message: `birth date ${formatDate(born)} is after the discharge date ${formatDate(discharge)}`, path: ['birthDate'] });
    }
  }
  const hasItems = claim['items'] !== undefined;
  const hasBill = claim['bill'] !== undefined;
  if (hasItems && hasBill) issues.push({ code: 'claim/invalid', message: 'give either items or bill totals, not both', path: ['bill'] });
  if (!hasItems && !hasBill) issues.push({ code: 'claim/invalid', message: 'a claim needs items or bill totals', path: ['items'] });
  if (hasItems) {
    const items = claim['items'];
    if (!Array.isArray(items) || items.length === 0) {
      issues.push({ code: 'claim/invalid', message: 'items must be a non-empty list', path: ['items'] });
    } else {
      items.forEach((item: unknown, i) => {
        const at: Path = ['items', i];
        if (!isRecord(item)) {
          issues.push({ code: 'input/type', message: 'an item must be an object { amount, class }', path: at });
          return;
        }
        const amount = money(item['amount'], [...at, 'amount'], issues);
        oneOf(item['class'], CLASSES, [...at, 'class'], issues, 'catalogue class');
        if (item['overPriceLimit'] !== undefined) {
          const over = money(item['overPriceLimit'], [...at, 'overPriceLimit'], issues);
          if (over && amount && over.gt(amount)) {
            issues.push({ code: 'claim/invalid', message: `the part above the price limit (${formatMoney(over)}) is more than the item (${formatMoney(amount)})`, path: [...at, 'overPriceLimit'] });
          }
        }
      });
    }
  }
  if (hasBill) {
    const bill = claim['bill'];
    if (!isRecord(bill)) {
      issues.push({ code: 'input/type', message: 'bill must be an object { total, inCatalogue, classB?, overPriceLimit? }', path: ['bill'] });
    } else {
      const total = money(bill['total'], ['bill', 'total'], issues);
      const inCatalogue = money(bill['inCatalogue'], ['bill', 'inCatalogue'], issues);
      const classB = bill['classB'] === undefined ? new Decimal(0) : money(bill['classB'], ['bill', 'classB'], issues);
      const over = bill['overPriceLimit'] === undefined ? new Decimal(0) : money(bill['overPriceLimit'], ['bill', 'overPriceLimit'], issues);
      if (total && inCatalogue && inCatalogue.gt(total)) {
        issues.push({ code: 'claim/invalid', message: `the in-catalogue amount ${formatMoney(inCatalogue)} is above the total ${formatMoney(total)}`, path: ['bill', 'inCatalogue'] });
      }
      if (inCatalogue && classB && over && classB.plus(over).gt(inCatalogue)) {
        issues.push({
          code: 'claim/invalid',
          message: `class B ${formatMoney(classB)} plus the part above price limits ${formatMoney(over)} is more than the in-catalogue amount ${formatMoney(inCatalogue)}`,
          path: ['bill', 'classB'],
        });
      }
      for (const key of Object.keys(bill)) {
        if (!['total', 'inCatalogue', 'classB', 'overPriceLimit'].includes(key)) {
          issues.push({ code: 'input/unknown-field', message: `unknown bill field '${key}'`, path: ['bill', key] });
        }
      }
    }
  }
  if (claim['regional'] !== undefined && !isRecord(claim['regional'])) {
    issues.push({ code: 'input/type', message: 'regional must be an object of extra ruleset inputs', path: ['regional'] });
  }
  const known = ['id', 'personId', 'visitType', 'hospitalLevel', 'crossRegion', 'admissionDate', 'dischargeDate', 'birthDate', 'category', 'items', 'bill', 'regional'];
  for (const key of Object.keys(claim)) {
    if (!known.includes(key)) issues.push({ code: 'input/unknown-field', message: `unknown claim field '${key}'`, path: [key] });
  }
  if (issues.length > 0) throw new MinshengError(issues);
}

/**
 * Checks year-to-date accumulators (from a caller or a stored ledger) and returns them complete, money as
 * 2-decimal strings.
 */
export function normalizeYtd(ytd: unknown, path: Path): YearToDate {
  if (ytd === undefined) return EMPTY_YTD;
  const issues: Issue[] = [];
  if (!isRecord(ytd)) throw new MinshengError({ code: 'input/type', message: 'year-to-date accumulators must be an object', path });
  const out: Record<string, unknown> = { ...EMPTY_YTD };
  for (const key of Object.keys(ytd)) {
    if (key === 'admissions') {
      const n = ytd[key];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        issues.push({ code: 'value/invalid-number', message: `admissions must be a whole number ≥ 0, got ${JSON.stringify(n)}`, path: [...path, key] });
      } else out[key] = n;
    } else if ((YTD_MONEY_FIELDS as readonly string[]).includes(key)) {
      const d = money(ytd[key], [...path, key], issues);
      if (d) out[key] = formatMoney(d);
    } else {
      issues.push({ code: 'input/unknown-field', message: `unknown accumulator '${key}'`, path: [...path, key] });
    }
  }
  if (issues.length > 0) throw new MinshengError(issues);
  return Object.freeze(out) as unknown as YearToDate;
}

/**
 * Picks the program whose validity covers `date` (the latest-starting one when several do).
 * Fails with `eval/outside-validity` when none does.
 */
export function pickProgram(choice: RulesetChoice, date: string): Program {
  const programs: readonly Program[] = Array.isArray(choice) ? choice.map((p) => programFor(p, 'claim/invalid')) : [programFor(choice, 'claim/invalid')];
  if (programs.length === 0) throw new MinshengError({ code: 'claim/invalid', message: 'no ruleset given to settle with', path: ['ruleset'] });
  const covering = programs.filter((p) => {
    const v = p.ruleset.validity;
    return !v || (date >= v.from && (v.until === undefined || date <= v.until));
  });
  if (covering.length === 0) {
    const spans = programs.map((p) => `${p.id}@${p.version} (${p.ruleset.validity?.from ?? '…'} – ${p.ruleset.validity?.until ?? '…'})`).join(', ');
    throw new MinshengError({ code: 'eval/outside-validity', message: `${date} is outside every ruleset's validity: ${spans}`, path: ['dischargeDate'] });
  }
  return covering.reduce((best, p) => ((p.ruleset.validity?.from ?? '') > (best.ruleset.validity?.from ?? '') ? p : best));
}

/** Builds the ruleset input of a checked claim: only the inputs the ruleset declares, plus `regional`. */
export function toRulesetInput(program: Program, claim: Claim, ytd: YearToDate): Record<string, unknown> {
  const declared = program.ruleset.inputs;
  const input: Record<string, unknown> = {
    dischargeDate: claim.dischargeDate,
    visitType: claim.visitType ?? 'inpatient',
    hospitalLevel: claim.hospitalLevel,
    crossRegion: claim.crossRegion ?? 'none',
    category: claim.category ?? 'ordinary',
    ytd,
  };
  if (claim.admissionDate !== undefined) input['admissionDate'] = claim.admissionDate;
  if (claim.birthDate !== undefined && declared['birthDate']) input['birthDate'] = claim.birthDate;
  if (claim.items) input['items'] = claim.items.map((i) => ({ amount: i.amount, class: i.class, ...(i.overPriceLimit !== undefined ? { overPriceLimit: i.overPriceLimit } : {}) }));
  if (claim.bill) input['bill'] = { ...claim.bill };
  for (const [key, value] of Object.entries(claim.regional ?? {})) {
    if (Object.hasOwn(input, key)) throw new MinshengError({ code: 'claim/invalid', message: `regional input '${key}' repeats a claim field`, path: ['regional', key] });
    input[key] = value;
  }
  for (const key of Object.keys(input)) {
    if (!declared[key]) delete input[key];
  }
  for (const key of Object.keys(claim.regional ?? {})) {
    if (!declared[key]) throw new MinshengError({ code: 'input/unknown-field', message: `ruleset ${program.id} has no input '${key}'`, path: ['regional', key] });
  }
  return input;
}
