/**
 * Calendar dates as integers. A {@link DayNumber} counts days since 1970-01-01 (day 0) in the proleptic
 * Gregorian calendar, so dates compare with `<` and subtract with `-`. All arithmetic here is pure integer
 * civil-calendar arithmetic (H. Hinnant's `days_from_civil` / `civil_from_days`): nothing depends on the
 * local time zone, on `Date` parsing, or on daylight saving.
 */
import { fail } from '../errors';
import type { Path } from '../money/decimal';

/**
 * Integer days since 1970-01-01 (UTC calendar): 0 = 1970-01-01, 1 = 1970-01-02, −1 = 1969-12-31.
 *
 * @example
 * const day: DayNumber = parseDate('2025-01-01'); // 20089
 */
export type DayNumber = number;

/**
 * A calendar date split into fields: `month` 1–12, `day` 1–31.
 *
 * @example
 * const d: CivilDate = { year: 2025, month: 4, day: 1 };
 */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days from 0000-03-01 to 1970-01-01 in Hinnant's era arithmetic. */
const EPOCH_SHIFT = 719468;

/** Unchecked: (year, month 1–12, day 1–31) → DayNumber. */
function toDay(y: number, m: number, d: number): DayNumber {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // [0, 399]
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - EPOCH_SHIFT;
}

/** Unchecked: DayNumber → year·10000 + month·100 + day (one number, no allocation). */
function packedOf(day: DayNumber): number {
  const z = day + EPOCH_SHIFT;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], March-based
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/**
 * The earliest supported date, 1900-01-01 (day −25567).
 *
 * @example
 * formatDate(MIN_DAY); // '1900-01-01'
 */
export const MIN_DAY: DayNumber = toDay(1900, 1, 1);

/**
 * The latest supported date, 2200-12-31 (day 84370).
 *
 * @example
 * formatDate(MAX_DAY); // '2200-12-31'
 */
export const MAX_DAY: DayNumber = toDay(2200, 12, 31);

/** Smallest/largest day {@link formatDate} can print with a 4-digit year (0000-01-01 … 9999-12-31). */
const PRINT_MIN = toDay(0, 1, 1);
const PRINT_MAX = toDay(9999, 12, 31);

/**
 * Gregorian leap year: divisible by 4, except centuries not divisible by 400.
 *
 * @example
 * isLeapYear(2024); // true
 * isLeapYear(1900); // false
 * isLeapYear(2000); // true
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Number of days in `month` (1–12) of `year`.
 *
 * @example
 * daysInMonth(2024, 2); // 29
 * daysInMonth(2025, 2); // 28
 * daysInMonth(2025, 4); // 30
 */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function invalidDate(value: unknown, why: string, path?: Path): never {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  else if (typeof value === 'object' && value !== null) shown = Object.prototype.toString.call(value);
  else shown = String(value);
  fail({ code: 'value/invalid-date', message: `Invalid date ${shown}: ${why}`, ...(path ? { path } : {}) });
}

function checkDay(day: unknown, what: string): asserts day is DayNumber {
  if (typeof day !== 'number' || !Number.isSafeInteger(day)) {
    invalidDate(day, `${what} must be an integer day number (days since 1970-01-01)`);
  }
}

/**
 * Day number of a calendar date, checked: a real date between 1900-01-01 and 2200-12-31.
 *
 * @throws MinshengError `value/invalid-date`
 * @example
 * dayFromCivil(1970, 1, 1);  // 0
 * dayFromCivil(2025, 2, 29); // throws value/invalid-date
 */
export function dayFromCivil(year: number, month: number, day: number, path?: Path): DayNumber {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    invalidDate(`${year}-${month}-${day}`, 'year, month and day must be integers', path);
  }
  if (month < 1 || month > 12) invalidDate(`${year}-${month}-${day}`, 'month must be 1 to 12', path);
  if (day < 1 || day > daysInMonth(year, month)) {
    invalidDate(`${year}-${month}-${day}`, `${year}-${String(month).padStart(2, '0')} has ${daysInMonth(year, month)} days`, path);
  }
  const n = toDay(year, month, day);
  if (n < MIN_DAY || n > MAX_DAY) invalidDate(`${year}-${month}-${day}`, 'outside the supported range 1900-01-01 to 2200-12-31', path);
  return n;
}

