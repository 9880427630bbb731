/**
 * The explanation of an evaluation: for every computed rule, its value, what it read (inputs, parameters
 * with their citations, other rules), which branches it took and how its comparisons came out.
 */
import type { Label } from '../ruleset/schema';
import type { SourceSpan } from '../errors';
import type { CompareSite, OutputValue, ParamEntry, ReadKind, Tracer, ValueType } from '../expr/runtime';
import { readLeaf, UNKNOWN, type FixedFrame } from '../expr/fixed/frame';
import type { ReadTemplates } from '../expr/fixed/templates';
import { renderMoneyFen } from '../expr/fixed/render';
import { renderFenRecent } from '../money/fen';
import { SITE_BANDS, SITE_BRANCH, SITE_COMPARE, SITE_INPUT, SITE_LOOKUP, SITE_PARAM, SITE_RULE, type FixedTraceLog, type ReadKey, type TraceSite } from '../expr/fixed/trace-log';

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
  // Absent optional fields stay absent (not undefined), and keys keep one order, as JSON and deep equality
  // expect. One object literal per combination of the optional fields a rule commonly has: each literal
  // allocates its node in one step with one hidden class (a spread copy of a per-rule shape went through the
  // runtime once its call site had seen many rules' shapes). A rule that replaces a parent's is rare: copied.
  type Node = RuleTrace;
  if (!replaces) {
    // Set in the cases that use them.
    const lb = label as Label;
    const tx = text as Label;
    const src = source as string;
    switch ((label ? 1 : 0) | (text ? 2 : 0) | (source ? 4 : 0)) {
      case 0:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, type, valueType, formula, layer, output, value, uses, branches, comparisons });
      case 1:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, label: lb, type, valueType, formula, layer, output, value, uses, branches, comparisons });
      case 2:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, text: tx, type, valueType, formula, layer, output, value, uses, branches, comparisons });
      case 3:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, label: lb, text: tx, type, valueType, formula, layer, output, value, uses, branches, comparisons });
      case 4:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, type, valueType, formula, source: src, layer, output, value, uses, branches, comparisons });
      case 5:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, label: lb, type, valueType, formula, source: src, layer, output, value, uses, branches, comparisons });
      case 6:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, text: tx, type, valueType, formula, source: src, layer, output, value, uses, branches, comparisons });
      default:
        return (value, uses, branches, comparisons): Node => ({ kind: 'rule', name, label: lb, text: tx, type, valueType, formula, source: src, layer, output, value, uses, branches, comparisons });
    }
  }
  const shape: { -readonly [K in keyof RuleTrace]: RuleTrace[K] } = { kind: 'rule', name } as RuleTrace;
  if (label) shape.label = label;
  if (text) shape.text = text;
  shape.type = type;
  shape.valueType = valueType;
  shape.formula = formula;
  if (source) shape.source = source;
  shape.layer = layer;
  shape.replaces = replaces;
  shape.output = output;
  shape.value = null;
  shape.uses = NONE;
  shape.branches = NONE;
  shape.comparisons = NONE;
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
    this.scratch[this.count++] = parameterUse(name, entry, key, type, value);
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

