/**
 * Ruleset text → validated {@link RulesetFile}. Browser-safe (no node modules); the file-system loader
 * is `load-fs.ts`.
 *
 * Order of checks, each stage reporting every issue it finds before the next one runs:
 * 1. size (`limits.maxFileBytes`, UTF-8 bytes) before anything is parsed;
 * 2. syntax — YAML (core schema, no custom tags, duplicate keys are errors, aliases bounded) or JSON
 *    (duplicate keys are errors too), with line and column;
 * 3. one iterative walk of the data: `__proto__` / `constructor` / `prototype` keys
 *    (`ruleset/unsafe-key`), nesting depth, list lengths, values that are not JSON data;
 * 4. counts (rules, parameters, values per parameter), formula length, input nesting (`ruleset/limit`);
 * 5. the zod schema (`ruleset/schema`, or the code a check names, e.g. `ruleset/duplicate-id`).
 */
import { closest } from '../suggest';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type * as z from 'zod';
import { MinshengError, formatPath, type Issue, type IssueCode, type SourceSpan } from '../errors';
import { resolveLimits, type Limits } from './limits';
import {
  CasesFileSchema,
  KNOWN_KEYS,
  RulesetFileSchema,
  describeValue,
  isPlainObject,
  type CasesFile,
  type RulesetFile,
} from './schema';

/** Options of {@link parseRulesetText} / {@link parseRulesetObject}. */
export interface ParseOptions {
  /** File name (or any label) used in issues and to pick the format from its extension. */
  readonly file: string;
  /** Overrides the format the extension implies; files without a known extension are read as YAML. */
  readonly format?: 'yaml' | 'json';
  readonly limits?: Partial<Limits>;
}

type PathSeg = string | number;
type Locate = (path: readonly PathSeg[]) => SourceSpan | undefined;

/** At most this many issues are reported for one file; the last one says how many more there were. */
const MAX_ISSUES = 100;
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_ALIAS_COUNT = 100;

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
 * @throws MinshengError with every issue found (`ruleset/limit`, `ruleset/syntax`, `ruleset/unsafe-key`,
 *   `ruleset/schema`, `ruleset/duplicate-id`, `ruleset/timeline`), each with `file`, `path` and, for YAML,
 *   the line and column (`span`).
 * @example
 * const file = parseRulesetText(fs.readFileSync('gansu.yaml', 'utf8'), { file: 'gansu.yaml' });
 * file.id; // 'cn/medical/gansu'
 */
export function parseRulesetText(text: string, opts: ParseOptions): RulesetFile {
  const limits = resolveLimits(opts.limits);
  const parsed = parseStructuredText(text, opts.file, opts.format ?? detectFormat(opts.file), limits);
  return validate('ruleset', parsed.value, opts.file, limits, parsed.locate) as RulesetFile;
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
  return validate('cases', parsed.value, opts.file, limits, parsed.locate) as CasesFile;
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

interface Parsed {
  value: unknown;
  locate?: Locate;
}

function parseStructuredText(text: string, file: string, format: 'yaml' | 'json', limits: Limits): Parsed {
  if (typeof text !== 'string') {
    throw new MinshengError({ code: 'ruleset/io', message: `expected the file content as text, found ${describeValue(text)}`, file });
  }
  const bytes = utf8Length(text, limits.maxFileBytes);
  if (bytes > limits.maxFileBytes) {
    throw new MinshengError({
      code: 'ruleset/limit',
      message: `file is larger than the limit of ${limits.maxFileBytes} bytes (limits.maxFileBytes)`,
      file,
      path: [],
    });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === 'json' ? parseJson(body, file, limits) : parseYaml(body, file, limits);
}

/** UTF-8 length of `text`, counting stops once it exceeds `cap`. */
function utf8Length(text: string, cap: number): number {
  if (text.length > cap) return text.length; // every UTF-16 unit is at least one UTF-8 byte
  if (text.length * 3 <= cap) return text.length; // at most 3 bytes per unit: surely within
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > cap) return bytes;
  }
  return bytes;
}

