/**
 * The explanation of an evaluation: for every computed rule, its value, what it read (inputs, parameters
 * with their citations, other rules), which branches it took and how its comparisons came out.
 */
import type { Label } from '../ruleset/schema';
import type { SourceSpan } from '../errors';
import type { ParamEntry, Tracer } from '../expr/compile';

/** A runtime value rendered for people and JSON: money as '12.30', dates as 'YYYY-MM-DD'. */
export type OutputValue = string | number | boolean | null | OutputValue[] | { [key: string]: OutputValue };

/** Something a rule read while it was computed. */
export type TraceUse =
  | { readonly kind: 'input'; readonly name: string; readonly value: OutputValue }
  | { readonly kind: 'rule'; readonly name: string; readonly value: OutputValue }
  | {
      readonly kind: 'parameter';
      readonly name: string;
      /** For a table parameter: the key that was looked up. */
      readonly key?: string;
      readonly value: OutputValue;
      /** The value in force: effective from (and until). */
      readonly from: string;
      readonly until?: string;
      /** Citation id (see the ruleset's `sources`). */
      readonly source?: string;
      /** The ruleset layer that set this value. */
      readonly layer?: string;
    };

/** One `if` decided during the rule's evaluation. */
export interface TraceBranch {
  readonly condition: string;
  readonly taken: 'then' | 'else';
  readonly span: SourceSpan;
}

/** One comparison evaluated, with both sides: the basis of "would qualify with income ≤ …". */
export interface TraceComparison {
  readonly expression: string;
  readonly op: string;
  readonly left: OutputValue;
  readonly right: OutputValue;
  readonly result: boolean;
  readonly span: SourceSpan;
}

/** The trace of one computed rule. */
export interface RuleTrace {
  readonly kind: 'rule';
  readonly name: string;
  readonly label?: Label;
  readonly text?: Label;
  readonly type: string;
  readonly value: OutputValue;
  readonly formula: string;
  readonly source?: string;
  readonly layer: string;
  /** Set when this rule replaces a parent's rule of the same name. */
  readonly replaces?: string;
  readonly output: boolean;
  readonly uses: readonly TraceUse[];
  readonly branches: readonly TraceBranch[];
  readonly comparisons: readonly TraceComparison[];
}

export type TraceNode = RuleTrace;

interface MutableRuleTrace {
  uses: TraceUse[];
  branches: TraceBranch[];
  comparisons: TraceComparison[];
  formula: string;
}

/** Collects what the current rule reads. One per traced evaluation. */
export class RecordingTracer implements Tracer {
  current: MutableRuleTrace = { uses: [], branches: [], comparisons: [], formula: '' };

  constructor(private readonly render: (value: unknown, kind?: string) => OutputValue) {}

  start(formula: string): MutableRuleTrace {
    this.current = { uses: [], branches: [], comparisons: [], formula };
    return this.current;
  }

  /** A rule reads a handful of names: a linear scan beats hashing string keys. */
  private seen(kind: TraceUse['kind'], name: string, key?: string): boolean {
    const uses = this.current.uses;
    for (let i = 0; i < uses.length; i++) {
      const u = uses[i]!;
      if (u.name === name && u.kind === kind && (u.kind !== 'parameter' || u.key === key)) return true;
    }
    return false;
  }

  input(name: string, value: unknown): void {
    if (!this.seen('input', name)) this.current.uses.push({ kind: 'input', name, value: this.render(value) });
  }

  rule(name: string, value: unknown): void {
    if (!this.seen('rule', name)) this.current.uses.push({ kind: 'rule', name, value: this.render(value) });
  }

  parameter(name: string, entry: ParamEntry, key: string | undefined, value: unknown): void {
    if (this.seen('parameter', name, key)) return;
    this.current.uses.push({
      kind: 'parameter',
      name,
      ...(key !== undefined ? { key } : {}),
      value: this.render(value),
      from: entry.from,
      ...(entry.until ? { until: entry.until } : {}),
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.layer ? { layer: entry.layer } : {}),
    });
  }

  branch(span: SourceSpan, taken: boolean): void {
    const condition = this.current.formula.slice(span.start, span.end);
    this.current.branches.push({ condition: condition.replace(/\s+/g, ' '), taken: taken ? 'then' : 'else', span });
  }

  comparison(span: SourceSpan, op: string, left: unknown, right: unknown, result: boolean): void {
    this.current.comparisons.push({
      expression: this.current.formula.slice(span.start, span.end),
      op,
      left: this.render(left),
      right: this.render(right),
      result,
      span,
    });
  }
}
