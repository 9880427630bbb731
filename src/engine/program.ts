/**
 * compile(resolved ruleset) → Program: formulas parsed and type-checked, rules ordered by their
 * dependencies (a cycle is a compile error), parameter values converted once, closures built for the
 * untraced and the traced path. `evaluate` is synchronous, re-entrant and allocates one frame per call.
 */
import { MinshengError, isMinshengError, type Issue, type SourceSpan } from '../errors';
import { Decimal, toDecimal } from '../money/decimal';
import { formatDate, parseDate, type DayNumber } from '../period/date';
import { Timeline } from '../period/effective';
import { parseFormula } from '../expr/parse';
import { typecheck, type Scope } from '../expr/typecheck';
import { compileExpr, type Band, type Compiled } from '../expr/compile';
import { renderValue, valueTypeOf, type EvalContext, type OutputValue, type ParamEntry, type Tracer, type ValueType } from '../expr/runtime';
import { describeType, type Type } from '../expr/types';
import type { ResolvedRuleset, ResolvedParameter } from '../ruleset/resolved';
import { DEFAULT_LIMITS, type Limits } from '../ruleset/limits';
import { enumDeclAt } from '../ruleset/schema';
import { compileInputs, inputType, inputZodSchema } from './input';
import { RecordingTracer, ruleTraceFactory, type RuleTrace } from './trace';
import { isOutput, type CompiledRule } from './compiled-rule';
import { FastFrame, compileFastPath, type FastPath } from './fast-path';

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
}

/** The result of one evaluation. Money is a string with 2 decimals. */
export interface EvaluationResult {
  readonly outputs: Readonly<Record<string, OutputValue>>;
  readonly provenance: Provenance;
  readonly trace?: readonly RuleTrace[];
}

export type SafeResult = { readonly success: true; readonly result: EvaluationResult } | { readonly success: false; readonly error: MinshengError };

/** A compiled ruleset. Frozen; safe to share across calls. */
export interface Program {
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
  /** Evaluates one input. Throws {@link MinshengError} on bad input or when no parameter value is in force. */
  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult;
  /** Like {@link Program.evaluate} but returns the error instead of throwing it. */
  safeEvaluate(input: unknown, options?: EvaluateOptions): SafeResult;
  /** A zod schema of the declared inputs (for forms and JSON Schema). */
  inputSchema(): import('zod').ZodType;
  /** Whether the exact fixed-point fast path exists for this ruleset (and why not), and how often it ran or fell back to decimal.js. */
  diagnostics(): Diagnostics;
}

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
}


function layerName(layer: { id: string; version: string } | undefined): string | undefined {
  return layer ? `${layer.id}@${layer.version}` : undefined;
}

/** The file a layer came from, for messages (its id@version when it was registered from memory). */
function fileOf(layer: { id: string; version: string; file?: string } | undefined): string {
  return layer?.file ?? layerName(layer) ?? '';
}

function parameterType(param: ResolvedParameter, inputs: ResolvedRuleset['inputs']): Type | Issue {
  const scalar = (t: string): Type => (t === 'scale' ? { kind: 'bands' } : ({ kind: t } as Type));
  if (!param.type) return { code: 'ruleset/schema', message: `parameter ${param.name} has no type`, path: ['parameters', param.name] };
  if (!param.by) return scalar(param.type);
  const { decl: by } = enumDeclAt(inputs, param.by);
  if (!by || by.type !== 'enum') {
    return { code: 'expr/type', message: `parameter ${param.name} is keyed by '${param.by}', which is not an enum input`, path: ['parameters', param.name, 'by'] };
  }
  return { kind: 'table', keys: by.of, by: param.by, value: scalar(param.type) };
}

