/**
 * JSON Schema of the ruleset format, generated from the zod schema, for editors
 * (`# yaml-language-server: $schema=…/schema/ruleset.schema.json`) and other tools.
 *
 * Not everything the loader checks can be said in JSON Schema: calendar validity of dates, semver
 * validity, uniqueness of ids, value shapes that depend on a parameter's `type`/`by`, and everything
 * that needs the `extends` chain are checked by the loader only (zod refinements are left out of the
 * generated schema). Constructs JSON Schema cannot express at all become `{}` (`unrepresentable: 'any'`).
 */
import * as z from 'zod';
import { DECIMAL_PATTERN, PARAMETER_TYPES, rulesetSchemas, type ParameterType } from './schema';

const OPTIONS = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', cycles: 'ref', reused: 'inline' } as const;

/**
 * The JSON Schema (draft 2020-12) of a ruleset file. A fresh object on every call.
 *
 * @example
 * const schema = rulesetJsonSchema();
 * schema.title; // 'minsheng-rules ruleset (format v1)'
 */
export function rulesetJsonSchema(): Record<string, unknown> {
  return {
    ...withParameterValueKinds(nameDefinitions(z.toJSONSchema(rulesetSchemas().RulesetFileSchema, OPTIONS) as Record<string, unknown>)),
    $comment: 'Generated from src/ruleset/schema.ts by `npm run schema`; do not edit. The loader checks more than this schema can express.',
  };
}

/**
 * The JSON Schema (draft 2020-12) of a cases file (`<name>.cases.yaml`).
 *
 * @example
 * casesJsonSchema().required; // ['cases']
 */
export function casesJsonSchema(): Record<string, unknown> {
  return {
    ...nameDefinitions(z.toJSONSchema(rulesetSchemas().CasesFileSchema, OPTIONS) as Record<string, unknown>),
    title: 'minsheng-rules test cases',
    $comment: 'Generated from src/ruleset/schema.ts by `npm run schema`; do not edit.',
  };
}

/**
 * zod names the definitions of recursive schemas `__schema0`, `__schema1`…; the only recursive schema
 * of the format is the input declaration, so its definition is renamed `InputDecl` (a readable name
 * in editors). Registering an `id` in zod's global registry instead would fail when the module is
 * evaluated twice in one process.
 */
function nameDefinitions(schema: Record<string, unknown>): Record<string, unknown> {
  const defs = schema['$defs'] as Record<string, unknown> | undefined;
  if (!defs || Object.keys(defs).length !== 1 || !('__schema0' in defs)) return schema;
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/__schema0"', '"#/$defs/InputDecl"').replace('"__schema0":', '"InputDecl":')) as Record<
    string,
    unknown
  >;
}

// ───────────────────────────── parameter values by type ─────────────────────────────

/** A money amount: at most 2 decimals. */
const MONEY_PATTERN = '^[+-]?\\d+(\\.\\d{1,2})?$';
/** A money amount that is not negative. */
const MONEY_NON_NEGATIVE_PATTERN = '^\\+?\\d+(\\.\\d{1,2})?$';
/** A rate between 0 and 1 written as a string ("0.75", "1", "1.00"). */
const RATE_0_1_PATTERN = '^\\+?(0+(\\.\\d+)?|0*1(\\.0+)?)$';
const INTEGER_PATTERN = '^[+-]?\\d+(\\.0+)?$';

/**
 * The JSON Schema of one scalar value of a parameter of `type`: what `checkParameterValue` (schema.ts)
 * accepts, and — when `bounded`, i.e. the parameter declares no `min`/`max` of its own — the default range
 * the loader enforces (money not negative, rates from 0 to 1: a rate of 65 is an error, 0.65 is meant).
 */
function scalarValueSchema(type: Exclude<ParameterType, 'scale'>, bounded: boolean): Record<string, unknown> {
  switch (type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'money':
      return bounded
        ? { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: MONEY_NON_NEGATIVE_PATTERN }], description: 'A money amount (yuan, at most 2 decimals), not negative: 500 or "500.00", no unit.' }
        : { anyOf: [{ type: 'number' }, { type: 'string', pattern: MONEY_PATTERN }], description: 'A money amount (yuan, at most 2 decimals): 500 or "500.00", no unit.' };
    case 'rate':
      return bounded
        ? { anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'string', pattern: RATE_0_1_PATTERN }], description: 'A rate from 0 to 1 (0.75 is 75%; declare max: for a rate above 1).' }
        : { anyOf: [{ type: 'number' }, { type: 'string', pattern: DECIMAL_PATTERN.source }], description: 'A rate (0.75 is 75%).' };
    case 'integer':
      return { anyOf: [{ type: 'integer' }, { type: 'string', pattern: INTEGER_PATTERN }], description: 'A whole number.' };
    case 'decimal':
      return { anyOf: [{ type: 'number' }, { type: 'string', pattern: DECIMAL_PATTERN.source }], description: 'A number, or a decimal string ("0.75").' };
  }
}

/** `scale`: a non-empty list of bands `{ above, rate }` (rates up to 1 unless the parameter declares `max`). */
function scaleValueSchema(bounded: boolean): Record<string, unknown> {
  return {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['above', 'rate'],
      additionalProperties: false,
      properties: { above: scalarValueSchema('money', true), rate: bounded ? { anyOf: [{ type: 'number', maximum: 1 }, { type: 'string', pattern: DECIMAL_PATTERN.source }] } : scalarValueSchema('decimal', false) },
    },
  };
}

/**
 * Adds to the parameter declaration one `if`/`then` per type, table or not, and own range or not, saying what
 * kind of `values[].value` it takes. Only where the declaration itself names its `type` (a child overriding a
 * parent's parameter may leave it out; the loader checks those against the chain).
 */
function withParameterValueKinds(schema: Record<string, unknown>): Record<string, unknown> {
  const parameters = (schema['properties'] as Record<string, { additionalProperties?: Record<string, unknown> }> | undefined)?.['parameters'];
  const decl = parameters?.additionalProperties;
  if (!decl) return schema;
  const rules: Record<string, unknown>[] = [];
  for (const type of PARAMETER_TYPES) {
    for (const table of [false, true]) {
      for (const bounded of type === 'money' || type === 'rate' || type === 'scale' ? [true, false] : [false]) {
        const scalar = type === 'scale' ? scaleValueSchema(bounded) : scalarValueSchema(type, bounded);
        const value = table ? { type: 'object', minProperties: 1, additionalProperties: scalar } : scalar;
        const conditions: Record<string, unknown>[] = [{ required: ['type'], properties: { type: { const: type } } }, table ? { required: ['by'] } : { not: { required: ['by'] } }];
        const ownRange = { anyOf: [{ required: ['min'] }, { required: ['max'] }] };
        if (type === 'money' || type === 'rate' || type === 'scale') conditions.push(bounded ? { not: ownRange } : ownRange);
        rules.push({ if: { allOf: conditions }, then: { properties: { values: { items: { properties: { value } } } } } });
      }
    }
  }
  decl['allOf'] = [...((decl['allOf'] as unknown[] | undefined) ?? []), ...rules];
  return schema;
}
