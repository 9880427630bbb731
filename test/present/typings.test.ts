/**
 * Generated ruleset types: they type-check (strict, exactOptionalPropertyTypes), `compile<Types>` makes a
 * misspelled output or input field a compile error, and the types say what evaluate really returns.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRuleset, bundledRulesetIds } from '../../src/bundled/bundled-rulesets';
import { compile } from '../../src/engine/program';
import { rulesetTypings } from '../../src/present/typings';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

const CLAIM = { dischargeDate: '2025-07-20', admissionDate: '2025-07-02', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: '138300', inCatalogue: '121000' } } as const;

/** Type-checks `files` (name → text) in a temporary folder with the repository's strict settings; returns tsc's output. */
function typeCheck(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-typings-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], strict: true, exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true, skipLibCheck: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], paths: { 'expect-type': [join(ROOT, 'node_modules/expect-type')] },
      },
      files: Object.keys(files).filter((f) => f.endsWith('.ts')),
    }));
    const result = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`.replaceAll(`${dir}/`, '').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rulesetTypings', () => {
  const program = compile(bundledRuleset('cn/medical/nanchang'));
  const typings = rulesetTypings(program);

  it('declares every input and output, enums as unions and money as a branded string', () => {
    for (const name of program.outputs) expect(typings).toMatch(new RegExp(`^  readonly ${name}: `, 'm'));
    expect(typings).toContain('readonly basicPaid: Money;');
    expect(typings).toContain('readonly hospitalLevel: "primary" | "secondary" | "tertiary";');
    expect(typings).toContain(`(${program.hash})`);
  });

  it('says what evaluate returns: money outputs are strings with 2 decimals, booleans booleans, integers numbers', () => {
    const outputs = program.evaluate(CLAIM).outputs;
    for (const name of program.outputs) {
      const declared = new RegExp(`^  readonly ${name}: (.*);$`, 'm').exec(typings)?.[1];
      const value = outputs[name];
      if (declared === 'Money') expect(value, name).toMatch(/^-?\d+\.\d{2}$/);
      else if (declared === 'boolean') expect(typeof value, name).toBe('boolean');
      else if (declared === 'number') expect(Number.isInteger(value), name).toBe(true);
      else if (declared === 'DecimalText' || declared === 'DateText') expect(typeof value, name).toBe('string');
      else if (declared?.startsWith('"')) expect(declared.split(' | ').map((v) => JSON.parse(v) as string), name).toContain(value);
    }
  });

  it('makes a misspelled output or input field a compile error with compile<Types> (and every bundled ruleset\'s declarations type-check)', () => {
    const usage = `import { expectTypeOf } from 'expect-type';
import { compile, type Program } from '${ROOT}/src/engine/program';
import type { ResolvedRuleset } from '${ROOT}/src/ruleset/resolved';
import type { OutputValue } from '${ROOT}/src/engine/trace';
import type { Money, Types } from './nanchang';

// (The ruleset as a value is not needed to check types, and leaving the bundled data out keeps tsc quick.)
declare const nanchang: ResolvedRuleset;
const program = compile<Types>(nanchang);
const result = program.evaluate(${JSON.stringify(CLAIM)});
expectTypeOf(result.outputs.basicPaid).toEqualTypeOf<Money>();
expectTypeOf(result.outputs.basicPaid).toMatchTypeOf<string>();
// @ts-expect-error a misspelled output does not exist
result.outputs.basicPayd;
// @ts-expect-error a misspelled input field is refused
program.evaluate({ dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', hospitalLevle: 'tertiary' });
// @ts-expect-error not one of the enum's values
program.evaluate({ dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'quaternary' });
// @ts-expect-error a required input is missing
program.evaluate({ dischargeDate: '2025-07-20', hospitalLevel: 'tertiary' });
const safe = program.safeEvaluate(${JSON.stringify(CLAIM)});
if (safe.success) expectTypeOf(safe.result.outputs.outOfPocket).toEqualTypeOf<Money>();
// A typed program is still a Program (facades and runCases take one).
export const untypedView: Program = program;
// Without generated types: outputs by name, possibly absent.
const untyped = compile(nanchang);
expectTypeOf(untyped.evaluate({}).outputs['basicPayd']).toEqualTypeOf<OutputValue | undefined>();
`;
    // One tsc run for the usage and every bundled ruleset's declarations.
    const all: Record<string, string> = { 'nanchang.d.ts': typings, 'usage.ts': usage };
    for (const { id } of bundledRulesetIds()) all[`${id.replaceAll('/', '_')}.ts`] = rulesetTypings(compile(bundledRuleset(id))).replace('// Types', 'export {};\n// Types');
    expect(typeCheck(all)).toBe('');
    // The control: without the @ts-expect-error lines, each of those lines is an error.
    const errors = typeCheck({ 'nanchang.d.ts': typings, 'usage.ts': usage.replace(/^\/\/ @ts-expect-error.*\n/gm, '') });
    expect(errors).toContain("Property 'basicPayd' does not exist");
    expect(errors).toContain("'hospitalLevle' does not exist");
    expect(errors).toContain('"quaternary"');
    expect(errors).toContain("Property 'birthDate' is missing");
  }, 180_000);
});
