/**
 * Static analysis of a ruleset's rules: conditions that are always true or never true, branches that can
 * never be taken, if-ladders whose rungs overlap, outputs that are constant, rules and parameters nothing
 * reads, timelines with gaps. Every finding is a warning ({@link Issue} with `severity: 'warning'`).
 *
 * Conditions are analysed for every effective period with the parameter values in force; a finding that holds
 * in every period is checked again with every parameter free within its range, and if it still holds it is
 * reported as structural (a mistake in the formula) rather than as a consequence of the figures. A condition
 * that reads only parameters (a switch such as `if dibao.standardDerived then …`) is constant in every period by
 * design and is not reported; an output is reported constant only structurally (a share of 0 makes a deduction
 * constant by design).
 */
import type { Issue, SourceSpan } from '../errors';
import { Decimal } from '../money/decimal';
import { addLinear } from './linear';
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

type FindingCode = 'analysis/always-true' | 'analysis/never-true' | 'analysis/constant-output' | 'analysis/band-overlap' | 'analysis/band-gap';

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

/** Periods analysed with their values in force (the most recent ones; a ruleset rarely has more). */
const MAX_PERIODS = 64;
/** Rules × periods analysed (a bundled ruleset: about 80 rules × 1–3 periods). */
const MAX_RULE_PERIODS = 1_000;
/** Alternatives refuted in one analysis, all periods together (a bundled ruleset needs a few hundred). */
const MAX_REFUTATIONS = 10_000;

type Note = { readonly key: string; readonly make: () => Omit<Finding, 'periods' | 'structural'> };

/** What the checks of one rule found in one environment, by the values in force of the parameters it reads. */
type RuleCache = Map<string, readonly Note[]>;

/**
 * Runs the checks of one environment (structural when `period` is absent), adding to `found`. With `cache`,
 * a rule whose parameters (read directly or through the rules it reads) have the same values in force as in an
 * earlier period is not analysed again: its findings are the same.
 */
function analyseOnce(
  input: RuleAnalysisInput,
  period: Period | undefined,
  found: Map<string, Finding>,
  options: { only?: ReadonlySet<string>; cache?: RuleCache; signature?: (rule: AnalysedRule) => string; budget?: { left: number } } = {},
): void {
  const { resolved, rules, timelines } = input;
  const { only, cache, signature, budget } = options;
  let reasoner: Reasoner | undefined;
  const ruleValues = new Map<string, AV>();
  const reason = (): Reasoner => {
    if (reasoner) return reasoner;
    const env = abstractEnv(resolved, timelines, { ...(period ? { period } : {}), window: validityWindow(resolved) }, ruleValues);
    reasoner = new Reasoner(env, new Map(rules.map((r) => [r.name, r.checked.expr])), budget);
    for (const rule of rules) ruleValues.set(rule.name, reasoner.av(rule.checked.expr, []));
    return reasoner;
  };
  const apply = (note: Note) => {
    const prev = found.get(note.key);
    if (prev) {
      if (period) prev.periods.push(period);
      return;
    }
    found.set(note.key, { ...note.make(), structural: period === undefined, periods: period ? [period] : [] });
  };
  const wanted = (key: string) => !only || only.has(key);
  // With the values in force, a condition that reads only parameters is a switch: constant by design.
  const isSwitch = (e: TExpr) => period !== undefined && !readsInput(e);
  for (const rule of rules) {
    const cacheKey = cache && signature ? `${rule.name}|${signature(rule)}` : undefined;
    const cached = cacheKey !== undefined ? cache!.get(cacheKey) : undefined;
    if (cached) {
      cached.forEach(apply);
      continue;
    }
    const notes: Note[] = [];
    const note = (key: string, make: Note['make']) => notes.push({ key, make });
    const r = reason();
    const expr = rule.checked.expr;
    // A boolean rule (an input check included) that is constant.
    if (rule.decl.type === 'boolean' && expr.kind !== 'const' && !isSwitch(expr)) {
      if (wanted(`never:${rule.name}`) && r.neverTrue(expr, [])) note(`never:${rule.name}`, () => ({ code: 'analysis/never-true', rule, what: 'rule' }));
      else if (wanted(`always:${rule.name}`) && r.neverFalse(expr, [])) note(`always:${rule.name}`, () => ({ code: 'analysis/always-true', rule, what: 'rule' }));
    }
    // A constant output (booleans are covered above). Only structurally: with the values in force an output
    // is often constant by design (a share of 0, a standard equal in town and country).
    const isOutput = rule.decl.output !== false && !rule.decl.check;
    if (period === undefined && isOutput && rule.decl.type !== 'boolean' && expr.kind !== 'const') {
      const v = ruleValues.get(rule.name)!;
      if (singleton(v) !== undefined && !isNone(v)) note(`constant:${rule.name}`, () => ({ code: 'analysis/constant-output', rule, what: 'output', value: showAV(v) }));
    }
    for (const site of sites(expr, r)) {
      if (site.test.kind === 'const' || isSwitch(site.test)) continue;
      const at = `${rule.name}@${site.test.span.start}`;
      if (wanted(`never:${at}`) && r.neverTrue(site.test, site.its, site.path)) {
        if (!r.feasible(site.path)) continue;
        // A rung of an if-else ladder that the earlier rungs already cover: overlapping bands.
        const overlap = site.ladder.length > 0 && !r.neverTrue(site.test, site.its, site.path.slice(0, site.path.length - site.ladder.length));
        note(`never:${at}`, () => ({ code: overlap ? 'analysis/band-overlap' : 'analysis/never-true', rule, span: site.test.span, what: 'test' }));
      } else if (wanted(`always:${at}`) && r.neverFalse(site.test, site.its, site.path)) {
        if (!r.feasible(site.path)) continue;
        note(`always:${at}`, () => ({ code: 'analysis/always-true', rule, span: site.test.span, what: 'test' }));
      }
    }
    // Bands of a top-level if-else chain over one value that leave a hole before the chain's last band.
    if (expr.kind === 'if' && wanted(`gap:${rule.name}`)) {
      const hole = bandGap(expr, r);
      if (hole) note(`gap:${rule.name}`, () => ({ code: 'analysis/band-gap', rule, span: expr.test.span, what: 'chain', value: hole }));
    }
    if (cacheKey !== undefined) cache!.set(cacheKey, notes);
    notes.forEach(apply);
  }
}

