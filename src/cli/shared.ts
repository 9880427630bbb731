/**
 * What every `minsheng` command shares: the I/O it writes to, exit codes, finding a ruleset by path or
 * id (`--rulesets DIR`, repeatable), reading input JSON, printing issues.
 *
 * A command lives in its own file under `commands/` and exports `registerX(program: Command)`; its
 * action is wrapped with {@link defineAction}, which hands it the {@link CliContext} and records the
 * exit code it returns.
 */
import { colorLine, colorsWanted } from './style';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MinshengError, isMinshengError, type Issue } from '../errors';
import { compile, type Program } from '../engine/program';
import { isCalendarDate } from '../period/date';
import { buildRegistry, displayPath, findRulesetFiles, isDirectory, rulesetFileFor, type BuiltRegistry } from '../node/cases-files';
import type { ExplainLanguage } from '../present/explain';
import { chainWithFolders, loadRuleset } from '../node/load';
import { loadRulesetFile } from '../node/load-file';
import { resolveRuleset } from '../ruleset/overlay';
import { RulesetRegistry } from '../ruleset/registry';
import type { ResolvedRuleset } from '../ruleset/resolved';
import { locateIssues, renderIssues } from './issues';

import { EXIT_OK, type StopSignal } from './exit-codes';

/** Exit codes: the one table is in `exit-codes.ts` (0 ok, 1 failed, 2 could not run, 130 interrupted). */
export { EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, SIGNAL_EXIT_CODES, exitCodeOf, exitCodeOfIssue, exitCodesLine, type StopSignal } from './exit-codes';

/** Where the CLI reads and writes. `run(argv, io)` takes one; the binary uses the process's. */
export interface CliIO {
  /** Receives output text (already ending with '\n'). */
  readonly stdout: (text: string) => void;
  /** Receives messages and errors (already ending with '\n'). */
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for `-`). */
  readonly stdin?: () => Promise<string>;
  /** Whether stdout is a terminal (colors only then). Default false. */
  readonly isTTY?: boolean;
  /** Terminal width; output is laid out for min(columns, 100). */
  readonly columns?: number;
  /** Environment (NO_COLOR, MINSHENG_DEBUG). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory paths are shown relative to. Default `process.cwd()`. */
  readonly cwd?: string;
  /**
   * Registers a handler for SIGINT / SIGTERM while a command that stops cleanly runs (simulate);
   * returns the function that unregisters it. Without it, signals keep their default action.
   */
  readonly onSignal?: (handler: (signal: StopSignal) => void) => () => void;
}

/** The state of one CLI run, shared by its commands. */
export interface CliContext {
  readonly io: CliIO;
  /** ANSI colours: only when stdout is a TTY, NO_COLOR is not set and `--no-color` is not given (or FORCE_COLOR). */
  readonly color: boolean;
  /** Line width for human output. */
  readonly width: number;
  /** The exit code so far (the highest any action returned). */
  exitCode: number;
  /** Prints lines to stdout. */
  out(...lines: string[]): void;
  /** Prints lines to stderr. */
  err(...lines: string[]): void;
  /** Registries built in this run, by their folder list (building one parses every file in them). */
  readonly registries: Map<string, Promise<BuiltRegistry>>;
}

const CONTEXTS = new WeakMap<Command, CliContext>();

/** Creates the context of one run and attaches it to the root command. */
export function createContext(program: Command, io: CliIO): CliContext {
  const wanted = colorsWanted(io.isTTY, io.env ?? {});
  // Read when a command prints, after the command line (with a global --no-color) has been parsed.
  const colorOn = (): boolean => wanted && program.opts()['color'] !== false;
  const paint = (lines: string[]): string => lines.map((l) => `${colorOn() ? colorLine(l) : l}\n`).join('');
  const ctx: CliContext = {
    io,
    get color() {
      return colorOn();
    },
    width: Math.max(60, Math.min(io.columns ?? 100, 100)),
    exitCode: EXIT_OK,
    out: (...lines) => io.stdout(paint(lines)),
    err: (...lines) => io.stderr(paint(lines)),
    registries: new Map(),
  };
  CONTEXTS.set(program, ctx);
  return ctx;
}