/** Converts one raw parameter value to its runtime form. */
function convertParamValue(param: ResolvedParameter, raw: unknown, path: (string | number)[]): unknown {
  const one = (v: unknown, p: (string | number)[]): unknown => {
    switch (param.type) {
      case 'boolean':
        if (typeof v !== 'boolean') throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs true or false`, path: p });
        return v;
      case 'scale': {
        if (!Array.isArray(v)) throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs a list of bands { above, rate }`, path: p });
        const bands: Band[] = v.map((b: { above?: unknown; rate?: unknown }, i) => ({ above: toDecimal(b?.above, [...p, i, 'above']), rate: toDecimal(b?.rate, [...p, i, 'rate']) }));
        for (let i = 1; i < bands.length; i++) {
          if (!bands[i]!.above.gt(bands[i - 1]!.above)) throw new MinshengError({ code: 'ruleset/schema', message: `bands of ${param.name} must be in increasing order of 'above'`, path: [...p, i, 'above'] });
        }
        return Object.freeze(bands);
      }
      default: {
        const d = toDecimal(v, p);
        if (param.type === 'integer' && !d.isInteger()) throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs a whole number`, path: p });
        return d;
      }
    }
  };
  if (!param.by) return one(raw, path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} is a table by ${param.by}: give an object of key → value`, path });
  }
  const table: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) table[key] = one(v, [...path, key]);
  return Object.freeze(table);
}

/**
 * Compiles a resolved ruleset into a {@link Program}. Reports every formula problem at once, each
 * with the rule, the path in the file and the line/column inside the formula.
 *
 * @example
 * const program = compile(await loadRuleset('rulesets/bench/settlement.yaml'));
 * program.evaluate({ hospitalLevel: 2, totalCost: 12000, ... }, { date: '2025-06-01' }).outputs.basicPaid; //=> '7125.00'
 */
export function compile(resolved: ResolvedRuleset, options: CompileOptions = {}): Program {
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
  const warnings = issues.length === 0 ? policyBoundWarnings(resolved, timelines, issues) : [];
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
    issues.push({ code: 'expr/cycle', message: `rules depend on each other in a cycle: ${cycle.join(' → ')}`, path: ['rules', cycle[0]!], ...(file ? { file } : {}) });
  }
  if (issues.length > 0) throw new MinshengError(issues);
  const byName = new Map(rules.map((r) => [r.name, r]));
  const order = (ordering as { order: string[] }).order.map((name) => byName.get(name)!);
  const ruleIndex = new Map(order.map((r, i) => [r.name, i]));
  for (const rule of order) {
    rule.fn = compileExpr(rule.checked.expr, { ruleIndex, traced: false });
    rule.tracedFn = compileExpr(rule.checked.expr, { ruleIndex, traced: true });
  }
  const fast = options.fastPath === false ? 'turned off by the fastPath: false option' : compileFastPath(resolved, order, timelines, ruleIndex);
  return new CompiledProgram(resolved, order, timelines, paramDecls, typeof fast === 'string' ? null : fast, typeof fast === 'string' ? fast : undefined, warnings);
}

/**
 * Checks every value of a parameter declared `atLeast:` / `atMost:` another (a policy floor or ceiling)
 * against the bound in force at the value's `from`: per key of a table, per band rate of a scale.
 * Breaches are warnings (the ruleset still compiles): regions may be more generous, never less.
 */
function policyBoundWarnings(resolved: ResolvedRuleset, timelines: ReadonlyMap<string, Timeline<ParamEntry>>, errors: Issue[]): Issue[] {
  const warnings: Issue[] = [];
  for (const param of Object.values(resolved.parameters)) {
    for (const [bound, below] of [['atLeast', true], ['atMost', false]] as const) {
      const boundName = param[bound];
      if (boundName === undefined) continue;
      const limitTimeline = timelines.get(boundName);
      if (!limitTimeline) {
        errors.push({ code: 'expr/unknown-name', message: `parameter ${param.name}: ${bound} names '${boundName}', which is not a parameter`, path: ['parameters', param.name, bound], file: fileOf(param.layer) });
        continue;
      }
      const values = timelines.get(param.name)?.values ?? [];
      values.forEach((dated, index) => {
        const limit = limitTimeline.at(dated.from);
        if (!limit) return;
        const breaches: string[] = [];
        const compare = (value: unknown, limitValue: unknown, what: string) => {
          if (!(value instanceof Decimal) || !(limitValue instanceof Decimal)) return;
          if (below ? value.lt(limitValue) : value.gt(limitValue)) breaches.push(`${what} ${value.toString()} is ${below ? 'below' : 'above'} ${limitValue.toString()}`);
        };
        const limitAt = (key: string | undefined): unknown => {
          const v = limit.value.value;
          if (v instanceof Decimal) return v;
          return key !== undefined && v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
        };
        const v = dated.value.value;
        if (param.type === 'scale') (v as readonly Band[]).forEach((band) => compare(band.rate, limitAt(undefined), `the rate of the band above ${band.above.toString()}`));
        else if (param.by) for (const [key, x] of Object.entries(v as Record<string, unknown>)) compare(x, limitAt(key), `[${key}]`);
        else compare(v, limitAt(undefined), 'the value');
        if (breaches.length === 0) return;
        const source = limit.value.source;
        warnings.push({
          code: 'ruleset/policy-floor',
          message: `${param.name} from ${dated.value.from}: ${breaches.join('; ')} — ${boundName} (in force from ${limit.value.from}${source ? `, source ${source}` : ''}) ${below ? 'is a floor' : 'is a ceiling'}`,
          path: ['parameters', param.name, 'values', index],
          file: fileOf(resolved.parameters[param.name]!.values[index]?.layer ?? param.layer),
          ...(source ? { source } : {}),
        });
      });
    }
  }
  return warnings;
}

