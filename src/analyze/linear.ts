/**
 * Linear reasoning for the condition checks: a conjunction of linear inequalities over opaque "atoms"
 * (inputs, rules, non-linear sub-expressions) is decided infeasible by Fourier–Motzkin elimination over the
 * rationals, with exact integer (BigInt) coefficients.
 *
 * Infeasible over the rationals implies infeasible over any subset (whole numbers, amounts in fen), so an
 * "infeasible" answer is always right; a "feasible" answer only means "not proven infeasible" (the caller
 * never reports anything from it). The work is bounded: past {@link MAX_ROWS} rows the answer is "feasible".
 */
import { Decimal } from '../money/decimal';

/** Σ coef·atom + constant. */
export interface Linear {
  readonly coefs: ReadonlyMap<string, Decimal>;
  readonly constant: Decimal;
}

/** `expr < 0` (strict) or `expr <= 0`. */
export interface Inequality {
  readonly expr: Linear;
  readonly strict: boolean;
}

const ZERO = new Decimal(0);

export function constantOf(c: Decimal): Linear {
  return { coefs: new Map(), constant: c };
}

export function atomOf(key: string): Linear {
  return { coefs: new Map([[key, new Decimal(1)]]), constant: ZERO };
}

export function scaleLinear(a: Linear, k: Decimal): Linear {
  if (k.isZero()) return constantOf(ZERO);
  const coefs = new Map<string, Decimal>();
  for (const [key, c] of a.coefs) coefs.set(key, c.times(k));
  return { coefs, constant: a.constant.times(k) };
}

export function addLinear(a: Linear, b: Linear, sign = 1): Linear {
  const coefs = new Map(a.coefs);
  for (const [key, c] of b.coefs) {
    const next = (coefs.get(key) ?? ZERO).plus(sign < 0 ? c.neg() : c);
    if (next.isZero()) coefs.delete(key);
    else coefs.set(key, next);
  }
  return { coefs, constant: sign < 0 ? a.constant.minus(b.constant) : a.constant.plus(b.constant) };
}

export function isConstant(a: Linear): boolean {
  return a.coefs.size === 0;
}

// ───────────────────────────── Fourier–Motzkin ─────────────────────────────

/** A row: Σ coefs[i]·x_i + constant (< or ≤) 0, all integers. */
interface Row {
  readonly coefs: Map<number, bigint>;
  readonly constant: bigint;
  readonly strict: boolean;
}

export const MAX_ROWS = 4000;

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  a = absBig(a);
  b = absBig(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Scales a row by a positive power of ten so that every coefficient is an integer, then by the gcd. */
function toRow(ineq: Inequality, index: Map<string, number>): Row {
  const parts: [number, Decimal][] = [];
  let places = Math.max(0, ineq.expr.constant.decimalPlaces());
  for (const [key, c] of ineq.expr.coefs) {
    if (c.isZero()) continue;
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = index.size));
    parts.push([i, c]);
    places = Math.max(places, c.decimalPlaces());
  }
  const scale = new Decimal(10).pow(places);
  const big = (d: Decimal): bigint => BigInt(d.times(scale).toFixed(0));
  const coefs = new Map<number, bigint>();
  for (const [i, c] of parts) coefs.set(i, big(c));
  return normalise({ coefs, constant: big(ineq.expr.constant), strict: ineq.strict });
}

function normalise(row: Row): Row {
  let g = absBig(row.constant);
  for (const c of row.coefs.values()) g = gcd(g, c);
  if (g <= 1n) return row;
  const coefs = new Map<number, bigint>();
  for (const [i, c] of row.coefs) coefs.set(i, c / g);
  return { coefs, constant: row.constant / g, strict: row.strict };
}

function keyOf(row: Row): string {
  return `${[...row.coefs].sort((a, b) => a[0] - b[0]).map(([i, c]) => `${i}:${c}`).join(',')}|${row.constant}|${row.strict ? '<' : '≤'}`;
}

/** A row without variables that cannot hold: `c < 0` needs c negative, `c ≤ 0` needs c not positive. */
function contradicts(row: Row): boolean {
  return row.coefs.size === 0 && (row.strict ? row.constant >= 0n : row.constant > 0n);
}

/**
 * True when the inequalities have no common solution (proved by elimination). False when they may have one
 * (or when the elimination grew past its budget).
 */
export function infeasible(inequalities: readonly Inequality[]): boolean {
  const index = new Map<string, number>();
  let rows: Row[] = [];
  const seen = new Set<string>();
  for (const ineq of inequalities) {
    const row = toRow(ineq, index);
    if (row.coefs.size === 0) {
      if (contradicts(row)) return true;
      continue;
    }
    const k = keyOf(row);
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push(row);
  }
  const remaining = new Set(index.values());
  while (remaining.size > 0) {
    // Eliminate the variable that creates the fewest new rows.
    let best = -1;
    let bestCost = Infinity;
    for (const v of remaining) {
      let pos = 0;
      let neg = 0;
      for (const r of rows) {
        const c = r.coefs.get(v);
        if (c === undefined) continue;
        if (c > 0n) pos++;
        else neg++;
      }
      const cost = pos * neg - pos - neg;
      if (cost < bestCost) {
        bestCost = cost;
        best = v;
      }
    }
    remaining.delete(best);
    const pos: Row[] = [];
    const neg: Row[] = [];
    const next: Row[] = [];
    for (const r of rows) {
      const c = r.coefs.get(best);
      if (c === undefined) next.push(r);
      else if (c > 0n) pos.push(r);
      else neg.push(r);
    }
    if (next.length + pos.length * neg.length > MAX_ROWS) return false;
    const seenNext = new Set(next.map(keyOf));
    for (const p of pos) {
      const cp = p.coefs.get(best)!;
      for (const n of neg) {
        const cn = -n.coefs.get(best)!;
        // cn·p + cp·n eliminates the variable (both multipliers positive: the direction is kept).
        const coefs = new Map<number, bigint>();
        for (const [i, c] of p.coefs) if (i !== best) coefs.set(i, c * cn);
        for (const [i, c] of n.coefs) {
          if (i === best) continue;
          const sum = (coefs.get(i) ?? 0n) + c * cp;
          if (sum === 0n) coefs.delete(i);
          else coefs.set(i, sum);
        }
        const row = normalise({ coefs, constant: p.constant * cn + n.constant * cp, strict: p.strict || n.strict });
        if (row.coefs.size === 0) {
          if (contradicts(row)) return true;
          continue;
        }
        const k = keyOf(row);
        if (seenNext.has(k)) continue;
        seenNext.add(k);
        next.push(row);
      }
    }
    rows = next;
  }
  return false;
}
