/**
 * Constraints a source `requires` (see "Constraints" in docs/guide/ruleset-format.md): boolean formulas over
 * parameters, parsed and type-checked by the formula language (never `eval`), checked for every effective
 * period of the resolved ruleset — every day on which a parameter the formula reads changes.
 *
 * In a constraint a `scale` parameter `p` reads as a record: `p.deductible` is where its first paying band
 * starts, `p.rate` its marginal rate. A constraint that reads `p.rate` is checked on every stretch of amounts
 * between the band boundaries of the scales it reads ("at every amount").
 *
 * A constraint is violated only when it is false for certain: a value not published (or a table key missing)
 * makes the parts that read it unknown, and an unknown constraint is not reported.
 */
import { MinshengError, type Issue } from '../errors';
import { Decimal } from '../money/decimal';
import { parseDate } from '../period/date';
import type { Band } from '../expr/compile';
import { parseFormula } from '../expr/parse';
import { typecheck, type Scope, type TExpr } from '../expr/typecheck';
import { BOOLEAN, MONEY, RATE, type Type } from '../expr/types';
import type { ResolvedRuleset, ResolvedSource } from '../ruleset/resolved';
import type { ConstraintDecl } from '../ruleset/schema';
import { NONE, num, point, showAV, singleton, truth, type AV } from './domain';
import { evaluate, type AbstractEnv } from './interpret';
import { abstractEnv, parameterStaticType, periods, showPeriod, validityWindow, type Timelines } from './env';

/** A constraint of a source, compiled. */
export interface CompiledConstraint {
  readonly decl: ConstraintDecl;
  readonly source: ResolvedSource;
  /** Path of the constraint in its file. */
  readonly path: readonly (string | number)[];
  readonly expr: TExpr;
  readonly paramRefs: ReadonlySet<string>;
  /** Scales whose `.rate` the formula reads: checked at every amount. */
  readonly rateScales: ReadonlySet<string>;
}

const ZERO = new Decimal(0);
const ONE = new Decimal(1);
const SCALE_VIEW: Type = { kind: 'record', fields: { deductible: MONEY, rate: RATE } };

function fileOf(layer: { id: string; version: string; file?: string }): string {
  return layer.file ?? `${layer.id}@${layer.version}`;
}

const compiledCache = new WeakMap<ResolvedRuleset, { constraints: CompiledConstraint[]; issues: Issue[] }>();

/**
 * Parses and type-checks every constraint of the ruleset's sources (cached per resolved ruleset). Problems
 * (a syntax or type error, a name that is not a parameter, two constraints with one id) are errors.
 */
export function compileConstraints(resolved: ResolvedRuleset): { constraints: CompiledConstraint[]; issues: Issue[] } {
  const cached = compiledCache.get(resolved);
  if (cached) return cached;
  const parameters = new Map<string, Type>();
  for (const p of Object.values(resolved.parameters)) {
    const t = parameterStaticType(p, resolved.inputs);
    if (t) parameters.set(p.name, t.kind === 'bands' ? SCALE_VIEW : t);
  }
  const scope: Scope = { inputs: new Map(), rules: new Map(), parameters };
  const constraints: CompiledConstraint[] = [];
  const issues: Issue[] = [];
  const ids = new Map<string, string>();
  // The index of each source in its own file's `sources:` list (resolved sources keep file order per layer).
  const indexInLayer = new Map<string, number>();
  const perLayer = new Map<string, number>();
  for (const s of Object.values(resolved.sources)) {
    const key = `${s.layer.id}@${s.layer.version}`;
    const i = perLayer.get(key) ?? 0;
    perLayer.set(key, i + 1);
    indexInLayer.set(s.id, i);
  }
  for (const source of Object.values(resolved.sources)) {
    (source.requires ?? []).forEach((decl, j) => {
      const path = ['sources', indexInLayer.get(source.id) ?? 0, 'requires', j] as const;
      const where = { file: fileOf(source.layer), path: [...path, 'formula'] };
      const twin = ids.get(decl.id);
      if (twin !== undefined) {
        issues.push({ code: 'ruleset/duplicate-id', message: `constraint id '${decl.id}' is used twice (sources ${twin} and ${source.id})`, file: fileOf(source.layer), path: [...path, 'id'] });
        return;
      }
      ids.set(decl.id, source.id);
      try {
        const result = typecheck(parseFormula(decl.formula), scope, BOOLEAN);
        if (!result.ok) {
          for (const issue of result.issues) issues.push({ ...issue, message: `constraint ${decl.id} (source ${source.id}): ${issue.message}`, ...where });
          return;
        }
        constraints.push({
          decl,
          source,
          path,
          expr: result.checked.expr,
          paramRefs: result.checked.paramRefs,
          rateScales: rateScalesOf(result.checked.expr),
        });
      } catch (error) {
        if (!(error instanceof MinshengError)) throw error;
        for (const issue of error.issues) issues.push({ ...issue, message: `constraint ${decl.id} (source ${source.id}): ${issue.message}`, ...where });
      }
    });
  }
  const out = { constraints, issues };
  compiledCache.set(resolved, out);
  return out;
}

