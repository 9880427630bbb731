/**
 * json-rules-engine condition JSON → formula text ({@link importConditions}), and json-rules-engine facts →
 * inputs of that formula ({@link importFacts}).
 *
 * The contract: for every condition and facts, the imported formula evaluated on the imported facts gives
 * json-rules-engine 7.3's answer, or one of the two functions throws a {@link MinshengError} with a code.
 * Never a different answer. json-rules-engine compares raw JSON values (`===`, JavaScript `<` with its
 * coercions); a formula compares declared values (`'800'` and `800` are both the amount 800). The two agree
 * when each compared value has the JSON type the comparison expects, which is what {@link importFacts} checks.
 *
 * json-rules-engine 7.3 semantics this module reproduces (file:line in `json-rules-engine/dist`):
 * - empty `all` and empty `any` are both true (rule.js:331 `conditions.length === 0` → `true`);
 * - a condition object with several of `any`/`all`/`not`/`condition` evaluates only one of them: `any` before
 *   `all` before `not` (condition.js:210), a nested `condition` reference before any of them (rule.js:272) but
 *   after them at the root (rule.js:428). The import refuses such objects rather than drop conditions;
 * - the root (and a named condition) must be `all`/`any`/`not`/`condition`, never a bare leaf
 *   (rule.js:118, engine.js:185);
 * - `equal`, `notEqual`, `in`, `notIn`, `contains`, `doesNotContain` use strict equality (`===`,
 *   `Array.prototype.indexOf`; engine-default-operators.js:14-32); `contains`/`doesNotContain` are false
 *   when the fact is not an array (validator `Array.isArray`);
 * - `lessThan` … `greaterThanInclusive` are JavaScript `<` `<=` `>` `>=` after a validator that wants
 *   `parseFloat(fact)` to be a number (engine-default-operators.js:34-48): a number against numeric text is
 *   coerced to numbers, text against text is compared character by character (`'10' < '9'`), a fact like
 *   `[5]` passes as 5, booleans and most text fail (false);
 * - a fact that is not given throws `Undefined fact` unless the engine has `allowUndefinedFacts`
 *   (almanac.js:200-205); a `path` that finds nothing reads `undefined`; a `path` on a fact that is not an
 *   object reads the fact itself (almanac.js:220-230);
 * - a `{ fact }` value is read as a fact (almanac.js:244), but only as the whole `value`: inside a list it is
 *   compared as an object.
 */
import { nestsDeeperThan, isOptions, requireArgument, MinshengError, formatPath, type Issue, type IssueCode } from '../errors';
import { toDecimal } from '../money/decimal';
import { parseFormula } from '../expr/parse';
import { parseDate } from '../period/date';
import { DECIMAL_PATTERN, IDENTIFIER_PATTERN, RESERVED_NAMES } from '../ruleset/schema';
import type { Condition } from './json-rules-engine';

/** Operators json-rules-engine ships with, and the decimal ones {@link registerDecimalOperators} adds. */
export const IMPORTABLE_OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain',
  'decimalEqual', 'decimalNotEqual', 'decimalLessThan', 'decimalLessThanInclusive', 'decimalGreaterThan', 'decimalGreaterThanInclusive', 'decimalIn', 'decimalNotIn',
] as const;

const SYMBOL: Record<string, string> = {
  equal: '==',
  notEqual: '!=',
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
  decimalEqual: '==',
  decimalNotEqual: '!=',
  decimalLessThan: '<',
  decimalLessThanInclusive: '<=',
  decimalGreaterThan: '>',
  decimalGreaterThanInclusive: '>=',
};

/** Options of {@link importConditions} and {@link importFacts}. */
export interface ImportOptions {
  /** Named conditions that `{ condition: 'name' }` refers to (json-rules-engine's `engine.setCondition`). */
  readonly conditions?: Readonly<Record<string, Condition>>;
  /** Rename facts to ruleset names: `{ 'household-income': 'householdIncome' }`. */
  readonly factNames?: Readonly<Record<string, string>>;
}

type Path = (string | number)[];
type Json = 'number' | 'string' | 'boolean';

