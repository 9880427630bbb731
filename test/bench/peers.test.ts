// Proves the benchmark peers right: every exact peer reproduces the 7 worked cases of
// /work/shared/bench-workload.md and agrees with the decimal.js reference on 2,000 seeded
// claims. No timing assertions.
import { afterAll, describe, expect, it } from 'vitest';

import { decimalToSettlement, settleDecimal, settleDecimalNative } from '../../bench/peers/decimal.mjs';
import { fenToSettlement, settleFen, settleFenNative } from '../../bench/peers/fen.mjs';
// Copied as they are from the independent harness (bench/peers/reference).
import { settleDecimal as referenceDecimal } from '../../bench/peers/reference/a-decimal.mjs';
import { settleFen as referenceFen } from '../../bench/peers/reference/b-fen.mjs';
import { settleFloat } from '../../bench/peers/float.mjs';
import { createJsonRulesEngineSettle } from '../../bench/peers/json-rules-engine.mjs';
import { createZen } from '../../bench/peers/zen.mjs';
import { verifyAll, type VerifiableImplementation } from '../../bench/verify.mjs';
import { WORKED_CASES } from '../../bench/workload/cases.mjs';
import { DEFAULT_SEED, generateClaims, type Claim } from '../../bench/workload/generate.mjs';

const zen = createZen();
afterAll(() => zen.dispose());

const exactPeers: VerifiableImplementation[] = [
  { name: 'decimal.js', settle: settleDecimal },
  { name: 'integer fen', settle: settleFen },
  // Native-value variants (Decimals, integer fen), turned into the output shape only to be checked.
  { name: 'decimal.js, native Decimals', settle: (c) => decimalToSettlement(settleDecimalNative(c)) },
  { name: 'integer fen, native integers', settle: (c) => fenToSettlement(settleFenNative(c)) },
  // The independent harness's peers (bench/peers/reference).
  { name: 'reference (a) decimal.js', settle: (c) => decimalToSettlement(referenceDecimal(c)) },
  { name: 'reference (b) integer fen', settle: (c) => fenToSettlement(referenceFen(c)) },
  { name: 'json-rules-engine', settle: createJsonRulesEngineSettle() },
  { name: 'zen-engine', settle: (c) => zen.evaluate(c) },
];

// The reference generator's field order (bench/peers/reference/claims.mjs).
const FIELDS = [
  'insuredType',
  'hospitalLevel',
  'totalCost',
  'eligibleCost',
  'classBSelfPayFirst',
  'ytdBasicPaid',
  'ytdDeductiblePaid',
  'ytdCriticalPaid',
  'ytdAssistancePaid',
  'personCategory',
];

/** Has at most 2 decimals when printed the way JSON prints it. */
const twoDecimals = (x: number) => /^\d+(\.\d{1,2})?$/.test(String(x));

