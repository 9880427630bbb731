/**
 * The abstract interpreter: evaluates a typed formula ({@link TExpr}) over abstract values instead of
 * runtime values. The result contains every value any successful evaluation can produce (an evaluation
 * that fails — a missing input, a division by zero — produces nothing, so it adds nothing).
 */
import { Decimal } from '../money/decimal';
import { MAX_DAY, MIN_DAY } from '../period/date';
import { DATE_DIFFS, DATE_FNS } from '../period/date-functions';
import type { Band } from '../expr/compile';
import type { TExpr } from '../expr/typecheck';
import type { Type } from '../expr/types';
import type { InputDecl } from '../ruleset/schema';
import { DEFAULT_LIMITS } from '../limits';
import {
  ANY,
  BOOL_TOP,
  DATE_TOP,
  FALSE,
  NONE,
  TOP_NUM,
  TRUE,
  abs,
  add,
  bool,
  compareNum,
  dateAsNum,
  div,
  integral,
  interval,
  isNone,
  join,
  maxOf,
  minOf,
  mul,
  neg,
  num,
  point,
  roundAV,
  sub,
  sumOf,
  truth,
  type AV,
  type Bound,
} from './domain';

const ZERO = new Decimal(0);

/** What a formula can see, abstractly. */
export interface AbstractEnv {
  readonly inputs: Readonly<Record<string, AV>>;
  /** Abstract value of each rule computed so far (a rule not there is taken as any value of its type). */
  readonly rules: ReadonlyMap<string, AV>;
  /** A scalar parameter (or, in constraints, a scale seen as a record). */
  param(name: string, type: Type): AV;
  /** One entry of a table parameter. */
  lookup(name: string, key: string, type: Type): AV;
  /** The bands of a scale parameter in force, or `undefined` when not known. */
  bands(name: string): readonly Band[] | undefined;
  /** The evaluation date. */
  readonly evaluationDate: AV;
  /** Longest list an input may hold. */
  readonly maxListItems?: number;
}

/** Any value of a static type (numbers unbounded, except where the type itself bounds them). */
export function topOf(type: Type): AV {
  switch (type.kind) {
    case 'money':
    case 'rate':
    case 'decimal':
    case 'integer':
      return TOP_NUM;
    case 'boolean':
      return BOOL_TOP;
    case 'date':
      return DATE_TOP;
    case 'enum':
      return { k: 'enum', values: type.values ? new Set(type.values) : null };
    case 'record': {
      const fields: Record<string, AV> = Object.create(null) as Record<string, AV>;
      for (const [name, t] of Object.entries(type.fields)) fields[name] = topOf(t);
      return { k: 'record', fields };
    }
    case 'list':
      return { k: 'list', item: topOf(type.item), minLen: 0, maxLen: DEFAULT_LIMITS.maxListItems };
    default:
      return ANY;
  }
}

/**
 * Every value a declared input accepts: money and rates at least 0 unless `allowNegative`, declared
 * `min`/`max`, integers whole, enums their values, dates in the supported range, lists up to the item limit.
 */
export function inputAV(decl: InputDecl, maxListItems = DEFAULT_LIMITS.maxListItems): AV {
  switch (decl.type) {
    case 'money':
    case 'rate':
    case 'decimal':
    case 'integer': {
      let lo: Bound = (decl.type === 'money' || decl.type === 'rate') && decl.allowNegative !== true ? ZERO : null;
      let hi: Bound = null;
      if (decl.min !== undefined) {
        const m = new Decimal(String(decl.min));
        lo = lo === null || m.gt(lo) ? m : lo;
      }
      if (decl.max !== undefined) hi = new Decimal(String(decl.max));
      const v = num(lo, hi);
      return decl.type === 'integer' ? integral(v) : v;
    }
    case 'boolean':
      return BOOL_TOP;
    case 'date':
      return DATE_TOP;
    case 'enum':
      return { k: 'enum', values: new Set(decl.of) };
    case 'record': {
      const fields: Record<string, AV> = Object.create(null) as Record<string, AV>;
      for (const [name, d] of Object.entries(decl.fields)) fields[name] = inputAV(d, maxListItems);
      return { k: 'record', fields };
    }
    case 'list':
      return { k: 'list', item: inputAV(decl.items, maxListItems), minLen: 0, maxLen: maxListItems };
  }
}

