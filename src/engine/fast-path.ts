/**
 * The exact fixed-point fast path of a program (see src/expr/compile-fixed.ts): input converters to safe
 * integers, fixed parameter timelines, untraced and traced rule closures, and renderers that print values
 * exactly as the decimal path prints them. Anything it does not model makes compileFastPath return the
 * reason instead, and the program uses the decimal path only.
 */
import { toDecimal, type Decimal } from '../money/decimal';
import { parseDate, type DayNumber } from '../period/date';
import { Timeline, type DatedValue } from '../period/effective';
import type { Band } from '../expr/compile';
import type { OutputValue, ParamEntry } from '../expr/runtime';
import type { FixedTraceLog, TraceSite } from '../expr/fixed/trace-log';
import { readsDecidedBy, type ReadTemplates } from '../expr/fixed/templates';
import { LeafSource } from '../expr/fixed/frame';
import type { TExpr } from '../expr/typecheck';
import { FALLBACK, NO_VALUE, compileFixed, fixedRenderer, type FixedBands, type FixedEnv, type FixedFn, type FixedFrame, type FixedNode, type FixedShape } from '../expr/compile-fixed';
import { POW10, toFixedInt } from '../money/fen';
import { ratioRenderer } from '../expr/fixed/ratio';
import type { InputDecl } from '../ruleset/schema';
import type { ResolvedRuleset } from '../ruleset/resolved';
import { DEFAULT_LIMITS } from '../limits';
import { isOutput, type CompiledRule } from './compiled-rule';
import { isContentHashed } from '../ruleset/marks';

/** The fixed-point fast path of a program: converters, rule closures and fixed parameter timelines. */
export interface FastPath {
  /**
   * The input converted for the fast path, by {@link FastPath.inputIndex}, into `into` when given (a reused
   * array) or a new array; null hands over.
   */
  readonly convert: (raw: unknown, into?: unknown[]) => unknown[] | null;
  readonly inputIndex: ReadonlyMap<string, number>;
  /** What {@link FastPath.convert} is built from (src/engine/json-row.ts reads JSON text with it). */
  readonly inputTable: InputTable;
  readonly rules: readonly FixedFn[];
  /** The traced variant of each rule (same order): it records what it reads and decides. */
  readonly tracedRules: readonly FixedFn[];
  /** For a rule whose sites follow from its `if` tests (src/expr/fixed/templates.ts): its templates; else null. */
  readonly readTemplates: readonly (ReadTemplates | null)[];
  readonly timelines: ReadonlyMap<string, Timeline<unknown>>;
  /** Every parameter's fixed value in force on a day (NO_VALUE where none), cached per day. */
  readonly paramsAt: (day: DayNumber) => readonly unknown[];
  readonly outputs: readonly ((value: unknown) => OutputValue)[];
  /** Renders each rule's value as the decimal path renders it for its declared type. */
  readonly renderers: readonly ((value: unknown) => OutputValue)[];
}

/**
 * Builds the fast path when every input, parameter and rule fits the fixed-point model; otherwise null
 * and the program always uses the decimal path. See src/expr/compile-fixed.ts.
 */
