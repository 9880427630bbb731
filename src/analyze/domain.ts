/**
 * The abstract values of the static analysis: what a formula can produce over every input a ruleset accepts.
 *
 * Numbers are closed intervals of exact decimals (a `null` bound is infinite), booleans the set of truth values
 * they can take, enums the set of their values, dates an interval of day numbers. `NONE` is "no evaluation
 * gets here" (the empty set): an expression that always fails (a division by a zero constant) has it.
 *
 * Every operation over-approximates: the true set of values is always inside the result. Bounds are computed
 * with the library's own {@link Decimal} (40 significant digits, half-up), the arithmetic the engine runs, so
 * rounding cannot push a runtime value outside its interval (every operation used is monotone).
 */
import { Decimal } from '../money/decimal';
import { round, type RoundingMode } from '../money/round';
import { MAX_DAY, MIN_DAY } from '../period/date';

/** `null` = −∞ for a lower bound, +∞ for an upper bound. */
export type Bound = Decimal | null;

/** An abstract value. */
export type AV =
  | { readonly k: 'none' }
  | { readonly k: 'num'; readonly lo: Bound; readonly hi: Bound }
  | { readonly k: 'bool'; readonly t: boolean; readonly f: boolean }
  | { readonly k: 'enum'; readonly values: ReadonlySet<string> | null }
  | { readonly k: 'date'; readonly lo: number; readonly hi: number }
  | { readonly k: 'record'; readonly fields: Readonly<Record<string, AV>> }
  | { readonly k: 'list'; readonly item: AV; readonly minLen: number; readonly maxLen: number }
  /** Anything (used where the analysis does not follow a value). */
  | { readonly k: 'any' };

export type NumAV = Extract<AV, { k: 'num' }>;
export type BoolAV = Extract<AV, { k: 'bool' }>;

export const NONE: AV = Object.freeze({ k: 'none' });
export const ANY: AV = Object.freeze({ k: 'any' });
export const TOP_NUM: NumAV = Object.freeze({ k: 'num', lo: null, hi: null });
export const BOOL_TOP: BoolAV = Object.freeze({ k: 'bool', t: true, f: true });
export const TRUE: BoolAV = Object.freeze({ k: 'bool', t: true, f: false });
export const FALSE: BoolAV = Object.freeze({ k: 'bool', t: false, f: true });
export const BOOL_NONE: BoolAV = Object.freeze({ k: 'bool', t: false, f: false });
export const DATE_TOP: AV = Object.freeze({ k: 'date', lo: MIN_DAY, hi: MAX_DAY });

const ZERO = new Decimal(0);

export function num(lo: Bound, hi: Bound): AV {
  if (lo !== null && hi !== null && lo.gt(hi)) return NONE;
  return { k: 'num', lo, hi };
}

export function point(v: Decimal): AV {
  return { k: 'num', lo: v, hi: v };
}

export function bool(t: boolean, f: boolean): AV {
  return t ? (f ? BOOL_TOP : TRUE) : f ? FALSE : NONE;
}

/** The truth values of a boolean abstract value (`none` → neither). */
export function truth(v: AV): { t: boolean; f: boolean } {
  if (v.k === 'bool') return { t: v.t, f: v.f };
  if (v.k === 'none') return { t: false, f: false };
  return { t: true, f: true };
}

/** The interval of a numeric abstract value (`none` → `undefined`; anything else → unbounded). */
export function interval(v: AV): { lo: Bound; hi: Bound } | undefined {
  if (v.k === 'none') return undefined;
  if (v.k === 'num') return v;
  return { lo: null, hi: null };
}

export function isNone(v: AV): boolean {
  return v.k === 'none' || (v.k === 'bool' && !v.t && !v.f);
}

/** Rounds the bounds inwards to whole numbers (for integer-typed values). */
export function integral(v: AV): AV {
  if (v.k !== 'num') return v;
  const lo = v.lo === null ? null : v.lo.ceil();
  const hi = v.hi === null ? null : v.hi.floor();
  return num(lo, hi);
}

/** Intersection with [lo, hi] (for declared ranges). */
export function meetNum(v: AV, lo: Bound, hi: Bound): AV {
  if (v.k !== 'num') return v;
  return num(maxLo(v.lo, lo), minHi(v.hi, hi));
}

