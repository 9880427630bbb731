/**
 * Calendar dates as integers. A {@link DayNumber} counts days since 1970-01-01 (day 0) in the proleptic
 * Gregorian calendar, so dates compare with `<` and subtract with `-`.
 *
 * The calendar comes from date-fns, always applied to a `UTCDateMini` of `@date-fns/utc` (a `Date` whose
 * getters and setters are the UTC ones and whose time-zone offset is 0), so neither the local time zone nor
 * daylight saving can shift a date:
 * - leap years and month lengths: date-fns `isLeapYear` and `getDaysInMonth`, asked once at load for
 *   1899–2201 and kept in a table of month starts (`MONTH_START`), through which day numbers and
 *   (year, month, day) convert;
 * - ages and whole years: date-fns `differenceInYears` decides whenever it matters — a birthday that does not
 *   exist in the later year (29 February in a common year) or a date outside the table;
 * - adding months, clamped to the end of a shorter month: date-fns `addMonths`.
 * Adding days is integer addition (a day number counts days); whole months compare the day of the month
 * (see {@link monthsBetween}: deliberately not date-fns `differenceInMonths`).
 *
 * date-fns is imported function by function (`date-fns/addMonths`): the package index loads every one of
 * its ~250 functions, which costs Node about 0.1 s at start-up.
 */
import type { UTCDate } from '@date-fns/utc';
import { UTCDateMini } from '@date-fns/utc/date/mini';
import { addMonths as addMonthsFns } from 'date-fns/addMonths';
import { differenceInCalendarMonths } from 'date-fns/differenceInCalendarMonths';
import { differenceInYears } from 'date-fns/differenceInYears';
import { endOfYear as endOfYearFns } from 'date-fns/endOfYear';
import { getDate } from 'date-fns/getDate';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { getMonth } from 'date-fns/getMonth';
import { getYear } from 'date-fns/getYear';
import { isLeapYear as isLeapYearFns } from 'date-fns/isLeapYear';
import { set } from 'date-fns/set';
import { startOfYear as startOfYearFns } from 'date-fns/startOfYear';
import { fail, type Issue } from '../errors';

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

// ───────────────────────────── date-fns in UTC ─────────────────────────────

const MS_PER_DAY = 86_400_000;
/** A `Date` holds ±8.64e15 ms: ±100,000,000 days around 1970-01-01. */
const JS_DATE_LIMIT = 100_000_000;

/** Midnight UTC of `day`, as a date every date-fns function reads in UTC. */
function utcDate(day: DayNumber): UTCDate {
  return new UTCDateMini(day * MS_PER_DAY);
}

