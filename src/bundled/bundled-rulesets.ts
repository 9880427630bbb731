/**
 * The rulesets shipped with the package, available without a file system: each one resolved at build time
 * (`rulesets.generated.ts`, see `hydrate.ts`), so loading one is `JSON.parse` and a copy, cached per process.
 * The browser entry's way to the national and regional rulesets; Node code may use it too. The registry of
 * every bundled file (`bundledRegistry`, for resolving a user's own ruleset on top of them) still parses
 * their text, on first use.
 */
import { MinshengError } from '../errors';
import { parseRulesetText } from '../ruleset/load';
import { RulesetRegistry } from '../ruleset/registry';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { RulesetFile } from '../ruleset/schema';
import { maxSatisfyingVersion, parseExtends } from '../ruleset/version';
import { hydrateBundled } from './hydrate';
import { BUNDLED_FILES } from './rulesets.generated';
import type { BundledFile } from './types';

const parsed = new Map<BundledFile, RulesetFile>();
const resolved = new Map<string, ResolvedRuleset>();

function parsedFile(entry: BundledFile): RulesetFile {
  let file = parsed.get(entry);
  if (!file) {
    file = parseRulesetText(entry.text, { file: `rulesets/${entry.path}`, format: entry.path.endsWith('.json') ? 'json' : 'yaml' });
    parsed.set(entry, file);
  }
  return file;
}

/**
 * The bundled file that `id` with a semver `range` names (the highest version satisfying it), or undefined.
 * Node's `loadRuleset(id)` uses it to read only that ruleset's `extends` chain from disk.
 */
export function findBundledFile(id: string, range: string): BundledFile | undefined {
  return findEntry(id, range);
}

function findEntry(id: string, range: string): BundledFile | undefined {
  const candidates = BUNDLED_FILES.filter((f) => f.id === id);
  // The common case, an id without a range and one version of it: '*' is satisfied by any release version
  // (not a prerelease), so semver's range parser (slow on its first, cold use) is not needed.
  if (range === '*' && candidates.length === 1 && !candidates[0]!.version.includes('-')) return candidates[0];
  let best: string | undefined;
  try {
    best = maxSatisfyingVersion(
      candidates.map((f) => f.version),
      range,
    );
  } catch {
    return undefined;
  }
  return candidates.find((f) => f.version === best);
}

function splitSpec(spec: string): { id: string; range: string } {
  return spec.includes('@') ? parseExtends(spec, { path: ['ruleset'] }) : { id: spec, range: '*' };
}

/**
 * A bundled ruleset by id (`cn/medical/nanchang`, or `cn/medical/nanchang@^2026.1`), resolved with its
 * `extends` chain. Synchronous and file-system free; each ruleset is hydrated from its build-time resolved
 * form once per process.
 *
 * @param spec the ruleset id, optionally with a semver range after `@`
 * @returns the resolved ruleset, ready for `compile`
 * @throws MinshengError `ruleset/io` when no bundled ruleset has that id (the message lists the ids)
 * @example
 * const nanchang = compile(bundledRuleset('cn/medical/nanchang'));
 * nanchang.evaluate(claimInput, { date: '2025-07-20' }).outputs.basicPaid; //=> '72240.00'
 * @category Loading
 */
export function bundledRuleset(spec: string): ResolvedRuleset {
  if (typeof spec !== 'string') {
    throw new MinshengError({ code: 'input/type', message: `expected a ruleset id such as 'cn/medical/nanchang', found ${spec === null ? 'null' : typeof spec}`, path: ['ruleset'] });
  }
  const cached = resolved.get(spec);
  if (cached) return cached;
  const { id, range } = splitSpec(spec);
  const entry = findEntry(id, range);
  if (!entry) {
    const ids = [...new Set(BUNDLED_FILES.map((f) => f.id))].sort();
    throw new MinshengError({ code: 'ruleset/io', message: `no bundled ruleset '${spec.slice(0, 80)}' (bundled: ${ids.join(', ')})`, path: ['ruleset'] });
  }
  const result = hydrateBundled(BUNDLED_FILES, entry, { fileOf: (path) => `rulesets/${path}` });
  if (resolved.size < 256) resolved.set(spec, result);
  return result;
}

/**
 * A registry of every bundled ruleset, for resolving your own ruleset's `extends` without a file system
 * (e.g. in a browser: `parseRuleset(text, { file: 'county.yaml', registry: bundledRegistry() })`).
 * Parses every bundled file on first use; later calls return the same registry.
 *
 * @example
 * const county = parseRuleset(yamlText, { file: 'county.yaml', registry: bundledRegistry() });
 * @category Loading
 */
export function bundledRegistry(): RulesetRegistry {
  if (!registryCache) {
    const registry = new RulesetRegistry();
    for (const entry of BUNDLED_FILES) registry.add(parsedFile(entry), `rulesets/${entry.path}`);
    registryCache = registry;
  }
  return registryCache;
}
let registryCache: RulesetRegistry | undefined;

/**
 * The ids and versions of the bundled rulesets.
 *
 * @example
 * bundledRulesetIds().includes('cn/medical/national'); //=> true
 * @category Loading
 */
export function bundledRulesetIds(): { readonly id: string; readonly version: string }[] {
  return BUNDLED_FILES.map((f) => ({ id: f.id, version: f.version }));
}
