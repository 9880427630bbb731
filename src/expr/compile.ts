/**
 * Typed tree → closures over exact decimals. This is the reference evaluation path: every other path
 * (tracing, the fixed-point fast path) must agree with it. No formula text is ever turned into JS code.
 */
import { MinshengError, type SourceSpan } from '../errors';
import { Decimal } from '../money/decimal';
import { round } from '../money/round';
import type { DayNumber } from '../period/date';
import { DATE_DIFFS, DATE_FNS } from '../period/date-functions';
import { BANDS_TYPE, Failed, compareSite, renderValue, valueTypeOf, type EvalContext } from './runtime';
import { BANDS } from './types';
import type { TExpr } from './typecheck';

export interface Band {
  readonly above: Decimal;
  readonly rate: Decimal;
}

export type Compiled = (ctx: EvalContext) => unknown;

export interface CompileOptions {
  /** Index of each rule's value in `ctx.values`. */
  readonly ruleIndex: ReadonlyMap<string, number>;
  /** Compile the traced variant (records reads and branches). The untraced variant pays nothing for it. */
  readonly traced: boolean;
}

const ZERO = new Decimal(0);

/** Compiles a typed formula to a closure. */
export function compileExpr(node: TExpr, opts: CompileOptions): Compiled {
  const c = (n: TExpr): Compiled => compileExpr(n, opts);
  const traced = opts.traced;
  switch (node.kind) {
    case 'const': {
      const value = node.value;
      return () => value;
    }
    case 'input': {
      const { name, span } = node;
      if (!traced) {
        return (ctx) => {
          const v = ctx.inputs[name];
          return v === undefined ? missing(name, span) : v;
        };
      }
      const { type } = node;
      const vt = valueTypeOf(type);
      return (ctx) => {
        const v = ctx.inputs[name];
        if (v === undefined) missing(name, span);
        const t = ctx.tracer!;
        if (!t.seen('input', name)) t.read('input', name, vt, renderValue(v, type));
        return v;
      };
    }
    case 'rule': {
      const index = opts.ruleIndex.get(node.name)!;
      const name = node.name;
      if (!traced) {
        return (ctx) => {
          const v = ctx.values[index];
          if (v instanceof Failed) throw v.error;
          return v;
        };
      }
      const { type } = node;
      const vt = valueTypeOf(type);
      return (ctx) => {
        const v = ctx.values[index];
        if (v instanceof Failed) throw v.error;
        const t = ctx.tracer!;
        if (!t.seen('rule', name)) t.read('rule', name, vt, renderValue(v, type));
        return v;
      };
    }
    case 'param': {
      const { name, span } = node;
      if (!traced) return (ctx) => ctx.param(name, span).value;
      const { type } = node;
      const vt = valueTypeOf(type);
      return (ctx) => {
        const entry = ctx.param(name, span);
        const t = ctx.tracer!;
        if (!t.seen('parameter', name)) t.parameter(name, entry, undefined, vt, renderValue(entry.value, type));
        return entry.value;
      };
    }
    case 'lookup': {
      const { param: name, span } = node;
      const key = c(node.key);
      const { type } = node;
      const vt = valueTypeOf(type);
      return (ctx) => {
        const entry = ctx.param(name, span);
        const k = key(ctx) as string;
        const v = (entry.value as Record<string, unknown>)[k];
        if (v === undefined) {
          throw new MinshengError({ code: 'eval/no-value-in-force', message: `parameter ${name} has no value for '${k}' in the value in force from ${entry.from}`, span, ...(entry.source ? { source: entry.source } : {}) });
        }
        if (traced && !ctx.tracer!.seen('parameter', name, k)) ctx.tracer!.parameter(name, entry, k, vt, renderValue(v, type));
        return v;
      };
    }
    case 'field': {
      const target = c(node.target);
      const { field, span } = node;
      return (ctx) => {
        const v = (target(ctx) as Record<string, unknown>)[field];
        return v === undefined ? missing(field, span) : v;
      };
    }
    case 'it':
      return (ctx) => ctx.it;
    case 'evaluationDate':
      return (ctx) => ctx.day;
    case 'neg': {
      const operand = c(node.operand);
      return (ctx) => (operand(ctx) as Decimal).neg();
    }
    case 'not': {
      const operand = c(node.operand);
      return (ctx) => !operand(ctx);
    }
    case 'arith': {
      const left = c(node.left);
      const right = c(node.right);
      switch (node.op) {
        case '+':
          return (ctx) => (left(ctx) as Decimal).plus(right(ctx) as Decimal);
        case '-':
          return (ctx) => (left(ctx) as Decimal).minus(right(ctx) as Decimal);
        case '*':
          return (ctx) => (left(ctx) as Decimal).times(right(ctx) as Decimal);
        case '/': {
          const span = node.span;
          return (ctx) => {
            const divisor = right(ctx) as Decimal;
            if (divisor.isZero()) throw new MinshengError({ code: 'eval/division-by-zero', message: 'division by zero', span });
            return (left(ctx) as Decimal).div(divisor);
          };
        }
      }
      break;
    }
    case 'logical': {
      const left = c(node.left);
      const right = c(node.right);
      return node.op === 'and' ? (ctx) => (left(ctx) as boolean) && (right(ctx) as boolean) : (ctx) => (left(ctx) as boolean) || (right(ctx) as boolean);
    }
    case 'compare': {
      const left = c(node.left);
      const right = c(node.right);
      const test = comparator(node.op, node.operand.kind);
      if (!traced) return (ctx) => test(left(ctx), right(ctx));
      const { operand } = node;
      const site = compareSite(node);
      return (ctx) => {
        const l = left(ctx);
        const r = right(ctx);
        const result = test(l, r);
        ctx.tracer!.comparison(site, renderValue(l, operand), renderValue(r, operand), result);
        return result;
      };
    }
    case 'if': {
      const test = c(node.test);
      const then = c(node.then);
      const otherwise = c(node.else);
      if (!traced) return (ctx) => (test(ctx) ? then(ctx) : otherwise(ctx));
      const span = node.test.span;
      return (ctx) => {
        const taken = test(ctx) as boolean;
        ctx.tracer!.branch(span, taken);
        return taken ? then(ctx) : otherwise(ctx);
      };
    }
    case 'in': {
      const value = c(node.value);
      const numeric = node.value.type.kind !== 'enum' && node.value.type.kind !== 'boolean' && node.value.type.kind !== 'date';
      const items = node.items.map(c);
      const negated = node.negated;
      if (!numeric && node.items.every((i) => i.kind === 'const')) {
        const set = new Set(node.items.map((i) => (i as { value: unknown }).value));
        return (ctx) => set.has(value(ctx)) !== negated;
      }
      const eq = comparator('==', numeric ? 'decimal' : 'enum');
      return (ctx) => {
        const v = value(ctx);
        for (const item of items) if (eq(v, item(ctx))) return !negated;
        return negated;
      };
    }
    case 'minmax': {
      const args = node.args.map(c);
      const pickMax = node.fn === 'max';
      if (args.length === 2) {
        const [a, b] = args as [Compiled, Compiled];
        return pickMax
          ? (ctx) => {
              const x = a(ctx) as Decimal;
              const y = b(ctx) as Decimal;
              return x.gte(y) ? x : y;
            }
          : (ctx) => {
              const x = a(ctx) as Decimal;
              const y = b(ctx) as Decimal;
              return x.lte(y) ? x : y;
            };
      }
      return (ctx) => {
        let best = args[0]!(ctx) as Decimal;
        for (let i = 1; i < args.length; i++) {
          const v = args[i]!(ctx) as Decimal;
          if (pickMax ? v.gt(best) : v.lt(best)) best = v;
        }
        return best;
      };
    }
    case 'clamp': {
      const value = c(node.value);
      const lo = c(node.lo);
      const hi = c(node.hi);
      const span = node.span;
      return (ctx) => {
        const v = value(ctx) as Decimal;
        const l = lo(ctx) as Decimal;
        const h = hi(ctx) as Decimal;
        if (l.gt(h)) throw new MinshengError({ code: 'eval/domain', message: `clamp() lower bound ${l.toString()} is above the upper bound ${h.toString()}`, span });
        return v.lt(l) ? l : v.gt(h) ? h : v;
      };
    }
    case 'abs': {
      const operand = c(node.operand);
      return (ctx) => (operand(ctx) as Decimal).abs();
    }
    case 'round': {
      const operand = c(node.operand);
      const { places, mode } = node;
      return (ctx) => round(operand(ctx) as Decimal, places, mode);
    }
    case 'scale': {
      const amount = c(node.amount);
      const { bands: name, span } = node;
      return (ctx) => {
        const entry = ctx.param(name, span);
        if (traced && !ctx.tracer!.seen('parameter', name)) ctx.tracer!.parameter(name, entry, undefined, BANDS_TYPE, renderValue(entry.value, BANDS));
        return applyBands(amount(ctx) as Decimal, entry.value as readonly Band[]);
      };
    }
    case 'aggregate': {
      const list = c(node.list);
      const body = c(node.body);
      switch (node.fn) {
        case 'sum':
          return (ctx) => {
            const saved = ctx.it;
            let total = ZERO;
            for (const item of list(ctx) as unknown[]) {
              ctx.it = item;
              total = total.plus(body(ctx) as Decimal);
            }
            ctx.it = saved;
            return total;
          };
        case 'count':
          return (ctx) => {
            const saved = ctx.it;
            let n = 0;
            for (const item of list(ctx) as unknown[]) {
              ctx.it = item;
              if (body(ctx)) n++;
            }
            ctx.it = saved;
            return new Decimal(n);
          };
        case 'exists':
        case 'every': {
          const wantAll = node.fn === 'every';
          return (ctx) => {
            const saved = ctx.it;
            let result = wantAll;
            for (const item of list(ctx) as unknown[]) {
              ctx.it = item;
              if (Boolean(body(ctx)) !== wantAll) {
                result = !wantAll;
                break;
              }
            }
            ctx.it = saved;
            return result;
          };
        }
      }
      break;
    }
    case 'dateDiff': {
      const from = c(node.from);
      const to = node.to ? c(node.to) : null;
      const fn = DATE_DIFFS[node.fn];
      return (ctx) => new Decimal(fn(from(ctx) as DayNumber, to ? (to(ctx) as DayNumber) : ctx.day));
    }
    case 'dateFn': {
      const date = c(node.date);
      const amount = node.amount ? c(node.amount) : null;
      const fn = DATE_FNS[node.fn];
      const toNumber = node.fn === 'year' || node.fn === 'month';
      return (ctx) => {
        const v = fn(date(ctx) as DayNumber, amount ? (amount(ctx) as Decimal).toNumber() : 0);
        return toNumber ? new Decimal(v) : v;
      };
    }
  }
  throw new Error(`unreachable: ${(node as TExpr).kind}`);
}