/** A value a condition reads: a fact, or a member of it (`path: '$.a.b'` → `['a', 'b']`). */
interface Read {
  readonly fact: string;
  readonly segments: readonly string[];
  /** Formula text: the ruleset name and the fields. */
  readonly text: string;
  /** Where in the condition JSON it is read. */
  readonly at: Path;
}

/** What the value a condition reads must look like for json-rules-engine and the formula to agree. */
type Need =
  | { readonly kind: 'json'; readonly read: Read; readonly json: Json; readonly op: string; readonly literal: unknown }
  | { readonly kind: 'present'; readonly read: Read }
  | { readonly kind: 'order-number'; readonly read: Read; readonly op: string; readonly literal: unknown }
  | { readonly kind: 'decimal'; readonly read: Read; readonly op: string }
  | { readonly kind: 'items'; readonly read: Read; readonly json: Json; readonly op: string; readonly literal: unknown }
  | { readonly kind: 'pair'; readonly a: Read; readonly b: Read; readonly mode: 'equal' | 'order' | 'decimal'; readonly op: string }
  | { readonly kind: 'items-pair'; readonly list: Read; readonly item: Read; readonly op: string };

/** A literal of a condition: its formula text and the JSON type json-rules-engine compares it as. */
interface Literal {
  readonly text: string;
  readonly json: Json;
  /** 'date' and 'text' are both JSON strings, but different formula types: a list must not mix them. */
  readonly sort: 'number' | 'text' | 'date' | 'boolean';
}

const LEAF_KEYS = ['fact', 'operator', 'value', 'path', 'params'] as const;
const UNSAFE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** `'800'` → true: text a numeric input would read as a number (and json-rules-engine would not). */
function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value.trim());
}

/** Decimal text whose value is exactly a JavaScript number, so `Number(text)` loses nothing. */
function isExactNumberText(text: string): boolean {
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  try {
    return toDecimal(text).eq(toDecimal(n));
  } catch {
    return false; // beyond the library's number limits: not read the same way
  }
}