/**
 * Day number of a calendar date without any check (no range limit, no real-date check: 2025-02-30 is
 * 2025-03-02). For internal arithmetic on dates already known to be valid; use {@link dayFromCivil} otherwise.
 *
 * @example
 * dayFromCivilUnchecked(2201, 4, 1) - 1; // the day number of 2201-03-31
 */
export function dayFromCivilUnchecked(year: number, month: number, day: number): DayNumber {
  return toDay(year, month, day);
}

/**
 * Calendar fields of a day number (any safe integer, not limited to the supported range).
 *
 * @throws MinshengError `value/invalid-date` when `day` is not an integer
 * @example
 * civilFromDay(0);     // { year: 1970, month: 1, day: 1 }
 * civilFromDay(20179); // { year: 2025, month: 4, day: 1 }
 */
export function civilFromDay(day: DayNumber): CivilDate {
  checkDay(day, 'civilFromDay: day');
  const p = packedOf(day);
  const year = Math.floor(p / 10000);
  const rest = p - year * 10000;
  return { year, month: Math.floor(rest / 100), day: rest % 100 };
}

const ZERO_CODE = 48;
const DASH_CODE = 45;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO_CODE;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Parses a `YYYY-MM-DD` date (exactly 10 characters: no time, no zone, no whitespace, no other format)
 * of a real calendar day between 1900-01-01 and 2200-12-31. No `Date` parsing is involved, so nothing is
 * lenient: `2025-02-29`, `2025-13-01`, `2025-04-31`, `2025-4-1` are all rejected.
 *
 * @param path where the value came from, copied into the issue
 * @throws MinshengError `value/invalid-date`
 * @example
 * parseDate('1970-01-02'); // 1
 * parseDate('2024-02-29'); // 19782
 * parseDate('2025-02-29'); // throws value/invalid-date (2025 is not a leap year)
 */
export function parseDate(value: unknown, path?: Path): DayNumber {
  if (typeof value !== 'string') invalidDate(value, 'expected a "YYYY-MM-DD" string', path);
  if (value.length !== 10 || value.charCodeAt(4) !== DASH_CODE || value.charCodeAt(7) !== DASH_CODE) {
    invalidDate(value, 'expected the format YYYY-MM-DD', path);
  }
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) invalidDate(value, 'expected the format YYYY-MM-DD', path);
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12) invalidDate(value, `month ${month} does not exist`, path);
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) invalidDate(value, `${value.slice(0, 7)} has ${dim} days`, path);
  if (year < 1900 || year > 2200) invalidDate(value, 'outside the supported range 1900-01-01 to 2200-12-31', path);
  return toDay(year, month, day);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Prints a day number as `YYYY-MM-DD` (years 0000–9999; the supported range 1900–2200 always prints).
 *
 * @throws MinshengError `value/invalid-date` when `day` is not an integer or the year has not 4 digits
 * @example
 * formatDate(0);     // '1970-01-01'
 * formatDate(-1);    // '1969-12-31'
 * formatDate(20179); // '2025-04-01'
 */
export function formatDate(day: DayNumber): string {
  checkDay(day, 'formatDate: day');
  if (day < PRINT_MIN || day > PRINT_MAX) invalidDate(day, 'the year is outside 0000 to 9999');
  const p = packedOf(day);
  const year = Math.floor(p / 10000);
  const rest = p - year * 10000;
  return `${String(year).padStart(4, '0')}-${pad2(Math.floor(rest / 100))}-${pad2(rest % 100)}`;
}

/**
 * Age in whole years on day `on` of someone born on `birth` (周岁): one year older on each birthday;
 * born on 29 February, one year older on 1 March in non-leap years (and on 29 February in leap years).
 *
 * @throws MinshengError `value/invalid-date` when `on` is before `birth` (or either is not an integer)
 * @example
 * ageOn(parseDate('2000-06-15'), parseDate('2025-06-14')); // 24
 * ageOn(parseDate('2000-06-15'), parseDate('2025-06-15')); // 25
 * ageOn(parseDate('2004-02-29'), parseDate('2025-02-28')); // 20
 * ageOn(parseDate('2004-02-29'), parseDate('2025-03-01')); // 21
 */
