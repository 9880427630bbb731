// @gorules/zen-engine peer: the policy as a JDM decision graph (bench/peers/zen-graph.json):
//
//   request → basicParameters (decision table: level × category → deductible, rate)
//           → assistanceParameters (decision table: category → rate, threshold)
//           → basicInsurance → criticalIllness → medicalAssistance (expression nodes)
//           → settlement (expression node, no pass-through) → response
//
// Exactness: zen's expression language computes numbers as rust_decimal decimals, not
// floats (0.06 * 0.75 = 0.045 exactly), and round(x, 2) rounds half away from zero, which is
// half-up for the non-negative payouts of this policy. Inputs arrive as JS numbers with at most
// 2 decimals and are read by zen as the same decimals (checked on the worked cases and on
// ≥ 10,000 claims against the decimal.js peer). zen returns its decimals as JS numbers;
// every result has at most 2 decimals and is < 2^53 / 100, so Number#toFixed(2) restores the
// exact 2-decimal string. That formatting is the only JS-side work.
//
// The decision is loaded and compiled once (createZen); evaluate() is async and runs on
// zen's native threads, so several claims can be in flight at once.
import { readFileSync } from 'node:fs';
import { ZenEngine } from '@gorules/zen-engine';

/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */

/** Path of the JDM graph file. */
export const ZEN_GRAPH_URL = new URL('./zen-graph.json', import.meta.url);

/**
 * @typedef {object} ZenPeer
 * @property {(claim: Claim) => Promise<Settlement>} evaluate settle one claim
 * @property {() => void} dispose release the native engine
 */

/**
 * Load the JDM graph once and return an evaluator bound to it.
 * @returns {ZenPeer}
 */
export function createZen() {
  const engine = new ZenEngine();
  const decision = engine.createDecision(readFileSync(ZEN_GRAPH_URL));
  return {
    async evaluate(claim) {
      const { result } = await decision.evaluate(claim);
      return {
        basicPaid: result.basicPaid.toFixed(2),
        criticalPaid: result.criticalPaid.toFixed(2),
        assistancePaid: result.assistancePaid.toFixed(2),
        outOfPocket: result.outOfPocket.toFixed(2),
      };
    },
    dispose() {
      engine.dispose();
    },
  };
}