export function compileFastPath(
  resolved: ResolvedRuleset,
  order: readonly CompiledRule[],
  timelines: ReadonlyMap<string, Timeline<ParamEntry>>,
  ruleIndex: ReadonlyMap<string, number>,
): FastPath | string {
  const inputShapes = new Map<string, FixedShape>();
  const converters: [string, (v: unknown) => unknown][] = [];
  for (const [name, decl] of Object.entries(resolved.inputs)) {
    const fast = fastInput(decl);
    if (!fast) return `input ${name} (${decl.type}) is not modelled by the fast path`;
    inputShapes.set(name, fast.shape);
    converters.push([name, fast.convert]);
  }
  const paramScales = new Map<string, number>();
  const paramDomains = new Map<string, readonly number[]>();
  const bandScales = new Map<string, { above: number; rate: number }>();
  const fixedTimelines = new Map<string, Timeline<unknown>>();
  for (const [name, timeline] of timelines) {
    const entries = timeline.values;
    const param = resolved.parameters[name]!;
    if (param.type === 'boolean') {
      paramScales.set(name, -1);
      fixedTimelines.set(name, new Timeline(name, entries.map((e) => ({ ...e, value: e.value.value }))));
      continue;
    }
    if (param.type === 'scale') {
      const all = entries.flatMap((e) => e.value.value as Band[]);
      const above = Math.max(0, ...all.map((b) => b.above.decimalPlaces()));
      const rate = Math.max(0, ...all.map((b) => b.rate.decimalPlaces()));
      if (above > 12 || rate > 12) continue;
      bandScales.set(name, { above, rate });
      const converted = entries.map((e) => {
        const bands = e.value.value as Band[];
        const byScale: Record<string, FixedBands> = Object.create(null) as Record<string, FixedBands>;
        for (let common = above; common <= 12; common++) {
          const a = bands.map((b) => toFixedInt(b.above, common));
          const r = bands.map((b) => toFixedInt(b.rate, rate));
          if (a.some((x) => x === null) || r.some((x) => x === null)) continue;
          byScale[`@${common}`] = { above: a as number[], rate: r as number[] };
        }
        return { ...e, value: byScale };
      });
      fixedTimelines.set(name, new Timeline(name, converted));
      continue;
    }
    const decimals = (v: unknown): Decimal[] => (param.by ? Object.values(v as Record<string, Decimal>) : [v as Decimal]);
    const natural = Math.max(0, ...entries.flatMap((e) => decimals(e.value.value).map((d) => d.decimalPlaces())));
    if (natural > 12) continue;
    // Money is held in fen at least, as money inputs are: a whole-yuan cap minus a year-to-date amount then
    // reads both in place, with no closure to align the cap to fen on every read. A figure too large for
    // that keeps its own scale.
    const converted = (param.type === 'money' && natural < 2 ? fixedValues(entries, param.by !== undefined, 2) : undefined) ?? fixedValues(entries, param.by !== undefined, natural);
    if (!converted) continue;
    paramScales.set(name, converted.scale);
    fixedTimelines.set(name, new Timeline(name, converted.values));
    paramDomains.set(name, [...new Set(converted.values.flatMap((e) => (param.by ? Object.values(e.value as Record<string, number>) : [e.value as number])))]);
  }
  const ruleScales = new Map<string, number>();
  const ruleRatios = new Map<string, 'direct' | 'derived'>();
  const paramIndex = new Map([...fixedTimelines.keys()].map((name, i) => [name, i] as const));
  const table = inputTable(resolved.inputs, converters);
  const inputIndex = table.index;
  const env: FixedEnv = { inputShapes, inputIndex, itShapes: [], paramIndex, paramScales, paramDomains, bandScales, ruleScales, ruleRatios, ruleIndex };
  const fns: FixedFn[] = [];
  const tracedFns: FixedFn[] = [];
  const readTemplates: (ReadTemplates | null)[] = [];
  const outputs: ((value: unknown) => OutputValue)[] = [];
  const renderers: ((value: unknown) => OutputValue)[] = [];
  const tracedEnv: FixedEnv = { ...env, traced: true };
  for (const rule of order) {
    const node = inFen(rule, compileFixed(rule.checked.expr, env));
    if (!node) return `rule ${rule.name} uses something the fast path does not model (a rate or decimal input, more than 12 decimals, a quotient inside min/max, a branch or a list)`;
    ruleScales.set(rule.name, node.scale);
    if (node.ratio) ruleRatios.set(rule.name, node.ratio);
    const traced = inFen(rule, compileFixed(rule.checked.expr, tracedEnv));
    // An unrounded quotient printed as a decimal or rate: only a plain a / b prints exactly (see fixed/ratio.ts).
    const renderer = node.ratio ? ratioRenderer(node.scale, rule.type, node.ratio) : fixedRenderer(node.shape ?? node.scale, rule.type);
    if (!traced || !renderer) return `rule ${rule.name} keeps an unrounded quotient the fast path cannot print exactly (round it, or compare it)`;
    fns.push(node.fn);
    tracedFns.push(traced.fn);
    readTemplates.push(templatesFor(rule.checked.expr, env));
    renderers.push(renderer);
    if (isOutput(rule)) outputs.push(renderer);
  }
  return { convert: inputConverter(table), inputTable: table, inputIndex, rules: fns, tracedRules: tracedFns, readTemplates, timelines: fixedTimelines, paramsAt: paramTables(fixedTimelines), outputs, renderers };
}

