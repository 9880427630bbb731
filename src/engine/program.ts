/**
 * compile(resolved ruleset) → Program: formulas parsed and type-checked, rules ordered by their
 * dependencies (a cycle is a compile error), parameter values converted once, closures built for the
 * untraced and the traced path. `evaluate` is synchronous, re-entrant and allocates one frame per call.
 */
import { isOptions, requireArgument, MinshengError, abbreviateList, isMinshengError, type Issue } from '../errors';
import { parseDate } from '../period/date';
import { Timeline } from '../period/effective';
import { parseFormula } from '../expr/parse';
import { typecheck, type Scope } from '../expr/typecheck';
import { compileExpr, type Compiled } from '../expr/compile';
import { renderValue, valueTypeOf, type OutputValue, type ParamEntry, type ValueType } from '../expr/runtime';
import { describeType, type Type } from '../expr/types';
import type { ResolvedRuleset, ResolvedParameter } from '../ruleset/resolved';
import { isPrechecked } from '../ruleset/load';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { inputType } from './input';
import { ruleTraceFactory, type RuleTrace } from './trace';
import { fileOf, layerName, type CompiledRule } from './compiled-rule';
import { dependencyOrder } from './order';
import { convertParamValue, parameterType, policyBoundWarnings } from './parameters';
import { CompiledProgram, type Assumptions } from './evaluator';
import { closest } from '../suggest';
import { sharedFastPath } from './fast-path';
import { analyzeRules, parameterRange, type FigureBounds } from '../analyze';
import { toDecimal, type Decimal } from '../money/decimal';
import type { NumLike } from '../ruleset/schema';

/** Options of {@link Program.evaluate}. */
export interface EvaluateOptions {
  /** Evaluation date `YYYY-MM-DD`: picks the parameter values in force. Defaults to the ruleset's `dateInput`. */
  readonly date?: string;
  /** Record an explanation of every rule (slower; the untraced path pays nothing for it). */
  readonly trace?: boolean;
  /**
   * Compute only these rules (and what they read). Useful when a ruleset leaves some figures
   * unpublished: outputs that do not depend on them still evaluate. Default: every output.
   */
  readonly outputs?: readonly string[];
  /**
   * What to do with an output that cannot be computed because it needs a figure that has no value in force
   * (`eval/no-value-in-force`): `'throw'` (the default: the evaluation fails naming the figure) or `'report'`
   * (the other outputs are returned and this one is listed in `result.unknown` with the figures it needs).
   */
  readonly unknowns?: 'throw' | 'report';
  /**
   * How money outputs are returned: `'text'` (the default), a string with 2 decimals (`"7125.00"`); `'fen'`, the
   * same amount as an integer number of fen (分, `712500`) — exact, no string built (for batches and for callers who
   * compute with the results). An amount beyond 2^53 fen (about 90 trillion yuan) is refused (`eval/domain`) rather
   * than returned inexactly. Only `outputs` change: a trace still shows money as text.
   */
  readonly money?: 'text' | 'fen';
}

/**
 * The outputs of an evaluation with `money: 'fen'`: each money output (branded `{ __minshengKind: 'money' }` in
 * the types `minsheng types` generates) an integer number of fen; the others as they are.
 */
export type FenOutputs<Outputs> = {
  readonly [K in keyof Outputs]: Outputs[K] extends { readonly __minshengKind: 'money' }
    ? number
    : Outputs[K] extends { readonly __minshengKind: 'money' } | null | undefined
      ? number | Exclude<Outputs[K], { readonly __minshengKind: 'money' }>
      : Outputs[K];
};

/** An output that could not be computed (with `unknowns: 'report'`), and why. */
export interface UnknownOutput {
  /** The parameters with no value in force that it needs. */
  readonly needs: readonly string[];
  /** The error it would have thrown. */
  readonly issues: readonly Issue[];
}

/** Where a result comes from: enough to reproduce it. */
export interface Provenance {
  readonly ruleset: string;
  readonly version: string;
  /** sha256 of the canonical resolved ruleset. */
  readonly hash: string;
  /** The evaluation date. */
  readonly date: string;
  /** The layers the ruleset was resolved from, root first (`id@version`). */
  readonly chain: readonly string[];
  /**
   * Figures the caller supplied for parameters the ruleset leaves unpublished (`compile(…, { assume })`),
   * as rendered values. Present only when there are any; `hash` then covers them too.
   */
  readonly assumptions?: Readonly<Record<string, OutputValue>>;
}