/** The day (UTC) a date falls on, whatever its time of day. */
function dayOf(date: Date): DayNumber {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

const EPOCH: UTCDate = new UTCDateMini(0);

/**
 * Unchecked (year, month 1–12, day) → UTC date, by date-fns `set` (not `Date.UTC`, which reads years 0–99 as
 * 1900–1999). A day past the end of the month runs into the next one (2025-02-30 is 2025-03-02).
 */
function utcFromCivil(year: number, month: number, day: number): UTCDate {
  return set(EPOCH, { year, month: month - 1, date: day });
}

// ───────────────────────────── the month table ─────────────────────────────

/** First and last year of `MONTH_START`: the supported range and the policy years that straddle its ends. */
const TABLE_FIRST_YEAR = 1899;
const TABLE_LAST_YEAR = 2201;
const TABLE_LAST_YEAR_INDEX = TABLE_LAST_YEAR - TABLE_FIRST_YEAR;
const TABLE_MONTHS = (TABLE_LAST_YEAR_INDEX + 1) * 12;

/**
 * `MONTH_START[12 · (year − 1899) + month − 1]` is the day number of the 1st of that month, 1899-01 to 2201-12;
 * the extra last entry is 2202-01-01. Month lengths are differences of neighbours.
 *
 * Why a table rather than a date-fns call per conversion: {@link parseDate} runs for every date input and
 * {@link formatDate} at least once per evaluation (the result records its date), and the date functions of
 * the formula language run inside every evaluation. Measured per call (Node 20, the shared 2-core host of
 * bench/results, so roughly): date-fns `parse(s, 'yyyy-MM-dd')` ≈ 3.9 µs and `format` ≈ 2 µs, against ≈ 0.05
 * and 0.1 µs here; `differenceInYears` ≈ 2.2 µs against ≈ 0.06 µs. Calling date-fns in every date function
 * made one evaluation of `cn/entitlements/national` (an age, four monthsBetween, a start and an end of year)
 * take ≈ 17.7 µs instead of ≈ 10.5 µs, and `format` alone would cost the fixed-point settlement path
 * (≈ 2.5 µs a claim) nearly half its speed. So date-fns is asked at load — whether each year is a leap year (303 `isLeapYear` calls) and
 * the month lengths of a common and of a leap year (24 `getDaysInMonth` calls); about 1 ms in a cold process —
 * and conversions in 1899–2201 are integer lookups into its answers. Outside those years every conversion
 * calls date-fns directly. The tests check the table against date-fns for every month, and against `Date.UTC`
 * for every day of the range.
 */
const MONTH_START: Int32Array = (() => {
  // `new UTCDateMini(y, m, d)` is `Date.UTC(y, m, d)`: quicker than `utcFromCivil`, and right for years ≥ 100.
  const leap = new Uint8Array(TABLE_LAST_YEAR_INDEX + 1);
  for (let yi = 0; yi <= TABLE_LAST_YEAR_INDEX; yi++) leap[yi] = isLeapYearFns(new UTCDateMini(TABLE_FIRST_YEAR + yi, 0, 1)) ? 1 : 0;
  const lengthsOf = (isLeap: number): number[] => {
    const year = TABLE_FIRST_YEAR + leap.indexOf(isLeap);
    return Array.from({ length: 12 }, (_, m) => getDaysInMonth(new UTCDateMini(year, m, 1)));
  };
  const lengths = [lengthsOf(0), lengthsOf(1)] as const;
  const starts = new Int32Array(TABLE_MONTHS + 1);
  let day = dayOf(new UTCDateMini(TABLE_FIRST_YEAR, 0, 1));
  for (let i = 0; i < TABLE_MONTHS; i++) {
    starts[i] = day;
    day += lengths[leap[Math.floor(i / 12)]!]![i % 12]!;
  }
  starts[TABLE_MONTHS] = day;
  return starts;
})();
const TABLE_START: DayNumber = MONTH_START[0]!;
/** First day after the table (2202-01-01). */
const TABLE_END: DayNumber = MONTH_START[TABLE_MONTHS]!;
/** Mean length of a Gregorian year, to guess a day's year before correcting the guess by the table. */
const MEAN_YEAR = 365.2425;

function inTable(year: number, month: number): boolean {
  return year >= TABLE_FIRST_YEAR && year <= TABLE_LAST_YEAR && (year | 0) === year && month >= 1 && month <= 12 && (month | 0) === month;
}

function dayInTable(day: DayNumber): boolean {
  return day >= TABLE_START && day < TABLE_END;
}

/** Unchecked: (year, month 1–12, day) → DayNumber. */
function toDay(y: number, m: number, d: number): DayNumber {
  if (inTable(y, m)) return MONTH_START[(y - TABLE_FIRST_YEAR) * 12 + m - 1]! + d - 1;
  return dayOf(utcFromCivil(y, m, d));
}

/** Index into `MONTH_START` of the month that contains `day`, which must be in the table. */
function monthIndexOf(day: DayNumber): number {
  let yi = Math.min(Math.floor((day - TABLE_START) / MEAN_YEAR), TABLE_LAST_YEAR_INDEX);
  while (MONTH_START[yi * 12]! > day) yi--;
  while (yi < TABLE_LAST_YEAR_INDEX && MONTH_START[yi * 12 + 12]! <= day) yi++;
  // No month is longer than 31 days, so this guess is never past the right month.
  let i = yi * 12 + Math.floor((day - MONTH_START[yi * 12]!) / 31);
  while (MONTH_START[i + 1]! <= day) i++;
  return i;
}

/** Unchecked: DayNumber (within ±100,000,000) → year·10000 + month·100 + day (one number, no allocation). */
function packedOf(day: DayNumber): number {
  if (dayInTable(day)) {
    const i = monthIndexOf(day);
    const yi = Math.floor(i / 12);
    return (TABLE_FIRST_YEAR + yi) * 10000 + (i - yi * 12 + 1) * 100 + (day - MONTH_START[i]! + 1);
  }
  const date = utcDate(day);
  return getYear(date) * 10000 + (getMonth(date) + 1) * 100 + getDate(date);
}

// ───────────────────────────── range and calendar facts ─────────────────────────────

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
 * Gregorian leap year: divisible by 4, except centuries not divisible by 400 (date-fns `isLeapYear`).
 *
 * @example
 * isLeapYear(2024); // true
 * isLeapYear(1900); // false
 * isLeapYear(2000); // true
 */
export function isLeapYear(year: number): boolean {
  if (year >= TABLE_FIRST_YEAR && year <= TABLE_LAST_YEAR && (year | 0) === year) {
    const feb = (year - TABLE_FIRST_YEAR) * 12 + 1;
    return MONTH_START[feb + 1]! - MONTH_START[feb]! === 29;
  }
  return isLeapYearFns(utcFromCivil(year, 1, 1));
}

/**
 * Number of days in `month` (1–12) of `year` (date-fns `getDaysInMonth`).
 *
 * @throws MinshengError `value/invalid-date` when `month` is not a whole number from 1 to 12
 * @example
 * daysInMonth(2024, 2); // 29
 * daysInMonth(2025, 2); // 28
 * daysInMonth(2025, 4); // 30
 */
export function daysInMonth(year: number, month: number): number {
  if (inTable(year, month)) {
    const i = (year - TABLE_FIRST_YEAR) * 12 + month - 1;
    return MONTH_START[i + 1]! - MONTH_START[i]!;
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) invalidDate(`${year}-${month}`, 'month must be 1 to 12');
  if (!Number.isInteger(year)) invalidDate(`${year}-${month}`, 'the year must be an integer');
  return getDaysInMonth(utcFromCivil(year, month, 1));
}

/**
 * Number of days `month` (1–12) has in every year: {@link daysInMonth} of a common year (28 for February).
 * A day of the year that recurs every year (a policy-year start) is at most this.
 *
 * @throws MinshengError `value/invalid-date` when `month` is not a whole number from 1 to 12
 * @example
 * minDaysInMonth(2); // 28
 * minDaysInMonth(4); // 30
 */
export function minDaysInMonth(month: number): number {
  return Math.min(daysInMonth(2000, month), daysInMonth(2001, month));
}

// ───────────────────────────── checks ─────────────────────────────

function invalidDate(value: unknown, why: string, path?: Issue['path']): never {
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
  if (day < -JS_DATE_LIMIT || day > JS_DATE_LIMIT) {
    invalidDate(day, `${what} is outside the days a JavaScript date can hold (±100,000,000 around 1970-01-01)`);
  }
}

function checkCount(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) invalidDate(n, `${what} must be a whole number`);
}

