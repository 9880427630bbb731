/**
 * Safe HTML by construction: the {@link html} tag escapes every interpolated value unless it is already
 * {@link Html} (built by this module). Rulesets are third-party input — a label containing `<script>`
 * must come out as text — so no page is ever assembled by string concatenation of unescaped values.
 * Pure (no DOM, no Node APIs): the playground bundle uses it in the browser too.
 */

/** A fragment of HTML that is known to be safe (escaped or built from escaped parts). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}: text is escaped, Html is kept, lists are joined, nothing renders nothing. */
export type Child = Html | string | number | boolean | null | undefined | readonly Child[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function append(out: string[], child: Child): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (child instanceof Html) out.push(child.value);
  else if (Array.isArray(child)) for (const c of child as readonly Child[]) append(out, c);
  else out.push(escapeHtml(String(child)));
}

/**
 * Tagged template: the literal parts are trusted markup written in this code base, every `${value}` is
 * escaped (booleans, null and undefined render nothing, so `${cond && html`…`}` works).
 *
 * @example
 * html`<td>${label}</td>`.value; // label '<b>' → '<td>&lt;b&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: Child[]): Html {
  const out: string[] = [strings[0]!];
  for (let i = 0; i < values.length; i++) {
    append(out, values[i]!);
    out.push(strings[i + 1]!);
  }
  return new Html(out.join(''));
}

/** Joins children (escaping text) into one fragment. */
export function join(children: readonly Child[], separator: Child = ''): Html {
  const out: string[] = [];
  children.forEach((c, i) => {
    if (i > 0) append(out, separator);
    append(out, c);
  });
  return new Html(out.join(''));
}

/** Markup that is a constant of this code base (never pass data from a ruleset or an input here). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/**
 * An element id/anchor from a name: keeps `[A-Za-z0-9_.-]` and encodes everything else, so any name
 * gives a valid, unique id and the same id wherever it is computed.
 */
export function anchor(kind: string, name: string): string {
  return `${kind}-${name.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

/** An http(s) URL from a ruleset, or undefined (a `javascript:` or relative URL never becomes a link). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the line separators are
 * written as `\u` escapes, so no string inside can close the element or start a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