/** Empty templates for a formula whose sites its `if` tests decide, with where each test is read; else null. */
function templatesFor(expr: TExpr, env: FixedEnv): ReadTemplates | null {
  const tests = readsDecidedBy(expr);
  if (!tests) return null;
  const leaves: { from: LeafSource; at: number }[] = [];
  for (const test of tests) {
    const leaf =
      test.kind === 'input' ? { from: LeafSource.Input, at: env.inputIndex.get(test.name) }
      : test.kind === 'rule' ? { from: LeafSource.Rule, at: env.ruleIndex.get(test.name) }
      : test.kind === 'param' ? { from: LeafSource.Parameter, at: env.paramIndex.get(test.name) }
      : undefined;
    if (leaf?.at === undefined) return null;
    leaves.push(leaf as { from: LeafSource; at: number });
  }
  return { tests: leaves, byOutcome: new Array<readonly TraceSite[] | undefined>(1 << leaves.length).fill(undefined), constantNode: undefined, constantValue: undefined };
}

/**
 * A money rule that is a whole-yuan constant (0 where a region has no such programme) held in fen, as money
 * inputs and parameters are, so that a sum of payouts that reads it stays a chain of leaves at one scale.
 */
function inFen(rule: CompiledRule, node: FixedNode | null): FixedNode | null {
  if (!node || rule.type.kind !== 'money' || node.scale >= 2 || typeof node.constant !== 'number') return node;
  const fen = node.constant * POW10[2 - node.scale]!;
  return Number.isSafeInteger(fen) ? { fn: () => fen, scale: 2, constant: fen } : node;
}

/** A plain or `by` parameter's values as safe integers at `scale`, or undefined when one does not fit. */
function fixedValues(entries: readonly DatedValue<ParamEntry>[], by: boolean, scale: number): { scale: number; values: DatedValue<unknown>[] } | undefined {
  let fits = true;
  const convert = (d: Decimal): number => {
    const n = toFixedInt(d, scale);
    if (n === null) fits = false;
    return n ?? 0;
  };
  const values = entries.map((e): DatedValue<unknown> => {
    const v = e.value.value;
    if (!by) return { ...e, value: convert(v as Decimal) };
    const table: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [k, d] of Object.entries(v as Record<string, Decimal>)) table[k] = convert(d);
    return { ...e, value: table };
  });
  return fits ? { scale, values } : undefined;
}

/**
 * Fast paths by the content hash of the ruleset they were compiled from, while some program still uses them.
 * Programs compiled from one ruleset share its fast path: besides the compile time, V8 then sees one closure
 * per formula node instead of one per program, and optimizes a call to it as a call to a known function. A
 * process that compiled the benchmark's ruleset three times (untraced, traced, money in fen) evaluated 10–15 %
 * slower untraced than one that compiled it once. A fast path holds no state of an evaluation (the program's
 * frames do), only caches of what its ruleset determines.
 */
const sharedFastPaths = new Map<string, { readonly order: readonly string[]; readonly fast: WeakRef<FastPath> }>();

/**
 * {@link compileFastPath}, or the fast path another program compiled from the same ruleset: only for rulesets
 * this library resolved (whose hash is their frozen content's, see isContentHashed), and only when both
 * programs ordered the rules alike.
 */
