/**
 * Runs one json-rules-engine condition both ways — json-rules-engine 7.3 itself, and importConditions +
 * importFacts + the compiled formula — over a fixed set of declared inputs ("roles"), and says whether a case
 * is canonical: every value has the JSON type its comparison expects, so the import must answer.
 */
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { importConditions, importFacts, registerDecimalOperators, type Condition } from '../../src/interop/json-rules-engine';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { compile, type Program } from '../../src/engine/program';
import { MinshengError } from '../../src/errors';
import { Decimal } from '../../src/money/decimal';

// ───────────────────────────── value pools ─────────────────────────────

export const NUMS = [-2, -0.5, 0, 0.1, 0.3, 0.30000000000000004, 1, 2, 2.5, 5, 10, 123456789.125] as const;
/** Numbers the library refuses to take (beyond Number.MAX_SAFE_INTEGER, or its number limits). */
export const HUGE_NUMS = [1e21, 2 ** 53 + 2, 1e-21] as const;
/** Decimal text: exact ones, and one that is not exactly a JavaScript number. */
export const NUMTEXTS = ['0', '2', '2.0', '02', ' 5', '+5', '10', '0.3', '9', '-0.5', '5.00000000000000000001'] as const;
export const WORDS = ['urban', 'rural', 'a', 'b c', "it's", 'back\\slash', '1e3', 'Infinity'] as const;
export const CODES = ['1', '2', '3'] as const;
export const DATES = ['2021-12-31', '2022-01-01', '2022-06-15', '2023-01-01'] as const;
export const BAD_DATES = ['2022-02-30', '2022-1-1'] as const;

// ───────────────────────────── declared inputs ─────────────────────────────

type Decl =
  | { type: 'decimal' | 'date' | 'boolean'; optional?: boolean }
  | { type: 'enum'; of: readonly string[]; optional?: boolean }
  | { type: 'list'; items: Decl; optional?: boolean }
  | { type: 'record'; fields: Record<string, Decl>; optional?: boolean };

const DECIMAL: Decl = { type: 'decimal', optional: true };
const DATE: Decl = { type: 'date', optional: true };
const WORD: Decl = { type: 'enum', of: WORDS, optional: true };

/** The declared inputs: every fact name the generators use has one role. All optional: only read facts are given. */
export const ROLES: Record<string, Decl> = {
  n: DECIMAL,
  m: DECIMAL,
  e: { type: 'enum', of: CODES, optional: true },
  s: WORD,
  d: DATE,
  b: { type: 'boolean', optional: true },
  l: { type: 'list', items: { type: 'decimal' }, optional: true },
  w: { type: 'list', items: { type: 'enum', of: WORDS }, optional: true },
  o: { type: 'record', optional: true, fields: { a: { type: 'record', optional: true, fields: { b: DECIMAL, s: WORD, d: DATE, l: { type: 'list', items: { type: 'decimal' }, optional: true } } } } },
};

const programs = new Map<string, Program>();

/** The formula as the `decision` rule of a ruleset declaring {@link ROLES}. */
export function programFor(formula: string): Program {
  let p = programs.get(formula);
  if (!p) {
    const ruleset = {
      id: 'test/jre-differential',
      jurisdiction: 'CN',
      version: '1.0.0',
      label: { zh: '差分', en: 'Differential' },
      inputs: ROLES,
      rules: { decision: { type: 'boolean', formula } },
    };
    p = compile(parseRuleset(JSON.stringify(ruleset), { file: 'differential.json', format: 'json' }));
    if (programs.size > 2000) programs.clear();
    programs.set(formula, p);
  }
  return p;
}

// ───────────────────────────── both sides ─────────────────────────────

export type Named = Readonly<Record<string, Condition>>;

export type JreResult = { readonly kind: 'answer'; readonly value: boolean } | { readonly kind: 'throws'; readonly message: string };
export type OurResult =
  | { readonly kind: 'answer'; readonly value: boolean }
  | { readonly kind: 'refused'; readonly code: string; readonly path: string; readonly error: MinshengError };