/** An optional input (or field) without a default was read by a formula that needs it. */
function missing(name: string, span: SourceSpan): never {
  throw new MinshengError({ code: 'input/missing', message: `the formula needs '${name}', which is optional and was not given`, span });
}

/** Marginal bands: each band's rate applies to the part of `amount` between its `above` and the next band's. */
export function applyBands(amount: Decimal, bands: readonly Band[]): Decimal {
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

function comparator(op: string, kind: string): (a: unknown, b: unknown) => boolean {
  if (kind === 'money' || kind === 'rate' || kind === 'decimal' || kind === 'integer') {
    switch (op) {
      case '==':
        return (a, b) => (a as Decimal).eq(b as Decimal);
      case '!=':
        return (a, b) => !(a as Decimal).eq(b as Decimal);
      case '<':
        return (a, b) => (a as Decimal).lt(b as Decimal);
      case '<=':
        return (a, b) => (a as Decimal).lte(b as Decimal);
      case '>':
        return (a, b) => (a as Decimal).gt(b as Decimal);
      default:
        return (a, b) => (a as Decimal).gte(b as Decimal);
    }
  }
  switch (op) {
    case '==':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => (a as number) < (b as number);
    case '<=':
      return (a, b) => (a as number) <= (b as number);
    case '>':
      return (a, b) => (a as number) > (b as number);
    default:
      return (a, b) => (a as number) >= (b as number);
  }
}
