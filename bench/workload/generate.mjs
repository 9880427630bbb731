// The seeded claims of the settlement benchmark: exactly the claims the independent harness generates
// (its `claims.mjs`, copied as it is into ../peers/reference/claims.mjs), so the figures here are measured on
// what it measures. Every amount is drawn in fen and divided by 100 once: a JS number with at most 2 decimals,
// as a JSON payload carries it. Each claim names its scheme (`insuredType: 'resident'`), which
// rulesets/bench/settlement.yaml accepts (and any other scheme it refuses).
//
// Until 2026-12-06 this file had a generator of its own, written from the workload's spec: the same mix, but other
// draws, no insuredType, and the 10 % of claims with 1,000 deductible paid that the reference's draw never
// produces (its pick returns 1000, then only -1 is turned into an amount). Measure on the reference's claims.

import { generateClaims as referenceClaims, mulberry32 } from '../peers/reference/claims.mjs';

export { mulberry32 };

/** @typedef {1 | 2 | 3} HospitalLevel */
/** @typedef {'none' | 'dibao' | 'tekun' | 'edge'} PersonCategory */

/**
 * One hospital claim; money in yuan as JS numbers with at most 2 decimals.
 * @typedef {object} Claim
 * @property {'resident'} insuredType the only scheme the workload's policy covers
 * @property {HospitalLevel} hospitalLevel
 * @property {number} totalCost
 * @property {number} eligibleCost in-catalogue part, ≤ totalCost
 * @property {number} classBSelfPayFirst 乙类先行自付, part of totalCost − eligibleCost, never reimbursed
 * @property {number} ytdDeductiblePaid
 * @property {number} ytdBasicPaid
 * @property {number} ytdCriticalPaid
 * @property {number} ytdAssistancePaid
 * @property {PersonCategory} personCategory
 */

/**
 * Result of settling one claim; each amount is a yuan string with exactly 2 decimals.
 * @typedef {object} Settlement
 * @property {string} basicPaid
 * @property {string} criticalPaid
 * @property {string} assistancePaid
 * @property {string} outOfPocket
 */

/** Default seed used by the benchmark and the tests (the reference's). */
export const DEFAULT_SEED = 20240601;

/**
 * Deterministic claim mix: the same (n, seed) always yields the same claims, the reference's.
 * @param {number} n number of claims
 * @param {number} [seed] defaults to DEFAULT_SEED
 * @returns {Claim[]}
 */
export function generateClaims(n, seed = DEFAULT_SEED) {
  return referenceClaims(n, seed);
}
