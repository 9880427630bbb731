/**
 * A compiled program at run time: picks the evaluation date and the plan (the rules the requested outputs
 * need), runs the fast path when it can and the decimal reference path otherwise, traced or not, and
 * shapes the result (outputs rendered for their types, provenance, trace).
 */
import { MinshengError, isMinshengError, type Issue, type SourceSpan } from '../errors';
import { formatDate, parseDate, type DayNumber } from '../period/date';
import type { Timeline } from '../period/effective';
import { Failed, renderValue, valueTypeOf, type EvalContext, type OutputValue, type ParamEntry, type Tracer, type ValueType } from '../expr/runtime';
import { describeType, type Type } from '../expr/types';
import type { ResolvedParameter, ResolvedRuleset } from '../ruleset/resolved';
import { compileInputs, inputType } from './input';
import { wellFormedOptions } from './evaluate-options';
import { RecordingTracer, buildFastTrace, type RuleTrace } from './trace';
import { FixedTraceLog } from '../expr/fixed/trace-log';
import { outcomeOf, type ReadTemplates } from '../expr/fixed/templates';
import { fileOf, isOutput, type CompiledRule } from './compiled-rule';
import { FastFrame, type FastPath } from './fast-path';
import { jsonRowReader } from './json-row';
import { renderMoneyFen, renderWhole } from '../expr/fixed/render';
import { fenOfMoneyText, renderFen } from '../money/fen';
import { NO_VALUE, UNKNOWN, type FixedFn } from '../expr/compile-fixed';
import { closureOf } from './order';
import type { BoundUse, Diagnostics, EvaluateOptions, EvaluationResult, InputSchema, Program, Provenance, SafeResult, UnknownOutput } from './program';
import type { InputDecl } from '../ruleset/schema';
import { evaluateWithBounds, type FigureBounds } from '../analyze';
import { contentHash } from '../ruleset/hash';

/** Figures the caller supplied for unpublished parameters: runtime values, and as rendered for provenance. */
export interface Assumptions {
  readonly values: ReadonlyMap<string, unknown>;
  readonly shown: Readonly<Record<string, OutputValue>>;
}

/** The rules one evaluation runs, in dependency order, and the outputs it reports. */
interface Plan {
  readonly steps: readonly number[];
  readonly outputNames: readonly string[];
  readonly outputIndexes: readonly number[];
  readonly outputTypes: readonly Type[];
  /** Position of each output among the fast path's renderers (−1: not an output rule). */
  readonly fastOutputs: readonly number[];
  /** Some output asked for is an intermediate rule (no fast renderer): the decimal path computes the plan. */
  readonly needsDecimal: boolean;
  /**
   * The outputs object's keys in order (values null): a fast-path result starts as a copy of it, so every
   * result of a plan has one shape instead of growing key by key.
   */
  readonly template: Readonly<Record<string, null>>;
  /** The template's keys enumerate in the order of `outputNames` (not so if a name were an integer). */
  readonly templateInOrder: boolean;
  /** The outputs kept rendered between the plan's fast-path results (see {@link LastOutputs}). */
  readonly last: LastOutputs;
}

/**
 * Outputs that repeat from one fast-path evaluation of a plan to the next (a zero, a deductible, a flag), kept
 * rendered: a result starts as a copy of `shown`, and only an output whose value differs from the one kept is
 * rendered and stored into it — most of the cost of a many-output result was storing each value by its name.
 * An output is kept once its value came twice in a row (`previous`): `shown` is old by then, and storing a
 * fresh text into it on every change would cost each store a write barrier. Private: callers get copies.
 */
interface LastOutputs {
  /** The value each text in `shown` was rendered from. */
  readonly kept: unknown[];
  readonly shown: Record<string, OutputValue>;
  /** Each output's value in the plan's last fast-path result. */
  readonly previous: unknown[];
}

/** Marks an output not rendered yet (no value of a rule is this). */
const NOT_RENDERED: unique symbol = Symbol('minsheng.not-rendered');

function lastOutputs(names: readonly string[]): LastOutputs {
  return { kept: names.map(() => NOT_RENDERED), shown: { ...outputTemplate(names) }, previous: names.map(() => NOT_RENDERED) };
}

/** Evaluation dates remembered per program (parsed texts, provenance objects): a year of days and then some. */
const DATE_CACHE_SIZE = 512;

function outputTemplate(names: readonly string[]): Record<string, null> {
  const template: Record<string, null> = {};
  for (const name of names) Object.defineProperty(template, name, { value: null, writable: true, enumerable: true, configurable: true });
  return template;
}

