/**
 * Frozen copies of plain data that V8 keeps in fast mode. An object made by `Object.create(null)` starts as
 * a dictionary: every read of it and every `for…in` over it is several times slower. That matters for a test
 * case's input, which the engine reads on every evaluation of the case (`minsheng test`, the benchmarks): on
 * the entitlements cases the fast path spent ~15 % more time on dictionary inputs than on the same inputs
 * parsed from JSON.
 */
import { MinshengError } from '../errors';

/**
 * Deep copy into frozen arrays and frozen null-prototype objects in fast mode; `undefined` properties are
 * dropped. Deeper than `maxDepth` levels (or cyclic) is refused with `ruleset/limit`.
 *
 * @example
 * const input = frozenDataCopy({ cost: 100, __proto__x: 1 }, 32); // Object.getPrototypeOf(input) === null
 */
export function frozenDataCopy(value: unknown, maxDepth: number, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > maxDepth) {
    throw new MinshengError({ code: 'ruleset/limit', message: `value nested deeper than ${maxDepth} levels (or cyclic)`, path: [] });
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => frozenDataCopy(v, maxDepth, depth + 1)));
  // Built as an ordinary object (fast mode), then given a null prototype: the same own fields, in the same
  // order, as Object.create(null) with assignments. Each field is defined, not assigned, so a `__proto__` key
  // is an own field like any other.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) Object.defineProperty(out, k, { value: frozenDataCopy(v, maxDepth, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  Object.setPrototypeOf(out, null);
  return Object.freeze(out);
}
