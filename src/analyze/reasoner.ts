/**
 * Decides, soundly, whether a condition can never be true (or never be false) where it is evaluated.
 *
 * A condition and the conditions that lead to it (the enclosing `if` tests, the left side of `and`/`or`)
 * are put in disjunctive normal form over literals: linear (in)equalities over atoms, enum memberships and
 * boolean atoms. Each alternative is refuted by the abstract intervals of its atoms, by contradictory enum or
 * boolean literals, or by Fourier–Motzkin elimination ({@link infeasible}). Only when every alternative is
 * refuted is the condition reported. Anything the reasoner does not understand becomes an atom or is dropped
 * (a dropped literal can only make an alternative easier to satisfy), so a refutation is always right.
 *
 * Atoms: inputs, fields, rules, parameters that are not known constants, and non-linear sub-expressions
 * (identified by their structure, so the same sub-expression is the same atom). A rule read by a condition
 * is inlined: a boolean rule by its formula, a number rule by the equation `rule = formula` when that is
 * linear. `min`, `max` and `round` atoms bring the inequalities they satisfy.
 */
import { Decimal } from '../money/decimal';
import type { TExpr } from '../expr/typecheck';
import { evaluate, type AbstractEnv } from './interpret';
import { interval, singleton, truth, isNone, type AV } from './domain';
import { addLinear, atomOf, constantOf, decide, isConstant, scaleLinear, type Inequality, type Linear } from './linear';

const ONE = new Decimal(1);

type Lit = (
  | { readonly kind: 'ineq'; readonly ineq: Inequality }
  | { readonly kind: 'enum'; readonly key: string; readonly domain: ReadonlySet<string> | null; readonly set: ReadonlySet<string>; readonly negated: boolean }
  | { readonly kind: 'bool'; readonly key: string; readonly value: boolean }
) & { id?: number };

type Alt = readonly Lit[];
/** `null`: too large to analyse. */
type Dnf = Alt[] | null;

/** A condition on the way to a site: `expr` is `positive`ly true there, evaluated with item stack `its`. */
export interface PathStep {
  readonly expr: TExpr;
  readonly positive: boolean;
  readonly its: readonly AV[];
}

const MAX_ALTS = 64;
const MAX_INLINE_DEPTH = 6;
const MAX_DEFINITIONS = 60;
const FACT_LEVELS = 3;

interface Atom {
  readonly av: AV;
  /** Inequalities the atom always satisfies (a rule's defining equation, min ≤ its arguments, …). */
  readonly facts: readonly Inequality[];
  /** Its interval as inequalities (computed once). */
  bounds?: readonly Inequality[];
  /** The grid its values lie on, when known (whole numbers; amounts in fen). */
  readonly grid?: Decimal;
}

export class Reasoner {
  private readonly memo = new Map<TExpr, AV>();
  private readonly atoms = new Map<string, Atom>();
  private readonly keys = new Map<TExpr, string>();
  private definitions = 0;
  private readonly dnfMemo = new Map<TExpr, Map<string, Dnf>>();
  private readonly refutedMemo = new Map<string, boolean>();
  private nextLit = 0;

  /**
   * @param budget refutations left for the whole analysis (shared by the reasoners of every period); once spent,
   *   nothing more is refuted (no finding is made up: the answers only become "cannot tell").
   */
  constructor(
    private readonly env: AbstractEnv,
    private readonly formulas: ReadonlyMap<string, TExpr>,
    private readonly budget: { left: number } = { left: Infinity },
  ) {}

  /** Abstract value of a node (memoised; every node sits at one place in one formula). */
  av(node: TExpr, its: readonly AV[]): AV {
    const known = this.memo.get(node);
    if (known) return known;
    return evaluate(node, this.env, its, (n, v) => {
      if (!this.memo.has(n)) this.memo.set(n, v);
    });
  }

  /** True when the path can be taken by some evaluation (not refuted). */
  feasible(path: readonly PathStep[]): boolean {
    this.definitions = 0;
    const alts = this.pathDnf(path);
    return alts === null || alts.some((alt) => !this.refuted(alt));
  }

  /** True when `expr` is false in every evaluation that reaches it along `path`. */
  neverTrue(expr: TExpr, its: readonly AV[], path: readonly PathStep[] = []): boolean {
    return this.impossible([...path, { expr, positive: true, its }]);
  }

