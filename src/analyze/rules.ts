/**
 * Static analysis of a ruleset's rules: conditions that are always true or never true, branches that can
 * never be taken, if-ladders whose rungs overlap, outputs that are constant, rules and parameters nothing
 * reads. Every finding is a warning ({@link Issue} with `severity: 'warning'`).
 *
 * Each rule is analysed twice over: once "structurally", every parameter free within its declared range,
 * and once for every effective period with the values in force. A finding that holds structurally is a
 * mistake in the formula; one that holds only with the values in force comes from the region's figures.
 * A condition that reads only parameters (a switch such as `if dibao.standardDerived then …`) is constant
 * in every period by design and is reported only when it is constant structurally.
 */
import type { Issue, SourceSpan } from '../errors';
import type { Checked, TExpr } from '../expr/typecheck';
import type { RuleDecl } from '../ruleset/schema';
import type { ResolvedRuleset } from '../ruleset/resolved';
import { isNone, showAV, singleton, type AV } from './domain';
import { evaluate } from './interpret';
import { Reasoner, type PathStep } from './reasoner';
import { abstractEnv, periods, showPeriod, validityWindow, type Period, type Timelines } from './env';
import { constraintParameterReads } from './constraints';
import { timelineGaps } from './parameters';

/** A rule as the compiler has it: its declaration and its typed formula. */
export interface AnalysedRule {
  readonly name: string;
  readonly decl: RuleDecl & { readonly layer: { readonly id: string; readonly version: string; readonly file?: string } };
  readonly checked: Checked;
}

/** What {@link analyzeRules} needs: the resolved ruleset, its rules in dependency order, the parameters' timelines. */
export interface RuleAnalysisInput {
  readonly resolved: ResolvedRuleset;
  readonly rules: readonly AnalysedRule[];
  readonly timelines: Timelines;
}

type FindingCode = 'analysis/always-true' | 'analysis/never-true' | 'analysis/constant-output' | 'analysis/band-overlap';

interface Finding {
  readonly code: FindingCode;
  readonly rule: AnalysedRule;
  readonly span?: SourceSpan;
  readonly what: string;
  readonly structural: boolean;
  readonly periods: Period[];
  readonly value?: string;
}

function fileOf(layer: { id: string; version: string; file?: string }): string {
  return layer.file ?? `${layer.id}@${layer.version}`;
}

/** Does the expression read anything besides parameters and constants (an input, a rule, a list item, the date)? */
function readsInput(e: TExpr): boolean {
  switch (e.kind) {
    case 'input':
    case 'rule':
    case 'it':
    case 'evaluationDate':
      return true;
    case 'const':
    case 'param':
      return false;
    default:
      return children(e).some(readsInput);
  }
}

function children(e: TExpr): TExpr[] {
  switch (e.kind) {
    case 'lookup':
      return [e.key];
    case 'field':
      return [e.target];
    case 'neg':
    case 'not':
    case 'abs':
    case 'round':
      return [e.operand];
    case 'arith':
    case 'logical':
    case 'compare':
      return [e.left, e.right];
    case 'if':
      return [e.test, e.then, e.else];
    case 'in':
      return [e.value, ...e.items];
    case 'minmax':
      return e.args;
    case 'clamp':
      return [e.value, e.lo, e.hi];
    case 'scale':
      return [e.amount];
    case 'aggregate':
      return [e.list, e.body];
    case 'dateDiff':
      return e.to ? [e.from, e.to] : [e.from];
    case 'dateFn':
      return e.amount ? [e.date, e.amount] : [e.date];
    default:
      return [];
  }
}

interface Site {
  readonly test: TExpr;
  readonly its: readonly AV[];
  readonly path: readonly PathStep[];
  /** The earlier tests of the same if-else ladder (this rung is taken only when they are all false). */
  readonly ladder: readonly TExpr[];
}

/** The `if` tests of a formula with the conditions that lead to each. */
function sites(formula: TExpr, reasoner: Reasoner): Site[] {
  const out: Site[] = [];
  const walk = (e: TExpr, path: readonly PathStep[], its: readonly AV[], ladder: readonly TExpr[]): void => {
    switch (e.kind) {
      case 'if': {
        out.push({ test: e.test, its, path, ladder });
        walk(e.test, path, its, []);
        walk(e.then, [...path, { expr: e.test, positive: true, its }], its, []);
        walk(e.else, [...path, { expr: e.test, positive: false, its }], its, e.else.kind === 'if' ? [...ladder, e.test] : []);
        return;
      }
      case 'logical':
        walk(e.left, path, its, []);
        walk(e.right, [...path, { expr: e.left, positive: e.op === 'and', its }], its, []);
        return;
      case 'aggregate': {
        walk(e.list, path, its, []);
        const list = reasoner.av(e.list, its);
        const item: AV = list.k === 'list' ? list.item : { k: 'any' };
        walk(e.body, path, [...its, item], []);
        return;
      }
      default:
        for (const c of children(e)) walk(c, path, its, []);
    }
  };
  walk(formula, [], [], []);
  return out;
}

