/**
 * Compiling a resolved ruleset into a program (see `compile` in ./program.ts, which passes zod's parts): formulas
 * parsed and type-checked, rules ordered by their dependencies (a cycle is a compile error), parameter values
 * converted once, closures built for the untraced and the traced path.
 *
 * This module and what it imports load neither zod nor yaml nor semver: the simulate worker builds its program
 * here with {@link LEAN_ZOD_PARTS}, and starts in about half the time (their code was most of the engine chunk a
 * worker compiled on every start).
 */
import { isOptions, requireArgument, MinshengError, abbreviateList, isMinshengError, type Issue } from '../errors';
import { parseDate } from '../period/date';
import { Timeline } from '../period/effective';
import { parseFormula } from '../expr/parse';
import { typecheck, type Scope } from '../expr/typecheck';
import { compileExpr, type Compiled } from '../expr/compile';
import { renderValue, valueTypeOf, type OutputValue, type ParamEntry, type ValueType } from '../expr/runtime';
import { describeType, type Type } from '../expr/types';
import type { ResolvedRuleset, ResolvedParameter } from '../ruleset/resolved';
import { isPrechecked } from '../ruleset/marks';
import { DEFAULT_LIMITS, type Limits } from '../limits';
import { inputType } from './input';
import { ruleTraceFactory, type RuleTrace } from './trace';
import { fileOf, layerName, type CompiledRule } from './compiled-rule';
import { dependencyOrder } from './order';
import { convertParamValue, parameterType, policyBoundWarnings } from './parameters';
import { CompiledProgram, type Assumptions, type ZodParts } from './evaluator';
import { closest } from '../suggest';
import { sharedFastPath } from './fast-path';
import { analyzeRules, parameterRange, type FigureBounds } from '../analyze';
import { toDecimal, type Decimal } from '../money/decimal';
import type { NumLike } from '../ruleset/schema';
import type { CompileOptions, Program } from './program';

/**
 * For programs that never report bad evaluate options in detail nor give their input schema (the simulate
 * worker: its options are built by `simulate`, whose own checks ran first). Bad options are still refused.
 */
export const LEAN_ZOD_PARTS: ZodParts = {
  inputSchema() {
    throw new MinshengError({ code: 'options/invalid', message: 'inputSchema() is not available in this build of the program (the simulate worker): compile the ruleset with compile()', path: [] });
  },
  checkOptions() {
    throw new MinshengError({ code: 'options/invalid', message: 'the evaluate options are not well formed', path: [] });
  },
};

export function buildProgram(resolved: ResolvedRuleset, options: CompileOptions | undefined = {}, zodParts: ZodParts): Program {
  requireArgument(isResolvedRuleset(resolved), 'compile', 'ruleset', 'a resolved ruleset (from loadRuleset, bundledRuleset or parseRuleset)', resolved);
  requireArgument(isOptions(options), 'compile', 'options', 'an object { fastPath?, assume?, limits? }', options);
  options ??= {};
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
  // A bundled ruleset's values were checked from its sources (isPrechecked): its policy-floor warnings wait for
  // the first read of `program.warnings`, like the rule analysis below.
  const prechecked = issues.length === 0 && isPrechecked(resolved);
  const warnings = issues.length === 0 && !prechecked ? policyBoundWarnings(resolved, timelines, issues) : [];
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
    issues.push({ code: 'expr/cycle', message: `rules depend on each other in a cycle: ${abbreviateList(cycle, ' → ')}`, path: ['rules', cycle[0]!], ...(file ? { file } : {}) });
  }
  const assumptions = assumedValues(options.assume, paramDecls, parameters, issues);
  if (issues.length > 0) throw new MinshengError(issues);
  const byName = new Map(rules.map((r) => [r.name, r]));
  const order = (ordering as { order: string[] }).order.map((name) => byName.get(name)!);
  const ruleIndex = new Map(order.map((r, i) => [r.name, i]));
  for (const rule of order) {
    rule.fn = compileExpr(rule.checked.expr, { ruleIndex, traced: false });
    rule.tracedFn = compileExpr(rule.checked.expr, { ruleIndex, traced: true });
  }
  const fast = options.fastPath === false ? 'turned off by the fastPath: false option' : sharedFastPath(resolved, order, timelines, ruleIndex);
  // The rule analysis (every rule interpreted over intervals, per period) yields warnings only: it runs when
  // `program.warnings` is first read, not in every compile (a cold start that settles a claim never reads them).
  const computeWarnings = () => [...(prechecked ? policyBoundWarnings(resolved, timelines, []) : warnings), ...analyzeRules({ resolved, rules: order, timelines })];
  return new CompiledProgram(resolved, order, timelines, paramDecls, typeof fast === 'string' ? null : fast, typeof fast === 'string' ? fast : undefined, computeWarnings, assumptions, figureBounds(resolved), zodParts);
}

