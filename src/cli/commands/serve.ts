/**
 * `minsheng serve [--rulesets DIR…] [--port N] [--host 127.0.0.1]` — the rulesets as an HTTP service
 * (src/server). Loads and compiles every ruleset once, listens on loopback unless told otherwise, reloads on
 * SIGHUP (keeping the old set if a file is broken), drains and exits on SIGTERM / SIGINT.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { formatIssues } from '../../errors';
import { DEFAULT_SERVER_LIMITS, resolveServerLimits, type ServerLimits } from '../../server/limits';
import { RulesetStore } from '../../server/store';
import { EXIT_OK, addRulesetsOption, defineAction, exitCodesLine, type RulesetOptions } from '../shared';

interface ServeOptions extends RulesetOptions {
  port: number;
  host: string;
  cors?: string[];
  limit?: Partial<Record<keyof ServerLimits, number>>;
  logLevel: string;
  logRequests?: boolean;
  bundled: boolean;
  only?: string[];
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535 (0: any free port).');
  return n;
}

/** `--limit name=value` (repeatable): one of the server limits. */
function parseLimit(value: string, previous: Partial<Record<keyof ServerLimits, number>> = {}): Partial<Record<keyof ServerLimits, number>> {
  const m = /^([A-Za-z]+)=(\d+)$/.exec(value);
  const name = m?.[1] as keyof ServerLimits | undefined;
  if (!m || !name || !(name in DEFAULT_SERVER_LIMITS) || !(Number(m[2]) > 0)) {
    throw new InvalidArgumentError(`expected name=positive-integer with a name among ${Object.keys(DEFAULT_SERVER_LIMITS).join(', ')}.`);
  }
  return { ...previous, [name]: Number(m[2]) };
}

/** Registers `serve` on the program. */
export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve the rulesets over HTTP (JSON; OpenAPI at /openapi.json): evaluate, settle, assess, entitlements')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--host <address>', 'address to listen on; anything but loopback makes the service reachable from other machines', '127.0.0.1')
    .option('--cors <origin>', "allow browser calls from this origin (repeatable; '*' for any); CORS is off without it", (v: string, prev: string[] = []) => [...prev, v])
    .option('--limit <name=value>', `change a limit (repeatable): ${Object.entries(DEFAULT_SERVER_LIMITS).map(([k, v]) => `${k}=${v}`).join(', ')}`, parseLimit)
    .addOption(new Option('--log-level <level>', 'pino log level (JSON lines on stdout)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .option('--log-requests', 'log every request and its answer (costs throughput)')
    .option('--no-bundled', 'serve only the rulesets of the --rulesets folders, not those bundled with minsheng-rules')
    .option('--only <id>', 'serve only this ruleset id (repeatable); the others are read only to resolve its extends chain', (v: string, prev: string[] = []) => [...prev, v]);
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Signals: SIGHUP reloads the rulesets (a broken file keeps the old set, logged); SIGTERM or SIGINT stops
taking requests, finishes those in flight (at most drainMs), then exits 0. A second signal exits at once.

${exitCodesLine('a ruleset does not load or compile (nothing is served)')}

Examples:
  $ minsheng serve --port 8080
  $ minsheng serve --rulesets ./my-rulesets --limit batchRows=10000
  $ curl -s localhost:8080/settle -H 'content-type: application/json' \\
      -d '{"ruleset":"cn/medical/nanchang","claim":{"personId":"p1","dischargeDate":"2025-07-20","birthDate":"1975-01-01","hospitalLevel":"tertiary","bill":{"total":"138300.00","inCatalogue":"121000.00"}}}'`,
  );
  command.action(
    defineAction<ServeOptions>(async (ctx, _args, options) => {
      const limits = resolveServerLimits(options.limit);
      const store = await RulesetStore.open(options.rulesets ?? [], { bundled: options.bundled, ...(options.only ? { only: options.only } : {}) });
      // Loaded here, not with the CLI: fastify and its plugins were ~45 ms of every command's start.
      const { buildServer } = await import('../../server/app');
      const app = await buildServer({
        store,
        limits,
        ...(options.cors ? { corsOrigins: options.cors } : {}),
        logger: options.logLevel === 'silent' ? false : { level: options.logLevel, stream: { write: (line: string) => void ctx.io.stdout(line) } as unknown as NodeJS.WritableStream },
        ...(options.logRequests ? { logRequests: true } : {}),
      });
      const closed = new Promise<void>((resolve) => app.addHook('onClose', async () => resolve()));
      const address = await app.listen({ port: options.port, host: options.host });
      if (!LOOPBACK.has(options.host)) ctx.err(`⚠ listening on ${options.host}: the service is reachable from other machines`);
      ctx.err(`minsheng serve: listening on ${address} — ${store.current.programs.size} rulesets, set ${store.current.hash} (OpenAPI: ${address}/openapi.json)`);

      const onHup = (): void => {
        app.log.info('SIGHUP: reloading the rulesets');
        void store.reload().then((outcome) => {
          if (outcome.ok) app.log.info({ rulesets: outcome.set.programs.size, rulesetHash: outcome.set.hash }, 'rulesets reloaded');
          else app.log.error({ code: outcome.error.code, issues: outcome.error.issues.slice(0, 20), rulesetHash: store.current.hash }, `reload failed, the old rulesets stay: ${formatIssues(outcome.error.issues.slice(0, 5))}`);
        });
      };
      process.on('SIGHUP', onHup);
      const unregister = ctx.io.onSignal?.((signal) => {
        app.log.info(`${signal}: draining requests in flight, then exiting`);
        // What has not finished after drainMs is cut: a stuck client cannot keep the process alive.
        setTimeout(() => app.server.closeAllConnections(), limits.drainMs).unref();
        void app.close();
      });
      try {
        await closed;
      } finally {
        process.off('SIGHUP', onHup);
        unregister?.();
      }
      app.log.info('stopped');
      return EXIT_OK;
    }),
  );
}