/** `what` builds the message only when the result is out of range (the common case builds no text). */
function checkResult(day: DayNumber, what: () => string): DayNumber {
  if (!(day >= MIN_DAY && day <= MAX_DAY)) invalidDate(formatDateSafe(day), `${what()}: outside the supported range 1900-01-01 to 2200-12-31`);
  return day;
}

// ───────────────────────────── conversions ─────────────────────────────

/**
 * Day number of a calendar date, checked: a real date between 1900-01-01 and 2200-12-31.
 *
 * @throws MinshengError `value/invalid-date`
 * @example
 * dayFromCivil(1970, 1, 1);  // 0
 * dayFromCivil(2025, 2, 29); // throws value/invalid-date
 */
export function dayFromCivil(year: number, month: number, day: number, path?: Issue['path']): DayNumber {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    invalidDate(`${year}-${month}-${day}`, 'year, month and day must be integers', path);
  }
  if (month < 1 || month > 12) invalidDate(`${year}-${month}-${day}`, 'month must be 1 to 12', path);
  if (year < 1900 || year > 2200) invalidDate(`${year}-${month}-${day}`, 'outside the supported range 1900-01-01 to 2200-12-31', path);
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) invalidDate(`${year}-${month}-${day}`, `${year}-${String(month).padStart(2, '0')} has ${dim} days`, path);
  return toDay(year, month, day);
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
 * Calendar fields of a day number (any integer within ±100,000,000, the range of a JavaScript date; not
 * limited to the supported range).
 *
 * @throws MinshengError `value/invalid-date` when `day` is not an integer or outside ±100,000,000
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

/** Year, month, day of an exact `YYYY-MM-DD` (10 ASCII characters), or null. Calendar not checked. */
function isoFields(value: string): [number, number, number] | null {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH_CODE || value.charCodeAt(7) !== DASH_CODE) return null;
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return null;
  return [y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1];
}