/** One band of a chain: `lo ≤ x ≤ hi` (each end open or closed, or absent). */
interface Band {
  readonly lo?: { readonly v: Decimal; readonly open: boolean };
  readonly hi?: { readonly v: Decimal; readonly open: boolean };
}

/**
 * The tests of an `if … else if …` chain, when each is a range on the same value (`x < a`, `a <= x and x < b`, …)
 * with constant ends: the first stretch between the lowest and the highest end that no band matches (its values
 * fall through to the chain's final `else`), as text — or `undefined`. A stretch that holds no value the value
 * can take (no whole number for an integer, no amount in fen for money, none in its interval) is no gap.
 */
function bandGap(chain: Extract<TExpr, { kind: 'if' }>, r: Reasoner): string | undefined {
  const tests: TExpr[] = [];
  let e: TExpr = chain;
  while (e.kind === 'if') {
    tests.push(e.test);
    e = e.else;
  }
  if (tests.length < 2) return undefined;
  let subject: string | undefined;
  const bands: Band[] = [];
  const bound = (c: TExpr): { key: string; band: Band } | undefined => {
    if (c.kind !== 'compare' || c.op === '==' || c.op === '!=') return undefined;
    const kind = c.operand.kind;
    if (kind !== 'money' && kind !== 'rate' && kind !== 'decimal' && kind !== 'integer') return undefined;
    const d = addLinear(r.linear(c.left, []), r.linear(c.right, []), -1);
    if (d.coefs.size !== 1) return undefined;
    const [key, coef] = [...d.coefs][0]!;
    // coef·x + k  op  0   ⇔   x  op'  −k/coef
    const at = d.constant.neg().div(coef);
    if (!at.times(coef).eq(d.constant.neg())) return undefined; // not exact: no claim
    const flip = coef.isNegative();
    const op = flip ? ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const)[c.op] : c.op;
    const band: Band = op === '<' || op === '<=' ? { hi: { v: at, open: op === '<' } } : { lo: { v: at, open: op === '>' } };
    return { key, band };
  };
  for (const t of tests) {
    const parts = t.kind === 'logical' && t.op === 'and' ? [t.left, t.right] : [t];
    let band: Band = {};
    for (const part of parts) {
      const b = bound(part);
      if (!b || (subject !== undefined && b.key !== subject)) return undefined;
      subject = b.key;
      if (b.band.lo) {
        if (band.lo) return undefined;
        band = { ...band, lo: b.band.lo };
      }
      if (b.band.hi) {
        if (band.hi) return undefined;
        band = { ...band, hi: b.band.hi };
      }
    }
    bands.push(band);
  }
  // Walk up from the lowest end: the covered stretch grows band by band; a stretch it cannot reach is a hole.
  const sorted = [...bands].sort((a, b) => (a.lo === undefined ? -1 : b.lo === undefined ? 1 : a.lo.v.cmp(b.lo.v) || (a.lo.open ? 1 : 0) - (b.lo.open ? 1 : 0)));
  const further = (x: { v: Decimal; open: boolean }, than: { v: Decimal; open: boolean }) => x.v.gt(than.v) || (x.v.eq(than.v) && than.open && !x.open);
  let reach: { v: Decimal; open: boolean } | undefined;
  for (const b of sorted) {
    if (reach !== undefined && b.lo !== undefined) {
      const touches = b.lo.v.lt(reach.v) || (b.lo.v.eq(reach.v) && (!b.lo.open || !reach.open));
      if (!touches && holdsValue({ lo: reach, hi: b.lo }, subject!, r)) {
        const name = subject!.replace(/\b(?:in|rule|p):/g, '');
        if (reach.v.eq(b.lo.v)) return `\`${name}\` = ${reach.v.toString()}`;
        const from = `${reach.open ? 'from' : 'above'} ${reach.v.toString()}`;
        const to = `${b.lo.open ? 'up to' : 'below'} ${b.lo.v.toString()}`;
        return `\`${name}\` ${from} ${to}`;
      }
    }
    if (b.hi === undefined) return undefined; // covers everything above: no hole after it
    if (reach === undefined || further(b.hi, reach)) reach = b.hi;
  }
  return undefined;
}

