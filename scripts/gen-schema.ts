/**
 * Writes schema/ruleset.schema.json and schema/cases.schema.json from the zod schema.
 *
 * Run `npm run schema` (a vitest run with UPDATE_SCHEMA=1: the repository has no TypeScript runner).
 * test/ruleset/json-schema.test.ts fails when the committed files are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { casesJsonSchema, rulesetJsonSchema } from '../src/ruleset/json-schema';

/** Absolute paths of the generated files, by generator. */
export const SCHEMA_FILES: ReadonlyArray<{ readonly path: string; readonly render: () => string }> = [
  { path: fileURLToPath(new URL('../schema/ruleset.schema.json', import.meta.url)), render: () => renderSchema(rulesetJsonSchema()) },
  { path: fileURLToPath(new URL('../schema/cases.schema.json', import.meta.url)), render: () => renderSchema(casesJsonSchema()) },
];

/**
 * The text written to disk: 2-space JSON and a final newline.
 *
 * @example
 * renderSchema(rulesetJsonSchema()).endsWith('}\n'); // true
 */
export function renderSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Files whose content differs from what the generator produces (missing files included).
 *
 * @example
 * staleSchemaFiles(); // [] when schema/ is up to date
 */
export function staleSchemaFiles(): string[] {
  return SCHEMA_FILES.filter(({ path, render }) => {
    try {
      return readFileSync(path, 'utf8') !== render();
    } catch {
      return true;
    }
  }).map((f) => f.path);
}

/**
 * Regenerates the schema files; returns the paths that changed.
 *
 * @example
 * writeSchemaFiles(); // ['/…/schema/ruleset.schema.json'] after a schema change
 */
export function writeSchemaFiles(): string[] {
  const stale = new Set(staleSchemaFiles());
  for (const { path, render } of SCHEMA_FILES) if (stale.has(path)) writeFileSync(path, render());
  return [...stale];
}

if (typeof process !== 'undefined' && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const path of writeSchemaFiles()) console.log(`wrote ${path}`);
}
