/**
 * The exact fixed-point fast path. Every numeric node gets a scale (decimal places) at compile time and
 * its value is the JS integer `value × 10^scale`, so + − × compare and rounding are integer operations —
 * exact as long as every intermediate stays a safe integer. Any operation that would leave that range,
 * and anything the fast path does not model (division, lists, records, decimal inputs), makes the
 * compiler return null or the evaluation throw {@link FALLBACK}; the caller then uses the decimal.js
 * path, which stays the reference (and is what the differential tests compare against).
 */
import { Decimal } from '../money/decimal';
import type { RoundingMode } from '../money/round';
import { ageOn, daysBetween, monthsBetween, yearsBetween, type DayNumber } from '../period/date';
import type { TExpr } from './typecheck';
import { DATE_FNS, type ParamEntry } from './compile';
import type { RecordingTracer } from '../engine/trace';
import { formatDate } from '../period/date';
import type { OutputValue } from '../engine/trace';

/** Thrown inside the fast path to hand the evaluation to the decimal path. Not an Error: no stack capture. */
export const FALLBACK: unique symbol = Symbol('minsheng.fallback');

const MAX = Number.MAX_SAFE_INTEGER;
/** Beyond this many decimal places a product is unlikely to stay in range; do not try. */
const MAX_SCALE = 12;

export interface FixedFrame {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly day: DayNumber;
  readonly values: unknown[];
  /** The current list item inside sum/count/exists/every. */
  it: unknown;
  /** Fixed-point parameter value in force at `day` (throws FALLBACK when none). */
  param(name: string): unknown;
  /** On the traced path: the parameter's value in force with its citation (for the trace). */
  paramEntry(name: string): ParamEntry;
  readonly tracer: RecordingTracer | undefined;
}

export type FixedFn = (frame: FixedFrame) => unknown;

/** A compiled node: its closure and, for numbers, its scale (−1 for booleans, enums and dates). */
export interface FixedNode {
  readonly fn: FixedFn;
  readonly scale: number;
  /** For records and lists: the shape of what the value holds. */
  readonly shape?: FixedShape;
}

/** How an input value is held on the fast path: a scale (−1: not a number), a record or a list. */
export type FixedShape = number | { readonly fields: Readonly<Record<string, FixedShape>> } | { readonly item: FixedShape };

function nodeOf(fn: FixedFn, shape: FixedShape): FixedNode {
  return typeof shape === 'number' ? { fn, scale: shape } : { fn, scale: -2, shape };
}

export interface FixedEnv {
  /** Shape of each input the fast path supports (money scale 2, integer 0, −1 non-numeric, records, lists). */
  readonly inputShapes: ReadonlyMap<string, FixedShape>;
  /** The item shapes of the lists being aggregated, innermost last (compile-time `it`). */
  readonly itShapes: FixedShape[];
  /** Scale of each parameter's values (the largest over its whole timeline). */
  readonly paramScales: ReadonlyMap<string, number>;
  /** For scale parameters: the scale of `above` and of `rate`. */
  readonly bandScales: ReadonlyMap<string, { above: number; rate: number }>;
  readonly ruleScales: ReadonlyMap<string, number>;
  readonly ruleIndex: ReadonlyMap<string, number>;
  /** Compile the traced variant: reads, branches and comparisons go to `frame.tracer`, values already rendered. */
  readonly traced?: boolean;
}

export interface FixedBands {
  /** `above` at the scale `scale` of the amount it is applied to, per amount scale. */
  readonly above: readonly number[];
  readonly rate: readonly number[];
}

const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);

function check(n: number): number {
  if (n > MAX || n < -MAX) throw FALLBACK;
  return n;
}

/** Debug aid: set MINSHENG_DEBUG_FALLBACK=1 to log why the fast path handed an evaluation over. */
const DEBUG = typeof process !== 'undefined' && process.env?.['MINSHENG_DEBUG_FALLBACK'] === '1';
function fallback(why: string): never {
  if (DEBUG) console.error(`[minsheng] fast path → decimal path: ${why}`);
  throw FALLBACK;
}

