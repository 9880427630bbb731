/**
 * Errors are data: every failure is a list of {@link Issue}s with a stable `code` a program can branch
 * on, and where it happened (file, path inside the file, span inside a formula).
 */

/** Stable machine-readable issue codes. Never renamed once published; new ones may be added. */
export type IssueCode =
  // values
  | 'value/invalid-number'
  | 'value/negative'
  | 'value/precision'
  /** A number beyond the numeric limits (`NUMBER_LIMITS` in src/ruleset/limits.ts): too long a text, too many digits. */
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
  | 'ruleset/timeline'
  | 'ruleset/policy-floor'
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
}

/**
 * The one error class of the library. `code` is the first issue's code; `issues` holds all of them.
 *
 * @example
 * try { program.evaluate({ totalCost: -1 }) } catch (e) {
 *   if (e instanceof MinshengError && e.code === 'value/negative') { ... }
 * }
 */
export class MinshengError extends Error {
  readonly issues: readonly Issue[];
  readonly code: IssueCode;

  constructor(issues: Issue | readonly Issue[]) {
    const list = Array.isArray(issues) ? (issues as readonly Issue[]) : [issues as Issue];
    if (list.length === 0) throw new TypeError('MinshengError needs at least one issue');
    super(formatIssues(list));
    this.name = 'MinshengError';
    this.issues = Object.freeze([...list]);
    this.code = list[0]!.code;
  }
}

/** Shorthand used at throw sites. */
export function fail(issue: Issue): never {
  throw new MinshengError(issue);
}

/** Renders a path as `rules.basicPaid.formula` / `members[2].age`. */
export function formatPath(path: readonly (string | number)[] | undefined): string {
  if (!path || path.length === 0) return '';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
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

/** True when `value` is a {@link MinshengError} (also across realms / duplicated bundles). */
export function isMinshengError(value: unknown): value is MinshengError {
  return value instanceof MinshengError || (value instanceof Error && value.name === 'MinshengError' && 'issues' in value);
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
