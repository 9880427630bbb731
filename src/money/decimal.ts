/**
 * The library's private decimal.js constructor and the one entry point that turns outside values into
 * exact decimals. No JS `number` is ever used for money or rates: everything goes through {@link toDecimal}.
 */
import DecimalJs from 'decimal.js';
import { MinshengError, fail, quote } from '../errors';
import { NUMBER_LIMITS } from '../limits';
import { PLAIN_DECIMAL } from './plain-decimal';

/**
 * A location inside a ruleset file or an input. Same shape as `Issue.path`.
 *
 * @example
 * const path: Path = ['members', 2, 'income']; // rendered as members[2].income
 */
export type Path = readonly (string | number)[];

/**
 * The library's private Decimal constructor: a `clone` of decimal.js with 40 significant digits,
 * half-up rounding and plain (non-exponential) `toString()` for any realistic magnitude.
 * The global decimal.js configuration is never read nor changed.
 *
 * Clones share decimal.js's prototype, so `x instanceof Decimal` is true for every decimal.js instance
 * (made by this clone or by the global constructor). Use {@link toDecimal} to make sure a value was made
 * by this clone (and therefore computes with this configuration).
 *
 * @example
 * const tenth = new Decimal('0.1');
 * tenth.plus('0.2').toString(); // '0.3'
 * tenth instanceof Decimal;     // true
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});

/**
 * The instance type of {@link Decimal} (decimal.js instances; clone instances are decimal.js instances).
 *
 * @example
 * const price: Decimal = toDecimal('12.50');
 */
export type Decimal = DecimalJs;

/** Exact zero (positive), shared: decimals are immutable. */
const ZERO: Decimal = new Decimal(0);


const MAX_QUOTE = 40;

/**
 * Renders any value for an error message: strings JSON-quoted, everything cut to 40 characters. Only a
 * prefix of a long string is looked at.
 *
 * @example
 * quoteValue('abc');        // '"abc"'
 * quoteValue(NaN);          // 'NaN'
 * quoteValue({ a: 1 });     // '{"a":1}'
 */
export function quoteValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && DecimalJs.isDecimal(value)) {
    let text: string;
    try {
      const d = value as DecimalJs;
      // A huge decimal is not printed in full: its digits are not needed to say what is wrong.
      const huge = d.isFinite() && !d.isZero() && (d.sd() > MAX_QUOTE || Math.abs(d.e) > MAX_QUOTE);
      text = huge ? `Decimal(${d.toSignificantDigits(12).toExponential()})` : `Decimal(${String(value)})`;
    } catch {
      text = 'Decimal(?)';
    }
    return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
  }
  return quote(value, MAX_QUOTE);
}

function invalid(value: unknown, path: Path | undefined, why: string): never {
  fail({
    code: 'value/invalid-number',
    message: `Invalid number ${quoteValue(value)}: ${why}`,
    ...(path ? { path } : {}),
  });
}

function beyondLimit(value: unknown, path: Path | undefined, why: string): never {
  fail({
    code: 'value/limit',
    message: `Number ${quoteValue(value)} is out of range: ${why}`,
    ...(path ? { path } : {}),
  });
}

const EXPECTED = 'expected a finite number or a decimal string like "1234.56"';

/**
 * The digits of a number: its value is `(negative ? -1 : 1) × digits × 10^power`, with `digits` free
 * of leading and trailing zeros (`''` for zero).
 */
export interface DecimalShape {
  readonly negative: boolean;
  readonly digits: string;
  readonly power: number;
}

const SHAPE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * @internal The {@link DecimalShape} of decimal text (`-12.50`, `1e+21`, `.5`), or `undefined` when it
 * is not one. The caller bounds the length of `text` (see `NUMBER_LIMITS.maxTextLength`).
 *
 * @example
 * decimalShape('-012.500'); // { negative: true, digits: '125', power: -1 }
 * decimalShape('1e+21');    // { negative: false, digits: '1', power: 21 }
 */
export function decimalShape(text: string): DecimalShape | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const all = int + frac;
  if (all.length === 0) return undefined;
  let power = (m[4] !== undefined ? Number(m[4]) : 0) - frac.length;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) {
    end--;
    power++;
  }
  const digits = all.slice(start, end);
  return digits === '' ? { negative: false, digits, power: 0 } : { negative: m[1] === '-', digits, power };
}

