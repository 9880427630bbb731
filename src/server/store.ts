/**
 * The rulesets a server answers with: the rulesets bundled with the library (the same data `bundledRuleset`
 * reads, so hashes are the library's) and every ruleset file of the `--rulesets` folders, resolved and
 * compiled once. A {@link RulesetSet} is immutable; a reload builds a whole new one and swaps
 * it in with one assignment, so a request — which reads `store.current` once — sees the old set or the new
 * one, never a mix. A reload that meets any broken file keeps the old set and reports why.
 */
import { createHash } from 'node:crypto';
import { MinshengError, isMinshengError, quote, type Issue } from '../errors';
import { compile, type Program } from '../engine/program';
import { bundledRegistry } from '../bundled/bundled-rulesets';
import { loadRulesetDirectory } from '../node/load-file';
import { resolveRuleset } from '../ruleset/overlay';
import { RulesetRegistry } from '../ruleset/registry';

/** One loaded set of compiled rulesets. Frozen. */
export interface RulesetSet {
  /** Every compiled ruleset by `id@version`, sorted. */
  readonly programs: ReadonlyMap<string, Program>;
  /** sha256 over the sorted `id@version hash` lines: names the whole set (`sha256:…`). */
  readonly hash: string;
  /** When it was loaded (ISO time). */
  readonly loadedAt: string;
  /** The registry it was built from (to answer `id@range`). */
  readonly registry: RulesetRegistry;
}

/** Options of {@link loadRulesetSet} and {@link RulesetStore.open}. */
export interface StoreOptions {
  /** Also serve the rulesets bundled with the library (default true). */
  readonly bundled?: boolean;
  /** Serve only these ids (their parents are still read to resolve them); default every ruleset found. */
  readonly only?: readonly string[];
}

/**
 * Loads and compiles the bundled rulesets and every ruleset file under `dirs` (read again on every call).
 *
 * @throws MinshengError with the issues of every file that does not load, resolve or compile, or redefines an
 *   id@version (nothing is left out silently: a server answers with all its rulesets or does not take the set)
 */
export async function loadRulesetSet(dirs: readonly string[], options: StoreOptions = {}): Promise<RulesetSet> {
  const registry = new RulesetRegistry();
  if (options.bundled !== false) {
    const bundled = bundledRegistry();
    for (const file of bundled.list()) registry.add(file, bundled.origin(file));
  }
  const problems: Issue[] = [];
  for (const dir of dirs) {
    const loaded = await loadRulesetDirectory(dir, { cases: false });
    problems.push(...loaded.issues);
    for (const { file, origin } of loaded.files) {
      try {
        registry.add(file, origin);
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        problems.push(...error.issues);
      }
    }
  }
  const programs = new Map<string, Program>();
  const files = registry.list().sort((a, b) => (a.id === b.id ? (a.version < b.version ? -1 : 1) : a.id < b.id ? -1 : 1));
  const only = options.only ? new Set(options.only) : undefined;
  for (const id of only ?? []) {
    if (!registry.find(id)) problems.push({ code: 'ruleset/io', message: `no ruleset ${quote(id)} to serve (--only)`, path: ['only'] });
  }
  for (const file of files) {
    if (only && !only.has(file.id)) continue;
    try {
      const program = compile(resolveRuleset(file, registry));
      programs.set(`${program.id}@${program.version}`, program);
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      const origin = registry.origin(file);
      problems.push(...error.issues.map((i) => (i.file || !origin ? i : { ...i, file: origin })));
    }
  }
  if (problems.length > 0) throw new MinshengError(problems);
  const digest = createHash('sha256');
  for (const [key, program] of programs) digest.update(`${key} ${program.hash}\n`);
  return Object.freeze({ programs, hash: `sha256:${digest.digest('hex')}`, loadedAt: new Date().toISOString(), registry });
}

/** Longest ruleset reference taken from a URL or a body. */
const MAX_REF_LENGTH = 256;

/**
 * The program `ref` names in `set`: `id` (its highest version), `id@version` or `id@range`.
 *
 * @throws MinshengError `ruleset/io` when the set has no such ruleset (HTTP 404)
 */
export function programIn(set: RulesetSet, ref: string): Program {
  if (ref.length <= MAX_REF_LENGTH) {
    const at = ref.indexOf('@');
    const id = at < 0 ? ref : ref.slice(0, at);
    const file = set.registry.find(id, at < 0 ? '*' : ref.slice(at + 1));
    const program = file ? set.programs.get(`${file.id}@${file.version}`) : undefined;
    if (program) return program;
  }
  const ids = [...new Set([...set.programs.values()].map((p) => p.id))];
  throw new MinshengError({ code: 'ruleset/io', message: `no ruleset ${quote(ref)} on this server (GET /rulesets lists them; ${ids.length} ids loaded)`, path: ['ruleset'] });
}

/** What a reload did. */
export type ReloadOutcome = { readonly ok: true; readonly set: RulesetSet } | { readonly ok: false; readonly error: MinshengError };

/** The current set and how to replace it. */
export class RulesetStore {
  #current: RulesetSet;
  #reloading: Promise<ReloadOutcome> | undefined;

  private constructor(
    readonly dirs: readonly string[],
    readonly options: StoreOptions,
    set: RulesetSet,
  ) {
    this.#current = set;
  }

  /** Loads the first set; throws as {@link loadRulesetSet} does. */
  static async open(dirs: readonly string[], options: StoreOptions = {}): Promise<RulesetStore> {
    return new RulesetStore([...dirs], { ...options }, await loadRulesetSet(dirs, options));
  }

  /** The set requests are answered with now. Read it once per request. */
  get current(): RulesetSet {
    return this.#current;
  }

  /**
   * Loads the folders again and swaps the new set in — only if every ruleset loads and compiles; otherwise
   * the old set stays and the outcome carries the error. Reloads asked for during one share its outcome.
   */
  reload(): Promise<ReloadOutcome> {
    this.#reloading ??= (async (): Promise<ReloadOutcome> => {
      try {
        const set = await loadRulesetSet(this.dirs, this.options);
        this.#current = set;
        return { ok: true, set };
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        return { ok: false, error };
      } finally {
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }
}
