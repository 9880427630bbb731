/**
 * Settle one claim with decimal.js arithmetic; the native-value variant: Decimals, not strings.
 * @param {Claim} claim
 * @returns {{ basicPaid: Decimal, criticalPaid: Decimal, assistancePaid: Decimal, outOfPocket: Decimal }}
 */
export function settleDecimalNative(claim: Claim): {
    basicPaid: Decimal;
    criticalPaid: Decimal;
    assistancePaid: Decimal;
    outOfPocket: Decimal;
};
/**
 * Decimals → the benchmark's output shape (yuan strings with 2 decimals).
 * @param {{ basicPaid: Decimal, criticalPaid: Decimal, assistancePaid: Decimal, outOfPocket: Decimal }} r
 * @returns {Settlement}
 */
export function decimalToSettlement(r: {
    basicPaid: Decimal;
    criticalPaid: Decimal;
    assistancePaid: Decimal;
    outOfPocket: Decimal;
}): Settlement;
/**
 * Settle one claim with decimal.js arithmetic; the same output shape as minsheng-rules (strings).
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleDecimal(claim: Claim): Settlement;
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
import Decimal from 'decimal.js';