export function ageOn(birth: DayNumber, on: DayNumber): number {
  checkDay(birth, 'ageOn: birth');
  checkDay(on, 'ageOn: on');
  if (on < birth) {
    invalidDate(formatDateSafe(birth), `the birth date is after the date the age is asked for (${formatDateSafe(on)})`);
  }
  // (yyyymmdd(on) − yyyymmdd(birth)) / 10000, rounded down, is the number of passed (month, day) anniversaries.
  return Math.floor((packedOf(on) - packedOf(birth)) / 10000);
}

function formatDateSafe(day: DayNumber): string {
  return day >= PRINT_MIN && day <= PRINT_MAX ? formatDate(day) : `day ${day}`;
}

/**
 * Signed number of days from `a` to `b`: `b − a` (0 for the same day, 1 for the next day; it counts
 * nights, add 1 for an inclusive count of days).
 *
 * @example
 * daysBetween(parseDate('2024-02-28'), parseDate('2024-03-01')); // 2 (2024 is a leap year)
 * daysBetween(parseDate('2025-01-10'), parseDate('2025-01-01')); // -9
 */
export function daysBetween(a: DayNumber, b: DayNumber): number {
  checkDay(a, 'daysBetween: a');
  checkDay(b, 'daysBetween: b');
  return b - a;
}

/** Full months from a to b, assuming a ≤ b (packed dates). */
function fullMonths(pa: number, pb: number): number {
  const ya = Math.floor(pa / 10000);
  const yb = Math.floor(pb / 10000);
  const ra = pa - ya * 10000;
  const rb = pb - yb * 10000;
  const ma = Math.floor(ra / 100);
  const mb = Math.floor(rb / 100);
  return (yb - ya) * 12 + (mb - ma) - (rb % 100 < ra % 100 ? 1 : 0);
}

/**
 * Signed number of whole calendar months from `a` to `b` (truncated toward zero). A month is complete
 * on the same day of a later month; when that month is too short (from 31 January), on the 1st of the
 * month after — the same rule as {@link ageOn} for 29 February.
 *
 * @example
 * monthsBetween(parseDate('2025-01-15'), parseDate('2025-07-14')); // 5
 * monthsBetween(parseDate('2025-01-15'), parseDate('2025-07-15')); // 6
 * monthsBetween(parseDate('2025-01-31'), parseDate('2025-02-28')); // 0
 * monthsBetween(parseDate('2025-01-31'), parseDate('2025-03-01')); // 1
 * monthsBetween(parseDate('2025-07-15'), parseDate('2025-01-15')); // -6
 */
export function monthsBetween(a: DayNumber, b: DayNumber): number {
  checkDay(a, 'monthsBetween: a');
  checkDay(b, 'monthsBetween: b');
  // `0 - x`, not `-x`: never a negative zero.
  return b >= a ? fullMonths(packedOf(a), packedOf(b)) : 0 - fullMonths(packedOf(b), packedOf(a));
}

/**
 * Signed number of whole years from `a` to `b` (truncated toward zero); for `a ≤ b` the same as
 * {@link ageOn}`(a, b)`.
 *
 * @example
 * yearsBetween(parseDate('2020-03-01'), parseDate('2025-02-28')); // 4
 * yearsBetween(parseDate('2020-03-01'), parseDate('2025-03-01')); // 5
 * yearsBetween(parseDate('2025-03-01'), parseDate('2020-03-01')); // -5
 */
export function yearsBetween(a: DayNumber, b: DayNumber): number {
  checkDay(a, 'yearsBetween: a');
  checkDay(b, 'yearsBetween: b');
  return b >= a
    ? Math.floor((packedOf(b) - packedOf(a)) / 10000)
    : 0 - Math.floor((packedOf(a) - packedOf(b)) / 10000);
}

/**
 * Adds (or with a negative `n` subtracts) calendar days.
 *
 * @example
 * formatDate(addDays(parseDate('2024-02-28'), 1)); // '2024-02-29'
 */
export function addDays(day: DayNumber, n: number): DayNumber {
  checkDay(day, 'addDays: day');
  checkDay(n, 'addDays: n');
  return day + n;
}