/** The context of the run a command belongs to. */
export function contextOf(command: Command): CliContext {
  let c: Command | null = command;
  while (c) {
    const ctx = CONTEXTS.get(c);
    if (ctx) return ctx;
    c = c.parent;
  }
  throw new Error('minsheng CLI: command used outside run()');
}

/**
 * Wraps a command's action: it receives the context, the positional arguments and the options, and
 * returns its exit code. Throwing a MinshengError prints its issues (the exit code of its code: see
 * `exit-codes.ts`).
 *
 * @example
 * program.command('eval <ruleset> <input>').action(defineAction(async (ctx, [ruleset, input], opts) => EXIT_OK));
 */
export function defineAction<O = Record<string, unknown>>(fn: (ctx: CliContext, args: string[], options: O, command: Command) => Promise<number> | number) {
  return async (...raw: unknown[]): Promise<void> => {
    const command = raw[raw.length - 1] as Command;
    const options = raw[raw.length - 2] as O;
    const args = raw.slice(0, -2).flatMap((a) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [String(a)]));
    const ctx = contextOf(command);
    const code = await fn(ctx, args, options, command);
    ctx.exitCode = Math.max(ctx.exitCode, code);
  };
}

/** A usage error: printed as `✖ message`, exit 2. */
export function usageError(message: string, path?: (string | number)[]): MinshengError {
  return new MinshengError({ code: 'cli/usage', message, ...(path ? { path } : {}) });
}

/**
 * Prints issues to stderr, each with the line of its file and a caret; positions inside a formula are
 * moved to the file (line and column an editor can jump to).
 */
export function printIssues(ctx: CliContext, issues: readonly Issue[]): void {
  ctx.err(...renderIssues(locateIssues(issues), ctx.io.cwd !== undefined ? { cwd: ctx.io.cwd } : {}));
}

/** A path for messages: relative to the working directory when inside it. */
export function shownPath(ctx: CliContext, path: string): string {
  return displayPath(path, ctx.io.cwd);
}

// ───────────────────────────── options ─────────────────────────────

/** Options every command that loads a ruleset takes. */
export interface RulesetOptions {
  rulesets?: string[];
}

/** Adds `--rulesets <dir>` (repeatable): more folders to find rulesets and `extends` parents in. */
export function addRulesetsOption(command: Command): Command {
  return command.option('--rulesets <dir>', 'also find rulesets (by id) and extends parents in DIR (repeatable)', collectFolder);
}