/** Runs the checks of one environment (structural when `period` is absent), adding to `found`. */
function analyseOnce(input: RuleAnalysisInput, period: Period | undefined, found: Map<string, Finding>): void {
  const { resolved, rules, timelines } = input;
  const ruleValues = new Map<string, AV>();
  const env = abstractEnv(resolved, timelines, { ...(period ? { period } : {}), window: validityWindow(resolved) }, ruleValues);
  const formulas = new Map(rules.map((r) => [r.name, r.checked.expr]));
  const reasoner = new Reasoner(env, formulas);
  for (const rule of rules) ruleValues.set(rule.name, reasoner.av(rule.checked.expr, []));
  const note = (key: string, make: () => Omit<Finding, 'periods' | 'structural'>) => {
    const prev = found.get(key);
    if (prev) {
      if (period) prev.periods.push(period);
      return;
    }
    found.set(key, { ...make(), structural: period === undefined, periods: period ? [period] : [] });
  };
  const structuralOnly = (e: TExpr) => period !== undefined && !readsInput(e);
  for (const rule of rules) {
    const expr = rule.checked.expr;
    // A boolean rule (an input check included) that is constant.
    if (rule.decl.type === 'boolean' && expr.kind !== 'const' && !structuralOnly(expr)) {
      if (reasoner.neverTrue(expr, [])) note(`never:${rule.name}`, () => ({ code: 'analysis/never-true', rule, what: 'rule' }));
      else if (reasoner.neverFalse(expr, [])) note(`always:${rule.name}`, () => ({ code: 'analysis/always-true', rule, what: 'rule' }));
    }
    // A constant output (booleans are covered above).
    const isOutput = rule.decl.output !== false && !rule.decl.check;
    if (isOutput && rule.decl.type !== 'boolean' && expr.kind !== 'const' && !structuralOnly(expr)) {
      const v = ruleValues.get(rule.name)!;
      const single = singleton(v);
      if (single !== undefined && !isNone(v)) note(`constant:${rule.name}`, () => ({ code: 'analysis/constant-output', rule, what: 'output', value: showAV(v) }));
    }
    for (const site of sites(expr, reasoner)) {
      if (site.test.kind === 'const' || structuralOnly(site.test)) continue;
      const at = `${rule.name}@${site.test.span.start}`;
      if (!reasoner.feasible(site.path)) continue;
      if (reasoner.neverTrue(site.test, site.its, site.path)) {
        // A rung of an if-else ladder that the earlier rungs already cover: overlapping bands.
        const overlap = site.ladder.length > 0 && !reasoner.neverTrue(site.test, site.its, site.path.slice(0, site.path.length - site.ladder.length));
        note(`never:${at}`, () => ({ code: overlap ? 'analysis/band-overlap' : 'analysis/never-true', rule, span: site.test.span, what: 'test' }));
      } else if (reasoner.neverFalse(site.test, site.its, site.path)) {
        note(`always:${at}`, () => ({ code: 'analysis/always-true', rule, span: site.test.span, what: 'test' }));
      }
    }
  }
}

