/**
 * `minsheng` — the command line of minsheng-rules.
 *
 * Each command registers itself from its own file under `commands/` (`registerX(program)`); shared
 * helpers are in `shared.ts`. {@link run} runs one command line in-process and returns the exit code
 * (tests call it directly); the binary at the bottom wires it to the process.
 *
 * Exit codes: one table for every command, in `exit-codes.ts` (0 ok, 1 failed, 2 could not run, 130
 * interrupted).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json';
import { isMinshengError } from '../errors';
import { EXIT_USAGE as EXIT_COULD_NOT_RUN, SIGNAL_EXIT_CODES, exitCodeOf, exitCodesHelp, isSystemError, type StopSignal } from './exit-codes';
import { registerEval } from './commands/eval';
import { registerTest } from './commands/test';
import { registerValidate } from './commands/validate';
import { registerDocs } from './commands/docs';
import { registerDiff } from './commands/diff';
import { registerSimulate } from './commands/simulate';
import { registerTypes } from './commands/types';
import { registerServe } from './commands/serve';
import { registerExplain } from './commands/explain';
import { registerScorecard } from './commands/scorecard';
import { registerCompletion } from './commands/completion';
import { EXIT_OK, EXIT_USAGE, contextOf, createContext, printIssues, type CliIO } from './shared';

export type { CliIO } from './shared';

/** The version printed by `minsheng --version` (package.json is inlined by the bundler). */
const VERSION: string = pkg.version;

/** Every command, in the order `--help` lists them. Colleagues add theirs here. */
const COMMANDS: readonly ((program: Command) => void)[] = [registerValidate, registerEval, registerTest, registerDocs, registerDiff, registerSimulate, registerServe, registerTypes, registerExplain, registerScorecard, registerCompletion];

/** Builds the commander program of one run. */
export function createProgram(io: CliIO): Command {
  const program = new Command('minsheng');
  program
    .description('民生 rulesets: validate, evaluate and test versioned, citable policy rules (medical insurance, social assistance, entitlements).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'no colours (also with NO_COLOR=1; colours are on only when stdout is a terminal)')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`✖ ${s.replace(/^error: /, '')}`),
      getOutHelpWidth: () => Math.min(io.columns ?? 100, 100),
      getErrHelpWidth: () => Math.min(io.columns ?? 100, 100),
    })
    .exitOverride();
  createContext(program, io);
  for (const register of COMMANDS) register(program);
  program.addHelpText(
    'after',
    `
${exitCodesHelp()}

Examples:
  $ minsheng validate rulesets/cn/medical/gansu.yaml
  $ minsheng eval rulesets/bench/settlement.yaml claim.json --date 2025-06-01 --trace
  $ minsheng test rulesets`,
  );
  return program;
}

/**
 * Runs one command line and returns its exit code (the table in `exit-codes.ts`). Never throws and
 * never prints a stack trace for a MinshengError; a file that cannot be read or written prints one
 * line (exit 2), and an unexpected error one line saying it is a bug (exit 2).
 *
 * @param argv the arguments after the program name, e.g. `['eval', 'x.yaml', '-', '--json']`
 * @param io where to write (and read standard input from)
 * @returns the exit code: 0 ok, 1 failed, 2 could not run, 130 interrupted
 * @example
 * let out = '';
 * const code = await run(['validate', 'rulesets/bench/settlement.yaml'], { stdout: (s) => (out += s), stderr: () => {} });
 * //=> 0
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const program = createProgram(io);
  const ctx = contextOf(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (isMinshengError(error)) {
      printIssues(ctx, error.issues);
      return Math.max(ctx.exitCode, exitCodeOf(error));
    }
    if (isSystemError(error)) {
      // ENOSPC, EACCES… while reading or writing a file: not a bug, but the command could not run.
      ctx.err(`✖ ${error.syscall ?? 'i/o'} failed${error.path ? ` for ${error.path}` : ''}: ${error.message.split('\n')[0]}`);
      return EXIT_COULD_NOT_RUN;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.err(`✖ internal error: ${message.split('\n')[0]} — this is a bug in minsheng-rules, please report it`);
    if (io.env?.['MINSHENG_DEBUG'] && error instanceof Error && error.stack) ctx.err(error.stack);
    return EXIT_COULD_NOT_RUN;
  }
}

/**
 * SIGINT and SIGTERM for commands that stop cleanly (simulate): while a handler is registered, the
 * first signal calls it and a second one ends the process at once. With no handler registered the
 * signal keeps its default action (the process ends).
 */
function processSignals(): NonNullable<CliIO['onSignal']> {
  const handlers = new Set<(signal: StopSignal) => void>();
  let received: StopSignal | undefined;
  const listener = (signal: StopSignal): void => {
    if (received) {
      process.stderr.write('\n✖ stopped at once (a second signal)\n');
      reraise(signal);
      return;
    }
    received = signal;
    for (const h of [...handlers]) h(signal);
  };
  return (handler) => {
    handlers.add(handler);
    if (handlers.size === 1) for (const s of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) process.on(s, listener);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) for (const s of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) process.off(s, listener);
    };
  };
}

/**
 * Ends the process by `signal` (after its output is flushed), so the shell or script that started it
 * sees it was interrupted ($? is 130 for SIGINT) and stops too, instead of carrying on as after an
 * ordinary failure.
 */
function reraise(signal: StopSignal): void {
  for (const s of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) process.removeAllListeners(s);
  process.exitCode = SIGNAL_EXIT_CODES[signal];
  process.stdout.write('', () =>
    process.stderr.write('', () => {
      process.kill(process.pid, signal);
      // Where a signal cannot end the process this way (Windows), exit with the code.
      setTimeout(() => process.exit(SIGNAL_EXIT_CODES[signal]), 200).unref();
    }),
  );
}

/** The process's I/O. */
function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    env: process.env,
    cwd: process.cwd(),
    onSignal: processSignals(),
  };
}

/** True when this module is the program node was started with (the bin, possibly through a symlink). */
function isEntryPoint(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // `minsheng … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  run(process.argv.slice(2), processIO()).then(
    (code) => {
      const signal = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).find((s) => SIGNAL_EXIT_CODES[s] === code);
      if (signal) reraise(signal);
      else process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`✖ internal error: ${e instanceof Error ? e.message : String(e)} — this is a bug in minsheng-rules, please report it\n`);
      process.exitCode = EXIT_COULD_NOT_RUN;
    },
  );
}