/** A runtime parameter value as an abstract value (a point, a boolean, …). */
export function valueAV(value: unknown): AV {
  if (value instanceof Decimal) return point(value);
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  if (typeof value === 'string') return { k: 'enum', values: new Set([value]) };
  return ANY;
}

function tighten(v: AV, type: Type): AV {
  return type.kind === 'integer' ? integral(v) : v;
}

/**
 * Evaluates `expr` abstractly. `its` holds the abstract list item of each enclosing `sum`/`count`/`exists`/
 * `every` (innermost last). `visit`, when given, is called on every node with its abstract value and the
 * item stack, so that callers can look at sub-expressions without evaluating them again.
 */
export function evaluate(expr: TExpr, env: AbstractEnv, its: readonly AV[] = [], visit?: (node: TExpr, value: AV, its: readonly AV[]) => void): AV {
  const ev = (e: TExpr, stack: readonly AV[] = its): AV => evaluate(e, env, stack, visit);
  const value = tighten(step(expr, env, its, ev), expr.type);
  visit?.(expr, value, its);
  return value;
}

function step(expr: TExpr, env: AbstractEnv, its: readonly AV[], ev: (e: TExpr, stack?: readonly AV[]) => AV): AV {
  switch (expr.kind) {
    case 'const':
      return typeof expr.value === 'number' ? { k: 'date', lo: expr.value, hi: expr.value } : valueAV(expr.value);
    case 'input':
      return env.inputs[expr.name] ?? topOf(expr.type);
    case 'rule':
      return env.rules.get(expr.name) ?? topOf(expr.type);
    case 'param':
      return env.param(expr.name, expr.type);
    case 'lookup': {
      const key = ev(expr.key);
      if (isNone(key)) return NONE;
      const keys = key.k === 'enum' && key.values ? [...key.values] : expr.key.type.kind === 'enum' && expr.key.type.values ? [...expr.key.type.values] : undefined;
      if (!keys) return topOf(expr.type);
      let out: AV = NONE;
      for (const k of keys) out = join(out, env.lookup(expr.param, k, expr.type));
      return out;
    }
    case 'field': {
      const target = ev(expr.target);
      if (isNone(target)) return NONE;
      return target.k === 'record' ? (target.fields[expr.field] ?? topOf(expr.type)) : topOf(expr.type);
    }
    case 'it':
      return its[its.length - 1] ?? topOf(expr.type);
    case 'evaluationDate':
      return env.evaluationDate;
    case 'neg':
      return neg(ev(expr.operand));
    case 'not': {
      const t = truth(ev(expr.operand));
      return bool(t.f, t.t);
    }
    case 'arith': {
      const a = ev(expr.left);
      const b = ev(expr.right);
      switch (expr.op) {
        case '+':
          return add(a, b);
        case '-':
          return sub(a, b);
        case '*':
          return mul(a, b);
        case '/':
          return div(a, b, expr.right.type.kind === 'integer');
      }
      break;
    }
    case 'logical': {
      const l = truth(ev(expr.left));
      // The right side is evaluated only when the left does not decide.
      const needRight = expr.op === 'and' ? l.t : l.f;
      const r = needRight ? truth(ev(expr.right)) : { t: false, f: false };
      return expr.op === 'and' ? bool(l.t && r.t, l.f || (l.t && r.f)) : bool(l.t || (l.f && r.t), l.f && r.f);
    }
    case 'compare':
      return compare(expr.op, ev(expr.left), ev(expr.right), expr.operand);
    case 'if': {
      const t = truth(ev(expr.test));
      let out: AV = NONE;
      if (t.t) out = join(out, ev(expr.then));
      if (t.f) out = join(out, ev(expr.else));
      return out;
    }
    case 'in': {
      const v = ev(expr.value);
      if (isNone(v)) return NONE;
      let t = false;
      let f = true;
      const items = expr.items.map((i) => ev(i));
      if (items.some(isNone)) return NONE;
      for (const item of items) {
        const eq = truth(compare('==', v, item, expr.value.type));
        t ||= eq.t;
        if (!eq.f) f = false;
      }
      return expr.negated ? bool(f, t) : bool(t, f);
    }
    case 'minmax': {
      const args = expr.args.map((a) => ev(a));
      return expr.fn === 'min' ? minOf(args) : maxOf(args);
    }
    case 'clamp': {
      const v = ev(expr.value);
      const lo = ev(expr.lo);
      const hi = ev(expr.hi);
      // clamp(v, lo, hi) = min(max(v, lo), hi) whenever it does not fail (lo ≤ hi).
      return minOf([maxOf([v, lo]), hi]);
    }
    case 'abs':
      return abs(ev(expr.operand));
    case 'round':
      return roundAV(ev(expr.operand), expr.places, expr.mode);
    case 'scale':
      return scaleAV(ev(expr.amount), env.bands(expr.bands));
    case 'aggregate': {
      const list = ev(expr.list);
      if (isNone(list)) return NONE;
      const item = list.k === 'list' ? list.item : expr.list.type.kind === 'list' ? topOf(expr.list.type.item) : ANY;
      const minLen = list.k === 'list' ? list.minLen : 0;
      const maxLen = list.k === 'list' ? list.maxLen : env.maxListItems ?? DEFAULT_LIMITS.maxListItems;
      const body = maxLen === 0 ? NONE : ev(expr.body, [...its, item]);
      switch (expr.fn) {
        case 'sum':
          return sumOf(body, minLen, maxLen);
        case 'count': {
          const b = truth(body);
          if (isNone(body)) return minLen === 0 ? point(ZERO) : NONE;
          return num(new Decimal(b.f ? 0 : minLen), new Decimal(b.t ? maxLen : 0));
        }
        case 'exists': {
          const b = truth(body);
          return bool(maxLen > 0 && b.t, minLen === 0 || b.f);
        }
        case 'every': {
          const b = truth(body);
          return bool(minLen === 0 || b.t, maxLen > 0 && b.f);
        }
      }
      break;
    }
    case 'dateDiff': {
      const from = ev(expr.from);
      const to = expr.to ? ev(expr.to) : env.evaluationDate;
      if (isNone(from) || isNone(to)) return NONE;
      return dateDiffAV(expr.fn, from, to);
    }
    case 'dateFn': {
      const d = ev(expr.date);
      const amount = expr.amount ? ev(expr.amount) : undefined;
      if (isNone(d) || (amount && isNone(amount))) return NONE;
      return dateFnAV(expr.fn, d, amount);
    }
  }
  return ANY;
}