/** json-rules-engine 7.3 with its defaults (no allowUndefinedFacts), the decimal operators and the named conditions. */
export async function runJre(conditions: unknown, facts: Record<string, unknown>, named: Named = {}): Promise<JreResult> {
  try {
    const engine = registerDecimalOperators(new Engine([], { allowUndefinedFacts: false }));
    // json-rules-engine writes into the objects it is given (priority → parseInt): give it copies
    for (const [name, c] of Object.entries(named)) {
      try {
        engine.setCondition(name, structuredClone(c) as unknown as TopLevelCondition);
      } catch {
        // json-rules-engine refuses this named condition (a bare leaf): a reference to it then throws "No condition"
      }
    }
    engine.addRule({ conditions: structuredClone(conditions) as TopLevelCondition, event: { type: 'yes' } });
    const { events } = await engine.run(structuredClone(facts));
    return { kind: 'answer', value: events.length === 1 };
  } catch (e) {
    return { kind: 'throws', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Fact names a condition tree mentions (leaves and `{ fact }` values, through named conditions). */
export function factsRead(conditions: unknown, named: Named = {}): Set<string> {
  const out = new Set<string>();
  const expanded = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o['fact'] === 'string') out.add(o['fact']);
    if (typeof o['condition'] === 'string' && Object.hasOwn(named, o['condition']) && !expanded.has(o['condition'])) {
      expanded.add(o['condition']);
      walk(named[o['condition']]);
    }
    for (const k of Object.keys(o)) walk(o[k]);
  };
  walk(conditions);
  return out;
}

/** importConditions + importFacts + the compiled formula, given only the facts the conditions read (json-rules-engine ignores the rest). */
export function runOurs(conditions: unknown, facts: Record<string, unknown>, named: Named = {}): OurResult {
  try {
    const formula = importConditions(conditions as Condition, { conditions: named });
    const inputs = importFacts(conditions as Condition, facts, { conditions: named });
    const read = factsRead(conditions, named);
    const given = Object.fromEntries(Object.entries(inputs).filter(([k]) => read.has(k)));
    const value = programFor(formula).evaluate(given, { date: '2025-06-01' }).outputs['decision'];
    if (typeof value !== 'boolean') throw new Error(`decision is ${String(value)}`);
    return { kind: 'answer', value };
  } catch (e) {
    if (e instanceof MinshengError) return { kind: 'refused', code: e.code, path: (e.issues[0]?.path ?? []).join('.'), error: e };
    throw e;
  }
}

// ───────────────────────────── canonical cases ─────────────────────────────

/*
 * A case is canonical when nothing in it depends on how json-rules-engine coerces JSON: the tree has
 * json-rules-engine's shape with one of all/any/not/condition per object, every operator is known, every value
 * compared is a number, text, date or boolean literal (or a fact) of the declared type of the other side, and
 * every value read is present and has the JSON type that declared type is written in (numbers as JSON numbers,
 * enums and dates as text, booleans as JSON booleans, lists of those). The import must answer canonical cases.
 * Written independently of src/interop (from json-rules-engine's behaviour and the declared inputs above).
 */

const ORDER_OPS = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const DECIMAL_OPS = new Set(['decimalEqual', 'decimalNotEqual', 'decimalLessThan', 'decimalLessThanInclusive', 'decimalGreaterThan', 'decimalGreaterThanInclusive']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'in', 'true', 'false', 'it', 'evaluationDate']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isValidDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200;
}

function isDecimalText(v: unknown): v is string {
  return typeof v === 'string' && /^[+-]?\d+(\.\d+)?$/.test(v.trim());
}

/** A JSON number the library takes exactly (within ±Number.MAX_SAFE_INTEGER, at most 20 decimal places). */
function isTakenNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER && (v === 0 || Math.abs(v) >= 1e-20);
}

/** Decimal text that Number() reads exactly. */
export function isExactText(v: string): boolean {
  const n = Number(v);
  return Number.isFinite(n) && new Decimal(v.trim()).eq(new Decimal(String(n)));
}

/** The declared type at fact + member path, or undefined. */
function declAt(fact: string, path: unknown): Decl | undefined {
  if (!Object.hasOwn(ROLES, fact)) return undefined;
  let decl: Decl | undefined = ROLES[fact];
  if (path === undefined) return decl;
  if (typeof path !== 'string' || !/^\$(\.[A-Za-z_]\w*)+$/.test(path)) return undefined;
  for (const seg of path.slice(2).split('.')) {
    if (RESERVED.has(seg)) return undefined;
    decl = decl?.type === 'record' && Object.hasOwn(decl.fields, seg) ? decl.fields[seg] : undefined;
  }
  return decl;
}

