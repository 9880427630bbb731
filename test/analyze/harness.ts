/**
 * Test harness for the analysis: evaluates every rule of a compiled program with the engine's own closures
 * (the decimal reference path), keeping raw runtime values (exact decimals, day numbers) and the branches
 * taken, so that they can be compared with the analysis.
 *
 * It reads two private fields of the compiled program (`rules`, `timelines`): test-only.
 */
import { MinshengError, type SourceSpan } from '../../src/errors';
import type { Program } from '../../src/engine/program';
import type { CompiledRule } from '../../src/engine/compiled-rule';
import { compileInputs } from '../../src/engine/input';
import type { Timeline } from '../../src/period/effective';
import { Failed, type EvalContext, type ParamEntry, type Tracer } from '../../src/expr/runtime';
import type { DayNumber } from '../../src/period/date';
import { Decimal } from '../../src/money/decimal';
import type { AV } from '../../src/analyze';

export interface Internals {
  readonly rules: readonly CompiledRule[];
  readonly timelines: ReadonlyMap<string, Timeline<ParamEntry>>;
}

export function internals(program: Program): Internals {
  const p = program as unknown as Internals;
  return { rules: p.rules, timelines: p.timelines };
}

export interface Evaluated {
  /** Raw value of each rule (a `Failed` when its evaluation failed). */
  readonly values: ReadonlyMap<string, unknown>;
  /** For each rule, the `if` tests decided: span start → the set of outcomes seen. */
  readonly branches: ReadonlyMap<string, Map<number, Set<boolean>>>;
}

/** Evaluates every rule on one input and day (throws when the input itself is invalid). */
export function evaluateAll(program: Program, raw: unknown, day: DayNumber): Evaluated {
  const { rules, timelines } = internals(program);
  const inputs = compileInputs(program.ruleset.inputs)(raw);
  const branches = new Map<string, Map<number, Set<boolean>>>();
  let current = new Map<number, Set<boolean>>();
  const tracer: Tracer = {
    seen: () => true,
    read: () => undefined,
    parameter: () => undefined,
    comparison: () => undefined,
    branch(span: SourceSpan, taken: boolean) {
      const set = current.get(span.start) ?? new Set<boolean>();
      set.add(taken);
      current.set(span.start, set);
    },
  };
  const ctx: EvalContext = {
    inputs,
    day,
    values: [],
    it: undefined,
    param(name: string, span: SourceSpan): ParamEntry {
      const found = timelines.get(name)?.at(day);
      if (!found) throw new MinshengError({ code: 'eval/no-value-in-force', message: `no value of ${name}`, span });
      return found.value;
    },
    tracer,
  };
  const values = new Map<string, unknown>();
  rules.forEach((rule, i) => {
    current = new Map();
    try {
      ctx.values[i] = rule.tracedFn(ctx);
    } catch (error) {
      ctx.values[i] = new Failed(error);
    }
    values.set(rule.name, ctx.values[i]);
    branches.set(rule.name, current);
  });
  return { values, branches };
}

/** Whether a runtime value lies inside an abstract value. */
export function contains(av: AV, value: unknown): boolean {
  if (value instanceof Failed) return true;
  switch (av.k) {
    case 'any':
      return true;
    case 'none':
      return false;
    case 'num':
      return value instanceof Decimal && (av.lo === null || value.gte(av.lo)) && (av.hi === null || value.lte(av.hi));
    case 'bool':
      return typeof value === 'boolean' && (value ? av.t : av.f);
    case 'enum':
      return typeof value === 'string' && (av.values === null || av.values.has(value));
    case 'date':
      return typeof value === 'number' && value >= av.lo && value <= av.hi;
    default:
      return true;
  }
}