function maxLo(a: Bound, b: Bound): Bound {
  if (a === null) return b;
  if (b === null) return a;
  return a.gt(b) ? a : b;
}
function minHi(a: Bound, b: Bound): Bound {
  if (a === null) return b;
  if (b === null) return a;
  return a.lt(b) ? a : b;
}
function minLo(a: Bound, b: Bound): Bound {
  if (a === null || b === null) return null;
  return a.lt(b) ? a : b;
}
function maxHi(a: Bound, b: Bound): Bound {
  if (a === null || b === null) return null;
  return a.gt(b) ? a : b;
}

/** The smallest abstract value containing both (the values of either). */
export function join(a: AV, b: AV): AV {
  if (isNone(a)) return b;
  if (isNone(b)) return a;
  if (a.k === 'num' && b.k === 'num') return num(minLo(a.lo, b.lo), maxHi(a.hi, b.hi));
  if (a.k === 'bool' && b.k === 'bool') return bool(a.t || b.t, a.f || b.f);
  if (a.k === 'enum' && b.k === 'enum') return { k: 'enum', values: a.values && b.values ? new Set([...a.values, ...b.values]) : null };
  if (a.k === 'date' && b.k === 'date') return { k: 'date', lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
  if (a.k === 'record' && b.k === 'record') {
    const fields: Record<string, AV> = Object.create(null) as Record<string, AV>;
    for (const key of new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])) fields[key] = a.fields[key] && b.fields[key] ? join(a.fields[key], b.fields[key]) : ANY;
    return { k: 'record', fields };
  }
  if (a.k === 'list' && b.k === 'list') return { k: 'list', item: join(a.item, b.item), minLen: Math.min(a.minLen, b.minLen), maxLen: Math.max(a.maxLen, b.maxLen) };
  return ANY;
}

/** One value, or `undefined` when the abstract value may hold several (or none). */
export function singleton(v: AV): Decimal | boolean | string | number | undefined {
  switch (v.k) {
    case 'num':
      return v.lo !== null && v.hi !== null && v.lo.eq(v.hi) ? v.lo : undefined;
    case 'bool':
      return v.t !== v.f ? v.t : undefined;
    case 'enum':
      return v.values && v.values.size === 1 ? [...v.values][0] : undefined;
    case 'date':
      return v.lo === v.hi ? v.lo : undefined;
    default:
      return undefined;
  }
}

// ───────────────────────────── arithmetic on intervals ─────────────────────────────

/** An extended real: a decimal or ±∞. */
type X = Decimal | '-inf' | '+inf';

function sign(x: X): number {
  if (x === '-inf') return -1;
  if (x === '+inf') return 1;
  return x.isZero() ? 0 : x.isNegative() ? -1 : 1;
}

function lt(a: X, b: X): boolean {
  if (a === b) return false;
  if (a === '-inf' || b === '+inf') return true;
  if (a === '+inf' || b === '-inf') return false;
  return a.lt(b);
}

/** Product of two bounds; 0 × ∞ = 0 (sound for bounds of intervals of finite values). */
function mulX(a: X, b: X): X {
  const s = sign(a) * sign(b);
  if (s === 0) return ZERO;
  if (typeof a === 'string' || typeof b === 'string') return s > 0 ? '+inf' : '-inf';
  return a.times(b);
}

/** Quotient of two bounds; `b` is never 0 here (a zero divisor bound is handled by the caller as 0±). */
function divX(a: X, b: X | '+0' | '-0'): X {
  if (b === '+0' || b === '-0') {
    const s = sign(a) * (b === '+0' ? 1 : -1);
    return s === 0 ? ZERO : s > 0 ? '+inf' : '-inf';
  }
  if (typeof b === 'string') {
    if (typeof a === 'string') return sign(a) * sign(b) > 0 ? '+inf' : '-inf';
    return ZERO;
  }
  if (typeof a === 'string') return sign(a) * sign(b) > 0 ? '+inf' : '-inf';
  return a.div(b);
}

