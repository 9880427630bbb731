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
