/**
 * YAML ruleset text → data: core schema, no custom tags, duplicate keys are errors, nesting bounded
 * before the recursive composer runs, aliases bounded, number literals checked against their source
 * text. Every error names a position in the file.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { MinshengError, clipMessage, quote, type Issue } from '../errors';
import type { Limits } from '../limits';
import { MAX_ISSUES, errorText, isStackOverflow, limitError, numberLiteralProblem, spanAt, type Locate, type Parsed, type PathSeg } from './text';

const MAX_ALIAS_COUNT = 100;

/** The nesting estimate of {@link yamlNestingBound} and the offset where its deepest point is. */
interface Nesting {
  depth: number;
  offset: number;
}

function yamlNesting(text: string): Nesting {
  let flow = 0;
  let maxFlow = 0;
  let maxFlowAt = 0;
  let maxBlock = 0;
  let maxBlockAt = 0;
  let lineStart = true;
  let lineOffset = 0;
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      if (block > maxBlock) {
        maxBlock = block;
        maxBlockAt = lineOffset + block;
      }
      block = 0;
      lineOffset = i + 1;
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
      if (++flow > maxFlow) {
        maxFlow = flow;
        maxFlowAt = i;
      }
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  if (block > maxBlock) {
    maxBlock = block;
    maxBlockAt = Math.min(lineOffset + block, text.length);
  }
  return { depth: maxFlow + maxBlock, offset: maxFlow >= maxBlock ? maxFlowAt : maxBlockAt };
}

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
  return yamlNesting(text).depth;
}

/** Parses YAML ruleset text (see the module comment). */
export function parseYaml(text: string, file: string, limits: Limits): Parsed {
  const bound = Math.min(Math.max(256, limits.maxDepth * 4), 1000);
  const nesting = yamlNesting(text);
  const deepest = () => spanAt(text, nesting.offset, Math.min(nesting.offset + 1, text.length));
  if (nesting.depth > bound) {
    throw limitError(file, `YAML nested too deeply to parse safely (more than ${bound} levels of brackets and indentation; the deepest point is at {at})`, deepest());
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
    if (isStackOverflow(e)) throw limitError(file, 'YAML nesting too deep to parse (the deepest point is at {at})', deepest());
    throw new MinshengError({ code: 'ruleset/syntax', message: `cannot parse YAML: ${errorText(e)}`, file });
  }
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length > 0) {
    const issues: Issue[] = problems.slice(0, MAX_ISSUES).map((err) => {
      const [start, end] = err.pos;
      const span = spanAt(text, start, end);
      if (err.code === 'RESOURCE_EXHAUSTION') throw limitError(file, 'YAML nesting too deep to parse (at {at})', span);
      const path = pathAtOffset(doc, start);
      let message = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      if (err.code === 'DUPLICATE_KEY') message = `duplicate key ${quote(String(path[path.length - 1] ?? text.slice(start, Math.min(end, start + 60))))} (keys must be unique)`;
      else if (err.code === 'TAG_RESOLVE_FAILED') message = `${clipMessage(message, 200)} (custom YAML tags are not allowed)`;
      else if (err.code === 'NON_STRING_KEY') message = 'mapping keys must be plain strings, not lists or mappings';
      return {
        code: 'ruleset/syntax' as const,
        message: `${clipMessage(message, 300)} at line ${span.line}, column ${span.column}`,
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
      throw limitError(file, `too many alias expansions (more than ${MAX_ALIAS_COUNT}): anchors and aliases may not multiply the data (the first alias is at {at})`, firstAliasSpan(doc, text));
    }
    if (isStackOverflow(e)) throw limitError(file, 'YAML nesting too deep to convert (the deepest point is at {at})', deepest());
    throw new MinshengError({ code: 'ruleset/syntax', message: `cannot read YAML: ${errorText(e)}`, file });
  }
  const locate: Locate = (path) => {
    const node = nodeAtPath(doc, path);
    if (!node?.range) return undefined;
    return spanAt(text, node.range[0], node.range[1]);
  };
  const issues = numberLiteralIssues(doc, text, file);
  return { value, locate, ...(issues.length > 0 ? { issues } : {}) };
}

function firstAliasSpan(doc: Document, text: string): ReturnType<typeof spanAt> | undefined {
  let range: [number, number, number] | undefined;
  visit(doc, {
    Alias(_key, node) {
      range = node.range ?? undefined;
      return visit.BREAK;
    },
  });
  return range ? spanAt(text, range[0], range[1]) : undefined;
}

/** Number scalars whose source text a JS number does not hold exactly, or beyond the numeric limits. */
function numberLiteralIssues(doc: Document, text: string, file: string): Issue[] {
  const issues: Issue[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || typeof node.source !== 'string' || !node.range) return undefined;
      const problem = numberLiteralProblem(node.source, node.value);
      if (!problem) return undefined;
      const span = spanAt(text, node.range[0], node.range[1]);
      issues.push({ code: problem.code, message: problem.message, file, path: pathAtOffset(doc, node.range[0]), span });
      return issues.length >= MAX_ISSUES ? visit.BREAK : undefined;
    },
  });
  return issues;
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
