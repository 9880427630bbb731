/**
 * Settle one claim with decimal.js arithmetic.
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleDecimal(claim: Claim): Settlement;
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
