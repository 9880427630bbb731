/**
 * Rounding to a number of decimal places with the seven rounding modes found in Chinese policy texts
 * (四舍五入 = 'half-up', 银行家舍入 = 'half-even', 进位 = 'up', 舍去 = 'down', …).
 */
import DecimalJs from 'decimal.js';
import { fail } from '../errors';
import { Decimal, toDecimal } from './decimal';

/**
 * How to round. Ties ('half-…') are values exactly halfway between two candidates.
 * - `'half-up'`: ties away from zero (四舍五入): 2.5 → 3, −2.5 → −3
 * - `'half-even'`: ties to the even neighbour (banker's): 2.5 → 2, 3.5 → 4
 * - `'half-down'`: ties toward zero: 2.5 → 2, −2.5 → −2
 * - `'up'`: away from zero (进位): 2.1 → 3, −2.1 → −3
 * - `'down'`: toward zero (truncate, 舍去): 2.9 → 2, −2.9 → −2
 * - `'ceiling'`: toward +∞: 2.1 → 3, −2.9 → −2
 * - `'floor'`: toward −∞: 2.9 → 2, −2.1 → −3
 *
 * @example
 * const mode: RoundingMode = 'half-even';
 */
export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor';

/**
 * Every {@link RoundingMode}, in a stable order (for schemas, docs and exhaustive tests).
 *
 * @example
 * ROUNDING_MODES.includes('half-up'); // true
 */
export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze([
  'half-up',
  'half-even',
  'half-down',
  'up',
  'down',
  'ceiling',
  'floor',
] as const);

/** Mode name → decimal.js rounding constant. Null prototype: `'toString'` is not a mode. */
const DECIMAL_MODE: Readonly<Record<RoundingMode, DecimalJs.Rounding>> = Object.freeze(
  Object.assign(Object.create(null) as Record<RoundingMode, DecimalJs.Rounding>, {
    'half-up': DecimalJs.ROUND_HALF_UP,
    'half-even': DecimalJs.ROUND_HALF_EVEN,
    'half-down': DecimalJs.ROUND_HALF_DOWN,
    up: DecimalJs.ROUND_UP,
    down: DecimalJs.ROUND_DOWN,
    ceiling: DecimalJs.ROUND_CEIL,
    floor: DecimalJs.ROUND_FLOOR,
  }),
);

/**
 * True when `value` is one of {@link ROUNDING_MODES}.
 *
 * @example
 * isRoundingMode('half-even'); // true
 * isRoundingMode('HALF_UP');   // false
 */
export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === 'string' && DECIMAL_MODE[value as RoundingMode] !== undefined;
}

/**
 * Smallest `places` accepted by {@link round} (negative: round to tens, hundreds, …).
 *
 * @example
 * round(new Decimal('123456'), MIN_PLACES).toString(); // '0'
 */
export const MIN_PLACES = -20;

/**
 * Largest `places` accepted by {@link round}, {@link checkPlaces} and the money functions.
 *
 * @example
 * round(new Decimal(1).div(3), MAX_PLACES).toString(); // '0.33333333333333333333'
 */
export const MAX_PLACES = 20;

/** 10^k for k = 0..20, for negative `places`. */
const POWERS_OF_TEN: readonly Decimal[] = Array.from({ length: -MIN_PLACES + 1 }, (_, k) => new Decimal(10).pow(k));

const ZERO: Decimal = new Decimal(0);

/**
 * Validates a number of decimal places: an integer in `[min, MAX_PLACES]`.
 *
 * @param what the function or setting name, for the message
 * @throws MinshengError `eval/domain`
 * @example
 * checkPlaces(2, 'round');   // ok
 * checkPlaces(2.5, 'round'); // throws eval/domain
 */
export function checkPlaces(places: unknown, what: string, min = 0): asserts places is number {
  if (typeof places !== 'number' || !Number.isInteger(places) || places < min || places > MAX_PLACES) {
    fail({
      code: 'eval/domain',
      message: `${what}: decimal places must be an integer from ${min} to ${MAX_PLACES}, got ${String(places)}`,
    });
  }
}

/**
 * Rounds `x` to `places` decimal places with `mode`. Negative `places` round to tens (−1), hundreds (−2), ….
 * The result is never negative zero (`round(-0.004, 2)` is `0`, not `-0`).
 *
 * @param x the value (a decimal.js instance from another constructor is converted first)
 * @param places integer from −20 to 20
 * @param mode defaults to `'half-up'` (四舍五入)
 * @throws MinshengError `eval/domain` for a bad `places` or an unknown `mode`
 * @example
 * round(new Decimal('2.345'), 2).toString();              // '2.35'
 * round(new Decimal('2.345'), 2, 'half-even').toString(); // '2.34'
 * round(new Decimal('-2.5'), 0, 'floor').toString();      // '-3'
 * round(new Decimal('1234'), -2).toString();              // '1200'
 */
export function round(x: Decimal, places: number, mode: RoundingMode = 'half-up'): Decimal {
  const rm = DECIMAL_MODE[mode];
  if (rm === undefined) {
    fail({
      code: 'eval/domain',
      message: `Unknown rounding mode ${JSON.stringify(String(mode))}: expected one of ${ROUNDING_MODES.join(', ')}`,
    });
  }
  if (!Number.isInteger(places) || places < MIN_PLACES || places > MAX_PLACES) checkPlaces(places, 'round', MIN_PLACES);
  const value = x.constructor === Decimal ? x : toDecimal(x);
  const r = places >= 0 ? value.toDecimalPlaces(places, rm) : value.toNearest(POWERS_OF_TEN[-places]!, rm);
  return r.isZero() ? ZERO : r;
}