/** Outputs by name, as an untyped program returns them. */
export type OutputValues = Readonly<Record<string, OutputValue>>;

/**
 * The input and output types of one ruleset, for {@link compile}'s type parameter: what `minsheng types`
 * generates (`Types` in the generated `.d.ts`), so that `evaluate` checks input field names and
 * `result.outputs.basicPayd` is a compile error.
 */
export interface RulesetTypes {
  readonly input: unknown;
  readonly outputs: object;
}

/** The types of a program compiled without generated types: any input, outputs by name. */
export interface UntypedRuleset {
  readonly input: unknown;
  readonly outputs: OutputValues;
}

/** The result of one evaluation. Money is a string with 2 decimals. */
export interface EvaluationResult<Outputs extends object = OutputValues> {
  readonly outputs: Outputs;
  readonly provenance: Provenance;
  readonly trace?: readonly RuleTrace[];
  /** With `unknowns: 'report'`: the outputs that need a figure with no value in force, and which. */
  readonly unknown?: Readonly<Record<string, UnknownOutput>>;
  /**
   * Outputs that needed a figure with no value in force and were computed exactly anyway, because the
   * figure's cited bounds (`bounds:` in the ruleset) leave only one possible value; per output, those bounds.
   */
  readonly determinedByBounds?: Readonly<Record<string, readonly BoundUse[]>>;
}

/** A cited bound that made an unpublished figure irrelevant to an output. */
export interface BoundUse {
  readonly parameter: string;
  readonly atLeast?: string;
  readonly atMost?: string;
  /** The citation of a declared `bounds:`; absent when the range of the figure's type (money ≥ 0, a rate ≤ 1) sufficed. */
  readonly source?: string;
}

export type SafeResult<Outputs extends object = OutputValues> =
  | { readonly success: true; readonly result: EvaluationResult<Outputs> }
  | { readonly success: false; readonly error: MinshengError };

/**
 * A compiled ruleset. Frozen; safe to share across calls. `Types` (from `minsheng types`) types the input
 * and the outputs; without it any input is accepted at compile time and outputs are read by name.
 */
export interface Program<Types extends RulesetTypes = UntypedRuleset> {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
  readonly ruleset: ResolvedRuleset;
  /** Names of the rules listed in `outputs`, in dependency order. */
  readonly outputs: readonly string[];
  /** Static type of every rule, as written in messages (`money`, `enum(a|b)`). */
  readonly ruleTypes: Readonly<Record<string, string>>;
  /** Static type of every rule as data (how its values are formatted: money, rate, enum…). */
  readonly valueTypes: Readonly<Record<string, ValueType>>;
  /**
   * Problems that do not stop the ruleset from compiling, e.g. `ruleset/policy-floor`: a value below the
   * national floor it is declared `atLeast:`.
   */
  readonly warnings: readonly Issue[];
  /**
   * Evaluates one input. Throws {@link MinshengError} on bad input or when no parameter value is in force.
   * With `money: 'fen'` money outputs are integer numbers of fen instead of strings ({@link FenOutputs}).
   */
  evaluate(input: Types['input'], options: EvaluateOptions & { readonly money: 'fen' }): EvaluationResult<FenOutputs<Types['outputs']>>;
  evaluate(input: Types['input'], options?: EvaluateOptions): EvaluationResult<Readonly<Types['outputs']>>;
  /** Like {@link Program.evaluate} but returns the error instead of throwing it. */
  safeEvaluate(input: Types['input'], options: EvaluateOptions & { readonly money: 'fen' }): SafeResult<FenOutputs<Types['outputs']>>;
  safeEvaluate(input: Types['input'], options?: EvaluateOptions): SafeResult<Readonly<Types['outputs']>>;
  /**
   * A schema of the declared inputs (for forms and JSON Schema): `safeParse` checks a value's shape,
   * `toJSONSchema()` describes it. (A zod schema at run time; typed without zod so that the package's
   * declarations do not make consumers type-check zod's.)
   */
  inputSchema(): InputSchema;
  /** Whether the exact fixed-point fast path exists for this ruleset (and why not), and how often it ran or fell back to decimal.js. */
  diagnostics(): Diagnostics;
}