/** The value json-rules-engine reads, when present and reached through objects. */
function valueAt(facts: Record<string, unknown>, fact: string, path: unknown): { ok: boolean; value?: unknown } {
  if (!Object.hasOwn(facts, fact) || facts[fact] === null || facts[fact] === undefined) return { ok: false };
  let v: unknown = facts[fact];
  if (path === undefined) return { ok: true, value: v };
  for (const seg of (path as string).slice(2).split('.')) {
    if (!isPlainObject(v) || !Object.hasOwn(v, seg) || v[seg] === null || v[seg] === undefined) return { ok: false };
    v = v[seg];
  }
  return { ok: true, value: v };
}

/** A value written the canonical way for its declared type. */
function canonicalValue(decl: Decl, v: unknown): boolean {
  switch (decl.type) {
    case 'decimal':
      return isTakenNumber(v);
    case 'enum':
      return typeof v === 'string' && decl.of.includes(v);
    case 'date':
      return isValidDate(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v) && v.every((x) => canonicalValue(decl.items, x));
    case 'record':
      return false; // a record is never compared itself
  }
}

/** A literal of the declared (scalar) type, as the import must accept it (`ordered`: lessThan & co.). */
function literalFits(decl: Decl, lit: unknown, ordered: boolean): boolean {
  switch (decl.type) {
    case 'decimal':
      return isTakenNumber(lit) || (ordered && isDecimalText(lit) && isExactText(lit));
    case 'date':
      return isValidDate(lit);
    case 'enum':
      return !ordered && typeof lit === 'string' && decl.of.includes(lit) && !/^\d{4}-\d{2}-\d{2}$/.test(lit);
    case 'boolean':
      return !ordered && typeof lit === 'boolean';
    default:
      return false;
  }
}

function sameScalarType(a: Decl, b: Decl, ordered: boolean): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'decimal' || a.type === 'date') return true;
  if (ordered) return false;
  return a.type === 'boolean' || (a.type === 'enum' && b.type === 'enum');
}

interface Ref {
  fact: string;
  path?: unknown;
}

function asRef(v: unknown): Ref | undefined {
  if (!isPlainObject(v) || !Object.hasOwn(v, 'fact')) return undefined;
  if (Object.keys(v).some((k) => k !== 'fact' && k !== 'path')) return undefined;
  return typeof v['fact'] === 'string' ? (v as unknown as Ref) : undefined;
}

/** A value the declared input accepts (any JSON form of it), as the engine's input check does. */
function fits(decl: Decl, v: unknown): boolean {
  if (v === null || v === undefined) return decl.optional === true;
  switch (decl.type) {
    case 'decimal':
      return isTakenNumber(v) || (isDecimalText(v) && v.length <= 100);
    case 'enum':
      return (typeof v === 'string' && decl.of.includes(v)) || (typeof v === 'number' && decl.of.includes(String(v)));
    case 'date':
      return isValidDate(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v) && v.every((x) => x !== null && x !== undefined && fits(decl.items, x));
    case 'record':
      return isPlainObject(v) && Object.keys(v).every((k) => Object.hasOwn(decl.fields, k)) && Object.entries(decl.fields).every(([k, d]) => fits(d, v[k]));
  }
}

