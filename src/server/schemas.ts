/**
 * The JSON Schemas of every route: Fastify validates requests with them and `@fastify/swagger` builds
 * `GET /openapi.json` from the same objects, so the document cannot drift from what the server checks.
 * They describe the envelope; what goes inside `input`, `claim`, `household` and `person` is checked by the
 * library itself (its codes and paths), and `GET /rulesets/{id}/schema` gives a ruleset's input schema.
 */

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A date YYYY-MM-DD.', examples: ['2025-07-20'] } as const;
const HASH = { type: 'string', description: 'sha256 of the rules that produced this answer (also in the X-Minsheng-Ruleset-Hash header).' } as const;
const RULESET_REF = { type: 'string', minLength: 1, maxLength: 256, description: "A ruleset id ('cn/medical/nanchang'), id@version or id@range.", examples: ['cn/medical/nanchang'] } as const;
const OBJECT = { type: 'object', additionalProperties: true } as const;
const MONEY_TEXT = 'Money is a string with 2 decimals.';

/** Path parameter `{id}`: a ruleset id with its slashes written %2F (`cn%2Fmedical%2Fnanchang`), optionally @version or @range. */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { ...RULESET_REF, description: `${RULESET_REF.description} In the URL its slashes are written %2F: /rulesets/cn%2Fmedical%2Fnanchang.` } },
} as const;

const issue = {
  type: 'object',
  required: ['code', 'path', 'message'],
  properties: {
    code: { type: 'string', description: "The library's issue code (README, Errors), e.g. input/missing." },
    path: { type: 'array', items: { type: ['string', 'integer'] }, description: 'Where in the request body.' },
    message: { type: 'string' },
  },
} as const;

/** Every refusal. */
export const errorResponse = {
  type: 'object',
  required: ['code', 'message', 'issues', 'rulesetHash'],
  properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: issue }, rulesetHash: HASH },
} as const;

const provenance = {
  type: 'object',
  required: ['ruleset', 'version', 'hash', 'date', 'chain'],
  properties: { ruleset: { type: 'string' }, version: { type: 'string' }, hash: { type: 'string' }, date: { type: 'string' }, chain: { type: 'array', items: { type: 'string' } } },
  additionalProperties: true,
} as const;

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: 'Refused: see code and issues.', ...errorResponse }]));

/** The body of `POST /rulesets/{id}/evaluate`, and one line of the batch route. */
export const evaluateBody = {
  type: 'object',
  required: ['input'],
  additionalProperties: false,
  properties: {
    input: { ...OBJECT, description: 'The inputs the ruleset declares (GET /rulesets/{id}/schema).' },
    date: { ...DATE, description: "Evaluation date: picks the parameter values in force. Default: the ruleset's date input." },
    trace: { type: 'boolean', description: 'Explain every output (formula, inputs, parameters with citations, branches).' },
    outputs: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 200 }, description: 'Compute only these rules and what they read.' },
    unknowns: { type: 'string', enum: ['throw', 'report'], description: "An output that needs an unpublished figure: refuse (default) or list it under 'unknown'." },
    money: { type: 'string', enum: ['text', 'fen'], description: "Money outputs as text with 2 decimals (default) or as exact integer numbers of fen ('fen')." },
  },
} as const;

const evaluateResult = {
  type: 'object',
  required: ['outputs', 'provenance', 'rulesetHash'],
  properties: {
    outputs: { ...OBJECT, description: `The outputs by rule name. ${MONEY_TEXT}` },
    provenance,
    trace: { type: 'array', items: OBJECT },
    unknown: OBJECT,
    determinedByBounds: OBJECT,
    rulesetHash: HASH,
  },
} as const;

const rulesetsList = {
  type: 'object',
  required: ['rulesets', 'rulesetHash'],
  properties: {
    rulesets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'version', 'hash', 'chain'],
        properties: { id: { type: 'string' }, version: { type: 'string' }, hash: { type: 'string' }, chain: { type: 'array', items: { type: 'string' } }, label: OBJECT, jurisdiction: { type: 'string' }, outputs: { type: 'array', items: { type: 'string' } } },
      },
    },
    loadedAt: { type: 'string' },
    rulesetHash: { ...HASH, description: 'sha256 over every loaded id@version and its hash.' },
  },
} as const;

const rulesetChoice = { oneOf: [RULESET_REF, { type: 'array', minItems: 1, maxItems: 100, items: RULESET_REF }], description: 'A medical ruleset, or several: the one whose validity covers the date is used.' } as const;

