/**
 * Deterministic claim mix: the same (n, seed) always yields the same claims, the reference's.
 * @param {number} n number of claims
 * @param {number} [seed] defaults to DEFAULT_SEED
 * @returns {Claim[]}
 */
export function generateClaims(n: number, seed?: number): Claim[];
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
export const DEFAULT_SEED: 20240601;
export type HospitalLevel = 1 | 2 | 3;
export type PersonCategory = "none" | "dibao" | "tekun" | "edge";
/**
 * One hospital claim; money in yuan as JS numbers with at most 2 decimals.
 */
export type Claim = {
    /**
     * the only scheme the workload's policy covers
     */
    insuredType: "resident";
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
import { mulberry32 } from '../peers/reference/claims.mjs';