describe('claim generator', () => {
  it('is deterministic and seed-dependent', () => {
    expect(generateClaims(500, 42)).toEqual(generateClaims(500, 42));
    expect(generateClaims(500, 43)).not.toEqual(generateClaims(500, 42));
    expect(generateClaims(100)).toEqual(generateClaims(200, DEFAULT_SEED).slice(0, 100));
  });

  it('produces well-formed claims of the spec mix', () => {
    const claims = generateClaims(10_000);
    for (const c of claims) {
      expect(Object.keys(c)).toEqual(FIELDS);
      expect([1, 2, 3]).toContain(c.hospitalLevel);
      expect(['none', 'dibao', 'tekun', 'edge']).toContain(c.personCategory);
      for (const k of ['totalCost', 'eligibleCost', 'classBSelfPayFirst', 'ytdDeductiblePaid', 'ytdBasicPaid', 'ytdCriticalPaid', 'ytdAssistancePaid'] as const) {
        expect(twoDecimals(c[k]), `${k} = ${c[k]}`).toBe(true);
      }
      expect(c.totalCost).toBeGreaterThanOrEqual(0.5);
      expect(c.totalCost).toBeLessThanOrEqual(2_000_000);
      expect(c.eligibleCost).toBeLessThanOrEqual(c.totalCost);
      expect(Math.round(c.eligibleCost * 100)).toBeGreaterThanOrEqual(Math.round(c.totalCost * 100) * 0.6);
      expect(Math.round(c.classBSelfPayFirst * 100)).toBeLessThanOrEqual(Math.round((c.totalCost - c.eligibleCost) * 100));
      expect(c.ytdDeductiblePaid).toBeLessThanOrEqual(1000);
      expect(c.ytdBasicPaid).toBeLessThanOrEqual(210_000);
      expect(c.ytdCriticalPaid).toBeLessThanOrEqual(420_000);
      expect(c.ytdAssistancePaid).toBeLessThanOrEqual(55_000);
    }
    const share = (p: (c: Claim) => boolean) => claims.filter(p).length / claims.length;
    expect(share((c) => c.totalCost <= 5000)).toBeCloseTo(0.3, 1);
    expect(share((c) => c.totalCost > 800_000)).toBeCloseTo(0.05, 1);
    expect(share((c) => c.hospitalLevel === 1)).toBeCloseTo(0.3, 1);
    expect(share((c) => c.personCategory === 'none')).toBeCloseTo(0.55, 1);
    expect(share((c) => c.ytdBasicPaid === 0)).toBeCloseTo(0.6, 1);
    // The reference's draw never yields the spec's 10 % of claims with the whole 1,000 deductible paid (its pick
    // returns 1000, and only -1 becomes an amount): 65 % + 10 % pay none, 25 % part of it.
    expect(share((c) => c.ytdDeductiblePaid === 0)).toBeCloseTo(0.75, 1);
  });

  it('is the generator of the independent harness, whose claims the library settles as the reference peers do', async () => {
    const { generateClaims: reference } = await import('../../bench/peers/reference/claims.mjs');
    expect(generateClaims(1000, 11)).toEqual(reference(1000, 11));
    const { compile, loadRuleset } = await import('../../src/index');
    const program = compile(await loadRuleset('rulesets/bench/settlement.yaml', { noBundled: true }));
    // The claims as they come, insuredType and all: none refused, every amount the reference's integer fen.
    for (const c of generateClaims(2000, 5)) {
      const outputs = program.evaluate(c, { date: '2025-06-01', money: 'fen' }).outputs;
      expect(outputs).toEqual(referenceFen(c));
    }
  });
});

describe.each(exactPeers)('$name peer', (peer) => {
  it.each(WORKED_CASES.map((wc) => [wc.name, wc] as const))('worked case %s', async (_name, wc) => {
    expect(await peer.settle(wc.claim)).toEqual(wc.expected);
  });
});

describe('peers agree on seeded claims', () => {
  it('decimal.js, integer fen, json-rules-engine and zen-engine agree exactly on 2,000 claims', async () => {
    const claims = generateClaims(2000, 7);
    const results = await verifyAll(exactPeers.slice(1), claims);
    for (const r of results) {
      expect(r.mismatches, `${r.name}: ${JSON.stringify(r.examples[0])}`).toBe(0);
      expect(r.checked).toBe(2000);
    }
  });

  it('the naive float peer is wrong on some claims (so the comparison can tell)', async () => {
    const [r] = await verifyAll([{ name: 'float', settle: settleFloat, exact: false }], generateClaims(2000, 7));
    expect(r!.mismatches).toBeGreaterThan(0);
    // every error is a one-fen rounding slip, never a logic difference
    for (const m of r!.examples) {
      for (const f of m.fields) {
        const a = Number((m.actual as Record<string, string>)[f]);
        const e = Number(m.expected[f as keyof typeof m.expected]);
        expect(Math.abs(a - e)).toBeLessThan(0.015);
      }
    }
  });
});
