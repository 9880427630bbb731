/**
 * Marks the loaders put on resolved rulesets they made, read by `compile`. Apart from the loaders (which
 * bring yaml and zod) so that the engine can read them without loading either: the simulate worker imports
 * the engine alone.
 */

/**
 * Resolved rulesets whose parameter values need no checking when compiled: the bundled ones, hydrated from the
 * package's generated data. Their sources are compiled with every check by test/engine/prechecked.test.ts, and
 * Node verifies that the files on disk are the ones the data was made from.
 */
const PRECHECKED = new WeakSet<object>();

/** @internal Marks a hydrated bundled ruleset (see {@link isPrechecked}). */
export function markPrechecked(resolved: object): void {
  PRECHECKED.add(resolved);
}

/**
 * Resolved rulesets this library made, deeply frozen, whose `hash` was computed from that very content (by the
 * resolver, or by the build for the bundled ones): for them, equal hashes mean equal rulesets. An object a caller
 * built, or changed, is not one of them.
 */
const CONTENT_HASHED = new WeakSet<object>();

/** @internal Marks a resolved ruleset whose hash is its frozen content's (see {@link isContentHashed}). */
export function markContentHashed(resolved: object): void {
  CONTENT_HASHED.add(resolved);
}

/** @internal Whether programs compiled from this ruleset may share what they compiled with others of its hash. */
export function isContentHashed(resolved: object): boolean {
  return CONTENT_HASHED.has(resolved);
}

/**
 * @internal Whether `compile` may skip the range and constraint checks of this ruleset's values (a cold start
 * paid ~6 % for them) and leave its policy-floor warnings to the first read of `program.warnings`.
 */
export function isPrechecked(resolved: object): boolean {
  return PRECHECKED.has(resolved);
}
