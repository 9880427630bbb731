// Naive float implementation: yuan as JS numbers, round2 = Math.round(x * 100) / 100.
// This is the code people write first. It is expected to be wrong on some claims: a raw
// payout that is exactly half a fen in decimal is often a hair below it in binary
// (1.005 * 100 === 100.49999999999999), and subtractions of yuan amounts drift the same way,
// so Math.round goes down where the policy rounds half up. The benchmark counts how many.

/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */

const DEDUCTIBLE = { 1: 200, 2: 500, 3: 1000 };
const RATE = { 1: 0.9, 2: 0.75, 3: 0.6 };

/** @type {Record<string, { rate: number, threshold: number } | undefined>} */
const ASSISTANCE = {
  tekun: { rate: 1, threshold: 0 },
  dibao: { rate: 0.7, threshold: 0 },
  edge: { rate: 0.6, threshold: 3000 },
};

/** @param {number} x */
const round2 = (x) => Math.round(x * 100) / 100;

/**
 * Settle one claim with float arithmetic.
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleFloat(claim) {
  const poverty = claim.personCategory === 'dibao' || claim.personCategory === 'tekun';
  const deductible = poverty ? DEDUCTIBLE[claim.hospitalLevel] / 2 : DEDUCTIBLE[claim.hospitalLevel];
  const rate = poverty ? RATE[claim.hospitalLevel] + 0.05 : RATE[claim.hospitalLevel];

  const remainingDeductible = Math.max(0, deductible - claim.ytdDeductiblePaid);
  const basicPaid = Math.min(
    round2(Math.max(0, claim.eligibleCost - remainingDeductible) * rate),
    Math.max(0, 200000 - claim.ytdBasicPaid),
  );

  const inPolicyOop = claim.eligibleCost - basicPaid;
  const above = Math.max(0, inPolicyOop - 15000);
  const bands =
    Math.min(above, 50000) * 0.6 +
    Math.max(0, Math.min(above, 100000) - 50000) * 0.7 +
    Math.max(0, above - 100000) * 0.8;
  const criticalPaid = Math.min(round2(bands), Math.max(0, 400000 - claim.ytdCriticalPaid));

  let assistancePaid = 0;
  const a = ASSISTANCE[claim.personCategory];
  if (a !== undefined) {
    const remaining = inPolicyOop - criticalPaid;
    assistancePaid = Math.min(
      round2(Math.max(0, remaining - a.threshold) * a.rate),
      Math.max(0, 50000 - claim.ytdAssistancePaid),
    );
  }

  const outOfPocket = claim.totalCost - basicPaid - criticalPaid - assistancePaid;

  return {
    basicPaid: basicPaid.toFixed(2),
    criticalPaid: criticalPaid.toFixed(2),
    assistancePaid: assistancePaid.toFixed(2),
    outOfPocket: outOfPocket.toFixed(2),
  };
}