/**
 * True for a real calendar date written `YYYY-MM-DD` (years 0001–9999, Gregorian leap years), whether or
 * not it is in the supported range of {@link parseDate}. For checking ruleset files and command-line options.
 *
 * @example
 * isCalendarDate('2024-02-29'); // true
 * isCalendarDate('2025-02-29'); // false
 * isCalendarDate('2025-2-1');   // false
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const fields = isoFields(value);
  if (fields === null) return false;
  const [year, month, day] = fields;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
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
export function parseDate(value: unknown, path?: Issue['path']): DayNumber {
  if (typeof value !== 'string') invalidDate(value, 'expected a "YYYY-MM-DD" string', path);
  const fields = isoFields(value);
  if (fields === null) invalidDate(value, 'expected the format YYYY-MM-DD', path);
  const [year, month, day] = fields;
  if (month < 1 || month > 12) invalidDate(value, `month ${month} does not exist`, path);
  if (year < 1900 || year > 2200) invalidDate(value, 'outside the supported range 1900-01-01 to 2200-12-31', path);
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) invalidDate(value, `${value.slice(0, 7)} has ${dim} days`, path);
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
  // Traces print the same few dates (a birth date, an evaluation day) on every evaluation: the text of a day
  // is kept in a small table indexed by the day's low bits (a later day with the same bits takes the place).
  // (Only a number is looked up: `&` would throw a TypeError of its own on a symbol or a bigint.)
  const slot = typeof day === 'number' ? day & (DATE_TEXTS - 1) : 0;
  if (dateTextDays[slot] === day) return dateTexts[slot]!;
  checkDay(day, 'formatDate: day');
  if (day < PRINT_MIN || day > PRINT_MAX) invalidDate(day, 'the year is outside 0000 to 9999');
  const p = packedOf(day);
  const year = Math.floor(p / 10000);
  const rest = p - year * 10000;
  const text = `${String(year).padStart(4, '0')}-${pad2(Math.floor(rest / 100))}-${pad2(rest % 100)}`;
  dateTextDays[slot] = day;
  dateTexts[slot] = text;
  return text;
}

/** Size of formatDate's table of texts (a power of two). */
const DATE_TEXTS = 512;
/** The day each slot's text is of; NaN (no day) in an empty slot, so nothing matches it. */
const dateTextDays = new Float64Array(DATE_TEXTS).fill(Number.NaN);
const dateTexts: string[] = new Array<string>(DATE_TEXTS).fill('');

function formatDateSafe(day: DayNumber): string {
  return day >= PRINT_MIN && day <= PRINT_MAX ? formatDate(day) : `day ${day}`;
}

// ───────────────────────────── differences ─────────────────────────────

/**
 * Age in whole years on day `on` of someone born on `birth` (周岁): one year older on each birthday;
 * born on 29 February, one year older on 1 March in non-leap years (and on 29 February in leap years), as
 * date-fns `differenceInYears` counts.
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
  return wholeYears(birth, on);
}

/**
 * Whole years from `from` to `to`, assuming from ≤ to: the difference of the years, less one while the
 * anniversary (same month and day) has not come. When the anniversary does not exist in the year of `to` (29
 * February in a common year), or a date is outside the table, date-fns `differenceInYears` decides (it counts
 * the year complete on 1 March).
 */
