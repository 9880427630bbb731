/**
 * Settle one claim in integer fen.
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleFen(claim: Claim): Settlement;
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