/** What {@link Program.inputSchema} returns: a shape check of the declared inputs and its JSON Schema. */
export interface InputSchema {
  /** Checks the shape of an input (types, enum values, required fields); the engine's own checks go further. */
  safeParse(value: unknown): InputSchemaResult;
  /** The JSON Schema of the input (draft 2020-12 unless `target` says otherwise). */
  toJSONSchema(options?: { target?: 'draft-2020-12' | 'draft-07'; io?: 'input' | 'output'; unrepresentable?: 'throw' | 'any' }): object;
}

/** The result of {@link InputSchema.safeParse}. */
export type InputSchemaResult =
  | { readonly success: true; readonly data: unknown }
  | { readonly success: false; readonly error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] } };

/** See {@link Program.diagnostics}. */
export interface Diagnostics {
  readonly fastPath: boolean;
  readonly whyNoFastPath?: string;
  readonly fastEvaluations: number;
  readonly fallbacks: number;
}

/** Options of {@link compile}. */
export interface CompileOptions {
  readonly limits?: Partial<Limits>;
  /**
   * Use the exact fixed-point fast path when the ruleset fits it (default true). Turn it off to always
   * run the decimal.js reference path, e.g. to benchmark or cross-check it.
   */
  readonly fastPath?: boolean;
  /**
   * Figures for parameters the ruleset leaves unpublished, supplied by the caller (e.g. a planner trying a
   * cap: `{ 'basic.annualCap': '500000' }`). Used only on dates where the ruleset has no value in force;
   * every result says so (`provenance.assumptions`, a different `hash`, `assumed: true` on the trace's
   * parameter use). A name the ruleset does not declare is an `options/invalid` error.
   */
  readonly assume?: Readonly<Record<string, unknown>>;
}

/**
 * Compiles a resolved ruleset into a {@link Program}. Reports every formula problem at once, each
 * with the rule, the path in the file and the line/column inside the formula.
 *
 * With the types `minsheng types` generates, inputs and outputs are checked at compile time (the types
 * are a promise about this ruleset: the runtime checks of the input stay).
 *
 * @example
 * const program = compile(await loadRuleset('rulesets/bench/settlement.yaml'));
 * program.evaluate({ hospitalLevel: 2, totalCost: 12000, ... }, { date: '2025-06-01' }).outputs.basicPaid; //=> '7125.00'
 *
 * @example
 * import type { Types } from './types/bench/settlement';   // minsheng types bench/settlement --out types
 * const typed = compile<Types>(await loadRuleset('bench/settlement'));
 * typed.evaluate(input).outputs.basicPaid;                  // Money (a string with 2 decimals)
 */