function lower(b: Bound): X {
  return b === null ? '-inf' : b;
}
function upper(b: Bound): X {
  return b === null ? '+inf' : b;
}

function fromCandidates(candidates: readonly X[]): AV {
  let lo = candidates[0]!;
  let hi = candidates[0]!;
  for (const c of candidates) {
    if (lt(c, lo)) lo = c;
    if (lt(hi, c)) hi = c;
  }
  return num(typeof lo === 'string' ? null : lo, typeof hi === 'string' ? null : hi);
}

type Num2 = (a: NumAV, b: NumAV) => AV;

function lift2(fn: Num2): (a: AV, b: AV) => AV {
  return (a, b) => {
    if (isNone(a) || isNone(b)) return NONE;
    return fn(asNum(a), asNum(b));
  };
}

function asNum(v: AV): NumAV {
  return v.k === 'num' ? v : TOP_NUM;
}

export const add = lift2((a, b) => num(a.lo === null || b.lo === null ? null : a.lo.plus(b.lo), a.hi === null || b.hi === null ? null : a.hi.plus(b.hi)));

export const sub = lift2((a, b) => num(a.lo === null || b.hi === null ? null : a.lo.minus(b.hi), a.hi === null || b.lo === null ? null : a.hi.minus(b.lo)));

export const mul = lift2((a, b) => {
  const [al, ah, bl, bh] = [lower(a.lo), upper(a.hi), lower(b.lo), upper(b.hi)];
  return fromCandidates([mulX(al, bl), mulX(al, bh), mulX(ah, bl), mulX(ah, bh)]);
});

/**
 * Division. A divisor of exactly 0 always fails (`NONE`); a divisor interval with 0 as a bound excludes it
 * (a whole-number divisor `[0, n]` is `[1, n]`); one with 0 inside gives no bound.
 */
export function div(a: AV, b: AV, wholeDivisor: boolean): AV {
  if (isNone(a) || isNone(b)) return NONE;
  const n = asNum(a);
  let d = asNum(b);
  if (wholeDivisor) {
    const t = integral(d);
    if (t.k !== 'num') return NONE;
    d = t;
  }
  const dl = d.lo;
  const dh = d.hi;
  if (dl !== null && dh !== null && dl.isZero() && dh.isZero()) return NONE;
  const [nl, nh] = [lower(n.lo), upper(n.hi)];
  if (dl !== null && dl.isZero()) {
    if (wholeDivisor) return div(a, num(new Decimal(1), dh), false);
    const top = upper(dh);
    return fromCandidates([divX(nl, '+0'), divX(nh, '+0'), divX(nl, top), divX(nh, top)]);
  }
  if (dh !== null && dh.isZero()) {
    if (wholeDivisor) return div(a, num(dl, new Decimal(-1)), false);
    const bottom = lower(dl);
    return fromCandidates([divX(nl, '-0'), divX(nh, '-0'), divX(nl, bottom), divX(nh, bottom)]);
  }
  const containsZero = (dl === null || dl.isNegative()) && (dh === null || dh.isPositive());
  if (containsZero) {
    if (n.lo !== null && n.hi !== null && n.lo.isZero() && n.hi.isZero()) return point(ZERO);
    return TOP_NUM;
  }
  const [bl, bh] = [lower(dl), upper(dh)];
  return fromCandidates([divX(nl, bl), divX(nl, bh), divX(nh, bl), divX(nh, bh)]);
}

export function neg(a: AV): AV {
  if (isNone(a)) return NONE;
  const n = asNum(a);
  return num(n.hi === null ? null : n.hi.neg(), n.lo === null ? null : n.lo.neg());
}

export function abs(a: AV): AV {
  if (isNone(a)) return NONE;
  const n = asNum(a);
  if (n.lo !== null && !n.lo.isNegative()) return n;
  if (n.hi !== null && !n.hi.isPositive()) return neg(n);
  const hi = n.lo === null || n.hi === null ? null : n.lo.neg().gt(n.hi) ? n.lo.neg() : n.hi;
  return num(ZERO, hi);
}

