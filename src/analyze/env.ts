/**
 * What the analysis knows about a resolved ruleset: the ranges parameters can take, the effective periods
 * (the days on which any value the analysis reads changes) and the abstract environment for one period.
 */
import { Decimal } from '../money/decimal';
import { MAX_DAY, MIN_DAY, formatDate, parseDate, type DayNumber } from '../period/date';
import type { Timeline } from '../period/effective';
import type { Band } from '../expr/compile';
import type { ParamEntry } from '../expr/runtime';
import type { Type } from '../expr/types';
import type { ResolvedParameter, ResolvedRuleset } from '../ruleset/resolved';
import { enumDeclAt } from '../ruleset/enum-decl';
import type { NumLike } from '../ruleset/schema';
import { ANY, BOOL_TOP, integral, num, type AV, type Bound } from './domain';
import { inputAV, topOf, valueAV, type AbstractEnv } from './interpret';

export type Timelines = ReadonlyMap<string, Timeline<ParamEntry>>;

/** A parameter with the optional range a declaration may give (`min`/`max`, see ruleset-format.md). */
export type RangedParameter = ResolvedParameter & { readonly min?: NumLike; readonly max?: NumLike };

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/**
 * The range every number of a parameter must lie in: a rate in [0, 1] and money at least 0 unless the
 * declaration says otherwise with `min`/`max`; integers and decimals only as declared. For a scale, the range
 * of its band rates.
 */
export function parameterRange(param: ResolvedParameter): { lo: Bound; hi: Bound } {
  const p = param as RangedParameter;
  const declared = (v: NumLike | undefined): Bound => (v === undefined ? null : new Decimal(String(v)));
  const min = declared(p.min);
  const max = declared(p.max);
  switch (param.type) {
    case 'rate':
    case 'scale':
      return { lo: min ?? ZERO, hi: max ?? ONE };
    case 'money':
      return { lo: min ?? ZERO, hi: max };
    default:
      return { lo: min, hi: max };
  }
}

/** Any value a parameter of this declaration may hold (when the value in force is not known). */
export function parameterTop(param: ResolvedParameter | undefined, type: Type): AV {
  if (!param) return topOf(type);
  if (param.type === 'boolean') return BOOL_TOP;
  if (param.type === 'scale') return ANY;
  const { lo, hi } = parameterRange(param);
  const v = num(lo, hi);
  return param.type === 'integer' ? integral(v) : v;
}

/** The static type of a parameter as formulas see it. */
export function parameterStaticType(param: ResolvedParameter, inputs: ResolvedRuleset['inputs']): Type | undefined {
  const scalar = (t: string): Type => (t === 'scale' ? { kind: 'bands' } : ({ kind: t } as Type));
  if (!param.type) return undefined;
  if (!param.by) return scalar(param.type);
  const { decl } = enumDeclAt(inputs, param.by);
  if (!decl || decl.type !== 'enum') return undefined;
  return { kind: 'table', keys: decl.of, by: param.by, value: scalar(param.type) };
}

/** The days a ruleset can be evaluated on: its validity, within the supported calendar. */
export function validityWindow(resolved: ResolvedRuleset): { from: DayNumber; to: DayNumber } {
  const from = resolved.validity ? parseDate(resolved.validity.from) : MIN_DAY;
  const to = resolved.validity?.until ? parseDate(resolved.validity.until) : MAX_DAY;
  return { from, to };
}

/** One stretch of days on which every value the analysis reads stays the same. */
export interface Period {
  readonly from: DayNumber;
  readonly to: DayNumber;
}

/**
 * The periods of the validity window on which the values of `names` (every parameter when omitted) do not
 * change: a new period starts at every value's `from` and the day after every `until`.
 */
export function periods(resolved: ResolvedRuleset, timelines: Timelines, names?: Iterable<string>, window = validityWindow(resolved)): Period[] {
  const cuts = new Set<number>([window.from]);
  for (const name of names ?? timelines.keys()) {
    for (const v of timelines.get(name)?.values ?? []) {
      if (v.from > window.from && v.from <= window.to) cuts.add(v.from);
      if (v.until !== undefined && v.until + 1 > window.from && v.until + 1 <= window.to) cuts.add(v.until + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.map((from, i) => ({ from, to: i + 1 < sorted.length ? sorted[i + 1]! - 1 : window.to }));
}

/** `from 2025-01-01` or `from 2025-01-01 to 2025-12-31`. */
export function showPeriod(p: Period, window?: { to: DayNumber }): string {
  const open = p.to >= MAX_DAY || (window !== undefined && p.to === window.to && window.to >= MAX_DAY);
  return open ? `from ${formatDate(p.from)}` : `from ${formatDate(p.from)} to ${formatDate(p.to)}`;
}

/** Options of {@link abstractEnv}. */
export interface EnvOptions {
  /** The period whose values are in force; absent: every parameter may take any value of its range. */
  readonly period?: Period;
  /** The days the evaluation date may be (default: the period, else the validity window). */
  readonly window: { from: DayNumber; to: DayNumber };
}

/** The abstract environment of a ruleset: its inputs' ranges, and its parameters' values in force (or ranges). */
export function abstractEnv(resolved: ResolvedRuleset, timelines: Timelines, options: EnvOptions, rules: Map<string, AV> = new Map()): AbstractEnv {
  const inputs: Record<string, AV> = Object.create(null) as Record<string, AV>;
  for (const [name, decl] of Object.entries(resolved.inputs)) inputs[name] = inputAV(decl);
  const day = options.period?.from;
  const entryOf = (name: string): ParamEntry | undefined => (day === undefined ? undefined : timelines.get(name)?.at(day)?.value);
  const declOf = (name: string): ResolvedParameter | undefined => resolved.parameters[name];
  const dates = options.period ?? options.window;
  return {
    inputs,
    rules,
    evaluationDate: { k: 'date', lo: dates.from, hi: dates.to },
    param(name, type) {
      const entry = entryOf(name);
      return entry ? valueAV(entry.value) : parameterTop(declOf(name), type);
    },
    lookup(name, key, type) {
      const entry = entryOf(name);
      const table = entry?.value as Record<string, unknown> | undefined;
      const v = table?.[key];
      return v !== undefined ? valueAV(v) : parameterTop(declOf(name), type);
    },
    bands(name) {
      return entryOf(name)?.value as readonly Band[] | undefined;
    },
  };
}
