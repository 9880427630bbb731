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

/** A row: Σ cs[k]·x_{vs[k]} + constant (< or ≤) 0, all integers; `vs` ascending. */
interface Row {
  readonly vs: readonly number[];
  readonly cs: readonly bigint[];
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

/** An inequality with integer coefficients, independent of the variable numbering (cached per inequality). */
interface Scaled {
  readonly keys: readonly string[];
  readonly cs: readonly bigint[];
  readonly constant: bigint;
}

const scaledCache = new WeakMap<Inequality, Scaled>();

/** Scales an inequality by a power of ten so that every coefficient is an integer. */
function scaled(ineq: Inequality): Scaled {
  const known = scaledCache.get(ineq);
  if (known) return known;
  const keys: string[] = [];
  const ds: Decimal[] = [];
  let places = Math.max(0, ineq.expr.constant.decimalPlaces());
  for (const [key, c] of ineq.expr.coefs) {
    if (c.isZero()) continue;
    keys.push(key);
    ds.push(c);
    places = Math.max(places, c.decimalPlaces());
  }
  const scale = new Decimal(10).pow(places);
  const big = (d: Decimal): bigint => BigInt(d.times(scale).toFixed(0));
  const out = { keys, cs: ds.map(big), constant: big(ineq.expr.constant) };
  scaledCache.set(ineq, out);
  return out;
}

function toRow(ineq: Inequality, index: Map<string, number>): Row {
  const s = scaled(ineq);
  const parts: [number, bigint][] = s.keys.map((key, k) => {
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = index.size));
    return [i, s.cs[k]!];
  });
  parts.sort((a, b) => a[0] - b[0]);
  return normalise({ vs: parts.map((p) => p[0]), cs: parts.map((p) => p[1]), constant: s.constant, strict: ineq.strict });
}

function normalise(row: Row): Row {
  let g = absBig(row.constant);
  for (const c of row.cs) {
    g = gcd(g, c);
    if (g === 1n) return row;
  }
  if (g <= 1n) return row;
  return { vs: row.vs, cs: row.cs.map((c) => c / g), constant: row.constant / g, strict: row.strict };
}

function keyOf(row: Row): string {
  return `${row.vs.join(',')}|${row.cs.join(',')}|${row.constant}|${row.strict ? 1 : 0}`;
}

/** A row without variables that cannot hold: `c < 0` needs c negative, `c ≤ 0` needs c not positive. */
function contradicts(row: Row): boolean {
  return row.vs.length === 0 && (row.strict ? row.constant >= 0n : row.constant > 0n);
}

function coefOf(row: Row, v: number): bigint | undefined {
  const k = row.vs.indexOf(v);
  return k < 0 ? undefined : row.cs[k];
}

/** m·p + n·q without variable `v` (m, n > 0). */
function combine(p: Row, m: bigint, q: Row, n: bigint, v: number): Row {
  const vs: number[] = [];
  const cs: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < p.vs.length || j < q.vs.length) {
    const a = i < p.vs.length ? p.vs[i]! : Infinity;
    const b = j < q.vs.length ? q.vs[j]! : Infinity;
    let var_: number;
    let c: bigint;
    if (a === b) {
      var_ = a;
      c = p.cs[i++]! * m + q.cs[j++]! * n;
    } else if (a < b) {
      var_ = a;
      c = p.cs[i++]! * m;
    } else {
      var_ = b;
      c = q.cs[j++]! * n;
    }
    if (var_ === v || c === 0n) continue;
    vs.push(var_);
    cs.push(c);
  }
  return normalise({ vs, cs, constant: p.constant * m + q.constant * n, strict: p.strict || q.strict });
}

/**
 * True when the inequalities have no common solution (proved by elimination). False when they may have one
 * (or when the elimination grew past its budget).
 */
export function infeasible(inequalities: readonly Inequality[]): boolean {
  return decide(inequalities) === 'infeasible';
}

/** `infeasible` (proved), `feasible` (the elimination ended without a contradiction) or `unknown` (budget exceeded). */
export function decide(inequalities: readonly Inequality[]): 'infeasible' | 'feasible' | 'unknown' {
  const index = new Map<string, number>();
  let rows: Row[] = [];
  const seen = new Set<string>();
  for (const ineq of inequalities) {
    const row = toRow(ineq, index);
    if (row.vs.length === 0) {
      if (contradicts(row)) return 'infeasible';
      continue;
    }
    const k = keyOf(row);
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push(row);
  }
  const remaining = new Set(index.values());
  while (remaining.size > 0 && rows.length > 0) {
    // Eliminate the variable that creates the fewest new rows; a variable bounded on one side only goes first.
    let best = -1;
    let bestCost = Infinity;
    for (const v of remaining) {
      let pos = 0;
      let neg = 0;
      for (const r of rows) {
        const c = coefOf(r, v);
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
    const pos: [Row, bigint][] = [];
    const neg: [Row, bigint][] = [];
    const next: Row[] = [];
    for (const r of rows) {
      const c = coefOf(r, best);
      if (c === undefined) next.push(r);
      else if (c > 0n) pos.push([r, c]);
      else neg.push([r, -c]);
    }
    if (next.length + pos.length * neg.length > MAX_ROWS) return 'unknown';
    const seenNext = new Set(next.map(keyOf));
    for (const [p, cp] of pos) {
      for (const [n, cn] of neg) {
        // cn·p + cp·n eliminates the variable (both multipliers positive: the direction is kept).
        const row = combine(p, cn, n, cp, best);
        if (row.vs.length === 0) {
          if (contradicts(row)) return 'infeasible';
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
  return 'feasible';
}