function textOf(rule: AnalysedRule, span: SourceSpan | undefined): string {
  const formula = rule.decl.formula;
  const text = span ? formula.slice(span.start, span.end) : formula;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

function render(f: Finding, window: { to: number }): Issue {
  const text = textOf(f.rule, f.span);
  const when = f.structural ? 'whatever the parameter values' : `with the parameter values in force ${f.periods.map((p) => showPeriod(p, window)).join(', ')}`;
  let message: string;
  switch (f.code) {
    case 'analysis/never-true':
      message =
        f.what === 'rule'
          ? `rule ${f.rule.name}${f.rule.decl.check ? ' (an input check)' : ''} is never true ${when}: \`${text}\`${f.rule.decl.check ? ' — every evaluation would be refused' : ''}`
          : `rule ${f.rule.name}: the condition \`${text}\` is never true ${when}, so its 'then' branch can never be taken`;
      break;
    case 'analysis/always-true':
      message =
        f.what === 'rule'
          ? `rule ${f.rule.name}${f.rule.decl.check ? ' (an input check)' : ''} is always true ${when}: \`${text}\`${f.rule.decl.check ? ' — the check can never fail' : ''}`
          : `rule ${f.rule.name}: the condition \`${text}\` is always true ${when}, so its 'else' branch can never be taken`;
      break;
    case 'analysis/band-overlap':
      message = `rule ${f.rule.name}: the condition \`${text}\` can never be reached ${when}: the earlier conditions of the same if-else chain already cover every case it matches (overlapping bands)`;
      break;
    case 'analysis/constant-output':
      message = `output ${f.rule.name} is always ${f.value} ${when}: \`${text}\``;
      break;
  }
  return {
    code: f.code,
    severity: 'warning',
    message,
    path: ['rules', f.rule.name, 'formula'],
    file: fileOf(f.rule.decl.layer),
    ...(f.span ? { span: f.span } : {}),
    ...(f.rule.decl.source ? { source: f.rule.decl.source } : {}),
  };
}

/**
 * The warnings of the rule analysis (see the module comment). `rules` must be in dependency order (a rule
 * after the rules it reads), as the compiler orders them.
 */
export function analyzeRules(input: RuleAnalysisInput): Issue[] {
  const { resolved, rules, timelines } = input;
  const found = new Map<string, Finding>();
  analyseOnce(input, undefined, found);
  const structural = new Set([...found.keys()]);
  const read = new Set<string>();
  for (const r of rules) for (const p of r.checked.paramRefs) read.add(p);
  for (const p of periods(resolved, timelines, read)) analyseOnce(input, p, found);
  const window = validityWindow(resolved);
  const issues: Issue[] = [];
  for (const [key, f] of found) {
    if (structural.has(key)) issues.push(render({ ...f, structural: true }, window));
    else issues.push(render(f, window));
  }
  issues.push(...unusedIssues(input));
  const readByOutputs = new Set<string>();
  for (const r of rules) for (const p of r.checked.paramRefs) readByOutputs.add(p);
  for (const p of constraintParameterReads(resolved)) readByOutputs.add(p);
  issues.push(...timelineGaps(resolved, timelines, readByOutputs));
  return issues;
}

/**
 * Rules no output or input check reads (directly or through other rules), and parameters no such rule,
 * policy bound or constraint reads. Reported to the layer that can remove them: the ruleset that declared the
 * rule, or that declared the parameter or gave it a value.
 */
function unusedIssues(input: RuleAnalysisInput): Issue[] {
  const { resolved, rules } = input;
  const leaf = resolved.chain[resolved.chain.length - 1]!;
  const byName = new Map(rules.map((r) => [r.name, r]));
  const reached = new Set<string>();
  const stack = rules.filter((r) => r.decl.output !== false || r.decl.check).map((r) => r.name);
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const ref of byName.get(name)?.checked.ruleRefs ?? []) stack.push(ref);
  }
  const issues: Issue[] = [];
  const isLeaf = (layer: { id: string; version: string }) => layer.id === leaf.id && layer.version === leaf.version;
  for (const r of rules) {
    if (reached.has(r.name) || !isLeaf(r.decl.layer)) continue;
    issues.push({
      code: 'analysis/unused-rule',
      severity: 'warning',
      message: `rule ${r.name} is not an output and no output or input check reads it`,
      path: ['rules', r.name],
      file: fileOf(r.decl.layer),
    });
  }
  const used = new Set<string>();
  for (const name of reached) for (const p of byName.get(name)?.checked.paramRefs ?? []) used.add(p);
  for (const p of Object.values(resolved.parameters)) {
    if (p.atLeast !== undefined || p.atMost !== undefined) {
      if (p.atLeast) used.add(p.atLeast);
      if (p.atMost) used.add(p.atMost);
    }
  }
  for (const p of constraintParameterReads(resolved)) used.add(p);
  for (const p of Object.values(resolved.parameters)) {
    if (used.has(p.name)) continue;
    if (!isLeaf(p.layer) && !p.values.some((v) => isLeaf(v.layer))) continue;
    issues.push({
      code: 'analysis/unused-parameter',
      severity: 'warning',
      message: `parameter ${p.name} is read by no output, input check, policy bound or constraint`,
      path: ['parameters', p.name],
      file: fileOf(isLeaf(p.layer) ? p.layer : p.values.find((v) => isLeaf(v.layer))!.layer),
    });
  }
  return issues;
}

/** For tests: the abstract value of every rule in one environment. */
export function ruleValues(input: RuleAnalysisInput, period?: Period): ReadonlyMap<string, AV> {
  const values = new Map<string, AV>();
  const env = abstractEnv(input.resolved, input.timelines, { ...(period ? { period } : {}), window: validityWindow(input.resolved) }, values);
  for (const rule of input.rules) values.set(rule.name, evaluate(rule.checked.expr, env));
  return values;
}
