/**
 * Loading ruleset files from disk (node only). Everything else of the loading stage is in
 * `src/ruleset/load.ts`. Files are decoded as strict UTF-8: invalid bytes are a `ruleset/syntax` error
 * with their byte offset, line and column.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { MinshengError, type Issue } from '../errors';
import { resolveLimits, type Limits } from '../limits';
import { detectFormat, parseCasesText, parseRulesetText, parseStructured, recordOrigin } from '../ruleset/load';
import { decodeUtf8 } from '../ruleset/text';
import { RULESET_ID_PATTERN, isExtendsSpec, type RulesetFile, type TestCase } from '../ruleset/schema';
import { isPlainObject } from '../ruleset/plain-object';
import { parseExtends } from '../ruleset/version';
import semver from 'semver';

/** Options of {@link loadRulesetFile}. */
export interface LoadFileOptions {
  readonly limits?: Partial<Limits>;
  /** Read the sibling `<name>.cases.yaml` (default true). */
  readonly cases?: boolean;
}

const RULESET_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const CASES_SUFFIXES = ['.cases.yaml', '.cases.yml', '.cases.json'];

/**
 * Reads and validates a ruleset file, and appends the cases of its sibling `<name>.cases.yaml`
 * (or `.cases.yml` / `.cases.json`) to `tests`. The cases file is validated like the ruleset, and
 * its issues name the cases file.
 *
 * @throws MinshengError `ruleset/io` when a file cannot be read, plus every issue of
 *   {@link parseRulesetText}; a test name used in both files is `ruleset/duplicate-id`.
 * @example
 * const file = await loadRulesetFile('rulesets/cn/medical/gansu.yaml');
 * file.tests?.length; // inline tests + gansu.cases.yaml
 */
export async function loadRulesetFile(path: string, options: LoadFileOptions = {}): Promise<RulesetFile> {
  const limits = resolveLimits(options.limits);
  const text = await readText(path, limits);
  const file = parseRulesetText(text, { file: path, limits });
  if (options.cases === false) return file;
  const casesPath = await findCasesFile(path);
  if (!casesPath) return file;
  const casesText = await readText(casesPath, limits);
  const cases = parseCasesText(casesText, { file: casesPath, limits });
  const issues: Issue[] = [];
  if (cases.ruleset !== undefined && !casesMatch(cases.ruleset, file)) {
    issues.push({
      code: 'ruleset/schema',
      message: `this cases file is for '${cases.ruleset}', but ${path} is ${file.id}@${file.version}`,
      file: casesPath,
      path: ['ruleset'],
    });
  }
  const names = new Set((file.tests ?? []).map((t) => t.name));
  cases.cases.forEach((c, i) => {
    if (names.has(c.name)) {
      issues.push({ code: 'ruleset/duplicate-id', message: `test name '${c.name}' is also used in ${path}`, file: casesPath, path: ['cases', i, 'name'] });
    }
    names.add(c.name);
  });
  if (issues.length > 0) throw new MinshengError(issues);
  const tests: TestCase[] = [...(file.tests ?? []), ...cases.cases];
  const merged: RulesetFile = { ...file, tests };
  recordOrigin(merged, path);
  return merged;
}

function casesMatch(spec: string, file: RulesetFile): boolean {
  if (RULESET_ID_PATTERN.test(spec)) return spec === file.id;
  if (!isExtendsSpec(spec)) return false;
  const { id, range } = parseExtends(spec);
  return id === file.id && semver.satisfies(file.version, range);
}

async function findCasesFile(path: string): Promise<string | undefined> {
  const ext = extname(path);
  const base = RULESET_EXTENSIONS.has(ext.toLowerCase()) ? path.slice(0, -ext.length) : path;
  if (/\.cases$/i.test(base)) return undefined;
  for (const suffix of CASES_SUFFIXES) {
    const candidate = base + suffix;
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // absent: try the next spelling
    }
  }
  return undefined;
}

