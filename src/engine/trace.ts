/**
 * The explanation of an evaluation: for every computed rule, its value, what it read (inputs, parameters
 * with their citations, other rules), which branches it took and how its comparisons came out.
 */
import type { Label } from '../ruleset/schema';
import type { SourceSpan } from '../errors';
import type { CompareSite, OutputValue, ParamEntry, ReadKind, Tracer, ValueType } from '../expr/runtime';

export type { OutputValue, ValueType } from '../expr/runtime';

/** Something a rule read while it was computed. */
export type TraceUse =
  | { readonly kind: 'input'; readonly name: string; readonly type: ValueType; readonly value: OutputValue }
  | { readonly kind: 'rule'; readonly name: string; readonly type: ValueType; readonly value: OutputValue }
  | {
      readonly kind: 'parameter';
      readonly name: string;
      /** The type of `value` (for a table: the type of its values). */
      readonly type: ValueType;
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
      /** The ruleset publishes no value: the caller supplied this one (`compile(…, { assume })`). */
      readonly assumed?: true;
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
  /** The text of each side in the formula (`perCapitaMonthlyIncome`, `minimumLivingStandard * 1.5`). */
  readonly leftExpression: string;
  readonly rightExpression: string;
  /** The type both sides are compared (and rendered) in. */
  readonly type: ValueType;
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
  /** The rule's declared type, in words (`money`, `enum(primary|secondary)`); {@link RuleTrace.valueType} as data. */
  readonly type: string;
  readonly valueType: ValueType;
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

type ParameterUse = Extract<TraceUse, { kind: 'parameter' }>;

/**
 * Builds a rule's trace node without copying its static part on every evaluation: the returned function
 * only adds the value and what was recorded.
 */
export function ruleTraceFactory(
  template: Omit<RuleTrace, 'value' | 'uses' | 'branches' | 'comparisons'>,
): (value: OutputValue, uses: readonly TraceUse[], branches: readonly TraceBranch[], comparisons: readonly TraceComparison[]) => RuleTrace {
  const { name, label, text, type, valueType, formula, source, layer, replaces, output } = template;
  // Absent optional fields stay absent (not undefined), and keys keep one order, as JSON and deep equality expect.
  const shape: { -readonly [K in keyof RuleTrace]: RuleTrace[K] } = { kind: 'rule', name } as RuleTrace;
  if (label) shape.label = label;
  if (text) shape.text = text;
  shape.type = type;
  shape.valueType = valueType;
  shape.formula = formula;
  if (source) shape.source = source;
  shape.layer = layer;
  if (replaces) shape.replaces = replaces;
  shape.output = output;
  shape.value = null;
  shape.uses = NONE;
  shape.branches = NONE;
  shape.comparisons = NONE;
  // Each node is a copy of this complete shape (one allocation, one hidden class per rule) rather than an
  // object grown key by key, which reallocated its property store several times per rule per evaluation.
  return (value, uses, branches, comparisons) => {
    const node: { -readonly [K in keyof RuleTrace]: RuleTrace[K] } = { ...shape };
    node.value = value;
    node.uses = uses;
    node.branches = branches;
    node.comparisons = comparisons;
    return node;
  };
}

interface MutableRuleTrace {
  branches: TraceBranch[];
  comparisons: TraceComparison[];
  formula: string;
}

const NONE = Object.freeze([]) as unknown as never[];

/** Collects what the current rule reads. One per traced evaluation; both evaluation paths call it. */
export class RecordingTracer implements Tracer {
  current: MutableRuleTrace = { branches: [], comparisons: [], formula: '' };

  /**
   * What the current rule has read so far: collected in one scratch list per tracer and copied out at its
   * exact length by {@link RecordingTracer.uses} (a fresh list per rule grew to 17 slots on its first read).
   */
  private readonly scratch: TraceUse[] = [];
  private count = 0;

  /** What the current rule read, in order: a list of its own. */
  uses(): TraceUse[] {
    return this.scratch.slice(0, this.count);
  }

  start(formula: string): MutableRuleTrace {
    // One record, reset per rule (its lists are handed to the trace node); most rules take no branch and make
    // no comparison, so they share one empty list until they do.
    const current = this.current;
    this.count = 0;
    current.branches = NONE;
    current.comparisons = NONE;
    current.formula = formula;
    return current;
  }

  /** A rule reads a handful of names: a linear scan beats hashing string keys. */
  seen(kind: ReadKind, name: string, key?: string): boolean {
    const uses = this.scratch;
    for (let i = 0, n = this.count; i < n; i++) {
      const u = uses[i]!;
      if (u.name === name && u.kind === kind && (u.kind !== 'parameter' || u.key === key)) return true;
    }
    return false;
  }

  read(kind: 'input' | 'rule', name: string, type: ValueType, value: OutputValue): void {
    this.scratch[this.count++] = { kind, name, type, value };
  }

  parameter(name: string, entry: ParamEntry, key: string | undefined, type: ValueType, value: OutputValue): void {
    // Built without spreads (this runs for every parameter read of a traced evaluation).
    const use: { -readonly [K in keyof ParameterUse]: ParameterUse[K] } = { kind: 'parameter', name, type, value, from: entry.from };
    if (key !== undefined) use.key = key;
    if (entry.until) use.until = entry.until;
    if (entry.source) use.source = entry.source;
    if (entry.layer) use.layer = entry.layer;
    if (entry.assumed) use.assumed = true;
    this.scratch[this.count++] = use;
  }

  branch(span: SourceSpan, taken: boolean): void {
    if (this.current.branches === NONE) this.current.branches = [];
    this.current.branches.push({ condition: condensed(this.current.formula, span), taken: taken ? 'then' : 'else', span });
  }

  comparison(site: CompareSite, left: OutputValue, right: OutputValue, result: boolean): void {
    if (this.current.comparisons === NONE) this.current.comparisons = [];
    const formula = this.current.formula;
    const { span, op, type } = site;
    this.current.comparisons.push({
      expression: formula.slice(span.start, span.end),
      leftExpression: formula.slice(site.left.start, site.left.end),
      rightExpression: formula.slice(site.right.start, site.right.end),
      op,
      type,
      left,
      right,
      result,
      span,
    });
  }
}

/** The text of a condition with its whitespace runs condensed (cached: the same span recurs every evaluation). */
const condensedCache = new Map<string, Map<number, string>>();
function condensed(formula: string, span: SourceSpan): string {
  let byStart = condensedCache.get(formula);
  if (!byStart) {
    if (condensedCache.size > 4096) condensedCache.clear();
    condensedCache.set(formula, (byStart = new Map()));
  }
  const key = span.start * 65536 + span.end;
  let text = byStart.get(key);
  if (text === undefined) byStart.set(key, (text = formula.slice(span.start, span.end).replace(/\s+/g, ' ')));
  return text;
}