/** Why a case is not canonical, or undefined when it is. */
export function notCanonical(conditions: unknown, facts: Record<string, unknown>, named: Named = {}): string | undefined {
  // the facts the conditions read are given to the formula whole: they must fit their declarations
  for (const fact of factsRead(conditions, named)) {
    if (Object.hasOwn(ROLES, fact) && Object.hasOwn(facts, fact) && !fits(ROLES[fact]!, facts[fact])) return `${fact} does not fit its declared input`;
  }
  const expanding: string[] = [];
  const readRef = (r: Ref): { decl: Decl; value: unknown } | string => {
    if (!IDENT.test(r.fact) || RESERVED.has(r.fact)) return `fact name ${r.fact}`;
    const decl = declAt(r.fact, r.path);
    if (!decl) return `no declared input at ${r.fact} ${String(r.path ?? '')}`;
    const got = valueAt(facts, r.fact, r.path);
    if (!got.ok) return `${r.fact} ${String(r.path ?? '')} missing`;
    return { decl, value: got.value };
  };
  const node = (c: unknown, root: boolean): string | undefined => {
    if (!isPlainObject(c)) return 'not an object';
    const groups = ['all', 'any', 'not', 'condition'].filter((k) => Object.hasOwn(c, k));
    const leafKeys = ['fact', 'operator', 'value', 'path', 'params'].filter((k) => Object.hasOwn(c, k));
    if (root && groups.length === 0) return 'bare leaf at the root';
    if (groups.length + (leafKeys.length ? 1 : 0) !== 1) return 'mixed keys';
    const g = groups[0];
    if (g === 'all' || g === 'any') {
      const items = c[g];
      if (!Array.isArray(items)) return `${g} not a list`;
      for (const item of items) {
        const why = node(item, false);
        if (why) return why;
      }
      return undefined;
    }
    if (g === 'not') return node(c['not'], false);
    if (g === 'condition') {
      const ref = c['condition'];
      if (typeof ref !== 'string' || !Object.hasOwn(named, ref)) return 'unknown condition';
      if (expanding.includes(ref)) return 'condition cycle';
      expanding.push(ref);
      const why = node(named[ref], true);
      expanding.pop();
      return why;
    }
    return leaf(c);
  };
  const leaf = (c: Record<string, unknown>): string | undefined => {
    if (!['fact', 'operator', 'value'].every((k) => Object.hasOwn(c, k))) return 'leaf without fact/operator/value';
    if (Object.hasOwn(c, 'params')) return 'params';
    if (typeof c['fact'] !== 'string') return 'fact not text';
    const subject = readRef({ fact: c['fact'], path: c['path'] });
    if (typeof subject === 'string') return subject;
    const op = String(c['operator']);
    const value = c['value'];
    const ref = asRef(value);
    const other = ref ? readRef(ref) : undefined;
    if (typeof other === 'string') return other;
    const { decl, value: v } = subject;
    if (op === 'equal' || op === 'notEqual' || ORDER_OPS.has(op)) {
      const ordered = op !== 'equal' && op !== 'notEqual';
      if (!canonicalValue(decl, v)) return `${op}: ${JSON.stringify(v)} not canonical for ${decl.type}`;
      if (other) return sameScalarType(decl, other.decl, ordered) && canonicalValue(other.decl, other.value) ? undefined : `${op}: fact vs fact of other types`;
      return literalFits(decl, value, ordered) ? undefined : `${op}: literal ${JSON.stringify(value)} vs ${decl.type}`;
    }
    if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(value)) return `${op} without a list`;
      if (!canonicalValue(decl, v)) return `${op}: ${JSON.stringify(v)} not canonical for ${decl.type}`;
      if (value.length === 0) return decl.type === 'record' || decl.type === 'list' ? `${op} on a ${decl.type}` : undefined;
      return value.every((x) => literalFits(decl, x, false)) ? undefined : `${op}: list items vs ${decl.type}`;
    }
    if (op === 'contains' || op === 'doesNotContain') {
      if (decl.type !== 'list' || !canonicalValue(decl, v)) return `${op}: ${JSON.stringify(v)} not a canonical list`;
      if (other) return sameScalarType(decl.items, other.decl, false) && canonicalValue(other.decl, other.value) ? undefined : `${op}: item fact of another type`;
      return literalFits(decl.items, value, false) ? undefined : `${op}: ${JSON.stringify(value)} vs items ${decl.items.type}`;
    }
    if (DECIMAL_OPS.has(op) || op === 'decimalIn' || op === 'decimalNotIn') {
      const numeric = (x: unknown) => isTakenNumber(x) || isDecimalText(x);
      if (decl.type !== 'decimal' || !numeric(v)) return `${op}: ${JSON.stringify(v)} not numeric`;
      if (op === 'decimalIn' || op === 'decimalNotIn') return Array.isArray(value) && value.every(numeric) ? undefined : `${op}: list not numeric`;
      if (other) return other.decl.type === 'decimal' && numeric(other.value) ? undefined : `${op}: other fact not numeric`;
      return numeric(value) ? undefined : `${op}: literal not numeric`;
    }
    return `operator ${op}`;
  };
  return node(conditions, true);
}
