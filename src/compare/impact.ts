/**
 * The impact of a ruleset change on a population of inputs: each input is evaluated by program A and
 * program B, and for every output both have, how many gain, lose or stay the same, by how much in total
 * (exact decimals) and in distribution (quantiles and a histogram of B − A). Inputs are given to each
 * program with only the fields it declares, so a region can be compared with its parent; when a side
 * cannot evaluate an input because a figure is not published, the outputs that do not need it are still
 * computed one by one and compared. Pure.
 */
import { MinshengError, isMinshengError } from '../errors';
import type { Program } from '../engine/program';
import type { OutputValue } from '../engine/trace';
import { Decimal } from '../money/decimal';
import type { Label } from '../ruleset/schema';
import { kindOf } from '../present/format';

/** One input of the population. */
export interface PopulationItem {
  readonly input: unknown;
  /** Evaluation date for this input (else the impact's date, else the ruleset's date input). */
  readonly date?: string;
  /** Where it came from (case name, line number), for reports. */
  readonly label?: string;
}

/** Where the population came from. */
export interface PopulationInfo {
  readonly kind: 'cases' | 'file' | 'synthetic';
  readonly description: string;
  readonly seed?: number;
}

/** One histogram bin of B − A. */
export interface Bin {
  readonly lo: string;
  readonly hi: string;
  readonly count: number;
}

/** What a higher value (or true) of an output means for the person (the rule's `direction`). */
export type OutputDirection = 'benefit' | 'cost';

/** The counts and distribution of B − A over a set of compared inputs (all of them, or one group). */
export interface ChangeSummary {
  /** Inputs both programs computed this output for. */
  readonly compared: number;
  /** B above A (numbers), false → true (booleans). */
  readonly higher: number;
  /** B below A, true → false. */
  readonly lower: number;
  /**
   * Better / worse for the person, by the output's direction: a benefit that rises or a cost that falls is a
   * gain. Both 0 when the output declares no direction (then only higher / lower are known).
   */
  readonly gain: number;
  readonly lose: number;
  readonly same: number;
  /** Money outputs only (rates and counts are never summed): Σ A, Σ B, Σ (B − A), exact. */
  readonly totalA?: string;
  readonly totalB?: string;
  readonly totalDelta?: string;
  /** Numeric outputs: distribution of B − A; the mean rounded (money to the fen, rates to 4 decimals, others to 2). */
  readonly delta?: { readonly min: string; readonly p10: string; readonly p50: string; readonly p90: string; readonly max: string; readonly mean: string };
  /** Histogram of B − A over the inputs whose value changed. */
  readonly histogram?: readonly Bin[];
}

/** The change of one output within one group of a breakdown (`by`). */
export interface GroupImpact extends ChangeSummary {
  /** The value of the `by` input (or `(none)` when an input leaves it out). */
  readonly group: string;
}

/** The impact on one output. */
export interface OutputImpact extends ChangeSummary {
  readonly name: string;
  readonly type: string;
  readonly label?: Label;
  readonly direction?: OutputDirection;
  /** Inputs for which A (B) could not compute this output (an input error, or a figure it needs is not published). */
  readonly missingA: number;
  readonly missingB: number;
  /** Non-numeric outputs (booleans, enums, dates): how values moved, most frequent first. */
  readonly transitions?: readonly { readonly from: OutputValue; readonly to: OutputValue; readonly count: number }[];
  /** With a breakdown (`by`): the change per value of the enum input, in its declared order. */
  readonly groups?: readonly GroupImpact[];
}

/** The impact of A → B on a population. */
export interface Impact {
  readonly population: PopulationInfo;
  readonly date?: string;
  readonly inputs: number;
  /** Inputs both evaluated in full. */
  readonly evaluated: number;
  /** Inputs where at least one side could compute only some outputs (a figure is not published): those were compared. */
  readonly partial: number;
  /** Inputs that at least one side refused as invalid (an `input/…` error): 0 for a generated population. */
  readonly invalid: number;
  /** The enum input of the breakdown, when one was asked for. */
  readonly by?: string;
  /** Inputs each side failed on, by issue code. */
  readonly errorsA: Readonly<Record<string, number>>;
  readonly errorsB: Readonly<Record<string, number>>;
  /** A few failing inputs per side, for the report. */
  readonly examplesOfErrors: readonly { readonly side: 'A' | 'B'; readonly label: string; readonly code: string; readonly message: string }[];
  readonly outputs: readonly OutputImpact[];
  /** Outputs only one side has. */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
}

