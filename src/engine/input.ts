/**
 * Input checking, compiled once from the ruleset's declared inputs: every evaluation converts the caller's
 * JSON-ish object into runtime values (exact decimals, day numbers) and reports every problem with its
 * path in one error. The same declarations also give a zod schema (./input-schema: for docs, forms and JSON Schema).
 *
 * Nothing is guessed: a key no declaration names is an error at any depth (`input/unknown-field`, with the
 * closest declared name), a value of the wrong kind is an error, and a declared input without a default is
 * `input/missing` when it is absent. An optional record that is absent as a whole has no fields: its
 * defaults apply, and a formula that reads one of its fields without a default fails with `input/missing`.
 * Messages quote at most a short prefix of a value; at most {@link MAX_ISSUES} problems are listed.
 */
import { MinshengError, capIssues, clipMessage, describeValue, isMinshengError, quote, unknownKeyIssue, MAX_ISSUES, type Issue } from '../errors';
import { closest } from '../suggest';
import { isPlainObject } from '../ruleset/plain-object';
import { Decimal, toDecimal } from '../money/decimal';
import { parseMoney } from '../money/money';
import { parseDate } from '../period/date';
import type { InputDecl } from '../ruleset/schema';
import type { Type } from '../expr/types';
import { DEFAULT_LIMITS } from '../limits';

type Path = readonly (string | number)[];
type Convert = (value: unknown, path: Path, issues: Issue[]) => unknown;

/** Why an object with a prototype of its own is refused: its inherited fields would be read, or ignored. */
const NOT_PLAIN = 'must be a plain object made with {…} or JSON.parse, got an object with a prototype (a class instance?)';

/** Unknown keys of one record listed one by one; more are counted in one issue. */
const MAX_UNKNOWN_KEYS = 20;

/** The static type of a declared input. */
export function inputType(decl: InputDecl): Type {
  switch (decl.type) {
    case 'enum':
      return { kind: 'enum', values: decl.of ?? [] };
    case 'record':
      return { kind: 'record', fields: mapValues(decl.fields ?? {}, inputType) };
    case 'list':
      return { kind: 'list', item: decl.items ? inputType(decl.items) : { kind: 'decimal' } };
    default:
      return { kind: decl.type };
  }
}

function mapValues<T, U>(obj: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = Object.create(null) as Record<string, U>;
  for (const key of Object.keys(obj)) out[key] = fn(obj[key]!);
  return out;
}

const describe = describeValue;

function pushError(issues: Issue[], error: unknown, path: Path): void {
  if (isMinshengError(error)) {
    for (const issue of error.issues) issues.push({ ...issue, path: issue.path ?? path });
  } else {
    issues.push({ code: 'input/type', message: clipMessage(String(error), 200), path });
  }
}

/**
 * Reports the own keys of `source` that are not in `known`: the first {@link MAX_UNKNOWN_KEYS} one by one
 * (with the closest declared name), the rest counted.
 */
function unknownKeys(source: object, known: ReadonlySet<string>, knownList: readonly string[], path: Path, issues: Issue[]): void {
  let extra = 0;
  for (const key of Object.keys(source)) {
    if (known.has(key)) continue;
    if (extra++ < MAX_UNKNOWN_KEYS && issues.length < MAX_ISSUES) issues.push(unknownKeyIssue(key, knownList, path));
  }
  if (extra > MAX_UNKNOWN_KEYS) {
    issues.push({ code: 'input/unknown-field', message: `… and ${extra - MAX_UNKNOWN_KEYS} more unknown fields`, path: [...path] });
  }
}

/**
 * The value of a declared input that is absent because the optional record holding it is absent: its default,
 * the empty list of an optional list, the (absent) fields of a record, otherwise nothing.
 */
function absentValue(decl: InputDecl, fallback: unknown, hasDefault: boolean): unknown {
  if (hasDefault) return fallback;
  if (decl.type === 'list' && decl.optional === true) return [];
  if (decl.type === 'record') return absentRecord(decl.fields ?? {});
  return undefined;
}

function absentRecord(fields: Readonly<Record<string, InputDecl>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const hasDefault = field.default !== undefined;
    let fallback: unknown;
    if (hasDefault) {
      const issues: Issue[] = [];
      fallback = compileValue(field)(field.default, ['default'], issues);
      if (issues.length > 0) throw new MinshengError(issues);
    }
    out[name] = absentValue(field, fallback, hasDefault);
  }
  return out;
}

/** Builds the converter of one declared input (recursively for records and lists). */
export function compileInput(decl: InputDecl): Convert {
  const base = compileValue(decl);
  const hasDefault = decl.default !== undefined;
  const optional = decl.optional === true;
  let fallback: unknown;
  if (hasDefault) {
    const issues: Issue[] = [];
    fallback = base(decl.default, ['default'], issues);
    if (issues.length > 0) throw new MinshengError(issues);
  }
  // An absent optional record has no fields: its defaults apply, the others stay absent (see the module doc).
  const absent = optional && !hasDefault && decl.type === 'record' ? absentRecord(decl.fields ?? {}) : undefined;
  return (value, path, issues) => {
    if (value === undefined || value === null) {
      if (hasDefault) return fallback;
      if (optional) {
        if (decl.type === 'list') return [];
        if (decl.type === 'record') return { ...absent };
        return undefined;
      }
      issues.push({ code: 'input/missing', message: `required input is missing (${decl.type})`, path });
      return undefined;
    }
    return base(value, path, issues);
  };
}

