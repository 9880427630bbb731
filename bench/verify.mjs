// Correctness check of benchmark implementations against the hand-written decimal.js peer.
import { settleDecimal } from './peers/decimal.mjs';
import { WORKED_CASES } from './workload/cases.mjs';

/** @typedef {import('./workload/generate.mjs').Claim} Claim */
/** @typedef {import('./workload/generate.mjs').Settlement} Settlement */

/**
 * An implementation under test. `settle` may return the settlement or a promise of it.
 * `exact: false` marks implementations that are expected to be wrong sometimes (float).
 * @typedef {object} VerifiableImplementation
 * @property {string} name
 * @property {(claim: Claim) => Settlement | Promise<Settlement>} settle
 * @property {boolean} [exact] default true
 */

/**
 * @typedef {object} Mismatch
 * @property {number} index position of the claim in the list (-1 for a worked case)
 * @property {string} [case] worked-case name
 * @property {Claim} claim
 * @property {Settlement} expected
 * @property {Settlement | { error: string }} actual
 * @property {string[]} fields the fields that differ
 */

/**
 * @typedef {object} VerifyResult
 * @property {string} name
 * @property {boolean} exact
 * @property {number} checked number of claims compared
 * @property {number} mismatches number of claims with at least one differing field
 * @property {Mismatch[]} examples the first few mismatches
 */

const FIELDS = /** @type {const} */ (['basicPaid', 'criticalPaid', 'assistancePaid', 'outOfPocket']);

/**
 * @param {Settlement} expected
 * @param {unknown} actual
 * @returns {string[]} differing fields (all of them if actual is not a settlement)
 */
export function diffSettlement(expected, actual) {
  if (actual === null || typeof actual !== 'object') return [...FIELDS];
  const a = /** @type {Record<string, unknown>} */ (actual);
  return FIELDS.filter((f) => a[f] !== expected[f]);
}

/**
 * @param {VerifiableImplementation} impl
 * @param {Claim} claim
 * @returns {Promise<Settlement | { error: string }>}
 */
async function run(impl, claim) {
  try {
    return await impl.settle(claim);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Compare every implementation with the decimal.js reference on every claim.
 * Async implementations are awaited one claim at a time.
 * @param {VerifiableImplementation[]} impls
 * @param {Claim[]} claims
 * @param {{ maxExamples?: number, reference?: (claim: Claim) => Settlement }} [options]
 * @returns {Promise<VerifyResult[]>}
 */
export async function verifyAll(impls, claims, options = {}) {
  const maxExamples = options.maxExamples ?? 5;
  const reference = options.reference ?? settleDecimal;
  const expected = claims.map(reference);
  /** @type {VerifyResult[]} */
  const results = [];
  for (const impl of impls) {
    /** @type {VerifyResult} */
    const res = { name: impl.name, exact: impl.exact ?? true, checked: claims.length, mismatches: 0, examples: [] };
    for (let i = 0; i < claims.length; i++) {
      const claim = /** @type {Claim} */ (claims[i]);
      const exp = /** @type {Settlement} */ (expected[i]);
      const actual = await run(impl, claim);
      const fields = diffSettlement(exp, actual);
      if (fields.length > 0) {
        res.mismatches++;
        if (res.examples.length < maxExamples) res.examples.push({ index: i, claim, expected: exp, actual, fields });
      }
    }
    results.push(res);
  }
  return results;
}

/**
 * Check every implementation on the 7 worked cases of the workload spec.
 * @param {VerifiableImplementation[]} impls
 * @returns {Promise<VerifyResult[]>}
 */
export async function verifyWorkedCases(impls) {
  /** @type {VerifyResult[]} */
  const results = [];
  for (const impl of impls) {
    /** @type {VerifyResult} */
    const res = { name: impl.name, exact: impl.exact ?? true, checked: WORKED_CASES.length, mismatches: 0, examples: [] };
    for (const wc of WORKED_CASES) {
      const actual = await run(impl, wc.claim);
      const fields = diffSettlement(wc.expected, actual);
      if (fields.length > 0) {
        res.mismatches++;
        res.examples.push({ index: -1, case: wc.name, claim: wc.claim, expected: wc.expected, actual, fields });
      }
    }
    results.push(res);
  }
  return results;
}

/**
 * One line per mismatch example, for console reports.
 * @param {Mismatch} m
 * @returns {string}
 */
export function formatMismatch(m) {
  const where = m.case ?? `claim #${m.index}`;
  if ('error' in m.actual) return `${where}: threw ${m.actual.error}`;
  const a = /** @type {Settlement} */ (m.actual);
  return `${where}: ${m.fields.map((f) => `${f} ${a[/** @type {keyof Settlement} */ (f)]} ≠ ${m.expected[/** @type {keyof Settlement} */ (f)]}`).join(', ')}`;
}
