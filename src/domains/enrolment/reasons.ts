/**
 * Reasons for the enrolment and pension facades: one traced rule as a reason (its value, the comparisons it made
 * and its citation), a figure that cannot be known because the region has not published what it needs, and
 * "would qualify with …" thresholds read from the comparisons of a test that came out the wrong way.
 */
import type { Program } from '../../engine/program';
import type { OutputValue, RuleTrace } from '../../engine/trace';
import type { BoundUse, UnknownOutput } from '../../engine/program';
import type { Label } from '../../ruleset/schema';
import { citationOf, labelOf, show, thresholdFrom, type Citation, type ReasonComparison, type Threshold } from '../assistance/assess';

/** One rule behind a result: its value (or what it needs), its comparisons and its citation. */
export interface RuleReason {
  readonly rule: string;
  readonly label?: Label;
  /** The rule as the policy words it. */
  readonly text?: Label;
  /** `null`: not computable, a figure it needs is not published (see `needs`). */
  readonly value: OutputValue;
  readonly needs?: readonly string[];
  readonly comparisons: readonly ReasonComparison[];
  readonly source?: Citation;
  /**
   * The value was decided without the region's figure, by its cited bounds (e.g. a waiting period of at least
   * 3 months): which figure, and the bound.
   */
  readonly decidedByBounds?: readonly BoundUse[];
  /** One line in English, e.g. `Individual premium: 765.00`. */
  readonly message: string;
}

/** What one evaluation (traced, unknowns reported) gives the reason builders. */
export interface Evaluated {
  readonly program: Program;
  readonly byName: ReadonlyMap<string, RuleTrace>;
  readonly outputs: Readonly<Record<string, OutputValue>>;
  readonly unknown: Readonly<Record<string, UnknownOutput>>;
  /** Outputs decided by the cited bounds of unpublished figures. */
  readonly bounded?: Readonly<Record<string, readonly BoundUse[]>>;
}


/** The value of a rule, or null when it needs an unpublished figure. */
export function valueOf(e: Evaluated, rule: string): OutputValue {
  if (e.unknown[rule]) return null;
  return e.byName.get(rule)?.value ?? e.outputs[rule] ?? null;
}

/** The figures a rule needs that are not published (empty when it was computed). */
export function needsOf(e: Evaluated, rule: string): readonly string[] {
  return e.unknown[rule]?.needs ?? [];
}

/** One rule as a reason. */
export function reasonOf(e: Evaluated, rule: string): RuleReason {
  const label = labelOf(e.program, rule);
  const what = label?.en ?? rule;
  const unknown = e.unknown[rule];
  if (unknown) {
    const source = citationOf(e.program, e.program.ruleset.rules[rule]?.source);
    return {
      rule,
      ...(label ? { label } : {}),
      value: null,
      needs: unknown.needs,
      comparisons: [],
      ...(source ? { source } : {}),
      message: `? ${what}: not published here — needs ${unknown.needs.join(', ')}`,
    };
  }
  const t = e.byName.get(rule);
  const value = t?.value ?? e.outputs[rule] ?? null;
  const comparisons = (t?.comparisons ?? []).map((c) => ({ expression: c.expression.replace(/\s+/g, ' '), left: show(c.left), op: c.op, right: show(c.right), result: c.result }));
  const source = citationOf(e.program, t?.source ?? e.program.ruleset.rules[rule]?.source);
  // Enum and boolean tests are in `comparisons`; the message shows only the numbers and dates compared.
  const detail = (t?.comparisons ?? [])
    .filter((c) => c.type.kind !== 'enum' && c.type.kind !== 'boolean')
    .map((c) => `${show(c.left)} ${c.op} ${show(c.right)}`)
    .join('; ');
  const bounds = e.bounded?.[rule];
  const boundText = bounds && bounds.length > 0 ? ` — decided by the cited bound${bounds.length > 1 ? 's' : ''} ${bounds.map((b) => `${b.parameter}${b.atLeast !== undefined ? ` ≥ ${b.atLeast}` : ''}${b.atMost !== undefined ? ` ≤ ${b.atMost}` : ''}`).join(', ')}, whatever the region sets` : '';
  const head = typeof value === 'boolean' ? `${value ? '✔' : '✘'} ${what}` : `${what}: ${show(value)}`;
  const text = t?.text ?? e.program.ruleset.rules[rule]?.text;
  return {
    rule,
    ...(label ? { label } : {}),
    ...(text ? { text } : {}),
    value,
    comparisons,
    ...(source ? { source } : {}),
    ...(bounds && bounds.length > 0 ? { decidedByBounds: bounds } : {}),
    message: `${detail ? `${head} (${detail})` : head}${boundText}`,
  };
}

/**
 * For a boolean rule that came out `false` where `true` was wanted: each failed numeric comparison as the
 * threshold that would have passed it (`would qualify with Months since leaving school < 24 (now 24)`).
 */
export function thresholdsOf(e: Evaluated, rule: string): Threshold[] {
  const t = e.byName.get(rule);
  if (!t || t.value !== false) return [];
  const found: Threshold[] = [];
  for (const c of t.comparisons) {
    if (c.result || c.type.kind === 'boolean' || c.type.kind === 'enum' || /\bit\b/.test(c.expression)) continue;
    found.push(thresholdFrom(e.program, rule, c));
  }
  return found;
}