/** `a op b` for operands of static type `operand`. */
export function compare(op: '==' | '!=' | '<' | '<=' | '>' | '>=', a: AV, b: AV, operand: Type): AV {
  if (isNone(a) || isNone(b)) return NONE;
  switch (operand.kind) {
    case 'money':
    case 'rate':
    case 'decimal':
    case 'integer':
      return compareNum(op, interval(a)!, interval(b)!);
    case 'date':
      return compareNum(op, dateAsNum(a), dateAsNum(b));
    case 'boolean': {
      const x = truth(a);
      const y = truth(b);
      const eqT = (x.t && y.t) || (x.f && y.f);
      const eqF = (x.t && y.f) || (x.f && y.t);
      return op === '==' ? bool(eqT, eqF) : bool(eqF, eqT);
    }
    case 'enum': {
      const x = a.k === 'enum' ? a.values : null;
      const y = b.k === 'enum' ? b.values : null;
      let eqT = true;
      let eqF = true;
      if (x && y) {
        eqT = [...x].some((v) => y.has(v));
        eqF = !(x.size === 1 && y.size === 1 && [...x][0] === [...y][0]);
      }
      return op === '==' ? bool(eqT, eqF) : bool(eqF, eqT);
    }
    default:
      return BOOL_TOP;
  }
}

