/**
 * Exact division on the fast path. A quotient is held as a ratio of safe integers `{ n, d }` (d > 0) at a
 * static scale: its value is `n / d / 10^scale`, exactly. Ratios may be multiplied, added, negated,
 * compared, rounded and stored as a rule's value; anything else that meets one is left to the decimal path.
 *
 * Why this equals the decimal path: decimal.js rounds each quotient (and each later product or sum) to 40
 * significant digits, so its value differs from the exact ratio by at most ~10^-39 of its size. Rounding
 * to `p` places and comparing are decided by which side of a boundary the value falls; an exact ratio
 * with denominator `d` that is not on a boundary is at least `1 / (2d)` units of 10^-p away from it. Every
 * integer here is checked to be a safe integer (< 2^53), so value × d stays below 10^32 — far from the
 * 10^39 where the decimal path's rounding could cross a boundary the exact value does not. Exact ties are
 * representable in 40 digits and stay ties. So rounding and comparing the exact ratio give what the
 * decimal path gives; only printing a quotient unrounded (decimal or rate text) needs the decimal path's
 * own 40 digits, which {@link ratioRenderer} produces for a plain quotient and refuses for composites.
 */
import { Decimal } from '../../money/decimal';
import { POW10, renderFixed, roundQuotient } from '../../money/fen';
import type { RoundingMode } from '../../money/round';
import type { OutputValue } from '../runtime';
import type { Type } from '../types';
import { fallback, check, type FixedFn, type FixedNode, type FixedFrame } from './frame';

/** A quotient on the fast path: `n / d / 10^scale` (d > 0). */
export interface Ratio {
  readonly n: number;
  readonly d: number;
}

/** Whether a fast-path value is a {@link Ratio} (fixed-point values are plain numbers). */
export function isRatio(v: unknown): v is Ratio {
  return typeof v === 'object' && v !== null && 'd' in v;
}

/** The node's value as a ratio function (a fixed number becomes `n / 1`). */
function asRatio(node: FixedNode): (f: FixedFrame) => Ratio {
  const fn = node.fn;
  if (node.ratio) return fn as (f: FixedFrame) => Ratio;
  return (f) => ({ n: fn(f) as number, d: 1 });
}

function up(n: number, by: number): number {
  return by === 0 ? n : check(n * POW10[by]!);
}

/**
 * `left / right`. A plain quotient of two fixed values keeps `ratio: 'direct'` (its unrounded text can be
 * printed exactly as the decimal path prints it). The divisor is evaluated first, as on the decimal path
 * (the trace lists reads in order); a zero divisor hands over (the decimal path reports it).
 */
export function divide(l: FixedNode, r: FixedNode): FixedNode {
  const sa = l.scale;
  const sb = r.scale;
  if (!l.ratio && !r.ratio) {
    const a = l.fn;
    const b = r.fn;
    return {
      fn: (f) => {
        const y = b(f) as number;
        const x = a(f) as number;
        if (y === 0) fallback('division by zero');
        const n = up(x, sb);
        return y < 0 ? { n: -n, d: -y } : { n, d: y };
      },
      scale: sa,
      ratio: 'direct',
    };
  }
  const a = asRatio(l);
  const b = asRatio(r);
  return {
    fn: (f) => {
      const y = b(f);
      const x = a(f);
      if (y.n === 0) fallback('division by zero');
      // (xn / xd) / (yn / yd) = xn·yd / (xd·yn), then the divisor's scale moves to the numerator.
      const n = up(check(x.n * y.d), sb);
      const d = check(x.d * y.n);
      return d < 0 ? { n: -n, d: -d } : { n, d };
    },
    scale: sa,
    ratio: 'derived',
  };
}

/** `left × right` where at least one side is a ratio (null beyond the fast path's 12 decimals). */
export function multiply(l: FixedNode, r: FixedNode, maxScale: number): FixedNode | null {
  const scale = l.scale + r.scale;
  if (scale > maxScale) return null;
  const a = asRatio(l);
  const b = asRatio(r);
  return {
    fn: (f) => {
      const x = a(f);
      const y = b(f);
      return { n: check(x.n * y.n), d: check(x.d * y.d) };
    },
    scale,
    ratio: 'derived',
  };
}

/** `left ± right` where at least one side is a ratio. */
export function addOrSubtract(l: FixedNode, r: FixedNode, subtract: boolean): FixedNode {
  const scale = Math.max(l.scale, r.scale);
  const ka = scale - l.scale;
  const kb = scale - r.scale;
  const a = asRatio(l);
  const b = asRatio(r);
  return {
    fn: (f) => {
      const x = a(f);
      const y = b(f);
      const xn = up(x.n, ka);
      const yn = up(y.n, kb);
      if (x.d === y.d) return { n: check(subtract ? xn - yn : xn + yn), d: x.d };
      const p = check(xn * y.d);
      const q = check(yn * x.d);
      return { n: check(subtract ? p - q : p + q), d: check(x.d * y.d) };
    },
    scale,
    ratio: 'derived',
  };
}