/** The parameters the constraints of a ruleset read (they count as used). */
export function constraintParameterReads(resolved: ResolvedRuleset): Set<string> {
  const out = new Set<string>();
  for (const c of compileConstraints(resolved).constraints) for (const p of c.paramRefs) out.add(p);
  return out;
}

function rateScalesOf(e: TExpr): Set<string> {
  const out = new Set<string>();
  const walk = (n: TExpr): void => {
    if (n.kind === 'field' && n.target.kind === 'param' && n.target.type.kind === 'record' && n.field === 'rate') out.add(n.target.name);
    for (const v of Object.values(n)) {
      if (v && typeof v === 'object' && 'kind' in v && 'span' in v) walk(v as TExpr);
      else if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'kind' in x) walk(x as TExpr);
    }
  };
  walk(e);
  return out;
}

/** Where a scale starts paying: the `above` of its first band with a positive rate. */
function deductibleOf(bands: readonly Band[]): AV {
  const first = bands.find((b) => b.rate.gt(0));
  return first ? point(first.above) : NONE;
}

/** The marginal rate of a scale for amounts just above `x` (0 below its first band). */
function rateAbove(bands: readonly Band[], x: Decimal): Decimal {
  let rate = ZERO;
  for (const b of bands) if (b.above.lte(x)) rate = b.rate;
  return rate;
}

/** A stretch of amounts (lo, hi] (`hi` null: no upper end). */
interface Segment {
  readonly lo: Decimal;
  readonly hi: Decimal | null;
}

function segments(scales: readonly (readonly Band[])[]): Segment[] {
  const cuts = new Set<string>(['0']);
  for (const bands of scales) for (const b of bands) if (b.above.gte(0)) cuts.add(b.above.toString());
  const sorted = [...cuts].map((c) => new Decimal(c)).sort((a, b) => a.cmp(b));
  return sorted.map((lo, i) => ({ lo, hi: sorted[i + 1] ?? null }));
}

function showSegment(s: Segment): string {
  return s.hi === null ? `for amounts above ${s.lo.toString()}` : `for amounts above ${s.lo.toString()} up to ${s.hi.toString()}`;
}

/** The environment of one period (and one stretch of amounts), scales seen as records. */
function constraintEnv(base: AbstractEnv, segment: Segment | undefined): AbstractEnv {
  return {
    ...base,
    param(name, type) {
      if (type.kind !== 'record') return base.param(name, type);
      const bands = base.bands(name);
      if (!bands) return { k: 'record', fields: { deductible: num(ZERO, null), rate: num(ZERO, ONE) } };
      return { k: 'record', fields: { deductible: deductibleOf(bands), rate: point(segment ? rateAbove(bands, segment.lo) : ZERO) } };
    },
  };
}

