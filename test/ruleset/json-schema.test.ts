import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, staleSchemaFiles, writeSchemaFiles } from '../../scripts/gen-schema';
import { casesJsonSchema, rulesetJsonSchema } from '../../src/ruleset/json-schema';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { compile } from '../../src/engine/program';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';

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

describe('the JSON Schema says what kind of value a parameter takes', () => {
  // ajv (draft 2020-12) as an editor would apply the schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(rulesetJsonSchema());
  const base = { id: 'demo/kinds', jurisdiction: 'CN', version: '1.0.0', label: { zh: '示例', en: 'Demo' }, inputs: { level: { type: 'enum', of: ['a', 'b'] } } };
  const withParameter = (decl: Record<string, unknown>): Record<string, unknown> => ({ ...base, parameters: { p: decl } });
  const value = (type: string, v: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => withParameter({ type, ...extra, values: [{ from: '2025-01-01', value: v }] });
  /** The loader's verdict on the same file (parse, resolve and compile: the range checks are the compiler's). */
  const loads = (file: Record<string, unknown>): boolean => {
    try {
      compile(parseRuleset(JSON.stringify(file), { file: 'kinds.json', format: 'json' }));
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    ['a rate of 65 (rates are 0..1: 0.65 is meant)', value('rate', 65)],
    ['a rate of "65"', value('rate', '65')],
    ['a negative rate', value('rate', -0.1)],
    ['money "500元" (a unit in the number)', value('money', '500元')],
    ['money with 3 decimals', value('money', '500.001')],
    ['negative money without a min', value('money', -5)],
    ['a boolean for a money amount', value('money', true)],
    ['a text for a boolean', value('boolean', 'yes')],
    ['a fraction for an integer', value('integer', '2.5')],
    ['a scalar for a table (by)', value('rate', 0.5, { by: 'level' })],
    ['a rate of 65 in a table', value('rate', { a: 0.5, b: 65 }, { by: 'level' })],
    ['a band without rate', value('scale', [{ above: 0 }])],
    ['a band rate of 65', value('scale', [{ above: 0, rate: 65 }])],
  ])('rejects %s, as the loader does', (_name, file) => {
    expect(validate(file)).toBe(false);
    expect(loads(file)).toBe(false);
  });

  it.each([
    ['a rate of 0.65', value('rate', 0.65)],
    ['a rate "1.00"', value('rate', '1.00')],
    ['a rate above 1 where the parameter declares max', value('rate', 1.5, { max: 2 })],
    ['money "500.00"', value('money', '500.00')],
    ['negative money where the parameter declares min', value('money', -5, { min: -10 })],
    ['a table of rates', value('rate', { a: 0.5, b: '0.75' }, { by: 'level' })],
    ['bands', value('scale', [{ above: 0, rate: 0.5 }, { above: '10000', rate: '0.6' }])],
    ['an integer "3"', value('integer', '3')],
  ])('accepts %s, as the loader does', (_name, file) => {
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(loads(file)).toBe(true);
  });

  it('accepts every bundled ruleset and the regional template', () => {
    const files = ['rulesets', 'examples/regional'].flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)));
    const rulesets = files.filter((f) => /\.ya?ml$/.test(f) && !/\.cases\.ya?ml$/.test(f));
    expect(rulesets.length).toBeGreaterThan(20);
    const rejected = rulesets
      .map((f) => ({ f, data: parseYaml(readFileSync(f, 'utf8')) as Record<string, unknown> }))
      // A policy-target file (kind: targets) is not a ruleset.
      .filter(({ data }) => data['kind'] === undefined)
      .filter(({ data }) => !validate(data))
      .map(({ f }) => `${f}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    expect(rejected).toEqual([]);
  });
});
