/**
 * The front door of the loading stage: a ruleset file (or id) in, a resolved ruleset out, with its
 * `extends` chain found in the bundled rulesets, the file's own folder, and any folders you name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve as resolvePath } from 'node:path';
import { findBundledFile } from '../bundled/bundled-rulesets';
import { bundledChainPaths, hydrateBundled, textFingerprint } from '../bundled/hydrate';
import { BUNDLED_FILES } from '../bundled/rulesets.generated';
import type { BundledFile } from '../bundled/types';
import { isOptions, requireArgument, MinshengError, abbreviateList, clipMessage, isMinshengError, quote, type Issue } from '../errors';
import type { Limits } from '../limits';
import { bundledRulesetsDir, isSameOrInside } from './bundled';
import { loadRulesetDirectory, loadRulesetFile, type DirectoryFailure } from './load-file';
import { parseExtends } from '../ruleset/version';
import { resolveRuleset } from '../ruleset/overlay';
import { RulesetRegistry } from '../ruleset/registry';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { RulesetFile } from '../ruleset/schema';

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
      await addRulesetDirectory(r, bundled);
      return r.list().map((file) => ({ file, origin: r.origin(file) }));
    })();
    for (const { file, origin } of await bundledFiles) registry.add(file, origin);
    seen.add(resolvePath(bundled));
  }
  for (const dir of dirs) {
    const abs = resolvePath(dir);
    if ([...seen].some((s) => isSameOrInside(abs, s))) continue;
    seen.add(abs);
    await addRulesetDirectory(registry, abs);
  }
  return registry;
}

/**
 * Loads a ruleset by file path or by id (`cn/medical/gansu`, `cn/medical/gansu@^2026.1`) and resolves
 * its `extends` chain.
 *
 * Only the bundled files a chain needs are read: a file whose parent is a bundled ruleset, or an id, reads that
 * ruleset's `extends` chain from the bundled folder (with the `rulesetDirs` folders' rulesets when given), not
 * every bundled file — unless a folder holds an id the bundled rulesets hold too, when the highest version is
 * chosen among all of them.
 *
 * For a file whose parent is not in the bundled rulesets or `rulesetDirs`, the rulesets of the file's
 * own folder are read too. A broken file there does not fail the load unless the chain needs it: when a
 * parent is then missing, the `ruleset/missing-parent` issue names the files that failed, and when one
 * of them declares the missing id, its issues follow.
 *
 * @example
 * const resolved = await loadRuleset('rulesets/cn/medical/gansu.yaml');
 * resolved.chain.map((l) => l.id); //=> ['cn/medical/national', 'cn/medical/gansu']
 */
export async function loadRuleset(pathOrId: string, options: LoadOptions = {}): Promise<ResolvedRuleset> {
  requireArgument(typeof pathOrId === 'string', 'loadRuleset', 'pathOrId', 'a file path or a ruleset id', pathOrId);
  requireArgument(isOptions(options), 'loadRuleset', 'options', 'an object { registry?, rulesetDirs?, noBundled? }', options);
  options ??= {};
  const isFile = existsSync(pathOrId) && statSync(pathOrId).isFile();
  if (isFile) {
    const file = await loadRulesetFile(pathOrId);
    // A root ruleset needs no registry: do not scan folders for nothing.
    if (!file.extends) return resolveRuleset(file, options.registry);
    if (!options.registry && !options.noBundled) {
      // A regional file on top of a bundled ruleset: read only its parent's chain (and the folders named), not
      // every bundled file.
      const chain = await shortChain(options.rulesetDirs ?? [], file.extends, pathOrId);
      if (chain) return resolveRuleset(file, chain);
    }
    const registry = options.registry ?? (await createRegistry([...(options.rulesetDirs ?? [])], options.noBundled ? { noBundled: true } : {}));
    let failures: readonly DirectoryFailure[] = [];
    const folder = dirname(resolvePath(pathOrId));
    if (!options.registry) {
      // Also resolve parents that sit beside the file (a regional team's own folder), when needed.
      const { id, range } = parseExtends(file.extends, { file: pathOrId });
      if (!registry.find(id, range)) failures = await addSiblings(registry, folder, file.id, file.version);
    }
    try {
      return resolveRuleset(file, registry);
    } catch (e) {
      if (failures.length > 0 && isMinshengError(e) && e.code === 'ruleset/missing-parent') throw explainMissingParent(e, file, registry, failures, folder);
      throw e;
    }
  }
  const { id, range } = pathOrId.includes('@') ? parseExtends(pathOrId) : { id: pathOrId, range: '*' };
  if (!options.registry && !options.noBundled && (options.rulesetDirs ?? []).length === 0) {
    // A bundled id: its build-time resolved form when the files on disk are the ones it was resolved from;
    // else read only its `extends` chain, not every bundled file.
    const hydrated = hydrateBundledFromDisk(id, range);
    if (hydrated) return hydrated;
    const chain = await loadBundledChain(id, range);
    if (chain) return chain;
  } else if (!options.registry && !options.noBundled) {
    // With folders: their rulesets and the bundled chain the id reaches, when that chooses as every file would.
    const chain = await shortChain(options.rulesetDirs ?? [], `${id}@${range}`);
    const file = chain?.find(id, range);
    if (chain && file) return resolveRuleset(file, chain);
  }
  const registry = options.registry ?? (await createRegistry(options.rulesetDirs ?? [], options.noBundled ? { noBundled: true } : {}));
  const file = registry.find(id, range);
  if (!file) {
    throw new MinshengError({ code: 'ruleset/io', message: `no ruleset file or id ${quote(pathOrId)} (looked for a file, then for the id among ${registry.list().length} known rulesets)` });
  }
  return resolveRuleset(file, registry);
}

