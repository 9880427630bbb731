/**
 * The date functions of the formula language, shared by both evaluation paths (decimal and fixed-point):
 * differences (`age`, `daysBetween`, `monthsBetween`, `yearsBetween`) and builders (`startOfYear`,
 * `endOfYear`, `addDays`, `addMonths`, `year`, `month`). Every calendar rule comes from `date.ts`.
 */
import { addDays, addMonths, ageOn, daysBetween, endOfYear, monthOf, monthsBetween, startOfYear, yearOf, yearsBetween, type DayNumber } from './date';

/** Date builders: the start or end of a date's year, a date moved by days or months, a date's year or month. */
export type DateFn = 'startOfYear' | 'endOfYear' | 'addDays' | 'addMonths' | 'year' | 'month';

/** Whole-unit differences between two dates. */
export type DateDiff = 'age' | 'daysBetween' | 'monthsBetween' | 'yearsBetween';

/** The builders; `n` is the amount for addDays/addMonths (ignored by the others). `addMonths` clamps to the month's end. */
export const DATE_FNS: Readonly<Record<DateFn, (day: DayNumber, n: number) => number>> = {
  startOfYear: (day) => startOfYear(day),
  endOfYear: (day) => endOfYear(day),
  addDays: (day, n) => addDays(day, n),
  addMonths: (day, n) => addMonths(day, n),
  year: (day) => yearOf(day),
  month: (day) => monthOf(day),
};

/** The differences, in whole units (an age turns on the birthday; Feb 29 birthdays on Mar 1 in other years). */
export const DATE_DIFFS: Readonly<Record<DateDiff, (from: DayNumber, to: DayNumber) => number>> = {
  age: ageOn,
  daysBetween,
  monthsBetween,
  yearsBetween,
};