const NUMERIC = new Set(['money', 'rate', 'decimal', 'integer']);

/** Inputs refused as malformed (`input/…` codes) so far. */
function countInput(errors: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const [code, count] of Object.entries(errors)) if (code.startsWith('input/')) n += count;
  return n;
}

/** Keeps only the fields a program declares (a region's extra inputs are not errors for its parent). */
function inputFor(program: Program, input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) if (Object.prototype.hasOwnProperty.call(program.ruleset.inputs, k)) out[k] = v;
  return out;
}

function quantile(sorted: readonly Decimal[], q: number): Decimal {
  if (sorted.length === 0) return new Decimal(0);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i]!;
}

/** "Nice" bin width (1, 2 or 5 × 10^k) for a range. */
function niceStep(range: Decimal, bins: number): Decimal {
  if (range.lte(0)) return new Decimal(1);
  const raw = range.div(bins);
  const exp = Math.floor(Math.log10(raw.toNumber()));
  const base = new Decimal(10).pow(exp);
  for (const m of [1, 2, 5, 10]) {
    const step = base.mul(m);
    if (step.gte(raw)) return step;
  }
  return base.mul(10);
}

/** Histogram of deltas in about `bins` bins with round edges; zero sits on a bin edge. */
export function histogram(deltas: readonly Decimal[], bins = 12): Bin[] {
  if (deltas.length === 0) return [];
  let min = deltas[0]!;
  let max = deltas[0]!;
  for (const d of deltas) {
    if (d.lt(min)) min = d;
    if (d.gt(max)) max = d;
  }
  if (min.eq(max)) return [{ lo: min.toString(), hi: max.toString(), count: deltas.length }];
  const step = niceStep(max.minus(min), bins);
  const start = min.div(step).floor().mul(step);
  const n = Math.max(1, max.minus(start).div(step).floor().toNumber() + 1);
  const counts = new Array<number>(n).fill(0);
  for (const d of deltas) counts[Math.min(n - 1, d.minus(start).div(step).floor().toNumber())]!++;
  return counts.map((count, i) => ({ lo: start.plus(step.mul(i)).toString(), hi: start.plus(step.mul(i + 1)).toString(), count }));
}