/** A parameter read as the trace lists it (keys in one order on both paths: JSON output compares equal). */
function parameterUse(name: string, entry: ParamEntry, key: string | undefined, type: ValueType, value: OutputValue): ParameterUse {
  // Built without spreads (the decimal path runs this for every parameter read of a traced evaluation).
  const use: { -readonly [K in keyof ParameterUse]: ParameterUse[K] } = { kind: 'parameter', name, type, value, from: entry.from };
  if (key !== undefined) use.key = key;
  if (entry.until) use.until = entry.until;
  if (entry.source) use.source = entry.source;
  if (entry.layer) use.layer = entry.layer;
  if (entry.assumed) use.assumed = true;
  return use;
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

/** What {@link buildFastTrace} reads of a traced fast-path evaluation once its rules ran. */
export interface FastTraceFrame {
  readonly inputs: readonly unknown[];
  readonly values: readonly unknown[];
  /** The day's parameter table: the same object for every evaluation of one day (keys the per-day caches). */
  readonly params: readonly unknown[];
  paramEntry(name: string): ParamEntry;
}

/** What a rule of the fast path contributes to its trace node. */
export interface FastTraceRule {
  readonly decl: { readonly formula: string };
  readonly makeTrace: ReturnType<typeof ruleTraceFactory>;
}

/** A branch as the trace shows it, built once per site (frozen: every trace that took it shares it). */
interface BranchTexts {
  readonly branch: TraceBranch;
  readonly alone: readonly TraceBranch[];
}

interface ComparisonTexts {
  readonly expression: string;
  readonly leftExpression: string;
  readonly rightExpression: string;
}

// Scratch lists of one build (builds are synchronous and never nested): each rule's lists are copied out at
// their exact length. The uses list is new for each build, and so is the comparisons list, made at the build's
// first comparison (see buildFastTrace); the branches it stores are kept objects, already old.
let usesScratch: TraceUse[] = [];
const branchScratch: TraceBranch[] = [];

/**
 * The trace of a traced fast-path evaluation, from what its rules recorded (src/expr/fixed/trace-log.ts):
 * `checks` then `steps` are the rules that ran, in order; `log.starts[k]` is where the k-th one's events
 * begin. The same trace the decimal path's {@link RecordingTracer} collects: per rule, each input, rule and
 * parameter (table key) it read, once, in the order first read; its branches and comparisons in order.
 *
 * Each input and each rule value is rendered once per evaluation, not once per reading rule (the rule values
 * are left in `log.texts` by rule index, for the outputs); a parameter's use (value, dates, citation) once
 * per day and site; a branch's text once per site.
 *
 * A rule whose sites follow from its `if` tests (src/expr/fixed/templates.ts: all 10 of the workload's rules,
 * 39 of Nanchang's 72) records them once per outcome; they are kept as a template (`fast.readTemplates`), and a
 * later evaluation with that outcome runs the rule untraced (`log.templates[k]` set) and builds its trace from
 * the template, each lookup's key read from the frame.
 */
export function buildFastTrace(
  rules: readonly FastTraceRule[],
  fast: FastTraceRules,
  frame: FastTraceFrame & FixedFrame,
  log: FixedTraceLog,
  checks: readonly number[],
  steps: readonly number[],
): RuleTrace[] {
  const trace = new Array<RuleTrace>(checks.length + steps.length);
  const { renderers, readTemplates } = fast;
  const { inputs, values, params } = frame;
  const events = log.events;
  const starts = log.starts;
  const end = log.n;
  // Fresh (young) lists for what this build stores: storing a new object into an old list costs a write
  // barrier each time (the scavenger must find it), and a build stores dozens.
  usesScratch = new Array<TraceUse>(16);
  let comparisonScratch: TraceComparison[] | undefined;
  // One use per input and per rule read, shared by every rule that reads it in this evaluation (Nanchang's
  // rules make ~50 input and ~100 rule reads of ~9 inputs and ~44 rules): listed the same, allocated once.
  const inputUses = new Array<TraceUse | undefined>(inputs.length);
  const ruleUses = new Array<TraceUse | undefined>(values.length);
  // Each rule's value as rendered, for its node, its readers and the outputs. A rule reads only rules that ran
  // before it, and every rule that ran is built in that order: what a read finds here is this evaluation's.
  const texts = (log.texts = new Array<OutputValue>(values.length));
  const total = trace.length;
  let count = 0;
  for (let k = 0; k < total; k++) {
    const i = k < checks.length ? checks[k]! : steps[k - checks.length]!;
    // A rule that read a figure with no value in force has no step (as on the decimal path).
    if (values[i] === UNKNOWN) continue;
    const rule = rules[i]!;
    // A new serial per rule built: a read whose key carries it is already listed for this rule.
    const serial = ++buildSerial;
    let nUses = 0;
    let nBranches = 0;
    let nComparisons = 0;
    let lastBranch: TraceSite | undefined;
    // A rule that ran with a template recorded nothing: its trace is built from the template's sites, each
    // lookup's key read where the lookup read it. A recording of a rule that has templates is kept as one.
    const templates = readTemplates[i]!;
    const template = templates === null ? null : log.templates[k]!;
    if (template !== null && template.length === 0) {
      // A rule that reads nothing is a constant (0 for a programme a region does not have): one frozen node
      // serves every result, checked against the value it shows.
      const raw = values[i];
      let node = templates!.constantNode as RuleTrace | undefined;
      if (node === undefined || raw !== templates!.constantValue) {
        node = Object.freeze(rule.makeTrace(render(renderers[i]!, raw), NONE, NONE, NONE));
        templates!.constantNode = node;
        templates!.constantValue = raw;
      }
      texts[i] = node.value;
      trace[count++] = node;
      continue;
    }
    const recorded = template === null;
    const source = recorded ? events : template;
    let e = recorded ? starts[k]! : 0;
    const stop = recorded ? (k + 1 < total ? starts[k + 1]! : end) : source.length;
    if (recorded && templates !== null && log.outcomes[k]! >= 0) keepTemplate(templates, log.outcomes[k]!, events, e, stop);
    while (e < stop) {
      const site = source[e++] as TraceSite;
      switch (site.tag) {
        case SITE_INPUT: {
          if (site.key.stamp === serial) break;
          site.key.stamp = serial;
          usesScratch[nUses++] = inputUses[site.at] ??= { kind: 'input', name: site.name, type: site.type!, value: render(site.render, inputs[site.at]) };
          break;
        }
        case SITE_RULE: {
          if (site.key.stamp === serial) break;
          site.key.stamp = serial;
          let use = ruleUses[site.at];
          if (use === undefined) {
            let value = texts[site.at];
            if (value === undefined) value = render(site.render, values[site.at]);
            ruleUses[site.at] = use = { kind: 'rule', name: site.name, type: site.type!, value };
          }
          usesScratch[nUses++] = use;
          break;
        }
        case SITE_PARAM:
        case SITE_BANDS: {
          if (site.key.stamp === serial) break;
          site.key.stamp = serial;
          if (site.cacheKey !== params && !recall(site, params)) {
            const raw = params[site.at];
            keep(site, params, Object.freeze(parameterUse(site.name, frame.paramEntry(site.name), undefined, site.type!, site.render(raw))));
          }
          usesScratch[nUses++] = site.cache as ParameterUse;
          break;
        }
        case SITE_LOOKUP: {
          const key = (recorded ? events[e++] : readLeaf(frame, site.keyFrom, site.keyAt)) as string;
          // Listed once per key: search only when this table was already read by this rule.
          if (site.key.stamp === serial ? seenParameter(nUses, site.name, key) : ((site.key.stamp = serial), false)) break;
          if (site.cacheKey !== params && !recall(site, params)) keep(site, params, new UsesByKey());
          const byKey = site.cache as UsesByKey;
          let use = byKey.get(key);
          if (use === undefined) {
            const value = (params[site.at] as Record<string, unknown>)[key];
            byKey.set(key, (use = Object.freeze(parameterUse(site.name, frame.paramEntry(site.name), key, site.type!, site.render(value)))));
          }
          usesScratch[nUses++] = use;
          break;
        }
        case SITE_BRANCH: {
          const texts = (site.cache ??= branchTexts(rule.decl.formula, site)) as BranchTexts;
          branchScratch[nBranches++] = texts.branch;
          lastBranch = site;
          break;
        }
        case SITE_COMPARE: {
          const x = events[e++];
          const y = events[e++];
          const result = events[e++] as boolean;
          if (x === site.seenLeft && y === site.seenRight && result === site.seenResult) {
            // The same as this site's last comparison (an enum against its constant, most often): from the second
            // time in a row on, one frozen object serves every result.
            (comparisonScratch ??= new Array<TraceComparison>(8))[nComparisons++] = (site.sharedComparison ??= Object.freeze(comparisonOf(rule, site, x, y, result))) as TraceComparison;
          } else {
            site.seenLeft = x;
            site.seenRight = y;
            site.seenResult = result;
            site.sharedComparison = undefined;
            (comparisonScratch ??= new Array<TraceComparison>(8))[nComparisons++] = comparisonOf(rule, site, x, y, result);
          }
          break;
        }
      }
    }
    // Rules hold scalars, rendered the same way for their node and for a rule that reads them.
    const value = (texts[i] = render(renderers[i]!, values[i]));
    const uses = copyOut(usesScratch, nUses);
    // Most rules take no branch or one: the empty list and a branch's one-element list are shared (frozen).
    const branches = nBranches === 0 ? NONE : nBranches === 1 ? (lastBranch!.cache as BranchTexts).alone : branchScratch.slice(0, nBranches);
    const comparisons = nComparisons === 0 ? NONE : copyOut(comparisonScratch!, nComparisons);
    trace[count++] = rule.makeTrace(value, uses, branches, comparisons);
  }
  if (count < total) trace.length = count;
  return trace;
}

/** What the trace builder reads of the program's fast path (src/engine/fast-path.ts `FastPath`). */
export interface FastTraceRules {
  readonly renderers: readonly ((value: unknown) => OutputValue)[];
  readonly readTemplates: readonly (ReadTemplates | null)[];
}

/**
 * Keeps the sites a rule recorded (`events[from, to)`) as its template for this outcome of its tests: the next
 * evaluation with that outcome runs the rule untraced. A recording a template cannot stand for (a lookup whose key
 * is not read in place, a comparison) is not kept, and the rule records on.
 */
function keepTemplate(templates: ReadTemplates, outcome: number, events: readonly unknown[], from: number, to: number): void {
  const sites: TraceSite[] = [];
  for (let e = from; e < to; e++) {
    const site = events[e] as TraceSite;
    // Not reached by a formula `readsDecidedBy` accepts; kept so that a template never stands for what it cannot.
    if (site.tag === SITE_COMPARE || (site.tag === SITE_LOOKUP && site.keyFrom < 0)) return;
    if (site.tag === SITE_LOOKUP) e++;
    sites.push(site);
  }
  templates.byOutcome[outcome] = sites;
}

/**
 * A lookup site's uses by key for one day's table: a short list compared in place (a table by hospital level or
 * person category has a few keys, and the key is the ruleset's own string), a Map once it holds many.
 */
class UsesByKey {
  private readonly keys: string[] = [];
  private readonly uses: ParameterUse[] = [];
  private map: Map<string, ParameterUse> | undefined;

  get(key: string): ParameterUse | undefined {
    if (this.map) return this.map.get(key);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.uses[i];
    return undefined;
  }

  set(key: string, use: ParameterUse): void {
    if (this.map) {
      this.map.set(key, use);
      return;
    }
    this.keys.push(key);
    this.uses.push(use);
    if (this.keys.length > 16) this.map = new Map(this.keys.map((k, i) => [k, this.uses[i]!] as const));
  }
}

/**
 * Makes what a parameter site kept for the day of `params` (its use, or its uses by key) its current cache;
 * false when it has nothing for that day yet. The current day is checked first by the caller (one
 * comparison); other days are kept too, since one batch may mix dates.
 */
function recall(site: TraceSite, params: readonly unknown[]): boolean {
  const kept = site.days?.get(params);
  if (kept === undefined) return false;
  site.cacheKey = params;
  site.cache = kept;
  return true;
}

function keep(site: TraceSite, params: readonly unknown[], value: unknown): void {
  const days = (site.days ??= new Map());
  // Bounded like the per-day parameter tables themselves.
  if (days.size >= 256) days.clear();
  days.set(params, value);
  site.cacheKey = params;
  site.cache = value;
}

/**
 * The first `n` items of a scratch list as a list of their own. Most rules read a handful of things: an array
 * literal of that length is allocated in place, where a `slice` is a call into the runtime's builtin.
 */
function copyOut<T>(scratch: readonly T[], n: number): T[] {
  switch (n) {
    case 0:
      return [];
    case 1:
      return [scratch[0]!];
    case 2:
      return [scratch[0]!, scratch[1]!];
    case 3:
      return [scratch[0]!, scratch[1]!, scratch[2]!];
    case 4:
      return [scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!];
    case 5:
      return [scratch[0]!, scratch[1]!, scratch[2]!, scratch[3]!, scratch[4]!];
    default:
      return scratch.slice(0, n);
  }
}

/** A value rendered; money in fen, most values of a trace, without a call through the renderer. */
function render(renderer: (value: unknown) => OutputValue, value: unknown): OutputValue {
  return renderer === renderMoneyFen ? (value === undefined ? null : renderFenRecent(value as number)) : renderer(value);
}

/** Numbers the rule builds (see {@link ReadKey}); builds are synchronous and never nested. */
let buildSerial = 0;

/** Whether the rule being built already lists this table parameter with this key. */
function seenParameter(n: number, name: string, key: string | undefined): boolean {
  for (let j = 0; j < n; j++) {
    const u = usesScratch[j]!;
    if (u.name === name && u.kind === 'parameter' && u.key === key) return true;
  }
  return false;
}

function branchTexts(formula: string, site: TraceSite): BranchTexts {
  const branch: TraceBranch = Object.freeze({ condition: condensed(formula, site.span!), taken: site.taken ? 'then' : 'else', span: site.span! });
  return { branch, alone: Object.freeze([branch]) };
}

/** A comparison as the trace lists it: its texts (kept per site), both sides rendered, and its result. */
function comparisonOf(rule: FastTraceRule, site: TraceSite, x: unknown, y: unknown, result: boolean): TraceComparison {
  const compare = site.compare!;
  const texts = (site.cache ??= comparisonTexts(rule.decl.formula, compare)) as ComparisonTexts;
  return {
    expression: texts.expression,
    leftExpression: texts.leftExpression,
    rightExpression: texts.rightExpression,
    op: compare.op,
    type: compare.type,
    left: render(site.render, x),
    right: render(site.renderRight, y),
    result,
    span: compare.span,
  };
}

function comparisonTexts(formula: string, site: CompareSite): ComparisonTexts {
  return {
    expression: formula.slice(site.span.start, site.span.end),
    leftExpression: formula.slice(site.left.start, site.left.end),
    rightExpression: formula.slice(site.right.start, site.right.end),
  };
}