/**
 * @internal True when two shapes denote the same value.
 *
 * @example
 * sameDecimal(decimalShape('1.50')!, decimalShape('15e-1')!); // true
 */
export function sameDecimal(a: DecimalShape, b: DecimalShape): boolean {
  return a.negative === b.negative && a.digits === b.digits && a.power === b.power;
}

/**
 * @internal Why a number of this shape is beyond {@link NUMBER_LIMITS}, or `undefined` when it is within.
 *
 * @example
 * numberLimitProblem(decimalShape('1'.repeat(45))!); // '45 digits before the decimal point, at most 18 (NUMBER_LIMITS.maxIntegerDigits)'
 */
export function numberLimitProblem(shape: DecimalShape): string | undefined {
  return limitProblem(shape.digits.length, shape.power);
}

/** {@link numberLimitProblem} from counts: `significant` digits, the last one worth 10^`power`. */
function limitProblem(significant: number, power: number): string | undefined {
  if (significant === 0) return undefined;
  const integer = Math.max(0, significant + power);
  const fraction = Math.max(0, -power);
  if (integer > NUMBER_LIMITS.maxIntegerDigits) {
    return `${fmtCount(integer)} digits before the decimal point, at most ${NUMBER_LIMITS.maxIntegerDigits} (NUMBER_LIMITS.maxIntegerDigits)`;
  }
  if (fraction > NUMBER_LIMITS.maxFractionDigits) {
    return `${fmtCount(fraction)} decimal places, at most ${NUMBER_LIMITS.maxFractionDigits} (NUMBER_LIMITS.maxFractionDigits)`;
  }
  if (significant > NUMBER_LIMITS.maxSignificantDigits) {
    return `${fmtCount(significant)} significant digits, at most ${NUMBER_LIMITS.maxSignificantDigits} (NUMBER_LIMITS.maxSignificantDigits)`;
  }
  return undefined;
}

function fmtCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : 'too many';
}

/**
 * @internal Why a JS number cannot be taken exactly, with the issue code, or `undefined` when it can:
 * not finite (`value/invalid-number`), beyond {@link NUMBER_LIMITS} (`value/limit`, e.g. `1e308`,
 * `1e-30`), beyond ±`Number.MAX_SAFE_INTEGER` but within the limits (`value/precision`: it may already
 * have lost digits, `9007199254740993` arrives as `…992`).
 *
 * @example
 * jsNumberProblem(2 ** 53)?.code; // 'value/precision'
 */
export function jsNumberProblem(value: number): { code: 'value/invalid-number' | 'value/precision' | 'value/limit'; why: string } | undefined {
  if (!Number.isFinite(value)) return { code: 'value/invalid-number', why: EXPECTED };
  // Out of range whatever its digits (1e308, 1e-30): the limits first.
  const problem = numberLimitProblem(decimalShape(String(value))!);
  if (problem !== undefined) return { code: 'value/limit', why: problem };
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return {
      code: 'value/precision',
      why: `beyond ±${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER) a JavaScript number may already have lost digits; pass it as a decimal string`,
    };
  }
  return undefined;
}

