/**
 * The HTTP service (`minsheng serve`) on Fastify: its router, request validation against the route schemas
 * (schemas.ts), pino logging and the OpenAPI document from `@fastify/swagger`. Handlers only call the
 * library (`program.evaluate`, settleClaim, settleYear, assessHousehold, listEntitlements) with the programs
 * of the current {@link RulesetSet}, read once per request.
 *
 * Every answer carries the hash of the rules behind it, in the `X-Minsheng-Ruleset-Hash` header and the
 * body's `rulesetHash` (a ruleset's hash, or for answers about the whole set the set's hash). Nothing can be
 * uploaded or executed: rulesets come only from the folders the server was started with.
 */
import { Readable } from 'node:stream';
import { Buffer } from 'node:buffer';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import pkg from '../../package.json';
import { MinshengError, isMinshengError } from '../errors';
import type { Program } from '../engine/program';
import { settleClaim, settleYear, type Claim, type InsuredPerson, type SettleClaimOptions } from '../domains/medical';
import { assessHousehold, type Household } from '../domains/assistance';
import { listEntitlements, type Person } from '../domains/entitlements';
import { answerBatch, type BatchDefaults } from './batch';
import { HttpRefusal, errorBody, refuse, statusOf, validationIssues, type IssuePlace, type ValidationError } from './errors';
import { parseJsonBody } from './json-body';
import { resolveServerLimits, type ServerLimits } from './limits';
import { routeSchemas } from './schemas';
import { programIn, type RulesetSet, type RulesetStore } from './store';

/** The header every answer carries. */
export const HASH_HEADER = 'x-minsheng-ruleset-hash';

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The rulesets to answer with. */
  readonly store: RulesetStore;
  /** Limits; missing ones take DEFAULT_SERVER_LIMITS. */
  readonly limits?: Partial<ServerLimits>;
  /** Origins allowed to call from a browser (CORS); none by default: no CORS header is ever sent. */
  readonly corsOrigins?: readonly string[];
  /** pino options (level, stream), or false for no logging. Default false. */
  readonly logger?: false | { readonly level?: string; readonly stream?: NodeJS.WritableStream };
  /** Log every request and its answer (off by default: two log lines per request cost throughput). */
  readonly logRequests?: boolean;
}

interface IdParams {
  readonly id: string;
}

