/**
 * The ruleset format's public interfaces (src/ruleset/types.ts, written without zod so that the published
 * declarations do not import it) are exactly what the zod schemas produce: a field added to a schema
 * and not to its interface, or typed differently, fails type-checking here (`npx tsc --noEmit -p .`).
 */
import { expectTypeOf } from 'expect-type';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  CasesFileSchema,
  ConstraintDeclSchema,
  ParameterDeclSchema,
  ParameterValueSchema,
  RuleDeclSchema,
  RulesetFileSchema,
  SourceDeclSchema,
  TestCaseSchema,
} from '../../src/ruleset/schema';
import type { CasesFile, ConstraintDecl, ParameterDecl, ParameterValue, RuleDecl, RulesetFile, SourceDecl, TestCase } from '../../src/ruleset/types';

describe('the ruleset interfaces equal z.infer of their schemas', () => {
  it('every declaration and whole file', () => {
    expectTypeOf<ConstraintDecl>().toEqualTypeOf<z.infer<typeof ConstraintDeclSchema>>();
    expectTypeOf<SourceDecl>().toEqualTypeOf<z.infer<typeof SourceDeclSchema>>();
    expectTypeOf<ParameterValue>().toEqualTypeOf<z.infer<typeof ParameterValueSchema>>();
    expectTypeOf<ParameterDecl>().toEqualTypeOf<z.infer<typeof ParameterDeclSchema>>();
    expectTypeOf<RuleDecl>().toEqualTypeOf<z.infer<typeof RuleDeclSchema>>();
    expectTypeOf<TestCase>().toEqualTypeOf<z.infer<typeof TestCaseSchema>>();
    expectTypeOf<RulesetFile>().toEqualTypeOf<z.infer<typeof RulesetFileSchema>>();
    expectTypeOf<CasesFile>().toEqualTypeOf<z.infer<typeof CasesFileSchema>>();
  });

  it('a parsed file is typed as the interface (runtime check that the schema and interface name the same keys)', () => {
    const parsed: RulesetFile = RulesetFileSchema.parse({ id: 'demo', jurisdiction: 'CN', version: '1.0.0', label: { zh: '示例', en: 'Demo' }, tests: [{ name: 'a', expect: { x: 1 } }] });
    const test: TestCase | undefined = parsed.tests?.[0];
    // `input` defaults to {} (the interface has it required).
    expect(test?.input).toEqual({});
  });
});