async function readText(path: string, limits: Limits): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new MinshengError({ code: 'ruleset/io', message: `${path} is not a file`, file: path });
    size = info.size;
  } catch (e) {
    if (e instanceof MinshengError) throw e;
    throw ioError(path, e);
  }
  if (size > limits.maxFileBytes) {
    throw new MinshengError({ code: 'ruleset/limit', message: `file of ${size} bytes is larger than the limit of ${limits.maxFileBytes} bytes (limits.maxFileBytes)`, file: path, path: [] });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw ioError(path, e);
  }
  // Strict: invalid UTF-8 is an error with its byte offset, never replacement characters.
  return decodeUtf8(bytes, path);
}

function ioError(path: string, e: unknown): MinshengError {
  const code = (e as { code?: unknown } | null)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return new MinshengError({ code: 'ruleset/io', message: `cannot read ${path}: ${why}`, file: path });
}

/**
 * True for names the directory loader reads as rulesets: `*.yaml|*.yml|*.json`, not `*.cases.*`,
 * not hidden, not package/tsconfig/schema JSON.
 *
 * @example
 * isRulesetFileName('gansu.yaml');        // true
 * isRulesetFileName('gansu.cases.yaml');  // false
 */
export function isRulesetFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const ext = extname(name).toLowerCase();
  if (!RULESET_EXTENSIONS.has(ext)) return false;
  if (/\.cases\.[^.]+$/i.test(name)) return false;
  if (/^(package|package-lock)\.json$/i.test(name) || /^tsconfig.*\.json$/i.test(name) || /\.schema\.json$/i.test(name)) return false;
  return true;
}

const RULESET_KEYS = ['id', 'extends', 'inputs', 'parameters', 'rules'];

/**
 * Loads every ruleset file under `dir` (see `addRulesetDirectory`). Returns the files
 * that loaded and the issues of those that did not (also per file, with the id a failed file declares
 * when it could be read); does not throw for a bad file.
 *
 * @throws MinshengError `ruleset/io` when `dir` itself cannot be read.
 * @example
 * const { files, issues } = await loadRulesetDirectory('rulesets');
 */
export async function loadRulesetDirectory(dir: string, options: LoadFileOptions = {}): Promise<LoadedDirectory> {
  const limits = resolveLimits(options.limits);
  const paths: string[] = [];
  const pending = [dir];
  let first = true;
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (e) {
      if (first) throw ioError(current, e);
      continue;
    }
    first = false;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) subdirs.push(full);
      else if (isRulesetFileName(entry.name)) {
        if (entry.isFile()) paths.push(full);
        else if (entry.isSymbolicLink()) {
          try {
            if ((await stat(full)).isFile()) paths.push(full);
          } catch {
            // dangling link: not a file
          }
        }
      }
    }
    pending.push(...subdirs.reverse());
  }
  paths.sort();
  const files: { file: RulesetFile; origin: string }[] = [];
  const issues: Issue[] = [];
  const failures: DirectoryFailure[] = [];
  for (const path of paths) {
    let id: string | undefined;
    try {
      const text = await readText(path, limits);
      const data = parseStructured(text, { file: path, format: detectFormat(basename(path)), limits });
      if (!isPlainObject(data) || !RULESET_KEYS.some((k) => Object.hasOwn(data, k))) continue; // a data file, not a ruleset
      if (typeof data['id'] === 'string' && RULESET_ID_PATTERN.test(data['id'])) id = data['id'];
      files.push({ file: await loadRulesetFile(path, options), origin: path });
    } catch (e) {
      if (!(e instanceof MinshengError)) throw e;
      issues.push(...e.issues);
      failures.push({ path, issues: e.issues, ...(id !== undefined ? { id } : {}) });
    }
  }
  return { files, issues, failures };
}

/** A file of a folder that could not be loaded. */
export interface DirectoryFailure {
  readonly path: string;
  /** The `id` the file declares, when it could be read that far. */
  readonly id?: string;
  readonly issues: readonly Issue[];
}

/** What {@link loadRulesetDirectory} found. */
export interface LoadedDirectory {
  readonly files: { file: RulesetFile; origin: string }[];
  /** The issues of every file that failed, in file order. */
  readonly issues: Issue[];
  /** The same, per file. */
  readonly failures: DirectoryFailure[];
}
