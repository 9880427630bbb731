// Deterministic, seeded claim generator for the three-tier settlement benchmark.
// Implements "Claim mix" of /work/shared/bench-workload.md.
//
// Every amount is drawn as an integer number of fen and divided by 100 once, so each
// claim field arrives as a JS number whose shortest decimal representation has at
// most 2 decimals (exactly what a JSON payload would carry).
//
// Choices the spec leaves open (documented so the workload is reproducible):
// - Within a size band the total is uniform in fen over the closed band
//   (small 0.50–5,000; medium 5,000–100,000; large 100,000–800,000; huge 800,000–2,000,000).
// - eligibleCost is uniform in fen over [ceil(60% of total), total].
// - classBSelfPayFirst is uniform in fen over [0, total − eligible] ("a random part of the
//   rest", i.e. of the out-of-catalogue remainder). It enters no formula of the policy:
//   it is already inside totalCost − eligibleCost, so it is never reimbursed and shows up
//   only as part of outOfPocket (see worked cases 1 and 2).
// - "0–X" ranges are uniform in fen over the closed range [0, X].
// - The PRNG is mulberry32; draws happen in a fixed order per claim (the order of the
//   fields below), so generateClaims(n, seed) is a prefix of generateClaims(n + k, seed).

/** @typedef {1 | 2 | 3} HospitalLevel */
/** @typedef {'none' | 'dibao' | 'tekun' | 'edge'} PersonCategory */

/**
 * One hospital claim; money in yuan as JS numbers with at most 2 decimals.
 * @typedef {object} Claim
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

/** Default seed used by the benchmark and the tests. */
export const DEFAULT_SEED = 20240601;

/**
 * mulberry32: small, fast 32-bit PRNG; returns floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {() => number} rnd
 * @param {number} lo inclusive, integer
 * @param {number} hi inclusive, integer
 */
function intBetween(rnd, lo, hi) {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

/** Size bands in fen: [cumulative probability, lo, hi]. */
const SIZE_BANDS = /** @type {const} */ ([
  [0.3, 50, 500_000], // small 0.50–5,000
  [0.7, 500_000, 10_000_000], // medium 5k–100k
  [0.95, 10_000_000, 80_000_000], // large 100k–800k
  [1, 80_000_000, 200_000_000], // huge 800k–2M
]);

/** @type {ReadonlyArray<readonly [number, PersonCategory]>} */
const CATEGORIES = [
  [0.55, 'none'],
  [0.7, 'dibao'],
  [0.8, 'tekun'],
  [1, 'edge'],
];

/**
 * One claim from the claim mix.
 * @param {() => number} rnd
 * @returns {Claim}
 */
function nextClaim(rnd) {
  // size band → totalCost
  const u = rnd();
  /** @type {readonly [number, number, number]} */
  let band = SIZE_BANDS[3];
  for (const b of SIZE_BANDS) {
    if (u < b[0]) {
      band = b;
      break;
    }
  }
  const totalFen = intBetween(rnd, band[1], band[2]);
  // eligible 60–100 % of total, in whole fen
  const eligibleFen = intBetween(rnd, Math.ceil((totalFen * 6) / 10), totalFen);
  // class B: a random part of the out-of-catalogue rest
  const classBFen = intBetween(rnd, 0, totalFen - eligibleFen);
  // hospital level 30 / 35 / 35 %
  const lv = rnd();
  /** @type {HospitalLevel} */
  const hospitalLevel = lv < 0.3 ? 1 : lv < 0.65 ? 2 : 3;
  // ytdDeductiblePaid: 0 (65 %), 0–1,000 (25 %), 1,000 (10 %)
  const d = rnd();
  const ytdDeductibleFen = d < 0.65 ? 0 : d < 0.9 ? intBetween(rnd, 0, 100_000) : 100_000;
  // ytdBasicPaid: 0 in 60 %, else 0–210,000
  const ytdBasicFen = rnd() < 0.6 ? 0 : intBetween(rnd, 0, 21_000_000);
  // ytdCriticalPaid: 0 in 80 %, else 0–420,000
  const ytdCriticalFen = rnd() < 0.8 ? 0 : intBetween(rnd, 0, 42_000_000);
  // ytdAssistancePaid: 0 in 80 %, else 0–55,000
  const ytdAssistanceFen = rnd() < 0.8 ? 0 : intBetween(rnd, 0, 5_500_000);
  // person category none 55 / dibao 15 / tekun 10 / edge 20 %
  const c = rnd();
  /** @type {PersonCategory} */
  let personCategory = 'edge';
  for (const [p, name] of CATEGORIES) {
    if (c < p) {
      personCategory = name;
      break;
    }
  }
  return {
    hospitalLevel,
    totalCost: totalFen / 100,
    eligibleCost: eligibleFen / 100,
    classBSelfPayFirst: classBFen / 100,
    ytdDeductiblePaid: ytdDeductibleFen / 100,
    ytdBasicPaid: ytdBasicFen / 100,
    ytdCriticalPaid: ytdCriticalFen / 100,
    ytdAssistancePaid: ytdAssistanceFen / 100,
    personCategory,
  };
}

/**
 * Deterministic claim mix: the same (n, seed) always yields the same claims.
 * @param {number} n number of claims
 * @param {number} [seed] defaults to DEFAULT_SEED
 * @returns {Claim[]}
 */
export function generateClaims(n, seed = DEFAULT_SEED) {
  const rnd = mulberry32(seed);
  /** @type {Claim[]} */
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = nextClaim(rnd);
  return out;
}