  /** True when `expr` is true in every evaluation that reaches it along `path`. */
  neverFalse(expr: TExpr, its: readonly AV[], path: readonly PathStep[] = []): boolean {
    return this.impossible([...path, { expr, positive: false, its }]);
  }

  private impossible(steps: readonly PathStep[]): boolean {
    this.definitions = 0;
    const alts = this.pathDnf(steps);
    return alts !== null && alts.every((alt) => this.refuted(alt));
  }

  private pathDnf(steps: readonly PathStep[]): Dnf {
    let acc: Dnf = [[]];
    for (const step of steps) {
      acc = product(acc, this.dnf(step.expr, step.positive, step.its, 0));
      if (acc === null) return null;
      if (acc.length === 0) return acc;
    }
    return acc;
  }

  // ───────────────────────────── normal form ─────────────────────────────

  private dnf(e: TExpr, positive: boolean, its: readonly AV[], depth: number): Dnf {
    const memoKey = `${positive ? '+' : '-'}${depth}`;
    let byNode = this.dnfMemo.get(e);
    const known = byNode?.get(memoKey);
    if (known !== undefined) return known;
    const out = this.dnfOf(e, positive, its, depth);
    if (!byNode) this.dnfMemo.set(e, (byNode = new Map()));
    byNode.set(memoKey, out);
    return out;
  }

  private dnfOf(e: TExpr, positive: boolean, its: readonly AV[], depth: number): Dnf {
    const v = this.av(e, its);
    const t = truth(v);
    if (isNone(v)) return [];
    if (!t.f) return positive ? [[]] : [];
    if (!t.t) return positive ? [] : [[]];
    switch (e.kind) {
      case 'not':
        return this.dnf(e.operand, !positive, its, depth);
      case 'logical': {
        const both = (e.op === 'and') === positive;
        const l = this.dnf(e.left, positive, its, depth);
        const r = this.dnf(e.right, positive, its, depth);
        if (both) {
          // A ∧ B (or ¬(A ∨ B) = ¬A ∧ ¬B). `and` only evaluates B when A holds, which is what A ∧ B says.
          return product(l, r);
        }
        // A ∨ B: B is evaluated only when A does not decide, i.e. (A) ∨ (¬A ∧ B) — the plain union is weaker, still sound.
        return union(l, r);
      }
      case 'if': {
        const c1 = this.dnf(e.test, true, its, depth);
        const c0 = this.dnf(e.test, false, its, depth);
        const a = this.dnf(e.then, positive, its, depth);
        const b = this.dnf(e.else, positive, its, depth);
        return union(product(c1, a), product(c0, b));
      }
      case 'compare':
        return this.compareDnf(e, positive, its);
      case 'in':
        return this.inDnf(e, positive, its);
      case 'rule': {
        // The rule's own literal is kept next to its inlined formula, so that an occurrence inlined and one
        // that is not (deeper than the inlining goes) still contradict each other.
        const self: Lit = { kind: 'bool', key: this.key(e, its), value: positive };
        const formula = this.formulas.get(e.name);
        if (formula && depth < MAX_INLINE_DEPTH && this.definitions < MAX_DEFINITIONS) {
          this.definitions++;
          return product([[self]], this.dnf(formula, positive, [], depth + 1));
        }
        return [[self]];
      }
      default:
        return [[{ kind: 'bool', key: this.key(e, its), value: positive }]];
    }
  }

  private compareDnf(e: Extract<TExpr, { kind: 'compare' }>, positive: boolean, its: readonly AV[]): Dnf {
    const op = positive ? e.op : NEGATE[e.op];
    const kind = e.operand.kind;
    if (kind === 'money' || kind === 'rate' || kind === 'decimal' || kind === 'integer' || kind === 'date') {
      const d = addLinear(this.linear(e.left, its), this.linear(e.right, its), -1);
      const minus = scaleLinear(d, ONE.neg());
      switch (op) {
        case '<':
          return [[ineq(d, true)]];
        case '<=':
          return [[ineq(d, false)]];
        case '>':
          return [[ineq(minus, true)]];
        case '>=':
          return [[ineq(minus, false)]];
        case '==':
          return [[ineq(d, false), ineq(minus, false)]];
        case '!=':
          return [[ineq(d, true)], [ineq(minus, true)]];
      }
    }
    if (kind === 'enum' && (op === '==' || op === '!=')) {
      const lit = this.enumLit(e.left, e.right, its) ?? this.enumLit(e.right, e.left, its);
      if (!lit) return [[]];
      return [[{ ...lit, negated: op === '!=' }]];
    }
    if (kind === 'boolean' && (op === '==' || op === '!=')) {
      const eq = op === '==';
      const rc = singleton(this.av(e.right, its));
      if (typeof rc === 'boolean') return this.dnf(e.left, rc === eq, its, 0);
      const lc = singleton(this.av(e.left, its));
      if (typeof lc === 'boolean') return this.dnf(e.right, lc === eq, its, 0);
      const both = product(this.dnf(e.left, true, its, 0), this.dnf(e.right, eq, its, 0));
      const neither = product(this.dnf(e.left, false, its, 0), this.dnf(e.right, !eq, its, 0));
      return union(both, neither);
    }
    return [[]];
  }

