/**
 * Ruleset text → validated {@link RulesetFile}. Browser-safe (no node modules); the file-system loader
 * is `src/node/load-file.ts` (it decodes file bytes as strict UTF-8 with `decodeUtf8` of `text.ts`).
 *
 * Order of checks, each stage reporting every issue it finds before the next one runs:
 * 1. size (`limits.maxFileBytes`, UTF-8 bytes) before anything is parsed, with the line where the
 *    limit is passed;
 * 2. syntax — YAML (`yaml-text.ts`: core schema, no custom tags, duplicate keys are errors, nesting and
 *    aliases bounded) or JSON (`json-text.ts`: duplicate keys are errors too), with line and column;
 *    number literals are checked against their source text (none may lose digits);
 * 3. one iterative walk of the data (`data-checks.ts`): `__proto__` / `constructor` / `prototype` keys
 *    (`ruleset/unsafe-key`), nesting depth, list lengths, values that are not JSON data, numbers beyond
 *    `NUMBER_LIMITS`, lone surrogates;
 * 4. counts (rules, parameters, values per parameter), formula length, input nesting, numeric strings
 *    of parameter values and input bounds (`ruleset/limit`);
 * 5. the zod schema (`ruleset/schema`, or the code a check names, e.g. `ruleset/duplicate-id`), its
 *    issues mapped by `zod-issues.ts`.
 *
 * Every message is at most `MAX_MESSAGE_LENGTH` (500) characters and quotes only a prefix of user text.
 */
import { MAX_MESSAGE_LENGTH, MinshengError, clipMessage, type Issue } from '../errors';
import { checkRulesetLimits, walkData } from './data-checks';
import { parseJson } from './json-text';
import { resolveLimits, type Limits } from '../limits';
import { describeValue, rulesetSchemas, type CasesFile, type RulesetFile } from './schema';
import { MAX_ISSUES, limitError, spanAt, utf8Overflow, type Locate, type Parsed } from './text';
import { parseYaml } from './yaml-text';
import { mapZodIssue } from './zod-issues';

export { yamlNestingBound } from './yaml-text';

/** Options of {@link parseRulesetText} / {@link parseRulesetObject}. */
export interface ParseOptions {
  /** File name (or any label) used in issues and to pick the format from its extension. */
  readonly file: string;
  /** Overrides the format the extension implies; files without a known extension are read as YAML. */
  readonly format?: 'yaml' | 'json';
  readonly limits?: Partial<Limits>;
}

// ───────────────────────────── origins ─────────────────────────────

const ORIGINS = new WeakMap<object, string>();

/**
 * The file a parsed ruleset (or test case) came from, as given to the loader.
 *
 * @example
 * const file = parseRulesetText(text, { file: 'rulesets/gansu.yaml' });
 * rulesetOrigin(file); // 'rulesets/gansu.yaml'
 */
export function rulesetOrigin(value: object): string | undefined {
  return ORIGINS.get(value);
}

/** @internal Records where a parsed object came from (used by the loaders). */
export function recordOrigin(value: object, origin: string): void {
  ORIGINS.set(value, origin);
}

// ───────────────────────────── public API ─────────────────────────────

/**
 * Picks the format from a file name: `.json` → JSON, anything else → YAML (JSON is valid YAML, but
 * JSON files are read with a JSON parser for exact error positions).
 *
 * @example
 * detectFormat('a/b.json'); // 'json'
 * detectFormat('a/b.yml');  // 'yaml'
 */
export function detectFormat(file: string): 'yaml' | 'json' {
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}

/**
 * Parses and validates the text of a ruleset file.
 *
 * Give it text decoded strictly: `fs.readFileSync(path, 'utf8')` turns invalid UTF-8 into replacement
 * characters without a word; `loadRulesetFile` (Node) or `decodeUtf8` of `src/ruleset/text.ts` refuse it.
 * No number loses digits: a number literal that a JS number cannot hold exactly (`9007199254740993`,
 * `123456789.123456789`) is refused (`ruleset/schema`: write it as a string), and numbers beyond
 * `NUMBER_LIMITS` are refused (`ruleset/limit`).
 *
 * @throws MinshengError with every issue found (`ruleset/limit`, `ruleset/syntax`, `ruleset/unsafe-key`,
 *   `ruleset/schema`, `ruleset/duplicate-id`, `ruleset/timeline`), each with `file`, `path` and, for YAML
 *   and for JSON number literals, the line and column (`span`).
 * @example
 * const file = parseRulesetText(decodeUtf8(fs.readFileSync('gansu.yaml'), 'gansu.yaml'), { file: 'gansu.yaml' });
 * file.id; // 'cn/medical/gansu'
 */
export function parseRulesetText(text: string, opts: ParseOptions): RulesetFile {
  const limits = resolveLimits(opts.limits);
  const parsed = parseStructuredText(text, opts.file, opts.format ?? detectFormat(opts.file), limits);
  return validate('ruleset', parsed.value, opts.file, limits, parsed) as RulesetFile;
}

/**
 * Validates already-parsed data (e.g. from `JSON.parse` or built in code) as a ruleset file. Any
 * value is accepted as input; anything that is not a valid ruleset throws a {@link MinshengError}.
 *
 * @example
 * const file = parseRulesetObject({ id: 'demo', jurisdiction: 'CN', version: '1.0.0', label: { zh: '示例', en: 'Demo' } }, { file: 'demo' });
 */
