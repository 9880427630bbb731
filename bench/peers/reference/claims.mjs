// @ts-nocheck — copied as it is from the independent harness (plain JS; its JSDoc is not held to the bench typecheck).
// Seeded random claims and the zod schema for a claim.
//
// Money is carried the way a JSON payload from a hospital system would carry
// it: a JS number in yuan with at most two decimals (e.g. 12345.67). Every
// generated amount is built as an integer number of fen and then divided by
// 100, so its shortest decimal representation has <= 2 decimals.

import { z } from 'zod';

/** mulberry32: small, fast, deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yuan = (fen) => fen / 100;

/**
 * Generate `n` claims. The mix is chosen so that every branch is hit often:
 * costs below the deductible, basic annual cap reached, all three critical
 * segments, critical and assistance caps, every person category, and plenty
 * of exact half-fen products (the half-up rounding cases).
 */
export function generateClaims(n, seed = 20240601) {
  const rnd = mulberry32(seed);
  const intIn = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = (weighted) => {
    let r = rnd();
    for (const [value, w] of weighted) {
      if ((r -= w) < 0) return value;
    }
    return weighted[weighted.length - 1][0];
  };

  const claims = new Array(n);
  for (let i = 0; i < n; i++) {
    const size = pick([['small', 0.3], ['medium', 0.4], ['large', 0.25], ['huge', 0.05]]);
    const totalFen = {
      small: () => intIn(50_00, 5_000_00),
      medium: () => intIn(5_000_00, 100_000_00),
      large: () => intIn(100_000_00, 800_000_00),
      huge: () => intIn(800_000_00, 2_000_000_00),
    }[size]();
    // eligible = 60..100% of total; class-B-first = part of the rest
    const eligibleFen = Math.floor(totalFen * (0.6 + 0.4 * rnd()));
    const classBFen = Math.floor((totalFen - eligibleFen) * rnd());

    claims[i] = {
      insuredType: 'resident',
      hospitalLevel: pick([[1, 0.3], [2, 0.35], [3, 0.35]]),
      totalCost: yuan(totalFen),
      eligibleCost: yuan(eligibleFen),
      classBSelfPayFirst: yuan(classBFen),
      ytdBasicPaid: rnd() < 0.6 ? 0 : yuan(intIn(0, 210_000_00)),
      ytdDeductiblePaid: pick([[0, 0.65], [-1, 0.25], [1000, 0.1]]) === -1 ? yuan(intIn(0, 1_000_00)) : 0,
      ytdCriticalPaid: rnd() < 0.8 ? 0 : yuan(intIn(0, 420_000_00)),
      ytdAssistancePaid: rnd() < 0.8 ? 0 : yuan(intIn(0, 55_000_00)),
      personCategory: pick([['none', 0.55], ['dibao', 0.15], ['tekun', 0.1], ['edge', 0.2]]),
    };
  }
  return claims;
}

const money = z.number().nonnegative().multipleOf(0.01);

/** What a library entry point would validate before settling a claim. */
export const ClaimSchema = z
  .object({
    insuredType: z.literal('resident'),
    hospitalLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    totalCost: money,
    eligibleCost: money,
    classBSelfPayFirst: money,
    ytdBasicPaid: money,
    ytdDeductiblePaid: money,
    ytdCriticalPaid: money,
    ytdAssistancePaid: money,
    personCategory: z.enum(['none', 'dibao', 'tekun', 'edge']),
  })
  .refine(
    // compared in fen so that the check itself is exact
    (c) => Math.round(c.eligibleCost * 100) + Math.round(c.classBSelfPayFirst * 100) <= Math.round(c.totalCost * 100),
    { message: 'eligibleCost + classBSelfPayFirst must not exceed totalCost' },
  );
