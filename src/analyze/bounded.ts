/**
 * Evaluation with bounded unknowns: one concrete input and date, where some figures have no published value
 * but a cited floor and/or ceiling (`bounds:`). Every rule is evaluated over intervals (the abstract
 * interpreter, proven sound by property tests: a real value always lies in the computed interval); an
 * output whose interval is a single value is known exactly whatever the figure is within its bounds.
 */
import type { Decimal } from '../money/decimal';
import type { DayNumber } from '../period/date';
import type { Timeline } from '../period/effective';
import type { Band } from '../expr/compile';
import type { ParamEntry } from '../expr/runtime';
import type { TExpr } from '../expr/typecheck';
import type { Type } from '../expr/types';
import { ANY, FALSE, TRUE, integral, join, num, point, singleton, type AV, type Bound } from './domain';
import { evaluate, topOf, valueAV, type AbstractEnv } from './interpret';

/** A figure's cited bounds, converted. */
export interface FigureBounds {
  readonly lo: Bound;
  readonly hi: Bound;
  /** The citation of a declared `bounds:` (absent: only the range of the figure's type). */
  readonly source?: string;
}

/** What the bounded evaluation needs of a compiled program. */
export interface BoundedProgram {
  readonly rules: readonly { readonly name: string; readonly type: Type; readonly checked: { readonly expr: TExpr } }[];
  readonly timelines: ReadonlyMap<string, Timeline<ParamEntry>>;
  readonly bounds: ReadonlyMap<string, FigureBounds>;
}

/** A runtime input value (decimals, day numbers, enum keys, records, lists) as an exact abstract value. */
function runtimeAV(value: unknown, type: Type | undefined): AV {
  if (value === undefined || value === null) return type ? topOf(type) : ANY;
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  if (typeof value === 'number') return { k: 'date', lo: value, hi: value };
  if (typeof value === 'string') return { k: 'enum', values: new Set([value]) };
  if (Array.isArray(value)) {
    const itemType = type?.kind === 'list' ? type.item : undefined;
    const items = value.map((v) => runtimeAV(v, itemType));
    const item = items.length === 0 ? (itemType ? topOf(itemType) : ANY) : items.reduce(join);
    return { k: 'list', item, minLen: value.length, maxLen: value.length };
  }
  if (typeof value === 'object' && 'toFixed' in (value as object)) return point(value as Decimal);
  if (typeof value === 'object') {
    const fields: Record<string, AV> = Object.create(null) as Record<string, AV>;
    const types = type?.kind === 'record' ? type.fields : undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields[k] = runtimeAV(v, types?.[k]);
    return { k: 'record', fields };
  }
  return ANY;
}

/**
 * The rules of `steps` (dependency order) over intervals for one evaluation, figures without a value in
 * force taken anywhere within their bounds (unbounded when they have none).
 *
 * @returns the exact value of each rule the bounds determine (a Decimal, boolean, enum key or day number)
 */
export function evaluateWithBounds(
  program: BoundedProgram,
  steps: readonly number[],
  inputs: Readonly<Record<string, unknown>>,
  inputTypes: ReadonlyMap<string, Type>,
  day: DayNumber,
): Map<string, Decimal | boolean | string | number> {
  const at = (name: string): ParamEntry | undefined => program.timelines.get(name)?.at(day)?.value;
  const unknown = (name: string, type: Type): AV => {
    const b = program.bounds.get(name);
    const value = type.kind === 'table' ? type.value : type;
    if (!b) return topOf(value);
    const v = num(b.lo, b.hi);
    return value.kind === 'integer' ? integral(v) : v;
  };
  const abstractInputs: Record<string, AV> = Object.create(null) as Record<string, AV>;
  for (const [name, value] of Object.entries(inputs)) abstractInputs[name] = runtimeAV(value, inputTypes.get(name));
  const rules = new Map<string, AV>();
  const env: AbstractEnv = {
    inputs: abstractInputs,
    rules,
    param: (name, type) => {
      const entry = at(name);
      return entry ? valueAV(entry.value) : unknown(name, type);
    },
    lookup: (name, key, type) => {
      const entry = at(name);
      const v = entry ? (entry.value as Record<string, unknown>)[key] : undefined;
      return v !== undefined ? valueAV(v) : unknown(name, type);
    },
    bands: (name) => at(name)?.value as readonly Band[] | undefined,
    evaluationDate: { k: 'date', lo: day, hi: day },
  };
  const known = new Map<string, Decimal | boolean | string | number>();
  for (const i of steps) {
    const rule = program.rules[i]!;
    const value = evaluate(rule.checked.expr, env);
    rules.set(rule.name, value);
    const one = singleton(value);
    if (one !== undefined) known.set(rule.name, one);
  }
  return known;
}
