// @ts-nocheck — copied as it is from the independent harness (plain JS; its JSDoc is not held to the bench typecheck).
// (a) Hand-coded settlement with decimal.js: the "hand-coded limit" baseline.
// Parameters are looked up in plain JS tables of pre-built Decimals, then the
// shared decimal arithmetic runs.

import { POLICY } from './policy.mjs';
import { Decimal, settleWithParams } from './decimal-core.mjs';

const D = (v) => new Decimal(v);
const b = POLICY.basic;

const DEDUCTIBLE = { 1: D(b.deductibleByLevel[1]), 2: D(b.deductibleByLevel[2]), 3: D(b.deductibleByLevel[3]) };
const RATE = { 1: D(b.rateByLevel[1]), 2: D(b.rateByLevel[2]), 3: D(b.rateByLevel[3]) };
const POOR_FACTOR = D(b.poorDeductibleFactor);
const POOR_BONUS = D(b.poorRateBonus);
const BASIC_CAP = D(b.annualCap);

const CRITICAL = {
  threshold: D(POLICY.critical.threshold),
  segments: POLICY.critical.segments.map((s) => ({ upTo: s.upTo === null ? null : D(s.upTo), rate: D(s.rate) })),
  annualCap: D(POLICY.critical.annualCap),
};

const ASSISTANCE = {};
for (const [cat, a] of Object.entries(POLICY.assistance.byCategory)) {
  ASSISTANCE[cat] = { threshold: D(a.threshold), rate: D(a.rate), annualLimit: D(POLICY.assistance.annualLimit) };
}

export function settleDecimal(claim) {
  if (claim.insuredType !== 'resident') throw new Error(`unsupported insuredType ${claim.insuredType}`);
  const level = claim.hospitalLevel;
  const poor = claim.personCategory === 'dibao' || claim.personCategory === 'tekun';
  return settleWithParams(claim, {
    deductible: poor ? DEDUCTIBLE[level].times(POOR_FACTOR) : DEDUCTIBLE[level],
    rate: poor ? RATE[level].plus(POOR_BONUS) : RATE[level],
    basicCap: BASIC_CAP,
    critical: CRITICAL,
    assistance: ASSISTANCE[claim.personCategory] ?? null,
  });
}

/** Decimal result -> integer fen, for comparing implementations. */
export const decimalResultToFen = (r) => ({
  basicPaid: r.basicPaid.times(100).toNumber(),
  criticalPaid: r.criticalPaid.times(100).toNumber(),
  assistancePaid: r.assistancePaid.times(100).toNumber(),
  outOfPocket: r.outOfPocket.times(100).toNumber(),
});