/** Options of {@link measureImpact}. */
export interface ImpactOptions {
  /** Evaluation date for inputs that carry none. */
  readonly date?: string;
  readonly population: PopulationInfo;
  /** Histogram bins (default 12). */
  readonly bins?: number;
  /** Break each output's change down by this enum input (a top-level input declared by A or B). */
  readonly by?: string;
  /** Called every few inputs with how many are done (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

const ROUND_MEAN: Readonly<Record<string, number>> = { money: 2, rate: 4 };

/** Counts and distribution of B − A over pairs of values of one output. */
function summarise(pairs: readonly { a: OutputValue; b: OutputValue }[], kind: string, direction: OutputDirection | undefined, bins: number): ChangeSummary {
  const orient = (higher: number, lower: number) =>
    direction === 'benefit' ? { gain: higher, lose: lower } : direction === 'cost' ? { gain: lower, lose: higher } : { gain: 0, lose: 0 };
  if (NUMERIC.has(kind)) {
    let totalA = new Decimal(0);
    let totalB = new Decimal(0);
    const deltas: Decimal[] = [];
    let higher = 0;
    let lower = 0;
    for (const p of pairs) {
      const x = new Decimal(String(p.a ?? 0));
      const y = new Decimal(String(p.b ?? 0));
      totalA = totalA.plus(x);
      totalB = totalB.plus(y);
      const d = y.minus(x);
      deltas.push(d);
      if (d.gt(0)) higher++;
      else if (d.lt(0)) lower++;
    }
    const sorted = [...deltas].sort((p, q) => p.cmp(q));
    const fmt = (d: Decimal) => (kind === 'money' ? d.toFixed(2) : d.toString());
    const mean = pairs.length > 0 ? totalB.minus(totalA).div(pairs.length).toDecimalPlaces(ROUND_MEAN[kind] ?? 2) : new Decimal(0);
    return {
      compared: pairs.length,
      higher,
      lower,
      ...orient(higher, lower),
      same: pairs.length - higher - lower,
      // Only money adds up: a sum of rates or of counts per person means nothing.
      ...(kind === 'money' ? { totalA: fmt(totalA), totalB: fmt(totalB), totalDelta: fmt(totalB.minus(totalA)) } : {}),
      ...(pairs.length > 0
        ? {
            delta: {
              min: fmt(sorted[0]!),
              p10: fmt(quantile(sorted, 0.1)),
              p50: fmt(quantile(sorted, 0.5)),
              p90: fmt(quantile(sorted, 0.9)),
              max: fmt(sorted[sorted.length - 1]!),
              mean: kind === 'money' ? mean.toFixed(2) : mean.toString(),
            },
            // Only the inputs whose value changed: the unchanged ones are the 'same' count.
            histogram: histogram(deltas.filter((d) => !d.isZero()), bins),
          }
        : {}),
    };
  }
  let same = 0;
  let higher = 0;
  let lower = 0;
  for (const p of pairs) {
    if (JSON.stringify(p.a) === JSON.stringify(p.b)) same++;
    else if (kind === 'boolean' && p.b === true) higher++;
    else if (kind === 'boolean' && p.a === true) lower++;
  }
  return { compared: pairs.length, higher, lower, ...orient(higher, lower), same };
}

/**
 * Evaluates every input with both programs and summarises the differences per output.
 *
 * @example
 * const impact = measureImpact(programA, programB, cases.map((c) => ({ input: c.input, date: c.date })), { population: { kind: 'cases', description: 'test cases' } });
 * impact.outputs.find((o) => o.name === 'basicPaid')?.gain; //=> 12
 */
export function measureImpact(a: Program, b: Program, items: readonly PopulationItem[], options: ImpactOptions): Impact {
  const common = a.outputs.filter((o) => b.outputs.includes(o));
  const values = new Map<string, { a: OutputValue; b: OutputValue; group: string }[]>(common.map((o) => [o, []]));
  const byDecl = options.by === undefined ? undefined : (b.ruleset.inputs[options.by] ?? a.ruleset.inputs[options.by]);
  if (options.by !== undefined && byDecl?.type !== 'enum') {
    throw new MinshengError({ code: 'options/invalid', message: `measureImpact: by must name an enum input of A or B, got '${String(options.by).slice(0, 60)}'`, path: ['by'] });
  }
  let invalid = 0;
  const errorsA: Record<string, number> = {};
  const errorsB: Record<string, number> = {};
  const examples: { side: 'A' | 'B'; label: string; code: string; message: string }[] = [];
  let evaluated = 0;
  const missing = new Map<string, { a: number; b: number }>(common.map((o) => [o, { a: 0, b: 0 }]));
  let partial = 0;
  items.forEach((item, index) => {
    if (options.onProgress && index % 100 === 0) options.onProgress(index, items.length);
    const date = item.date ?? options.date;
    const evalOptions = date ? { date } : {};
    const label = item.label ?? `#${index + 1}`;
    // A full evaluation first; when a figure is not published (an eval/ error), each output on its own,
    // so the outputs that do not need it are still compared.
    const run = (p: Program, side: 'A' | 'B', errors: Record<string, number>): { outputs: Record<string, OutputValue>; partial: boolean } | undefined => {
      const input = inputFor(p, item.input);
      try {
        return { outputs: p.evaluate(input, evalOptions).outputs, partial: false };
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        errors[error.code] = (errors[error.code] ?? 0) + 1;
        if (examples.filter((e) => e.side === side).length < 5) examples.push({ side, label, code: error.code, message: error.issues[0]!.message });
        if (!error.code.startsWith('eval/')) return undefined;
        const outputs: Record<string, OutputValue> = {};
        for (const o of common) {
          try {
            outputs[o] = p.evaluate(input, { ...evalOptions, outputs: [o] }).outputs[o] ?? null;
          } catch {
            // this output needs what is missing
          }
        }
        return { outputs, partial: true };
      }
    };
    const invalidBefore = countInput(errorsA) + countInput(errorsB);
    const ra = run(a, 'A', errorsA);
    const rb = run(b, 'B', errorsB);
    if (countInput(errorsA) + countInput(errorsB) > invalidBefore) invalid++;
    const input = item.input as Record<string, unknown> | null;
    const group = options.by !== undefined && input && typeof input === 'object' && typeof input[options.by] === 'string' ? (input[options.by] as string) : '(none)';
    if (ra && rb && !ra.partial && !rb.partial) evaluated++;
    else if (ra && rb) partial++;
    for (const o of common) {
      const hasA = ra !== undefined && Object.prototype.hasOwnProperty.call(ra.outputs, o);
      const hasB = rb !== undefined && Object.prototype.hasOwnProperty.call(rb.outputs, o);
      if (hasA && hasB) values.get(o)!.push({ a: ra.outputs[o] ?? null, b: rb.outputs[o] ?? null, group });
      else {
        const m = missing.get(o)!;
        if (!hasA) m.a++;
        if (!hasB) m.b++;
      }
    }
  });

  const bins = options.bins ?? 12;
  const order = byDecl?.type === 'enum' ? [...byDecl.of, '(none)'] : [];
  const outputs: OutputImpact[] = common.map((name) => {
    const pairs = values.get(name)!;
    const type = b.ruleTypes[name] ?? a.ruleTypes[name] ?? '';
    const numeric = NUMERIC.has(kindOf(type) ?? '') && kindOf(a.ruleTypes[name]) === kindOf(type);
    // A numeric output whose type differs between the sides is compared as values, not as numbers.
    const kind = numeric ? (kindOf(type) ?? '') : kindOf(type) === 'boolean' && kindOf(a.ruleTypes[name]) === 'boolean' ? 'boolean' : 'other';
    const rule = b.ruleset.rules[name] ?? a.ruleset.rules[name];
    const direction = rule?.direction;
    const m = missing.get(name)!;
    const summary = summarise(pairs, kind, direction, bins);
    const groups =
      options.by !== undefined
        ? order.flatMap((g) => {
            const inGroup = pairs.filter((p) => p.group === g);
            return inGroup.length > 0 ? [{ group: g, ...summarise(inGroup, kind, direction, bins) }] : [];
          })
        : undefined;
    let transitions: OutputImpact['transitions'];
    if (!numeric) {
      const moves = new Map<string, { from: OutputValue; to: OutputValue; count: number }>();
      for (const p of pairs) {
        if (JSON.stringify(p.a) === JSON.stringify(p.b)) continue;
        const key = JSON.stringify([p.a, p.b]);
        const mv = moves.get(key) ?? { from: p.a, to: p.b, count: 0 };
        mv.count++;
        moves.set(key, mv);
      }
      transitions = [...moves.values()].sort((x, y) => y.count - x.count || (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
    }
    return {
      name,
      type,
      ...(rule?.label ? { label: rule.label } : {}),
      ...(direction ? { direction } : {}),
      missingA: m.a,
      missingB: m.b,
      ...summary,
      ...(transitions ? { transitions } : {}),
      ...(groups ? { groups } : {}),
    };
  });
  options.onProgress?.(items.length, items.length);
  return {
    population: options.population,
    ...(options.date ? { date: options.date } : {}),
    inputs: items.length,
    invalid,
    ...(options.by !== undefined ? { by: options.by } : {}),
    evaluated,
    partial,
    errorsA,
    errorsB,
    examplesOfErrors: examples,
    outputs,
    onlyA: a.outputs.filter((o) => !b.outputs.includes(o)),
    onlyB: b.outputs.filter((o) => !a.outputs.includes(o)),
  };
}

/**
 * A validator for {@link validSyntheticInputs}: the input (each program given only the fields it declares)
 * passes every program's input types, ranges and input checks on `date`. Only `input/…` errors make an
 * input invalid: a figure a region does not publish is not the input's fault.
 */
export function inputValidator(programs: readonly Program[], date: string | undefined): (input: Record<string, unknown>) => string | undefined {
  return (input) => {
    for (const p of programs) {
      try {
        // No outputs: only the input is read and the input checks run.
        p.evaluate(inputFor(p, input), { ...(date ? { date } : {}), outputs: [] });
      } catch (error) {
        if (!isMinshengError(error)) throw error;
        if (error.code.startsWith('input/')) return error.code;
      }
    }
    return undefined;
  };
}
