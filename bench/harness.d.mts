/** A working gc() even without --expose-gc (via the documented V8 flag + new-context trick). */
export function getGc(): () => void;
/**
 * @param {number[]} xs
 * @returns {number}
 */
export function median(xs: number[]): number;
/**
 * Interleaved timed rounds of several parts (each a function doing `units` units of work per call): every round
 * runs each part repeatedly for at least `minMs`, alternating the order from round to round, and records the
 * nanoseconds per unit; the first `warmup` rounds are dropped. For scripts that compare parts or builds in one
 * process (the host's drift then hits all of them alike).
 * @param {Record<string, () => void>} parts
 * @param {{ rounds: number, units: number, minMs?: number, warmup?: number }} options
 * @returns {Record<string, number[]>} ns per unit, one entry per kept round
 */
export function timedRounds(parts: Record<string, () => void>, { rounds, units, minMs, warmup }: {
    rounds: number;
    units: number;
    minMs?: number;
    warmup?: number;
}): Record<string, number[]>;
/**
 * JS-heap bytes allocated per claim over a batch (see the file header for the method).
 * @param {MeasureSpec} spec
 * @param {Claim[]} claims
 * @param {number} count
 * @returns {Promise<{ bytesPerClaim: number, gcCount: number }>}
 */
export function measureAllocation(spec: MeasureSpec, claims: Claim[], count: number): Promise<{
    bytesPerClaim: number;
    gcCount: number;
}>;
/**
 * Measure several implementations with interleaved rounds.
 * @param {MeasureSpec[]} specs
 * @param {Claim[]} claims
 * @param {MeasureOptions} [options] defaults for every spec (a spec's own kind/concurrency/allocClaims win)
 * @param {(msg: string) => void} [log]
 * @returns {Promise<MeasureResult[]>}
 */
export function measureAll(specs: MeasureSpec[], claims: Claim[], options?: MeasureOptions, log?: (msg: string) => void): Promise<MeasureResult[]>;
/**
 * Measure one implementation: claims/s (median of ≥ 5 rounds) and allocation per claim.
 * @param {string} name
 * @param {(claim: Claim) => unknown} fn sync, or async when options.kind is 'async'
 * @param {Claim[]} claims
 * @param {MeasureOptions} [options]
 * @returns {Promise<MeasureResult>}
 */
export function measure(name: string, fn: (claim: Claim) => unknown, claims: Claim[], options?: MeasureOptions): Promise<MeasureResult>;
/** Written by the timing loops so that results cannot be optimised away. */
/** @type {unknown} */
export let blackhole: unknown;
export type Claim = import("./workload/generate.mjs").Claim;
export type MeasureOptions = {
    /**
     * measured rounds (default 11, at least 5 are used)
     */
    rounds?: number;
    /**
     * minimum duration of a round (default 600)
     */
    minTimeMs?: number;
    /**
     * warm-up before the first round (default 500)
     */
    warmupMs?: number;
    /**
     * default 'sync'
     */
    kind?: "sync" | "async";
    /**
     * claims in flight for async functions (default 1)
     */
    concurrency?: number;
    /**
     * claims in the allocation batch (default: all claims for
     * sync, min(2000, all) for async); 0 skips the allocation measurement
     */
    allocClaims?: number;
};
export type MeasureSpec = {
    name: string;
    fn: (claim: Claim) => unknown;
    kind?: "sync" | "async";
    concurrency?: number;
    allocClaims?: number;
};
export type MeasureResult = {
    name: string;
    kind: "sync" | "async";
    concurrency: number;
    /**
     * median over rounds
     */
    claimsPerSec: number;
    /**
     * every round, in order
     */
    roundsClaimsPerSec: number[];
    /**
     * claims settled in measured rounds
     */
    totalClaims: number;
    /**
     * JS-heap bytes allocated per claim (null if not measured)
     */
    allocBytesPerClaim: number | null;
    /**
     * GCs observed during the allocation batch
     */
    allocGcCount: number;
};
