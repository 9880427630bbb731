/**
 * Money amounts (元) at the boundary: parsing inputs and parameters, printing results.
 */
import { fail } from '../errors';
import { Decimal, type Path, quoteValue, toDecimal } from './decimal';
import { checkPlaces, round } from './round';

/**
 * Options of {@link parseMoney}.
 *
 * @example
 * const opts: ParseMoneyOptions = { path: ['claim', 'totalCost'], places: 2, allowNegative: false };
 */
/** An amount of money as a caller gives it: a decimal string (`"1234.50"`) or a number (read via its shortest decimal text). At most 2 decimals. */
export type MoneyInput = string | number;

export interface ParseMoneyOptions {
  /** Where the value came from, copied into issues. */
  readonly path?: Path;
  /** Largest number of decimal places accepted (default 2: 分). */
  readonly places?: number;
  /** Accept amounts below zero (default false: refunds and adjustments opt in). */
  readonly allowNegative?: boolean;
}

/**
 * Parses a money amount: any {@link toDecimal} input, at most `places` decimals, not negative unless allowed.
 * The amount is returned exactly (never rounded): too many decimals is an error, not a silent rounding.
 *
 * Outside values go through {@link toDecimal}, so the numeric limits apply (`NUMBER_LIMITS` in
 * src/limits.ts: 34 significant digits, |amount| < 10^18, text of at most 100 characters, checked
 * before any parsing), and a JS number beyond ±`Number.MAX_SAFE_INTEGER` is refused (pass a string).
 *
 * @throws MinshengError `value/invalid-number` (not a number), `value/limit` (beyond the numeric limits),
 *   `value/negative` (below zero and `allowNegative` is not set), `value/precision` (more decimals than
 *   `places`, or a JS number beyond ±`Number.MAX_SAFE_INTEGER`)
 * @example
 * parseMoney('1234.50').toString();                    // '1234.5'
 * parseMoney(0.1).toString();                          // '0.1'
 * parseMoney('-5', { allowNegative: true }).toString(); // '-5'
 * parseMoney('-5');                                    // throws value/negative
 * parseMoney('0.125');                                 // throws value/precision
 * parseMoney('12.5', { places: 0 });                   // throws value/precision
 * parseMoney('1'.repeat(45));                          // throws value/limit
 */
export function parseMoney(value: unknown, opts?: ParseMoneyOptions): Decimal {
  const path = opts?.path;
  const places = opts?.places ?? 2;
  if (places !== 2) checkPlaces(places, 'parseMoney');
  const d = toDecimal(value, path);
  if (d.isNegative() && opts?.allowNegative !== true) {
    fail({
      code: 'value/negative',
      message: `Amount ${quoteValue(value)} is negative; a non-negative amount is required`,
      ...(path ? { path } : {}),
    });
  }
  if (d.decimalPlaces() > places) {
    fail({
      code: 'value/precision',
      message: `Amount ${quoteValue(value)} has ${d.decimalPlaces()} decimal places; at most ${places} allowed`,
      ...(path ? { path } : {}),
    });
  }
  return d;
}

/**
 * Prints an amount with exactly `places` decimals, rounded half-up (四舍五入), no thousands separators,
 * no exponent. Never prints a negative zero: `-0.001` prints `'0.00'`.
 *
 * @param places integer from 0 to 20, default 2
 * @throws MinshengError `eval/domain` for a bad `places`
 * @example
 * formatMoney(new Decimal('1234.5'));    // '1234.50'
 * formatMoney(new Decimal('2.345'));     // '2.35'
 * formatMoney(new Decimal('-0.001'));    // '0.00'
 * formatMoney(new Decimal('1e21'), 0);   // '1000000000000000000000'
 */
export function formatMoney(d: Decimal, places = 2): string {
  if (places !== 2) checkPlaces(places, 'formatMoney');
  // round() returns +0 for anything that rounds to zero, so toFixed cannot print '-0.00'; the value then
  // already has at most `places` decimals, so toFixed only pads.
  return round(d, places, 'half-up').toFixed(places);
}