const noop: Compiled = () => undefined;

/** The given rules and every rule they read, as sorted indexes (which is dependency order). */
function closureOf(rules: readonly CompiledRule[], roots: readonly number[]): number[] {
  const index = new Map(rules.map((r, i) => [r.name, i]));
  const needed = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (needed.has(i)) continue;
    needed.add(i);
    for (const dep of rules[i]!.checked.ruleRefs) stack.push(index.get(dep)!);
  }
  return [...needed].sort((a, b) => a - b);
}


/** Rules in dependency order (iterative DFS: thousands of chained rules must not overflow the stack), or a cycle. */
function dependencyOrder(refs: ReadonlyMap<string, ReadonlySet<string>>): { order: string[] } | { cycle: string[] } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  for (const root of refs.keys()) {
    if (state.has(root)) continue;
    const stack: { name: string; deps: string[] }[] = [{ name: root, deps: [...refs.get(root)!] }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.deps.pop();
      if (next === undefined) {
        state.set(top.name, 'done');
        order.push(top.name);
        stack.pop();
        continue;
      }
      // A rule that did not parse has no entry: nothing to follow.
      if (!refs.has(next) || state.get(next) === 'done') continue;
      if (state.get(next) === 'visiting') {
        const names = stack.map((f) => f.name);
        return { cycle: [...names.slice(names.indexOf(next)), next] };
      }
      state.set(next, 'visiting');
      stack.push({ name: next, deps: [...refs.get(next)!] });
    }
  }
  return { order };
}

/** The rules one evaluation runs, in dependency order, and the outputs it reports. */
interface Plan {
  readonly steps: readonly number[];
  readonly outputNames: readonly string[];
  readonly outputIndexes: readonly number[];
  readonly outputTypes: readonly Type[];
  /** Position of each output among the fast path's renderers (−1: not an output rule). */
  readonly fastOutputs: readonly number[];
}

function fastOutputs(fast: FastPath, plan: Plan, values: readonly unknown[]): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  const indexes = plan.outputIndexes;
  for (let k = 0; k < indexes.length; k++) outputs[plan.outputNames[k]!] = fast.outputs[plan.fastOutputs[k]!]!(values[indexes[k]!]);
  return outputs;
}

function renderOutputs(plan: Plan, values: readonly unknown[]): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  const indexes = plan.outputIndexes;
  for (let k = 0; k < indexes.length; k++) outputs[plan.outputNames[k]!] = renderValue(values[indexes[k]!], plan.outputTypes[k]);
  return outputs;
}

class Frame implements EvalContext {
  it: unknown = undefined;
  readonly values: unknown[];
  constructor(
    readonly inputs: Readonly<Record<string, unknown>>,
    readonly day: DayNumber,
    size: number,
    private readonly timelines: ReadonlyMap<string, Timeline<ParamEntry>>,
    private readonly decls: ReadonlyMap<string, ResolvedParameter>,
    readonly tracer: Tracer | undefined,
  ) {
    this.values = new Array<unknown>(size);
  }

  param(name: string, span: SourceSpan): ParamEntry {
    const found = this.timelines.get(name)?.at(this.day);
    if (found) return found.value;
    const decl = this.decls.get(name);
    const regional = decl?.regional ? ' — this figure is regional: the national ruleset declares it and each regional ruleset must publish its value' : '';
    throw new MinshengError({ code: 'eval/no-value-in-force', message: `parameter ${name} has no value in force on ${formatDate(this.day)}${regional}`, path: ['parameters', name], span });
  }
}

