/**
 * Answers despite unpublished figures: a figure only a branch not taken needs never blocks a result; an
 * output that does need one fails naming it — or, asked to, is listed as unknown; a caller may supply the
 * figure, and every result says it was assumed.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { loadRuleset } from '../../src/node/load';
import { settleClaim } from '../../src/domains/medical';
import { EMPTY_YTD, checkClaim, toRulesetInput } from '../../src/domains/medical/claim';
import { errorOf } from '../helpers/errors';
import { rulesetYaml } from './helpers';

const RULESET = rulesetYaml(`
inputs:
  cost: { type: money, label: { zh: 费用, en: Cost } }
  vulnerable: { type: boolean, label: { zh: 困难人员, en: Vulnerable } }
parameters:
  rate: { type: rate, label: { zh: 比例, en: Rate }, values: [ { from: 2025-01-01, value: 0.6, source: src } ] }
  extraShare: { type: rate, regional: true, label: { zh: 倾斜比例, en: Extra share } }
rules:
  extra: { type: money, label: { zh: 倾斜, en: Extra }, formula: "round(cost * extraShare, 2)", source: src, output: false }
  paid: { type: money, label: { zh: 支付, en: Paid }, formula: "round(cost * rate, 2) + (if vulnerable then extra else 0)", source: src }
  basic: { type: money, label: { zh: 基本, en: Basic }, formula: "round(cost * rate, 2)", source: src }
`);

const program = compile(parseRuleset(RULESET, { file: 'unpublished.yaml' }));
const ordinary = { cost: '1000', vulnerable: false };
const vulnerable = { cost: '1000', vulnerable: true };

describe('a figure the region has not published', () => {
  it('never blocks a result that does not read it (the rule that needs it is on a branch not taken)', () => {
    // paid = 1,000 × 60% + 0 = 600.00; `extra` fails (no extraShare) but only the vulnerable branch reads it.
    for (const trace of [false, true]) {
      const r = program.evaluate(ordinary, { date: '2025-06-01', trace });
      expect(r.outputs).toEqual({ paid: '600.00', basic: '600.00' });
      if (trace) expect(r.trace!.map((t) => t.name)).toEqual(['paid', 'basic']);
    }
    // The untraced decimal path agrees (the fast path hands over when a figure is missing).
    const reference = compile(parseRuleset(RULESET, { file: 'unpublished.yaml' }), { fastPath: false });
    expect(reference.evaluate(ordinary, { date: '2025-06-01' }).outputs).toEqual({ paid: '600.00', basic: '600.00' });
  });

  it('fails naming the figure when an output needs it', () => {
    const e = errorOf(() => program.evaluate(vulnerable, { date: '2025-06-01' }));
    expect(e.code).toBe('eval/no-value-in-force');
    expect(e.issues[0]!.path).toEqual(['parameters', 'extraShare']);
    expect(e.message).toMatch(/rule extra: parameter extraShare has no value in force on 2025-06-01 — this figure is regional/);
  });

  it("lists the output as unknown with the figures it needs when asked (unknowns: 'report')", () => {
    const r = program.evaluate(vulnerable, { date: '2025-06-01', unknowns: 'report' });
    expect(r.outputs).toEqual({ basic: '600.00' });
    expect(r.unknown?.['paid']?.needs).toEqual(['extraShare']);
    expect(r.unknown?.['paid']?.issues[0]?.code).toBe('eval/no-value-in-force');
    // Nothing unknown: no `unknown` key at all.
    expect(program.evaluate(ordinary, { date: '2025-06-01', unknowns: 'report' })).not.toHaveProperty('unknown');
  });

  it('takes a figure the caller supplies, and says so in the provenance, the hash and the trace', () => {
    const assumed = compile(parseRuleset(RULESET, { file: 'unpublished.yaml' }), { assume: { extraShare: '0.1' } });
    const r = assumed.evaluate(vulnerable, { date: '2025-06-01', trace: true });
    // paid = 600.00 + round(1,000 × 10%, 2) = 700.00
    expect(r.outputs['paid']).toBe('700.00');
    expect(r.provenance.assumptions).toEqual({ extraShare: '0.1' });
    expect(r.provenance.hash).not.toBe(program.hash);
    const use = r.trace!.find((t) => t.name === 'extra')!.uses.find((u) => u.name === 'extraShare');
    expect(use).toMatchObject({ kind: 'parameter', assumed: true, layer: 'assumed by the caller', value: '0.1' });
    // Without assumptions the provenance carries none.
    expect(program.evaluate(ordinary, { date: '2025-06-01' }).provenance).not.toHaveProperty('assumptions');
  });

  it('refuses an assumption for a parameter the ruleset does not declare, with a suggestion', () => {
    const e = errorOf(() => compile(parseRuleset(RULESET, { file: 'unpublished.yaml' }), { assume: { extraShar: '0.1' } }));
    expect(e.code).toBe('options/invalid');
    expect(e.message).toMatch(/did you mean 'extraShare'/);
    expect(errorOf(() => compile(parseRuleset(RULESET, { file: 'unpublished.yaml' }), { assume: { extraShare: 'ten' } })).code).toBe('options/invalid');
  });
});

describe('Shanghai, whose basic annual cap is not published', () => {
  const claim = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2024-06-01', birthDate: '1984-02-02', bill: { total: 10000, inCatalogue: 10000 } } as const;

  it('stops at the cap without an assumption, and settles with one that provenance records', async () => {
    const resolved = await loadRuleset('cn/medical/shanghai');
    expect(errorOf(() => settleClaim(claim, { ruleset: compile(resolved) })).issues[0]!.path).toEqual(['parameters', 'basic.annualCap']);
    const planner = compile(resolved, { assume: { 'basic.annualCap': '500000' } });
    const s = settleClaim(claim, { ruleset: planner });
    // Tertiary, aged 40: (10,000 − 300 per-stay deductible) × 60% (the tertiary share the FAQ gives) = 5,820.00.
    expect(s.tiers.basic).toBe('5820.00');
    expect(s.provenance.assumptions).toEqual({ 'basic.annualCap': '500000.00' });
  });
});

describe('an unpublished figure with cited bounds (bounds:)', () => {
  // No published source bounds Shanghai's residents' annual cap (notes/annual-cap-bound.md: the 2009–2012
  // national "about 6 × disposable income" targets were time-limited and are not verifiably in force). The
  // mechanism is shown on a test-only layer whose bound is marked illustrative — never bundled.
  const ILLUSTRATIVE = `id: test/shanghai-bounded
jurisdiction: CN-31
version: 1.0.0
extends: cn/medical/shanghai@^2026.1
label: { zh: 上海（示意上下限，仅供测试）, en: Shanghai with an illustrative bound (tests only) }
sources:
  - { id: test-illustrative-bound, title: "ILLUSTRATIVE bound for tests — not a published figure", issuer: tests, status: inferred }
parameters:
  basic.annualCap: { bounds: { atLeast: 50000, source: test-illustrative-bound } }
`;
  const small = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2024-06-01', birthDate: '1984-02-02', bill: { total: 10000, inCatalogue: 10000 } } as const;
  const large = { ...small, bill: { total: 200000, inCatalogue: 200000 } } as const;

  it('computes exactly an output the bound makes independent of the figure, and says which bound did it', async () => {
    const { bundledRegistry } = await import('../../src/bundled/bundled-rulesets');
    const bounded = compile(parseRuleset(ILLUSTRATIVE, { file: 'bounded.yaml', registry: bundledRegistry() }));
    // (10,000 − 300) × 60% = 5,820 ≤ any cap ≥ 50,000: the fund pays 5,820.00 whatever the cap.
    const s = settleClaim(small, { ruleset: bounded });
    expect(s.tiers.basic).toBe('5820.00');
    const r = bounded.evaluate(toRulesetInput(bounded, checkClaim(small), EMPTY_YTD), { date: '2024-06-01', outputs: ['basicPaid'] });
    expect(r.outputs['basicPaid']).toBe('5820.00');
    expect(r.determinedByBounds?.['basicPaid']).toEqual([{ parameter: 'basic.annualCap', atLeast: '50000', source: 'test-illustrative-bound' }]);
    expect(r.provenance).not.toHaveProperty('assumptions');
  });

  it('still fails naming the figure when the claim could reach the bound, and settles with an assumption', async () => {
    const { bundledRegistry } = await import('../../src/bundled/bundled-rulesets');
    const resolved = parseRuleset(ILLUSTRATIVE, { file: 'bounded.yaml', registry: bundledRegistry() });
    // (200,000 − 300) × 60% = 119,820 > 50,000: the cap may bind, so the payment is not determined.
    const e = errorOf(() => settleClaim(large, { ruleset: compile(resolved) }));
    expect(e.issues[0]!.path).toEqual(['parameters', 'basic.annualCap']);
    const s = settleClaim(large, { ruleset: compile(resolved, { assume: { 'basic.annualCap': '100000' } }) });
    expect(s.tiers.basic).toBe('100000.00');
    expect(s.provenance.assumptions).toEqual({ 'basic.annualCap': '100000.00' });
  });
});

describe('bounds: without a declared source', () => {
  it('is refused like any citation the chain does not declare (ruleset/unknown-source)', async () => {
    const { bundledRegistry } = await import('../../src/bundled/bundled-rulesets');
    const text = `id: test/uncited-bound
jurisdiction: CN-31
version: 1.0.0
extends: cn/medical/shanghai@^2026.1
label: { zh: 无来源上下限, en: Uncited bound }
parameters:
  basic.annualCap: { bounds: { atLeast: 50000, source: nowhere } }
`;
    const e = errorOf(() => parseRuleset(text, { file: 'uncited.yaml', registry: bundledRegistry() }));
    expect(e.issues).toEqual([expect.objectContaining({ code: 'ruleset/unknown-source', path: ['parameters', 'basic.annualCap', 'bounds', 'source'] })]);
  });
});
