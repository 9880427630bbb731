/**
 * Errors are data: every failure is a list of {@link Issue}s with a stable `code` a program can branch
 * on, and where it happened (file, path inside the file, span inside a formula).
 *
 * Messages stay short whatever the input: a user value is quoted as a short prefix ({@link quote}), a long
 * key in a path is cut ({@link formatPath}), and an error's message lists at most
 * {@link MAX_ISSUES_IN_MESSAGE} issues and is at most {@link MAX_ERROR_MESSAGE_LENGTH} characters long (the
 * `issues` array keeps every issue).
 */
import { closest } from './suggest';


/** Stable machine-readable issue codes. Never renamed once published; new ones may be added. */
export type IssueCode =
  // values
  | 'value/invalid-number'
  | 'value/negative'
  | 'value/precision'
  /** A number beyond the numeric limits (`NUMBER_LIMITS` in src/limits.ts): too long a text, too many digits. */
  | 'value/limit'
  | 'value/invalid-date'
  // ruleset files
  | 'ruleset/io'
  | 'ruleset/syntax'
  | 'ruleset/schema'
  | 'ruleset/limit'
  | 'ruleset/unsafe-key'
  | 'ruleset/duplicate-id'
  | 'ruleset/missing-parent'
  | 'ruleset/extends-cycle'
  | 'ruleset/shadowing'
  | 'ruleset/replaces-nothing'
  | 'ruleset/incompatible-override'
  | 'ruleset/unknown-source'
  | 'ruleset/unknown-parameter'
  | 'ruleset/timeline'
  | 'ruleset/policy-floor'
  /** A parameter value outside its range: a rate outside [0, 1], negative money, outside a declared min/max. */
  | 'ruleset/range'
  /** A constraint a source `requires` (a national floor, a relation between parameters) does not hold. */
  | 'ruleset/constraint'
  // static analysis (warnings unless a severity says otherwise)
  | 'analysis/always-true'
  | 'analysis/never-true'
  | 'analysis/constant-output'
  | 'analysis/unused-parameter'
  | 'analysis/unused-rule'
  | 'analysis/band-overlap'
  | 'analysis/band-gap'
  | 'analysis/timeline-gap'
  // formulas
  | 'expr/syntax'
  | 'expr/limit'
  | 'expr/unknown-name'
  | 'expr/type'
  | 'expr/arity'
  | 'expr/cycle'
  // inputs
  | 'input/missing'
  | 'input/type'
  | 'input/enum'
  | 'input/unknown-field'
  | 'input/limit'
  | 'input/invalid'
  // evaluation
  | 'eval/no-value-in-force'
  /**
   * A warning, never thrown: a figure the result used is the last its ruleset publishes and took effect more
   * than two years before the evaluation date, so a newer figure has probably been published since.
   */
  | 'eval/stale-figures'
  | 'eval/outside-validity'
  | 'eval/division-by-zero'
  | 'eval/domain'
  // domain facades
  | 'claim/invalid'
  | 'ledger/mismatch'
  | 'household/invalid'
  // calls and files outside rulesets (library codes: the CLI maps them to its exit codes)
  | 'options/invalid'
  | 'io/read'
  | 'io/format'
  | 'package/incomplete'
  // the command line only (never thrown by library code)
  | 'cli/usage';

/** Where in a formula: 0-based offsets into the formula text, 1-based line and column. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** One problem, located as precisely as the stage that found it can. */
export interface Issue {
  readonly code: IssueCode;
  readonly message: string;
  /** Path inside the ruleset file or the input, e.g. `['rules', 'basicPaid', 'formula']`. */
  readonly path?: readonly (string | number)[];
  /** The ruleset file (or ruleset id when it was registered programmatically). */
  readonly file?: string;
  /** For a formula: where inside its text. */
  readonly span?: SourceSpan;
  /** Citation id of the rule or parameter involved, when there is one. */
  readonly source?: string;
  /**
   * For findings of the static checks: `error` (the ruleset is invalid: compile throws) or `warning`
   * (listed in `program.warnings`; `validate --strict` fails on them). Absent on other issues, which are errors.
   */
  readonly severity?: 'error' | 'warning';
}

/** The brand every copy of the library puts on its errors (a registered symbol is one value across copies and realms). */
const MINSHENG_ERROR_BRAND: unique symbol = Symbol.for('minsheng-rules.MinshengError');

/**
 * The one error class of the library. `code` is the first issue's code; `issues` holds all of them.
 *
 * `instanceof MinshengError` (and {@link isMinshengError}) also recognise an error thrown by another copy of
 * the library — the ESM and the CJS build loaded in one process, or two installed versions: every copy
 * brands its errors with the same registered symbol (`Symbol.for('minsheng-rules.MinshengError')`).
 *
 * @example
 * try { program.evaluate({ totalCost: -1 }) } catch (e) {
 *   if (e instanceof MinshengError && e.code === 'value/negative') { ... }
 * }
 */
export class MinshengError extends Error {
  readonly issues: readonly Issue[];
  readonly code: IssueCode;

