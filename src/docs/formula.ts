/**
 * A formula for people: its text as the author laid it out, cut into segments where each name the
 * formula reads is tagged with what it refers to (rule, parameter, input), so pages can link it to its
 * definition. Names are found in the parsed AST (their spans), never by searching the text. Pure.
 */
import { parseFormula } from '../expr/parse';
import type { Expr } from '../expr/ast';
import { html, type Html } from './html';

/** What a name in a formula refers to. */
export interface FormulaRef {
  readonly kind: 'rule' | 'param' | 'input';
  /** The rule, parameter or top-level input name (for `ytd.basicPaid`: the input `ytd`). */
  readonly name: string;
}

/** A piece of the formula text: plain, a function name, or a name with its referent. */
export type FormulaSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fn'; readonly text: string }
  | { readonly kind: 'ref'; readonly text: string; readonly ref: FormulaRef };

/** The names in scope of a ruleset. */
export interface FormulaScope {
  readonly rules: ReadonlySet<string> | { has(name: string): boolean };
  readonly parameters: ReadonlySet<string> | { has(name: string): boolean };
  readonly inputs: ReadonlySet<string> | { has(name: string): boolean };
}

/** Builds a scope from a resolved ruleset's records. */
export function scopeOf(ruleset: { rules: object; parameters: object; inputs: object }): FormulaScope {
  const has = (o: object) => ({ has: (name: string) => Object.prototype.hasOwnProperty.call(o, name) });
  return { rules: has(ruleset.rules), parameters: has(ruleset.parameters), inputs: has(ruleset.inputs) };
}

/** Resolves a dotted name path the way the type checker does: the longest parameter prefix, else a rule, else an input. */
export function resolveName(path: readonly string[], scope: FormulaScope): FormulaRef | undefined {
  for (let n = path.length; n >= 1; n--) {
    const name = path.slice(0, n).join('.');
    if (scope.parameters.has(name)) return { kind: 'param', name };
  }
  const first = path[0]!;
  if (scope.rules.has(first)) return { kind: 'rule', name: first };
  if (scope.inputs.has(first)) return { kind: 'input', name: first };
  return undefined;
}

interface Marked {
  readonly start: number;
  readonly end: number;
  readonly segment: FormulaSegment;
}

function collect(e: Expr, text: string, scope: FormulaScope, out: Marked[]): void {
  switch (e.kind) {
    case 'name': {
      const ref = resolveName(e.path, scope);
      const t = text.slice(e.span.start, e.span.end);
      if (ref) out.push({ start: e.span.start, end: e.span.end, segment: { kind: 'ref', text: t, ref } });
      return;
    }
    case 'call':
      out.push({ start: e.calleeSpan.start, end: e.calleeSpan.end, segment: { kind: 'fn', text: text.slice(e.calleeSpan.start, e.calleeSpan.end) } });
      for (const a of e.args) collect(a, text, scope, out);
      return;
    case 'unary':
      collect(e.operand, text, scope, out);
      return;
    case 'binary':
    case 'logical':
    case 'compare':
      collect(e.left, text, scope, out);
      collect(e.right, text, scope, out);
      return;
    case 'if':
      collect(e.test, text, scope, out);
      collect(e.then, text, scope, out);
      collect(e.else, text, scope, out);
      return;
    case 'in':
      collect(e.value, text, scope, out);
      collect(e.list, text, scope, out);
      return;
    case 'index':
      collect(e.target, text, scope, out);
      collect(e.index, text, scope, out);
      return;
    case 'member':
      collect(e.target, text, scope, out);
      return;
    case 'list':
      for (const item of e.items) collect(item, text, scope, out);
      return;
    default:
      return;
  }
}

/** Removes the common indentation and trailing blank lines of a (YAML block) formula. */
export function tidyFormula(text: string): string {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^\s*/.exec(l)![0].length))).join('\n');
}

/**
 * Cuts a formula into segments (the text unchanged, names tagged). A formula that does not parse is
 * returned as one text segment: the page still shows it, unlinked.
 *
 * @example
 * formulaSegments('max(0, cost - deductible)', scope)
 * //=> [fn 'max', text '(0, ', ref input 'cost', text ' - ', ref rule 'deductible', text ')']
 */
export function formulaSegments(formula: string, scope: FormulaScope): FormulaSegment[] {
  const text = tidyFormula(formula);
  let ast: Expr;
  try {
    ast = parseFormula(text, { maxLength: Number.MAX_SAFE_INTEGER, maxDepth: 256 });
  } catch {
    return [{ kind: 'text', text }];
  }
  const marks: Marked[] = [];
  collect(ast, text, scope, marks);
  marks.sort((a, b) => a.start - b.start);
  const out: FormulaSegment[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ kind: 'text', text: text.slice(at, m.start) });
    out.push(m.segment);
    at = m.end;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/** The distinct names a formula refers to, in order of first appearance. */
export function formulaRefs(segments: readonly FormulaSegment[]): FormulaRef[] {
  const seen = new Set<string>();
  const out: FormulaRef[] = [];
  for (const s of segments) {
    if (s.kind !== 'ref') continue;
    const key = `${s.ref.kind}:${s.ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s.ref);
  }
  return out;
}

/** Where a reference links to (an anchor on the page, or a URL of another page); undefined → not linked. */
export type RefHref = (ref: FormulaRef) => string | undefined;

/** Renders segments as `<code class="formula">` with names linked (and titled with their kind). */
export function formulaHtml(segments: readonly FormulaSegment[], href: RefHref): Html {
  const parts = segments.map((s) => {
    if (s.kind === 'text') return s.text;
    if (s.kind === 'fn') return html`<span class="fn">${s.text}</span>`;
    const target = href(s.ref);
    const cls = `name ${s.ref.kind}`;
    return target ? html`<a class="${cls}" href="${target}">${s.text}</a>` : html`<span class="${cls}">${s.text}</span>`;
  });
  return html`<code class="formula">${parts}</code>`;
}