/** A decimal text as a formula number (no sign '+', no leading zeros); the library's number limits apply. */
function numberText(text: string, at: Path): string {
  const d = toDecimal(text, at);
  const t = text.trim().replace(/^\+/, '');
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(t) ? t : d.toFixed();
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

class Importer {
  readonly needs: Need[] = [];
  private readonly expanding: string[] = [];

  constructor(private readonly options: ImportOptions) {}

  fail(at: Path, message: string, code: IssueCode = 'input/type'): never {
    throw new MinshengError({ code, message, path: at });
  }

  /** The root of a rule, or a named condition: json-rules-engine wants `all`, `any`, `not` or `condition` there. */
  top(c: unknown, at: Path, what: string): string {
    if (!isObject(c)) this.fail(at, `${what} must be an object, got ${show(c)}`);
    if (!has(c, 'all') && !has(c, 'any') && !has(c, 'not') && !has(c, 'condition')) {
      this.fail(at, `${what} must be { all }, { any }, { not } or { condition } — json-rules-engine refuses a bare { fact, operator, value } there; wrap it: { all: [ … ] }`);
    }
    return this.node(c, at, true);
  }

  private node(c: unknown, at: Path, root: boolean): string {
    if (!isObject(c)) this.fail(at, `a condition must be an object, got ${show(c)}`);
    const groups = (['any', 'all', 'not', 'condition'] as const).filter((k) => has(c, k));
    const leafKeys = LEAF_KEYS.filter((k) => has(c, k));
    if (groups.length + (leafKeys.length > 0 ? 1 : 0) > 1) {
      // json-rules-engine reads one of them and silently ignores the rest: refuse rather than drop conditions.
      const order = root ? ['any', 'all', 'not', 'condition'] : ['condition', 'any', 'all', 'not'];
      const winner = order.find((k) => groups.includes(k as (typeof groups)[number]))!;
      const ignored = [...groups.filter((k) => k !== winner), ...leafKeys];
      this.fail(
        [...at, ignored[0]!],
        `this condition has ${[...groups, ...leafKeys].map((k) => `'${k}'`).join(' and ')}: json-rules-engine evaluates only '${winner}' and ignores ${ignored.map((k) => `'${k}'`).join(', ')}. ` +
          `Put each in its own condition, e.g. { all: [ { any: [ … ] }, { all: [ … ] } ] }`,
        'input/invalid',
      );
    }
    const group = groups[0];
    if (group === 'all' || group === 'any') {
      const items = c[group];
      if (!Array.isArray(items)) this.fail([...at, group], `'${group}' must be a list of conditions, got ${show(items)}`);
      // json-rules-engine: an empty list is true for both all and any (rule.js prioritizeAndRun)
      if (items.length === 0) return 'true';
      const parts = items.map((item, i) => this.node(item, [...at, group, i], false));
      return parts.length === 1 ? parts[0]! : `(${parts.join(group === 'all' ? ' and ' : ' or ')})`;
    }
    if (group === 'not') {
      const inner = c['not'];
      if (!isObject(inner)) this.fail([...at, 'not'], `'not' takes one condition (an object), got ${show(inner)}`);
      return `not (${this.node(inner, [...at, 'not'], false)})`;
    }
    if (group === 'condition') return this.reference(c['condition'], [...at, 'condition']);
    return this.leaf(c, at);
  }

  private reference(ref: unknown, at: Path): string {
    const named = this.options.conditions;
    if (typeof ref !== 'string' || !named || !has(named, ref)) {
      this.fail(at, `unknown condition reference ${show(ref)}${named ? ` (known: ${Object.keys(named).join(', ')})` : ' (pass it in options.conditions)'}`, 'expr/unknown-name');
    }
    if (this.expanding.includes(ref)) this.fail(at, `conditions refer to each other in a cycle: ${[...this.expanding, ref].join(' → ')}`, 'expr/cycle');
    this.expanding.push(ref);
    const text = this.top(named[ref], ['conditions', ref], `named condition '${ref}'`);
    this.expanding.pop();
    return text;
  }

  private name(fact: unknown, at: Path): string {
    if (typeof fact !== 'string' || fact === '') this.fail(at, `'fact' must be a non-empty string, got ${show(fact)}`);
    const names = this.options.factNames;
    const mapped = names && has(names, fact) ? names[fact]! : fact;
    if (!IDENTIFIER_PATTERN.test(mapped) || RESERVED_NAMES.has(mapped) || UNSAFE_NAMES.has(mapped)) {
      this.fail(at, `fact '${fact}' is not a ruleset name (letters, digits and _, not a reserved word); map it with factNames`);
    }
    return mapped;
  }

  /** `$.a.b` → `['a', 'b']`. Only member chains: they read record fields. */
  private segments(path: unknown, at: Path): string[] {
    if (path === undefined) return [];
    if (typeof path !== 'string' || !/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) {
      this.fail(at, `path ${show(path)} is not supported: only JSONPath member chains like '$.field' or '$.a.b' map onto record fields`, 'input/invalid');
    }
    const segments = path.slice(2).split('.');
    for (const s of segments) {
      if (RESERVED_NAMES.has(s) || UNSAFE_NAMES.has(s)) this.fail(at, `path segment '${s}' cannot name a record field`, 'input/invalid');
    }
    return segments;
  }

  private params(owner: Record<string, unknown>, at: Path): void {
    if (!has(owner, 'params')) return;
    const params = owner['params'];
    if (isObject(params) && Object.keys(params).length === 0) return;
    this.fail([...at, 'params'], `'params' parameterise a computed fact; the import reads facts as given values and cannot honour ${show(params)}`, 'input/invalid');
  }

  private read(owner: Record<string, unknown>, at: Path): Read {
    this.params(owner, at);
    const name = this.name(owner['fact'], [...at, 'fact']);
    const segments = this.segments(owner['path'], [...at, 'path']);
    return { fact: owner['fact'] as string, segments, text: [name, ...segments].join('.'), at };
  }

  /** A `{ fact, path? }` value, or undefined when the value is not one. */
  private factValue(value: unknown, at: Path): Read | undefined {
    if (!isObject(value) || !has(value, 'fact')) return undefined;
    const extra = Object.keys(value).filter((k) => k !== 'fact' && k !== 'path' && k !== 'params');
    if (extra.length > 0) this.fail([...at, extra[0]!], `a fact reference takes 'fact' and 'path', found ${extra.join(', ')}`);
    return this.read(value, at);
  }

  /** A literal compared with `===` or `<`: number, text, date (`YYYY-MM-DD`) or boolean. */
  private literal(value: unknown, at: Path, op: string): Literal {
    if (typeof value === 'boolean') return { text: String(value), json: 'boolean', sort: 'boolean' };
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.fail(at, `${String(value)} is not a finite number`, 'value/invalid-number');
      return { text: toDecimal(value, at).toFixed(), json: 'number', sort: 'number' };
    }
    if (typeof value === 'string') {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        parseDate(value, at);
        return { text: `date('${value}')`, json: 'string', sort: 'date' };
      }
      return { text: quote(value), json: 'string', sort: 'text' };
    }
    if (isObject(value) && has(value, 'fact')) {
      this.fail(at, `${op}: a { fact } inside a list is not read by json-rules-engine (it compares the object itself); compare the facts one by one`, 'input/invalid');
    }
    this.fail(at, `${op}: ${show(value)} is not a number, text, date or boolean — json-rules-engine would compare it by identity`);
  }

  private decimalLiteral(value: unknown, at: Path, op: string): string {
    if (typeof value === 'number' && Number.isFinite(value)) return toDecimal(value, at).toFixed();
    if (isDecimalText(value)) return numberText(value, at);
    this.fail(at, `${op} compares numbers: ${show(value)} is not a number or decimal text, so it would never match`, 'value/invalid-number');
  }

  private list(value: unknown, at: Path, op: string): unknown[] {
    if (isObject(value) && has(value, 'fact')) {
      this.fail(at, `${op} with a { fact } as the list is not supported: write the list out`, 'input/invalid');
    }
    if (!Array.isArray(value)) {
      this.fail(at, `${op} needs a list value, got ${show(value)}${typeof value === 'string' ? ' (json-rules-engine would test for a substring)' : ''}`);
    }
    return value;
  }

  private leaf(c: Record<string, unknown>, at: Path): string {
    for (const k of ['fact', 'operator', 'value'] as const) {
      if (!has(c, k)) this.fail([...at, k], `a condition needs '${k}' (json-rules-engine refuses it without)`);
    }
    const operator = c['operator'];
    if (typeof operator !== 'string' || !(IMPORTABLE_OPERATORS as readonly string[]).includes(operator)) {
      this.fail([...at, 'operator'], `unknown operator ${show(operator)}: supported are ${IMPORTABLE_OPERATORS.join(', ')}`, 'input/enum');
    }
    const op = operator;
    const subject = this.read(c, at);
    const value = c['value'];
    const valueAt = [...at, 'value'];
    const s = subject.text;
    switch (op) {
      case 'equal':
      case 'notEqual': {
        const other = this.factValue(value, valueAt);
        if (other) {
          this.needs.push({ kind: 'pair', a: subject, b: other, mode: 'equal', op });
          return `${s} ${SYMBOL[op]} ${other.text}`;
        }
        const lit = this.literal(value, valueAt, op);
        this.needs.push({ kind: 'json', read: subject, json: lit.json, op, literal: value });
        return `${s} ${SYMBOL[op]} ${lit.text}`;
      }
      case 'lessThan':
      case 'lessThanInclusive':
      case 'greaterThan':
      case 'greaterThanInclusive': {
        const other = this.factValue(value, valueAt);
        if (other) {
          this.needs.push({ kind: 'pair', a: subject, b: other, mode: 'order', op });
          return `${s} ${SYMBOL[op]} ${other.text}`;
        }
        return `${s} ${SYMBOL[op]} ${this.orderLiteral(value, valueAt, op, subject)}`;
      }
      case 'in':
      case 'notIn': {
        const items = this.list(value, valueAt, op);
        // json-rules-engine: [].indexOf(x) is -1 whatever x is
        if (items.length === 0) {
          this.needs.push({ kind: 'present', read: subject });
          return op === 'in' ? 'false' : 'true';
        }
        const lits = items.map((v, i) => this.literal(v, [...valueAt, i], op));
        const sorts = new Set(lits.map((l) => l.sort));
        if (sorts.size > 1) this.fail(valueAt, `${op}: the list mixes ${[...sorts].join(' and ')} values; a formula list holds one type`);
        this.needs.push({ kind: 'json', read: subject, json: lits[0]!.json, op, literal: value });
        return `${s} ${op === 'in' ? 'in' : 'not in'} [${lits.map((l) => l.text).join(', ')}]`;
      }
      case 'contains':
      case 'doesNotContain': {
        const other = this.factValue(value, valueAt);
        const neg = op === 'doesNotContain' ? 'not ' : '';
        if (other) {
          this.needs.push({ kind: 'items-pair', list: subject, item: other, op });
          return `${neg}exists(${s}, it == ${other.text})`;
        }
        const lit = this.literal(value, valueAt, op);
        this.needs.push({ kind: 'items', read: subject, json: lit.json, op, literal: value });
        return `${neg}exists(${s}, it == ${lit.text})`;
      }
      case 'decimalIn':
      case 'decimalNotIn': {
        const items = this.list(value, valueAt, op);
        this.needs.push({ kind: 'decimal', read: subject, op });
        if (items.length === 0) return op === 'decimalIn' ? 'false' : 'true';
        const texts = items.map((v, i) => this.decimalLiteral(v, [...valueAt, i], op));
        return `${s} ${op === 'decimalIn' ? 'in' : 'not in'} [${texts.join(', ')}]`;
      }
      default: {
        // decimalEqual … decimalGreaterThanInclusive
        const other = this.factValue(value, valueAt);
        if (other) {
          this.needs.push({ kind: 'pair', a: subject, b: other, mode: 'decimal', op });
          return `${s} ${SYMBOL[op]} ${other.text}`;
        }
        this.needs.push({ kind: 'decimal', read: subject, op });
        return `${s} ${SYMBOL[op]} ${this.decimalLiteral(value, valueAt, op)}`;
      }
    }
  }

  /** The right side of lessThan & co.: a number, decimal text that is exactly a number, or a date. */
  private orderLiteral(value: unknown, at: Path, op: string, subject: Read): string {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.fail(at, `${String(value)} is not a finite number`, 'value/invalid-number');
      const text = toDecimal(value, at).toFixed();
      this.needs.push({ kind: 'order-number', read: subject, op, literal: value });
      return text;
    }
    if (isDecimalText(value)) {
      // json-rules-engine: number < '812.50' compares numbers, but text < '812.50' compares characters.
      const text = numberText(value, at);
      if (!isExactNumberText(value.trim())) {
        this.fail(at, `${op}: '${value}' is not exactly a JavaScript number; json-rules-engine would compare with ${String(Number(value))}. Use a decimal operator (registerDecimalOperators)`, 'value/precision');
      }
      this.needs.push({ kind: 'json', read: subject, json: 'number', op, literal: value });
      return text;
    }
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      parseDate(value, at);
      // 'YYYY-MM-DD' text orders like the dates it names
      this.needs.push({ kind: 'json', read: subject, json: 'string', op, literal: value });
      return `date('${value}')`;
    }
    if (typeof value === 'string') {
      this.fail(at, `${op} on text ${show(value)}: json-rules-engine is false unless the fact starts with a number, and then compares text character by character ('10a' < '9a'); a formula orders only numbers and dates`, 'input/invalid');
    }
    if (typeof value === 'boolean') {
      this.fail(at, `${op} with ${String(value)}: json-rules-engine turns true/false into 1/0 here; a formula does not order booleans`, 'input/invalid');
    }
    this.fail(at, `${op} needs a number, decimal text, a 'YYYY-MM-DD' date or a { fact }, got ${show(value)}`);
  }
}