class CompiledProgram implements Program {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
  readonly outputs: readonly string[];
  readonly ruleTypes: Readonly<Record<string, string>>;
  readonly valueTypes: Readonly<Record<string, ValueType>>;
  private readonly fullPlan: Plan;
  /** Rules that are input checks (`check:`), by index. */
  private readonly checkIndexes: readonly number[];
  /** The checks and what they read, in order: run before everything else. */
  private readonly checkSteps: readonly number[];
  private readonly plans = new Map<string, Plan>();
  private readonly convertInput: (raw: unknown) => Record<string, unknown>;
  private readonly chainNames: readonly string[];
  private readonly validity: { from: DayNumber; until?: DayNumber } | undefined;

  constructor(
    readonly ruleset: ResolvedRuleset,
    private readonly rules: readonly CompiledRule[],
    private readonly timelines: ReadonlyMap<string, Timeline<ParamEntry>>,
    private readonly paramDecls: ReadonlyMap<string, ResolvedParameter>,
    private readonly fast: FastPath | null,
    private readonly noFastPathReason: string | undefined,
    readonly warnings: readonly Issue[],
  ) {
    this.id = ruleset.id;
    this.version = ruleset.version;
    this.hash = ruleset.hash;
    this.checkIndexes = rules.flatMap((r, i) => (r.decl.check ? [i] : []));
    this.checkSteps = closureOf(rules, this.checkIndexes);
    const inChecks = new Set(this.checkSteps);
    const outputRules = rules.map((r, i) => [r, i] as const).filter(([r]) => isOutput(r));
    this.outputs = Object.freeze(outputRules.map(([r]) => r.name));
    this.fullPlan = {
      steps: rules.flatMap((_, i) => (inChecks.has(i) ? [] : [i])),
      outputNames: this.outputs,
      outputIndexes: outputRules.map(([, i]) => i),
      outputTypes: outputRules.map(([r]) => r.type),
      fastOutputs: outputRules.map((_, k) => k),
    };
    this.ruleTypes = Object.freeze(Object.fromEntries(rules.map((r) => [r.name, describeType(r.type)])));
    this.valueTypes = Object.freeze(Object.fromEntries(rules.map((r) => [r.name, valueTypeOf(r.type)])));
    this.convertInput = compileInputs(ruleset.inputs);
    this.chainNames = Object.freeze(ruleset.chain.map((l) => `${l.id}@${l.version}`));
    this.validity = ruleset.validity
      ? { from: parseDate(ruleset.validity.from), ...(ruleset.validity.until ? { until: parseDate(ruleset.validity.until) } : {}) }
      : undefined;
  }

  inputSchema() {
    return inputZodSchema(this.ruleset.inputs);
  }

  private evaluationDay(inputs: Record<string, unknown>, options: EvaluateOptions | undefined): DayNumber {
    let day: DayNumber;
    if (options?.date !== undefined) day = parseDate(options.date, ['date']);
    else if (this.ruleset.dateInput && typeof inputs[this.ruleset.dateInput] === 'number') day = inputs[this.ruleset.dateInput] as DayNumber;
    else {
      throw new MinshengError({ code: 'input/missing', message: `no evaluation date: pass { date: 'YYYY-MM-DD' }${this.ruleset.dateInput ? ` or the input ${this.ruleset.dateInput}` : ''}`, path: ['date'] });
    }
    const v = this.validity;
    if (v && (day < v.from || (v.until !== undefined && day > v.until))) {
      throw new MinshengError({
        code: 'eval/outside-validity',
        message: `${this.id}@${this.version} applies from ${formatDate(v.from)}${v.until !== undefined ? ` until ${formatDate(v.until)}` : ''}; ${formatDate(day)} is outside`,
        path: ['date'],
      });
    }
    return day;
  }

  /** Whether this program has the exact fixed-point fast path, and how often it ran or fell back. */
  diagnostics(): Diagnostics {
    return {
      fastPath: this.fast !== null,
      ...(this.noFastPathReason ? { whyNoFastPath: this.noFastPathReason } : {}),
      fastEvaluations: this.counters[0]!,
      fallbacks: this.counters[1]!,
    };
  }