export function sharedFastPath(
  resolved: ResolvedRuleset,
  order: readonly CompiledRule[],
  timelines: ReadonlyMap<string, Timeline<ParamEntry>>,
  ruleIndex: ReadonlyMap<string, number>,
): FastPath | string {
  if (!isContentHashed(resolved)) return compileFastPath(resolved, order, timelines, ruleIndex);
  const kept = sharedFastPaths.get(resolved.hash);
  const fast = kept?.fast.deref();
  if (kept && fast && kept.order.length === order.length && order.every((rule, i) => rule.name === kept.order[i])) return fast;
  const built = compileFastPath(resolved, order, timelines, ruleIndex);
  if (typeof built !== 'string') {
    if (sharedFastPaths.size >= 64) {
      for (const [hash, entry] of sharedFastPaths) if (entry.fast.deref() === undefined) sharedFastPaths.delete(hash);
      if (sharedFastPaths.size >= 64) sharedFastPaths.clear();
    }
    sharedFastPaths.set(resolved.hash, { order: order.map((rule) => rule.name), fast: new WeakRef(built) });
  }
  return built;
}

/**
 * Parameter values resolved once per evaluation date: the table for a day holds every parameter's value in
 * force (NO_VALUE where none is). A batch mostly uses one date; the cache is bounded for callers that
 * sweep many.
 */
function paramTables(timelines: ReadonlyMap<string, Timeline<unknown>>): (day: DayNumber) => readonly unknown[] {
  const all = [...timelines.values()];
  const cache = new Map<DayNumber, readonly unknown[]>();
  let lastDay = Number.NaN;
  let last: readonly unknown[] = [];
  return (day) => {
    if (day === lastDay) return last;
    let table = cache.get(day);
    if (!table) {
      table = Object.freeze(all.map((t) => {
        const found = t.at(day);
        return found ? found.value : NO_VALUE;
      }));
      if (cache.size >= 256) cache.clear();
      cache.set(day, table);
    }
    lastDay = day;
    last = table;
    return table;
  };
}

/** How an input is converted: inline for the common kinds, else by its converter. */
export const enum Kind {
  Generic,
  Money,
  Enum,
}

/**
 * What converting a whole input object needs, built once per program: each declared input's position, kind
 * and converter. Shared by {@link inputConverter} (objects) and src/engine/json-row.ts (JSON text).
 */
export interface InputTable {
  readonly count: number;
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly generic: readonly ((v: unknown) => unknown)[];
  readonly kinds: Uint8Array;
  /** Per input: its value when absent (its default converted), FALLBACK when required, undefined when optional. */
  readonly absent: readonly unknown[];
  /** Per enum input: each allowed value's string from the ruleset, looked up by the given string or number. */
  readonly enumValues: readonly (ReadonlyMap<unknown, string> | undefined)[];
}

function inputTable(decls: Readonly<Record<string, InputDecl>>, converters: readonly (readonly [string, (v: unknown) => unknown])[]): InputTable {
  const count = converters.length;
  const generic = converters.map(([, fn]) => fn);
  const kinds = new Uint8Array(count);
  const absent = new Array<unknown>(count);
  const enumValues = new Array<Map<unknown, string> | undefined>(count);
  converters.forEach(([name], i) => {
    const decl = decls[name]!;
    // What an absent field converts to (a default, an optional's undefined or empty form, FALLBACK when
    // required) is the same every time.
    const empty = generic[i]!(undefined);
    absent[i] = Array.isArray(empty) ? Object.freeze(empty) : empty;
    if (decl.type === 'money' && decl.min === undefined && decl.max === undefined && !decl.allowNegative) {
      kinds[i] = Kind.Money;
    } else if (decl.type === 'enum') {
      kinds[i] = Kind.Enum;
      // Numbers are accepted where their text is an allowed value (hospital level 2 for "2"), as the generic
      // converter does with String(v): the same numbers, without building their text per call.
      const values = new Map<unknown, string>(decl.of.map((v) => [v, v] as const));
      for (const v of decl.of) if (String(Number(v)) === v) values.set(Number(v), v);
      enumValues[i] = values;
    }
  });
  const names = converters.map(([name]) => name);
  return { count, names, index: new Map(names.map((name, i) => [name, i] as const)), generic, kinds, absent, enumValues };
}

