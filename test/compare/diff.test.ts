import { describe, expect, it } from 'vitest';
import { loadRuleset } from '../../src/node/load';
import { compile } from '../../src/engine/program';
import { canonicalFormula, diffRulesets, normalizeValue } from '../../src/compare/diff';
import { histogram, measureImpact } from '../../src/compare/impact';
import { syntheticInputs } from '../../src/compare/population';
import { diffHtml, diffText } from '../../src/docs/diff-render';
import { Decimal } from '../../src/money/decimal';

const BASE = 'rulesets/bench/settlement.yaml';
const REFORM = 'test/docs/fixtures/settlement-reform.yaml';

async function pair() {
  const a = await loadRuleset(BASE);
  const b = await loadRuleset(REFORM);
  return { a, b, pa: compile(a), pb: compile(b) };
}

describe('diffRulesets', () => {
  it('aligns parameter timelines by date: new values added, the old ones now end the day before', async () => {
    const { a, b } = await pair();
    const d = diffRulesets(a, b);
    expect(d.identical).toBe(false);
    expect(d.rules).toEqual([]);
    const deductible = d.parameters.find((p) => p.name === 'basic.deductible')!;
    expect(deductible.change).toBe('changed');
    expect(deductible.values.map((v) => [v.from, v.change])).toEqual([
      ['2025-01-01', 'changed'],
      ['2026-01-01', 'added'],
    ]);
    // 2025 value: open-ended in A, until 2025-12-31 in B (the reform starts 2026-01-01).
    expect(deductible.values[0]!.fields).toEqual([{ field: 'until', new: '2025-12-31' }]);
    expect(deductible.values[1]!.new).toMatchObject({ source: 'reform-proposal', layer: 'bench/settlement-reform@1.1.0' });
    // basic.rate: the child gave only key 3; keys 1 and 2 come from the parent's value in force.
    const rate = d.parameters.find((p) => p.name === 'basic.rate')!;
    expect(rate.values[1]!.new!.value).toMatchObject({ '1': 0.9, '2': 0.75, '3': 0.65 });
    expect(d.sources.map((s) => [s.name, s.change])).toEqual([['reform-proposal', 'added']]);
  });

  it('compares numbers by value and formulas as parsed', () => {
    expect(normalizeValue(0.8)).toEqual(normalizeValue('0.80'));
    expect(canonicalFormula('max( 0,\n  a-b )  # why')).toBe(canonicalFormula('max(0, a - b)'));
  });

  it('reports rules whose formula, layer or citation changed', async () => {
    const national = await loadRuleset('cn/medical/national');
    const gansu = await loadRuleset('cn/medical/gansu');
    const d = diffRulesets(national, gansu);
    const extra = d.rules.find((r) => r.name === 'extraHelpPaid')!;
    expect(extra.change).toBe('changed');
    expect(extra.fields.map((f) => f.field)).toContain('formula');
    expect(extra.fields.find((f) => f.field === 'layer')).toEqual({ field: 'layer', old: 'cn/medical/national@2026.1.0', new: 'cn/medical/gansu@2026.1.0' });
  });
});