export function parseRulesetObject(value: unknown, opts: Omit<ParseOptions, 'format'>): RulesetFile {
  return validate('ruleset', value, opts.file, resolveLimits(opts.limits)) as RulesetFile;
}

/**
 * Parses and validates a cases file (`<name>.cases.yaml`: `{ ruleset?, cases: [...] }`).
 *
 * @example
 * const { cases } = parseCasesText('cases:\n  - { name: a, input: {}, expect: { x: "1.00" } }\n', { file: 'x.cases.yaml' });
 */
export function parseCasesText(text: string, opts: ParseOptions): CasesFile {
  const limits = resolveLimits(opts.limits);
  const parsed = parseStructuredText(text, opts.file, opts.format ?? detectFormat(opts.file), limits);
  return validate('cases', parsed.value, opts.file, limits, parsed) as CasesFile;
}

/**
 * {@link parseCasesText} for already-parsed data.
 *
 * @example
 * parseCasesObject({ cases: [] }, { file: 'inline' }); // { cases: [] }
 */
export function parseCasesObject(value: unknown, opts: Omit<ParseOptions, 'format'>): CasesFile {
  return validate('cases', value, opts.file, resolveLimits(opts.limits)) as CasesFile;
}

/**
 * @internal Size check and syntax only: the parsed data, not validated (used to tell rulesets from
 * other data files in a folder).
 */
export function parseStructured(text: string, opts: ParseOptions): unknown {
  return parseStructuredText(text, opts.file, opts.format ?? detectFormat(opts.file), resolveLimits(opts.limits)).value;
}

// ───────────────────────────── text → data ─────────────────────────────

function parseStructuredText(text: string, file: string, format: 'yaml' | 'json', limits: Limits): Parsed {
  if (typeof text !== 'string') {
    throw new MinshengError({ code: 'ruleset/io', message: `expected the file content as text, found ${describeValue(text)}`, file });
  }
  const over = utf8Overflow(text, limits.maxFileBytes);
  if (over >= 0) {
    throw limitError(file, `file is larger than the limit of ${limits.maxFileBytes} bytes (limits.maxFileBytes); the limit is passed at {at}`, spanAt(text, over, over + 1));
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'json' ? parseJson(body, file, limits) : parseYaml(body, file, limits);
}

// ───────────────────────────── data → validated ─────────────────────────────

function validate(kind: 'ruleset' | 'cases', value: unknown, file: string, limits: Limits, parsed?: Parsed): RulesetFile | CasesFile {
  const locate = parsed?.locate;
  const located = (issues: Issue[]) => (locate ? issues.map((issue) => withSpan(issue, locate)) : issues);
  const walked = walkData(value, file, limits);
  if (walked.fatal.length > 0) throw new MinshengError(cap(located(walked.fatal)));
  const pre = kind === 'ruleset' ? checkRulesetLimits(value, file, limits) : { fatal: [], other: [] };
  if (pre.fatal.length > 0) throw new MinshengError(cap(located(pre.fatal)));
  const schemas = rulesetSchemas();
  const schema = kind === 'ruleset' ? schemas.RulesetFileSchema : schemas.CasesFileSchema;
  const result = schema.safeParse(value, { reportInput: true });
  // Number literals first: at the same path, what the text said beats what the parsed value shows.
  const fromText = parsed?.issues ?? [];
  const textPaths = new Set(fromText.map((i) => JSON.stringify(i.path)));
  const issues: Issue[] = [...fromText, ...[...pre.other, ...walked.soft].filter((i) => !textPaths.has(JSON.stringify(i.path)))];
  const seen = new Set(issues.map((i) => JSON.stringify(i.path)));
  if (!result.success) {
    for (const zi of result.error.issues) for (const issue of mapZodIssue(zi, file)) if (!seen.has(JSON.stringify(issue.path))) issues.push(issue);
  }
  if (issues.length > 0) throw new MinshengError(cap(sortIssues(located(issues))));
  const data = result.data!;
  recordOrigin(data, file);
  const tests = kind === 'ruleset' ? (data as RulesetFile).tests : (data as CasesFile).cases;
  for (const t of tests ?? []) recordOrigin(t, file);
  return data;
}

function withSpan(issue: Issue, locate: Locate): Issue {
  if (issue.span || !issue.path) return issue;
  const span = locate(issue.path);
  return span ? { ...issue, span } : issue;
}

function sortIssues(issues: Issue[]): Issue[] {
  // Stable: keep discovery order, but group by position in the file when spans are known.
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.span?.start ?? Infinity) - (b.issue.span?.start ?? Infinity) || a.i - b.i)
    .map((x) => x.issue);
}

/** At most {@link MAX_ISSUES} issues, each message at most `MAX_MESSAGE_LENGTH` characters. */
function cap(all: Issue[]): Issue[] {
  const issues = all.map((issue) => (issue.message.length > MAX_MESSAGE_LENGTH ? { ...issue, message: clipMessage(issue.message) } : issue));
  if (issues.length <= MAX_ISSUES) return issues;
  const shown = issues.slice(0, MAX_ISSUES);
  const last = shown[MAX_ISSUES - 1]!;
  shown[MAX_ISSUES - 1] = { ...last, message: `${last.message} (and ${issues.length - MAX_ISSUES} more issues not shown)` };
  return shown;
}

