/**
 * One way for tests to catch what the library throws: the MinshengError itself, or its issues. Anything
 * else thrown (a TypeError, a RangeError) fails the test as the bug it is.
 */
import { MinshengError, type Issue } from '../../src/errors';

/** The MinshengError `fn` throws; fails when it throws something else or nothing. */
export function errorOf(fn: () => unknown): MinshengError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError, nothing was thrown');
}

/** Async {@link errorOf}. */
export async function errorOfAsync(fn: () => Promise<unknown>): Promise<MinshengError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError, nothing was thrown');
}

/** The issues of the MinshengError `fn` throws. */
export function issuesOf(fn: () => unknown): readonly Issue[] {
  return errorOf(fn).issues;
}

/** Async {@link issuesOf}. */
export async function issuesOfAsync(fn: () => Promise<unknown>): Promise<readonly Issue[]> {
  return (await errorOfAsync(fn)).issues;
}