describe('measureImpact', () => {
  it('counts who gains and loses, with exact totals (secondary claim: basic 7125 → 7200)', async () => {
    const { pa, pb } = await pair();
    const claim = { hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 };
    const impact = measureImpact(pa, pb, [{ input: claim, date: '2026-03-01' }, { input: claim, date: '2025-06-01' }], {
      population: { kind: 'cases', description: 'two claims' },
    });
    expect(impact.evaluated).toBe(2);
    const basic = impact.outputs.find((o) => o.name === 'basicPaid')!;
    // 2026: (10000 − 400) × 0.75 = 7200 vs (10000 − 500) × 0.75 = 7125 → +75; 2025: unchanged.
    // The bench ruleset declares no direction: higher / lower only, no gain or loss is claimed.
    expect([basic.higher, basic.lower, basic.same, basic.gain, basic.lose]).toEqual([1, 0, 1, 0, 0]);
    expect(basic.totalA).toBe('14250.00');
    expect(basic.totalB).toBe('14325.00');
    expect(basic.totalDelta).toBe('75.00');
    const oop = impact.outputs.find((o) => o.name === 'outOfPocket')!;
    expect([oop.higher, oop.lower, oop.totalDelta]).toEqual([0, 1, '-75.00']);
  });

  it('measures a seeded synthetic population deterministically', async () => {
    const { a, b, pa, pb } = await pair();
    const inputs = syntheticInputs({ ...a.inputs, ...b.inputs }, { count: 300, seed: 7, date: '2026-01-01' });
    expect(syntheticInputs({ ...a.inputs, ...b.inputs }, { count: 300, seed: 7, date: '2026-01-01' })).toEqual(inputs);
    const impact = measureImpact(pa, pb, inputs.map((input) => ({ input })), { date: '2026-01-01', population: { kind: 'synthetic', description: '300', seed: 7 } });
    expect(impact.evaluated).toBe(300);
    const basic = impact.outputs.find((o) => o.name === 'basicPaid')!;
    // Lower deductibles and a higher tertiary rate never lower the basic payout.
    expect(basic.lower).toBe(0);
    expect(basic.higher).toBeGreaterThan(0);
    expect(basic.histogram!.reduce((n, bin) => n + bin.count, 0)).toBe(basic.higher + basic.lower);
    expect(new Decimal(basic.totalB!).minus(basic.totalA!).toFixed(2)).toBe(basic.totalDelta);
  });

  it('still compares the outputs a side can compute when a figure is not published', async () => {
    const national = compile(await loadRuleset('cn/medical/national'));
    const nanchang = compile(await loadRuleset('cn/medical/nanchang'));
    const claim = { dischargeDate: '2025-03-15', birthDate: '1980-05-01', hospitalLevel: 'tertiary', bill: { total: 20000, inCatalogue: 20000 } };
    const impact = measureImpact(national, nanchang, [{ input: claim }], { population: { kind: 'cases', description: 'one' } });
    expect(impact.errorsA['eval/no-value-in-force']).toBe(1);
    expect(impact.partial).toBe(1);
    const total = impact.outputs.find((o) => o.name === 'totalCost')!;
    expect([total.compared, total.same]).toEqual([1, 1]);
    const basic = impact.outputs.find((o) => o.name === 'basicPaid')!;
    expect([basic.compared, basic.missingA, basic.missingB]).toEqual([0, 1, 0]);
  });
});

describe('histogram', () => {
  it('uses round bin edges with zero on an edge', () => {
    const bins = histogram(['-30', '-5', '0', '0', '12', '47'].map((x) => new Decimal(x)), 8);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(6);
    expect(bins.some((b) => b.lo === '0')).toBe(true);
    expect(bins[0]!.lo).toBe('-30');
  });
});

describe('diff renderers', () => {
  it('write text and a script-free HTML page with SVG charts', async () => {
    const { a, b, pa, pb } = await pair();
    const d = diffRulesets(a, b);
    const inputs = syntheticInputs({ ...a.inputs, ...b.inputs }, { count: 100, date: '2026-01-01' });
    const impact = measureImpact(pa, pb, inputs.map((input) => ({ input })), { date: '2026-01-01', population: { kind: 'synthetic', description: '100 synthetic inputs' } });
    const text = diffText(d, impact, { lang: 'en' }).join('\n');
    expect(text).toContain('from 2026-01-01: added 1 100.00 · 2 400.00 · 3 800.00 [reform-proposal]');
    // output, for person (— : no direction), higher, lower, same, better, worse, Σ Δ money
    expect(text).toMatch(/basicPaid\s+—\s+\d+\s+0\s+\d+\s+—\s+—\s+\+[\d,]+\.\d\d/);
    const page = diffHtml(d, impact, { lang: 'both' });
    expect(page).toContain('<svg');
    expect(page).not.toContain('<script');
    expect(page).toContain('id="impact-basicPaid"');
  });
});
