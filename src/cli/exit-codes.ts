/**
 * The exit codes of `minsheng`: one table for every command. `main.ts` maps what ends a command to a
 * code with {@link exitCodeOf} (a MinshengError by its issue code: {@link exitCodeOfIssue}); commands
 * that report several outcomes (validate, test, docs) take the highest. `minsheng --help` prints
 * {@link EXIT_CODE_TABLE}; the README's "Errors" section repeats it.
 *
 * - 0 ok — everything asked for was done and nothing failed.
 * - 1 failed — the rulesets or the data: an invalid ruleset (with --strict: warnings too), a failing
 *   test case, an input or row that does not evaluate, an input file that is not JSON, bad rows in a
 *   batch beyond what was allowed, docs out of date, or nothing to do.
 * - 2 could not run — the command line or the environment: a usage error, a file that does not exist
 *   or cannot be read or written, a folder where a file is expected (or the reverse), an unknown
 *   ruleset id, an incomplete installation, a bug.
 * - 130 interrupted (SIGINT), 143 terminated (SIGTERM): the process ends by the signal.
 */
import { isMinshengError } from '../errors';
import { wrap } from '../present/text-layout';

/** Done, and nothing failed. */
export const EXIT_OK = 0;
/** Done, and something failed (the rulesets or the data, not the command line). */
export const EXIT_FAILED = 1;
/** Could not run as asked: usage, paths, installation, or a bug. */
export const EXIT_USAGE = 2;
/** Interrupted by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;
/** Terminated by SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

/** The signals a long command stops cleanly on, and the exit code each gives. */
export const SIGNAL_EXIT_CODES = { SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** One row of the table. */
export interface ExitCodeRow {
  readonly code: number;
  readonly summary: string;
  /** The situations that give this code, for every command. */
  readonly when: readonly string[];
}

/** The exit-code table (what `--help` prints and the README repeats). */
export const EXIT_CODE_TABLE: readonly ExitCodeRow[] = [
  { code: EXIT_OK, summary: 'ok', when: ['everything asked for was done and nothing failed'] },
  {
    code: EXIT_FAILED,
    summary: 'failed',
    when: [
      'a ruleset is invalid (with --strict: or has warnings)',
      'a test case fails',
      'an input or a row does not evaluate, or an input file is not JSON',
      'bad rows in a batch (simulate: beyond --max-errors; diff --cases: unreadable rows)',
      'docs --check: the site is out of date',
      'nothing to do: a folder without rulesets, no test case, no input, no row evaluated',
    ],
  },
  {
    code: EXIT_USAGE,
    summary: 'could not run',
    when: [
      'a usage error (unknown command or option, missing argument, bad value)',
      'a file that does not exist or cannot be read or written',
      'a folder where a file is expected (or a file where a folder is)',
      'an unknown ruleset id',
      'an incomplete installation, or an internal error (a bug: please report it)',
    ],
  },
  {
    code: EXIT_INTERRUPTED,
    summary: 'interrupted',
    when: ['SIGINT (Ctrl-C), or 143 for SIGTERM; simulate stops its workers, keeps <out>.partial and says the last line done'],
  },
];

/**
 * Issue codes that mean the command could not run (exit 2); every other code is a finding about the
 * rulesets or the data (exit 1).
 */
const COULD_NOT_RUN: ReadonlySet<string> = new Set(['cli/usage', 'options/invalid', 'io/read', 'ruleset/io', 'package/incomplete']);

/** The exit code of an issue code. */
export function exitCodeOfIssue(code: string): number {
  return COULD_NOT_RUN.has(code) ? EXIT_USAGE : EXIT_FAILED;
}

/** A Node system error (ENOENT, EACCES, ENOSPC…): a file the command could not read or write. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!) && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * The exit code for what ended a command: a MinshengError by its code, a system error (a file that
 * could not be read or written) 2, anything else — a bug — 2.
 */
export function exitCodeOf(error: unknown): number {
  if (isMinshengError(error)) return exitCodeOfIssue(error.code);
  return EXIT_USAGE;
}

/** The table as help text (`minsheng --help`), at most `width` columns. */
export function exitCodesHelp(width = 100): string {
  const lines = ['Exit codes (the same for every command):'];
  const indent = 22;
  for (const row of EXIT_CODE_TABLE) {
    const text = wrap(`${row.when.join('; ')}.`, width - indent);
    lines.push(`  ${String(row.code).padStart(3)}  ${row.summary.padEnd(indent - 7)}${text[0]}`, ...text.slice(1).map((l) => `${' '.repeat(indent)}${l}`));
  }
  return lines.join('\n');
}

/** The codes for a command's help: what "failed" means for that command, and the others in short. */
export function exitCodesLine(failed: string, width = 100): string {
  return wrap(`Exit codes: 0 ok · 1 ${failed} · 2 could not run (usage, a missing or unreadable file, a folder for a file) · 130 interrupted. See minsheng --help.`, width).join('\n');
}
