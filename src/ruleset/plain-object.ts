/**
 * A plain object (prototype `Object.prototype` or `null`), not an array.
 *
 * @example
 * isPlainObject({}); // true
 * isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  // Object.prototype of this realm or of another one (a vm context, an iframe), or no prototype at all.
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}
