/**
 * The built-in peers. zen appears twice: one claim in flight and 64 in flight
 * (the same loaded decision).
 * @returns {Implementation[]}
 */
export function peerImplementations(): Implementation[];
/** @param {number | null} r */
export function formatRatio(r: number | null): string;
/**
 * Verify, then measure, the peers plus any extra implementations; print and write the report.
 * Throws (before measuring) if an exact implementation differs from the decimal.js peer on a
 * worked case or a seeded claim.
 * @param {BenchmarkOptions} [options]
 * @returns {Promise<BenchmarkReport>}
 */
export function runBenchmark(options?: BenchmarkOptions): Promise<BenchmarkReport>;
/** @typedef {import('./workload/generate.mjs').Claim} Claim */
/** @typedef {import('./workload/generate.mjs').Settlement} Settlement */
/** @typedef {import('./harness.mjs').MeasureResult} MeasureResult */
/** @typedef {import('./verify.mjs').VerifyResult} VerifyResult */
/**
 * An implementation to benchmark.
 * @typedef {object} Implementation
 * @property {string} name
 * @property {'sync' | 'async'} [kind] default 'sync'
 * @property {(claim: Claim) => Settlement | Promise<Settlement>} [settle]
 * @property {() => ((claim: Claim) => Settlement | Promise<Settlement>) | Promise<(claim: Claim) => Settlement | Promise<Settlement>>} [setup]
 *   builds `settle`; its duration is reported as load + compile time
 * @property {number} [concurrency] claims in flight (async only; default 1)
 * @property {boolean} [exact] default true; false = mismatches are reported, not fatal
 * @property {(result: any) => Settlement} [toSettlement] for a native-value variant (Decimals, integer fen):
 *   turns its result into the output shape for verification only (not timed)
 * @property {string} [note] shown in the table
 */
/**
 * @typedef {object} BenchmarkOptions
 * @property {Implementation[]} [extraImplementations] e.g. the library's engine, untraced and traced
 * @property {number} [claims] number of seeded claims (default 10,000)
 * @property {number} [seed] default DEFAULT_SEED
 * @property {number} [rounds] measured rounds (default 11, min 5)
 * @property {number} [minTimeMs] minimum duration of one round per implementation (default 600)
 * @property {number} [warmupMs] default 500
 * @property {string | null} [outDir] where peers.json / peers.md go (default bench/results; null = don't write)
 * @property {boolean} [includePeers] run the built-in peers too (default true)
 * @property {(msg: string) => void} [log] progress output (default: stderr)
 */
/**
 * @typedef {object} BenchmarkRow
 * @property {string} name
 * @property {'sync' | 'async'} kind
 * @property {number} concurrency
 * @property {number} claimsPerSec
 * @property {number[]} roundsClaimsPerSec
 * @property {number | null} ratioVsDecimal claims/s divided by the decimal.js peer's
 * @property {number | null} allocBytesPerClaim
 * @property {number | null} setupMs load + compile time, when the implementation has setup()
 * @property {boolean} exact
 * @property {number} mismatches on the seeded claims
 * @property {string} [note]
 */
/**
 * @typedef {object} BenchmarkReport
 * @property {object} environment
 * @property {{ claims: number, seed: number, rounds: number, minTimeMs: number }} config
 * @property {VerifyResult[]} workedCases
 * @property {VerifyResult[]} verification
 * @property {BenchmarkRow[]} rows
 * @property {string} markdown
 */
export const REFERENCE_NAME: "hand-written decimal.js";
export type Claim = import("./workload/generate.mjs").Claim;
export type Settlement = import("./workload/generate.mjs").Settlement;
export type MeasureResult = import("./harness.mjs").MeasureResult;
export type VerifyResult = import("./verify.mjs").VerifyResult;
/**
 * An implementation to benchmark.
 */
export type Implementation = {
    name: string;
    /**
     * default 'sync'
     */
    kind?: "sync" | "async";
    settle?: (claim: Claim) => Settlement | Promise<Settlement>;
    /**
     * builds `settle`; its duration is reported as load + compile time
     */
    setup?: () => ((claim: Claim) => Settlement | Promise<Settlement>) | Promise<(claim: Claim) => Settlement | Promise<Settlement>>;
    /**
     * claims in flight (async only; default 1)
     */
    concurrency?: number;
    /**
     * default true; false = mismatches are reported, not fatal
     */
    exact?: boolean;
    /**
     * for a native-value variant (Decimals, integer fen):
     * turns its result into the output shape for verification only (not timed)
     */
    toSettlement?: (result: any) => Settlement;
    /**
     * shown in the table
     */
    note?: string;
};
export type BenchmarkOptions = {
    /**
     * e.g. the library's engine, untraced and traced
     */
    extraImplementations?: Implementation[];
    /**
     * number of seeded claims (default 10,000)
     */
    claims?: number;
    /**
     * default DEFAULT_SEED
     */
    seed?: number;
    /**
     * measured rounds (default 11, min 5)
     */
    rounds?: number;
    /**
     * minimum duration of one round per implementation (default 600)
     */
    minTimeMs?: number;
    /**
     * default 500
     */
    warmupMs?: number;
    /**
     * where peers.json / peers.md go (default bench/results; null = don't write)
     */
    outDir?: string | null;
    /**
     * run the built-in peers too (default true)
     */
    includePeers?: boolean;
    /**
     * progress output (default: stderr)
     */
    log?: (msg: string) => void;
};
export type BenchmarkRow = {
    name: string;
    kind: "sync" | "async";
    concurrency: number;
    claimsPerSec: number;
    roundsClaimsPerSec: number[];
    /**
     * claims/s divided by the decimal.js peer's
     */
    ratioVsDecimal: number | null;
    allocBytesPerClaim: number | null;
    /**
     * load + compile time, when the implementation has setup()
     */
    setupMs: number | null;
    exact: boolean;
    /**
     * on the seeded claims
     */
    mismatches: number;
    note?: string;
};
export type BenchmarkReport = {
    environment: object;
    config: {
        claims: number;
        seed: number;
        rounds: number;
        minTimeMs: number;
    };
    workedCases: VerifyResult[];
    verification: VerifyResult[];
    rows: BenchmarkRow[];
    markdown: string;
};
