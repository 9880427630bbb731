/**
 * Ruleset files and their cases on disk: load a file with its sibling `<name>.cases.yaml`, run its
 * cases, find every ruleset under a folder, build a registry that tolerates files still being written.
 * Node only; the runner itself (`engine/cases.ts`) works on data.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { isMinshengError, type Issue } from '../errors';
import { caseError, runCases, type CaseError, type CaseResult } from '../engine/cases';
import { compile, type Program } from '../engine/program';
import { resolveRuleset } from '../ruleset/overlay';
import { RulesetRegistry } from '../ruleset/registry';
import type { TestCase } from '../ruleset/schema';
import type { LoadOptions } from './load';
import { bundledRulesetsDir, isSameOrInside } from './bundled';
import { isRulesetFileName, loadRulesetDirectory, loadRulesetFile } from './load-file';

/** A ruleset file's cases, ready to run. */
export interface LoadedCases {
  readonly file: string;
  readonly program: Program;
  readonly cases: readonly TestCase[];
}

/** The outcome of running one ruleset file's cases. */
export interface RulesetCasesReport {
  readonly file: string;
  readonly id?: string;
  readonly version?: string;
  readonly results: readonly CaseResult[];
  /** Set when the ruleset could not be loaded or compiled (then `results` is empty). */
  readonly error?: CaseError;
}

/** Options of {@link runRulesetFile}: where `extends` parents and ids are found, and tracing. */
export type RunFileOptions = LoadOptions & { readonly trace?: boolean };

/**
 * Loads a ruleset file (a `<name>.cases.yaml` path stands for its `<name>.yaml`), compiles it and
 * returns it with its own test cases. Throws the MinshengError of loading or compiling.
 *
 * @example
 * const { program, cases } = await loadRulesetCases('rulesets/bench/settlement.yaml');
 * cases.length; //=> 7
 * @category Testing
 */
export async function loadRulesetCases(path: string, options: LoadOptions = {}): Promise<LoadedCases> {
  const file = rulesetFileFor(path);
  const parsed = await loadRulesetFile(file);
  // A ruleset without a parent needs no registry: skip reading every other ruleset.
  const registry =
    options.registry ??
    (parsed.extends === undefined
      ? new RulesetRegistry()
      : (await buildRegistry([...(options.rulesetDirs ?? []), dirname(file)], options.noBundled ? { noBundled: true } : {})).registry);
  const program = compile(resolveRuleset(parsed, registry));
  return { file, program, cases: program.ruleset.tests };
}

/**
 * Loads, compiles and runs the test cases of one ruleset file. A file that does not load or compile
 * gives a report with `error` set instead of throwing.
 *
 * @example
 * const report = await runRulesetFile('rulesets/bench/settlement.yaml');
 * report.results.filter((r) => !r.passed).length; //=> 0
 * @category Testing
 */
export async function runRulesetFile(path: string, options: RunFileOptions = {}): Promise<RulesetCasesReport> {
  let loaded: LoadedCases;
  try {
    loaded = await loadRulesetCases(path, options);
  } catch (thrown) {
    if (!isMinshengError(thrown)) throw thrown;
    return { file: rulesetFileFor(path), results: [], error: caseError(thrown) };
  }
  const results = runCases(loaded.program, loaded.cases, { file: loaded.file, ...(options.trace !== undefined ? { trace: options.trace } : {}) });
  return { file: loaded.file, id: loaded.program.id, version: loaded.program.version, results };
}

/** A registry and the issues of the files that could not be registered. */
export interface BuiltRegistry {
  readonly registry: RulesetRegistry;
  /** Files that did not load or were defined twice: they are left out, the others are usable. */
  readonly issues: readonly Issue[];
}

/**
 * Builds a registry from the bundled rulesets and the given folders, tolerating bad files: one ruleset
 * someone is still writing must not stop the others from loading (`createRegistry` throws instead).
 * The bundled rulesets come first; a folder inside one already added is skipped.
 *
 * @example
 * const { registry, issues } = await buildRegistry(['my-rulesets']);
 * @category Testing
 */
export async function buildRegistry(dirs: readonly string[] = [], options: { noBundled?: boolean } = {}): Promise<BuiltRegistry> {
  const registry = new RulesetRegistry();
  const issues: Issue[] = [];
  const seen: string[] = [];
  const bundled = options.noBundled ? null : bundledRulesetsDir();
  for (const dir of [...(bundled ? [bundled] : []), ...dirs]) {
    const abs = resolvePath(dir);
    if (seen.some((s) => isSameOrInside(abs, s)) || !isDirectory(abs)) continue;
    seen.push(abs);
    const loaded = await loadRulesetDirectory(abs);
    issues.push(...loaded.issues);
    for (const { file, origin } of loaded.files) {
      try {
        registry.add(file, origin);
      } catch (thrown) {
        if (!isMinshengError(thrown)) throw thrown;
        issues.push(...thrown.issues);
      }
    }
  }
  return { registry, issues };
}

/** `x.cases.yaml` → its ruleset `x.yaml` (or `.yml` / `.json`) when that exists; other paths unchanged. */
export function rulesetFileFor(path: string): string {
  const m = /^(.*)\.cases\.(ya?ml|json)$/i.exec(path);
  if (!m) return path;
  for (const ext of ['yaml', 'yml', 'json']) {
    const candidate = `${m[1]}.${ext}`;
    if (existsSync(candidate)) return candidate;
  }
  return path;
}

/**
 * Every ruleset file under a directory (recursive; `*.yaml`, `*.yml`, `*.json`, not `*.cases.*`),
 * sorted, for `minsheng test DIR` and the vitest suite of the bundled rulesets.
 *
 * @example
 * findRulesetFiles('rulesets'); //=> ['rulesets/bench/settlement.yaml', 'rulesets/cn/medical/gansu.yaml', …]
 * @category Testing
 */
export function findRulesetFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 32) return;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && isRulesetFileName(entry.name) && looksLikeRuleset(full)) out.push(full);
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * Data files are not rulesets: an example claim in JSON (a ruleset names an id, a parent, inputs, parameters or
 * rules), or a YAML data file that declares its `kind:` at the top level (the policy targets of `minsheng scorecard`).
 */
function looksLikeRuleset(path: string): boolean {
  if (!/\.json$/i.test(path)) {
    try {
      return !/^kind:[ \t]*\S/m.test(readFileSync(path, 'utf8'));
    } catch {
      return true; // let the loader report what is wrong with it
    }
  }
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) && ['id', 'extends', 'inputs', 'parameters', 'rules'].some((k) => Object.hasOwn(data, k));
  } catch {
    return true; // let the loader report what is wrong with it
  }
}

/** True when `path` is a directory. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** A short display name for a ruleset file relative to the working directory. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const abs = resolvePath(path);
  const rel = relative(resolvePath(cwd), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