export function compile<Types extends RulesetTypes = UntypedRuleset>(resolved: ResolvedRuleset, options?: CompileOptions): Program<Types>;
export function compile(resolved: ResolvedRuleset, options: CompileOptions = {}): Program {
  requireArgument(isResolvedRuleset(resolved), 'compile', 'ruleset', 'a resolved ruleset (from loadRuleset, bundledRuleset or parseRuleset)', resolved);
  requireArgument(isOptions(options), 'compile', 'options', 'an object { fastPath?, assume?, limits? }', options);
  options ??= {};
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const issues: Issue[] = [];
  const file = fileOf(resolved.chain[resolved.chain.length - 1]);

  // Names in scope.
  const inputs = new Map<string, Type>();
  for (const [name, decl] of Object.entries(resolved.inputs)) inputs.set(name, inputType(decl));
  const parameters = new Map<string, Type>();
  const timelines = new Map<string, Timeline<ParamEntry>>();
  const paramDecls = new Map<string, ResolvedParameter>();
  for (const [name, param] of Object.entries(resolved.parameters)) {
    paramDecls.set(name, param);
    const type = parameterType(param, resolved.inputs);
    if ('code' in type) {
      issues.push({ ...type, file: fileOf(param.layer) });
      continue;
    }
    parameters.set(name, type);
    try {
      const dated = param.values.map((v, i) => {
        const path = ['parameters', name, 'values', i, 'value'];
        const value = convertParamValue(param, v.value, path);
        const entry: ParamEntry = {
          value,
          from: v.from,
          ...(v.until ? { until: v.until } : {}),
          ...(v.source ? { source: v.source } : {}),
          ...(v.layer ? { layer: layerName(v.layer)! } : {}),
        };
        return { from: parseDate(v.from), ...(v.until ? { until: parseDate(v.until) } : {}), value: entry };
      });
      timelines.set(name, new Timeline(name, dated));
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      for (const issue of error.issues) issues.push({ ...issue, file: fileOf(param.layer) });
    }
  }
  // A bundled ruleset's values were checked from its sources (isPrechecked): its policy-floor warnings wait for
  // the first read of `program.warnings`, like the rule analysis below.
  const prechecked = issues.length === 0 && isPrechecked(resolved);
  const warnings = issues.length === 0 && !prechecked ? policyBoundWarnings(resolved, timelines, issues) : [];
  const ruleTypes = new Map<string, Type>();
  for (const [name, decl] of Object.entries(resolved.rules)) {
    ruleTypes.set(name, decl.type === 'enum' ? { kind: 'enum', values: decl.of ?? [] } : ({ kind: decl.type } as Type));
  }
  const scope: Scope = { inputs, parameters, rules: ruleTypes };

  // Parse and type-check every formula, collecting every issue.
  const rules: CompiledRule[] = [];
  const refs = new Map<string, ReadonlySet<string>>();
  for (const [name, decl] of Object.entries(resolved.rules)) {
    const where = { file: fileOf(decl.layer), path: ['rules', name, 'formula'] as const };
    try {
      const ast = parseFormula(decl.formula, { maxLength: limits.maxFormulaLength, maxDepth: limits.maxFormulaDepth });
      const result = typecheck(ast, scope, ruleTypes.get(name));
      refs.set(name, result.ok ? result.checked.ruleRefs : result.ruleRefs);
      if (!result.ok) {
        for (const issue of result.issues) issues.push({ ...issue, message: `rule ${name}: ${issue.message}`, ...where });
        continue;
      }
      const type = ruleTypes.get(name)!;
      const traceTemplate = Object.freeze({
        kind: 'rule' as const,
        name,
        ...(decl.label ? { label: decl.label } : {}),
        ...(decl.text ? { text: decl.text } : {}),
        type: describeType(type),
        valueType: valueTypeOf(type),
        formula: decl.formula,
        ...(decl.source ? { source: decl.source } : {}),
        layer: layerName(decl.layer)!,
        ...(decl.replaced ? { replaces: layerName(decl.replaced)! } : {}),
        output: decl.output !== false && !decl.check,
      });
      rules.push({ name, decl, type, checked: result.checked, fn: noop, tracedFn: noop, traceTemplate, makeTrace: ruleTraceFactory(traceTemplate) });
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      for (const issue of error.issues) issues.push({ ...issue, message: `rule ${name}: ${issue.message}`, ...where });
    }
  }
  if (resolved.dateInput && inputs.get(resolved.dateInput)?.kind !== 'date') {
    issues.push({ code: 'expr/type', message: `dateInput '${resolved.dateInput}' must name an input of type date`, path: ['dateInput'], ...(file ? { file } : {}) });
  }
  // Order rules so each comes after what it reads; a cycle is an error naming its members (reported
  // together with any other problem).
  const ordering = dependencyOrder(refs);
  if ('cycle' in ordering) {
    const { cycle } = ordering;
    issues.push({ code: 'expr/cycle', message: `rules depend on each other in a cycle: ${abbreviateList(cycle, ' → ')}`, path: ['rules', cycle[0]!], ...(file ? { file } : {}) });
  }
  const assumptions = assumedValues(options.assume, paramDecls, parameters, issues);
  if (issues.length > 0) throw new MinshengError(issues);
  const byName = new Map(rules.map((r) => [r.name, r]));
  const order = (ordering as { order: string[] }).order.map((name) => byName.get(name)!);
  const ruleIndex = new Map(order.map((r, i) => [r.name, i]));
  for (const rule of order) {
    rule.fn = compileExpr(rule.checked.expr, { ruleIndex, traced: false });
    rule.tracedFn = compileExpr(rule.checked.expr, { ruleIndex, traced: true });
  }
  const fast = options.fastPath === false ? 'turned off by the fastPath: false option' : sharedFastPath(resolved, order, timelines, ruleIndex);
  // The rule analysis (every rule interpreted over intervals, per period) yields warnings only: it runs when
  // `program.warnings` is first read, not in every compile (a cold start that settles a claim never reads them).
  const computeWarnings = () => [...(prechecked ? policyBoundWarnings(resolved, timelines, []) : warnings), ...analyzeRules({ resolved, rules: order, timelines })];
  return new CompiledProgram(resolved, order, timelines, paramDecls, typeof fast === 'string' ? null : fast, typeof fast === 'string' ? fast : undefined, computeWarnings, assumptions, figureBounds(resolved));
}