/** Adds `--lang <zh|en|both>` for human output (default both). */
export function addLangOption(command: Command): Command {
  return command.addOption(new Option('--lang <lang>', 'language of labels in human output').choices(['zh', 'en', 'both']).default('both'));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--rulesets DIR`: a folder that exists (a file or a typo is a usage error, not an empty folder). */
function collectFolder(value: string, previous: string[] | undefined): string[] {
  if (!isDirectory(value)) throw new InvalidArgumentError(existsSync(value) ? `${value} is a file, not a folder.` : `no such folder: ${value}.`);
  return collect(value, previous);
}

/** Commander parser for `--date YYYY-MM-DD` (a real calendar date). */
export function parseDateOption(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('expected a calendar date YYYY-MM-DD, e.g. 2025-06-01.');
  return value;
}

export type Lang = ExplainLanguage;

// ───────────────────────────── loading rulesets ─────────────────────────────

/**
 * The registry of the bundled rulesets plus `dirs` (built once per run and folder list). Bad files in
 * those folders are left out instead of failing everything; their issues are kept in `issues`.
 */
export function registryFor(ctx: CliContext, dirs: readonly string[]): Promise<BuiltRegistry> {
  const key = JSON.stringify(dirs);
  let built = ctx.registries.get(key);
  if (!built) {
    built = buildRegistry(dirs);
    ctx.registries.set(key, built);
  }
  return built;
}

/**
 * For a file on top of a bundled ruleset, or a bundled id named with `--rulesets` folders: the folders' rulesets
 * and the bundled `extends` chain of `extendsSpec` only, instead of every bundled file. Only when the folders hold
 * no ruleset with an id of that chain: otherwise the highest version is decided among all of them, and the whole
 * bundled folder is read as before.
 */
async function chainRegistryFor(ctx: CliContext, dirs: readonly string[], spec: string, file: string): Promise<BuiltRegistry | undefined> {
  const key = `local:${JSON.stringify(dirs)}`;
  let local = ctx.registries.get(key);
  if (!local) {
    local = buildRegistry(dirs, { noBundled: true });
    ctx.registries.set(key, local);
  }
  const { registry: own, issues } = await local;
  const registry = await chainWithFolders(own, dirs, spec, file);
  return registry ? { registry, issues } : undefined;
}

/** True for what can only be a ruleset id (`cn/medical/gansu`, `cn/medical/gansu@^2026.1`), not a path. */
export function looksLikeRulesetId(arg: string): boolean {
  return /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*(@.+)?$/.test(arg);
}

/** A loaded and compiled ruleset and where it came from. */
export interface LoadedProgram {
  readonly program: Program;
  readonly resolved: ResolvedRuleset;
  /** The file, when the ruleset was named by path (or found by id in a registry). */
  readonly file?: string;
}

/**
 * Loads a ruleset by file path (a `x.cases.yaml` path means `x.yaml`) or by id (`cn/medical/gansu`,
 * `cn/medical/gansu@^2026.1`), resolves its `extends` chain and compiles it. Parents are found in the
 * bundled rulesets, the `--rulesets` folders and the file's own folder.
 *
 * @throws MinshengError with every issue, located in the files they come from
 */
export async function loadProgram(ctx: CliContext, pathOrId: string, options: RulesetOptions = {}): Promise<LoadedProgram> {
  const path = rulesetFileFor(pathOrId);
  const isFile = existsSync(path) && statSync(path).isFile();
  if (!isFile && existsSync(path)) throw new MinshengError({ code: 'ruleset/io', message: `${path} is a folder, not a ruleset file`, file: path });
  if (!isFile && !looksLikeRulesetId(pathOrId)) {
    throw new MinshengError({ code: 'ruleset/io', message: `no such ruleset file: ${pathOrId}`, file: pathOrId });
  }
  const dirs = [...(options.rulesets ?? []), ...(isFile ? [dirname(path)] : [])];
  let registryIssues: readonly Issue[] = [];
  let resolved: ResolvedRuleset;
  try {
    if (isFile) {
      // A ruleset without a parent needs no registry: skip reading every other ruleset.
      const file = await loadRulesetFile(path);
      let registry = new RulesetRegistry();
      if (file.extends !== undefined) ({ registry, issues: registryIssues } = (await chainRegistryFor(ctx, dirs, file.extends, path)) ?? (await registryFor(ctx, dirs)));
      resolved = resolveRuleset(file, registry);
    } else if (dirs.length === 0) {
      // An id and no folder of the caller's: the library's own route takes a bundled ruleset's build-time resolved
      // form (or reads only its extends chain) instead of parsing every bundled file (~0.6 s of `minsheng eval`).
      resolved = await loadRuleset(pathOrId);
    } else {
      // With folders: the id's bundled chain and the folders' rulesets when the folders hold none of that chain's
      // ids, else every bundled file (a folder's version of a parent may be the one chosen).
      const spec = pathOrId.includes('@') ? pathOrId : `${pathOrId}@*`;
      let registry: RulesetRegistry;
      ({ registry, issues: registryIssues } = (await chainRegistryFor(ctx, dirs, spec, pathOrId)) ?? (await registryFor(ctx, dirs)));
      resolved = await loadRuleset(pathOrId, { registry });
    }
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    // A parent that is missing may be a file that did not load: say so.
    const missing = error.issues.some((i) => i.code === 'ruleset/missing-parent' || (i.code === 'ruleset/io' && !isFile));
    if (missing && registryIssues.length > 0) {
      const files = [...new Set(registryIssues.map((i) => i.file).filter((f): f is string => !!f))].map((f) => shownPath(ctx, f));
      throw new MinshengError([
        ...error.issues,
        { code: error.code, message: `note: ${files.length || registryIssues.length} ruleset file(s) could not be loaded and were left out: ${files.join(', ')} (run minsheng validate on them)` },
      ]);
    }
    throw error;
  }
  const program = compile(resolved);
  const file = resolved.chain[resolved.chain.length - 1]?.file ?? (isFile ? path : undefined);
  return { program, resolved, ...(file !== undefined ? { file } : {}) };
}

/** The ruleset arguments of a command that also takes folders (validate, test). */
export interface RulesetTargets {
  /** Files and ids to load, in the order given, each once (a folder's files sorted). */
  readonly files: readonly string[];
  /** The folders given: also where `extends` parents are found. */
  readonly dirs: readonly string[];
  /** The folders given that hold no ruleset file (nothing to do there: exit 1). */
  readonly empty: readonly string[];
}

/**
 * Expands ruleset arguments: a folder stands for every ruleset file under it; files and ids are kept
 * as given (a missing one is reported when it is loaded).
 */
export function expandRulesetTargets(targets: readonly string[]): RulesetTargets {
  const files: string[] = [];
  const dirs: string[] = [];
  const empty: string[] = [];
  for (const target of targets) {
    if (isDirectory(target)) {
      const found = findRulesetFiles(target);
      if (found.length === 0) empty.push(target);
      files.push(...found);
      dirs.push(target);
    } else {
      files.push(target);
    }
  }
  return { files: [...new Set(files)], dirs, empty };
}

/** Code of the issue for a folder without ruleset files (CLI only: exit 1, nothing to do). */
export const NOTHING_TO_DO = 'cli/nothing-to-do';

// ───────────────────────────── output files ─────────────────────────────

/**
 * Checks, before any work, that a file can be written at `path`: not a folder, in a folder that exists.
 *
 * @throws MinshengError `cli/usage` (exit 2)
 */
export function checkWritableFile(path: string, option: string): void {
  if (isDirectory(path)) throw usageError(`${option} ${path} is a folder, not a file`);
  const dir = dirname(path);
  if (!isDirectory(dir)) throw usageError(`${option} ${path}: the folder ${dir} does not exist`);
}

/** Writes a file whole or not at all: to `<path>.partial`, then renamed. */
export function writeFileAtomically(path: string, content: string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, content);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

// ───────────────────────────── input JSON ─────────────────────────────

/**
 * Reads the input argument of `eval`: a file path, `-` for standard input, or JSON text itself (an
 * argument starting with `{` or `[`).
 *
 * @throws MinshengError `io/read` when it cannot be read (exit 2), `io/format` when it is not JSON (exit 1)
 */
export async function readJsonInput(ctx: CliContext, arg: string): Promise<{ value: unknown; origin: string }> {
  let text: string;
  let origin: string;
  const trimmed = arg.trim();
  if (arg === '-') {
    if (!ctx.io.stdin) throw usageError('cannot read standard input here');
    text = await ctx.io.stdin();
    origin = '<stdin>';
  } else if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    text = arg;
    origin = '<argument>';
  } else {
    origin = arg;
    try {
      text = readFileSync(arg, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
      throw new MinshengError({ code: 'io/read', message: `cannot read the input ${arg}: ${why}` });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { value: JSON.parse(text) as unknown, origin };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new MinshengError({ code: 'io/format', message: `the input ${origin === '<argument>' ? 'argument' : origin} is not valid JSON: ${why}` });
  }
}
