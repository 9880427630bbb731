/**
 * The runtime contract shared by both evaluation paths (the decimal reference path in `compile.ts` and the
 * fixed-point fast path in `fixed/`): what a compiled formula reads while it runs (the evaluation context,
 * parameter entries), the one {@link Tracer} interface both call when traced, and the values a trace
 * records — each with its {@link ValueType}, so that nothing downstream has to guess a type from text
 * (as Catala's runtime logs `Value.t = V : 'a ty * 'a`).
 */
import type { SourceSpan } from '../errors';
import { Decimal } from '../money/decimal';
import { formatMoney } from '../money/money';
import { formatDate, type DayNumber } from '../period/date';
import type { TExpr } from './typecheck';
import type { Type } from './types';

/**
 * A runtime value as it crosses the API and appears in traces: money as a string with two decimals
 * (`'12.30'`), rates and decimals as exact decimal strings (`'0.6'`), integers as numbers, dates as
 * `'YYYY-MM-DD'`, enums as their key, records as objects and lists as arrays of the same.
 */
export type OutputValue = string | number | boolean | null | OutputValue[] | { [key: string]: OutputValue };

/**
 * The type of a value in a trace. Render a value with `present/format` by its type, never by its look.
 *
 * @example
 * { kind: 'money' }                                  // '98325.00'
 * { kind: 'rate' }                                   // '0.6' (60%)
 * { kind: 'enum', values: ['primary', 'secondary', 'tertiary'] }
 * { kind: 'record', fields: { deductiblePaid: { kind: 'money' } } }
 */
export type ValueType =
  | { readonly kind: 'money' | 'rate' | 'decimal' | 'integer' | 'boolean' | 'date' }
  /** `values` is absent for a bare text literal whose enum is not known. */
  | { readonly kind: 'enum'; readonly values?: readonly string[] }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, ValueType>> }
  | { readonly kind: 'list'; readonly item: ValueType }
  /** Marginal-rate bands (a `scale` parameter): a list of `{ above, rate }`. */
  | { readonly kind: 'bands' };

/** The kinds of {@link ValueType}. */
export type ValueKind = ValueType['kind'];

const SIMPLE: Readonly<Record<string, ValueType>> = Object.freeze({
  money: Object.freeze({ kind: 'money' }),
  rate: Object.freeze({ kind: 'rate' }),
  decimal: Object.freeze({ kind: 'decimal' }),
  integer: Object.freeze({ kind: 'integer' }),
  boolean: Object.freeze({ kind: 'boolean' }),
  date: Object.freeze({ kind: 'date' }),
  bands: Object.freeze({ kind: 'bands' }),
}) as Readonly<Record<string, ValueType>>;

/** The type of a marginal-rate bands parameter in a trace. */
export const BANDS_TYPE: ValueType = SIMPLE['bands']!;

const valueTypes = new WeakMap<Type, ValueType>();

/**
 * The public {@link ValueType} of a static type (a table parameter gives the type of its values; a
 * literal takes the kind it was unified to). Shared frozen objects: cheap to attach to every trace value.
 */
export function valueTypeOf(type: Type): ValueType {
  const cached = valueTypes.get(type);
  if (cached) return cached;
  let out: ValueType;
  switch (type.kind) {
    case 'enum':
      out = Object.freeze(type.values ? { kind: 'enum', values: Object.freeze([...type.values]) } : { kind: 'enum' });
      break;
    case 'record': {
      const fields: Record<string, ValueType> = {};
      for (const [k, t] of Object.entries(type.fields)) fields[k] = valueTypeOf(t);
      out = Object.freeze({ kind: 'record', fields: Object.freeze(fields) });
      break;
    }
    case 'list':
      out = Object.freeze({ kind: 'list', item: valueTypeOf(type.item) });
      break;
    case 'table':
      out = valueTypeOf(type.value);
      break;
    default:
      out = SIMPLE[type.kind]!;
  }
  valueTypes.set(type, out);
  return out;
}

