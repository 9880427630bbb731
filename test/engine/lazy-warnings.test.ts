/**
 * `program.warnings`: the rule analysis runs on first read (not in every compile), and the result is the same
 * array on every later read (a getter of the program's class).
 */
import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../src/bundled/bundled-rulesets';
import { compile } from '../../src/engine/program';

describe('program.warnings is computed on first read', () => {
  it('is the same array on every read, and reading it leaves the program object as it was', () => {
    const program = compile(bundledRuleset('cn/medical/nanchang'));
    const keys = Object.keys(program);
    const first = program.warnings;
    expect(Array.isArray(first)).toBe(true);
    expect(program.warnings).toBe(first);
    // A getter of the class, not a property redefined on the instance (which makes V8 slow down every
    // evaluation's reads of the program's fields).
    expect(Object.getOwnPropertyDescriptor(program, 'warnings')).toBeUndefined();
    expect(Object.keys(program)).toEqual(keys);
  });

  it('holds the analysis findings whether or not the program evaluated first', () => {
    const a = compile(bundledRuleset('cn/medical/national'));
    const b = compile(bundledRuleset('cn/medical/national'));
    b.safeEvaluate({});
    expect(b.warnings).toEqual(a.warnings);
    expect(a.warnings.some((w) => w.code.startsWith('analysis/'))).toBe(true);
  });
});