  /** True for any copy's MinshengError (by brand); a subclass keeps the ordinary prototype check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== MinshengError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [MINSHENG_ERROR_BRAND]?: unknown })[MINSHENG_ERROR_BRAND] === true;
  }

  constructor(issues: Issue | readonly Issue[]) {
    const list = Array.isArray(issues) ? (issues as readonly Issue[]) : [issues as Issue];
    if (list.length === 0) throw new TypeError('MinshengError needs at least one issue');
    super(errorMessage(list));
    this.name = 'MinshengError';
    this.issues = Object.freeze([...list]);
    this.code = list[0]!.code;
  }
}

// On the prototype, not enumerable: it does not show in JSON or in console.log of an error.
Object.defineProperty(MinshengError.prototype, MINSHENG_ERROR_BRAND, { value: true });

/** Shorthand used at throw sites. */
export function fail(issue: Issue): never {
  throw new MinshengError(issue);
}

/** Most issues an error's message lists; the rest are counted (`… and 3 more issues`). */
export const MAX_ISSUES_IN_MESSAGE = 20;

/** Longest message a {@link MinshengError} has, whatever it reports. */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;

/** The message of an error: the first issues formatted, the others counted, cut to the maximum length. */
function errorMessage(issues: readonly Issue[]): string {
  const shown = issues.length > MAX_ISSUES_IN_MESSAGE ? issues.slice(0, MAX_ISSUES_IN_MESSAGE) : issues;
  const more = issues.length - shown.length;
  const text = formatIssues(shown) + (more > 0 ? `\n… and ${more} more issue${more === 1 ? '' : 's'}` : '');
  return clipMessage(text, MAX_ERROR_MESSAGE_LENGTH);
}

/** Longest key a rendered path shows in full (longer ones are cut, see {@link formatPath}). */
const MAX_PATH_KEY = 60;

/**
 * Renders a path as `rules.basicPaid.formula` / `members[2].age`. A key longer than 60 characters is
 * shown as a quoted prefix, and the whole text is at most 300 characters.
 */
export function formatPath(path: readonly (string | number)[] | undefined): string {
  if (!path || path.length === 0) return '';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (part.length <= MAX_PATH_KEY && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${part.length <= MAX_PATH_KEY ? JSON.stringify(part) : quote(part, MAX_PATH_KEY)}]`;
    if (out.length > 300) return `${out.slice(0, 299)}…`;
  }
  return out;
}

/**
 * Human-readable rendering: `✖ [code] message` then `→ at file: path (line, column)` for each issue.
 *
 * @example
 * formatIssues([{ code: 'input/enum', message: "must be one of 'primary', 'secondary', got 'x'", path: ['hospitalLevel'] }]);
 * //=> "✖ [input/enum] must be one of 'primary', 'secondary', got 'x'\n  → at hospitalLevel"
 */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      const where: string[] = [];
      if (issue.file) where.push(issue.file);
      const path = formatPath(issue.path);
      if (path) where.push(path);
      let loc = where.join(': ');
      if (issue.span) loc += `${loc ? ' ' : ''}(line ${issue.span.line}, column ${issue.span.column})`;
      return `✖ [${issue.code}] ${issue.message}${loc ? `\n  → at ${loc}` : ''}`;
    })
    .join('\n');
}

/**
 * True when `value` is a {@link MinshengError} thrown by any copy of the library (ESM or CJS build, another
 * installed version, another realm): the check is the shared brand, not the class identity.
 */
export function isMinshengError(value: unknown): value is MinshengError {
  return value instanceof MinshengError;
}

/** Longest issue message the library writes; longer texts are cut by {@link clipMessage}. */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * Renders a user value for a message, at most `max` characters: strings JSON-quoted, other values as
 * JSON or their type. Only a prefix of a long string is ever looked at, and large objects are not
 * serialised in full, so quoting a 10 MB value costs nothing.
 *
 * @example
 * quote('abc');               // '"abc"'
 * quote('x'.repeat(100), 10); // '"xxxxxxxx…'
 * quote({ a: 1 });            // '{"a":1}'
 */
export function quote(value: unknown, max = 60): string {
  const limit = Number.isSafeInteger(max) && max >= 8 ? max : 60;
  let text: string;
  switch (typeof value) {
    case 'string':
      text = JSON.stringify(value.length > limit ? value.slice(0, limit) : value);
      break;
    case 'number':
    case 'boolean':
    case 'undefined':
      text = String(value);
      break;
    case 'bigint':
      text = value.toString().length > limit ? `${value.toString().slice(0, limit)}…n` : `${value}n`;
      break;
    case 'symbol':
      text = value.toString();
      break;
    case 'function':
      text = 'a function';
      break;
    default:
      text = value === null ? 'null' : boundedJson(value as object, limit);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

const STOP = Symbol('stop');

/** `JSON.stringify` that gives up after a few dozen nodes (then the `[object Type]` tag). */
function boundedJson(value: object, max: number): string {
  let budget = 64;
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (--budget < 0) throw STOP;
      return typeof v === 'string' && v.length > max ? v.slice(0, max) : v;
    });
    return text ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Cuts a message to `max` characters (default {@link MAX_MESSAGE_LENGTH}), marking the cut.
 *
 * @example
 * clipMessage('a'.repeat(600)).length; // 500
 */
export function clipMessage(message: string, max = MAX_MESSAGE_LENGTH): string {
  return message.length > max ? `${message.slice(0, max - 12)}… (cut here)` : message;
}

/**
 * A long list for a message: the first `head` items, `…`, the last one and the count.
 *
 * @example
 * abbreviateList(['a', 'b', 'c', 'd', 'e', 'f'], ' → ', 3); // 'a → b → c → … → f (6 in all)'
 * abbreviateList(['a', 'b'], ', ');                           // 'a, b'
 */
export function abbreviateList(items: readonly string[], separator = ', ', head = 4, itemMax = 60): string {
  const show = (s: string) => (s.length > itemMax ? `${s.slice(0, itemMax - 1)}…` : s);
  if (items.length <= head + 2) return items.map(show).join(separator);
  return `${[...items.slice(0, head).map(show), '…', show(items[items.length - 1]!)].join(separator)} (${items.length} in all)`;
}

/** Longest key kept whole in an issue path; longer keys are cut (a path locates, it does not copy). */
export const MAX_KEY_IN_PATH = 200;

/**
 * A key as it goes into an issue path: itself, or for an absurdly long key its first 200 characters and `…`
 * (so an error never holds or prints a megabyte-long key).
 *
 * @example
 * pathKey('vehicles');          // 'vehicles'
 * pathKey('k'.repeat(10_000)).length; // 201
 */
export function pathKey(key: string): string {
  return key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
}

/**
 * The issue for a key a record does not declare: `unknown field 'vehicle' (did you mean 'vehicles'?)`, or the
 * known fields when no name is close. The key is quoted short and cut in the path.
 *
 * @param key the unknown key
 * @param known the keys the record declares
 * @param path the path of the record (the key is appended)
 * @param code the issue code (default `input/unknown-field`)
 * @example
 * unknownKeyIssue('vehicle', ['financial', 'vehicles'], ['assets']).message;
 * //=> "unknown field 'vehicle' in assets (did you mean 'vehicles'?)"
 */
export function unknownKeyIssue(key: string, known: readonly string[], path: readonly (string | number)[], code: IssueCode = 'input/unknown-field'): Issue {
  const hint = key.length <= 100 ? closest(key, known) : undefined;
  const where = path.length > 0 ? ` in ${formatPath(path)}` : '';
  const advice = hint ? ` (did you mean '${hint}'?)` : known.length > 0 ? ` (known: ${abbreviateList(known.map((k) => k), ', ', 12, 40)})` : ' (no field is allowed here)';
  const shown = key.length <= 60 && /^[^'\\\n\r]*$/.test(key) ? `'${key}'` : quote(key);
  const noun = code === 'options/invalid' && path.length === 0 ? 'option' : 'field';
  return { code, message: `unknown ${noun} ${shown}${where}${advice}`, path: [...path, pathKey(key)] };
}

/**
 * What a value is, for "expected …, got …" messages: `null`, `a list (3 items)`, `an object`, or the value
 * quoted short ({@link quote}).
 *
 * @example
 * describeValue([1, 2]);  // 'a list (2 items)'
 * describeValue('abc');   // '"abc"'
 * describeValue('x'.repeat(1e7)); // '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (10000000 characters)'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string' && value.length > 50) return `${quote(value, 50)} (${value.length} characters)`;
  return quote(value);
}

/** Most issues one validation collects before it stops looking (see {@link capIssues}). */
export const MAX_ISSUES = 100;

/**
 * At most {@link MAX_ISSUES} issues: the first ones, then one issue counting the rest (with the code of the
 * first one left out), so an input with a million bad values still fails fast with a small error.
 *
 * @example
 * capIssues(manyIssues).length; // 101 at most
 */
export function capIssues(issues: readonly Issue[]): readonly Issue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const rest = issues.length - MAX_ISSUES;
  const next = issues[MAX_ISSUES]!;
  return [...issues.slice(0, MAX_ISSUES), { code: next.code, message: `… and ${rest} more problem${rest === 1 ? '' : 's'} not listed`, path: [] }];
}

/**
 * Refuses a wrong argument of a public function with `options/invalid` (never a TypeError later on): `ok`
 * says whether `value` is acceptable; the message names the function, the argument and what was given.
 */
export function requireArgument(ok: boolean, fn: string, argument: string, expected: string, value: unknown): void {
  if (ok) return;
  throw new MinshengError({ code: 'options/invalid', message: `${fn}: ${argument} must be ${expected}, got ${describeValue(value)}`, path: [argument] });
}

/** A plain object or `undefined` (an options argument). */
export function isOptions(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

/**
 * Whether `value` nests objects or lists deeper than `max` levels — found iteratively, so a 100,000-deep value
 * is measured without recursion (callers refuse it before a recursive walk would overflow the stack).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    // Wide values are walked only so far: depth is what overflows a stack.
    if (++visited > 100_000) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