/** `name = value` for every parameter read, as evaluated (for messages). */
function valuesRead(expr: TExpr, env: AbstractEnv): string[] {
  const shown: string[] = [];
  const seen = new Set<string>();
  evaluate(expr, env, [], (node, value) => {
    let label: string | undefined;
    if (node.kind === 'param' && node.type.kind !== 'record') label = node.name;
    else if (node.kind === 'lookup' && node.key.kind === 'const') label = `${node.param}[${String(node.key.value)}]`;
    else if (node.kind === 'field' && node.target.kind === 'param' && node.target.type.kind === 'record') label = `${node.target.name}.${node.field}`;
    if (label === undefined || seen.has(label)) return;
    seen.add(label);
    shown.push(`${label} = ${singleton(value) === undefined && value.k !== 'none' ? `${showAV(value)} (not published)` : value.k === 'none' ? 'none' : showAV(value)}`);
  });
  return shown;
}

function citation(source: ResolvedSource): string {
  return [source.issuer, source.docNumber, source.title].filter((x) => x !== undefined).join(' · ');
}

/**
 * Checks every constraint for every effective period. Returns the issues: constraint violations with the
 * constraint's severity (`ruleset/constraint`), and errors in the constraints themselves.
 */
export function checkConstraints(resolved: ResolvedRuleset, timelines: Timelines): Issue[] {
  const { constraints, issues } = compileConstraints(resolved);
  const out: Issue[] = [...issues.map((i) => ({ ...i, severity: 'error' as const }))];
  const window = validityWindow(resolved);
  const chainIndex = (layer: { id: string; version: string }) => resolved.chain.findIndex((l) => l.id === layer.id && l.version === layer.version);
  for (const c of constraints) {
    const from = c.decl.from ? Math.max(parseDate(c.decl.from), window.from) : window.from;
    const to = c.decl.until ? Math.min(parseDate(c.decl.until), window.to) : window.to;
    if (from > to) continue;
    for (const period of periods(resolved, timelines, c.paramRefs, { from, to })) {
      const base = abstractEnv(resolved, timelines, { period, window });
      const scaleBands = [...c.rateScales].map((s) => base.bands(s)).filter((b): b is readonly Band[] => b !== undefined);
      const segs: (Segment | undefined)[] = c.rateScales.size > 0 ? segments(scaleBands) : [undefined];
      const failing: { segment: Segment | undefined; env: AbstractEnv }[] = [];
      for (const segment of segs) {
        const env = constraintEnv(base, segment);
        const t = truth(evaluate(c.expr, env));
        if (t.f && !t.t) failing.push({ segment, env });
      }
      if (failing.length === 0) continue;
      // Point at the value the most specific layer gave among those read (that is what a region would change).
      let target: { name: string; index: number; layer: { id: string; version: string; file?: string } } | undefined;
      for (const name of c.paramRefs) {
        const values = resolved.parameters[name]?.values ?? [];
        const i = values.findIndex((v, k) => parseDate(v.from) <= period.from && (k + 1 >= values.length || parseDate(values[k + 1]!.from) > period.from));
        if (i < 0) continue;
        const v = values[i]!;
        if (!target || chainIndex(v.layer) > chainIndex(target.layer)) {
          const sameLayer = values.filter((x) => x.layer.id === v.layer.id && x.layer.version === v.layer.version);
          target = { name, index: sameLayer.indexOf(v), layer: v.layer };
        }
      }
      const shownSegments = failing.slice(0, 3).map((f) => (f.segment ? ` ${showSegment(f.segment)}` : ''));
      const more = failing.length > 3 ? ` (and ${failing.length - 3} more stretches)` : '';
      const values = valuesRead(c.expr, failing[0]!.env);
      const severityWord = c.decl.severity === 'error' ? 'binding' : 'guidance';
      out.push({
        code: 'ruleset/constraint',
        severity: c.decl.severity,
        message:
          `${c.decl.message.en} — not met ${showPeriod(period, window)}${shownSegments.join(';')}${more}: ${values.join(', ')}` +
          ` [constraint ${c.decl.id}: \`${c.decl.formula.replace(/\s+/g, ' ').trim()}\`; ${severityWord}, source ${c.source.id}: ${citation(c.source)}]`,
        ...(target
          ? { path: ['parameters', target.name, 'values', target.index], file: fileOf(target.layer) }
          : { path: [...c.path], file: fileOf(c.source.layer) }),
        source: c.source.id,
      });
    }
  }
  return out;
}