function spanAt(text: string, start: number, end: number): SourceSpan {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { start, end, line, column: start - lineStart + 1 };
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError;
}

// YAML ------------------------------------------------------------------------

/**
 * An upper bound of the nesting depth of YAML text, in one linear pass: every unclosed `[`/`{`
 * (quotes and comments are not skipped, so this can only over-estimate) plus, on the deepest line,
 * its indentation and its compact `- `/`? ` indicators. The `yaml` composer is recursive and can
 * crash the process on very deep input, so input above the bound never reaches it.
 *
 * @example
 * yamlNestingBound('a: {b: [1]}\n'); // 2
 */
export function yamlNestingBound(text: string): number {
  let flow = 0;
  let maxFlow = 0;
  let maxBlock = 0;
  let lineStart = true;
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      if (block > maxBlock) maxBlock = block;
      block = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32) {
        block++;
        continue;
      }
      if ((c === 45 || c === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        block += 2;
        i++;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++flow > maxFlow) maxFlow = flow;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  if (block > maxBlock) maxBlock = block;
  return maxFlow + maxBlock;
}

function parseYaml(text: string, file: string, limits: Limits): Parsed {
  const bound = Math.min(Math.max(256, limits.maxDepth * 4), 1000);
  if (yamlNestingBound(text) > bound) {
    throw limitError(file, `YAML nested too deeply to parse safely (more than ${bound} levels of brackets and indentation)`);
  }
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      version: '1.2',
      schema: 'core',
      customTags: [],
      merge: false,
      uniqueKeys: true,
      stringKeys: true,
      strict: true,
      prettyErrors: true,
    });
  } catch (e) {
    if (isStackOverflow(e)) throw limitError(file, 'YAML nesting too deep to parse');
    throw new MinshengError({ code: 'ruleset/syntax', message: `cannot parse YAML: ${errorText(e)}`, file });
  }
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length > 0) {
    const issues: Issue[] = problems.slice(0, MAX_ISSUES).map((err) => {
      const [start, end] = err.pos;
      const span = spanAt(text, start, end);
      const path = pathAtOffset(doc, start);
      let message = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      if (err.code === 'DUPLICATE_KEY') message = `duplicate key ${JSON.stringify(String(path[path.length - 1] ?? text.slice(start, end)))} (keys must be unique)`;
      else if (err.code === 'TAG_RESOLVE_FAILED') message = `${message} (custom YAML tags are not allowed)`;
      else if (err.code === 'NON_STRING_KEY') message = 'mapping keys must be plain strings, not lists or mappings';
      else if (err.code === 'RESOURCE_EXHAUSTION') throw limitError(file, 'YAML nesting too deep to parse');
      return {
        code: 'ruleset/syntax' as const,
        message: `${message} at line ${span.line}, column ${span.column}`,
        file,
        span,
        ...(path.length > 0 ? { path } : {}),
      };
    });
    throw new MinshengError(issues);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw limitError(file, `too many alias expansions (more than ${MAX_ALIAS_COUNT}): anchors and aliases may not multiply the data`);
    }
    if (isStackOverflow(e)) throw limitError(file, 'YAML nesting too deep to convert');
    throw new MinshengError({ code: 'ruleset/syntax', message: `cannot read YAML: ${errorText(e)}`, file });
  }
  const locate: Locate = (path) => {
    const node = nodeAtPath(doc, path);
    if (!node?.range) return undefined;
    return spanAt(text, node.range[0], node.range[1]);
  };
  return { value, locate };
}

function limitError(file: string, message: string): MinshengError {
  return new MinshengError({ code: 'ruleset/limit', message, file, path: [] });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
}

function resolveAlias(doc: Document, node: unknown): unknown {
  let n = node;
  for (let guard = 0; guard < 100 && isAlias(n); guard++) n = n.resolve(doc);
  return n;
}