/** Negation and abs of a ratio keep its kind: the decimal path's rounding is symmetric about zero. */
export function signed(o: FixedNode, abs: boolean): FixedNode {
  const fn = o.fn as (f: FixedFrame) => Ratio;
  return {
    fn: abs ? (f) => {
      const x = fn(f);
      return x.n < 0 ? { n: -x.n, d: x.d } : x;
    } : (f) => {
      const x = fn(f);
      return { n: -x.n, d: x.d };
    },
    scale: o.scale,
    ...(o.ratio ? { ratio: o.ratio } : {}),
  };
}

/** `round(ratio, places, mode)`: one exact integer division with the mode. */
export function roundRatio(o: FixedNode, places: number, mode: RoundingMode): FixedNode {
  const fn = o.fn as (f: FixedFrame) => Ratio;
  const s = o.scale;
  if (places >= s) {
    const k = places - s;
    return { fn: (f) => {
      const x = fn(f);
      return roundQuotient(up(x.n, k), x.d, mode);
    }, scale: places };
  }
  const k = s - places;
  return { fn: (f) => {
    const x = fn(f);
    return roundQuotient(x.n, up(x.d, k), mode);
  }, scale: places };
}

/** The sign of `left − right` (−1, 0, 1), exactly, at least one side a ratio. */
export function ratioComparer(l: FixedNode, r: FixedNode): (f: FixedFrame) => { sign: number; x: unknown; y: unknown } {
  const scale = Math.max(l.scale, r.scale);
  const ka = scale - l.scale;
  const kb = scale - r.scale;
  const a = l.fn;
  const b = r.fn;
  const lr = l.ratio !== undefined;
  const rr = r.ratio !== undefined;
  return (f) => {
    const x = a(f);
    const y = b(f);
    const xn = up(lr ? (x as Ratio).n : (x as number), ka);
    const yn = up(rr ? (y as Ratio).n : (y as number), kb);
    const p = rr ? check(xn * (y as Ratio).d) : xn;
    const q = lr ? check(yn * (x as Ratio).d) : yn;
    return { sign: p < q ? -1 : p > q ? 1 : 0, x, y };
  };
}

/** The untraced comparison of two values, at least one a ratio. */
export function compareRatios(l: FixedNode, r: FixedNode, op: string): FixedFn {
  const cmp = ratioComparer(l, r);
  const test = SIGN_TEST[op]!;
  return (f) => test(cmp(f).sign);
}

export const SIGN_TEST: Readonly<Record<string, (sign: number) => boolean>> = {
  '==': (s) => s === 0,
  '!=': (s) => s !== 0,
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
};

/**
 * Prints a ratio as the decimal path prints the same value of `type`: money rounded half-up to 2 places
 * (exact, see the module comment); decimal and rate text only for a plain quotient (`direct`), with the
 * decimal path's own 40-digit division. Null when the fast path cannot print it exactly.
 */
export function ratioRenderer(scale: number, type: Type | undefined, kind: 'direct' | 'derived'): ((v: unknown) => OutputValue) | null {
  const t = type?.kind === 'table' ? type.value : type;
  if (t?.kind === 'money') {
    return (v) => {
      if (v === undefined || v === null) return null;
      if (!isRatio(v)) return renderFixed(v as number, scale, 'money');
      return moneyText(v, scale);
    };
  }
  if (kind !== 'direct' || t?.kind === 'integer') return null;
  const p = new Decimal(POW10[scale]!);
  return (v) => {
    if (v === undefined || v === null) return null;
    if (!isRatio(v)) return renderFixed(v as number, scale, 'decimal');
    if (v.n === 0) return '0';
    return new Decimal(v.n).div(p.times(v.d)).toString();
  };
}

/** A ratio printed as money: fen rounded half-up; through BigInt when an intermediate leaves the safe range. */
function moneyText(v: Ratio, scale: number): OutputValue {
  const n = scale <= 2 ? v.n * POW10[2 - scale]! : v.n;
  const d = scale <= 2 ? v.d : v.d * POW10[scale - 2]!;
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return renderFixed(roundQuotient(n, d, 'half-up'), 2, 'money');
  const negative = v.n < 0;
  const a = BigInt(negative ? -v.n : v.n) * 10n ** BigInt(scale <= 2 ? 2 - scale : 0);
  const b = BigInt(v.d) * 10n ** BigInt(scale <= 2 ? 0 : scale - 2);
  let fen = a / b;
  if (2n * (a % b) >= b) fen += 1n;
  const cents = fen % 100n;
  return `${negative && fen !== 0n ? '-' : ''}${fen / 100n}.${cents < 10n ? '0' : ''}${cents}`;
}
