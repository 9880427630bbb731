/**
 * Settle one claim in integer fen; the native-value variant: integers (fen), not strings.
 * @param {Claim} claim
 * @returns {{ basicPaid: number, criticalPaid: number, assistancePaid: number, outOfPocket: number }}
 */
export function settleFenNative(claim: Claim): {
    basicPaid: number;
    criticalPaid: number;
    assistancePaid: number;
    outOfPocket: number;
};
/**
 * Integer fen → the benchmark's output shape (yuan strings with 2 decimals).
 * @param {{ basicPaid: number, criticalPaid: number, assistancePaid: number, outOfPocket: number }} r
 * @returns {Settlement}
 */
export function fenToSettlement(r: {
    basicPaid: number;
    criticalPaid: number;
    assistancePaid: number;
    outOfPocket: number;
}): Settlement;
/**
 * Settle one claim in integer fen; the same output shape as minsheng-rules (strings).
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleFen(claim: Claim): Settlement;
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
