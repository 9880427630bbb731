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
