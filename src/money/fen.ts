/**
 * Fixed-point money and decimals: a value is the safe integer `value × 10^scale` (fen when the scale is 2).
 * Scaled division with every rounding mode and rendering to exactly the text the decimal path prints —
 * the one home of fixed-point arithmetic, next to `decimal.ts` (the exact reference it must agree with).
 */
import { Decimal } from './decimal';
import type { RoundingMode } from './round';

/** Powers of ten as exact JS numbers (10^0 … 10^22 are exact; larger ones are only used for range checks). */
export const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);

/** Decimal → integer at `scale`, or null when it does not fit exactly. */
export function toFixedInt(value: Decimal, scale: number): number | null {
  const scaled = value.times(POW10[scale]!);
  if (!scaled.isInteger()) return null;
  const n = scaled.toNumber();
  return Number.isSafeInteger(n) ? n : null;
}

/** Integer division of `x` by the power of ten `d` with a rounding mode; exact for safe integers. */
export function roundDiv(x: number, d: number, mode: RoundingMode): number {
  const negative = x < 0;
  const a = negative ? -x : x;
  let q = Math.trunc(a / d);
  let r = a - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  if (roundsUp(mode, r, d, q, negative)) q += 1;
  return negative && q !== 0 ? -q : q;
}

/** ".00" … ".99": the fraction of a fen amount, so rendering builds one string per amount. */
const CENTS: readonly string[] = Array.from({ length: 100 }, (_, i) => `.${i < 10 ? '0' : ''}${i}`);
/** "0.00" … "0.99". */
const BELOW_ONE_YUAN: readonly string[] = CENTS.map((c) => `0${c}`);

/**
 * Renders a safe integer number of fen as yuan with 2 decimals ("53327.50"), as the decimal path prints
 * money — with no intermediate strings (the hot output of a settlement).
 */
export function renderFen(fen: number): string {
  if (fen < 0) {
    const a = -fen;
    const cents = a % 100;
    return '-' + (a - cents) / 100 + CENTS[cents]!;
  }
  // Amounts under one yuan (0.00 above all: no payout) from a table, without building a string.
  if (fen < 100) return BELOW_ONE_YUAN[fen]!;
  // Below 10 million yuan: the digits straight into one string, without the yuan part's own text in between
  // (one allocation instead of two; a trace renders dozens of amounts).
  if (fen < 1e9) {
    // In int32 (fen < 2^31), so the divisions and remainders below are integer operations.
    const f = fen | 0;
    const c0 = f % 10;
    let q = ((f - c0) / 10) | 0;
    const c1 = q % 10;
    q = ((q - c1) / 10) | 0;
    const y0 = q % 10;
    if (q < 10) return fromCharCode(48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y0) / 10) | 0;
    const y1 = q % 10;
    if (q < 10) return fromCharCode(48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y1) / 10) | 0;
    const y2 = q % 10;
    if (q < 10) return fromCharCode(48 + y2, 48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y2) / 10) | 0;
    const y3 = q % 10;
    if (q < 10) return fromCharCode(48 + y3, 48 + y2, 48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y3) / 10) | 0;
    const y4 = q % 10;
    if (q < 10) return fromCharCode(48 + y4, 48 + y3, 48 + y2, 48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y4) / 10) | 0;
    const y5 = q % 10;
    if (q < 10) return fromCharCode(48 + y5, 48 + y4, 48 + y3, 48 + y2, 48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
    q = ((q - y5) / 10) | 0;
    return fromCharCode(48 + q, 48 + y5, 48 + y4, 48 + y3, 48 + y2, 48 + y1, 48 + y0, 46, 48 + c1, 48 + c0);
  }
  const cents = fen % 100;
  return (fen - cents) / 100 + CENTS[cents]!;
}

const fromCharCode = String.fromCharCode;