/** The routes' schemas by name (`tags` group them in the OpenAPI document). */
export const routeSchemas = {
  listRulesets: { summary: 'The loaded rulesets: ids, versions, hashes, chains.', tags: ['rulesets'], response: { 200: rulesetsList } },
  getRuleset: {
    summary: 'One resolved ruleset: inputs, outputs, parameters with their dated values and sources.',
    tags: ['rulesets'],
    params: idParams,
    response: { 200: { type: 'object', required: ['ruleset', 'outputs', 'rulesetHash'], properties: { ruleset: OBJECT, outputs: { type: 'array', items: { type: 'string' } }, rulesetHash: HASH } }, ...errors(404) },
  },
  getSchema: {
    summary: 'The JSON Schema (draft 2020-12) of the ruleset\'s input.',
    tags: ['rulesets'],
    params: idParams,
    response: { 200: { type: 'object', additionalProperties: true, properties: { 'x-minsheng-ruleset-hash': HASH } }, ...errors(404) },
  },
  evaluate: {
    summary: 'Evaluate one input.',
    tags: ['evaluate'],
    params: idParams,
    body: evaluateBody,
    response: { 200: evaluateResult, ...errors(400, 404, 413, 415, 422) },
  },
  evaluateBatch: {
    summary: 'Evaluate many inputs: NDJSON in (one evaluate body per line), NDJSON out in the same order, streamed.',
    description:
      'Each answer line is {"line":n,"outputs":…,"provenance":…} or {"line":n,"error":{code,message,issues},"rulesetHash":…}. Query date/trace/outputs are the defaults of every line.',
    tags: ['evaluate'],
    params: idParams,
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        date: DATE,
        trace: { type: 'string', enum: ['true', 'false'] },
        outputs: { type: 'string', maxLength: 10_000, description: 'Comma-separated rule names.' },
      },
    },
    response: { 200: { description: 'NDJSON, one line per input line, in order.', type: 'string' }, ...errors(400, 404, 415) },
  },
  settle: {
    summary: 'Settle one medical claim (settleClaim).',
    tags: ['facades'],
    body: {
      type: 'object',
      required: ['claim', 'ruleset'],
      additionalProperties: false,
      properties: { claim: OBJECT, ruleset: rulesetChoice, date: DATE, ytd: OBJECT, trace: { type: 'boolean' } },
    },
    response: { 200: { type: 'object', required: ['provenance', 'rulesetHash'], properties: { provenance, rulesetHash: HASH }, additionalProperties: true, description: MONEY_TEXT }, ...errors(400, 404, 413, 415, 422) },
  },
  settleYear: {
    summary: "Settle a person's claims of a year in order, with the year-to-date ledger (settleYear).",
    tags: ['facades'],
    body: {
      type: 'object',
      required: ['person', 'claims', 'ruleset'],
      additionalProperties: false,
      properties: { person: OBJECT, claims: { type: 'array', maxItems: 1000, items: {} }, ruleset: rulesetChoice, trace: { type: 'boolean' } },
    },
    response: { 200: { type: 'object', required: ['settlements', 'rulesetHash'], properties: { settlements: { type: 'array', items: OBJECT }, ledger: OBJECT, ledgers: { type: 'array', items: OBJECT }, rulesetHash: HASH } }, ...errors(400, 404, 413, 415, 422) },
  },
  assessHousehold: {
    summary: 'Assess a household for social assistance (assessHousehold).',
    tags: ['facades'],
    body: { type: 'object', required: ['household', 'ruleset', 'date'], additionalProperties: false, properties: { household: OBJECT, ruleset: RULESET_REF, date: DATE } },
    response: { 200: { type: 'object', required: ['provenance', 'rulesetHash'], properties: { provenance, rulesetHash: HASH }, additionalProperties: true }, ...errors(400, 404, 413, 415, 422) },
  },
  entitlements: {
    summary: 'List the public services and cash benefits a person is entitled to (listEntitlements).',
    tags: ['facades'],
    body: {
      type: 'object',
      required: ['person', 'ruleset', 'date', 'place'],
      additionalProperties: false,
      properties: { person: OBJECT, ruleset: RULESET_REF, date: DATE, place: { type: 'string', maxLength: 32, examples: ['CN-33'] } },
    },
    response: { 200: { type: 'object', required: ['provenance', 'rulesetHash'], properties: { provenance, rulesetHash: HASH }, additionalProperties: true }, ...errors(400, 404, 413, 415, 422) },
  },
  healthz: { summary: 'The process is alive.', tags: ['health'], response: { 200: { type: 'object', properties: { status: { type: 'string' }, rulesetHash: HASH } } } },
  readyz: {
    summary: 'Ready to answer: rulesets loaded and not shutting down (503 while draining).',
    tags: ['health'],
    response: { 200: { type: 'object', properties: { status: { type: 'string' }, rulesets: { type: 'integer' }, rulesetHash: HASH } }, 503: { type: 'object', properties: { status: { type: 'string' }, rulesetHash: HASH } } },
  },
} as const;
