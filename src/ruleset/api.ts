/**
 * The front door of the loading stage: a ruleset file (or id) in, a resolved ruleset out, with its
 * `extends` chain found in the bundled rulesets, the file's own folder, and any folders you name.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { MinshengError } from '../errors';
import { bundledRulesetsDir } from './bundled';
import { loadRulesetFile } from './load-fs';
import { parseExtends } from './version';
import { resolveRuleset } from './overlay';
import { RulesetRegistry } from './registry';
import type { ResolvedRuleset } from './resolved';
import type { RulesetFile } from './schema';

/** Options of {@link loadRuleset}. */
export interface LoadOptions {
  /** A registry to resolve `extends` from (and ids from). When given, no folders are scanned. */
  readonly registry?: RulesetRegistry;
  /** Extra folders of ruleset files to resolve `extends` and ids from. */
  readonly rulesetDirs?: readonly string[];
  /** Leave out the rulesets bundled with the package. */
  readonly noBundled?: boolean;
}

let bundledFiles: Promise<{ file: RulesetFile; origin: string | undefined }[]> | undefined;

/** Builds a registry from the bundled rulesets and the given folders (later folders may not redefine an id@version). */
export async function createRegistry(dirs: readonly string[] = [], options: { noBundled?: boolean } = {}): Promise<RulesetRegistry> {
  const registry = new RulesetRegistry();
  const seen = new Set<string>();
  const bundled = options.noBundled ? null : bundledRulesetsDir();
  if (bundled) {
    // The bundled files do not change while the process runs: parse them once.
    bundledFiles ??= (async () => {
      const r = new RulesetRegistry();
      await r.addDirectory(bundled);
      return r.list().map((file) => ({ file, origin: r.origin(file) }));
    })();
    for (const { file, origin } of await bundledFiles) registry.add(file, origin);
    seen.add(resolvePath(bundled));
  }
  for (const dir of dirs) {
    const abs = resolvePath(dir);
    if (seen.has(abs) || [...seen].some((s) => abs.startsWith(`${s}/`))) continue;
    seen.add(abs);
    await registry.addDirectory(abs);
  }
  return registry;
}

/**
 * Loads a ruleset by file path or by id (`cn/medical/gansu`, `cn/medical/gansu@^2026.1`) and resolves
 * its `extends` chain.
 *
 * @example
 * const resolved = await loadRuleset('rulesets/cn/medical/gansu.yaml');
 * resolved.chain.map((l) => l.id); //=> ['cn/medical/national', 'cn/medical/gansu']
 */
export async function loadRuleset(pathOrId: string, options: LoadOptions = {}): Promise<ResolvedRuleset> {
  const isFile = existsSync(pathOrId) && statSync(pathOrId).isFile();
  if (isFile) {
    const file = await loadRulesetFile(pathOrId);
    // A root ruleset needs no registry: do not scan folders for nothing.
    if (!file.extends) return resolveRuleset(file, options.registry);
    const registry = options.registry ?? (await createRegistry([...(options.rulesetDirs ?? [])], options.noBundled ? { noBundled: true } : {}));
    if (!options.registry) {
      // Also resolve parents that sit beside the file (a regional team's own folder), when needed.
      const { id, range } = parseExtends(file.extends);
      if (!registry.find(id, range)) await addSiblings(registry, dirname(resolvePath(pathOrId)), file.id, file.version);
    }
    return resolveRuleset(file, registry);
  }
  const registry = options.registry ?? (await createRegistry(options.rulesetDirs ?? [], options.noBundled ? { noBundled: true } : {}));
  const { id, range } = pathOrId.includes('@') ? parseExtends(pathOrId) : { id: pathOrId, range: '*' };
  const file = registry.find(id, range);
  if (!file) {
    throw new MinshengError({ code: 'ruleset/io', message: `no ruleset file or id '${pathOrId}' (looked for a file, then for the id among ${registry.list().length} known rulesets)` });
  }
  return resolveRuleset(file, registry);
}

async function addSiblings(registry: RulesetRegistry, dir: string, id: string, version: string): Promise<void> {
  const bundled = bundledRulesetsDir();
  if (bundled && (dir === bundled || dir.startsWith(`${bundled}/`))) return;
  const local = new RulesetRegistry();
  await local.addDirectory(dir);
  for (const file of local.list()) {
    if (file.id === id && file.version === version) continue;
    if (!registry.find(file.id, file.version)) registry.add(file, local.origin?.(file) ?? dir);
  }
}
