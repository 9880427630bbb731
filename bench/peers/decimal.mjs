// Hand-written decimal.js implementation of the benchmark policy: what a competent
// developer would write without a rules engine. It is the reference implementation that
// every other peer is verified against.
import Decimal from 'decimal.js';

/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */

// A private constructor so the global Decimal configuration of other code cannot leak in.
// 40 significant digits is far more than any intermediate needs (≤ 12 digits).
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const ZERO = new D(0);

// Basic insurance per hospital level; dibao/tekun: deductible halved, rate + 0.05.
const BASIC = {
  1: { ordinary: { deductible: new D(200), rate: new D('0.90') }, poverty: { deductible: new D(100), rate: new D('0.95') } },
  2: { ordinary: { deductible: new D(500), rate: new D('0.75') }, poverty: { deductible: new D(250), rate: new D('0.80') } },
  3: { ordinary: { deductible: new D(1000), rate: new D('0.60') }, poverty: { deductible: new D(500), rate: new D('0.65') } },
};
const BASIC_ANNUAL_LIMIT = new D(200000);

// Critical illness: threshold, then 60 % / 70 % / 80 % bands.
const CRITICAL_THRESHOLD = new D(15000);
const BAND_WIDTH = new D(50000);
const BAND2_END = new D(100000);
const BAND1_RATE = new D('0.60');
const BAND2_RATE = new D('0.70');
const BAND3_RATE = new D('0.80');
const CRITICAL_ANNUAL_LIMIT = new D(400000);

// Medical assistance by person category.
/** @type {Record<string, { rate: Decimal, threshold: Decimal } | undefined>} */
const ASSISTANCE = {
  tekun: { rate: new D(1), threshold: ZERO },
  dibao: { rate: new D('0.70'), threshold: ZERO },
  edge: { rate: new D('0.60'), threshold: new D(3000) },
};
const ASSISTANCE_ANNUAL_LIMIT = new D(50000);

/** @param {Decimal} x */
const round2 = (x) => x.toDecimalPlaces(2, D.ROUND_HALF_UP);

/**
 * Settle one claim with decimal.js arithmetic; the native-value variant: Decimals, not strings.
 * @param {Claim} claim
 * @returns {{ basicPaid: Decimal, criticalPaid: Decimal, assistancePaid: Decimal, outOfPocket: Decimal }}
 */
export function settleDecimalNative(claim) {
  const total = new D(claim.totalCost);
  const eligible = new D(claim.eligibleCost);
  const poverty = claim.personCategory === 'dibao' || claim.personCategory === 'tekun';
  const level = BASIC[claim.hospitalLevel];
  const params = poverty ? level.poverty : level.ordinary;

  // 1. basic insurance
  const remainingDeductible = D.max(ZERO, params.deductible.minus(claim.ytdDeductiblePaid));
  const basicRaw = D.max(ZERO, eligible.minus(remainingDeductible)).times(params.rate);
  const basicPaid = D.min(round2(basicRaw), D.max(ZERO, BASIC_ANNUAL_LIMIT.minus(claim.ytdBasicPaid)));

  // 2. critical illness
  const inPolicyOop = eligible.minus(basicPaid);
  const above = D.max(ZERO, inPolicyOop.minus(CRITICAL_THRESHOLD));
  let criticalRaw = ZERO;
  if (above.gt(ZERO)) {
    criticalRaw = D.min(above, BAND_WIDTH).times(BAND1_RATE);
    if (above.gt(BAND_WIDTH)) criticalRaw = criticalRaw.plus(D.min(above, BAND2_END).minus(BAND_WIDTH).times(BAND2_RATE));
    if (above.gt(BAND2_END)) criticalRaw = criticalRaw.plus(above.minus(BAND2_END).times(BAND3_RATE));
  }
  const criticalPaid = D.min(round2(criticalRaw), D.max(ZERO, CRITICAL_ANNUAL_LIMIT.minus(claim.ytdCriticalPaid)));

  // 3. medical assistance
  let assistancePaid = ZERO;
  const assistance = ASSISTANCE[claim.personCategory];
  if (assistance !== undefined) {
    const base = D.max(ZERO, inPolicyOop.minus(criticalPaid).minus(assistance.threshold));
    assistancePaid = D.min(
      round2(base.times(assistance.rate)),
      D.max(ZERO, ASSISTANCE_ANNUAL_LIMIT.minus(claim.ytdAssistancePaid)),
    );
  }

  // 4. out of pocket
  const outOfPocket = total.minus(basicPaid).minus(criticalPaid).minus(assistancePaid);

  return { basicPaid, criticalPaid, assistancePaid, outOfPocket };
}

/**
 * Decimals → the benchmark's output shape (yuan strings with 2 decimals).
 * @param {{ basicPaid: Decimal, criticalPaid: Decimal, assistancePaid: Decimal, outOfPocket: Decimal }} r
 * @returns {Settlement}
 */
export function decimalToSettlement(r) {
  return {
    basicPaid: r.basicPaid.toFixed(2),
    criticalPaid: r.criticalPaid.toFixed(2),
    assistancePaid: r.assistancePaid.toFixed(2),
    outOfPocket: r.outOfPocket.toFixed(2),
  };
}

/**
 * Settle one claim with decimal.js arithmetic; the same output shape as minsheng-rules (strings).
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleDecimal(claim) {
  return decimalToSettlement(settleDecimalNative(claim));
}