function wholeYears(from: DayNumber, to: DayNumber): number {
  if (dayInTable(from) && dayInTable(to)) {
    const pf = packedOf(from);
    const pt = packedOf(to);
    const yt = Math.floor(pt / 10000);
    const rf = pf % 10000; // month·100 + day, the anniversary
    if (rf % 100 <= daysInMonth(yt, Math.floor(rf / 100))) {
      // yt·10000 + (month, day) of `to` − yf·10000 − (month, day) of `from`: the (month, day) part is negative
      // exactly while the anniversary has not come.
      return Math.floor((pt - pf) / 10000);
    }
  }
  return differenceInYears(utcDate(to), utcDate(from));
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

/**
 * Whole months from `from` to `to`, assuming from ≤ to: the difference of the calendar months, less one while
 * the day of the month of `from` has not come in the month of `to` (a month from the 31st completes on the 1st
 * after a shorter month). Not date-fns `differenceInMonths`: it counts 31 January → 28 February as a whole
 * month (the last day of a month completes it), where the rule here — the rule of a 29 February birthday — waits
 * for 1 March.
 */
function fullMonths(from: DayNumber, to: DayNumber): number {
  if (dayInTable(from) && dayInTable(to)) {
    const i = monthIndexOf(from);
    const j = monthIndexOf(to);
    return j - i - (to - MONTH_START[j]! < from - MONTH_START[i]! ? 1 : 0);
  }
  const a = utcDate(from);
  const b = utcDate(to);
  return differenceInCalendarMonths(b, a) - (getDate(b) < getDate(a) ? 1 : 0);
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
  return b >= a ? fullMonths(a, b) : 0 - fullMonths(b, a);
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
  return b >= a ? wholeYears(a, b) : 0 - wholeYears(b, a);
}

// ───────────────────────────── builders ─────────────────────────────

/**
 * Adds (or with a negative `n` subtracts) calendar days. A day number counts days, so this is `day + n`;
 * no range check (use {@link formatDate} or a comparison with {@link MIN_DAY}/{@link MAX_DAY}).
 *
 * @example
 * formatDate(addDays(parseDate('2024-02-28'), 1)); // '2024-02-29'
 */
export function addDays(day: DayNumber, n: number): DayNumber {
  checkDay(day, 'addDays: day');
  checkDay(n, 'addDays: n');
  return day + n;
}

/**
 * Adds (or with a negative `n` subtracts) calendar months, keeping the day of the month, clamped to the
 * last day of a shorter month (date-fns `addMonths`).
 *
 * @throws MinshengError `value/invalid-date` when `n` is not a whole number or the result is outside
 *   1900-01-01 to 2200-12-31
 * @example
 * formatDate(addMonths(parseDate('2025-01-31'), 1));   // '2025-02-28'
 * formatDate(addMonths(parseDate('2024-01-31'), 1));   // '2024-02-29'
 * formatDate(addMonths(parseDate('2025-03-15'), -15)); // '2023-12-15'
 */
export function addMonths(day: DayNumber, n: number): DayNumber {
  checkDay(day, 'addMonths: day');
  checkCount(n, 'addMonths: n');
  return checkResult(dayOf(addMonthsFns(utcDate(day), n)), () => `${formatDateSafe(day)} plus ${n} months`);
}

/**
 * 1 January of the year of `day` (date-fns `startOfYear` outside the table).
 *
 * @throws MinshengError `value/invalid-date` when the result is outside 1900-01-01 to 2200-12-31
 * @example
 * formatDate(startOfYear(parseDate('2025-06-15'))); // '2025-01-01'
 */
export function startOfYear(day: DayNumber): DayNumber {
  checkDay(day, 'startOfYear: day');
  const first = dayInTable(day) ? MONTH_START[Math.floor(monthIndexOf(day) / 12) * 12]! : dayOf(startOfYearFns(utcDate(day)));
  return checkResult(first, () => `the start of the year of ${formatDateSafe(day)}`);
}

/**
 * 31 December of the year of `day` (date-fns `endOfYear` outside the table).
 *
 * @throws MinshengError `value/invalid-date` when the result is outside 1900-01-01 to 2200-12-31
 * @example
 * formatDate(endOfYear(parseDate('2024-02-29'))); // '2024-12-31'
 */
export function endOfYear(day: DayNumber): DayNumber {
  checkDay(day, 'endOfYear: day');
  const last = dayInTable(day) ? MONTH_START[Math.floor(monthIndexOf(day) / 12) * 12 + 12]! - 1 : dayOf(endOfYearFns(utcDate(day)));
  return checkResult(last, () => `the end of the year of ${formatDateSafe(day)}`);
}

/**
 * The year of `day`.
 *
 * @example
 * yearOf(parseDate('2025-12-31')); // 2025
 */
export function yearOf(day: DayNumber): number {
  checkDay(day, 'yearOf: day');
  return Math.floor(packedOf(day) / 10000);
}

/**
 * The month (1–12) of `day`.
 *
 * @example
 * monthOf(parseDate('2025-12-31')); // 12
 */
export function monthOf(day: DayNumber): number {
  checkDay(day, 'monthOf: day');
  const p = packedOf(day);
  return Math.floor((p - Math.floor(p / 10000) * 10000) / 100);
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * Today's date in China (UTC+8), whatever the machine's time zone: "as of today" for a Chinese policy
 * means the calendar day in China, which before 08:00 UTC is a day ahead of the UTC date.
 *
 * @example
 * todayInChina(Date.UTC(2025, 0, 31, 23, 30)); // 20120 → '2025-02-01'
 */
export function todayInChina(now: number = Date.now()): DayNumber {
  return Math.floor((now + CHINA_OFFSET_MS) / 86_400_000);
}
