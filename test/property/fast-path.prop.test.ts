/**
 * The fixed-point fast path must agree with the decimal.js path (the reference) on every input, and
 * must really run: prove both.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { roundDiv, renderFixed } from '../../src/money/fen';
import { Decimal } from '../../src/money/decimal';
import { round, ROUNDING_MODES } from '../../src/money/round';
import { formatMoney } from '../../src/money/money';
import { generateClaims } from '../../bench/workload/generate.mjs';

const resolved = await loadRuleset('rulesets/bench/settlement.yaml');
const program = compile(resolved);
/** The decimal.js reference path. */
const decimalProgram = compile(resolved, { fastPath: false });
const DATE = { date: '2025-06-01' } as const;

const reference = (input: unknown) => decimalProgram.evaluate(input, DATE).outputs;

describe('fixed-point fast path', () => {
  it('exists for the benchmark ruleset and runs without falling back on ordinary claims', () => {
    const before = program.diagnostics();
    expect(before.fastPath).toBe(true);
    for (const claim of generateClaims(200, 7) as Record<string, unknown>[]) program.evaluate(claim, DATE);
    const after = program.diagnostics();
    expect(after.fastEvaluations - before.fastEvaluations).toBe(200);
    expect(after.fallbacks - before.fallbacks).toBe(0);
  });

  it('agrees with decimal.js on 20,000 seeded workload claims', () => {
    let differing = 0;
    for (const claim of generateClaims(20_000, 20240601) as Record<string, unknown>[]) {
      const fast = program.evaluate(claim, DATE).outputs;
      const slow = reference(claim);
      if (JSON.stringify(fast) !== JSON.stringify(slow)) differing++;
    }
    expect(differing).toBe(0);
  });

  it('agrees with decimal.js on random claims, including magnitudes that overflow into the fallback', () => {
    const fen = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 100);
    const claim = fc.record({
      hospitalLevel: fc.constantFrom('1', '2', '3', 1, 2, 3),
      personCategory: fc.constantFrom('none', 'dibao', 'tekun', 'edge'),
      totalCost: fc.oneof(fen(500_000_000), fc.constant(9_007_199_254_740.99), fc.bigInt({ min: 0n, max: 10n ** 18n }).map((n) => `${n}.5`)),
      eligibleCost: fc.oneof(fen(300_000_000), fc.constant('123.4'), fc.constant('0.01')),
      classBSelfPayFirst: fen(1_000_000),
      ytdDeductiblePaid: fen(200_000),
      ytdBasicPaid: fen(30_000_000),
      ytdCriticalPaid: fen(50_000_000),
      ytdAssistancePaid: fen(6_000_000),
    });
    fc.assert(
      fc.property(claim, (c) => {
        const fast = program.safeEvaluate(c, DATE);
        const slow = decimalProgram.safeEvaluate(c, DATE);
        expect(fast.success).toBe(slow.success);
        if (fast.success && slow.success) expect(fast.result.outputs).toEqual(slow.result.outputs);
        if (!fast.success && !slow.success) expect(fast.error.issues).toEqual(slow.error.issues);
      }),
      { numRuns: 3000 },
    );
  });

  it('traces on the fast path exactly as the decimal path traces', () => {
    for (const claim of generateClaims(2_000, 99) as Record<string, unknown>[]) {
      const before = program.diagnostics().fastEvaluations;
      const fast = program.evaluate(claim, { ...DATE, trace: true });
      expect(program.diagnostics().fastEvaluations).toBe(before + 1);
      expect(fast).toEqual(decimalProgram.evaluate(claim, { ...DATE, trace: true }));
    }
  });

  it('hands bad input to the decimal path, which reports it', () => {
    const r = program.safeEvaluate({ hospitalLevel: '2', personCategory: 'none', totalCost: 1.005, eligibleCost: 1 }, DATE);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.code).toBe('value/precision');
  });
});

describe('roundDiv', () => {
  it('rounds integers exactly like Decimal in every mode', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(...ROUNDING_MODES), (x, k, mode) => {
        const expected = round(new Decimal(x).div(10 ** k), 0, mode).toNumber();
        expect(roundDiv(x, 10 ** k, mode)).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('renderFixed', () => {
  it('renders money like formatMoney and decimals like Decimal#toString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 }), (n, scale) => {
        const d = new Decimal(n).div(10 ** scale);
        expect(renderFixed(n, scale, 'money')).toBe(formatMoney(d));
        expect(renderFixed(n, scale, 'rate')).toBe(d.toString());
      }),
      { numRuns: 20_000 },
    );
  });
});