/**
 * Turns json-rules-engine condition JSON into formula text for a boolean rule. `all` → `and`, `any` → `or`,
 * `not` → `not`, `{ condition }` → the named condition inlined, `path: '$.a.b'` → `fact.a.b`.
 * Operators: equal, notEqual, lessThan(Inclusive), greaterThan(Inclusive), in, notIn, contains,
 * doesNotContain, and the decimal ones of {@link registerDecimalOperators}. A number literal becomes that
 * exact number; text `YYYY-MM-DD` a date; other text an enum literal (also `'2'`: json-rules-engine's
 * `equal '2'` matches the text `'2'`, not the number 2); in `lessThan` & co., decimal text becomes a number.
 * Empty `all` and `any` are `true`, as in json-rules-engine.
 *
 * Evaluate the formula on facts passed through {@link importFacts}: it refuses the facts json-rules-engine
 * would read differently (a number given as text where `===` compares, a missing fact, …).
 *
 * Refused, with the path to the construct:
 * - `input/type`: what json-rules-engine refuses too (a bare leaf as the root or as a named condition,
 *   `'all'` not a list, `'not'` a list, a leaf without fact/operator/value), and values that are not a
 *   number, text, date or boolean (null, objects, lists where one value is compared), a list that mixes types;
 * - `input/invalid`: what json-rules-engine reads in a way the import will not guess: an object with more than
 *   one of `any`/`all`/`not`/`condition`/a leaf (json-rules-engine silently drops all but one), `lessThan` & co.
 *   on text or booleans, `params`, a `{ fact }` inside a list or as the list, JSONPath other than `$.a.b`;
 * - `input/enum` an unknown operator; `expr/unknown-name` / `expr/cycle` condition references;
 *   `value/invalid-number`, `value/invalid-date`, `value/precision` (decimal text that is not exactly a
 *   JavaScript number in `lessThan` & co.).
 *
 * @throws MinshengError with the codes above
 * @example
 * importConditions({ all: [
 *   { fact: 'household', path: '$.perCapitaIncome', operator: 'lessThanInclusive', value: 812.5 },
 *   { fact: 'category', operator: 'notIn', value: ['dibao', 'tekun'] },
 * ] });
 * //=> "(household.perCapitaIncome <= 812.5 and category not in ['dibao', 'tekun'])"
 */
