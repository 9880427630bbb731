/**
 * JSON ruleset text → data. A hand-written scanner checks the text first without building values
 * (iterative, so any depth is safe): syntax errors, duplicate keys and nesting deeper than the limit,
 * with line and column, and every number literal against its source text (a literal a JS number cannot
 * hold exactly is refused, never read with lost digits). Only then does `JSON.parse` build the data.
 */
import { MinshengError, quote, type IssueCode } from '../errors';
import type { Limits } from '../limits';
import { MAX_ISSUES, errorText, isStackOverflow, limitError, numberLiteralProblem, spanAt, type Parsed, type PathSeg } from './text';

interface JsonProblem {
  offset: number;
  message: string;
  path: PathSeg[];
  code: IssueCode;
}

interface JsonScan {
  /** The first problem that stops reading (syntax, duplicate key, depth). */
  fatal?: JsonProblem;
  /** Number literals that cannot be read exactly or are beyond the numeric limits. */
  numbers: JsonProblem[];
}

/** Parses JSON ruleset text (see the module comment). */
export function parseJson(text: string, file: string, limits: Limits): Parsed {
  const scan = scanJson(text, limits.maxDepth);
  const toIssue = (problem: JsonProblem, where: boolean) => {
    const span = spanAt(text, problem.offset, Math.min(problem.offset + 1, text.length));
    const message = where ? `${problem.message} at line ${span.line}, column ${span.column}` : problem.message;
    return { code: problem.code, message, file, span, path: problem.path };
  };
  if (scan.fatal) throw new MinshengError(toIssue(scan.fatal, true));
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    if (isStackOverflow(e)) throw limitError(file, 'JSON nesting too deep to parse');
    throw new MinshengError({ code: 'ruleset/syntax', message: `invalid JSON: ${errorText(e)}`, file });
  }
  return scan.numbers.length > 0 ? { value, issues: scan.numbers.map((p) => toIssue(p, false)) } : { value };
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
 * first duplicate key, or nesting deeper than `maxDepth`, and the number literals that would lose
 * digits. Iterative: any depth is safe.
 */
function scanJson(text: string, maxDepth: number): JsonScan {
  const n = text.length;
  const frames: JsonFrame[] = [];
  const numbers: JsonProblem[] = [];
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'after' = 'value';
  /** Path of the value being read; between values, the path of the enclosing container. */
  const pathNow = (atValue: boolean): PathSeg[] => {
    const path = frames.map((f) => (f.obj ? (f.key ?? '') : f.index));
    return atValue ? path : path.slice(0, -1);
  };
  const err = (offset: number, message: string, code: IssueCode = 'ruleset/syntax', atValue = state === 'value' || state === 'colon'): JsonScan => ({
    fatal: { offset, message, path: pathNow(atValue), code },
    numbers,
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
        if (frame.keys.has(key)) return err(i, `duplicate key ${quote(key)} (keys must be unique)`, 'ruleset/syntax', true);
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
          if (numbers.length < MAX_ISSUES) {
            // JSON.parse reads a literal as Number(literal) does.
            const problem = numberLiteralProblem(m[0], m[0].length > 400 ? Number.NaN : Number(m[0]));
            if (problem) numbers.push({ offset: i, message: problem.message, path: pathNow(true), code: problem.code });
          }
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
          return { numbers };
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