/** The caller's `assume` figures converted like published values, or issues naming what is wrong. */
function assumedValues(
  assume: unknown,
  decls: ReadonlyMap<string, ResolvedParameter>,
  types: ReadonlyMap<string, Type>,
  issues: Issue[],
): Assumptions | undefined {
  if (assume === undefined) return undefined;
  if (typeof assume !== 'object' || assume === null || Array.isArray(assume)) {
    issues.push({ code: 'options/invalid', message: `options.assume must be an object of parameter name → value, found ${Array.isArray(assume) ? 'an array' : assume === null ? 'null' : typeof assume}`, path: ['assume'] });
    return undefined;
  }
  const values = new Map<string, unknown>();
  const shown: Record<string, OutputValue> = {};
  for (const [name, raw] of Object.entries(assume as Record<string, unknown>)) {
    const decl = decls.get(name);
    if (!decl || !types.has(name)) {
      const hint = closest(name, [...decls.keys()]);
      issues.push({ code: 'options/invalid', message: `options.assume names no parameter '${name.slice(0, 80)}'${hint ? ` (did you mean '${hint}'?)` : ''}`, path: ['assume', name] });
      continue;
    }
    try {
      const value = convertParamValue(decl, raw, ['assume', name]);
      values.set(name, value);
      shown[name] = renderValue(value, types.get(name));
    } catch (error) {
      if (!isMinshengError(error)) throw error;
      issues.push(...error.issues.map((i) => ({ ...i, code: 'options/invalid' as const })));
    }
  }
  return values.size === 0 ? undefined : { values, shown: Object.freeze(shown) };
}

/** A rule's closures until every rule is ordered (they are built from the rule indexes). */
const noop: Compiled = () => undefined;

/**
 * What is known of each figure when no value is in force: its cited `bounds:` within the range every value
 * must have anyway (money ≥ 0, a rate in [0, 1], a declared min/max). Booleans and scales are left unknown.
 */
function figureBounds(resolved: ResolvedRuleset): Map<string, FigureBounds> {
  const out = new Map<string, FigureBounds>();
  for (const [name, p] of Object.entries(resolved.parameters)) {
    if (p.type === 'boolean' || p.type === 'scale') continue;
    const range = parameterRange(p);
    const b = p.bounds;
    const cited = (v: NumLike | undefined, end: string): Decimal | null => (v === undefined ? null : toDecimal(v, ['parameters', name, 'bounds', end]));
    const atLeast = cited(b?.atLeast, 'atLeast');
    const atMost = cited(b?.atMost, 'atMost');
    const lo = atLeast && (!range.lo || atLeast.gt(range.lo)) ? atLeast : range.lo;
    const hi = atMost && (!range.hi || atMost.lt(range.hi)) ? atMost : range.hi;
    if (lo === null && hi === null) continue;
    out.set(name, { lo, hi, ...(b && (atLeast || atMost) ? { source: b.source } : {}) });
  }
  return out;
}

/** The shape of a resolved ruleset, checked before compiling anything built outside the loader. */
function isResolvedRuleset(value: unknown): value is ResolvedRuleset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  const record = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof r['id'] === 'string' && typeof r['version'] === 'string' && typeof r['hash'] === 'string' && Array.isArray(r['chain']) && Array.isArray(r['tests']) &&
    record(r['inputs']) && record(r['parameters']) && record(r['rules']) && record(r['sources']) && record(r['policyYear']);
}