export function minOf(values: readonly AV[]): AV {
  if (values.some(isNone)) return NONE;
  const ns = values.map(asNum);
  return num(ns.reduce<Bound>((acc, v, i) => (i === 0 ? v.lo : minLo(acc, v.lo)), null), ns.reduce<Bound>((acc, v, i) => (i === 0 ? v.hi : minHi(acc, v.hi)), null));
}

export function maxOf(values: readonly AV[]): AV {
  if (values.some(isNone)) return NONE;
  const ns = values.map(asNum);
  return num(ns.reduce<Bound>((acc, v, i) => (i === 0 ? v.lo : maxLo(acc, v.lo)), null), ns.reduce<Bound>((acc, v, i) => (i === 0 ? v.hi : maxHi(acc, v.hi)), null));
}

/** `round` is monotone in its operand for every mode, so the bounds round to the bounds. */
export function roundAV(a: AV, places: number, mode: RoundingMode): AV {
  if (isNone(a)) return NONE;
  const n = asNum(a);
  return num(n.lo === null ? null : round(n.lo, places, mode), n.hi === null ? null : round(n.hi, places, mode));
}

/** Σ over a list of `n ∈ [minLen, maxLen]` items, each in `body`. */
export function sumOf(body: AV, minLen: number, maxLen: number): AV {
  if (isNone(body)) return minLen === 0 ? point(ZERO) : NONE;
  const b = asNum(body);
  const nMin = new Decimal(minLen);
  const nMax = new Decimal(maxLen);
  const lo = b.lo === null ? (maxLen === 0 ? ZERO : null) : b.lo.isNegative() ? b.lo.times(nMax) : b.lo.times(nMin);
  const hi = b.hi === null ? (maxLen === 0 ? ZERO : null) : b.hi.isPositive() ? b.hi.times(nMax) : b.hi.times(nMin);
  return num(lo, hi);
}

// ───────────────────────────── comparisons ─────────────────────────────

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Which truth values `a op b` can take over numeric intervals (or date intervals). */
export function compareNum(op: CompareOp, a: { lo: Bound; hi: Bound }, b: { lo: Bound; hi: Bound }): AV {
  // exists x ∈ a, y ∈ b with x < y  ⇔  a.lo < b.hi
  const canLt = (x: { lo: Bound }, y: { hi: Bound }) => x.lo === null || y.hi === null || x.lo.lt(y.hi);
  const canLe = (x: { lo: Bound }, y: { hi: Bound }) => x.lo === null || y.hi === null || x.lo.lte(y.hi);
  const intersect = canLe(a, b) && canLe(b, a);
  const bothSamePoint = a.lo !== null && a.hi !== null && b.lo !== null && b.hi !== null && a.lo.eq(a.hi) && b.lo.eq(b.hi) && a.lo.eq(b.lo);
  switch (op) {
    case '==':
      return bool(intersect, !bothSamePoint);
    case '!=':
      return bool(!bothSamePoint, intersect);
    case '<':
      return bool(canLt(a, b), canLe(b, a));
    case '<=':
      return bool(canLe(a, b), canLt(b, a));
    case '>':
      return bool(canLt(b, a), canLe(a, b));
    case '>=':
      return bool(canLe(b, a), canLt(a, b));
  }
}

export function dateAsNum(v: AV): { lo: Bound; hi: Bound } {
  if (v.k === 'date') return { lo: new Decimal(v.lo), hi: new Decimal(v.hi) };
  return { lo: null, hi: null };
}

/** Renders an abstract value for messages: `[0, 1]`, `{true}`, `{'a', 'b'}`. */
export function showAV(v: AV): string {
  switch (v.k) {
    case 'none':
      return 'nothing';
    case 'num':
      if (v.lo !== null && v.hi !== null && v.lo.eq(v.hi)) return v.lo.toString();
      return `[${v.lo === null ? '−∞' : v.lo.toString()}, ${v.hi === null ? '+∞' : v.hi.toString()}]`;
    case 'bool':
      return v.t && v.f ? 'true or false' : v.t ? 'true' : 'false';
    case 'enum':
      return v.values ? [...v.values].map((s) => `'${s}'`).join(' or ') : 'any value';
    case 'date':
      return v.lo === v.hi ? `day ${v.lo}` : `days ${v.lo}–${v.hi}`;
    default:
      return 'any value';
  }
}