/**
 * The converter of a whole input object, built once per program. The common kinds (money without bounds,
 * enums) convert inline instead of through a chain of closures; the key order of the last input is
 * remembered, so a batch of same-shaped inputs needs no lookups; the caller may pass the array to fill
 * (the program reuses one between evaluations).
 */
function inputConverter(table: InputTable): FastPath['convert'] {
  const { count, index, generic, kinds, absent, enumValues } = table;
  const seenKeys: string[] = [];
  const seenAt: number[] = [];
  const filled = new Uint8Array(count);
  return (raw, into) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    // Objects made with {…}, JSON.parse or Object.create(null): their for…in lists own fields only (an
    // inherited field, which the decimal path does not read, hands over).
    const proto: unknown = Object.getPrototypeOf(raw);
    if (proto !== Object.prototype && proto !== null) return null;
    const source = raw as Record<string, unknown>;
    const out = into ?? new Array<unknown>(count);
    // A batch repeats the same fields in the same order: each key is then one comparison with the key
    // remembered at its place (no lookup). Each value is converted where it is read. (A double read here is
    // boxed by V8 all the same — ~16 B a field, most of what an evaluation allocates; only monomorphic code
    // avoids it.)
    let n = 0;
    for (const key in source) {
      let i: number | undefined;
      if (seenKeys[n] === key) i = seenAt[n]!;
      else {
        i = index.get(key);
        // An unknown field: the decimal path refuses it with its name; an inherited one is not read there.
        if (i === undefined || !Object.hasOwn(source, key)) return null;
        // Remember the new order from here on.
        seenKeys.length = n;
        seenAt.length = n;
        seenKeys.push(key);
        seenAt.push(i);
      }
      const v = source[key];
      let x: unknown;
      switch (kinds[i]) {
        case Kind.Money:
          x = typeof v === 'number' ? moneyNumberToFen(v) : typeof v === 'string' ? moneyTextToFen(v) : v === undefined || v === null ? absent[i] : FALLBACK;
          break;
        case Kind.Enum:
          x = typeof v === 'string' || typeof v === 'number' ? (enumValues[i]!.get(v) ?? FALLBACK) : v === undefined || v === null ? absent[i] : FALLBACK;
          break;
        default:
          x = generic[i]!(v);
      }
      if (x === FALLBACK) return null;
      out[i] = x;
      n++;
    }
    // Every input given (the usual case): each of the n distinct keys filled its own place, none with FALLBACK.
    if (n === count) return out;
    // Some absent: they take their default, or hand over when required (FALLBACK). The places filled are
    // seenAt[0 .. n), this row's keys in order.
    filled.fill(0);
    for (let k = 0; k < n; k++) filled[seenAt[k]!] = 1;
    for (let i = 0; i < count; i++) {
      if (filled[i] === 1) continue;
      if (absent[i] === FALLBACK) return null;
      out[i] = absent[i];
    }
    return out;
  };
}

/** A non-negative money number as fen, else FALLBACK (the decimal path parses or refuses it). */
function moneyNumberToFen(v: number): number | typeof FALLBACK {
  const fen = Math.round(v * 100);
  // Exactly the numbers whose shortest decimal text has at most 2 places pass this test.
  return fen / 100 === v && fen >= 0 && fen <= Number.MAX_SAFE_INTEGER ? fen : FALLBACK;
}