export function importConditions(conditions: Condition, options: ImportOptions = {}): string {
  requireArgument(typeof conditions === 'object' && conditions !== null && !Array.isArray(conditions), 'importConditions', 'conditions', 'a json-rules-engine condition object ({ all | any | not | fact … })', conditions);
  requireArgument(!nestsDeeperThan(conditions, 64), 'importConditions', 'conditions', 'nested at most 64 levels deep', conditions);
  requireArgument(isOptions(options), 'importConditions', 'options', 'an object', options);
  options ??= {};
  const text = new Importer(options).top(conditions, [], 'the conditions');
  parseFormula(text); // never hand out text the parser would refuse
  return text;
}

// ───────────────────────────── facts ─────────────────────────────

type Got = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

class FactChecker {
  readonly issues: Issue[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly facts: Readonly<Record<string, unknown>>) {}

  issue(code: IssueCode, path: Path, message: string): void {
    const key = `${code} ${JSON.stringify(path)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push({ code, message, path });
  }

  /** The value json-rules-engine reads for `read`, when it is one the formula reads the same way. */
  get(read: Read): Got {
    const where = formatPath(read.at) || 'the root condition';
    if (!has(this.facts, read.fact) || this.facts[read.fact] === undefined || this.facts[read.fact] === null) {
      this.issue('input/missing', [read.fact], `fact '${read.fact}' (read at ${where}) is not given: json-rules-engine throws "Undefined fact" (or, with allowUndefinedFacts, reads undefined); the import refuses a missing fact`);
      return { ok: false };
    }
    let value: unknown = this.facts[read.fact];
    const path: Path = [read.fact];
    for (const segment of read.segments) {
      if (!isObject(value)) {
        this.issue('input/type', path, `${formatPath(path)} is ${show(value)}, not an object, so '$.${read.segments.join('.')}' (read at ${where}) finds no field: json-rules-engine would read ${path.length === 1 ? 'the value itself' : 'undefined'}`);
        return { ok: false };
      }
      path.push(segment);
      if (!has(value, segment) || value[segment] === undefined || value[segment] === null) {
        this.issue('input/missing', [...path], `${formatPath(path)} (read at ${where}) is not given: json-rules-engine would read undefined; the import refuses a missing value`);
        return { ok: false };
      }
      value = value[segment];
    }
    return { ok: true, value };
  }

  private path(read: Read): Path {
    return [read.fact, ...read.segments];
  }

  private where(read: Read, op: string): string {
    return `${op} at ${formatPath(read.at) || 'the root condition'}`;
  }

  check(need: Need): void {
    switch (need.kind) {
      case 'present':
        this.get(need.read);
        return;
      case 'json': {
        const got = this.get(need.read);
        if (got.ok && typeof got.value !== need.json) {
          this.issue('input/type', this.path(need.read), `${show(got.value)} is compared (${this.where(need.read, need.op)}) with ${show(need.literal)}: json-rules-engine compares JSON values strictly (${show(got.value)} is not ${need.json === 'string' ? 'text' : `a ${need.json}`}) while the formula reads declared values; give ${need.json === 'string' ? 'text' : `a JSON ${need.json}`} here`);
        }
        return;
      }
      case 'order-number': {
        const got = this.get(need.read);
        if (got.ok && !isOrderNumber(got.value)) {
          this.issue('input/type', this.path(need.read), `${show(got.value)} is ordered (${this.where(need.read, need.op)}) against the number ${show(need.literal)}: give a JSON number${typeof got.value === 'string' ? ' (or decimal text that is exactly a JavaScript number): json-rules-engine converts this text with Number()' : ''}`);
        }
        return;
      }
      case 'decimal': {
        const got = this.get(need.read);
        if (got.ok && !isDecimalLike(got.value)) {
          this.issue('input/type', this.path(need.read), `${show(got.value)} is not a number or decimal text (${this.where(need.read, need.op)}): the decimal operators would be false whatever the other side`);
        }
        return;
      }
      case 'items': {
        const got = this.get(need.read);
        if (!got.ok) return;
        if (!Array.isArray(got.value)) {
          this.issue('input/type', this.path(need.read), `${show(got.value)} is not a list (${this.where(need.read, need.op)}): json-rules-engine's contains and doesNotContain are both false then`);
          return;
        }
        got.value.forEach((item, i) => {
          if (typeof item !== need.json) {
            this.issue('input/type', [...this.path(need.read), i], `${show(item)} in the list is compared (${this.where(need.read, need.op)}) with ${show(need.literal)}: json-rules-engine compares strictly (indexOf), so give ${need.json === 'string' ? 'text' : `JSON ${need.json}s`} only`);
          }
        });
        return;
      }
      case 'pair': {
        const a = this.get(need.a);
        const b = this.get(need.b);
        if (a.ok && b.ok) this.pair(a.value, b.value, need.mode, need.a, need.b, need.op);
        return;
      }
      case 'items-pair': {
        const list = this.get(need.list);
        const item = this.get(need.item);
        if (!list.ok || !item.ok) return;
        if (!Array.isArray(list.value)) {
          this.issue('input/type', this.path(need.list), `${show(list.value)} is not a list (${this.where(need.list, need.op)}): json-rules-engine's contains and doesNotContain are both false then`);
          return;
        }
        if (!isScalar(item.value)) {
          this.issue('input/type', this.path(need.item), `${show(item.value)} is looked for in a list (${this.where(need.list, need.op)}): json-rules-engine compares lists and objects by identity; give a number, text, date or boolean`);
          return;
        }
        list.value.forEach((v, i) => this.pair(v, item.value, 'equal', need.list, need.item, need.op, i));
        return;
      }
    }
  }

  private pair(a: unknown, b: unknown, mode: 'equal' | 'order' | 'decimal', ra: Read, rb: Read, op: string, index?: number): void {
    const pa = index === undefined ? this.path(ra) : [...this.path(ra), index];
    const fail = (message: string) => this.issue('input/type', pa, `${show(a)} and ${show(b)} (${formatPath(this.path(rb))}) are compared (${this.where(ra, op)}): ${message}`);
    if (mode === 'decimal') {
      if (!isDecimalLike(a) || !isDecimalLike(b)) fail('both must be numbers or decimal text');
      return;
    }
    if (!isScalar(a) || !isScalar(b)) return fail('json-rules-engine compares lists and objects by identity; compare numbers, text, dates or booleans');
    if (mode === 'equal') {
      if (typeof a !== typeof b) return fail('json-rules-engine compares JSON values strictly, and these differ in JSON type');
      // Two texts json-rules-engine finds different but a number input reads as the same number ('5', '5.0')
      if (a !== b && isDecimalText(a) && isDecimalText(b) && sameNumber(a, b)) return fail('numbers given as text compare as text in json-rules-engine (\'5\' is not \'5.0\'); give JSON numbers');
      return;
    }
    // order
    if (typeof a === 'number' && typeof b === 'number') return;
    if (typeof a === 'number' || typeof b === 'number') {
      const text = typeof a === 'number' ? b : a;
      if (!isOrderNumber(text)) fail('json-rules-engine converts the text with Number(); give JSON numbers');
      return;
    }
    if (typeof a === 'string' && typeof b === 'string' && !isDecimalText(a) && !isDecimalText(b)) return; // dates
    fail('json-rules-engine orders two texts character by character (\'10\' < \'9\') and booleans as 1/0; give JSON numbers or YYYY-MM-DD dates');
  }
}

