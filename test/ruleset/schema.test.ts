import { describe, expect, it } from 'vitest';
import {
  CasesFileSchema,
  RulesetFileSchema,
  checkParameterValue,
  compareDecimalText,
  isCalendarDate,
  numericText,
} from '../../src/ruleset/schema';
import { HEADER } from './helpers';

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'].map(isCalendarDate)).toEqual([true, true, true, true]);
    expect(['2025-02-29', '1900-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-1-1', '0000-01-01', ' 2025-01-01', 20250101].map(isCalendarDate)).toEqual(
      Array(10).fill(false),
    );
  });
});

describe('numericText', () => {
  it('returns the decimal text the compiler will read, or undefined', () => {
    expect([0.75, 200, -3, '0.10', '+1'].map(numericText)).toEqual(['0.75', '200', '-3', '0.10', '+1']);
    expect([1e21, 1e-7, Number.NaN, Infinity, '1e5', '1_000', ' 1', '', true, null].map(numericText)).toEqual(Array(10).fill(undefined));
  });
});

describe('compareDecimalText', () => {
  it('compares exactly', () => {
    expect(compareDecimalText('0.1', '0.10')).toBe(0);
    expect(compareDecimalText('-0', '0')).toBe(0);
    expect(compareDecimalText('9', '10')).toBe(-1);
    expect(compareDecimalText('-9', '-10')).toBe(1);
    expect(compareDecimalText('15000', '0065000')).toBe(-1);
    expect(compareDecimalText('0.30000000000000000001', '0.3')).toBe(1);
  });
});

describe('checkParameterValue', () => {
  it('checks scalars by type', () => {
    expect(checkParameterValue('money', undefined, '200.50')).toEqual([]);
    expect(checkParameterValue('money', undefined, 200.505)).toEqual([{ path: [], message: 'expected a money amount with at most 2 decimals, found 200.505' }]);
    expect(checkParameterValue('integer', undefined, '3.0')).toEqual([]);
    expect(checkParameterValue('integer', undefined, 3.5)[0]!.message).toBe('expected a whole number, found 3.5');
    expect(checkParameterValue('boolean', undefined, 'true')[0]!.message).toBe('expected a boolean (true or false), found the string "true"');
  });

  it('checks tables key by key, allowing partial tables', () => {
    expect(checkParameterValue('rate', 'level', { a: 0.5 })).toEqual([]);
    expect(checkParameterValue('rate', 'level', { a: 'x', b: 1 })).toEqual([{ path: ['a'], message: expect.stringMatching(/^expected a rate/) }]);
    expect(checkParameterValue('rate', 'level', 0.5)[0]!.message).toMatch(/^expected a table/);
    expect(checkParameterValue('rate', 'level', {})[0]!.message).toMatch(/at least one entry/);
  });

  it('checks scale bands: non-empty, { above, rate }, strictly ascending, not negative', () => {
    expect(checkParameterValue('scale', undefined, [{ above: 0, rate: 0.5 }, { above: '15000', rate: '0.6' }])).toEqual([]);
    expect(checkParameterValue('scale', undefined, []).length).toBe(1);
    expect(checkParameterValue('scale', undefined, [{ above: 10, rate: 0.5 }, { above: 10, rate: 0.6 }])).toEqual([
      { path: [1, 'above'], message: "expected bands sorted by 'above' in strictly ascending order, found 10 after 10" },
    ]);
    expect(checkParameterValue('scale', undefined, [{ above: -1, rate: 0.5, extra: 1 }]).map((p) => p.path)).toEqual([[0, 'extra'], [0, 'above']]);
  });
});

describe('RulesetFileSchema', () => {
  it('accepts a minimal ruleset and the full set of optional keys', () => {
    expect(RulesetFileSchema.safeParse(HEADER).success).toBe(true);
    const full = {
      ...HEADER,
      $schema: '../schema/ruleset.schema.json',
      extends: 'test/p@^1',
      description: { zh: '说明', en: 'About' },
      validity: { from: '2025-01-01', until: '2025-12-31' },
      dateInput: 'd',
      policyYear: { startMonth: 7, startDay: 1 },
      sources: [{ id: 'S.1_a-b', title: 'T', issuer: 'I', docNumber: '〔2025〕1号', date: '2025-01-01', url: 'https://example.org/x?a=1', status: 'inferred', note: 'n' }],
      inputs: {
        d: { type: 'date', default: '2025-01-01' },
        n: { type: 'money', min: 0, max: '100.00', allowNegative: false, optional: true, label: { zh: '金额', en: 'Amount' } },
        e: { type: 'enum', of: ['x', 'y'], default: 'x' },
        r: { type: 'record', fields: { f: { type: 'boolean', default: false } }, default: {} },
        l: { type: 'list', items: { type: 'integer' }, default: [] },
        p: { type: 'money', replaces: true },
      },
      parameters: { 'a.b_c': { unit: 'yuan', regional: true, mode: 'merge', values: [{ from: '2025-01-01', value: { x: 1 }, note: 'n' }] } },
      rules: { out: { type: 'enum', of: ['x'], formula: "'x'", output: true, text: { zh: '文', en: 'Text' }, note: 'n', replaces: true } },
      tests: [{ name: 't', date: '2025-01-01', input: { d: '2025-01-01' }, expectError: 'eval/no-value-in-force', note: 'n', discrepancy: 'd' }],
    };
    const result = RulesetFileSchema.safeParse(full);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('rejects bad ids, jurisdictions, urls and reversed validity', () => {
    const bad = (patch: Record<string, unknown>) => RulesetFileSchema.safeParse({ ...HEADER, ...patch }).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ id: 'CN/Medical' })).toEqual(['id']);
    expect(bad({ id: 'cn//x' })).toEqual(['id']);
    expect(bad({ jurisdiction: 'CN-1234567' })).toEqual(['jurisdiction']);
    expect(bad({ sources: [{ id: 's', title: 't', status: 'seed', url: 'ftp://x' }] })).toEqual(['sources.0.url']);
    expect(bad({ validity: { from: '2025-02-01', until: '2025-01-31' } })).toEqual(['validity.until']);
    expect(bad({ policyYear: { startMonth: 2, startDay: 30 } })).toEqual(['policyYear.startDay']);
    expect(bad({ rules: { a: { type: 'money', formula: '   ' } } })).toEqual(['rules.a.formula']);
    expect(bad({ rules: { a: { type: 'money', of: ['x'], formula: '1' } } })).toEqual(['rules.a.of']);
    expect(bad({ parameters: { 'a..b': { type: 'money' } } })).toEqual(['parameters.a..b']);
    expect(bad({ parameters: { 'a.in': { type: 'money' } } })).toEqual(['parameters.a.in']);
    expect(bad({ inputs: { e: { type: 'enum', of: ['x'], default: 'y' } } })).toEqual(['inputs.e.default']);
  });
});

describe('CasesFileSchema', () => {
  it('requires cases', () => {
    expect(CasesFileSchema.safeParse({ cases: [] }).success).toBe(true);
    expect(CasesFileSchema.safeParse({ ruleset: 'a@^1' }).success).toBe(false);
  });
});