function align(node: FixedNode, to: number): FixedFn {
  if (node.scale === to) return node.fn;
  const factor = POW10[to - node.scale]!;
  const fn = node.fn;
  return (f) => check((fn(f) as number) * factor);
}

/** Decimal → integer at `scale`, or null when it does not fit exactly. */
export function toFixedInt(value: Decimal, scale: number): number | null {
  const scaled = value.times(POW10[scale]!);
  if (!scaled.isInteger()) return null;
  const n = scaled.toNumber();
  return Number.isSafeInteger(n) ? n : null;
}

const COMPARE: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

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
  let up: boolean;
  switch (mode) {
    case 'half-up':
      up = 2 * r >= d;
      break;
    case 'half-even':
      up = 2 * r > d || (2 * r === d && q % 2 === 1);
      break;
    case 'half-down':
      up = 2 * r > d;
      break;
    case 'up':
      up = r > 0;
      break;
    case 'down':
      up = false;
      break;
    case 'ceiling':
      up = !negative && r > 0;
      break;
    case 'floor':
      up = negative && r > 0;
      break;
  }
  if (up) q += 1;
  return negative && q !== 0 ? -q : q;
}

/** Compiles a typed node for the fast path, or returns null when the fast path cannot model it. */
export function compileFixed(node: TExpr, env: FixedEnv): FixedNode | null {
  const c = (n: TExpr): FixedNode | null => compileFixed(n, env);
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      if (v instanceof Decimal) {
        const scale = Math.max(0, v.decimalPlaces());
        if (scale > MAX_SCALE) return null;
        const n = toFixedInt(v, scale);
        return n === null ? null : { fn: () => n, scale };
      }
      return { fn: () => v, scale: -1 };
    }
    case 'input': {
      const shape = env.inputShapes.get(node.name);
      if (shape === undefined) return null;
      const name = node.name;
      if (env.traced) {
        const r = shapeRenderer(shape);
        return nodeOf((f) => {
          const v = f.inputs[name];
          if (v === undefined) fallback(`optional input ${name} absent`);
          const t = f.tracer!;
          if (!t.seen('input', name)) t.use('input', name, r(v));
          return v;
        }, shape);
      }
      return nodeOf((f) => {
        const v = f.inputs[name];
        return v === undefined ? fallback(`optional input ${name} absent`) : v;
      }, shape);
    }
    case 'field': {
      const target = c(node.target);
      if (!target?.shape || typeof target.shape === 'number' || !('fields' in target.shape)) return null;
      const shape = target.shape.fields[node.field];
      if (shape === undefined) return null;
      const fn = target.fn;
      const field = node.field;
      return nodeOf((f) => {
        const v = (fn(f) as Record<string, unknown>)[field];
        return v === undefined ? fallback(`optional field ${field} absent`) : v;
      }, shape);
    }
    case 'it': {
      const shape = env.itShapes[env.itShapes.length - 1];
      return shape === undefined ? null : nodeOf((f) => f.it, shape);
    }
    case 'aggregate': {
      const list = c(node.list);
      if (!list?.shape || typeof list.shape === 'number' || !('item' in list.shape)) return null;
      env.itShapes.push(list.shape.item);
      const body = c(node.body);
      env.itShapes.pop();
      if (!body) return null;
      const items = list.fn;
      const fn = body.fn;
      switch (node.fn) {
        case 'sum':
          if (body.scale < 0) return null;
          return {
            fn: (f) => {
              const saved = f.it;
              let total = 0;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                total = check(total + (fn(f) as number));
              }
              f.it = saved;
              return total;
            },
            scale: body.scale,
          };
        case 'count':
          return {
            fn: (f) => {
              const saved = f.it;
              let n = 0;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                if (fn(f)) n++;
              }
              f.it = saved;
              return n;
            },
            scale: 0,
          };
        default: {
          const wantAll = node.fn === 'every';
          return {
            fn: (f) => {
              const saved = f.it;
              let result = wantAll;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                if (Boolean(fn(f)) !== wantAll) {
                  result = !wantAll;
                  break;
                }
              }
              f.it = saved;
              return result;
            },
            scale: -1,
          };
        }
      }
    }
    case 'rule': {
      const index = env.ruleIndex.get(node.name)!;
      const scale = env.ruleScales.get(node.name);
      if (scale === undefined) return null;
      if (env.traced) {
        const r = shapeRenderer(scale);
        const name = node.name;
        return {
          fn: (f) => {
            const v = f.values[index];
            const t = f.tracer!;
            if (!t.seen('rule', name)) t.use('rule', name, r(v));
            return v;
          },
          scale,
        };
      }
      return { fn: (f) => f.values[index], scale };
    }
    case 'param': {
      const scale = env.paramScales.get(node.name);
      if (scale === undefined || node.type.kind === 'table' || node.type.kind === 'bands') return null;
      const name = node.name;
      if (env.traced) {
        const r = shapeRenderer(scale);
        return {
          fn: (f) => {
            const v = f.param(name);
            const t = f.tracer!;
            if (!t.seen('parameter', name)) t.parameterUse(name, f.paramEntry(name), undefined, r(v));
            return v;
          },
          scale,
        };
      }
      return { fn: (f) => f.param(name), scale };
    }
    case 'lookup': {
      const scale = env.paramScales.get(node.param);
      const key = c(node.key);
      if (scale === undefined || !key) return null;
      const name = node.param;
      const keyFn = key.fn;
      if (env.traced) {
        const r = shapeRenderer(scale);
        return {
          fn: (f) => {
            const table = f.param(name) as Record<string, unknown>;
            const k = keyFn(f) as string;
            const v = table[k];
            if (v === undefined) fallback(`no ${name}[${k}]`);
            const t = f.tracer!;
            if (!t.seen('parameter', name, k)) t.parameterUse(name, f.paramEntry(name), k, r(v));
            return v;
          },
          scale,
        };
      }
      return {
        fn: (f) => {
          const v = (f.param(name) as Record<string, unknown>)[keyFn(f) as string];
          if (v === undefined) fallback(`no ${name}[${String(keyFn(f))}]`);
          return v;
        },
        scale,
      };
    }
    case 'evaluationDate':
      return { fn: (f) => f.day, scale: -1 };
    case 'neg': {
      const o = c(node.operand);
      if (!o) return null;
      const fn = o.fn;
      return { fn: (f) => -(fn(f) as number), scale: o.scale };
    }
    case 'abs': {
      const o = c(node.operand);
      if (!o) return null;
      const fn = o.fn;
      return { fn: (f) => Math.abs(fn(f) as number), scale: o.scale };
    }
    case 'not': {
      const o = c(node.operand);
      if (!o) return null;
      const fn = o.fn;
      return { fn: (f) => !fn(f), scale: -1 };
    }
    case 'arith': {
      const l = c(node.left);
      const r = c(node.right);
      if (!l || !r || node.op === '/') return null;
      if (node.op === '*') {
        const scale = l.scale + r.scale;
        if (scale > MAX_SCALE) return null;
        const a = l.fn;
        const b = r.fn;
        return { fn: (f) => check((a(f) as number) * (b(f) as number)), scale };
      }
      const scale = Math.max(l.scale, r.scale);
      const a = align(l, scale);
      const b = align(r, scale);
      return node.op === '+' ? { fn: (f) => check((a(f) as number) + (b(f) as number)), scale } : { fn: (f) => check((a(f) as number) - (b(f) as number)), scale };
    }
    case 'logical': {
      const l = c(node.left);
      const r = c(node.right);
      if (!l || !r) return null;
      const a = l.fn;
      const b = r.fn;
      return node.op === 'and' ? { fn: (f) => (a(f) as boolean) && (b(f) as boolean), scale: -1 } : { fn: (f) => (a(f) as boolean) || (b(f) as boolean), scale: -1 };
    }
    case 'compare': {
      const l = c(node.left);
      const r = c(node.right);
      if (!l || !r) return null;
      const scale = Math.max(l.scale, r.scale);
      const a = scale >= 0 ? align(l, scale) : l.fn;
      const b = scale >= 0 ? align(r, scale) : r.fn;
      if (env.traced) {
        const test = COMPARE[node.op]!;
        const render = shapeRenderer(scale >= 0 ? scale : -1);
        const { span, op } = node;
        return {
          fn: (f) => {
            const x = a(f);
            const y = b(f);
            const result = test(x, y);
            f.tracer!.comparison(span, op, render(x), render(y), result);
            return result;
          },
          scale: -1,
        };
      }
      switch (node.op) {
        case '==':
          return { fn: (f) => a(f) === b(f), scale: -1 };
        case '!=':
          return { fn: (f) => a(f) !== b(f), scale: -1 };
        case '<':
          return { fn: (f) => (a(f) as number) < (b(f) as number), scale: -1 };
        case '<=':
          return { fn: (f) => (a(f) as number) <= (b(f) as number), scale: -1 };
        case '>':
          return { fn: (f) => (a(f) as number) > (b(f) as number), scale: -1 };
        default:
          return { fn: (f) => (a(f) as number) >= (b(f) as number), scale: -1 };
      }
    }
    case 'if': {
      const t = c(node.test);
      const x = c(node.then);
      const y = c(node.else);
      if (!t || !x || !y) return null;
      const scale = Math.max(x.scale, y.scale);
      const test = t.fn;
      const a = scale >= 0 ? align(x, scale) : x.fn;
      const b = scale >= 0 ? align(y, scale) : y.fn;
      if (env.traced) {
        const span = node.test.span;
        return {
          fn: (f) => {
            const taken = test(f) as boolean;
            f.tracer!.branch(span, taken);
            return taken ? a(f) : b(f);
          },
          scale,
        };
      }
      return { fn: (f) => (test(f) ? a(f) : b(f)), scale };
    }
    case 'in': {
      const v = c(node.value);
      const items = node.items.map(c);
      if (!v || items.some((i) => !i)) return null;
      const scale = Math.max(v.scale, ...items.map((i) => i!.scale));
      const value = scale >= 0 ? align(v, scale) : v.fn;
      const fns = items.map((i) => (scale >= 0 ? align(i!, scale) : i!.fn));
      const negated = node.negated;
      return {
        fn: (f) => {
          const x = value(f);
          for (const item of fns) if (item(f) === x) return !negated;
          return negated;
        },
        scale: -1,
      };
    }
    case 'minmax': {
      const args = node.args.map(c);
      if (args.some((a) => !a)) return null;
      const scale = Math.max(...args.map((a) => a!.scale));
      const fns = args.map((a) => align(a!, scale));
      const pickMax = node.fn === 'max';
      if (fns.length === 2) {
        const [a, b] = fns as [FixedFn, FixedFn];
        return pickMax
          ? { fn: (f) => Math.max(a(f) as number, b(f) as number), scale }
          : { fn: (f) => Math.min(a(f) as number, b(f) as number), scale };
      }
      return {
        fn: (f) => {
          let best = fns[0]!(f) as number;
          for (let i = 1; i < fns.length; i++) {
            const v = fns[i]!(f) as number;
            if (pickMax ? v > best : v < best) best = v;
          }
          return best;
        },
        scale,
      };
    }
    case 'clamp': {
      const v = c(node.value);
      const lo = c(node.lo);
      const hi = c(node.hi);
      if (!v || !lo || !hi) return null;
      const scale = Math.max(v.scale, lo.scale, hi.scale);
      const [a, l, h] = [align(v, scale), align(lo, scale), align(hi, scale)];
      return {
        fn: (f) => {
          const x = a(f) as number;
          const low = l(f) as number;
          const high = h(f) as number;
          if (low > high) throw FALLBACK;
          return x < low ? low : x > high ? high : x;
        },
        scale,
      };
    }
    case 'round': {
      const o = c(node.operand);
      if (!o) return null;
      if (o.scale <= node.places) return o;
      const d = POW10[o.scale - node.places]!;
      const { mode } = node;
      const fn = o.fn;
      return { fn: (f) => roundDiv(fn(f) as number, d, mode), scale: node.places };
    }
    case 'scale': {
      const amount = c(node.amount);
      const scales = env.bandScales.get(node.bands);
      if (!amount || !scales) return null;
      const common = Math.max(amount.scale, scales.above);
      const scale = common + scales.rate;
      if (scale > MAX_SCALE) return null;
      const a = align(amount, common);
      const name = node.bands;
      const key = `@${common}`;
      const traced = env.traced === true;
      const rateScale = scales.rate;
      return {
        fn: (f) => {
          // Read the bands before the amount, as the decimal path does (the trace lists reads in order).
          const bands = (f.param(name) as Record<string, FixedBands>)[key];
          if (!bands) fallback(`bands ${name} at scale ${common}`);
          if (traced && !f.tracer!.seen('parameter', name)) {
            const rendered = bands.above.map((x, i) => ({ above: renderFixed(x, common, 'decimal'), rate: renderFixed(bands.rate[i]!, rateScale, 'decimal') }));
            f.tracer!.parameterUse(name, f.paramEntry(name), undefined, rendered as OutputValue);
          }
          const x = a(f) as number;
          const { above, rate } = bands;
          let total = 0;
          for (let i = 0; i < above.length; i++) {
            const lower = above[i]!;
            if (x <= lower) break;
            const next = above[i + 1];
            const top = next !== undefined && x > next ? next : x;
            total = check(total + check((top - lower) * rate[i]!));
          }
          return total;
        },
        scale,
      };
    }
    case 'dateDiff': {
      const from = c(node.from);
      const to = node.to ? c(node.to) : null;
      if (!from || (node.to && !to)) return null;
      const fn = { age: ageOn, daysBetween, monthsBetween, yearsBetween }[node.fn];
      const a = from.fn;
      const b = to?.fn;
      return { fn: (f) => fn(a(f) as DayNumber, b ? (b(f) as DayNumber) : f.day), scale: 0 };
    }
    case 'dateFn': {
      const date = c(node.date);
      const amount = node.amount ? c(node.amount) : null;
      if (!date || (node.amount && (!amount || amount.scale !== 0))) return null;
      const fn = DATE_FNS[node.fn];
      const d = date.fn;
      const a = amount?.fn;
      const numeric = node.fn === 'year' || node.fn === 'month';
      return { fn: (f) => fn(d(f) as DayNumber, a ? (a(f) as number) : 0), scale: numeric ? 0 : -1 };
    }
  }
}

