/**
 * compile(resolved ruleset) → Program, and the public types of programs and their results. `evaluate` is
 * synchronous, re-entrant and allocates one frame per call. What compiling does is in ./build.ts (shared with
 * the simulate worker, which builds its programs without zod); this module adds zod's parts.
 */
import type { Issue, MinshengError } from '../errors';
import type { Limits } from '../limits';
import type { OutputValue, ValueType } from '../expr/runtime';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { RuleTrace } from './trace';
import type { ZodParts } from './evaluator';
import { buildProgram } from './build';
import { inputZodSchema } from './input-schema';
import { checkEvaluateOptions } from './options';

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
export function compile(resolved: ResolvedRuleset, options?: CompileOptions): Program {
  return buildProgram(resolved, options, ZOD_PARTS);
}

/** What programs compiled here use zod for: the input schema, and saying what is wrong with bad evaluate options. */
const ZOD_PARTS: ZodParts = { inputSchema: inputZodSchema, checkOptions: checkEvaluateOptions };
