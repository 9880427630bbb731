/**
 * Issues as the CLI prints them: `✖ [code] message` / `  → at file: path (line, column)` (formatIssues),
 * followed by the offending line of the file with a caret under the problem.
 *
 * Formula issues from the compiler carry a position inside the formula text and name their layer
 * (`id@version`); here they are moved to the file the layer came from, with the line and column in that
 * file, so every position the CLI prints is one an editor can jump to.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, parseDocument } from 'yaml';
import { formatIssues, type Issue, type SourceSpan } from '../errors';
import type { Layer } from '../ruleset/resolved';
import { displayPath } from '../node/cases-files';
import { displayWidth, truncate } from '../present/text-layout';

/** Reads each file once (null when it cannot be read): issues often point into the same few files. */
function cachedReader(): (file: string) => string | null {
  const texts = new Map<string, string | null>();
  return (file) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch {
        texts.set(file, null);
      }
    }
    return texts.get(file)!;
  };
}

/** Renders issues for the terminal, each with a code frame when its file and position are known. */
export function renderIssues(issues: readonly Issue[], options: { cwd?: string } = {}): string[] {
  const lines: string[] = [];
  const read = cachedReader();
  for (const issue of issues) {
    const shown: Issue = issue.file ? { ...issue, file: displayPath(issue.file, options.cwd) } : issue;
    lines.push(...formatIssues([shown]).split('\n'));
    const text = issue.file && issue.span ? read(issue.file) : null;
    if (text !== null && issue.span) lines.push(...codeFrame(text, issue.span));
  }
  return lines;
}

/**
 * The line of `text` a span starts on, with a gutter and carets under the span (to the line's end at
 * most). Wide (CJK) characters are measured as two columns; a long line is shown as a window around
 * the span.
 */
export function codeFrame(text: string, span: SourceSpan, width = 100): string[] {
  const line = text.split('\n')[span.line - 1];
  if (line === undefined) return [];
  const chars = [...line.replace(/\r$/, '').replace(/\t/g, ' ')];
  const start = Math.min(Math.max(0, span.column - 1), chars.length);
  const length = Math.max(1, Math.min(span.end - span.start, chars.length - start));
  const gutter = String(span.line);
  const room = width - gutter.length - 7;
  let before = chars.slice(0, start).join('');
  const target = chars.slice(start, start + length).join('');
  let after = chars.slice(start + length).join('');
  // Keep the span in view: cut the start (to ~a third of the room) and the end with '…'.
  if (displayWidth(before) + displayWidth(target) > room) {
    const keep = Math.max(10, Math.floor(room / 3));
    before = `…${tail(before, keep - 1)}`;
  }
  const used = displayWidth(before) + displayWidth(target);
  if (used + displayWidth(after) > room) after = truncate(after, Math.max(1, room - used));
  const carets = '^'.repeat(Math.max(1, Math.min(displayWidth(target), room - displayWidth(before))));
  return [`    ${gutter} │ ${before}${target}${after}`.trimEnd(), `    ${' '.repeat(gutter.length)} │ ${' '.repeat(displayWidth(before))}${carets}`];
}

/** The last characters of `text` that fit in `width` columns. */
function tail(text: string, width: number): string {
  const chars = [...text];
  let out = '';
  let w = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = displayWidth(chars[i]!);
    if (w + cw > width) break;
    out = chars[i]! + out;
    w += cw;
  }
  return out;
}

/**
 * Moves formula issues (from compiling or evaluating: a span inside the formula text) to the file
 * their layer was loaded from, with a span in file coordinates. A layer named by `id@version` is
 * looked up in `chain`. Issues of the loading stage (`ruleset/*`, already in file coordinates) are
 * returned unchanged.
 */
export function locateIssues(issues: readonly Issue[], chain: readonly Layer[] = []): Issue[] {
  const files = new Map<string, string>();
  for (const layer of chain) if (layer.file) files.set(`${layer.id}@${layer.version}`, layer.file);
  const read = cachedReader();
  return issues.map((issue) => {
    if (issue.file === undefined || issue.code.startsWith('ruleset/')) return issue;
    const file = files.get(issue.file) ?? issue.file;
    const p = issue.path;
    if (!issue.span || p === undefined) return file === issue.file ? issue : { ...issue, file };
    const inFormula = p.length === 3 && p[0] === 'rules' && p[2] === 'formula';
    const text = read(file);
    const { span, ...rest } = issue;
    if (inFormula) {
      const located = text !== null ? locateInFile(text, p, span) : undefined;
      if (located) return { ...issue, file, span: located };
      // Not found in the file: keep the position inside the formula, in words.
      return { ...rest, file, message: `${issue.message} (formula line ${span.line}, column ${span.column})` };
    }
    // The path names something else (a parameter without a value in force): the span is the reading
    // formula's, not a place in this file. Point at the path in the file when it is there.
    const located = text !== null ? locateInFile(text, p) : undefined;
    return located ? { ...rest, file, span: located } : { ...rest, file };
  });
}

/**
 * The span in the file of the value at `path` (a formula), or of `inner` inside that value when given.
 * Works for plain, quoted and block scalars and JSON strings by aligning the value with its source
 * text (folded line breaks and indentation in the source are skipped).
 */
export function locateInFile(text: string, path: readonly (string | number)[], inner?: SourceSpan): SourceSpan | undefined {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, strict: false });
  } catch {
    return undefined;
  }
  if (!inner && path.length > 0) {
    // Point at the key that names the item (`basic.deductible:`), not at the first line of its value.
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return spanOf(text, range[0], range[1]);
    }
  }
  const node = doc.getIn(path, true);
  if (!node || typeof node !== 'object' || !('range' in node) || !Array.isArray(node.range)) return undefined;
  const [start, valueEnd] = node.range as [number, number, number];
  if (!inner || !isScalar(node) || typeof node.value !== 'string') return spanOf(text, start, valueEnd);
  const value = node.value;
  const src = text.slice(start, valueEnd);
  let j = 0;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') j = src.indexOf('\n') + 1;
  else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j = 1;
  // Align value[i] with src[map[i]].
  const map = new Array<number>(value.length + 1);
  let i = 0;
  while (i < value.length && j < src.length) {
    if (value[i] === src[j]) {
      map[i++] = j++;
    } else if (/\s/.test(value[i]!)) {
      map[i++] = j; // a folded line break or indentation: no character of its own in the source
    } else {
      j++; // source whitespace, indentation or an escape
    }
  }
  while (i <= value.length) map[i++] = j;
  const from = start + map[Math.min(inner.start, value.length)]!;
  const to = start + map[Math.min(Math.max(inner.end, inner.start), value.length)]!;
  return spanOf(text, from, Math.max(to, from + 1));
}

function spanOf(text: string, start: number, end: number): SourceSpan {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < start && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { start, end, line, column: start - lineStart + 1 };
}
