/**
 * @typedef {object} ZenPeer
 * @property {(claim: Claim) => Promise<Settlement>} evaluate settle one claim
 * @property {() => void} dispose release the native engine
 */
/**
 * Load the JDM graph once and return an evaluator bound to it.
 * @returns {ZenPeer}
 */
export function createZen(): ZenPeer;
/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */
/** Path of the JDM graph file. */
export const ZEN_GRAPH_URL: URL;
export type ZenPeer = {
    /**
     * settle one claim
     */
    evaluate: (claim: Claim) => Promise<Settlement>;
    /**
     * release the native engine
     */
    dispose: () => void;
};
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