/** See {@link CompiledProgram.jsonRows}. */
export interface JsonRowEvaluator {
  /**
   * The outputs of the row starting at `bytes[start]` and ending at the next line feed or at `end`, or null:
   * evaluate it the usual way.
   */
  evaluate(bytes: Uint8Array, start: number, end: number): Record<string, OutputValue> | null;
  /** Where the row last evaluated ends: at its line feed, or at `end`. */
  readonly end: number;
  /** The extra field's value in the row last evaluated (undefined when absent). */
  readonly extra: unknown;
  /**
   * The lean route, when every row is evaluated on one day (the `date` option) with one plan: the row's rule
   * values as the fast path holds them, by rule index, or null (evaluate the row as usual, which decides). No
   * result is built: {@link JsonRowOutput} prints each output from these values as {@link evaluate} would. The
   * array is reused by the next call. Undefined when rows cannot take it (no `date` option, one outside the
   * ruleset's validity, an intermediate rule asked for).
   */
  readonly values?: (bytes: Uint8Array, start: number, end: number) => readonly unknown[] | null;
  /** How the lean route's output `name` is read from the values (undefined: no lean route, or not an output of its plan). */
  output(name: string): JsonRowOutput | undefined;
}

/** One output on the lean route of {@link JsonRowEvaluator}. */
export interface JsonRowOutput {
  /** The rule's index in the values. */
  readonly at: number;
  /**
   * Money held in fen: the value is the integer number of fen ({@link JsonRowEvaluator.evaluate} gives the same
   * with `money: 'fen'`). Otherwise {@link JsonRowOutput.render} prints it as the text options do.
   */
  readonly fen: boolean;
  readonly render: (value: unknown) => OutputValue;
}

/** Builds a fast-path result's outputs: {@link fastOutputs} (money as text) or {@link fastOutputsInFen}. */
type OutputsBuilder = (fast: FastPath, plan: Plan, values: readonly unknown[]) => Record<string, OutputValue>;

/** `money: 'fen'` on the fast path: money held in fen is returned as it is; anything else as rendered. */
function fastOutputsInFen(fast: FastPath, plan: Plan, values: readonly unknown[]): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = { ...plan.template };
  const indexes = plan.outputIndexes;
  const names = plan.outputNames;
  for (let k = 0; k < indexes.length; k++) {
    const v = values[indexes[k]!];
    const render = fast.outputs[plan.fastOutputs[k]!]!;
    if (render === renderMoneyFen) outputs[names[k]!] = v === undefined ? null : (v as number) + 0;
    else {
      const shown = render(v);
      outputs[names[k]!] = typeof shown === 'string' && plan.outputTypes[k]!.kind === 'money' ? fenOrRefuse(names[k]!, shown) : shown;
    }
  }
  return outputs;
}

/** Money text as fen, or `eval/domain` when the amount is beyond what a JS number holds exactly. */
function fenOrRefuse(name: string, text: string): number {
  const fen = fenOfMoneyText(text);
  if (fen === undefined) {
    throw new MinshengError({ code: 'eval/domain', message: `output ${name} is ${text}: beyond 2^53 fen, which money: 'fen' cannot return exactly (use money: 'text')`, path: ['outputs', name] });
  }
  return fen;
}

function inOrder(names: readonly string[]): boolean {
  const keys = Object.keys(outputTemplate(names));
  return keys.length === names.length && keys.every((k, i) => k === names[i]);
}

/**
 * A fast-path result's outputs, money as text: rendered here, or taken from `texts` (by rule index) when the
 * traced path already rendered every rule's value with the same renderers.
 */
function fastOutputs(fast: FastPath, plan: Plan, values: readonly unknown[], texts?: readonly OutputValue[]): Record<string, OutputValue> {
  const indexes = plan.outputIndexes;
  const renderers = fast.outputs;
  const at = plan.fastOutputs;
  if (!plan.templateInOrder) {
    const outputs: Record<string, OutputValue> = { ...plan.template };
    for (let k = 0; k < indexes.length; k++) outputs[plan.outputNames[k]!] = texts ? texts[indexes[k]!]! : renderers[at[k]!]!(values[indexes[k]!]);
    return outputs;
  }
  // Only what differs from the kept outputs is rendered and stored; the result is a copy (one step for an
  // object of this shape). A rule's value is a number, a boolean, a string or a quotient (fixed/ratio.ts: an
  // object never changed once made), so an equal or identical value prints alike.
  const { kept, shown, previous } = plan.last;
  const outputs = { ...shown };
  let k = 0;
  for (const name in outputs) {
    const v = values[indexes[k]!];
    if (v !== kept[k]) {
      let text: OutputValue;
      if (texts) text = texts[indexes[k]!]!;
      else {
        // Money in fen, most outputs, whole numbers and booleans: printed here (no call through the renderer's
        // closure). A boolean is held as itself, and every renderer returns a boolean as it is.
        const render = renderers[at[k]!]!;
        if (render === renderMoneyFen) text = v === undefined ? null : renderFen(v as number);
        else if (typeof v === 'boolean') text = v;
        else if (render === renderWhole) text = v === undefined ? null : (v as number) + 0;
        else text = render(v);
      }
      outputs[name] = text;
      if (v === previous[k]) {
        shown[name] = text;
        kept[k] = v;
      }
    }
    previous[k] = v;
    k++;
  }
  return outputs;
}

