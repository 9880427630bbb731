/**
 * Every bundled ruleset (whatever is in rulesets/ when the tests run) takes the exact fixed-point fast path:
 * `diagnostics()` says so, and its own golden cases — evaluated untraced and traced — are computed by the
 * fast path (counted by `diagnostics()`) and give exactly what the decimal.js reference path gives.
 */
import { describe, expect, it } from 'vitest';
import { compile, type Program } from '../../src/engine/program';
import { createRegistry } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';

const registry = await createRegistry();
const files = registry.list();

function outcome(r: ReturnType<Program['safeEvaluate']>): unknown {
  return r.success ? { result: r.result } : { issues: r.error.issues };
}

let totalFast = 0;

describe('every bundled ruleset is on the fast path', () => {
  it('finds the bundled rulesets', () => {
    expect(files.map((f) => f.id)).toEqual(expect.arrayContaining(['cn/medical/nanchang', 'cn/assistance/national', 'cn/entitlements/national']));
  });

  it.each(files.map((f) => [`${f.id}@${f.version}`, f] as const))('%s', (_name, file) => {
    const resolved = resolveRuleset(file, registry);
    const fast = compile(resolved);
    const reference = compile(resolved, { fastPath: false });
    const d = fast.diagnostics();
    expect(d.whyNoFastPath, `${file.id}: ${d.whyNoFastPath}`).toBeUndefined();
    expect(d.fastPath).toBe(true);
    let fastRuns = 0;
    for (const c of resolved.tests) {
      for (const trace of [false, true]) {
        const options = c.date ? { date: c.date, trace } : { trace };
        const before = fast.diagnostics();
        const got = fast.safeEvaluate(c.input, options);
        const after = fast.diagnostics();
        const want = reference.safeEvaluate(c.input, options);
        expect(outcome(got), `${file.id} case ${c.name ?? ''}${trace ? ' (traced)' : ''}`).toEqual(outcome(want));
        // Every case that gives a result was computed on the fast path, not handed over (a result computed
        // from a figure's bounds comes from the decimal path by design).
        if (want.success && !want.result.determinedByBounds) {
          expect(after.fastEvaluations - before.fastEvaluations, `${file.id} case ${c.name}: computed on the fast path`).toBe(1);
          fastRuns++;
        }
      }
    }
    totalFast += fastRuns;
  });

  it('the golden cases really ran on the fast path', () => {
    // Cases that need an unpublished figure end in an error (or a bounded result) on both paths; most do not.
    expect(totalFast).toBeGreaterThan(100);
  });
});
