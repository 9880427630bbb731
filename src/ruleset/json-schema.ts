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
import { CasesFileSchema, RulesetFileSchema } from './schema';

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
    ...nameDefinitions(z.toJSONSchema(RulesetFileSchema, OPTIONS) as Record<string, unknown>),
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
    ...nameDefinitions(z.toJSONSchema(CasesFileSchema, OPTIONS) as Record<string, unknown>),
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
