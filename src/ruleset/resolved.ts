/**
 * The output of the loading stage: a ruleset with its `extends` chain applied. This is what
 * `engine/compile` consumes.
 *
 * Every object in a {@link ResolvedRuleset} is deeply frozen, and every object whose keys come from the
 * file (records of inputs/parameters/rules/sources, tables, test inputs, labels…) has a `null`
 * prototype: `resolved.rules.toString` is `undefined`, not a function, and nothing a file says can
 * reach `Object.prototype`.
 */
import { addDays, formatDate, parseDate } from '../period/date';
import type { InputDecl, Label, NumLike, ParameterType, RuleDecl, SourceDecl, TestCase } from './schema';

/** A cited floor and/or ceiling of a figure that is not published. */
export interface ParameterBounds {
  readonly atLeast?: NumLike | undefined;
  readonly atMost?: NumLike | undefined;
  readonly source: string;
  readonly note?: string | undefined;
}

/** One ruleset of an `extends` chain. */
export interface Layer {
  readonly id: string;
  readonly version: string;
  /**
   * Where the layer was loaded from (file path, or the name given to the loader), for messages.
   * Not part of {@link ResolvedRuleset.hash}.
   */
  readonly file?: string;
}

/** A resolved input declaration: who declared it, and whose declaration it replaced. */
export type ResolvedInput = InputDecl & { readonly layer: Layer; readonly replaced?: Layer };

/** A resolved rule: who declared it, and whose rule it replaced (`replaces: true`). */
export type ResolvedRule = RuleDecl & { readonly layer: Layer; readonly replaced?: Layer };

/** A resolved citation and the layer that declared it. */
export type ResolvedSource = SourceDecl & { readonly layer: Layer };

/** One dated value of a resolved parameter. */
export interface ResolvedParameterValue {
  /** First day in force, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day in force (inclusive); absent → until the day before the next value's `from`. */
  readonly until?: string;
  /**
   * As written in the file: number | numeric string | boolean; for `by` tables a null-prototype
   * mapping key → scalar (merged with the parent's keys); for `scale` a list of `{ above, rate }`.
   * Numbers are kept as JS numbers (convert with `String(n)`).
   */
  readonly value: unknown;
  readonly source?: string;
  readonly note?: string;
  /** The layer that gave this value. */
  readonly layer: Layer;
  /** The layer whose value with the same `from` this one replaced. */
  readonly replaced?: Layer;
  /**
   * Only on table values a child gave partially: the layer that set each key (keys the child omitted
   * come from the parent's value in force at `from`).
   */
  readonly keyLayers?: Readonly<Record<string, Layer>>;
}

/** A resolved parameter: declaration merged along the chain, values on one timeline. */
export interface ResolvedParameter {
  readonly name: string;
  readonly type: ParameterType;
  /** An enum input: the values are tables keyed by its values. */
  readonly by?: string;
  readonly label?: Label;
  readonly description?: Label;
  readonly unit?: string;
  /** Each region must publish a value; none in force → `eval/no-value-in-force`. */
  readonly regional?: boolean;
  /** Policy floor / ceiling: the parameter every value must be at least / at most (see compile warnings). */
  readonly atLeast?: string;
  readonly atMost?: string;
  /** Declared range of every value (a rate is in [0, 1] without one); a child may narrow it, never widen it. */
  readonly min?: NumLike;
  readonly max?: NumLike;
  /** What is known about the figure where no value is published (see the format's `bounds`). */
  readonly bounds?: ParameterBounds;
  /** The layer that declared the parameter first. */
  readonly layer: Layer;
  /** Set when a child said `mode: replace`: the last layer whose timeline was dropped. */
  readonly replaced?: Layer;
  /** Sorted by `from`; no two overlap. */
  readonly values: readonly ResolvedParameterValue[];
}

/**
 * A ruleset with its `extends` chain applied (see "Overlays" in docs/guide/ruleset-format.md).
 *
 * @example
 * const resolved = resolveRuleset(file, registry);
 * resolved.chain.map((l) => `${l.id}@${l.version}`); // ['cn/medical/national@2026.1.0', 'cn/medical/gansu@2026.1.0']
 * resolved.parameters['basic.deductible'].values[0].layer.id; // 'cn/medical/gansu'
 */
export interface ResolvedRuleset {
  readonly id: string;
  readonly version: string;
  readonly jurisdiction: string;
  readonly label: Label;
  /** This file's own description (not inherited). */
  readonly description?: Label;
  /** From the nearest layer that declares one. */
  readonly validity?: { readonly from: string; readonly until?: string };
  /** From the nearest layer that declares one. */
  readonly dateInput?: string;
  /** From the nearest layer that declares one; default `{ startMonth: 1, startDay: 1 }`. */
  readonly policyYear: { readonly startMonth: number; readonly startDay: number };
  /** Root first, this ruleset last. */
  readonly chain: readonly Layer[];
  readonly sources: Readonly<Record<string, ResolvedSource>>;
  readonly inputs: Readonly<Record<string, ResolvedInput>>;
  readonly parameters: Readonly<Record<string, ResolvedParameter>>;
  readonly rules: Readonly<Record<string, ResolvedRule>>;
  /** This file's own test cases (inline and from its `.cases.yaml`); parents' are not re-run. */
  readonly tests: readonly TestCase[];
  /**
   * `'sha256:'` + hex of the canonical JSON of everything above except `tests` and the layers'
   * `file` paths: it identifies the policy (same content → same hash wherever the files live, and
   * adding a test case does not change it).
   */
  readonly hash: string;
}

/** `id@version` of a layer: how layers are named in traces, docs and diffs. */
export function layerKey(layer: Pick<Layer, 'id' | 'version'>): string {
  return `${layer.id}@${layer.version}`;
}

/** The last day a dated value is in force: its `until`, else the day before the next value, else open. */
export function effectiveUntil(values: readonly ResolvedParameterValue[], i: number): string | undefined {
  const v = values[i]!;
  if (v.until) return v.until;
  const next = values[i + 1];
  return next ? formatDate(addDays(parseDate(next.from), -1)) : undefined;
}