/** Two decimal texts of one value (or too large to tell: then they count as the same). */
function sameNumber(a: string, b: string): boolean {
  try {
    return toDecimal(a).eq(toDecimal(b));
  } catch {
    return true;
  }
}

function isScalar(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** A JSON number, or decimal text json-rules-engine's `Number()` reads exactly. */
function isOrderNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return isDecimalText(value) && isExactNumberText(value.trim());
}

function isDecimalLike(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || isDecimalText(value);
}

/**
 * Checks json-rules-engine facts against imported conditions and returns them as inputs for the imported
 * formula (renamed with `factNames`; the other facts are passed through unchanged). Refuses, all problems
 * together:
 * - `input/missing`: a fact or a `path` the conditions read is not given (or is null). json-rules-engine
 *   throws `Undefined fact` for a missing fact (reading `undefined` only with `allowUndefinedFacts`), and
 *   reads `undefined` for a missing path — the import refuses both, even where json-rules-engine would have
 *   stopped before reading them;
 * - `input/type`: a value json-rules-engine would compare differently from the formula: a JSON type other
 *   than the literal's where `===` compares (`'800'` against `800`; `2` against `'2'`), numbers as text
 *   compared with each other, text that is not exactly a JavaScript number ordered against a number, a
 *   `contains` fact that is not a list or holds other types, a `path` through a value that is not an object;
 * - `input/invalid`: two facts renamed to the same name.
 *
 * The formula's own input checks (declared types, enum values, dates) still apply when it is evaluated.
 *
 * @example
 * const conditions = { all: [{ fact: 'size', operator: 'equal', value: 2 }] };
 * importFacts(conditions, { size: 2 });   //=> { size: 2 }
 * importFacts(conditions, { size: '2' }); // throws input/type: json-rules-engine's '2' === 2 is false
 */
