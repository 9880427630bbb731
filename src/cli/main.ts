/**
 * `minsheng` — the command line of minsheng-rules.
 *
 * Each command registers itself from its own file under `commands/` (`registerX(program)`); shared
 * helpers are in `shared.ts`. {@link run} runs one command line in-process and returns the exit code
 * (tests call it directly); the binary at the bottom wires it to the process.
 *
 * Exit codes: 0 ok, 1 invalid ruleset / failed test / evaluation error, 2 usage error.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json';
import { isMinshengError } from '../errors';
import { registerEval } from './commands/eval';
import { registerTest } from './commands/test';
import { registerValidate } from './commands/validate';
import { registerDocs } from './commands/docs';
import { registerDiff } from './commands/diff';
import { registerSimulate } from './commands/simulate';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, contextOf, createContext, printIssues, type CliIO } from './shared';

export type { CliIO } from './shared';

/** The version printed by `minsheng --version` (package.json is inlined by the bundler). */
const VERSION: string = pkg.version;

/** Every command, in the order `--help` lists them. Colleagues add theirs here. */
const COMMANDS: readonly ((program: Command) => void)[] = [registerValidate, registerEval, registerTest, registerDocs, registerDiff, registerSimulate];

/** Builds the commander program of one run. */
export function createProgram(io: CliIO): Command {
  const program = new Command('minsheng');
  program
    .description('民生 rulesets: validate, evaluate and test versioned, citable policy rules (medical insurance, social assistance, entitlements).')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
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
Exit codes: 0 ok · 1 invalid ruleset, failed test or evaluation error · 2 usage error

Examples:
  $ minsheng validate rulesets/cn/medical/gansu.yaml
  $ minsheng eval rulesets/bench/settlement.yaml claim.json --date 2025-06-01 --trace
  $ minsheng test rulesets`,
  );
  return program;
}

/**
 * Runs one command line and returns its exit code. Never throws and never prints a stack trace for a
 * MinshengError; an unexpected error prints one line saying it is a bug (exit 1).
 *
 * @param argv the arguments after the program name, e.g. `['eval', 'x.yaml', '-', '--json']`
 * @param io where to write (and read standard input from)
 * @returns the exit code: 0 ok, 1 failed, 2 usage error
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
      return error.code === 'cli/usage' || error.code === 'options/invalid' ? EXIT_USAGE : EXIT_FAILED;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.err(`✖ internal error: ${message.split('\n')[0]} — this is a bug in minsheng-rules, please report it`);
    if (io.env?.['MINSHENG_DEBUG'] && error instanceof Error && error.stack) ctx.err(error.stack);
    return EXIT_FAILED;
  }
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
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`✖ internal error: ${e instanceof Error ? e.message : String(e)} — this is a bug in minsheng-rules, please report it\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
