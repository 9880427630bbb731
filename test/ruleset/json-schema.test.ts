import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, staleSchemaFiles, writeSchemaFiles } from '../../scripts/gen-schema';
import { casesJsonSchema, rulesetJsonSchema } from '../../src/ruleset/json-schema';

describe('schema/*.schema.json', () => {
  it('matches the zod schema (run `npm run schema` to regenerate)', () => {
    if (process.env['UPDATE_SCHEMA'] === '1') writeSchemaFiles();
    expect(staleSchemaFiles()).toEqual([]);
    const committed = JSON.parse(readFileSync(SCHEMA_FILES[0]!.path, 'utf8')) as unknown;
    expect(committed).toEqual(rulesetJsonSchema());
  });
});

describe('rulesetJsonSchema', () => {
  it('describes a strict draft 2020-12 object with the top-level keys of the format', () => {
    const schema = rulesetJsonSchema() as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(['id', 'jurisdiction', 'label', 'version']);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['id', 'extends', 'validity', 'dateInput', 'policyYear', 'sources', 'inputs', 'parameters', 'rules', 'tests']),
    );
  });

  it('keeps recursive input declarations as references', () => {
    expect(JSON.stringify(rulesetJsonSchema())).toContain('"$ref":"#/$defs/');
  });

  it('returns a fresh object on every call', () => {
    const a = rulesetJsonSchema();
    a['title'] = 'changed';
    expect(rulesetJsonSchema()['title']).toBe('minsheng-rules ruleset (format v1)');
    expect((casesJsonSchema() as { required: string[] }).required).toEqual(['cases']);
  });
});
