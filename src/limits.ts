/**
 * Resource limits applied while loading and resolving rulesets. Every limit exists so that a hostile
 * or broken file fails fast with `ruleset/limit` instead of exhausting memory, time or the stack.
 */

/** The limits the loader and the overlay resolver enforce. */
export interface Limits {
  /** Size of a ruleset or cases file in UTF-8 bytes, checked before parsing. */
  readonly maxFileBytes: number;
  /** Nesting of mappings/lists in a file (the top-level mapping is depth 1). */
  readonly maxDepth: number;
  /** Characters in one formula. */
  readonly maxFormulaLength: number;
  /** Nesting inside one formula (enforced by the formula parser). */
  readonly maxFormulaDepth: number;
  /** Rules declared in one file. */
  readonly maxRules: number;
  /** Parameters declared in one file. */
  readonly maxParameters: number;
  /** Dated values of one parameter in one file. */
  readonly maxValuesPerParameter: number;
  /** Length of an `extends` chain (the ruleset itself included). */
  readonly maxExtendsDepth: number;
  /** Nesting of input declarations (`record` fields / `list` items); a top-level input is depth 1. */
  readonly maxInputDepth: number;
  /** Items in any list of a file (and in list inputs at evaluation). */
  readonly maxListItems: number;
}

/**
 * The limits used when none are given.
 *
 * @example
 * parseRulesetText(text, { file: 'big.yaml', limits: { ...DEFAULT_LIMITS, maxRules: 5000 } });
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 2_000_000,
  maxDepth: 64,
  maxFormulaLength: 4000,
  maxFormulaDepth: 64,
  maxRules: 2000,
  maxParameters: 5000,
  maxValuesPerParameter: 500,
  maxExtendsDepth: 16,
  maxInputDepth: 8,
  maxListItems: 100_000,
});

/**
 * Completes partial limits with {@link DEFAULT_LIMITS}. Values that are not positive integers fall back
 * to the default, so a limit can never be disabled by accident (`NaN`, `-1`, `undefined`).
 *
 * @example
 * resolveLimits({ maxRules: 10 }).maxRules; // 10
 * resolveLimits({ maxRules: NaN }).maxRules; // 2000
 */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  if (!partial) return DEFAULT_LIMITS;
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const v = partial[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) out[key] = v;
  }
  return Object.freeze(out) as unknown as Limits;
}

/**
 * Bounds on numbers that come from outside: inputs, parameter values and number literals of ruleset
 * files, anything given to `toDecimal` / `parseMoney`. Beyond them a value is refused, never rounded:
 * `value/limit` from `toDecimal`, `ruleset/limit` inside a ruleset file.
 *
 * Why these values:
 * - Decimals compute with 40 significant digits (src/money/decimal.ts). A value within the limits has at
 *   most 34 significant digits (the precision of IEEE 754 decimal128) and its digits lie between 10^17
 *   and 10^-20, so it is held exactly, and the sum or difference of two such values (at most 39 digits)
 *   is exact too: no amount can be rounded away silently, as a 45-digit amount was.
 * - 18 digits before the point (|value| < 10^18) is four orders of magnitude above any real amount in
 *   yuan (China's yearly GDP is about 1.3 × 10^14 yuan), and above `Number.MAX_SAFE_INTEGER`, so every
 *   whole number a JS number holds exactly can also be given as text.
 * - 20 decimals is the most `round()` / `formatMoney()` accept (`MAX_PLACES`); rates need far fewer.
 * - 100 characters is more than twice the longest text the digit limits allow (sign, 18 + 20 digits,
 *   point), so leading zeros and spaces fit; longer text is refused from its length alone, in O(1),
 *   before anything parses it (a 10 MB digit string costs nothing).
 *
 * JS numbers have one more rule: beyond ±`Number.MAX_SAFE_INTEGER` (9007199254740991) a number may
 * already have lost digits before the library sees it (`9007199254740993` arrives as `…992`), so it is
 * refused with `value/precision` and a request to pass the value as a decimal string. In ruleset files
 * the loader also checks each number literal against its source text: a literal a JS number cannot hold
 * exactly (`500.000000000000000000000001`, `9007199254740993`) is refused (`ruleset/schema`: quote it).
 */
export interface NumberLimits {
  /** Characters of a number written as text (sign, digits, point, surrounding spaces). */
  readonly maxTextLength: number;
  /** Significant digits: from the first non-zero digit to the last non-zero digit. */
  readonly maxSignificantDigits: number;
  /** Digits before the decimal point, leading zeros not counted: |value| < 10^18. */
  readonly maxIntegerDigits: number;
  /** Decimal places, trailing zeros not counted. */
  readonly maxFractionDigits: number;
}

/**
 * The numeric limits (fixed: a number the library accepts must mean the same everywhere).
 *
 * @example
 * NUMBER_LIMITS.maxSignificantDigits; // 34
 */
export const NUMBER_LIMITS: Readonly<NumberLimits> = Object.freeze({
  maxTextLength: 100,
  maxSignificantDigits: 34,
  maxIntegerDigits: 18,
  maxFractionDigits: 20,
});