/** The marginal-bands function over an interval: continuous and piecewise linear, so its range is reached at the ends or a band boundary. */
export function scaleAV(amount: AV, bands: readonly Band[] | undefined): AV {
  if (isNone(amount)) return NONE;
  const a = interval(amount)!;
  if (!bands) {
    // Unknown bands: rates in [0, 1] and boundaries ≥ 0 give 0 ≤ scale(x) ≤ max(0, x).
    return num(ZERO, a.hi === null ? null : a.hi.isNegative() ? ZERO : a.hi);
  }
  const f = (x: Decimal): Decimal => applyBandsExact(x, bands);
  // Below the first boundary the sum is 0, so an unbounded lower end behaves like the first boundary.
  const first = bands[0]?.above ?? ZERO;
  const from = a.lo ?? (a.hi !== null && a.hi.lt(first) ? a.hi : first);
  const candidates: Decimal[] = [f(from)];
  if (a.hi !== null) candidates.push(f(a.hi));
  for (const b of bands) if (b.above.gte(from) && (a.hi === null || b.above.lte(a.hi))) candidates.push(f(b.above));
  let lo: Bound = candidates.reduce((m, c) => (c.lt(m) ? c : m));
  let hi: Bound = candidates.reduce((m, c) => (c.gt(m) ? c : m));
  if (a.hi === null) {
    // Past the last boundary the sum follows the last band's rate (the last boundary is a candidate).
    const slope = bands[bands.length - 1]?.rate ?? ZERO;
    if (slope.isPositive()) hi = null;
    else if (slope.isNegative()) lo = null;
  }
  return num(lo, hi);
}

/** The engine's marginal-bands sum (same arithmetic as expr/compile.ts `applyBands`). */
function applyBandsExact(amount: Decimal, bands: readonly Band[]): Decimal {
  let total = ZERO;
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i]!;
    if (amount.lte(band.above)) break;
    const next = bands[i + 1];
    const top = next && amount.gt(next.above) ? next.above : amount;
    total = total.plus(top.minus(band.above).times(band.rate));
  }
  return total;
}

function dateBounds(v: AV): { lo: number; hi: number } {
  return v.k === 'date' ? v : { lo: MIN_DAY, hi: MAX_DAY };
}

/** Whole-unit differences are monotone: growing in `to`, shrinking in `from`. */
function dateDiffAV(fn: 'age' | 'daysBetween' | 'monthsBetween' | 'yearsBetween', from: AV, to: AV): AV {
  const a = dateBounds(from);
  const b = dateBounds(to);
  const diff = fn === 'age' ? DATE_DIFFS.yearsBetween : DATE_DIFFS[fn];
  try {
    let lo = diff(a.hi, b.lo);
    const hi = diff(a.lo, b.hi);
    if (fn === 'age') {
      // age() fails when the birth date is after the date asked for.
      if (a.lo > b.hi) return NONE;
      lo = Math.max(0, lo);
    }
    return num(new Decimal(lo), new Decimal(hi));
  } catch {
    return fn === 'age' ? num(ZERO, null) : TOP_NUM;
  }
}

function dateFnAV(fn: 'startOfYear' | 'endOfYear' | 'addDays' | 'addMonths' | 'year' | 'month', d: AV, amount: AV | undefined): AV {
  const b = dateBounds(d);
  try {
    switch (fn) {
      case 'startOfYear':
      case 'endOfYear':
        return { k: 'date', lo: DATE_FNS[fn](b.lo, 0), hi: DATE_FNS[fn](b.hi, 0) };
      case 'year':
        return num(new Decimal(DATE_FNS.year(b.lo, 0)), new Decimal(DATE_FNS.year(b.hi, 0)));
      case 'month': {
        const sameYear = DATE_FNS.year(b.lo, 0) === DATE_FNS.year(b.hi, 0);
        return sameYear ? num(new Decimal(DATE_FNS.month(b.lo, 0)), new Decimal(DATE_FNS.month(b.hi, 0))) : num(new Decimal(1), new Decimal(12));
      }
      case 'addDays':
      case 'addMonths': {
        const n = amount ? interval(amount) : undefined;
        if (!n || n.lo === null || n.hi === null || n.lo.abs().gt(1_000_000) || n.hi.abs().gt(1_000_000)) return DATE_TOP;
        const lo = DATE_FNS[fn](b.lo, n.lo.toNumber());
        const hi = DATE_FNS[fn](b.hi, n.hi.toNumber());
        return { k: 'date', lo: Math.max(MIN_DAY, lo), hi: Math.min(MAX_DAY, hi) };
      }
    }
  } catch {
    return fn === 'year' || fn === 'month' ? TOP_NUM : DATE_TOP;
  }
}
