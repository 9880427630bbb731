/**
 * Programs compiled from one ruleset share its fast path (src/engine/fast-path.ts sharedFastPath), but only
 * when the ruleset's hash is known to be its content's (src/ruleset/load.ts isContentHashed): a ruleset object
 * a caller built or changed, carrying some other ruleset's hash, must never get that ruleset's fast path.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { bundledRuleset, compile, loadRuleset, parseRuleset, type Program } from '../../src/index';
import { isContentHashed } from '../../src/ruleset/marks';
import type { ResolvedRuleset } from '../../src/ruleset/resolved';

const FILE = 'rulesets/bench/settlement.yaml';
const DATE = { date: '2025-06-01' };
const CLAIM = { hospitalLevel: '2', totalCost: 12000, eligibleCost: 10000, personCategory: 'none' };
const fastOf = (program: Program): unknown => (program as unknown as { fast: unknown }).fast;

/** Every object reachable from `value` is frozen (what lets equal hashes stand for equal content). */
function deeplyFrozen(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  return Reflect.ownKeys(value).every((k) => deeplyFrozen((value as Record<PropertyKey, unknown>)[k], seen));
}

describe('programs of one ruleset share its fast path', () => {
  it('two loads of one file, the bundled copy and a parse of its text: one fast path, the same results, their own counters', async () => {
    const a = await loadRuleset(FILE, { noBundled: true });
    const b = await loadRuleset(FILE, { noBundled: true });
    const bundled = bundledRuleset('bench/settlement');
    const parsed = parseRuleset(readFileSync(FILE, 'utf8'), { file: 'copy.yaml' });
    expect(a).not.toBe(b);
    for (const r of [a, b, bundled, parsed]) {
      expect(r.hash).toBe(a.hash);
      expect(isContentHashed(r)).toBe(true);
      expect(deeplyFrozen(r)).toBe(true);
    }
    const programs = [compile(a), compile(b), compile(bundled), compile(parsed), compile(a, { fastPath: false })];
    expect(fastOf(programs[0]!)).not.toBeNull();
    for (const p of programs.slice(1, 4)) expect(fastOf(p)).toBe(fastOf(programs[0]!));
    expect(fastOf(programs[4]!)).toBeNull();
    const expected = programs[4]!.evaluate(CLAIM, DATE).outputs;
    expect(expected['basicPaid']).toBe('7125.00'); // (10000 − 500) × 0.75
    for (const p of programs) expect(p.evaluate(CLAIM, DATE).outputs).toEqual(expected);
    programs[1]!.evaluate(CLAIM, DATE);
    expect(programs.slice(0, 4).map((p) => p.diagnostics().fastEvaluations)).toEqual([1, 2, 1, 1]);
  });

  it('a ruleset object changed by a caller, keeping the hash, gets its own fast path and its own figures', async () => {
    const original = await loadRuleset(FILE, { noBundled: true });
    const first = compile(original);
    const deductible = original.parameters['basic.deductible']!;
    const changed = {
      ...original,
      parameters: {
        ...original.parameters,
        'basic.deductible': { ...deductible, values: [{ ...deductible.values[0]!, value: { '1': 200, '2': 1500, '3': 1000 } }] },
      },
    } as ResolvedRuleset;
    expect(changed.hash).toBe(original.hash);
    expect(isContentHashed(changed)).toBe(false);
    const program = compile(changed);
    expect(fastOf(program)).not.toBeNull();
    expect(fastOf(program)).not.toBe(fastOf(first));
    expect(program.diagnostics().fastPath).toBe(true);
    // (10000 − 1500) × 0.75 = 6375: the changed deductible, not the shared ruleset's 500.
    expect(program.evaluate(CLAIM, DATE).outputs['basicPaid']).toBe('6375.00');
    expect(program.diagnostics().fastEvaluations).toBe(1);
    expect(first.evaluate(CLAIM, DATE).outputs['basicPaid']).toBe('7125.00');
  });

  it('many different rulesets in one process: each program keeps evaluating its own', () => {
    const text = readFileSync(FILE, 'utf8');
    const programs = Array.from({ length: 70 }, (_, n) =>
      compile(parseRuleset(text.replace('value: { "1": 200, "2": 500, "3": 1000 }', `value: { "1": 200, "2": ${500 + n}, "3": 1000 }`), { file: `copy-${n}.yaml` })),
    );
    expect(new Set(programs.map((p) => p.hash)).size).toBe(70);
    programs.forEach((p, n) => {
      // (10000 − (500 + n)) × 0.75, to the fen
      expect(p.evaluate(CLAIM, DATE).outputs['basicPaid']).toBe(((10000 - 500 - n) * 0.75).toFixed(2));
    });
    // Compiled again after the 64 kept were pruned: still shared with the program that is alive.
    const again = compile(parseRuleset(text.replace('value: { "1": 200, "2": 500, "3": 1000 }', 'value: { "1": 200, "2": 569, "3": 1000 }'), { file: 'again.yaml' }));
    expect(again.hash).toBe(programs[69]!.hash);
    expect(fastOf(again)).toBe(fastOf(programs[69]!));
    expect(again.evaluate(CLAIM, DATE).outputs['basicPaid']).toBe('7073.25');
  });
});
