/**
 * Policy years (医保年度 / 结算年度): the 12-month periods over which deductibles and annual caps accumulate.
 * Most regions use the calendar year; some start on another day (Shanghai used 1 April – 31 March).
 */
import { fail } from '../errors';
import { civilFromDay, type DayNumber, dayFromCivilUnchecked, minDaysInMonth } from './date';

/**
 * The first day of a policy year, as month (1–12) and day of month. 29 February is not allowed.
 *
 * @example
 * const shanghai: PolicyYearStart = { month: 4, day: 1 };
 */
export interface PolicyYearStart {
  readonly month: number;
  readonly day: number;
}

/**
 * One policy year: first and last day (inclusive) and its label.
 *
 * @example
 * policyYearOf(parseDate('2025-06-01')); // { start: 2025-01-01, end: 2025-12-31, label: '2025' } (as day numbers)
 */
export interface PolicyYear {
  /** First day (inclusive). */
  readonly start: DayNumber;
  /** Last day (inclusive): the day before the next policy year starts. */
  readonly end: DayNumber;
  /** `'2025'` for a calendar year; `'2025/26'` for a year starting in 2025 on another day than 1 January. */
  readonly label: string;
}

/**
 * The calendar year (1 January – 31 December), the default policy year.
 *
 * @example
 * policyYearOf(day, CALENDAR_YEAR);
 */
export const CALENDAR_YEAR: PolicyYearStart = Object.freeze({ month: 1, day: 1 });

/**
 * The policy year that contains `day`.
 *
 * @param start first day of every policy year; default 1 January
 * @throws MinshengError `value/invalid-date` when `start` is not a real month/day (or is 29 February),
 *   or `day` is not an integer
 * @example
 * const y = policyYearOf(parseDate('2025-06-01'));
 * [formatDate(y.start), formatDate(y.end), y.label]; // ['2025-01-01', '2025-12-31', '2025']
 * const s = policyYearOf(parseDate('2004-03-31'), { month: 4, day: 1 });
 * [formatDate(s.start), formatDate(s.end), s.label]; // ['2003-04-01', '2004-03-31', '2003/04']
 */
export function policyYearOf(day: DayNumber, start: PolicyYearStart = CALENDAR_YEAR): PolicyYear {
  const { month, day: dom } = start;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(dom) || dom < 1 || dom > minDaysInMonth(month)) {
    fail({
      code: 'value/invalid-date',
      message: `Invalid policy year start month ${String(month)}, day ${String(dom)}: expected a day that exists every year (not 29 February)`,
    });
  }
  const civil = civilFromDay(day);
  const startYear = civil.month > month || (civil.month === month && civil.day >= dom) ? civil.year : civil.year - 1;
  const first = dayFromCivilUnchecked(startYear, month, dom);
  const last = dayFromCivilUnchecked(startYear + 1, month, dom) - 1;
  const label =
    month === 1 && dom === 1 ? String(startYear) : `${startYear}/${String((((startYear + 1) % 100) + 100) % 100).padStart(2, '0')}`;
  return { start: first, end: last, label };
}
