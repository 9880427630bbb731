/**
 * Build the shared engine: rules, operator, handlers and dynamic facts.
 * @returns {Engine}
 */
export function createJsonRulesEngine(): Engine;
/**
 * Settle one claim on a shared engine.
 * @param {Engine} engine from createJsonRulesEngine()
 * @param {Claim} claim
 * @returns {Promise<Settlement>}
 */
export function settleWithEngine(engine: Engine, claim: Claim): Promise<Settlement>;
/**
 * Convenience: a settle function bound to one shared engine.
 * @returns {(claim: Claim) => Promise<Settlement>}
 */
export function createJsonRulesEngineSettle(): (claim: Claim) => Promise<Settlement>;
/**
 * The policy as json-rules-engine rules (plain JSON, as it would be stored).
 * Priorities order the evaluation: parameters first, then the tiers that depend on them.
 * @type {import('json-rules-engine').RuleProperties[]}
 */
export const RULES: import("json-rules-engine").RuleProperties[];
export type Claim = import("../workload/generate.mjs").Claim;
export type Settlement = import("../workload/generate.mjs").Settlement;
export type Almanac = import("json-rules-engine").Almanac;
import { Engine } from 'json-rules-engine';
