import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { MinshengError, type Issue } from '../../src/errors';

export const FIXTURES = fileURLToPath(new URL('../fixtures/rulesets/', import.meta.url));
export const GOOD = `${FIXTURES}good/`;
export const BAD = `${FIXTURES}bad/`;

export function fixture(rel: string): string {
  return readFileSync(FIXTURES + rel, 'utf8');
}

/** Runs `fn`, expects a MinshengError, returns its issues. */
export function issuesOf(fn: () => unknown): readonly Issue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MinshengError);
    return (e as MinshengError).issues;
  }
  throw new Error('expected a MinshengError, nothing was thrown');
}

/** Async {@link issuesOf}. */
export async function issuesOfAsync(fn: () => Promise<unknown>): Promise<readonly Issue[]> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MinshengError);
    return (e as MinshengError).issues;
  }
  throw new Error('expected a MinshengError, nothing was thrown');
}

/** The issues as `code @ path` lines, easy to compare. */
export function summary(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.code} @ ${JSON.stringify(i.path ?? null)}`);
}

/** A minimal valid ruleset header. */
export const HEADER = { id: 'test/x', jurisdiction: 'CN', version: '1.0.0', label: { zh: '测试', en: 'Test' } } as const;
