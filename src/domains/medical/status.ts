/**
 * The assistance → medical bridge: a person's assistance status over time (as `assessHousehold` decides it, plus
 * the rural monitoring status the civil-affairs formula does not decide) mapped onto the medical-assistance
 * category the settlement rulesets read (`category` of rulesets/cn/medical/national.yaml), on a given date.
 *
 * Mapping (national terms):
 * - 特困 `extremePoverty` → `extremelyPoorPerson`; 低保 `minimumLivingAllowance` → `minimumLivingAllowance`;
 *   低保边缘 `lowIncomeMarginal` → `lowIncomeMarginalHousehold` (国办发〔2021〕42号 names these groups);
 * - 返贫致贫 / 易返贫致贫 monitoring `povertyMonitoring` → `relapsedOrNewlyPoor` (42号 and the NHSA CII tilt);
 * - 刚性支出困难 `rigidExpenditureHardship` → `illnessImpoverishedPatient`: seed 001 (SCIO 2025-06-10, MCA) says medical
 *   assistance is extended to rigid-expense-hardship households; the medical-assistance terms the national policy
 *   sets for a household whose basic living is in severe difficulty because of high medical spending are those
 *   of 因病致贫重病患者 (42号: deductible about 25% of per-capita disposable income, a ratio below 低保's). That
 *   reading is ours (inferred): neither source names the category of a rigid-expense household in so many words.
 * When periods overlap, the most protective status applies (特困 > 低保 > 返贫致贫 > 低保边缘 > 刚性支出), the order
 * the national ruleset's `category` input documents.
 */
import { MinshengError, type Issue } from '../../errors';
import { z } from 'zod';
import type { HouseholdAssessment } from '../assistance';
import { MAX_ITEMS, checkArg, date as dateSchema, requirePlainObject, strictRecord } from '../fields';
import { expecting } from '../../engine/options';
import type { Category, Claim } from './types';

/** A person's assistance status: the four civil-affairs schemes, rural monitoring, or none. */
export type AssistanceStatus = 'extremePoverty' | 'minimumLivingAllowance' | 'lowIncomeMarginal' | 'rigidExpenditureHardship' | 'povertyMonitoring' | 'none';

export const ASSISTANCE_STATUSES = ['extremePoverty', 'minimumLivingAllowance', 'lowIncomeMarginal', 'rigidExpenditureHardship', 'povertyMonitoring', 'none'] as const;

/** A status held from `from` to `until` (both inclusive; open-ended without `until`). */
export interface StatusPeriod {
  readonly status: AssistanceStatus;
  readonly from: string;
  readonly until?: string;
}

/** A person's statuses over time (periods may overlap; the most protective applies). */
export type StatusHistory = readonly StatusPeriod[];

/** The status that applied on a date and the medical category it gives. */
export interface StatusOnDate {
  readonly date: string;
  readonly status: AssistanceStatus;
  readonly category: Category;
  /** The period that applied (absent when none covers the date: status `none`). */
  readonly period?: StatusPeriod;
}

const CATEGORY_OF: Readonly<Record<AssistanceStatus, Category>> = {
  extremePoverty: 'extremelyPoorPerson',
  minimumLivingAllowance: 'minimumLivingAllowance',
  povertyMonitoring: 'relapsedOrNewlyPoor',
  lowIncomeMarginal: 'lowIncomeMarginalHousehold',
  rigidExpenditureHardship: 'illnessImpoverishedPatient',
  none: 'ordinary',
};

/** Most protective first. */
const PRECEDENCE: readonly AssistanceStatus[] = ['extremePoverty', 'minimumLivingAllowance', 'povertyMonitoring', 'lowIncomeMarginal', 'rigidExpenditureHardship', 'none'];

const statusPeriodSchema = strictRecord(
  { status: z.enum(ASSISTANCE_STATUSES, expecting(`one of ${ASSISTANCE_STATUSES.join(', ')}`)), from: dateSchema, until: dateSchema.optional() },
  'a status period { status, from, until? }',
);

/** {@link StatusHistory} as a zod schema (periods with `from` not after `until`). */
export const statusHistorySchema = z.array(statusPeriodSchema, expecting('a list of status periods { status, from, until? }')).max(MAX_ITEMS);

/** Checks a status history given by a caller; `at` is its path among the arguments. */
export function checkStatusHistory(history: unknown, at: (string | number)[] = ['statusHistory']): StatusHistory {
  return checkArg(history, statusHistorySchema, {
    path: at,
    extra: (parsed, issues: Issue[]) => {
      parsed.forEach((p, i) => {
        if (p.until !== undefined && p.until < p.from) issues.push({ code: 'input/invalid', message: `the period ends on ${p.until}, before it starts (${p.from})`, path: [...at, i, 'until'] });
      });
    },
  }) as StatusHistory;
}