/** The deepest node along `path` (the key node when the value is empty). */
function nodeAtPath(doc: Document, path: readonly PathSeg[]): YamlNode | undefined {
  let node = resolveAlias(doc, doc.contents);
  let found = (isScalar(node) || isMap(node) || isSeq(node) ? node : undefined) as YamlNode | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const value = resolveAlias(doc, pair.value);
      if (isScalar(value) || isMap(value) || isSeq(value)) {
        found = value;
        node = value;
      } else {
        if (isScalar(pair.key)) found = pair.key;
        break;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = resolveAlias(doc, node.items[seg]);
      if (!(isScalar(item) || isMap(item) || isSeq(item))) break;
      found = item;
      node = item;
    } else break;
  }
  return found;
}

/** The path of the mapping key / list item containing `offset` (for syntax errors). */
function pathAtOffset(doc: Document, offset: number): PathSeg[] {
  const path: PathSeg[] = [];
  let node: unknown = doc.contents;
  const range = (n: unknown) => (n as { range?: [number, number, number] } | null)?.range;
  const within = (n: unknown) => {
    const r = range(n);
    return !!r && offset >= r[0] && offset < Math.max(r[1], r[2]);
  };
  // A pair spans from its key to the end of its value (a tag or anchor sits between the two).
  const inPair = (p: { key: unknown; value: unknown }) => {
    const k = range(p.key);
    const v = range(p.value) ?? k;
    return !!k && !!v && offset >= k[0] && offset < Math.max(v[1], v[2]);
  };
  for (let guard = 0; guard < 10_000; guard++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => inPair(p));
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : '?');
      if (within(pair.key)) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item));
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

// JSON ------------------------------------------------------------------------

interface JsonProblem {
  offset: number;
  message: string;
  path: PathSeg[];
  code: IssueCode;
}

function parseJson(text: string, file: string, limits: Limits): Parsed {
  const problem = scanJson(text, limits.maxDepth);
  if (problem) {
    const span = spanAt(text, problem.offset, Math.min(problem.offset + 1, text.length));
    throw new MinshengError({
      code: problem.code,
      message: `${problem.message} at line ${span.line}, column ${span.column}`,
      file,
      span,
      path: problem.path,
    });
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    if (isStackOverflow(e)) throw limitError(file, 'JSON nesting too deep to parse');
    throw new MinshengError({ code: 'ruleset/syntax', message: `invalid JSON: ${errorText(e)}`, file });
  }
}

