/**
 * Input checking of program.evaluate (src/engine/input.ts) and its options (src/engine/options.ts): nothing
 * is guessed — unknown keys at any depth are refused with the closest declared name, a declared input
 * without a default is input/missing, records must be plain objects — and every message stays short.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/errors';
import { compile, parseRuleset, type Program } from '../../src/index';
import { bundledRuleset } from '../../src/bundled/bundled-rulesets';
import { settleClaim } from '../../src/domains/medical';
import { MAX_ERROR_MESSAGE_LENGTH, unknownKeyIssue } from '../../src/errors';

const RULESET = `
id: test/input
version: 1.0.0
jurisdiction: CN
label: { zh: 测试, en: Test }
inputs:
  level: { type: enum, of: [primary, secondary, tertiary] }
  assets:
    type: record
    optional: true
    fields:
      financial: { type: money }
      vehicles: { type: integer, default: 0 }
  members:
    type: list
    default: []
    items:
      type: record
      fields:
        age: { type: integer }
        residence:
          type: record
          optional: true
          fields:
            since: { type: date }
            place: { type: enum, of: [here, there], default: here }
rules:
  memberCount: { type: integer, formula: count(members) }
  vehicleCount: { type: integer, formula: assets.vehicles }
  savings: { type: money, formula: assets.financial }
`;

const program: Program = compile(parseRuleset(RULESET, { file: 'input.yaml' }));
const decimal: Program = compile(parseRuleset(RULESET, { file: 'input.yaml' }), { fastPath: false });
const DATE = { date: '2025-06-01' } as const;

describe('unknown keys at any depth', () => {
  it('refuses a typo in a nested record with the path and the closest declared name', () => {
    const e = errorOf(() => program.evaluate({ level: 'primary', assets: { financial: '100', vehicle: 2 } }, DATE));
    expect(e.issues).toEqual([expect.objectContaining({ code: 'input/unknown-field', path: ['assets', 'vehicle'], message: "unknown field 'vehicle' in assets (did you mean 'vehicles'?)" })]);
  });

  it('refuses one inside a record inside a list item', () => {
    const e = errorOf(() => program.evaluate({ level: 'primary', members: [{ age: 3 }, { age: 4, residence: { sinse: '2020-01-01' } }] }, DATE));
    expect(e.issues.map((i) => [i.code, i.path])).toContainEqual(['input/unknown-field', ['members', 1, 'residence', 'sinse']]);
    expect(e.message).toMatch(/did you mean 'since'\?/);
  });

  it('refuses an own __proto__ key (JSON.parse makes one) and a constructor key', () => {
    const e = errorOf(() => program.evaluate(JSON.parse('{"level":"primary","assets":{"financial":"1","__proto__":{"vehicles":9}}}'), DATE));
    expect(e.issues[0]).toMatchObject({ code: 'input/unknown-field', path: ['assets', '__proto__'] });
    expect(errorOf(() => program.evaluate({ level: 'primary', constructor: 1 }, DATE)).issues[0]).toMatchObject({ path: ['constructor'] });
  });

  it('lists the declared fields when no name is close, and counts what it does not list', () => {
    expect(unknownKeyIssue('salary', ['birthDate', 'hukou'], ['person']).message).toBe("unknown field 'salary' in person (known: birthDate, hukou)");
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const e = errorOf(() => program.evaluate({ level: 'primary', ...many }, DATE));
    expect(e.issues.length).toBeLessThanOrEqual(101);
    expect(e.issues.at(-1)!.message).toMatch(/and 99980 more unknown fields/);
    expect(e.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  });

  it('cuts a megabyte-long key in the path and the message', () => {
    const key = 'k'.repeat(1_000_000);
    const e = errorOf(() => program.evaluate({ level: 'primary', assets: { financial: 1, [key]: 1 } }, DATE));
    expect(String(e.issues[0]!.path![1]).length).toBe(201);
    expect(e.message.length).toBeLessThan(400);
  });
});

describe('nothing guessed', () => {
  it('refuses a present record without a required field, and takes an absent optional record as having no fields', () => {
    expect(errorOf(() => program.evaluate({ level: 'primary', assets: { vehicles: 1 } }, DATE)).issues).toEqual([
      expect.objectContaining({ code: 'input/missing', path: ['assets', 'financial'] }),
    ]);
    // Absent: the default applies, the field without one is absent — a rule that reads it fails, the others run.
    const r = program.evaluate({ level: 'primary' }, { ...DATE, outputs: ['vehicleCount', 'memberCount'] });
    expect(r.outputs).toEqual({ vehicleCount: 0, memberCount: 0 });
    expect(errorOf(() => program.evaluate({ level: 'primary' }, { ...DATE, outputs: ['savings'] })).code).toBe('input/missing');
  });

  it('refuses a record that is not a plain object (its inherited fields would be read or ignored)', () => {
    const inherited = Object.assign(Object.create({ vehicles: 5 }) as object, { financial: '1' });
    for (const p of [decimal]) {
      expect(errorOf(() => p.evaluate({ level: 'primary', assets: inherited }, DATE)).issues[0]).toMatchObject({ code: 'input/type', path: ['assets'] });
      expect(errorOf(() => p.evaluate(Object.create({ level: 'primary' }), DATE)).code).toBe('input/type');
    }
  });

  it('reads a hole in a sparse list as a missing item (no TypeError)', () => {
    // eslint-disable-next-line no-sparse-arrays
    const e = errorOf(() => program.evaluate({ level: 'primary', members: [{ age: 1 }, , { age: 2 }] }, DATE));
    expect(e.issues[0]).toMatchObject({ code: 'input/missing', path: ['members', 1] });
  });

  it('quotes at most a short prefix of a wrong value, however big or deep', () => {
    const huge = 'x'.repeat(10_000_000);
    const e = errorOf(() => program.evaluate({ level: huge }, DATE));
    expect(e.code).toBe('input/enum');
    expect(e.message.length).toBeLessThan(300);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = (deep['a'] = {}) as Record<string, unknown>;
    expect(errorOf(() => program.evaluate({ level: root }, DATE)).message).toMatch(/got an object/);
    expect(errorOf(() => program.evaluate({ level: 'Primary' }, DATE)).message).toMatch(/did you mean 'primary'\?/);
  });
});

describe('options of evaluate', () => {
  const input = { level: 'primary' };
  it('refuses options that are not an object, and options of the wrong kind', () => {
    expect(errorOf(() => program.evaluate(input, 'trace' as never)).code).toBe('options/invalid');
    expect(errorOf(() => program.evaluate(input, null as never)).code).toBe('options/invalid');
    const outputs = errorOf(() => program.evaluate(input, { ...DATE, outputs: 'memberCount' } as never));
    expect(outputs.issues[0]).toMatchObject({ code: 'options/invalid', path: ['outputs'], message: 'expected a list, got "memberCount"' });
    expect(errorOf(() => program.evaluate(input, { ...DATE, trace: 'yes' } as never)).issues[0]).toMatchObject({ code: 'options/invalid', path: ['trace'] });
    expect(errorOf(() => program.evaluate(input, { ...DATE, outputs: ['x'.repeat(1000)] })).code).toBe('options/invalid');
  });

  it('refuses an unknown option with the closest known one', () => {
    expect(errorOf(() => program.evaluate(input, { ...DATE, output: ['memberCount'] } as never)).message).toMatch(/unknown option 'output' \(did you mean 'outputs'\?\)/);
    expect(errorOf(() => program.evaluate(input, Object.create({ trace: true }) as never)).code).toBe('options/invalid');
  });

  it('safeEvaluate returns the refusal', () => {
    const r = program.safeEvaluate(input, 'trace' as never);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.code).toBe('options/invalid');
  });

  it('accepts well-formed options unchanged', () => {
    expect(program.evaluate(input, { ...DATE, trace: false, outputs: ['memberCount'] }).outputs).toEqual({ memberCount: 0 });
  });
});

describe('the bill totals of the medical rulesets', () => {
  const nanchang = compile(bundledRuleset('cn/medical/nanchang'));
  const claim = { dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary' };

  it('are required when a bill is given: evaluate and settleClaim agree on input/missing', () => {
    const evaluated = errorOf(() => nanchang.evaluate({ ...claim, bill: { total: '20000' } }));
    expect(evaluated.issues).toEqual([expect.objectContaining({ code: 'input/missing', path: ['bill', 'inCatalogue'] })]);
    const settled = errorOf(() => settleClaim({ ...claim, personId: 'p', bill: { total: '20000' } } as never, { ruleset: nanchang }));
    expect(settled.issues).toEqual([expect.objectContaining({ code: 'input/missing', path: ['bill', 'inCatalogue'] })]);
  });

  it('are not needed for an itemised bill', () => {
    expect(nanchang.evaluate({ ...claim, items: [{ amount: '100', class: 'A' }] }).outputs['totalCost']).toBe('100.00');
  });
});

describe('error messages stay short', () => {
  it('lists at most 20 issues in the message, counts the rest, and cuts at 2,000 characters', async () => {
    const { MinshengError, formatPath } = await import('../../src/errors');
    const issues = Array.from({ length: 500 }, (_, i) => ({ code: 'input/type' as const, message: `problem ${i} ${'x'.repeat(200)}`, path: ['a', i] }));
    const e = new MinshengError(issues);
    expect(e.issues).toHaveLength(500);
    expect(e.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(new MinshengError(issues.slice(0, 25).map((i) => ({ ...i, message: 'm' }))).message).toMatch(/… and 5 more issues$/);
    // A long key in a path is shown as a quoted prefix; the whole path text is bounded.
    expect(formatPath(['a', 'k'.repeat(10_000)]).length).toBeLessThan(80);
    expect(formatPath(Array.from({ length: 10_000 }, () => 'segment')).length).toBeLessThanOrEqual(300);
  });
});
