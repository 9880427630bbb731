/**
 * mulberry32: small, fast 32-bit PRNG; returns floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed: number): () => number;
/**
 * Deterministic claim mix: the same (n, seed) always yields the same claims.
 * @param {number} n number of claims
 * @param {number} [seed] defaults to DEFAULT_SEED
 * @returns {Claim[]}
 */
export function generateClaims(n: number, seed?: number): Claim[];
/** @typedef {1 | 2 | 3} HospitalLevel */
/** @typedef {'none' | 'dibao' | 'tekun' | 'edge'} PersonCategory */
/**
 * One hospital claim; money in yuan as JS numbers with at most 2 decimals.
 * @typedef {object} Claim
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
/** Default seed used by the benchmark and the tests. */
export const DEFAULT_SEED: 20240601;
export type HospitalLevel = 1 | 2 | 3;
export type PersonCategory = "none" | "dibao" | "tekun" | "edge";
/**
 * One hospital claim; money in yuan as JS numbers with at most 2 decimals.
 */
export type Claim = {
    hospitalLevel: HospitalLevel;
    totalCost: number;
    /**
     * in-catalogue part, ≤ totalCost
     */
    eligibleCost: number;
    /**
     * 乙类先行自付, part of totalCost − eligibleCost, never reimbursed
     */
    classBSelfPayFirst: number;
    ytdDeductiblePaid: number;
    ytdBasicPaid: number;
    ytdCriticalPaid: number;
    ytdAssistancePaid: number;
    personCategory: PersonCategory;
};
/**
 * Result of settling one claim; each amount is a yuan string with exactly 2 decimals.
 */
export type Settlement = {
    basicPaid: string;
    criticalPaid: string;
    assistancePaid: string;
    outOfPocket: string;
};