/** The caller's `assume` figures converted like published values, or issues naming what is wrong. */
function assumedValues(
  assume: unknown,
  decls: ReadonlyMap<string, ResolvedParameter>,
  types: ReadonlyMap<string, Type>,
  issues: Issue[],
): Assumptions | undefined {
  if (assume === undefined) return undefined;
  if (typeof assume !== 'object' || assume === null || Array.isArray(assume)) {
    issues.push({ code: 'options/invalid', message: `options.assume must be an object of parameter name → value, found ${Array.isArray(assume) ? 'an array' : assume === null ? 'null' : typeof assume}`, path: ['assume'] });
    return undefined;
  }
  const values = new Map<string, unknown>();
  const shown: Record<string, OutputValue> = {};
  for (const [name, raw] of Object.entries(assume as Record<string, unknown>)) {
    const decl = decls.get(name);
    if (!decl || !types.has(name)) {
      const hint = closest(name, [...decls.keys()]);
      issues.push({ code: 'options/invalid', message: `options.assume names no parameter '${name.slice(0, 80)}'${hint ? ` (did you mean '${hint}'?)` : ''}`, path: ['assume', name] });
      continue;
    }
    try {
      const value = convertParamValue(decl, raw, ['assume', name]);
      values.set(name, value);
      shown[name] = renderValue(value, types.get(name));
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      issues.push(...error.issues.map((i) => ({ ...i, code: 'options/invalid' as const })));
    }
  }
  return values.size === 0 ? undefined : { values, shown: Object.freeze(shown) };
}

/**
 * Checks every value of a parameter declared `atLeast:` / `atMost:` another (a policy floor or ceiling)
 * against the bound in force at the value's `from`: per key of a table, per band rate of a scale.
 * Breaches are warnings (the ruleset still compiles): regions may be more generous, never less.
 */
const noop: Compiled = () => undefined;

/**
 * What is known of each figure when no value is in force: its cited `bounds:` within the range every value
 * must have anyway (money ≥ 0, a rate in [0, 1], a declared min/max). Booleans and scales are left unknown.
 */
function figureBounds(resolved: ResolvedRuleset): Map<string, FigureBounds> {
  const out = new Map<string, FigureBounds>();
  for (const [name, p] of Object.entries(resolved.parameters)) {
    if (p.type === 'boolean' || p.type === 'scale') continue;
    const range = parameterRange(p);
    const b = p.bounds;
    const cited = (v: NumLike | undefined, end: string): Decimal | null => (v === undefined ? null : toDecimal(v, ['parameters', name, 'bounds', end]));
    const atLeast = cited(b?.atLeast, 'atLeast');
    const atMost = cited(b?.atMost, 'atMost');
    const lo = atLeast && (!range.lo || atLeast.gt(range.lo)) ? atLeast : range.lo;
    const hi = atMost && (!range.hi || atMost.lt(range.hi)) ? atMost : range.hi;
    if (lo === null && hi === null) continue;
    out.set(name, { lo, hi, ...(b && (atLeast || atMost) ? { source: b.source } : {}) });
  }
  return out;
}

/** The shape of a resolved ruleset, checked before compiling anything built outside the loader. */
function isResolvedRuleset(value: unknown): value is ResolvedRuleset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  const record = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof r['id'] === 'string' && typeof r['version'] === 'string' && typeof r['hash'] === 'string' && Array.isArray(r['chain']) && Array.isArray(r['tests']) &&
    record(r['inputs']) && record(r['parameters']) && record(r['rules']) && record(r['sources']) && record(r['policyYear']);
}