/**
 * The outputs of a decimal-path evaluation. An output whose rule failed throws its error — or, with
 * `unknowns: 'report'` and a missing figure as the cause, is listed in `unknown` instead.
 */
function renderOutputs(
  plan: Plan,
  values: readonly unknown[],
  report: boolean,
  bounded: () => Bounded | undefined,
): { outputs: Record<string, OutputValue>; unknown?: Record<string, UnknownOutput>; determinedByBounds?: Record<string, readonly BoundUse[]> } {
  const outputs: Record<string, OutputValue> = {};
  let unknown: Record<string, UnknownOutput> | undefined;
  let determined: Record<string, readonly BoundUse[]> | undefined;
  // Built at most once, and only when an output failed for a missing figure.
  let known: Bounded | undefined | null = null;
  const indexes = plan.outputIndexes;
  for (let k = 0; k < indexes.length; k++) {
    const v = values[indexes[k]!];
    const name = plan.outputNames[k]!;
    if (v instanceof Failed) {
      const needs = missingFigures(v.error);
      // Every missing figure has a known range or cited bounds: the output may still have only one possible value.
      const b = needs ? (known === null ? (known = bounded()) : known) : undefined;
      if (needs && b && needs.every((n) => b.bounds.has(n))) {
        const exact = b.values().get(name);
        if (exact !== undefined) {
          outputs[name] = renderValue(exact, plan.outputTypes[k]);
          (determined ??= {})[name] = needs.map((n) => boundUse(n, b.bounds.get(n)!));
          continue;
        }
      }
      if (!report || !needs) throw v.error;
      (unknown ??= {})[name] = { needs, issues: (v.error as MinshengError).issues };
      continue;
    }
    outputs[name] = renderValue(v, plan.outputTypes[k]);
  }
  return { outputs, ...(unknown ? { unknown } : {}), ...(determined ? { determinedByBounds: determined } : {}) };
}

/** The bounded evaluation of one input, computed only when an output needs it. */
interface Bounded {
  readonly bounds: ReadonlyMap<string, FigureBounds>;
  values(): ReadonlyMap<string, unknown>;
}

function boundUse(parameter: string, b: FigureBounds): BoundUse {
  return { parameter, ...(b.lo !== null ? { atLeast: b.lo.toString() } : {}), ...(b.hi !== null ? { atMost: b.hi.toString() } : {}), ...(b.source ? { source: b.source } : {}) };
}

/** The parameters an error says have no value in force, or undefined when it has another cause too. */
function missingFigures(error: unknown): string[] | undefined {
  if (!isMinshengError(error)) return undefined;
  const names: string[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'eval/no-value-in-force' || issue.path?.[0] !== 'parameters') return undefined;
    const name = String(issue.path[1]);
    if (!names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

/**
 * Runs a plan's traced fast-path rules, noting where each one's events start in the log (after `offset`
 * rules already run). As on the untraced path, a rule that reads a figure with no value in force keeps
 * {@link UNKNOWN} — its events are dropped and the trace has no node for it, as the decimal path keeps such
 * a rule's error and lists no step for it — and only an output that is unknown hands over (false). Anything
 * else thrown propagates (the caller hands over).
 */
function runTracedSteps(fast: FastPath, frame: FastFrame, log: FixedTraceLog, offset: number, steps: readonly number[], outputIndexes: readonly number[]): boolean {
  const values = frame.values;
  const starts = log.starts;
  const traced = fast.tracedRules;
  const templates = fast.readTemplates;
  let k = 0;
  try {
    for (; k < steps.length; k++) {
      const i = steps[k]!;
      starts[offset + k] = log.n;
      const t = templates[i]!;
      values[i] = t === null ? traced[i]!(frame) : templatedStep(fast, t, i, frame, log, offset + k);
    }
    return true;
  } catch (error) {
    if (error !== NO_VALUE) throw error;
  }
  values[steps[k]!] = UNKNOWN;
  log.n = starts[offset + k]!;
  for (k++; k < steps.length; k++) {
    const i = steps[k]!;
    starts[offset + k] = log.n;
    try {
      const t = templates[i]!;
      values[i] = t === null ? traced[i]!(frame) : templatedStep(fast, t, i, frame, log, offset + k);
    } catch (error) {
      if (error !== NO_VALUE) throw error;
      values[i] = UNKNOWN;
      log.n = starts[offset + k]!;
    }
  }
  for (const i of outputIndexes) if (values[i] === UNKNOWN) return false;
  return true;
}

/**
 * Runs rule `i`, the `k`-th of a traced evaluation, which has `templates` (src/expr/fixed/templates.ts; a rule
 * without always runs traced): untraced when one fits this evaluation, else traced, noting in the log which it
 * was for the trace builder.
 */
function templatedStep(fast: FastPath, templates: ReadTemplates, i: number, frame: FastFrame, log: FixedTraceLog, k: number): unknown {
  const outcome = templates.tests.length === 0 ? 0 : outcomeOf(templates, frame);
  const sites = outcome < 0 ? undefined : templates.byOutcome[outcome];
  if (sites !== undefined) {
    log.templates[k] = sites;
    return fast.rules[i]!(frame);
  }
  log.templates[k] = null;
  log.outcomes[k] = outcome;
  return fast.tracedRules[i]!(frame);
}

/** Errors already located in their rule (a failure read by another rule is re-thrown as it is). */
const located = new WeakSet<object>();

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
    private readonly assumed: ReadonlyMap<string, unknown> | undefined,
  ) {
    this.values = new Array<unknown>(size);
  }

  param(name: string, span: SourceSpan): ParamEntry {
    const found = this.timelines.get(name)?.at(this.day);
    if (found) return found.value;
    if (this.assumed?.has(name)) return { value: this.assumed.get(name), from: formatDate(this.day), layer: 'assumed by the caller', assumed: true };
    const decl = this.decls.get(name);
    const regional = decl?.regional ? ' — this figure is regional: the national ruleset declares it and each regional ruleset must publish its value' : '';
    throw new MinshengError({ code: 'eval/no-value-in-force', message: `parameter ${name} has no value in force on ${formatDate(this.day)}${regional}`, path: ['parameters', name], span });
  }
}