  private readonly counters = new Float64Array(2);

  /** Which rules to run, in order, for the requested outputs (cached per output set). */
  private plan(outputs: readonly string[] | undefined): Plan {
    if (!outputs) return this.fullPlan;
    const key = outputs.join('\u0000');
    const cached = this.plans.get(key);
    if (cached) return cached;
    const index = new Map(this.rules.map((r, i) => [r.name, i]));
    const stack: number[] = [];
    for (const name of outputs) {
      const i = index.get(name);
      if (i === undefined) {
        throw new MinshengError({ code: 'input/unknown-field', message: `no rule named '${name}' to compute (rules: ${[...index.keys()].join(', ')})`, path: ['outputs'] });
      }
      stack.push(i);
    }
    // Input checks (and what they read) always run first, in every plan.
    const inChecks = new Set(this.checkSteps);
    const outputIndexes = outputs.map((name) => index.get(name)!);
    const plan: Plan = {
      steps: closureOf(this.rules, stack).filter((i) => !inChecks.has(i)),
      outputNames: [...outputs],
      outputIndexes,
      outputTypes: outputIndexes.map((i) => this.rules[i]!.type),
      fastOutputs: outputs.map((name) => this.fullPlan.outputNames.indexOf(name)),
    };
    if (this.plans.size < 64) this.plans.set(key, plan);
    return plan;
  }

  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult {
    if (this.fast) {
      const result = options?.trace ? this.evaluateTracedFast(this.fast, input, options) : this.evaluateFast(this.fast, input, options);
      if (result) {
        this.counters[0]!++;
        return result;
      }
      this.counters[1]!++;
    }
    return this.evaluateDecimal(input, options);
  }

  /** The fixed-point path; null hands the evaluation to the decimal path (which also reports errors). */
  private evaluateFast(fast: FastPath, input: unknown, options: EvaluateOptions | undefined): EvaluationResult | null {
    const start = this.fastStart(fast, input, options);
    if (!start) return null;
    const { inputs, day, plan } = start;
    const rules = fast.rules;
    const frame = new FastFrame(inputs, day, rules.length, fast.timelines, undefined, undefined);
    const values = frame.values;
    const steps = plan.steps;
    try {
      const checks = this.checkSteps;
      for (let k = 0; k < checks.length; k++) {
        const i = checks[k]!;
        values[i] = rules[i]!(frame);
      }
      // A failed input check is reported by the decimal path, with its message.
      for (const i of this.checkIndexes) if (values[i] !== true) return null;
      for (let k = 0; k < steps.length; k++) {
        const i = steps[k]!;
        values[i] = rules[i]!(frame);
      }
    } catch {
      // FALLBACK, or an error the decimal path will report with its rule and file.
      return null;
    }
    return { outputs: fastOutputs(fast, plan, values), provenance: this.provenance(day) };
  }

  /** Converts the input and finds the date and plan for a fast-path evaluation; null hands over to the decimal path. */
  private fastStart(fast: FastPath, input: unknown, options: EvaluateOptions | undefined): { inputs: Record<string, unknown>; day: DayNumber; plan: Plan } | null {
    const inputs = fast.convert(input);
    if (!inputs) return null;
    let day: DayNumber;
    try {
      day = this.evaluationDay(inputs, options);
    } catch {
      return null;
    }
    const plan = this.plan(options?.outputs);
    // Intermediate rules (output: false) asked for by name have no fast renderer: use the decimal path.
    if (plan.fastOutputs.includes(-1)) return null;
    return { inputs, day, plan };
  }

  private provenance(day: DayNumber): Provenance {
    return { ruleset: this.id, version: this.version, hash: this.hash, date: formatDate(day), chain: this.chainNames };
  }

