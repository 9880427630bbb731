/**
 * `program.warnings`: the rule analysis runs on first read (not in every compile), and the result is the same
 * array on every later read, a plain enumerable property like any other of the program.
 */
import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../src/bundled/bundled-rulesets';
import { compile } from '../../src/engine/program';

describe('program.warnings is computed on first read', () => {
  it('is the same array on every read, and an enumerable own property', () => {
    const program = compile(bundledRuleset('cn/medical/nanchang'));
    expect(Object.keys(program)).toContain('warnings');
    const first = program.warnings;
    expect(Array.isArray(first)).toBe(true);
    expect(program.warnings).toBe(first);
    expect(Object.getOwnPropertyDescriptor(program, 'warnings')).toMatchObject({ value: first, enumerable: true });
  });

  it('holds the analysis findings whether or not the program evaluated first', () => {
    const a = compile(bundledRuleset('cn/medical/national'));
    const b = compile(bundledRuleset('cn/medical/national'));
    b.safeEvaluate({});
    expect(b.warnings).toEqual(a.warnings);
    expect(a.warnings.some((w) => w.code.startsWith('analysis/'))).toBe(true);
  });
});