/**
 * Renders a fast-path value as the decimal path's trace renders the same value (Decimal#toString for
 * numbers, YYYY-MM-DD for dates), given its shape.
 */
export function shapeRenderer(shape: FixedShape): (value: unknown) => OutputValue {
  if (typeof shape === 'number') {
    if (shape >= 0) return (v) => (v === undefined ? null : renderFixed(v as number, shape, 'decimal'));
    return (v) => (v === undefined || v === null ? null : typeof v === 'number' ? formatDate(v) : (v as OutputValue));
  }
  if ('fields' in shape) {
    const fields = Object.entries(shape.fields).map(([name, s]) => [name, shapeRenderer(s)] as const);
    return (v) => {
      const out: Record<string, OutputValue> = {};
      for (const [name, r] of fields) out[name] = r((v as Record<string, unknown>)[name]);
      return out;
    };
  }
  const item = shapeRenderer(shape.item);
  return (v) => (v as unknown[]).map(item);
}

/** Renders a fixed-point integer like the decimal path renders the same value. */
export function renderFixed(n: number, scale: number, kind: string): string | number {
  if (kind === 'integer') return scale === 0 ? n : n / POW10[scale]!;
  if (kind === 'money') {
    const fen = scale === 2 ? n : scale < 2 ? n * POW10[2 - scale]! : roundDiv(n, POW10[scale - 2]!, 'half-up');
    const negative = fen < 0;
    const a = negative ? -fen : fen;
    const cents = a % 100;
    return `${negative ? '-' : ''}${(a - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
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