function compileValue(decl: InputDecl): Convert {
  const numeric = decl.type === 'money' || decl.type === 'rate' || decl.type === 'decimal' || decl.type === 'integer';
  const min = numeric && decl.min !== undefined ? toDecimal(decl.min, ['min']) : undefined;
  const max = numeric && decl.max !== undefined ? toDecimal(decl.max, ['max']) : undefined;
  const bounded = (convert: (value: unknown, path: Path) => Decimal): Convert => (value, path, issues) => {
    try {
      const d = convert(value, path);
      if (min && d.lt(min)) issues.push({ code: 'value/negative', message: `must be at least ${min.toString()}, got ${d.toString()}`, path });
      if (max && d.gt(max)) issues.push({ code: 'input/type', message: `must be at most ${max.toString()}, got ${d.toString()}`, path });
      return d;
    } catch (error) {
      pushError(issues, error, path);
      return undefined;
    }
  };
  switch (decl.type) {
    case 'money': {
      const allowNegative = decl.allowNegative === true;
      return bounded((value, path) => parseMoney(value, { path, allowNegative }));
    }
    case 'rate':
    case 'decimal': {
      const allowNegative = decl.allowNegative === true || decl.type === 'decimal';
      return bounded((value, path) => {
        const d = toDecimal(value, path);
        if (!allowNegative && d.isNegative() && !d.isZero()) throw new MinshengError({ code: 'value/negative', message: `a rate cannot be negative, got ${d.toString()}`, path });
        return d;
      });
    }
    case 'integer':
      return bounded((value, path) => {
        const d = toDecimal(value, path);
        if (!d.isInteger()) throw new MinshengError({ code: 'value/precision', message: `must be a whole number, got ${d.toString()}`, path });
        return d;
      });
    case 'boolean':
      return (value, path, issues) => {
        if (typeof value === 'boolean') return value;
        issues.push({ code: 'input/type', message: `must be true or false, got ${describe(value)}`, path });
        return undefined;
      };
    case 'date':
      return (value, path, issues) => {
        try {
          return parseDate(value, path);
        } catch (error) {
          pushError(issues, error, path);
          return undefined;
        }
      };
    case 'enum': {
      const allowed = new Set(decl.of ?? []);
      const values = [...allowed];
      const list = clipMessage(values.map((v) => `'${v}'`).join(', '), 300);
      return (value, path, issues) => {
        if (typeof value === 'string' && allowed.has(value)) return value;
        // Enum values are text; a number matches its decimal text (hospital level 2 → '2').
        if (typeof value === 'number' && allowed.has(String(value))) return String(value);
        const hint = typeof value === 'string' && value.length <= 100 ? closest(value, values) : undefined;
        issues.push({ code: 'input/enum', message: `must be one of ${list}, got ${describe(value)}${hint ? ` (did you mean '${hint}'?)` : ''}`, path });
        return undefined;
      };
    }
    case 'record': {
      const fields = Object.entries(decl.fields ?? {}).map(([name, d]) => [name, compileInput(d)] as const);
      const knownList = fields.map(([name]) => name);
      const known = new Set(knownList);
      return (value, path, issues) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          issues.push({ code: 'input/type', message: `must be an object with the fields ${quote(knownList.join(', '), 120)}, got ${describe(value)}`, path });
          return undefined;
        }
        if (!isPlainObject(value)) {
          issues.push({ code: 'input/type', message: NOT_PLAIN, path });
          return undefined;
        }
        const source = value;
        const out: Record<string, unknown> = {};
        for (const [name, convert] of fields) out[name] = convert(Object.hasOwn(source, name) ? source[name] : undefined, [...path, name], issues);
        unknownKeys(source, known, knownList, path, issues);
        return out;
      };
    }
    case 'list': {
      const item = decl.items ? compileInput(decl.items) : () => undefined;
      return (value, path, issues) => {
        if (!Array.isArray(value)) {
          issues.push({ code: 'input/type', message: `must be a list, got ${describe(value)}`, path });
          return undefined;
        }
        if (value.length > DEFAULT_LIMITS.maxListItems) {
          issues.push({ code: 'input/limit', message: `at most ${DEFAULT_LIMITS.maxListItems} items, got ${value.length}`, path });
          return undefined;
        }
        // A plain loop: a hole in a sparse list is an absent item, not skipped.
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          out[i] = item(value[i], [...path, i], issues);
          // A list of a hundred thousand bad items stops at the first hundred problems.
          if (issues.length > MAX_ISSUES) break;
        }
        return out;
      };
    }
  }
}

/**
 * Compiles the top-level input declarations into one converter. Unknown top-level fields are errors
 * (they are usually typos); all problems are reported together.
 */
export function compileInputs(decls: Readonly<Record<string, InputDecl>>): (raw: unknown) => Record<string, unknown> {
  const fields = Object.keys(decls).map((name) => ({ name, path: [name] as const, convert: compileInput(decls[name]!) }));
  const knownList = fields.map((f) => f.name);
  const known = new Set(knownList);
  return (raw) => {
    const issues: Issue[] = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new MinshengError({ code: 'input/type', message: `the input must be an object with the declared fields, got ${describe(raw)}`, path: [] });
    }
    if (!isPlainObject(raw)) throw new MinshengError({ code: 'input/type', message: NOT_PLAIN, path: [] });
    const source = raw as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f.name] = f.convert(Object.hasOwn(source, f.name) ? source[f.name] : undefined, f.path, issues);
    unknownKeys(source, known, knownList, [], issues);
    if (issues.length > 0) throw new MinshengError(capIssues(issues));
    return out;
  };
}