/**
 * What a program needs zod for, given by `compile` (./program.ts): its declared inputs as a schema, and saying
 * what is wrong with evaluate options that failed the quick check ({@link wellFormedOptions}). The simulate
 * worker builds its programs without them (./build.ts), so it never loads zod.
 */
export interface ZodParts {
  inputSchema(decls: Readonly<Record<string, InputDecl>>): InputSchema;
  /** Throws `options/invalid` saying what is wrong (called only for options that failed the quick check). */
  checkOptions(options: unknown): void;
}

/** Each program's {@link ZodParts}. */
const ZOD_PARTS = new WeakMap<CompiledProgram, ZodParts>();

export class CompiledProgram implements Program {
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
    /** The warnings, computed on first read of {@link CompiledProgram.warnings} (the rule analysis is not cheap). */
    private readonly computeWarnings: () => readonly Issue[],
    private readonly assumptions: Assumptions | undefined,
    private readonly figureBounds: ReadonlyMap<string, FigureBounds>,
    zodParts: ZodParts,
  ) {
    // Kept beside the program, not on it: one more field on this object moved others out of its in-object
    // slots (the untraced workload 2–4 % slower); only the slow paths read it.
    ZOD_PARTS.set(this, zodParts);
    this.id = ruleset.id;
    this.version = ruleset.version;
    // Figures supplied by the caller are part of what produced a result: they change its hash.
    this.hash = assumptions ? contentHash({ ruleset: ruleset.hash, assumptions: assumptions.shown }) : ruleset.hash;
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
      needsDecimal: false,
      template: outputTemplate(this.outputs),
      templateInOrder: inOrder(this.outputs),
      last: lastOutputs(this.outputs),
    };
    this.ruleTypes = Object.freeze(Object.fromEntries(rules.map((r) => [r.name, describeType(r.type)])));
    this.valueTypes = Object.freeze(Object.fromEntries(rules.map((r) => [r.name, valueTypeOf(r.type)])));
    this.convertInput = compileInputs(ruleset.inputs);
    this.chainNames = Object.freeze(ruleset.chain.map((l) => `${l.id}@${l.version}`));
    this.validity = ruleset.validity
      ? { from: parseDate(ruleset.validity.from), ...(ruleset.validity.until ? { until: parseDate(ruleset.validity.until) } : {}) }
      : undefined;
  }

  /**
   * Problems that do not stop the ruleset from compiling (see {@link Program.warnings}). A getter on the class,
   * computed once: redefining a property of the instance instead would turn the program into a dictionary-mode
   * object and slow every evaluation's reads of its fields (measured ~13 % on the bench workload).
   */
  get warnings(): readonly Issue[] {
    return (this.warningsMemo ??= this.computeWarnings());
  }

  private warningsMemo: readonly Issue[] | undefined;

  inputSchema(): InputSchema {
    return ZOD_PARTS.get(this)!.inputSchema(this.ruleset.inputs);
  }

  private lastDateText: string | undefined;
  private lastDateDay = 0 as DayNumber;
  /** Date texts already parsed (well-formed ones only: a bad text throws before it is kept). */
  private readonly dateDays = new Map<string, DayNumber>();

  private evaluationDay(inputs: Record<string, unknown>, options: EvaluateOptions | undefined): DayNumber {
    return this.dayOf(this.ruleset.dateInput === undefined ? undefined : inputs[this.ruleset.dateInput], options);
  }

  /** The evaluation day from the `date` option, else from the dateInput's converted value (a day number). */
  private dayOf(dateInputValue: unknown, options: EvaluateOptions | undefined): DayNumber {
    let day: DayNumber;
    const date = options?.date;
    // A batch passes the same date string again and again: parsed and checked against the validity once
    // (strings are immutable; only a day inside the validity is remembered as the last one).
    if (date !== undefined && date === this.lastDateText) return this.lastDateDay;
    if (date !== undefined) {
      // Claims of a batch often carry their own dates (a few hundred at most): each text is parsed once.
      const known = typeof date === 'string' ? this.dateDays.get(date) : undefined;
      day = known ?? parseDate(date, ['date']);
      if (typeof date === 'string' && known === undefined) {
        if (this.dateDays.size >= DATE_CACHE_SIZE) this.dateDays.clear();
        this.dateDays.set(date, day);
      }
    }
    else if (this.ruleset.dateInput && typeof dateInputValue === 'number') day = dateInputValue;
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
    if (typeof date === 'string') {
      this.lastDateText = date;
      this.lastDateDay = day;
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
    const fastOutputs = outputs.map((name) => this.fullPlan.outputNames.indexOf(name));
    const plan: Plan = {
      steps: closureOf(this.rules, stack).filter((i) => !inChecks.has(i)),
      outputNames: [...outputs],
      outputIndexes,
      outputTypes: outputIndexes.map((i) => this.rules[i]!.type),
      fastOutputs,
      needsDecimal: fastOutputs.includes(-1),
      template: outputTemplate(outputs),
      templateInOrder: inOrder(outputs),
      last: lastOutputs(outputs),
    };
    if (this.plans.size < 64) this.plans.set(key, plan);
    return plan;
  }

  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult {
    if (!wellFormedOptions(options)) ZOD_PARTS.get(this)!.checkOptions(options);
    const fen = options?.money === 'fen';
    if (this.fast) {
      if (!options?.trace) {
        // The untraced fast path returns fen directly (no text built).
        const result = this.evaluateFast(this.fast, input, options, fen ? fastOutputsInFen : fastOutputs);
        if (result) {
          this.counters[0]!++;
          return result;
        }
      } else {
        const result = this.evaluateTracedFast(this.fast, input, options);
        if (result) {
          this.counters[0]!++;
          return fen ? this.moneyInFen(result) : result;
        }
      }
      this.counters[1]!++;
    }
    const result = this.evaluateDecimal(input, options);
    return fen ? this.moneyInFen(result) : result;
  }

  /** The result with each money output's text as an integer number of fen (`money: 'fen'`). */
  private moneyInFen(result: EvaluationResult): EvaluationResult {
    const outputs: Record<string, OutputValue> = { ...result.outputs };
    for (const name in outputs) {
      const v = outputs[name];
      if (typeof v === 'string' && this.valueTypes[name]?.kind === 'money') outputs[name] = fenOrRefuse(name, v);
    }
    return { ...result, outputs };
  }

  /** The fixed-point path; null hands the evaluation to the decimal path (which also reports errors). */
  private evaluateFast(fast: FastPath, input: unknown, options: EvaluateOptions | undefined, outputsOf: OutputsBuilder): EvaluationResult | null {
    // The spare frame (and its inputs array) is taken while in use, so a nested evaluation (an input getter
    // calling evaluate) gets its own; nothing of a result refers to either.
    const spare = this.spareFrame;
    this.spareFrame = undefined;
    return this.evaluateConverted(fast, fast.convert(input, spare?.inputs as unknown[] | undefined), spare, options, outputsOf);
  }

  /** {@link evaluateFast} once the input is converted (null: it hands over); `spare` is the frame taken. */
  private evaluateConverted(fast: FastPath, inputs: unknown[] | null, spare: FastFrame | undefined, options: EvaluateOptions | undefined, outputsOf: OutputsBuilder): EvaluationResult | null {
    if (inputs) {
      const day = this.fastDay(fast, inputs, options);
      const plan = Number.isNaN(day) ? undefined : options?.outputs === undefined ? this.fullPlan : this.plan(options.outputs);
      // Intermediate rules (output: false) asked for by name have no fast renderer: use the decimal path.
      if (plan && !plan.needsDecimal) {
        const frame = spare ? spare.reuse(inputs, day, fast.paramsAt(day)) : new FastFrame(inputs, day, fast.rules.length, fast.paramsAt(day), fast.timelines, undefined, undefined);
        const result = this.runFast(fast, frame, plan, day, outputsOf);
        this.spareFrame = frame;
        return result;
      }
    }
    this.spareFrame = spare;
    return null;
  }

  private spareFrame: FastFrame | undefined;

  /**
   * `simulate`'s JSONL route (internal: not part of {@link Program}). Evaluates rows given as the UTF-8 bytes
   * of one JSON object each, read straight into the fast path's inputs (src/engine/json-row.ts), with these
   * options; a row it cannot read or settle there returns null, and the caller evaluates it as usual
   * (`JSON.parse`, then {@link evaluate}), which decides. Undefined without an untraced fast path.
   * `extraField` (the row's id), when not an input, is read into `extra` instead of the inputs.
   */
  jsonRows(options: EvaluateOptions, extraField?: string): JsonRowEvaluator | undefined {
    if (!wellFormedOptions(options)) ZOD_PARTS.get(this)!.checkOptions(options);
    const fast = this.fast;
    if (!fast || options.trace) return undefined;
    const reader = jsonRowReader(fast.inputTable, extraField);
    const outputsOf = options.money === 'fen' ? fastOutputsInFen : fastOutputs;
    const lean = this.leanRoute(fast, options);
    return {
      get extra() {
        return reader.extra;
      },
      get end() {
        return reader.end;
      },
      ...(lean ? { values: (bytes: Uint8Array, start: number, end: number) => this.leanRow(fast, lean, reader.read(bytes, start, end, lean.frame.inputs as unknown[])) } : {}),
      output: (name) => {
        const k = lean ? lean.plan.outputNames.indexOf(name) : -1;
        if (!lean || k < 0) return undefined;
        const render = fast.outputs[lean.plan.fastOutputs[k]!]!;
        return { at: lean.plan.outputIndexes[k]!, fen: render === renderMoneyFen, render };
      },
      evaluate: (bytes, start, end) => {
        const spare = this.spareFrame;
        this.spareFrame = undefined;
        let result: EvaluationResult | null;
        try {
          result = this.evaluateConverted(fast, reader.read(bytes, start, end, spare?.inputs as unknown[] | undefined), spare, options, outputsOf);
        } catch {
          // An output `money: 'fen'` cannot hold (eval/domain): the usual evaluation reports it, or writes it as text.
          return null;
        }
        if (!result) return null;
        this.counters[0]!++;
        return result.outputs;
      },
    };
  }

  /**
   * What every row of a batch evaluated with `options` shares, when that is one day (the `date` option, inside
   * the ruleset's validity) and one plan the fast path renders: see {@link JsonRowEvaluator.values}.
   */
  private leanRoute(fast: FastPath, options: EvaluateOptions): { plan: Plan; frame: FastFrame } | undefined {
    if (typeof options.date !== 'string') return undefined;
    let day: DayNumber;
    let plan: Plan;
    try {
      day = this.dayOf(undefined, options);
      plan = options.outputs === undefined ? this.fullPlan : this.plan(options.outputs);
    } catch {
      return undefined;
    }
    if (plan.needsDecimal) return undefined;
    // A frame of its own: a row handed over is evaluated as usual in between, with the program's spare frame.
    const params = fast.paramsAt(day);
    return { plan, frame: new FastFrame(new Array<unknown>(fast.inputTable.count), day, fast.rules.length, params, fast.timelines, undefined, undefined) };
  }

  /**
   * One row on the lean route: its checks and its plan's rules, as {@link runFast} runs them; null hands the row
   * over (a failed check, a figure with no value in force, anything the fast path does not settle).
   */
  private leanRow(fast: FastPath, lean: { plan: Plan; frame: FastFrame }, inputs: unknown[] | null): readonly unknown[] | null {
    if (!inputs) return null;
    const frame = lean.frame;
    frame.it = undefined;
    const rules = fast.rules;
    const values = frame.values;
    if (!this.checksPass(rules, frame)) return null;
    try {
      const steps = lean.plan.steps;
      for (let k = 0; k < steps.length; k++) {
        const i = steps[k]!;
        values[i] = rules[i]!(frame);
      }
    } catch {
      return null;
    }
    this.counters[0]!++;
    return values;
  }

  /**
   * Runs the input checks (and what they read), first in every plan; false when one failed or could not run on
   * the fast path — the decimal path then reports it, with its message.
   */
  private checksPass(rules: readonly FixedFn[], frame: FastFrame): boolean {
    const values = frame.values;
    try {
      const checks = this.checkSteps;
      for (let k = 0; k < checks.length; k++) {
        const i = checks[k]!;
        values[i] = rules[i]!(frame);
      }
    } catch {
      return false;
    }
    for (const i of this.checkIndexes) if (values[i] !== true) return false;
    return true;
  }

  private runFast(fast: FastPath, frame: FastFrame, plan: Plan, day: DayNumber, outputsOf: OutputsBuilder): EvaluationResult | null {
    const rules = fast.rules;
    const values = frame.values;
    const steps = plan.steps;
    if (this.checkSteps.length !== 0 && !this.checksPass(rules, frame)) return null;
    // One try around the whole loop (the common case pays nothing per rule); after a figure with no value in
    // force, the rest runs rule by rule. That rule's value is unknown, which matters only if something reads it;
    // anything else (FALLBACK, an error the decimal path reports with its rule and file) hands over.
    let k = 0;
    try {
      for (; k < steps.length; k++) {
        const i = steps[k]!;
        values[i] = rules[i]!(frame);
      }
    } catch (error) {
      if (error !== NO_VALUE) return null;
      values[steps[k]!] = UNKNOWN;
      for (k++; k < steps.length; k++) {
        const i = steps[k]!;
        try {
          values[i] = rules[i]!(frame);
        } catch (next) {
          if (next !== NO_VALUE) return null;
          values[i] = UNKNOWN;
        }
      }
      for (const i of plan.outputIndexes) if (values[i] === UNKNOWN) return null;
    }
    return { outputs: outputsOf(fast, plan, values), provenance: this.provenance(day) };
  }

  /** The evaluation day of a fast-path evaluation; NaN hands over to the decimal path (which reports the error). */
  private fastDay(fast: FastPath, inputs: readonly unknown[], options: EvaluateOptions | undefined): DayNumber {
    try {
      // Only a date taken from the dateInput needs the input by name.
      const dateInput = options?.date === undefined ? this.ruleset.dateInput : undefined;
      return this.dayOf(dateInput === undefined ? undefined : inputs[fast.inputIndex.get(dateInput) ?? -1], options);
    } catch {
      return Number.NaN as DayNumber;
    }
  }

  private provenance(day: DayNumber): Provenance {
    // The same object for every evaluation on one day (frozen: results share it).
    if (day === this.lastProvenanceDay && this.lastProvenance) return this.lastProvenance;
    let provenance = this.provenances.get(day);
    if (provenance === undefined) {
      const p: Provenance = { ruleset: this.id, version: this.version, hash: this.hash, date: formatDate(day), chain: this.chainNames };
      provenance = Object.freeze(this.assumptions ? { ...p, assumptions: this.assumptions.shown } : p);
      if (this.provenances.size >= DATE_CACHE_SIZE) this.provenances.clear();
      this.provenances.set(day, provenance);
    }
    this.lastProvenanceDay = day;
    return (this.lastProvenance = provenance);
  }

  private lastProvenanceDay = Number.NaN;
  private lastProvenance: Provenance | undefined;
  /** Every day's provenance so far (a batch of claims with their own dates cycles through a few hundred). */
  private readonly provenances = new Map<DayNumber, Provenance>();

  /**
   * The traced fixed-point path: the same closures with recording, values rendered exactly as the decimal
   * path renders them (a differential test compares the two traces). Null hands over to the decimal path.
   */
  private evaluateTracedFast(fast: FastPath, input: unknown, options: EvaluateOptions | undefined): EvaluationResult | null {
    // One traced frame (with its log) per program, taken while in use so that a nested evaluation (an input
    // getter calling evaluate) gets its own. Nothing of a result refers to the frame, its inputs or its log:
    // the trace is built from the log, and every value in it is rendered, before this returns.
    const spare = this.spareTraced;
    this.spareTraced = undefined;
    const inputs = fast.convert(input, spare?.inputs as unknown[] | undefined);
    const day = inputs ? this.fastDay(fast, inputs, options) : (Number.NaN as DayNumber);
    const plan = Number.isNaN(day) ? undefined : this.plan(options?.outputs);
    // Intermediate rules (output: false) asked for by name have no fast renderer: use the decimal path.
    if (!inputs || !plan || plan.needsDecimal) {
      this.spareTraced = spare;
      return null;
    }
    const frame = spare ? spare.reuse(inputs, day, fast.paramsAt(day)) : new FastFrame(inputs, day, fast.rules.length, fast.paramsAt(day), fast.timelines, this.timelines, new FixedTraceLog());
    const log = frame.log!;
    log.n = 0;
    const values = frame.values;
    const starts = log.starts;
    const checks = this.checkSteps;
    const steps = plan.steps;
    let result: EvaluationResult | null = null;
    try {
      for (let k = 0; k < checks.length; k++) {
        const i = checks[k]!;
        starts[k] = log.n;
        const t = fast.readTemplates[i]!;
        values[i] = t === null ? fast.tracedRules[i]!(frame) : templatedStep(fast, t, i, frame, log, k);
      }
      let ok = true;
      for (const i of this.checkIndexes) if (values[i] !== true) ok = false;
      if (ok && runTracedSteps(fast, frame, log, checks.length, steps, plan.outputIndexes)) {
        const trace = buildFastTrace(this.rules, fast, frame, log, checks, steps);
        // The outputs are the output rules' values as the trace rendered them (the same renderers as the
        // untraced path's: the plan's kept outputs serve both).
        result = { outputs: fastOutputs(fast, plan, values, log.texts), provenance: this.provenance(day), trace };
      }
    } catch {
      result = null;
    }
    this.spareTraced = frame;
    return result;
  }

  private spareTraced: FastFrame | undefined;

  private evaluateDecimal(input: unknown, options?: EvaluateOptions): EvaluationResult {
    const inputs = this.convertInput(input);
    const day = this.evaluationDay(inputs, options);
    const rules = this.rules;
    const provenance = this.provenance(day);
    const plan = this.plan(options?.outputs);
    if (options?.trace) return this.evaluateTraced(inputs, day, provenance, plan, options.unknowns === 'report');
    const frame = new Frame(inputs, day, rules.length, this.timelines, this.paramDecls, undefined, this.assumptions?.values);
    const values = frame.values;
    this.runSteps(this.checkSteps, frame);
    this.enforceChecks(values);
    this.runSteps(plan.steps, frame);
    return { ...renderOutputs(plan, values, options?.unknowns === 'report', () => this.bounded(plan, inputs, day)), provenance };
  }

  /**
   * Runs rules in dependency order. A rule that fails keeps its error as its value ({@link Failed}): the
   * error surfaces where the value is read (another rule, an output), so a rule only a branch not taken
   * would read never blocks a result.
   */
  private runSteps(steps: readonly number[], frame: Frame): void {
    const rules = this.rules;
    const values = frame.values;
    for (let k = 0; k < steps.length; k++) {
      const i = steps[k]!;
      try {
        values[i] = rules[i]!.fn(frame);
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        values[i] = new Failed(this.locate(error, rules[i]!));
      }
    }
  }

  private evaluateTraced(inputs: Record<string, unknown>, day: DayNumber, provenance: Provenance, plan: Plan, unknowns: boolean): EvaluationResult {
    const tracer = new RecordingTracer();
    const rules = this.rules;
    const frame = new Frame(inputs, day, rules.length, this.timelines, this.paramDecls, tracer, this.assumptions?.values);
    const trace: RuleTrace[] = [];
    const run = (steps: readonly number[]) => {
      for (const i of steps) {
        const rule = rules[i]!;
        const record = tracer.start(rule.decl.formula);
        try {
          frame.values[i] = rule.tracedFn(frame);
        } catch (error) {
          // As on the untraced path: the failure is kept and surfaces where it is read; it has no trace step.
          if (!isMinshengError(error)) throw error;
          frame.values[i] = new Failed(this.locate(error, rule));
          continue;
        }
        trace.push(rule.makeTrace(renderValue(frame.values[i], rule.type), tracer.uses(), record.branches, record.comparisons));
      }
    };
    run(this.checkSteps);
    this.enforceChecks(frame.values);
    run(plan.steps);
    return { ...renderOutputs(plan, frame.values, unknowns, () => this.bounded(plan, inputs, day)), provenance, trace };
  }

  /** The lazily computed bounded evaluation of one input (undefined when no figure of this ruleset has bounds). */
  private bounded(plan: Plan, inputs: Readonly<Record<string, unknown>>, day: DayNumber): Bounded | undefined {
    if (this.figureBounds.size === 0) return undefined;
    let values: ReadonlyMap<string, unknown> | undefined;
    const program = { rules: this.rules, timelines: this.timelines, bounds: this.figureBounds };
    return {
      bounds: this.figureBounds,
      values: () => (values ??= evaluateWithBounds(program, [...this.checkSteps, ...plan.steps], inputs, this.inputTypes, day)),
    };
  }

  private get inputTypes(): ReadonlyMap<string, Type> {
    return (this.inputTypeMap ??= new Map(Object.entries(this.ruleset.inputs).map(([n, d]) => [n, inputType(d)])));
  }
  private inputTypeMap: Map<string, Type> | undefined;

  /** Throws input/invalid with every failed check's message (checks are part of every plan). */
  private enforceChecks(values: readonly unknown[]): void {
    let issues: Issue[] | undefined;
    for (const i of this.checkIndexes) {
      const v = values[i];
      if (v === true) continue;
      // A check that could not be computed fails with its own error (a missing figure, a bad value).
      if (v instanceof Failed) throw v.error;
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
    if (!isMinshengError(error) || located.has(error)) return error;
    const out = new MinshengError(
      error.issues.map((issue) => ({
        ...issue,
        message: issue.message.startsWith('rule ') ? issue.message : `rule ${rule.name}: ${issue.message}`,
        path: issue.code === 'eval/no-value-in-force' && issue.path ? issue.path : ['rules', rule.name, 'formula'],
        file: fileOf(rule.decl.layer),
        ...(rule.decl.source && !issue.source ? { source: rule.decl.source } : {}),
      })),
    );
    located.add(out);
    return out;
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