/** Bundled entries whose chain and cases file on disk are the ones they were generated from (checked once per process). */
const verifiedEntries = new WeakSet<BundledFile>();

/**
 * A bundled ruleset from its build-time resolved form (`src/bundled/hydrate.ts`): `JSON.parse` and a copy, the
 * layers' files and the tests' origins pointing into the bundled folder as if read from there, the tests of
 * its `.cases.yaml` included. Undefined when the id is not bundled, or when a file of its chain or its cases
 * file on disk differs from what the generated form was made from (edited since `npm run gen`): the caller
 * then reads the files themselves.
 */
function hydrateBundledFromDisk(id: string, range: string): ResolvedRuleset | undefined {
  const dir = bundledRulesetsDir();
  if (!dir) return undefined;
  const entry = findBundledFile(id, range);
  if (!entry) return undefined;
  if (!verifiedEntries.has(entry)) {
    if (!chainOnDiskMatches(dir, entry)) return undefined;
    verifiedEntries.add(entry);
  }
  return hydrateBundled(BUNDLED_FILES, entry, { fileOf: (path) => join(dir, path), cases: true });
}

/** @internal Whether the files of `leaf`'s chain and its cases file under `dir` are the ones it was generated from. */
export function chainOnDiskMatches(dir: string, leaf: BundledFile): boolean {
  const read = (path: string) => {
    try {
      return readFileSync(join(dir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  // A ruleset file is compared with the text it was generated from (a native string comparison); a cases
  // file, whose text is not carried, with its fingerprint.
  const same = (path: string, fingerprint: string) => {
    const text = read(path);
    return text !== undefined && textFingerprint(text) === fingerprint;
  };
  // The leaf's cases file: the first spelling the Node loader would find must be the one stored (or none).
  const base = leaf.path.replace(/\.(ya?ml|json)$/i, '');
  const found = ['.cases.yaml', '.cases.yml', '.cases.json'].map((suffix) => base + suffix).find((path) => existsSync(join(dir, path)));
  if (found !== leaf.cases?.path) return false;
  if (leaf.cases && !same(leaf.cases.path, leaf.cases.fingerprint)) return false;
  // The files the stored form was resolved from (its chain), each the same text on disk.
  for (const path of bundledChainPaths(BUNDLED_FILES, leaf)) {
    const entry = BUNDLED_FILES.find((f) => f.path === path);
    if (!entry || read(path) !== entry.text) return false;
  }
  return true;
}

/**
 * The registry of {@link chainWithFolders} for `dirs` read strictly (a broken file there fails the load, as it
 * does on the full route); with no folders, the bundled chain alone.
 */
async function shortChain(dirs: readonly string[], spec: string, file?: string): Promise<RulesetRegistry | undefined> {
  const own = dirs.length === 0 ? new RulesetRegistry() : await createRegistry(dirs, { noBundled: true });
  return chainWithFolders(own, dirs, spec, file);
}

/**
 * @internal The registry that `spec` (an id to load, or a file's `extends`) resolves against with the folders'
 * rulesets `own`: those rulesets and, where the chain reaches a bundled ruleset, only the bundled files of that
 * ruleset's own `extends` chain — instead of every bundled file (~0.6 s of parsing). Undefined when that could
 * choose differently from `own` plus every bundled file: an id of the chain that both the folders and the bundled
 * rulesets hold (the highest version is chosen among all), a chain the generated index does not describe, or a
 * folder inside the bundled one (which holds the chain itself). The CLI uses it too.
 */
export async function chainWithFolders(own: RulesetRegistry, dirs: readonly string[], spec: string, file?: string): Promise<RulesetRegistry | undefined> {
  const bundled = bundledRulesetsDir();
  if (!bundled || dirs.some((d) => isSameOrInside(resolvePath(d), bundled))) return undefined;
  const ownIds = new Set(own.list().map((f) => f.id));
  const registry = new RulesetRegistry();
  for (const f of own.list()) registry.add(f, own.origin(f));
  let next: { id: string; range: string };
  try {
    next = parseExtends(spec, file !== undefined ? { file } : {});
  } catch {
    return undefined;
  }
  // Down the chain through the folders' rulesets, then through the bundled chain of the first parent they lack.
  for (let guard = 0; guard < 64; guard++) {
    const { id, range } = next;
    const bundledHasId = BUNDLED_FILES.some((f) => f.id === id);
    if (ownIds.has(id)) {
      const found = own.find(id, range);
      if (!found || bundledHasId) return undefined;
      if (!found.extends) return registry;
      try {
        next = parseExtends(found.extends, { file: own.origin(found) ?? found.id });
      } catch {
        return undefined;
      }
      continue;
    }
    const chain = await bundledChain(id, range);
    if (!chain || chain.registry.list().some((f) => ownIds.has(f.id))) return undefined;
    for (const f of chain.registry.list()) registry.add(f, chain.registry.origin(f));
    return registry;
  }
  return undefined;
}

/** Bundled files read from disk (with their cases), by path: they do not change while the process runs. */
const bundledChainFiles = new Map<string, Promise<RulesetFile>>();

/**
 * A bundled ruleset and its `extends` chain, reading only those files (found through the generated index of
 * bundled files). Undefined when the id is not bundled or the index does not match the files on disk (a
 * ruleset added since `npm run gen`): the caller then scans the folder as before.
 */
async function loadBundledChain(id: string, range: string): Promise<ResolvedRuleset | undefined> {
  const chain = await bundledChain(id, range);
  if (!chain) return undefined;
  try {
    return resolveRuleset(chain.leaf, chain.registry);
  } catch {
    // Any problem is reported by the folder scan, with the same issues as before.
    return undefined;
  }
}

/**
 * The registry of a bundled ruleset's `extends` chain (read from disk, only those files) and its leaf, or
 * undefined when the id is not bundled or the generated index does not match the files on disk.
 */
async function bundledChain(id: string, range: string): Promise<{ leaf: RulesetFile; registry: RulesetRegistry } | undefined> {
  const dir = bundledRulesetsDir();
  if (!dir) return undefined;
  const registry = new RulesetRegistry();
  let leaf: RulesetFile | undefined;
  let spec = { id, range };
  for (let guard = 0; guard < 64; guard++) {
    const entry = findBundledFile(spec.id, spec.range);
    if (!entry) return undefined;
    const path = join(dir, entry.path);
    if (!existsSync(path)) return undefined;
    let pending = bundledChainFiles.get(path);
    if (!pending) {
      pending = loadRulesetFile(path);
      // A failed read is not cached: the folder scan reports it with every other broken file.
      pending.catch(() => bundledChainFiles.delete(path));
      bundledChainFiles.set(path, pending);
    }
    let file: RulesetFile;
    try {
      file = await pending;
    } catch {
      return undefined;
    }
    if (file.id !== entry.id || file.version !== entry.version) return undefined;
    leaf ??= file;
    if (registry.get(file.id, file.version)) break;
    try {
      registry.add(file, path);
      if (!file.extends) break;
      spec = parseExtends(file.extends, { file: path });
    } catch {
      return undefined;
    }
  }
  return leaf ? { leaf, registry } : undefined;
}

/**
 * Registers the valid rulesets of the leaf's own folder (recursively) that the registry does not have
 * yet. A broken file there does not fail the load: its failure is returned, and only matters if the
 * `extends` chain then misses a parent (see {@link explainMissingParent}).
 */
async function addSiblings(registry: RulesetRegistry, dir: string, id: string, version: string): Promise<readonly DirectoryFailure[]> {
  const bundled = bundledRulesetsDir();
  if (bundled && isSameOrInside(dir, bundled)) return [];
  const { files, failures } = await loadRulesetDirectory(dir);
  const problems: DirectoryFailure[] = [...failures];
  for (const { file, origin } of files) {
    if (file.id === id && file.version === version) continue;
    if (registry.get(file.id, file.version)) continue;
    try {
      registry.add(file, origin);
    } catch (e) {
      if (!isMinshengError(e)) throw e;
      problems.push({ path: origin, id: file.id, issues: e.issues });
    }
  }
  return problems;
}

/**
 * A missing parent, when files beside the ruleset failed to load: if one of them declares the missing
 * id, its own issues are the real cause and are reported after the missing-parent issue; otherwise the
 * message names the files that failed (one of them may be the parent).
 */
function explainMissingParent(error: MinshengError, leaf: RulesetFile, registry: RulesetRegistry, failures: readonly DirectoryFailure[], folder: string): MinshengError {
  const name = (f: DirectoryFailure) => relative(folder, resolvePath(f.path)) || basename(f.path);
  const missing = missingParent(leaf, registry);
  const [first, ...rest] = error.issues;
  const culprits = missing ? failures.filter((f) => f.id === missing) : [];
  if (culprits.length > 0) {
    const names = abbreviateList(culprits.map(name));
    const issue: Issue = { ...first!, message: clipMessage(`${first!.message}; ${names} in the same folder declares ${missing} but failed to load (its issues follow)`) };
    return new MinshengError([issue, ...rest, ...culprits.flatMap((f) => f.issues).slice(0, 50)]);
  }
  const names = abbreviateList(failures.map(name));
  const count = failures.length === 1 ? '1 file' : `${failures.length} files`;
  const issue: Issue = { ...first!, message: clipMessage(`${first!.message}; ${count} in the same folder failed to load and may be the parent: ${names}`) };
  return new MinshengError([issue, ...rest]);
}

/** The id of the first parent of `leaf`'s chain that `registry` does not have. */
function missingParent(leaf: RulesetFile, registry: RulesetRegistry): string | undefined {
  let current: RulesetFile | undefined = leaf;
  for (let guard = 0; current?.extends !== undefined && guard < 64; guard++) {
    let spec;
    try {
      spec = parseExtends(current.extends);
    } catch {
      return undefined;
    }
    const parent = registry.find(spec.id, spec.range);
    if (!parent) return spec.id;
    current = parent;
  }
  return undefined;
}

/** Options of {@link addRulesetDirectory}. */
export interface AddDirectoryOptions {
  readonly limits?: Partial<Limits>;
}

/**
 * Adds every ruleset under `dir` (recursively) to `registry`: `*.yaml`, `*.yml`, `*.json`, with each
 * file's sibling `<name>.cases.yaml` appended to its tests. Skipped: `*.cases.*`, hidden files and
 * folders, `node_modules`, `package.json`/`package-lock.json`/`tsconfig*.json`/`*.schema.json`, and data
 * files that are not rulesets (a top-level mapping without any of `id`, `extends`, `inputs`,
 * `parameters`, `rules`).
 *
 * Every file is tried; the valid ones are registered, and if any failed, one {@link MinshengError}
 * with the issues of all failed files is thrown at the end.
 *
 * @example
 * const registry = new RulesetRegistry();
 * await addRulesetDirectory(registry, 'my-rulesets');
 * @category Loading
 */
export async function addRulesetDirectory(registry: RulesetRegistry, dir: string, options: AddDirectoryOptions = {}): Promise<void> {
  const { files, issues } = await loadRulesetDirectory(dir, options);
  const all: Issue[] = [...issues];
  for (const { file, origin } of files) {
    try {
      registry.add(file, origin);
    } catch (e) {
      if (isMinshengError(e)) all.push(...e.issues);
      else throw e;
    }
  }
  if (all.length > 0) throw new MinshengError(all);
}
