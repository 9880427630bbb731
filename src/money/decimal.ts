/**
 * The library's private decimal.js constructor and the one entry point that turns outside values into
 * exact decimals. No JS `number` is ever used for money or rates: everything goes through {@link toDecimal}.
 */
import DecimalJs from 'decimal.js';
import { fail } from '../errors';

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

/** Plain decimal string: optional sign, digits, optional fraction. No exponent, no '_', no '.5' or '5.'. */
const NUMERIC_STRING = /^[+-]?\d+(?:\.\d+)?$/;

const MAX_QUOTE = 40;

/**
 * Renders any value for an error message: strings JSON-quoted, everything cut to 40 characters.
 *
 * @example
 * quoteValue('abc');        // '"abc"'
 * quoteValue(NaN);          // 'NaN'
 * quoteValue({ a: 1 });     // '{"a":1}'
 */
export function quoteValue(value: unknown): string {
  let text: string;
  switch (typeof value) {
    case 'string':
      text = JSON.stringify(value);
      break;
    case 'number':
    case 'boolean':
    case 'undefined':
      text = String(value);
      break;
    case 'bigint':
      text = `${value}n`;
      break;
    case 'symbol':
      text = value.toString();
      break;
    case 'function':
      text = 'a function';
      break;
    default:
      if (value === null) text = 'null';
      else if (DecimalJs.isDecimal(value)) text = `Decimal(${String(value)})`;
      else {
        try {
          text = JSON.stringify(value) ?? Object.prototype.toString.call(value);
        } catch {
          text = Object.prototype.toString.call(value);
        }
      }
  }
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text;
}

function invalid(value: unknown, path: Path | undefined, why: string): never {
  fail({
    code: 'value/invalid-number',
    message: `Invalid number ${quoteValue(value)}: ${why}`,
    ...(path ? { path } : {}),
  });
}

const EXPECTED = 'expected a finite number or a decimal string like "1234.56"';

/**
 * Converts an outside value to an exact {@link Decimal} made by the library's clone.
 *
 * Accepted:
 * - a decimal.js instance (from this clone: returned as is; from the global decimal.js or another copy:
 *   re-created from its `toString()`); NaN and ±Infinity are rejected;
 * - a finite `number`, converted through `String(n)` so `0.1` becomes exactly `0.1` (not the binary double).
 *   Numbers whose `String(n)` uses exponent notation (`1e-7`, `1e+21`) are converted **exactly** from that
 *   shortest round-trip text: `1e-7` → `0.0000001`, `1e21` → `1000000000000000000000`;
 * - a string that, after trimming, is a plain decimal `/^[+-]?\d+(\.\d+)?$/` (`'007.50'`, `'-3'`).
 *   Exponents (`'1e5'`), underscores, `'.5'`, `'5.'`, thousands separators and full-width digits are rejected.
 *
 * Negative zero (`-0`, `'-0.00'`) becomes positive zero.
 *
 * @param value the value to convert
 * @param path where the value came from, copied into the issue
 * @throws MinshengError `value/invalid-number` (message quotes the value, cut to 40 characters)
 * @example
 * toDecimal(0.1).plus(0.2).toString(); // '0.3'
 * toDecimal(' 12.50 ').toString();     // '12.5'
 * toDecimal('1e5');                    // throws value/invalid-number
 * toDecimal(NaN, ['claim', 'total']);  // throws value/invalid-number at claim.total
 */
export function toDecimal(value: unknown, path?: Path): Decimal {
  let d: Decimal;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(value, path, EXPECTED);
    if (value === 0) return ZERO;
    // decimal.js parses a number from its `toString()` (= `String(n)`, shortest round-trip text, exponent
    // included), with a fast path for small integers.
    d = new Decimal(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!NUMERIC_STRING.test(text)) invalid(value, path, EXPECTED);
    d = new Decimal(text);
  } else if (DecimalJs.isDecimal(value)) {
    if (value.constructor === Decimal) {
      d = value;
    } else {
      // Another constructor (global decimal.js, another clone, a duplicated bundle): go through text so the
      // result computes with this clone's configuration.
      let text: string;
      try {
        text = value.toString();
      } catch {
        invalid(value, path, EXPECTED);
      }
      d = new Decimal(text);
    }
    if (!d.isFinite()) invalid(value, path, EXPECTED);
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