/**
 * Converts an outside value to an exact {@link Decimal} made by the library's clone.
 *
 * Accepted:
 * - a decimal.js instance (from this clone: returned as is; from the global decimal.js or another copy:
 *   checked against {@link NUMBER_LIMITS} and re-created from its `toString()`); NaN and ±Infinity are
 *   rejected;
 * - a finite `number` within ±`Number.MAX_SAFE_INTEGER`, converted through `String(n)` so `0.1` becomes
 *   exactly `0.1` (not the binary double). Numbers whose `String(n)` uses exponent notation (`1e-7`) are
 *   converted **exactly** from that shortest round-trip text: `1e-7` → `0.0000001`;
 * - a string of at most `NUMBER_LIMITS.maxTextLength` characters that, after trimming, is a plain decimal
 *   `/^[+-]?\d+(\.\d+)?$/` (`'007.50'`, `'-3'`). Exponents (`'1e5'`), underscores, `'.5'`, `'5.'`,
 *   thousands separators and full-width digits are rejected.
 *
 * Every number must be within {@link NUMBER_LIMITS} (34 significant digits, |value| < 10^18, 20 decimals):
 * beyond them it is refused, never rounded. The length of a string is checked before anything else, so
 * a 10 MB string is refused in constant time.
 *
 * Negative zero (`-0`, `'-0.00'`) becomes positive zero.
 *
 * @param value the value to convert
 * @param path where the value came from, copied into the issue
 * @throws MinshengError `value/invalid-number` (not a number), `value/limit` (beyond {@link NUMBER_LIMITS},
 *   e.g. `1e308`), `value/precision` (a JS number within the limits but beyond ±`Number.MAX_SAFE_INTEGER`:
 *   pass a string). Messages quote the value, cut to 40 characters.
 * @example
 * toDecimal(0.1).plus(0.2).toString(); // '0.3'
 * toDecimal(' 12.50 ').toString();     // '12.5'
 * toDecimal('1e5');                    // throws value/invalid-number
 * toDecimal('1'.repeat(45));           // throws value/limit
 * toDecimal(2 ** 60);                  // throws value/precision (pass '1152921504606846976')
 * toDecimal(NaN, ['claim', 'total']);  // throws value/invalid-number at claim.total
 */
export function toDecimal(value: unknown, path?: Path): Decimal {
  let d: Decimal;
  if (typeof value === 'number') {
    if (value === 0) return ZERO;
    const problem = jsNumberProblem(value);
    if (problem) {
      if (problem.code === 'value/invalid-number') invalid(value, path, problem.why);
      fail({
        code: problem.code,
        message: problem.code === 'value/limit' ? `Number ${quoteValue(value)} is out of range: ${problem.why}` : `Number ${quoteValue(value)} cannot be taken exactly: ${problem.why}`,
        ...(path ? { path } : {}),
      });
    }
    // decimal.js parses a number from its `toString()` (= `String(n)`, shortest round-trip text, exponent
    // included), with a fast path for small integers.
    d = new Decimal(value);
  } else if (typeof value === 'string') {
    // The length first: a huge string is refused before it is trimmed, matched or parsed.
    if (value.length > NUMBER_LIMITS.maxTextLength) {
      beyondLimit(value, path, `longer than ${NUMBER_LIMITS.maxTextLength} characters (NUMBER_LIMITS.maxTextLength)`);
    }
    const text = value.trim();
    if (!PLAIN_DECIMAL.test(text)) invalid(value, path, EXPECTED);
    const problem = numberLimitProblem(decimalShape(text)!);
    if (problem) beyondLimit(value, path, problem);
    d = new Decimal(text);
  } else if (DecimalJs.isDecimal(value)) {
    if (value.constructor === Decimal) {
      // Made by this clone: exact already, nothing is converted (computed values may carry 40 digits).
      d = value;
      if (!d.isFinite()) invalid(value, path, EXPECTED);
    } else {
      // Another constructor (global decimal.js, another clone, a duplicated bundle): go through text so the
      // result computes with this clone's configuration, after the same limits as text.
      let text: string;
      try {
        if (!value.isFinite()) invalid(value, path, EXPECTED);
        if (!value.isZero()) {
          // sd() and e are read from the instance, so a huge decimal is refused without printing it.
          const sd = value.sd();
          const problem = limitProblem(sd, value.e + 1 - sd);
          if (problem) beyondLimit(value, path, problem);
        }
        text = value.toString();
      } catch (e) {
        if (e instanceof MinshengError) throw e;
        invalid(value, path, EXPECTED);
      }
      d = new Decimal(text);
    }
  } else {
    invalid(value, path, EXPECTED);
  }
  return d.isZero() ? ZERO : d;
}

/**
 * True when `value` is a finite decimal made by the library's {@link Decimal} clone
 * (i.e. {@link toDecimal} would return it unchanged, apart from `-0`).
 *
 * @example
 * isOwnDecimal(new Decimal(1)); // true
 * isOwnDecimal(1);              // false
 */
export function isOwnDecimal(value: unknown): value is Decimal {
  return value instanceof Decimal && value.constructor === Decimal && value.isFinite();
}