/**
 * Money text with 1–15 whole digits and at most 2 decimals ("1234", "1234.5", "1234.56") as fen, else
 * FALLBACK (the decimal path parses or refuses it). Read by character codes: a regular expression's match
 * array and substrings were most of the bytes an evaluation allocated.
 */
export function moneyTextToFen(v: string): number | typeof FALLBACK {
  const length = v.length;
  let whole = 0;
  let i = 0;
  for (; i < length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === 0 || i > 15) return FALLBACK;
  let cents = 0;
  if (i < length) {
    // A point and one or two digits, nothing else.
    if (v.charCodeAt(i) !== 46 || length - i < 2 || length - i > 3) return FALLBACK;
    const d1 = v.charCodeAt(i + 1) - 48;
    if (d1 < 0 || d1 > 9) return FALLBACK;
    cents = d1 * 10;
    if (length - i === 3) {
      const d2 = v.charCodeAt(i + 2) - 48;
      if (d2 < 0 || d2 > 9) return FALLBACK;
      cents += d2;
    }
  }
  const fen = whole * 100 + cents;
  // Beyond 2^53 fen the sum is no longer exact: the decimal path takes it.
  return Number.isSafeInteger(fen) ? fen : FALLBACK;
}
const INTEGER_TEXT = /^-?\d{1,15}$/;

/** A fast converter for one input, or null when its kind is left to the decimal path. */
function fastInput(decl: InputDecl): { shape: FixedShape; convert: (v: unknown) => unknown; absent?: unknown } | null {
  const withDefault = (convert: (v: unknown) => unknown, absentRecord?: readonly unknown[]): ((v: unknown) => unknown) => {
    if (decl.default === undefined) {
      // Absent optional lists and records take their empty form, as on the decimal path.
      if (decl.optional && decl.type === 'list') return (v) => (v === undefined || v === null ? [] : convert(v));
      // An absent optional record has no fields: only its fields' defaults (and absent optional records) apply.
      if (decl.optional && decl.type === 'record') return (v) => (v === undefined || v === null ? absentRecord : convert(v));
      // An absent optional value stays undefined, as on the decimal path (reading it there is input/missing).
      if (decl.optional) return (v) => (v === undefined || v === null ? undefined : convert(v));
      return (v) => (v === undefined || v === null ? FALLBACK : convert(v));
    }
    const fallback = convert(decl.default);
    if (fallback === FALLBACK) return () => FALLBACK;
    return (v) => (v === undefined || v === null ? fallback : convert(v));
  };
  switch (decl.type) {
    case 'money': {
      if (decl.allowNegative) return null;
      const bounded = bounds(decl, 2);
      if (!bounded) return null;
      return {
        shape: 2,
        convert: withDefault(bounded((v) => (typeof v === 'number' ? moneyNumberToFen(v) : typeof v === 'string' ? moneyTextToFen(v) : FALLBACK))),
      };
    }
    case 'integer': {
      const bounded = bounds(decl, 0);
      if (!bounded) return null;
      return {
        shape: 0,
        convert: withDefault(bounded((v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v + 0 : typeof v === 'string' && INTEGER_TEXT.test(v) ? Number(v) + 0 : FALLBACK))),
      };
    }
    case 'boolean':
      return { shape: -1, convert: withDefault((v) => (typeof v === 'boolean' ? v : FALLBACK)) };
    case 'enum': {
      const allowed = new Set(decl.of);
      return {
        shape: -1,
        convert: withDefault((v) => (typeof v === 'string' && allowed.has(v) ? v : typeof v === 'number' && allowed.has(String(v)) ? String(v) : FALLBACK)),
      };
    }
    case 'date': {
      // A batch often repeats a date (the discharge date of a day's claims): the last text read is remembered.
      let lastText: unknown;
      let lastDay = 0;
      return {
        shape: -1,
        convert: withDefault((v) => {
          if (v === lastText) return lastDay;
          try {
            const day = parseDate(v);
            if (typeof v === 'string') {
              lastText = v;
              lastDay = day;
            }
            return day;
          } catch {
            return FALLBACK;
          }
        }),
      };
    }
    case 'record': {
      // A record is held as an array of its fields in declaration order (a field read is an element load);
      // converted like the whole input, with a key order of its own remembered.
      const fields: [string, (v: unknown) => unknown][] = [];
      const shapes: Record<string, FixedShape> = Object.create(null) as Record<string, FixedShape>;
      const absent: unknown[] = [];
      for (const [name, field] of Object.entries(decl.fields)) {
        const fast = fastInput(field);
        if (!fast) return null;
        shapes[name] = fast.shape;
        fields.push([name, fast.convert]);
        const x = field.type === 'record' && field.default === undefined ? fast.absent : fast.convert(undefined);
        absent.push(x === FALLBACK ? undefined : x);
      }
      const absentRecord = Object.freeze(absent);
      const convert = inputConverter(inputTable(decl.fields, fields));
      return {
        shape: { fields: shapes, names: fields.map(([n]) => n) },
        absent: absentRecord,
        convert: withDefault((v) => convert(v) ?? FALLBACK, absentRecord),
      };
    }
    case 'list': {
      const item = fastInput(decl.items);
      if (!item) return null;
      const convertItem = item.convert;
      return {
        shape: { item: item.shape },
        convert: withDefault((v) => {
          if (!Array.isArray(v) || v.length > DEFAULT_LIMITS.maxListItems) return FALLBACK;
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) {
            const x = convertItem(v[i]);
            if (x === FALLBACK) return FALLBACK;
            out[i] = x;
          }
          return out;
        }),
      };
    }
    default:
      return null;
  }
}

