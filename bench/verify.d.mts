/**
 * @param {Settlement} expected
 * @param {unknown} actual
 * @returns {string[]} differing fields (all of them if actual is not a settlement)
 */
export function diffSettlement(expected: Settlement, actual: unknown): string[];
/**
 * Compare every implementation with the decimal.js reference on every claim.
 * Async implementations are awaited one claim at a time.
 * @param {VerifiableImplementation[]} impls
 * @param {Claim[]} claims
 * @param {{ maxExamples?: number, reference?: (claim: Claim) => Settlement }} [options]
 * @returns {Promise<VerifyResult[]>}
 */
export function verifyAll(impls: VerifiableImplementation[], claims: Claim[], options?: {
    maxExamples?: number;
    reference?: (claim: Claim) => Settlement;
}): Promise<VerifyResult[]>;
/**
 * Check every implementation on the 7 worked cases of the workload spec.
 * @param {VerifiableImplementation[]} impls
 * @returns {Promise<VerifyResult[]>}
 */
export function verifyWorkedCases(impls: VerifiableImplementation[]): Promise<VerifyResult[]>;
/**
 * One line per mismatch example, for console reports.
 * @param {Mismatch} m
 * @returns {string}
 */
export function formatMismatch(m: Mismatch): string;
export type Claim = import("./workload/generate.mjs").Claim;
export type Settlement = import("./workload/generate.mjs").Settlement;
/**
 * An implementation under test. `settle` may return the settlement or a promise of it.
 * `exact: false` marks implementations that are expected to be wrong sometimes (float).
 */
export type VerifiableImplementation = {
    name: string;
    settle: (claim: Claim) => Settlement | Promise<Settlement>;
    /**
     * default true
     */
    exact?: boolean;
};
export type Mismatch = {
    /**
     * position of the claim in the list (-1 for a worked case)
     */
    index: number;
    /**
     * worked-case name
     */
    case?: string;
    claim: Claim;
    expected: Settlement;
    actual: Settlement | {
        error: string;
    };
    /**
     * the fields that differ
     */
    fields: string[];
};
export type VerifyResult = {
    name: string;
    exact: boolean;
    /**
     * number of claims compared
     */
    checked: number;
    /**
     * number of claims with at least one differing field
     */
    mismatches: number;
    /**
     * the first few mismatches
     */
    examples: Mismatch[];
};