  private enumLit(subject: TExpr, other: TExpr, its: readonly AV[]): { kind: 'enum'; key: string; domain: ReadonlySet<string> | null; set: ReadonlySet<string> } | undefined {
    const c = singleton(this.av(other, its));
    if (typeof c !== 'string') return undefined;
    return { kind: 'enum', key: this.key(subject, its), domain: this.enumDomain(subject, its), set: new Set([c]) };
  }

  private enumDomain(subject: TExpr, its: readonly AV[]): ReadonlySet<string> | null {
    const v = this.av(subject, its);
    return v.k === 'enum' ? v.values : null;
  }

  private inDnf(e: Extract<TExpr, { kind: 'in' }>, positive: boolean, its: readonly AV[]): Dnf {
    const want = positive !== e.negated;
    const kind = e.value.type.kind;
    if (kind === 'enum') {
      const values = e.items.map((i) => singleton(this.av(i, its)));
      if (values.some((v) => typeof v !== 'string')) return [[]];
      return [[{ kind: 'enum', key: this.key(e.value, its), domain: this.enumDomain(e.value, its), set: new Set(values as string[]), negated: !want }]];
    }
    if (kind === 'money' || kind === 'rate' || kind === 'decimal' || kind === 'integer' || kind === 'date') {
      const x = this.linear(e.value, its);
      const eqs = e.items.map((i) => addLinear(x, this.linear(i, its), -1));
      if (want) return eqs.map((d) => [ineq(d, false), ineq(scaleLinear(d, ONE.neg()), false)]);
      let acc: Dnf = [[]];
      for (const d of eqs) acc = product(acc, [[ineq(d, true)], [ineq(scaleLinear(d, ONE.neg()), true)]]);
      return acc;
    }
    return [[]];
  }

  // ───────────────────────────── linear forms ─────────────────────────────

  /** The linear form of a number (or date) expression; what is not linear becomes an atom. */
  linear(e: TExpr, its: readonly AV[]): Linear {
    const v = this.av(e, its);
    const c = singleton(v);
    if (c instanceof Decimal) return constantOf(c);
    if (typeof c === 'number' && e.type.kind === 'date') return constantOf(new Decimal(c));
    switch (e.kind) {
      case 'neg':
        return scaleLinear(this.linear(e.operand, its), ONE.neg());
      case 'arith': {
        if (e.op === '+' || e.op === '-') return addLinear(this.linear(e.left, its), this.linear(e.right, its), e.op === '-' ? -1 : 1);
        if (e.op === '*') {
          const l = this.linear(e.left, its);
          const r = this.linear(e.right, its);
          if (isConstant(l)) return scaleLinear(r, l.constant);
          if (isConstant(r)) return scaleLinear(l, r.constant);
        }
        // Division rounds to 40 significant digits: not treated as linear.
        return this.atom(e, its);
      }
      case 'dateFn':
        if (e.fn === 'addDays' && e.amount) return addLinear(this.linear(e.date, its), this.linear(e.amount, its));
        return this.atom(e, its);
      case 'dateDiff':
        if (e.fn === 'daysBetween' && e.to) return addLinear(this.linear(e.to, its), this.linear(e.from, its), -1);
        return this.atom(e, its);
      default:
        return this.atom(e, its);
    }
  }

