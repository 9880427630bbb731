/**
 * Versions: `extends: id@range`, version ranges. Canonical JSON and content hashes: ./hash.
 * Runs in browsers too.
 */
import semver from 'semver';
import { MinshengError, quote } from '../errors';
import { RULESET_ID_PATTERN } from './schema';

/** A parsed `extends` value. */
export interface ExtendsSpec {
  readonly id: string;
  readonly range: string;
}

/**
 * Splits `extends: id@range` and checks both parts.
 *
 * @throws MinshengError `ruleset/schema` when the id or the semver range is invalid.
 * @example
 * parseExtends('cn/medical/national@^2026.1'); // { id: 'cn/medical/national', range: '^2026.1' }
 */
export function parseExtends(spec: string, where?: { file?: string; path?: readonly (string | number)[] }): ExtendsSpec {
  const at = typeof spec === 'string' ? spec.indexOf('@') : -1;
  const id = at > 0 ? spec.slice(0, at) : '';
  const range = at > 0 ? spec.slice(at + 1).trim() : '';
  if (!RULESET_ID_PATTERN.test(id) || range === '' || semver.validRange(range) === null) {
    throw new MinshengError({
      code: 'ruleset/schema',
      message: `expected 'extends' to be parent id@range with a valid semver range (e.g. cn/medical/national@^2026.1), found ${quote(spec)}`,
      path: where?.path ?? ['extends'],
      ...(where?.file !== undefined ? { file: where.file } : {}),
    });
  }
  return { id, range };
}

/**
 * True when `version` is a canonical semver version (`2026.1.0`, not `v2026.1.0`).
 *
 * @example
 * isValidVersion('2026.1.0'); // true
 */
export function isValidVersion(version: unknown): version is string {
  return typeof version === 'string' && semver.valid(version) === version;
}

/**
 * The highest of `versions` that satisfies `range` (prereleases only when the range names one).
 *
 * @example
 * maxSatisfyingVersion(['2025.1.0', '2026.1.0', '2026.2.0'], '^2026.1'); // '2026.2.0'
 */
export function maxSatisfyingVersion(versions: readonly string[], range: string): string | undefined {
  return semver.maxSatisfying([...versions], range) ?? undefined;
}

/**
 * Compares two versions (semver precedence): negative, 0 or positive.
 *
 * @example
 * ['2026.1.0', '2025.3.1'].sort(compareVersions); // ['2025.3.1', '2026.1.0']
 */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}