/**
 * Builds the server (routes registered, not listening): `await app.listen({ port, host })` starts it,
 * `await app.close()` drains it.
 *
 * @example
 * const app = await buildServer({ store: await RulesetStore.open([]) });
 * await app.listen({ port: 0, host: '127.0.0.1' });
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { store } = options;
  const limits = resolveServerLimits(options.limits);
  const app = Fastify({
    logger: options.logger ? { level: options.logger.level ?? 'info', ...(options.logger.stream ? { stream: options.logger.stream } : {}) } : false,
    logController: new LogController({ disableRequestLogging: options.logRequests !== true }),
    bodyLimit: limits.bodyBytes,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node's own clocks: a client that never finishes its headers gets 408 and is closed; connections are
    // checked often enough for the header timeout to be kept to within a tenth.
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))) },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 300 },
    // Validate, never repair: no coercion, no defaults, no silently dropped fields; stop at the first error
    // (a body with 100,000 unknown keys costs one error, not 100,000).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });
  // Beyond this many open sockets, Node closes new ones at once.
  app.server.maxConnections = limits.connections;
  // Responses are written with JSON.stringify: the response schemas document the answers (OpenAPI) but never
  // filter them (a serializer built from a schema would drop fields it does not list).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'minsheng-rules HTTP API',
        version: pkg.version,
        description:
          "China's people's-livelihood (民生) rulesets as an HTTP service: evaluate a ruleset, settle medical claims, assess households, list entitlements. Money is a string with 2 decimals. Every answer carries the hash of the rules that produced it (header X-Minsheng-Ruleset-Hash, body rulesetHash). Errors are { code, message, issues: [{ code, path, message }] } with the library's codes.",
      },
      tags: [{ name: 'rulesets' }, { name: 'evaluate' }, { name: 'facades' }, { name: 'health' }],
    },
    // The batch body is a stream (not validated by a schema): its request body is described here.
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Record<string, unknown> }).openapiObject as { paths?: Record<string, Record<string, Record<string, unknown>>> };
      const batch = doc.paths?.['/rulesets/{id}/evaluate-batch']?.['post'];
      if (batch) {
        batch['requestBody'] = { required: true, content: { 'application/x-ndjson': { schema: { ...routeSchemas.evaluate.body, description: 'One evaluate body per line.' } } } };
        const ok = (batch['responses'] as Record<string, Record<string, unknown>>)['200'];
        if (ok) ok['content'] = { 'application/x-ndjson': { schema: { type: 'string' } } };
      }
      return doc;
    },
  });

  // ── bodies: JSON (depth-checked) for every route, NDJSON streamed for the batch route; nothing else ──
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, limits.jsonDepth));
    } catch (error) {
      done(isMinshengError(error) ? new HttpRefusal(400, error) : (error as Error), undefined);
    }
  });
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], (request, payload, done) => {
    if (!request.routeOptions.url?.endsWith('/evaluate-batch')) {
      done(refuse(415, 'io/format', `${request.method} ${request.routeOptions.url ?? request.url} takes application/json, not NDJSON (NDJSON goes to POST /rulesets/{id}/evaluate-batch)`), undefined);
      return;
    }
    done(null, payload);
  });

  // ── answers ──
  const sendError = (reply: FastifyReply, status: number, error: MinshengError, hash: string, place?: IssuePlace) =>
    reply.code(status).header(HASH_HEADER, hash).send(errorBody(error, hash, place));

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number; validation?: readonly ValidationError[]; validationContext?: string }, request, reply) => {
    const hash = store.current.hash;
    if (error instanceof HttpRefusal) return sendError(reply, error.status, error.error, hash);
    if (isMinshengError(error)) return sendError(reply, statusOf(error), error, hash);
    if (error.validation) {
      const where = error.validationContext === 'body' ? 'the request body' : error.validationContext === 'querystring' ? 'the query string' : `the URL ${error.validationContext ?? ''}`.trim();
      return sendError(reply, 400, new MinshengError(validationIssues(error.validation, where)), hash);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, new MinshengError({ code: 'input/limit', message: `the request body is larger than ${limits.bodyBytes} bytes`, path: [] }), hash);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, new MinshengError({ code: 'io/format', message: `send the body as Content-Type: application/json (got ${JSON.stringify(String(request.headers['content-type'] ?? 'none').slice(0, 80))})`, path: [] }), hash);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 400, new MinshengError({ code: 'io/format', message: 'the request body is empty; send a JSON object', path: [] }), hash);
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, status, new MinshengError({ code: 'io/format', message: (error.message || 'bad request').slice(0, 300), path: [] }), hash);
    }
    request.log.error({ err: error }, 'internal error');
    return reply
      .code(500)
      .header(HASH_HEADER, hash)
      .send({ code: 'server/internal', message: 'internal error (logged); this is a bug in minsheng-rules, please report it', issues: [], rulesetHash: hash });
  });
  app.setNotFoundHandler((request, reply) => {
    const hash = store.current.hash;
    const url = request.url.length > 120 ? `${request.url.slice(0, 119)}…` : request.url;
    sendError(reply, 404, new MinshengError({ code: 'options/invalid', message: `no route ${request.method} ${url} (GET /openapi.json lists the routes; a ruleset id in a URL is written with %2F for its slashes)`, path: [] }), hash);
  });

  // ── CORS: off unless origins are configured ──
  const origins = new Set(options.corsOrigins ?? []);
  if (origins.size > 0) {
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin && (origins.has(origin) || origins.has('*'))) {
        reply.header('access-control-allow-origin', origins.has('*') ? '*' : origin).header('vary', 'origin').header('access-control-expose-headers', HASH_HEADER);
      }
    });
    app.options('/*', { schema: { hide: true } }, async (request, reply) => {
      reply.header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '600').code(204).send();
    });
  }

  // ── rulesets ──
  /** The program of `{id}`, or a 404 answer (returns undefined then). */
  const programOf = (set: RulesetSet, ref: string, reply: FastifyReply): Program | undefined => {
    try {
      return programIn(set, ref);
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      sendError(reply, 404, error, set.hash);
      return undefined;
    }
  };

  app.get('/rulesets', { schema: routeSchemas.listRulesets }, async (_request, reply) => {
    const set = store.current;
    const rulesets = [...set.programs.values()].map((p) => ({
      id: p.id,
      version: p.version,
      hash: p.hash,
      chain: p.ruleset.chain.map((l) => `${l.id}@${l.version}`),
      label: p.ruleset.label,
      jurisdiction: p.ruleset.jurisdiction,
      outputs: p.outputs,
    }));
    return reply.header(HASH_HEADER, set.hash).send({ rulesets, loadedAt: set.loadedAt, rulesetHash: set.hash });
  });

  app.get<{ Params: IdParams }>('/rulesets/:id', { schema: routeSchemas.getRuleset }, async (request, reply) => {
    const program = programOf(store.current, request.params.id, reply);
    if (!program) return reply;
    return reply.header(HASH_HEADER, program.hash).type('application/json; charset=utf-8').send(resolvedJson(program));
  });

  app.get<{ Params: IdParams }>('/rulesets/:id/schema', { schema: routeSchemas.getSchema }, async (request, reply) => {
    const program = programOf(store.current, request.params.id, reply);
    if (!program) return reply;
    return reply.header(HASH_HEADER, program.hash).send(inputJsonSchema(program));
  });

  // ── evaluate ──
  const INPUT: IssuePlace = { field: 'input', own: ['date', 'outputs', 'trace', 'unknowns', 'money'] };
  app.post<{ Params: IdParams; Body: { input: unknown; date?: string; trace?: boolean; outputs?: string[]; unknowns?: 'throw' | 'report'; money?: 'text' | 'fen' } }>(
    '/rulesets/:id/evaluate',
    { schema: routeSchemas.evaluate },
    async (request, reply) => {
      const program = programOf(store.current, request.params.id, reply);
      if (!program) return reply;
      const { input, date, trace, outputs, unknowns, money } = request.body;
      try {
        const result = program.evaluate(input, { ...(date ? { date } : {}), ...(trace ? { trace } : {}), ...(outputs ? { outputs } : {}), ...(unknowns ? { unknowns } : {}), ...(money ? { money } : {}) });
        return sendResult(reply, { ...result, rulesetHash: result.provenance.hash }, result.provenance.hash, trace === true);
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        return sendError(reply, statusOf(error), error, program.hash, INPUT);
      }
    },
  );

  app.post<{ Params: IdParams; Querystring: { date?: string; trace?: 'true' | 'false'; outputs?: string } }>(
    '/rulesets/:id/evaluate-batch',
    { schema: routeSchemas.evaluateBatch },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!(body instanceof Readable)) throw refuse(415, 'io/format', 'send the batch as Content-Type: application/x-ndjson, one evaluate body { input, date? } per line');
      const program = programOf(store.current, request.params.id, reply);
      if (!program) return reply;
      const { date, trace, outputs } = request.query;
      const defaults: BatchDefaults = {
        ...(date ? { date } : {}),
        ...(trace === 'true' ? { trace: true } : {}),
        ...(outputs ? { outputs: outputs.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      };
      const lines = answerBatch(body as AsyncIterable<Buffer>, program, defaults, limits);
      // A client that goes away ends the stream: the generator's `finally` stops reading the request.
      return reply.header(HASH_HEADER, program.hash).type('application/x-ndjson; charset=utf-8').send(Readable.from(lines, { objectMode: false, highWaterMark: 64 * 1024 }));
    },
  );

  // ── facades ──
  /** The program(s) a facade body names, or a 404 answer. */
  const programsOf = (set: RulesetSet, ref: string | readonly string[], reply: FastifyReply): Program | Program[] | undefined => {
    if (typeof ref === 'string') return programOf(set, ref, reply);
    const out: Program[] = [];
    for (const r of ref) {
      const p = programOf(set, r, reply);
      if (!p) return undefined;
      out.push(p);
    }
    return out;
  };
  const facade = <B extends { ruleset: string | readonly string[] }>(place: IssuePlace, call: (body: B, program: Program | Program[]) => { provenance?: { hash: string } } & object, hashOf?: (answer: object) => string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const set = store.current;
      const body = request.body as B;
      const program = programsOf(set, body.ruleset, reply);
      if (!program) return reply;
      try {
        const answer = call(body, program);
        const hash = hashOf ? hashOf(answer) : (answer.provenance?.hash ?? set.hash);
        return sendResult(reply, { ...answer, rulesetHash: hash }, hash, (body as { trace?: unknown }).trace === true);
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        const hash = Array.isArray(program) ? program.map((p) => p.hash).join(',') : program.hash;
        return sendError(reply, statusOf(error), error, hash, place);
      }
    };

  type SettleBody = { claim: Claim; ruleset: string | string[]; date?: string; ytd?: SettleClaimOptions['ytd']; trace?: boolean };
  app.post<{ Body: SettleBody }>(
    '/settle',
    { schema: routeSchemas.settle },
    facade<SettleBody>({ field: 'claim', own: ['ruleset', 'date', 'ytd', 'trace'] }, (b, ruleset) =>
      settleClaim(b.claim, { ruleset, ...(b.date !== undefined ? { date: b.date } : {}), ...(b.ytd !== undefined ? { ytd: b.ytd } : {}), ...(b.trace !== undefined ? { trace: b.trace } : {}) }),
    ),
  );
  type YearBody = { person: InsuredPerson; claims: Claim[]; ruleset: string | string[]; trace?: boolean };
  app.post<{ Body: YearBody }>(
    '/settle-year',
    { schema: routeSchemas.settleYear },
    facade<YearBody>(
      { own: ['person', 'claims', 'ruleset', 'trace'] },
      (b, ruleset) => settleYear(b.person, b.claims, { ruleset, ...(b.trace !== undefined ? { trace: b.trace } : {}) }),
      (answer) => [...new Set((answer as { settlements: { provenance: { hash: string } }[] }).settlements.map((s) => s.provenance.hash))].join(',') || store.current.hash,
    ),
  );
  type AssessBody = { household: Household; ruleset: string; date: string };
  app.post<{ Body: AssessBody }>(
    '/assess-household',
    { schema: routeSchemas.assessHousehold },
    facade<AssessBody>({ field: 'household', own: ['ruleset', 'date'] }, (b, ruleset) => assessHousehold(b.household, { ruleset: ruleset as Program, date: b.date })),
  );
  type EntitlementsBody = { person: Person; ruleset: string; date: string; place: string };
  app.post<{ Body: EntitlementsBody }>(
    '/entitlements',
    { schema: routeSchemas.entitlements },
    facade<EntitlementsBody>({ field: 'person', own: ['ruleset', 'date', 'place'] }, (b, ruleset) => listEntitlements(b.person, { ruleset: ruleset as Program, date: b.date, place: b.place })),
  );

  // ── health and the document ──
  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.get('/healthz', { schema: routeSchemas.healthz }, async (_request, reply) => {
    const hash = store.current.hash;
    return reply.header(HASH_HEADER, hash).send({ status: 'ok', rulesetHash: hash });
  });
  app.get('/readyz', { schema: routeSchemas.readyz }, async (_request, reply) => {
    const set = store.current;
    reply.header(HASH_HEADER, set.hash);
    return closing ? reply.code(503).send({ status: 'draining', rulesetHash: set.hash }) : reply.send({ status: 'ready', rulesets: set.programs.size, rulesetHash: set.hash });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    const hash = store.current.hash;
    const doc = app.swagger() as { info: Record<string, unknown> };
    return reply.header(HASH_HEADER, hash).send({ ...doc, info: { ...doc.info, 'x-minsheng-ruleset-hash': hash } });
  });

  /** An answer; one with a trace is measured against the trace limit first. */
  function sendResult(reply: FastifyReply, body: object, hash: string, traced: boolean): FastifyReply {
    reply.header(HASH_HEADER, hash);
    if (!traced) return reply.send(body);
    const text = JSON.stringify(body);
    if (Buffer.byteLength(text) > limits.traceBytes) {
      return sendError(reply, 422, new MinshengError({ code: 'input/limit', message: `the answer with its trace is over ${limits.traceBytes} bytes; ask for fewer outputs or no trace`, path: ['trace'] }), hash);
    }
    return reply.type('application/json; charset=utf-8').send(text);
  }

  return app;
}

/** A resolved ruleset as JSON without where its files are on the server (a layer's `file`). Cached per program. */
const resolvedCache = new WeakMap<Program, string>();
function resolvedJson(program: Program): string {
  let text = resolvedCache.get(program);
  if (text === undefined) {
    const ruleset = JSON.parse(
      JSON.stringify(program.ruleset, function (this: Record<string, unknown>, key, value: unknown) {
        return key === 'file' && typeof this['id'] === 'string' && typeof this['version'] === 'string' ? undefined : value;
      }),
    ) as unknown;
    text = JSON.stringify({ ruleset, outputs: program.outputs, rulesetHash: program.hash });
    resolvedCache.set(program, text);
  }
  return text;
}

/** The JSON Schema of a program's input (from its zod schema). Cached per program. */
const schemaCache = new WeakMap<Program, Record<string, unknown>>();
function inputJsonSchema(program: Program): Record<string, unknown> {
  let schema = schemaCache.get(program);
  if (!schema) {
    schema = {
      ...(program.inputSchema().toJSONSchema({ target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
      title: `${program.id}@${program.version} input`,
      'x-minsheng-ruleset-hash': program.hash,
    };
    schemaCache.set(program, schema);
  }
  return schema;
}
