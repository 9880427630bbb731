/**
 * The one pattern of a plain decimal as values are written in inputs, rulesets and outputs: optional sign,
 * digits, optional fraction — no exponent, no grouping, no leading or trailing dot (`'007.50'`, `'-3'`).
 * Groups: 1 sign, 2 integer digits, 3 fraction digits.
 */
export const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** True when `text` is a plain decimal (see {@link PLAIN_DECIMAL}). */
export function isPlainDecimal(text: string): boolean {
  return PLAIN_DECIMAL.test(text);
}