/** Renders a fixed-point integer like the decimal path renders the same value. */
export function renderFixed(n: number, scale: number, kind: string): string | number {
  // `+ 0` turns −0 into 0, as the decimal path prints it.
  if (kind === 'integer') return (scale === 0 ? n : n / POW10[scale]!) + 0;
  if (kind === 'money') {
    if (scale < 2) {
      // Pad with zeros as text: n × 10^(2 − scale) may leave the safe range where n itself is exact.
      const negative = n < 0;
      const a = String(negative ? -n : n);
      const whole = scale === 0 ? a : a.length > 1 ? a.slice(0, -1) : '0';
      const tenths = scale === 0 ? '0' : a.slice(-1);
      return `${negative && a !== '0' ? '-' : ''}${whole}.${tenths}0`;
    }
    return renderFen(scale === 2 ? n : roundDiv(n, POW10[scale - 2]!, 'half-up'));
  }
  // rate / decimal: the shortest exact decimal text, as Decimal#toString gives it (integer arithmetic, exact).
  if (scale <= 0) return String(n);
  const negative = n < 0;
  const a = negative ? -n : n;
  const p = POW10[scale]!;
  let whole = Math.floor(a / p);
  let frac = a - whole * p;
  if (frac < 0) {
    whole -= 1;
    frac += p;
  } else if (frac >= p) {
    whole += 1;
    frac -= p;
  }
  if (frac === 0) return negative && whole !== 0 ? `-${whole}` : String(whole);
  let places = scale;
  while (frac % 10 === 0) {
    frac /= 10;
    places--;
  }
  return `${negative ? '-' : ''}${whole}.${String(frac).padStart(places, '0')}`;
}

/**
 * `n / d` rounded to an integer with a rounding mode, exactly, for any safe integers (`d > 0`). `%` on
 * integral doubles is exact, so no intermediate leaves the safe range (unlike `q × d`).
 */
export function roundQuotient(n: number, d: number, mode: RoundingMode): number {
  const negative = n < 0;
  const a = negative ? -n : n;
  const r = a % d;
  let q = (a - r) / d;
  if (roundsUp(mode, r, d, q, negative)) q += 1;
  return negative && q !== 0 ? -q : q;
}

/**
 * Whether a magnitude `q` with remainder `r` (0 ≤ r < d) moves up one under `mode`; `negative` is the sign of the
 * value being rounded. Compares `r` with `d − r` rather than `2r` with `d`, so no intermediate leaves the safe range.
 */
function roundsUp(mode: RoundingMode, r: number, d: number, q: number, negative: boolean): boolean {
  switch (mode) {
    case 'half-up':
      return r >= d - r;
    case 'half-even':
      return r > d - r || (r === d - r && q % 2 === 1);
    case 'half-down':
      return r > d - r;
    case 'up':
      return r > 0;
    case 'down':
      return false;
    case 'ceiling':
      return !negative && r > 0;
    case 'floor':
      return negative && r > 0;
  }
}

/**
 * "123.45" / "-0.50" (money as the library prints it: exactly 2 decimals) → integer fen, or undefined for any
 * other text or one beyond the safe integers. A text it accepts holds only ASCII digits, one '.' and maybe a
 * leading '-' (so `simulate` can copy it into CSV or JSON as it is).
 */
export function fenOfMoneyText(text: string): number | undefined {
  const len = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (len - i < 4 || text.charCodeAt(len - 3) !== 46) return undefined;
  let n = 0;
  for (; i < len; i++) {
    if (i === len - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  if (n > Number.MAX_SAFE_INTEGER) return undefined;
  return text.charCodeAt(0) === 45 ? 0 - n : n;
}

/**
 * {@link renderFen} for a trace, which prints an amount many times: one amount flows through several rules of a
 * settlement (a payout, the same payout capped, the fund's total), each rule's value and each input is printed,
 * and amounts set by parameters (a deductible) recur from claim to claim. An amount seen again in its slot (by
 * its low bits) gets the slot's text back; texts are immutable. Of the amounts of one yuan or more a traced
 * Nanchang evaluation prints, 53% come from here within that one evaluation; over the bench workload's 10,000
 * claims, 20%.
 */
export function renderFenRecent(fen: number): string {
  if (fen >= 0 && fen < 100) return BELOW_ONE_YUAN[fen]!;
  const slot = fen & (RECENT_SLOTS - 1);
  if (recentFen[slot] !== fen) {
    // First seen: only the amount is noted. Keeping every text would keep each one alive past the next minor
    // GC (the cache is old, the text young), which cost more than it saved where amounts rarely repeat.
    recentFen[slot] = fen;
    recentText[slot] = undefined;
    return renderFen(fen);
  }
  let text = recentText[slot];
  if (text === undefined) recentText[slot] = text = renderFen(fen);
  return text;
}

const RECENT_SLOTS = 1024;
const recentFen = new Float64Array(RECENT_SLOTS).fill(Number.NaN);
const recentText = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