/** Wraps a numeric fast converter with the declared min/max (out of range → the decimal path reports it). */
function bounds(decl: InputDecl & { min?: unknown; max?: unknown }, scale: number): ((convert: (v: unknown) => unknown) => (v: unknown) => unknown) | null {
  const limit = (x: unknown): number | null | undefined => (x === undefined ? undefined : toFixedInt(toDecimal(x), scale));
  const min = limit(decl.min);
  const max = limit(decl.max);
  if (min === null || max === null) return null;
  if (min === undefined && max === undefined) return (convert) => convert;
  return (convert) => (v) => {
    const x = convert(v);
    if (x === FALLBACK) return x;
    return (min !== undefined && (x as number) < min) || (max !== undefined && (x as number) > max) ? FALLBACK : x;
  };
}

export class FastFrame implements FixedFrame {
  readonly values: unknown[];
  it: unknown = undefined;
  constructor(
    public inputs: readonly unknown[],
    public day: DayNumber,
    size: number,
    public params: readonly unknown[],
    private readonly timelines: ReadonlyMap<string, Timeline<unknown>>,
    /** The decimal path's timelines: where the trace finds each value's dates and citation. */
    private readonly entries: ReadonlyMap<string, Timeline<ParamEntry>> | undefined,
    /** On the traced path: what the rules read and decided (see src/expr/fixed/trace-log.ts). */
    readonly log: FixedTraceLog | undefined,
  ) {
    this.values = new Array<unknown>(size);
  }

  /**
   * Reused by the next untraced evaluation (one frame per program instead of one per call): every rule it
   * runs writes its value before anything reads it, so the previous values are never seen.
   */
  reuse(inputs: readonly unknown[], day: DayNumber, params: readonly unknown[]): this {
    this.inputs = inputs;
    this.day = day;
    this.params = params;
    this.it = undefined;
    return this;
  }

  /** On the traced path: the parameter's value in force with its dates and citation (for the trace). */
  paramEntry(name: string): ParamEntry {
    const found = this.entries?.get(name)?.at(this.day);
    if (!found) throw FALLBACK;
    return found.value;
  }

  param(name: string): unknown {
    const found = this.timelines.get(name)?.at(this.day);
    if (!found) throw NO_VALUE;
    return found.value;
  }
}