interface JsonFrame {
  obj: boolean;
  keys: Set<string>;
  key: string | undefined;
  index: number;
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function showChar(c: string): string {
  return c === '' ? 'the end of the file' : JSON.stringify(c);
}

/**
 * Validates JSON text without building values: finds the first syntax error (with its offset), the
 * first duplicate key, or nesting deeper than `maxDepth`. Iterative: any depth is safe.
 */
function scanJson(text: string, maxDepth: number): JsonProblem | undefined {
  const n = text.length;
  const frames: JsonFrame[] = [];
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'after' = 'value';
  /** Path of the value being read; between values, the path of the enclosing container. */
  const pathNow = (atValue: boolean): PathSeg[] => {
    const path = frames.map((f) => (f.obj ? (f.key ?? '') : f.index));
    return atValue ? path : path.slice(0, -1);
  };
  const err = (offset: number, message: string, code: IssueCode = 'ruleset/syntax', atValue = state === 'value' || state === 'colon'): JsonProblem => ({
    offset,
    message,
    path: pathNow(atValue),
    code,
  });
  let i = 0;
  for (;;) {
    while (i < n) {
      const w = text.charCodeAt(i);
      if (w === 0x20 || w === 0x09 || w === 0x0a || w === 0x0d) i++;
      else break;
    }
    const c = i < n ? text[i]! : '';
    switch (state) {
      case 'valueOrEnd':
        if (c === ']') {
          frames.pop();
          i++;
          state = 'after';
        } else state = 'value';
        continue;
      case 'keyOrEnd':
        if (c === '}') {
          frames.pop();
          i++;
          state = 'after';
        } else state = 'key';
        continue;
      case 'key': {
        if (c !== '"') return err(i, `expected a double-quoted key, found ${showChar(c)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return err(end.offset, end.message);
        const key = JSON.parse(text.slice(i, end)) as string;
        const frame = frames[frames.length - 1]!;
        frame.key = key;
        if (frame.keys.has(key)) return err(i, `duplicate key ${JSON.stringify(key)} (keys must be unique)`, 'ruleset/syntax', true);
        frame.keys.add(key);
        i = end;
        state = 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return err(i, `expected ':' after a key, found ${showChar(c)}`);
        i++;
        state = 'value';
        continue;
      case 'value': {
        if (c === '{' || c === '[') {
          if (frames.length >= maxDepth) return err(i, `nesting deeper than ${maxDepth} levels (limits.maxDepth)`, 'ruleset/limit', true);
          frames.push({ obj: c === '{', keys: new Set(), key: undefined, index: 0 });
          i++;
          state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
          continue;
        }
        if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return err(end.offset, end.message);
          i = end;
          state = 'after';
          continue;
        }
        JSON_NUMBER.lastIndex = i;
        const m = JSON_NUMBER.exec(text);
        if (m && m[0].length > 0) {
          i += m[0].length;
          state = 'after';
          continue;
        }
        const lit = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
        if (lit) {
          i += lit.length;
          state = 'after';
          continue;
        }
        return err(i, c === '' ? 'unexpected end of the file: expected a value' : `expected a value, found ${showChar(c)}`);
      }
      case 'after': {
        const frame = frames[frames.length - 1];
        if (!frame) {
          if (i < n) return err(i, `unexpected ${showChar(c)} after the end of the JSON value`);
          return undefined;
        }
        const close = frame.obj ? '}' : ']';
        if (c === ',') {
          i++;
          if (frame.obj) state = 'key';
          else {
            frame.index++;
            state = 'value';
          }
          continue;
        }
        if (c === close) {
          frames.pop();
          i++;
          continue;
        }
        return err(i, `expected ',' or '${close}', found ${showChar(c)}`);
      }
    }
  }
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  const n = text.length;
  let j = start + 1;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) return j + 1;
    if (ch === 0x5c) {
      const e = text[j + 1];
      if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 6;
      else return { offset: j, message: 'invalid escape sequence in a string' };
      continue;
    }
    if (ch < 0x20) return { offset: j, message: 'control character in a string (use an escape such as \\n)' };
    j++;
  }
  return { offset: n, message: 'unterminated string' };
}

// ───────────────────────────── data → validated ─────────────────────────────

function validate(kind: 'ruleset' | 'cases', value: unknown, file: string, limits: Limits, locate?: Locate): RulesetFile | CasesFile {
  const walked = walkData(value, file, limits);
  if (walked.fatal.length > 0) throw new MinshengError(cap(walked.fatal));
  const pre = kind === 'ruleset' ? checkRulesetLimits(value, file, limits) : { fatal: [], other: [] };
  if (pre.fatal.length > 0) throw new MinshengError(cap(pre.fatal));
  const schema = kind === 'ruleset' ? RulesetFileSchema : CasesFileSchema;
  const result = schema.safeParse(value, { reportInput: true });
  const issues: Issue[] = [...pre.other, ...walked.soft];
  const seen = new Set(issues.map((i) => JSON.stringify(i.path)));
  if (!result.success) {
    for (const zi of result.error.issues) for (const issue of mapZodIssue(zi, file)) if (!seen.has(JSON.stringify(issue.path))) issues.push(issue);
  }
  if (issues.length > 0) {
    const located = locate ? issues.map((issue) => withSpan(issue, locate)) : issues;
    throw new MinshengError(cap(sortIssues(located)));
  }
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

function cap(issues: Issue[]): Issue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const shown = issues.slice(0, MAX_ISSUES);
  const last = shown[MAX_ISSUES - 1]!;
  shown[MAX_ISSUES - 1] = { ...last, message: `${last.message} (and ${issues.length - MAX_ISSUES} more issues not shown)` };
  return shown;
}

interface WalkFrame {
  value: unknown;
  path: PathSeg[];
  depth: number;
  leave?: object;
}

/**
 * One iterative pass over parsed data: unsafe keys, nesting depth, list lengths, non-JSON values and
 * cycles (`fatal`: validation stops), and non-finite numbers (`soft`: reported with the schema issues).
 * Shared subtrees (YAML aliases) are visited once.
 */
function walkData(root: unknown, file: string, limits: Limits): { fatal: Issue[]; soft: Issue[] } {
  const issues: Issue[] = [];
  const soft: Issue[] = [];
  let depthReported = false;
  const active = new Set<object>();
  const done = new Set<object>();
  const stack: WalkFrame[] = [{ value: root, path: [], depth: 0 }];
  while (stack.length > 0 && issues.length <= MAX_ISSUES) {
    const frame = stack.pop()!;
    if (frame.leave) {
      active.delete(frame.leave);
      done.add(frame.leave);
      continue;
    }
    const { value, path } = frame;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) soft.push({ code: 'ruleset/schema', message: `expected a finite number, found ${String(value)}`, file, path });
      continue;
    }
    if (value === undefined) {
      if (typeof path[path.length - 1] === 'number') issues.push({ code: 'ruleset/schema', message: 'expected a value, found nothing (undefined)', file, path });
      continue;
    }
    if (typeof value !== 'object') {
      issues.push({ code: 'ruleset/schema', message: `expected JSON data, found ${describeValue(value)}`, file, path });
      continue;
    }
    if (active.has(value)) {
      issues.push({ code: 'ruleset/schema', message: 'expected JSON data, found a value that contains itself (a cycle)', file, path });
      continue;
    }
    if (done.has(value)) continue;
    const depth = frame.depth + 1;
    if (depth > limits.maxDepth) {
      if (!depthReported) {
        issues.push({ code: 'ruleset/limit', message: `nesting deeper than ${limits.maxDepth} levels (limits.maxDepth)`, file, path });
        depthReported = true;
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) {
        issues.push({ code: 'ruleset/limit', message: `list of ${value.length} items is longer than the limit of ${limits.maxListItems} (limits.maxListItems)`, file, path });
        continue;
      }
      active.add(value);
      stack.push({ value: undefined, path, depth, leave: value });
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i], depth });
      continue;
    }
    if (!isPlainObject(value)) {
      issues.push({ code: 'ruleset/schema', message: `expected JSON data, found ${describeValue(value)}`, file, path });
      continue;
    }
    active.add(value);
    stack.push({ value: undefined, path, depth, leave: value });
    const keys = Object.keys(value);
    if (keys.length > limits.maxListItems) {
      issues.push({ code: 'ruleset/limit', message: `mapping with ${keys.length} keys is larger than the limit of ${limits.maxListItems} (limits.maxListItems)`, file, path });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (UNSAFE_KEYS.has(key)) {
        issues.push({
          code: 'ruleset/unsafe-key',
          message: `the key '${key}' is not allowed anywhere in a ruleset (it could alter object prototypes)`,
          file,
          path: [...path, key],
        });
        continue;
      }
      stack.push({ value: value[key], path: [...path, key], depth });
    }
  }
  // The stack is LIFO with reversed pushes, so issues come out in document order.
  return { fatal: issues, soft };
}

/** Counts and per-item limits, on raw (not yet validated) data. `fatal` issues stop validation. */
function checkRulesetLimits(raw: unknown, file: string, limits: Limits): { fatal: Issue[]; other: Issue[] } {
  const fatal: Issue[] = [];
  const other: Issue[] = [];
  if (!isPlainObject(raw)) return { fatal, other };
  const rules = raw['rules'];
  if (isPlainObject(rules)) {
    const names = Object.keys(rules);
    if (names.length > limits.maxRules) {
      fatal.push({ code: 'ruleset/limit', message: `${names.length} rules is more than the limit of ${limits.maxRules} (limits.maxRules)`, file, path: ['rules'] });
    }
    for (const name of names) {
      const rule = rules[name];
      const formula = isPlainObject(rule) ? rule['formula'] : undefined;
      if (typeof formula === 'string' && formula.length > limits.maxFormulaLength) {
        other.push({
          code: 'ruleset/limit',
          message: `formula of ${formula.length} characters is longer than the limit of ${limits.maxFormulaLength} (limits.maxFormulaLength)`,
          file,
          path: ['rules', name, 'formula'],
        });
      }
    }
  }
  const params = raw['parameters'];
  if (isPlainObject(params)) {
    const names = Object.keys(params);
    if (names.length > limits.maxParameters) {
      fatal.push({ code: 'ruleset/limit', message: `${names.length} parameters is more than the limit of ${limits.maxParameters} (limits.maxParameters)`, file, path: ['parameters'] });
    }
    for (const name of names) {
      const p = params[name];
      const values = isPlainObject(p) ? p['values'] : undefined;
      if (Array.isArray(values) && values.length > limits.maxValuesPerParameter) {
        fatal.push({
          code: 'ruleset/limit',
          message: `${values.length} dated values is more than the limit of ${limits.maxValuesPerParameter} per parameter (limits.maxValuesPerParameter)`,
          file,
          path: ['parameters', name, 'values'],
        });
      }
    }
  }
  const inputs = raw['inputs'];
  if (isPlainObject(inputs)) {
    const stack: { decl: unknown; depth: number; path: PathSeg[] }[] = Object.keys(inputs)
      .reverse()
      .map((name) => ({ decl: inputs[name], depth: 1, path: ['inputs', name] }));
    while (stack.length > 0) {
      const { decl, depth, path } = stack.pop()!;
      if (!isPlainObject(decl)) continue;
      if (depth > limits.maxInputDepth) {
        other.push({ code: 'ruleset/limit', message: `input declarations nested deeper than ${limits.maxInputDepth} levels (limits.maxInputDepth)`, file, path });
        continue;
      }
      if (depth > 1 && decl['replaces'] !== undefined) {
        other.push({ code: 'ruleset/schema', message: "unexpected key 'replaces': only a top-level input can replace a parent's input", file, path: [...path, 'replaces'] });
      }
      const fields = decl['fields'];
      if (decl['type'] === 'record' && isPlainObject(fields)) {
        for (const f of Object.keys(fields).reverse()) stack.push({ decl: fields[f], depth: depth + 1, path: [...path, 'fields', f] });
      }
      if (decl['type'] === 'list') stack.push({ decl: decl['items'], depth: depth + 1, path: [...path, 'items'] });
    }
  }
  return { fatal, other };
}

// ───────────────────────────── zod issues → Issues ─────────────────────────────

type ZodIssue = z.core.$ZodIssue;

function isCustomMessage(message: string): boolean {
  return /^(expected|missing|duplicate|unexpected|unknown)\b/.test(message);
}

const NOUNS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean (true or false)',
  record: 'a mapping',
  nonoptional: 'a value',
};

function noun(expected: unknown): string {
  return NOUNS[String(expected)] ?? String(expected);
}

function found(issue: ZodIssue): string {
  return 'input' in issue ? `, found ${describeValue(issue.input)}` : '';
}

function normPath(path: readonly PropertyKey[]): PathSeg[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

function mapZodIssue(issue: ZodIssue, file: string): Issue[] {
  const path = normPath(issue.path);
  const last = path[path.length - 1];
  const make = (message: string, code: IssueCode = 'ruleset/schema', at: PathSeg[] = path): Issue => ({ code, message, file, path: at });
  const missing = (what: string) => make(`missing required key '${String(last)}': ${what}`);
  const custom = isCustomMessage(issue.message) ? issue.message : undefined;

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const hint = suggestKey(key);
        const where = path.length > 0 ? ` in ${formatPath(path)}` : ' at the top level';
        const parent = issue.input;
        const strayText = isPlainObject(parent) && parent[key] === null;
        const advice = hint
          ? ` (did you mean '${hint}'?)`
          : strayText
            ? ' (if this is the rest of a text cut at a comma: inside { … } a comma ends a value, so quote texts that contain commas)'
            : '';
        return make(`unknown key '${key}'${where}${advice}`, 'ruleset/schema', [...path, key]);
      });
    case 'invalid_type':
      if (issue.input === undefined && last !== undefined) return [missing(custom ?? `expected ${noun(issue.expected)}`)];
      return [make(`${custom ?? `expected ${noun(issue.expected)}`}${found(issue)}`)];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const disc = issue.discriminator;
        const options = Array.isArray((issue as { options?: unknown }).options) ? ((issue as { options: unknown[] }).options).map(String) : [];
        const parent = issue.input;
        const actual = isPlainObject(parent) ? parent[disc] : undefined;
        const at = path[path.length - 1] === disc ? path : [...path, disc];
        if (!isPlainObject(parent)) return [make(`expected a mapping with '${disc}'${found(issue)}`, 'ruleset/schema', path[path.length - 1] === disc ? path.slice(0, -1) : path)];
        if (actual === undefined) return [make(`missing required key '${disc}': expected one of ${options.join(', ')}`, 'ruleset/schema', at)];
        return [make(`expected '${disc}' to be one of ${options.join(', ')}, found ${describeValue(actual)}`, 'ruleset/schema', at)];
      }
      if (issue.input === undefined && last !== undefined) return [missing(custom ?? 'expected a value')];
      return [make(`${custom ?? 'expected a value of another kind'}${found(issue)}`)];
    }
    case 'invalid_value': {
      if (issue.input === undefined && last !== undefined) return [missing(`expected one of ${issue.values.map((v) => String(v)).join(', ')}`)];
      const expected = custom ?? `expected one of ${issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
      return [make(`${expected}${found(issue)}`)];
    }
    case 'invalid_format':
      return [make(`${custom ?? `expected a string in the ${issue.format} format${issue.pattern ? ` ${issue.pattern}` : ''}`}${found(issue)}`)];
    case 'too_small': {
      let expected = custom;
      if (!expected) {
        if (issue.origin === 'array' || issue.origin === 'set') expected = `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`;
        else if (issue.origin === 'string') expected = `expected at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}`;
        else expected = `expected a number ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
      }
      return [make(`${expected}${found(issue)}`)];
    }
    case 'too_big': {
      let expected = custom;
      if (!expected) {
        if (issue.origin === 'array' || issue.origin === 'set') expected = `expected at most ${String(issue.maximum)} items`;
        else if (issue.origin === 'string') expected = `expected at most ${String(issue.maximum)} characters`;
        else expected = `expected a number ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
      }
      return [make(`${expected}${found(issue)}`)];
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      const why = inner && isCustomMessage(inner) ? inner : 'expected a valid name';
      return [make(`invalid name ${JSON.stringify(String(last))}: ${why}`)];
    }
    case 'custom': {
      const params = (issue as { params?: { code?: unknown } }).params;
      const code = typeof params?.code === 'string' ? (params.code as IssueCode) : 'ruleset/schema';
      // Refinements report their input ("found …"); checks that add their own issue say it themselves.
      const withFound = 'input' in issue && !/\bfound\b/.test(issue.message);
      return [make(withFound ? `${issue.message}${found(issue)}` : issue.message, code)];
    }
    default:
      return [make(`${issue.message}${found(issue)}`)];
  }
}

function suggestKey(key: string): string | undefined {
  // Distance 1 for short keys, 2 for longer ones.
  return closest(key, KNOWN_KEYS, key.length <= 4 ? 1 : 2);
}