/** Whether a hole between two band ends holds a value the subject can take (its interval; fen; whole numbers). */
function holdsValue(hole: { lo: { v: Decimal; open: boolean }; hi: { v: Decimal; open: boolean } }, key: string, r: Reasoner): boolean {
  // The values strictly between the two ends are in the hole; an end too when its band leaves it out.
  const av = r.atomValue(key);
  const step = av?.step;
  const candidates: Decimal[] = [];
  if (hole.lo.open) candidates.push(hole.lo.v);
  if (hole.hi.open) candidates.push(hole.hi.v);
  if (hole.lo.v.lt(hole.hi.v)) candidates.push(step ? hole.lo.v.div(step).floor().plus(1).times(step) : hole.lo.v.plus(hole.hi.v).div(2));
  const inside = (c: Decimal) =>
    (c.gt(hole.lo.v) || (c.eq(hole.lo.v) && hole.lo.open)) && (c.lt(hole.hi.v) || (c.eq(hole.hi.v) && hole.hi.open));
  return candidates.some((c) => inside(c) && (!step || c.mod(step).isZero()) && (!av || ((av.lo === null || c.gte(av.lo)) && (av.hi === null || c.lte(av.hi)))));
}

/** Does the expression read the evaluation date (`evaluationDate`, or `age(x)` without a second date)? */
function readsDate(e: TExpr): boolean {
  if (e.kind === 'evaluationDate' || (e.kind === 'dateDiff' && e.to === null)) return true;
  return children(e).some(readsDate);
}

/**
 * What each rule depends on besides its inputs, directly or through the rules it reads: the parameters, and
 * (as `evaluationDate`) the evaluation date.
 */
function dependencyClosure(rules: readonly AnalysedRule[]): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const rule of rules) {
    // Dependency order: the rules a rule reads are done before it.
    const all = new Set<string>(rule.checked.paramRefs);
    if (readsDate(rule.checked.expr)) all.add('evaluationDate');
    for (const ref of rule.checked.ruleRefs) for (const p of out.get(ref) ?? []) all.add(p);
    out.set(rule.name, [...all].sort());
  }
  return out;
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
    case 'analysis/band-gap':
      message = `rule ${f.rule.name}: the bands of the if-else chain leave a gap ${when}: ${f.value} matches none of them and falls through to the final 'else'`;
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
  const read = new Set<string>();
  for (const r of rules) for (const p of r.checked.paramRefs) read.add(p);
  // Bounded work whatever the ruleset: at most MAX_RULE_PERIODS rules × periods (the most recent periods when a
  // large ruleset changes often), at most MAX_REFUTATIONS refutations.
  const every = periods(resolved, timelines, read);
  const all = every.slice(-Math.max(1, Math.min(MAX_PERIODS, Math.floor(MAX_RULE_PERIODS / Math.max(1, rules.length)))));
  const closure = dependencyClosure(rules);
  const cache: RuleCache = new Map();
  const budget = { left: MAX_REFUTATIONS };
  for (const p of all) {
    // Which value of each parameter is in force in this period (its index on the timeline); the period itself
    // for a rule that reads the evaluation date.
    const signature = (rule: AnalysedRule) =>
      (closure.get(rule.name) ?? [])
        .map((name) => {
          if (name === 'evaluationDate') return `${p.from}-${p.to}`;
          const at = timelines.get(name)?.at(p.from);
          return at ? timelines.get(name)!.values.indexOf(at) : -1;
        })
        .join(',');
    analyseOnce(input, p, found, { cache, signature, budget });
  }
  // A finding of every period is checked again with the parameters free: if it still holds, it is structural.
  const everywhere = new Set([...found].filter(([, f]) => f.periods.length === all.length).map(([k]) => k));
  const structural = new Map<string, Finding>();
  analyseOnce(input, undefined, structural, { only: everywhere, budget: { left: MAX_REFUTATIONS } });
  const window = validityWindow(resolved);
  const issues: Issue[] = [];
  for (const f of structural.values()) if (f.code === 'analysis/constant-output') issues.push(render(f, window));
  for (const [key, f] of found) issues.push(render(structural.has(key) ? { ...f, structural: true } : f, window));
  issues.push(...unusedIssues(input));
  for (const p of constraintParameterReads(resolved)) read.add(p);
  issues.push(...timelineGaps(resolved, timelines, read));
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
