/**
 * An in-memory set of ruleset files, indexed by id and version, that `extends` is resolved from.
 * Browser-safe: it holds parsed files; reading folders into one is `addRulesetDirectory` (Node entry).
 */
import { MinshengError } from '../errors';
import { rulesetOrigin } from './load';
import type { RulesetFile } from './schema';
import { RULESET_ID_PATTERN } from './schema';
import { compareVersions, isValidVersion, maxSatisfyingVersion } from './version';

/**
 * Ruleset files by `id@version`.
 *
 * @example
 * const registry = new RulesetRegistry();
 * await addRulesetDirectory(registry, 'rulesets');     // Node entry
 * registry.add(parseRulesetText(text, { file: 'city.yaml' }));
 * registry.find('cn/medical/national', '^2026.1');    // highest 2026.x version
 */
export class RulesetRegistry {
  readonly #byId = new Map<string, Map<string, RulesetFile>>();
  readonly #origins = new WeakMap<RulesetFile, string>();

  /**
   * Registers a parsed ruleset file. `origin` (a path, for messages) defaults to the file the loader
   * read it from.
   *
   * @throws MinshengError `ruleset/duplicate-id` when the same `id@version` is already registered
   *   (naming both files); `ruleset/schema` when `id` or `version` is malformed.
   * @example
   * registry.add(file, 'rulesets/cn/medical/gansu.yaml');
   */
  add(file: RulesetFile, origin?: string): void {
    const where = origin ?? rulesetOrigin(file) ?? `${String(file?.id)}@${String(file?.version)}`;
    if (typeof file?.id !== 'string' || !RULESET_ID_PATTERN.test(file.id) || !isValidVersion(file.version)) {
      throw new MinshengError({
        code: 'ruleset/schema',
        message: 'cannot register a ruleset without a valid id and semver version (parse it with parseRulesetText or parseRulesetObject first)',
        file: where,
        path: typeof file?.id === 'string' && RULESET_ID_PATTERN.test(file.id) ? ['version'] : ['id'],
      });
    }
    let versions = this.#byId.get(file.id);
    const existing = versions?.get(file.version);
    if (existing) {
      if (existing === file) return;
      throw new MinshengError({
        code: 'ruleset/duplicate-id',
        message: `ruleset ${file.id}@${file.version} is defined twice: in ${this.origin(existing) ?? '(unknown file)'} and in ${where}`,
        file: where,
        path: ['id'],
      });
    }
    if (!versions) {
      versions = new Map();
      this.#byId.set(file.id, versions);
    }
    versions.set(file.version, file);
    this.#origins.set(file, where);
  }

  /**
   * The highest registered version of `id` that satisfies the semver `range` (default `*`: the
   * highest release; prereleases only match ranges that name them).
   *
   * @example
   * registry.find('cn/medical/national');              // latest
   * registry.find('cn/medical/national', '2026.1.0');  // exactly that version
   */
  find(id: string, range = '*'): RulesetFile | undefined {
    const versions = this.#byId.get(id);
    if (!versions) return undefined;
    let best: string | undefined;
    try {
      best = maxSatisfyingVersion([...versions.keys()], range);
    } catch {
      return undefined;
    }
    return best === undefined ? undefined : versions.get(best);
  }

  /**
   * Exactly `id@version`.
   *
   * @example
   * registry.get('cn/medical/gansu', '2026.1.0');
   */
  get(id: string, version: string): RulesetFile | undefined {
    return this.#byId.get(id)?.get(version);
  }

  /**
   * The registered versions of `id`, ascending.
   *
   * @example
   * registry.versions('cn/medical/national'); // ['2025.1.0', '2026.1.0']
   */
  versions(id: string): string[] {
    return [...(this.#byId.get(id)?.keys() ?? [])].sort(compareVersions);
  }

  /**
   * All registered files, by id then ascending version.
   *
   * @example
   * registry.list().map((f) => `${f.id}@${f.version}`);
   */
  list(): RulesetFile[] {
    const out: RulesetFile[] = [];
    for (const id of [...this.#byId.keys()].sort()) for (const v of this.versions(id)) out.push(this.#byId.get(id)!.get(v)!);
    return out;
  }

  /**
   * Where a registered file came from (the path or name given to {@link add}).
   *
   * @example
   * registry.origin(registry.find('cn/medical/gansu')!); // '/abs/rulesets/cn/medical/gansu.yaml'
   */
  origin(file: RulesetFile): string | undefined {
    return this.#origins.get(file) ?? rulesetOrigin(file);
  }

  /** Number of registered files. */
  get size(): number {
    let n = 0;
    for (const v of this.#byId.values()) n += v.size;
    return n;
  }
}