/** A parameter's value at one date, already converted to runtime values. */
export interface ParamEntry {
  readonly value: unknown;
  readonly from: string;
  readonly until?: string;
  readonly source?: string;
  readonly layer?: string;
  /** Set when the ruleset publishes no value and the caller supplied one (`compile(…, { assume })`). */
  readonly assumed?: true;
}

/**
 * The value of a rule whose evaluation failed (e.g. it reads a figure the region has not published). It is
 * stored instead of throwing, so the failure surfaces only where the value is read: a rule on a branch not
 * taken never blocks a result. Reading it re-throws the original error.
 */
export class Failed {
  constructor(readonly error: unknown) {}
}

/** What the decimal path's closures read at evaluation time. One per `evaluate` call; never shared. */
export interface EvalContext {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly day: DayNumber;
  readonly values: unknown[];
  it: unknown;
  /** Resolves a parameter at `day`, throwing `eval/no-value-in-force` when none is in force. */
  readonly param: (name: string, span: SourceSpan) => ParamEntry;
  /** Present only on the traced path. */
  readonly tracer: Tracer | undefined;
}

/** A comparison in a formula, known at compile time: where it is, its operator and the type of its sides. */
export interface CompareSite {
  readonly span: SourceSpan;
  readonly left: SourceSpan;
  readonly right: SourceSpan;
  readonly op: string;
  readonly type: ValueType;
}

/** What a rule read: an input, another rule, or a parameter. */
export type ReadKind = 'input' | 'rule' | 'parameter';

/**
 * Receives what a traced evaluation reads and decides. Both evaluation paths call exactly these methods,
 * with values already rendered for their type (each path renders its own representation: decimals or
 * fixed-point integers), so one recorder serves both and their traces are identical.
 */
export interface Tracer {
  /** Whether the current rule already recorded this read (callers skip rendering a repeated read). */
  seen(kind: ReadKind, name: string, key?: string): boolean;
  /** An input or another rule's value was read. */
  read(kind: 'input' | 'rule', name: string, type: ValueType, value: OutputValue): void;
  /** A parameter's value in force was read (`key`: the table key looked up). */
  parameter(name: string, entry: ParamEntry, key: string | undefined, type: ValueType, value: OutputValue): void;
  /** An `if` was decided. */
  branch(span: SourceSpan, taken: boolean): void;
  /** A comparison was evaluated; both sides are rendered in the comparison's operand type (`site.type`). */
  comparison(site: CompareSite, left: OutputValue, right: OutputValue, result: boolean): void;
}

/**
 * Renders a decimal-path runtime value for its static type: how values cross the API (outputs) and
 * how they appear in traces. The fast path renders its integers to exactly the same text (`money/fen`).
 */
export function renderValue(value: unknown, type: Type | undefined): OutputValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Decimal) {
    if (type?.kind === 'money') return formatMoney(value);
    // `+ 0` and `abs()` of zero: −0 prints as 0, as the fast path prints it.
    if (type?.kind === 'integer') return value.toNumber() + 0;
    return value.isZero() ? '0' : value.toString();
  }
  if (typeof value === 'number') return type?.kind === 'date' || type === undefined ? formatDate(value as DayNumber) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (type?.kind === 'bands') return value.map((b: { above: Decimal; rate: Decimal }) => ({ above: b.above.toString(), rate: b.rate.toString() }));
    return value.map((v) => renderValue(v, type?.kind === 'list' ? type.item : undefined));
  }
  if (typeof value === 'object') {
    const out: Record<string, OutputValue> = {};
    // A record has a type per field; a table (a parameter keyed by an enum) one type for every key.
    const fields = type?.kind === 'record' ? type.fields : undefined;
    const each = type?.kind === 'table' ? type.value : undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = renderValue(v, fields ? fields[k] : each);
    return out;
  }
  return String(value);
}

/** The {@link CompareSite} of a comparison node (built once, when the formula is compiled). */
export function compareSite(node: Extract<TExpr, { kind: 'compare' }>): CompareSite {
  return Object.freeze({ span: node.span, left: node.left.span, right: node.right.span, op: node.op, type: valueTypeOf(node.operand) });
}