  private atom(e: TExpr, its: readonly AV[]): Linear {
    const key = this.key(e, its);
    if (!this.atoms.has(key)) {
      const av = this.av(e, its);
      const facts: Inequality[] = [];
      // Whole numbers; money read from the input (at most 2 decimals). Computed money may have more decimals.
      const fromInput = e.kind === 'input' || (e.kind === 'field' && (e.target.kind === 'input' || e.target.kind === 'it' || e.target.kind === 'field'));
      const grid = e.type.kind === 'integer' ? ONE : e.type.kind === 'money' && fromInput ? new Decimal('0.01') : undefined;
      this.atoms.set(key, { av, facts, ...(grid ? { grid } : {}) });
      const x = atomOf(key);
      if (e.kind === 'rule') {
        const formula = this.formulas.get(e.name);
        if (formula) {
          const d = addLinear(x, this.linear(formula, []), -1);
          facts.push(rel(d, false), rel(scaleLinear(d, ONE.neg()), false));
        }
      } else if (e.kind === 'minmax') {
        // min(a, b, …) ≤ each argument; max(…) ≥ each.
        for (const arg of e.args) {
          const d = addLinear(x, this.linear(arg, its), -1);
          facts.push(rel(e.fn === 'min' ? d : scaleLinear(d, ONE.neg()), false));
        }
      } else if (e.kind === 'round') {
        // |round(x, p) − x| ≤ 10^−p whatever the mode.
        const unit = new Decimal(10).pow(-e.places);
        const d = addLinear(x, this.linear(e.operand, its), -1);
        facts.push(rel(addLinear(d, constantOf(unit), -1), false), rel(addLinear(scaleLinear(d, ONE.neg()), constantOf(unit), -1), false));
      }
    }
    return atomOf(key);
  }

  /**
   * The interval of an atom the linear forms made, and the grid its values lie on (1 for whole numbers, 0.01 for
   * money inputs and fields, which have at most 2 decimals), or `undefined` for an atom not seen.
   */
  atomValue(key: string): { lo: Decimal | null; hi: Decimal | null; step?: Decimal } | undefined {
    const atom = this.atoms.get(key);
    if (!atom) return undefined;
    const iv = interval(atom.av);
    if (!iv) return undefined;
    const step = atom.grid;
    return { lo: iv.lo, hi: iv.hi, ...(step ? { step } : {}) };
  }

  /** Structural identity of a sub-expression; a free `it` is marked with the depth of its list. */
  private key(e: TExpr, its: readonly AV[]): string {
    const known = this.keys.get(e);
    if (known) return known;
    const k = exprKey(e, its.length);
    this.keys.set(e, k);
    return k;
  }

  // ───────────────────────────── refutation ─────────────────────────────

  private refuted(alt: Alt): boolean {
    const key = alt.map((lit) => (lit.id ??= this.nextLit++)).sort((a, b) => a - b).join(',');
    const known = this.refutedMemo.get(key);
    if (known !== undefined) return known;
    const out = this.refute(alt);
    this.refutedMemo.set(key, out);
    return out;
  }

  private refute(alt: Alt): boolean {
    if (this.budget.left <= 0) return false;
    this.budget.left--;
    const bools = new Map<string, boolean>();
    const enums = new Map<string, { allowed: Set<string> | null; banned: Set<string> }>();
    const ineqs: Inequality[] = [];
    for (const lit of alt) {
      if (lit.kind === 'bool') {
        const prev = bools.get(lit.key);
        if (prev !== undefined && prev !== lit.value) return true;
        bools.set(lit.key, lit.value);
      } else if (lit.kind === 'enum') {
        const state = enums.get(lit.key) ?? { allowed: lit.domain ? new Set(lit.domain) : null, banned: new Set<string>() };
        if (lit.negated) for (const v of lit.set) state.banned.add(v);
        else state.allowed = state.allowed ? new Set([...state.allowed].filter((v) => lit.set.has(v))) : new Set(lit.set);
        enums.set(lit.key, state);
      } else ineqs.push(lit.ineq);
    }
    for (const state of enums.values()) {
      if (state.allowed && [...state.allowed].every((v) => state.banned.has(v))) return true;
    }
    if (ineqs.length === 0) return false;
    // Everything known first (the literals, their atoms' bounds and the facts of atoms up to FACT_LEVELS deep);
    // when that grows past the elimination budget, fewer facts. Refuting a subset refutes the whole.
    for (let level = FACT_LEVELS; level >= 0; level--) {
      const answer = decide(this.withFacts(ineqs, level).rows);
      if (answer !== 'unknown') return answer === 'infeasible';
    }
    return false;
  }