export function importFacts(conditions: Condition, facts: Readonly<Record<string, unknown>>, options: ImportOptions = {}): Record<string, unknown> {
  requireArgument(typeof conditions === 'object' && conditions !== null && !Array.isArray(conditions), 'importFacts', 'conditions', 'a json-rules-engine condition object ({ all | any | not | fact … })', conditions);
  requireArgument(!nestsDeeperThan(conditions, 64), 'importFacts', 'conditions', 'nested at most 64 levels deep', conditions);
  requireArgument(isOptions(options), 'importFacts', 'options', 'an object', options);
  options ??= {};
  requireArgument(typeof facts === 'object' && facts !== null && !Array.isArray(facts), 'importFacts', 'facts', 'an object of fact values', facts);
  requireArgument(!nestsDeeperThan(facts, 64), 'importFacts', 'facts', 'nested at most 64 levels deep', facts);
  const importer = new Importer(options);
  parseFormula(importer.top(conditions, [], 'the conditions'));
  if (!isObject(facts)) throw new MinshengError({ code: 'input/type', message: `facts must be an object of fact values, got ${show(facts)}`, path: [] });
  const checker = new FactChecker(facts);
  for (const need of importer.needs) checker.check(need);
  const out: Record<string, unknown> = {};
  const names = options.factNames;
  const from: Record<string, string> = {};
  for (const key of Object.keys(facts)) {
    const name = names && has(names, key) ? names[key]! : key;
    if (has(from, name)) {
      checker.issue('input/invalid', [key], `facts '${from[name]}' and '${key}' both become '${name}'`);
      continue;
    }
    from[name] = key;
    out[name] = facts[key];
  }
  if (checker.issues.length > 0) throw new MinshengError(checker.issues);
  return out;
}