  /**
   * The traced fixed-point path: the same closures with recording, values rendered exactly as the decimal
   * path renders them (a differential test compares the two traces). Null hands over to the decimal path.
   */
  private evaluateTracedFast(fast: FastPath, input: unknown, options: EvaluateOptions | undefined): EvaluationResult | null {
    const start = this.fastStart(fast, input, options);
    if (!start) return null;
    const { inputs, day, plan } = start;
    const tracer = new RecordingTracer();
    const frame = new FastFrame(inputs, day, fast.rules.length, fast.timelines, this.timelines, tracer);
    const values = frame.values;
    const trace: RuleTrace[] = [];
    const run = (steps: readonly number[]): void => {
      for (const i of steps) {
        const rule = this.rules[i]!;
        const record = tracer.start(rule.decl.formula);
        values[i] = fast.tracedRules[i]!(frame);
        trace.push(rule.makeTrace(fast.renderers[i]!(values[i]), record.uses, record.branches, record.comparisons));
      }
    };
    try {
      run(this.checkSteps);
      for (const i of this.checkIndexes) if (values[i] !== true) return null;
      run(plan.steps);
    } catch {
      return null;
    }
    return { outputs: fastOutputs(fast, plan, values), provenance: this.provenance(day), trace };
  }

  private evaluateDecimal(input: unknown, options?: EvaluateOptions): EvaluationResult {
    const inputs = this.convertInput(input);
    const day = this.evaluationDay(inputs, options);
    const rules = this.rules;
    const provenance = this.provenance(day);
    const plan = this.plan(options?.outputs);
    if (options?.trace) return this.evaluateTraced(inputs, day, provenance, plan);
    const frame = new Frame(inputs, day, rules.length, this.timelines, this.paramDecls, undefined);
    const values = frame.values;
    this.runSteps(this.checkSteps, frame);
    this.enforceChecks(values);
    this.runSteps(plan.steps, frame);
    return { outputs: renderOutputs(plan, values), provenance };
  }

  private runSteps(steps: readonly number[], frame: Frame): void {
    const rules = this.rules;
    const values = frame.values;
    let k = 0;
    try {
      for (; k < steps.length; k++) {
        const i = steps[k]!;
        values[i] = rules[i]!.fn(frame);
      }
    } catch (error) {
      throw this.locate(error, rules[steps[k]!]!);
    }
  }

  private evaluateTraced(inputs: Record<string, unknown>, day: DayNumber, provenance: Provenance, plan: Plan): EvaluationResult {
    const tracer = new RecordingTracer();
    const rules = this.rules;
    const frame = new Frame(inputs, day, rules.length, this.timelines, this.paramDecls, tracer);
    const trace: RuleTrace[] = [];
    const run = (steps: readonly number[]) => {
      for (const i of steps) {
        const rule = rules[i]!;
        const record = tracer.start(rule.decl.formula);
        try {
          frame.values[i] = rule.tracedFn(frame);
        } catch (error) {
          throw this.locate(error, rule);
        }
        trace.push(rule.makeTrace(renderValue(frame.values[i], rule.type), record.uses, record.branches, record.comparisons));
      }
    };
    run(this.checkSteps);
    this.enforceChecks(frame.values);
    run(plan.steps);
    return { outputs: renderOutputs(plan, frame.values), provenance, trace };
  }

  /** Throws input/invalid with every failed check's message (checks are part of every plan). */
  private enforceChecks(values: readonly unknown[]): void {
    let issues: Issue[] | undefined;
    for (const i of this.checkIndexes) {
      if (values[i] === true) continue;
      const { decl, name } = this.rules[i]!;
      (issues ??= []).push({
        code: 'input/invalid',
        message: `${decl.check!.en} (${decl.check!.zh}) — check ${name}: ${decl.formula.trim()}`,
        path: decl.checkPath ?? ['rules', name],
        ...(decl.source ? { source: decl.source } : {}),
      });
    }
    if (issues) throw new MinshengError(issues);
  }

  /** Adds the rule and file to an error raised inside a formula. */
  private locate(error: unknown, rule: CompiledRule): unknown {
    if (!isMinshengError(error)) return error;
    return new MinshengError(
      error.issues.map((issue) => ({
        ...issue,
        message: issue.message.startsWith('rule ') ? issue.message : `rule ${rule.name}: ${issue.message}`,
        path: issue.code === 'eval/no-value-in-force' && issue.path ? issue.path : ['rules', rule.name, 'formula'],
        file: fileOf(rule.decl.layer),
        ...(rule.decl.source && !issue.source ? { source: rule.decl.source } : {}),
      })),
    );
  }

  safeEvaluate(input: unknown, options?: EvaluateOptions): SafeResult {
    try {
      return { success: true, result: this.evaluate(input, options) };
    } catch (error) {
      if (isMinshengError(error)) return { success: false, error };
      throw error;
    }
  }
}