  /** The inequalities plus the bounds of every atom they mention and the facts of atoms up to `levels` deep. */
  private withFacts(ineqs: readonly Inequality[], levels: number): { rows: Inequality[]; more: boolean } {
    const out = [...ineqs];
    const done = new Set<string>();
    let frontier: string[] = [];
    let more = false;
    const collect = (i: Inequality, into: string[]) => {
      for (const key of i.expr.coefs.keys()) {
        if (done.has(key)) continue;
        done.add(key);
        into.push(key);
      }
    };
    ineqs.forEach((i) => collect(i, frontier));
    for (let level = 0; frontier.length > 0; level++) {
      const next: string[] = [];
      for (const key of frontier) {
        const atom = this.atoms.get(key);
        if (!atom) continue;
        if (!atom.bounds) {
          const x = atomOf(key);
          const iv = atom.av.k === 'date' ? { lo: new Decimal(atom.av.lo), hi: new Decimal(atom.av.hi) } : interval(atom.av);
          const bounds: Inequality[] = [];
          if (iv?.lo != null) bounds.push(rel(addLinear(constantOf(iv.lo), x, -1), false));
          if (iv?.hi != null) bounds.push(rel(addLinear(x, constantOf(iv.hi), -1), false));
          atom.bounds = bounds;
        }
        out.push(...atom.bounds);
        if (atom.facts.length === 0) continue;
        if (level >= levels) {
          more = true;
          continue;
        }
        for (const fact of atom.facts) {
          out.push(fact);
          collect(fact, next);
        }
      }
      frontier = next;
    }
    return { rows: out, more };
  }
}

const NEGATE = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const;

function ineq(expr: Linear, strict: boolean): Lit {
  return { kind: 'ineq', ineq: { expr, strict } };
}

function rel(expr: Linear, strict: boolean): Inequality {
  return { expr, strict };
}

function product(a: Dnf, b: Dnf): Dnf {
  if (a === null || b === null) return null;
  if (a.length * b.length > MAX_ALTS) return null;
  const out: Alt[] = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

function union(a: Dnf, b: Dnf): Dnf {
  if (a === null || b === null) return null;
  if (a.length + b.length > MAX_ALTS) return null;
  return [...a, ...b];
}

/** A canonical text for a typed expression (no spans); `it` at list depth d is `it@d`. */
export function exprKey(e: TExpr, depth: number): string {
  const k = (x: TExpr, d = depth) => exprKey(x, d);
  switch (e.kind) {
    case 'const':
      return `c:${e.value instanceof Decimal ? e.value.toString() : typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value)}`;
    case 'input':
      return `in:${e.name}`;
    case 'rule':
      return `rule:${e.name}`;
    case 'param':
      return `p:${e.name}`;
    case 'lookup':
      return `p:${e.param}[${k(e.key)}]`;
    case 'field':
      return `${k(e.target)}.${e.field}`;
    case 'it':
      return `it@${depth}`;
    case 'evaluationDate':
      return 'evaluationDate';
    case 'neg':
      return `-(${k(e.operand)})`;
    case 'not':
      return `not(${k(e.operand)})`;
    case 'arith':
    case 'logical':
    case 'compare':
      return `(${k(e.left)} ${e.op} ${k(e.right)})`;
    case 'if':
      return `if(${k(e.test)},${k(e.then)},${k(e.else)})`;
    case 'in':
      return `${e.negated ? 'notin' : 'in'}(${k(e.value)};${e.items.map((i) => k(i)).join(',')})`;
    case 'minmax':
      return `${e.fn}(${e.args.map((a) => k(a)).join(',')})`;
    case 'clamp':
      return `clamp(${k(e.value)},${k(e.lo)},${k(e.hi)})`;
    case 'abs':
      return `abs(${k(e.operand)})`;
    case 'round':
      return `round(${k(e.operand)},${e.places},${e.mode})`;
    case 'scale':
      return `scale(${k(e.amount)},${e.bands})`;
    case 'aggregate':
      return `${e.fn}(${k(e.list)};${k(e.body, depth + 1)})`;
    case 'dateDiff':
      return `${e.fn}(${k(e.from)},${e.to ? k(e.to) : 'evaluationDate'})`;
    case 'dateFn':
      return `${e.fn}(${k(e.date)}${e.amount ? `,${k(e.amount)}` : ''})`;
  }
}

