// Hand-written integer-fen implementation: the practical speed limit for an exact answer.
//
// Every amount becomes an integer number of fen (0.01 yuan) on entry, via
// Math.round(yuan * 100): for inputs with at most 2 decimals and |yuan| < 2^53 / 100 the
// product is within far less than half a fen of the integer, so the conversion is exact.
// All policy rates are whole percentages, so each payout is (fen × percent) / 100 with
// one half-up rounding done in integer arithmetic. The largest intermediate is
// 2,000,000 yuan = 2e8 fen × 95 ≈ 1.9e10, far below 2^53, so doubles hold it exactly.

/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */

// Basic insurance per level, ordinary and dibao/tekun: deductible in fen, rate in percent.
const BASIC = {
  1: { ordinary: { deductibleFen: 20_000, ratePct: 90 }, poverty: { deductibleFen: 10_000, ratePct: 95 } },
  2: { ordinary: { deductibleFen: 50_000, ratePct: 75 }, poverty: { deductibleFen: 25_000, ratePct: 80 } },
  3: { ordinary: { deductibleFen: 100_000, ratePct: 60 }, poverty: { deductibleFen: 50_000, ratePct: 65 } },
};
const BASIC_LIMIT_FEN = 20_000_000;

const CRITICAL_THRESHOLD_FEN = 1_500_000;
const BAND_WIDTH_FEN = 5_000_000;
const BAND2_END_FEN = 10_000_000;
const CRITICAL_LIMIT_FEN = 40_000_000;

/** @type {Record<string, { pct: number, thresholdFen: number } | undefined>} */
const ASSISTANCE = {
  tekun: { pct: 100, thresholdFen: 0 },
  dibao: { pct: 70, thresholdFen: 0 },
  edge: { pct: 60, thresholdFen: 300_000 },
};
const ASSISTANCE_LIMIT_FEN = 5_000_000;

/** @param {number} yuan */
const toFen = (yuan) => Math.round(yuan * 100);

/**
 * Half-up division by 100 of a non-negative integer (value in 1/100 fen → fen),
 * with exact integer arithmetic (no float rounding).
 * @param {number} n
 */
function roundPct(n) {
  const q = n + 50;
  return (q - (q % 100)) / 100;
}

/** ".00" … ".99": the fractional part of a fen amount, precomputed. */
const CENTS = Array.from({ length: 100 }, (_, c) => (c < 10 ? '.0' : '.') + c);

/** @param {number} fen integer */
function fenToYuanString(fen) {
  const abs = fen < 0 ? -fen : fen;
  const cents = abs % 100;
  const s = (abs - cents) / 100 + /** @type {string} */ (CENTS[cents]);
  return fen < 0 ? '-' + s : s;
}

/**
 * Settle one claim in integer fen; the native-value variant: integers (fen), not strings.
 * @param {Claim} claim
 * @returns {{ basicPaid: number, criticalPaid: number, assistancePaid: number, outOfPocket: number }}
 */
export function settleFenNative(claim) {
  const total = toFen(claim.totalCost);
  const eligible = toFen(claim.eligibleCost);
  const level = BASIC[claim.hospitalLevel];
  const { deductibleFen, ratePct } =
    claim.personCategory === 'dibao' || claim.personCategory === 'tekun' ? level.poverty : level.ordinary;
  const remainingDeductible = Math.max(0, deductibleFen - toFen(claim.ytdDeductiblePaid));
  const basic = Math.min(roundPct(Math.max(0, eligible - remainingDeductible) * ratePct), Math.max(0, BASIC_LIMIT_FEN - toFen(claim.ytdBasicPaid)));
  const inPolicyOop = eligible - basic;
  const above = Math.max(0, inPolicyOop - CRITICAL_THRESHOLD_FEN);
  let critical = 0;
  if (above > 0) {
    const band1 = Math.min(above, BAND_WIDTH_FEN);
    const band2 = Math.max(0, Math.min(above, BAND2_END_FEN) - BAND_WIDTH_FEN);
    const band3 = Math.max(0, above - BAND2_END_FEN);
    critical = Math.min(roundPct(band1 * 60 + band2 * 70 + band3 * 80), Math.max(0, CRITICAL_LIMIT_FEN - toFen(claim.ytdCriticalPaid)));
  }
  let assistance = 0;
  const a = ASSISTANCE[claim.personCategory];
  if (a !== undefined) {
    const base = Math.max(0, inPolicyOop - critical - a.thresholdFen);
    assistance = Math.min(roundPct(base * a.pct), Math.max(0, ASSISTANCE_LIMIT_FEN - toFen(claim.ytdAssistancePaid)));
  }
  return { basicPaid: basic, criticalPaid: critical, assistancePaid: assistance, outOfPocket: total - basic - critical - assistance };
}

/**
 * Integer fen → the benchmark's output shape (yuan strings with 2 decimals).
 * @param {{ basicPaid: number, criticalPaid: number, assistancePaid: number, outOfPocket: number }} r
 * @returns {Settlement}
 */
export function fenToSettlement(r) {
  return {
    basicPaid: fenToYuanString(r.basicPaid),
    criticalPaid: fenToYuanString(r.criticalPaid),
    assistancePaid: fenToYuanString(r.assistancePaid),
    outOfPocket: fenToYuanString(r.outOfPocket),
  };
}

/**
 * Settle one claim in integer fen; the same output shape as minsheng-rules (strings).
 * @param {Claim} claim
 * @returns {Settlement}
 */
export function settleFen(claim) {
  const total = toFen(claim.totalCost);
  const eligible = toFen(claim.eligibleCost);
  const level = BASIC[claim.hospitalLevel];
  const { deductibleFen, ratePct } =
    claim.personCategory === 'dibao' || claim.personCategory === 'tekun' ? level.poverty : level.ordinary;

  // 1. basic insurance
  const remainingDeductible = Math.max(0, deductibleFen - toFen(claim.ytdDeductiblePaid));
  const basicRaw = roundPct(Math.max(0, eligible - remainingDeductible) * ratePct);
  const basic = Math.min(basicRaw, Math.max(0, BASIC_LIMIT_FEN - toFen(claim.ytdBasicPaid)));

  // 2. critical illness
  const inPolicyOop = eligible - basic;
  const above = Math.max(0, inPolicyOop - CRITICAL_THRESHOLD_FEN);
  let critical = 0;
  if (above > 0) {
    const band1 = Math.min(above, BAND_WIDTH_FEN);
    const band2 = Math.max(0, Math.min(above, BAND2_END_FEN) - BAND_WIDTH_FEN);
    const band3 = Math.max(0, above - BAND2_END_FEN);
    const criticalRaw = roundPct(band1 * 60 + band2 * 70 + band3 * 80);
    critical = Math.min(criticalRaw, Math.max(0, CRITICAL_LIMIT_FEN - toFen(claim.ytdCriticalPaid)));
  }

  // 3. medical assistance
  let assistance = 0;
  const a = ASSISTANCE[claim.personCategory];
  if (a !== undefined) {
    const base = Math.max(0, inPolicyOop - critical - a.thresholdFen);
    assistance = Math.min(roundPct(base * a.pct), Math.max(0, ASSISTANCE_LIMIT_FEN - toFen(claim.ytdAssistancePaid)));
  }

  // 4. out of pocket
  const outOfPocket = total - basic - critical - assistance;

  return {
    basicPaid: fenToYuanString(basic),
    criticalPaid: fenToYuanString(critical),
    assistancePaid: fenToYuanString(assistance),
    outOfPocket: fenToYuanString(outOfPocket),
  };
}
