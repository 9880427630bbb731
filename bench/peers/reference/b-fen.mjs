// @ts-nocheck — copied as it is from the independent harness (plain JS; its JSDoc is not held to the bench typecheck).
// (b) Hand-coded settlement with plain JS numbers holding integer fen: the
// "physical limit" baseline (no allocation beyond the result object, no
// library calls).
//
// Where float/int care is needed, and how it is handled here:
//  * yuan -> fen: Math.round(x * 100), never x * 100 | 0 or Math.floor:
//    0.29 * 100 === 28.999999999999996 and 0.57 * 100 === 56.99999999999999.
//    Math.round is exact because the input has <= 2 decimals and |x * 100| is
//    far below 2^52, so the product is within 1e-6 of the intended integer.
//  * rates are integer percentages: 0.90 + 0.05 in floating point is
//    0.9500000000000001, 90 + 5 is 95.
//  * every product is an integer (fen * percent) below 2^53 for claims under
//    ~90 billion yuan, so it is exact; the only division is the final
//    half-up rounding, divHalfUp, whose quotient is far from an integer
//    boundary error (ulp of a 1e9 quotient is ~1e-7 << 0.01).
//  * halving the deductible is exact only because every deductible is an even
//    number of fen; an odd one would need an explicit rounding rule.
//  * the segment sum for critical illness is rounded once, like the decimal
//    versions; rounding each segment separately gives different fen.

import { POLICY } from './policy.mjs';

const toFen = (yuan) => Math.round(yuan * 100);

/** round(num / den) half-up, for num >= 0 and even den */
const divHalfUp = (num, den) => Math.floor((num + den / 2) / den);

const b = POLICY.basic;
const DEDUCTIBLE_FEN = { 1: toFen(+b.deductibleByLevel[1]), 2: toFen(+b.deductibleByLevel[2]), 3: toFen(+b.deductibleByLevel[3]) };
const RATE_PCT = b.ratePctByLevel;
const BASIC_CAP_FEN = toFen(+b.annualCap);

const CRIT_THRESHOLD_FEN = toFen(+POLICY.critical.threshold);
const CRIT_SEGMENTS = POLICY.critical.segments.map((s) => ({ upToFen: s.upTo === null ? Infinity : toFen(+s.upTo), ratePct: s.ratePct }));
const CRIT_CAP_FEN = toFen(+POLICY.critical.annualCap);

const ASSIST_LIMIT_FEN = toFen(+POLICY.assistance.annualLimit);
const ASSIST = {};
for (const [cat, a] of Object.entries(POLICY.assistance.byCategory)) {
  ASSIST[cat] = { thresholdFen: toFen(+a.threshold), ratePct: a.ratePct };
}

/** @returns {{basicPaid: number, criticalPaid: number, assistancePaid: number, outOfPocket: number}} integer fen */
export function settleFen(claim) {
  if (claim.insuredType !== 'resident') throw new Error(`unsupported insuredType ${claim.insuredType}`);
  const level = claim.hospitalLevel;
  const poor = claim.personCategory === 'dibao' || claim.personCategory === 'tekun';
  const deductible = poor ? DEDUCTIBLE_FEN[level] / 2 : DEDUCTIBLE_FEN[level];
  const ratePct = poor ? RATE_PCT[level] + b.poorRateBonusPct : RATE_PCT[level];
  const eligible = toFen(claim.eligibleCost);

  // 1. basic insurance
  const remainingDeductible = Math.max(0, deductible - toFen(claim.ytdDeductiblePaid));
  const basicBase = Math.max(0, eligible - remainingDeductible);
  const basicCapLeft = Math.max(0, BASIC_CAP_FEN - toFen(claim.ytdBasicPaid));
  const basicPaid = Math.min(divHalfUp(basicBase * ratePct, 100), basicCapLeft);

  // 2. critical illness: sum of fen * percent over the segments, rounded once
  const inPolicyOop = eligible - basicPaid;
  const over = Math.max(0, inPolicyOop - CRIT_THRESHOLD_FEN);
  let rawTimes100 = 0;
  let lower = 0;
  for (const { upToFen, ratePct: segPct } of CRIT_SEGMENTS) {
    const upper = Math.min(over, upToFen);
    if (upper > lower) rawTimes100 += (upper - lower) * segPct;
    if (over <= upToFen) break;
    lower = upToFen;
  }
  const criticalPaid = Math.min(divHalfUp(rawTimes100, 100), Math.max(0, CRIT_CAP_FEN - toFen(claim.ytdCriticalPaid)));

  // 3. medical assistance
  const remaining = inPolicyOop - criticalPaid;
  const a = ASSIST[claim.personCategory];
  const assistancePaid = a
    ? Math.min(
        divHalfUp(Math.max(0, remaining - a.thresholdFen) * a.ratePct, 100),
        Math.max(0, ASSIST_LIMIT_FEN - toFen(claim.ytdAssistancePaid)),
      )
    : 0;

  const outOfPocket = toFen(claim.totalCost) - basicPaid - criticalPaid - assistancePaid;
  return { basicPaid, criticalPaid, assistancePaid, outOfPocket };
}