/** {@link medicalCategoryOn} for a history already checked. */
export function statusOnChecked(history: StatusHistory, date: string): StatusOnDate {
  let best: StatusPeriod | undefined;
  for (const p of history) {
    if (p.from > date || (p.until !== undefined && p.until < date)) continue;
    if (!best || PRECEDENCE.indexOf(p.status) < PRECEDENCE.indexOf(best.status)) best = p;
  }
  if (!best || best.status === 'none') return { date, status: 'none', category: 'ordinary', ...(best ? { period: best } : {}) };
  return { date, status: best.status, category: CATEGORY_OF[best.status], period: best };
}

/**
 * The assistance status that applied on a date and the medical-assistance category it gives the settlement
 * rulesets (see the module comment for the mapping and its sources).
 *
 * @param history the person's status periods (from {@link statusFromAssessment} or the monitoring system)
 * @param date `YYYY-MM-DD`, e.g. a claim's discharge date
 * @throws MinshengError `input/*` for a malformed history or date
 * @example
 * medicalCategoryOn([{ status: 'minimumLivingAllowance', from: '2025-04-01' }], '2025-03-31').category; //=> 'ordinary'
 * medicalCategoryOn([{ status: 'minimumLivingAllowance', from: '2025-04-01' }], '2025-04-01').category; //=> 'minimumLivingAllowance'
 * medicalCategoryOn([{ status: 'rigidExpenditureHardship', from: '2025-01-01' }], '2025-06-01').category; //=> 'illnessImpoverishedPatient'
 * @category Medical
 */
export function medicalCategoryOn(history: StatusHistory, date: string): StatusOnDate {
  const checked = checkStatusHistory(history);
  checkArg(date, dateSchema, { path: ['date'] });
  return statusOnChecked(checked, date);
}

/**
 * A status period from an `assessHousehold` result: the category it decided, from the assessment's date (to
 * `until` when given — a review date, the end of a grace period). An assessment of no scheme gives `none`.
 *
 * @example
 * statusFromAssessment(assessHousehold(household, { ruleset: 'cn/assistance/national', date: '2025-04-01' }));
 * //=> { status: 'minimumLivingAllowance', from: '2025-04-01' }
 * @category Medical
 */
export function statusFromAssessment(assessment: HouseholdAssessment, options: { until?: string } = {}): StatusPeriod {
  requirePlainObject(assessment, 'input/type', 'an assessment must be the result of assessHousehold', ['assessment']);
  const category: unknown = assessment.category;
  const status = category === 'none' ? 'none' : category;
  if (typeof status !== 'string' || !(ASSISTANCE_STATUSES as readonly string[]).includes(status) || status === 'povertyMonitoring') {
    throw new MinshengError({ code: 'input/invalid', message: `not an assessHousehold category: ${JSON.stringify(String(category)).slice(0, 60)}`, path: ['assessment', 'category'] });
  }
  const from = checkArg(assessment.date, dateSchema, { path: ['assessment', 'date'] });
  requirePlainObject(options, 'options/invalid', 'options must be { until? }', ['options']);
  const until = options.until === undefined ? undefined : checkArg(options.until, dateSchema, { path: ['options', 'until'] });
  if (until !== undefined && until < from) throw new MinshengError({ code: 'input/invalid', message: `until ${until} is before the assessment date ${from}`, path: ['options', 'until'] });
  return { status: status as AssistanceStatus, from, ...(until !== undefined ? { until } : {}) };
}

/**
 * A claim with its category set by the status history on its discharge date (no history: the claim as it is).
 * A claim that names a different category itself is refused (`claim/invalid`): the two would disagree.
 */
export function applyStatus(claim: Claim, history: StatusHistory | undefined, at: (string | number)[] = []): { claim: Claim; status?: StatusOnDate } {
  if (history === undefined) return { claim };
  const status = statusOnChecked(history, claim.dischargeDate);
  if (claim.category !== undefined && claim.category !== status.category) {
    throw new MinshengError({
      code: 'claim/invalid',
      message: `the claim says category ${claim.category}, but the status history gives ${status.status} (${status.category}) on ${claim.dischargeDate}; leave the category out or correct the history`,
      path: [...at, 'category'],
    });
  }
  return { claim: { ...claim, category: status.category }, status };
}
