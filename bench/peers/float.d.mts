/**
 * Settle one claim with float arithmetic.
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleFloat(claim: Claim): Settlement;
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
