/**
 * For every bundled ruleset with a fast path: random inputs built from its declared input types give the
 * same outputs — or the same error — on the fixed-point fast path and on the decimal.js reference path.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/engine/program';
import { createRegistry } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import type { InputDecl } from '../../src/ruleset/schema';

function arbitraryFor(decl: InputDecl, depth = 0): fc.Arbitrary<unknown> {
  const maybeAbsent = (a: fc.Arbitrary<unknown>) => (decl.optional || decl.default !== undefined ? fc.option(a, { nil: undefined, freq: 5 }) : a);
  switch (decl.type) {
    case 'money':
      return maybeAbsent(fc.oneof(fc.integer({ min: 0, max: 50_000_000 }).map((n) => n / 100), fc.integer({ min: 0, max: 500_000 }).map(String)));
    case 'integer':
      return maybeAbsent(fc.integer({ min: 0, max: 12 }));
    case 'rate':
    case 'decimal':
      return maybeAbsent(fc.integer({ min: 0, max: 100 }).map((n) => n / 100));
    case 'boolean':
      return maybeAbsent(fc.boolean());
    case 'date':
      return maybeAbsent(fc.integer({ min: 0, max: 365 * 60 }).map((d) => new Date(Date.UTC(1966, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)));
    case 'enum':
      return maybeAbsent(fc.constantFrom(...decl.of));
    case 'record': {
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, field] of Object.entries(decl.fields)) shape[name] = arbitraryFor(field, depth + 1);
      return maybeAbsent(fc.record(shape, { requiredKeys: [] }));
    }
    case 'list':
      return maybeAbsent(fc.array(arbitraryFor(decl.items, depth + 1), { maxLength: depth > 1 ? 1 : 4 }));
  }
}

const registry = await createRegistry();
const programs = registry
  .list()
  .filter((file) => !file.id.startsWith('bench/'))
  .map((file) => {
    const resolved = resolveRuleset(file, registry);
    return Object.assign(compile(resolved), { reference: compile(resolved, { fastPath: false }) });
  })
  .filter((program) => program.diagnostics().fastPath);

describe('fast path vs decimal path on every bundled ruleset', () => {
  it('covers more than the benchmark ruleset', () => {
    expect(programs.map((p) => p.id)).toContain('cn/medical/nanchang');
  });

  it.each(programs.map((p) => [p.id, p] as const))('%s: same outputs or the same error', (_id, program) => {
    const inputs = fc.record(Object.fromEntries(Object.entries(program.ruleset.inputs).map(([name, decl]) => [name, arbitraryFor(decl)])), { requiredKeys: [] });
    const date = fc.integer({ min: 0, max: 1000 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    let fastRuns = 0;
    let successes = 0;
    fc.assert(
      fc.property(inputs, date, (raw, day) => {
        const input = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
        const before = program.diagnostics().fastEvaluations;
        const fast = program.safeEvaluate(input, { date: day });
        fastRuns += program.diagnostics().fastEvaluations - before;
        const slow = program.reference.safeEvaluate(input, { date: day });
        expect(fast.success).toBe(slow.success);
        // Outputs computed from a figure's bounds (interval evaluation) come only from the decimal path.
        if (slow.success && !slow.result.determinedByBounds) successes++;
        if (slow.success && slow.result.determinedByBounds) fastRuns -= program.diagnostics().fastEvaluations - before;
        if (fast.success && slow.success) expect(fast.result.outputs).toEqual(slow.result.outputs);
        if (!fast.success && !slow.success) expect(fast.error.issues).toEqual(slow.error.issues);
        // Traced: the same explanation, read for read, whichever path computed it.
        const fastTraced = program.safeEvaluate(input, { date: day, trace: true });
        const slowTraced = program.reference.safeEvaluate(input, { date: day, trace: true });
        expect(fastTraced).toEqual(slowTraced);
      }),
      { numRuns: 400 },
    );
    // Many random inputs end in an error (figures a region did not publish), which the decimal path
    // reports; every input that does give a result must have been computed by the fast path.
    expect(fastRuns).toBe(successes);
  });
});
