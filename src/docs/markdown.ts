/**
 * Markdown for repository browsing (GitHub/GitLab render it). Every string from a ruleset goes through
 * {@link mdText} (or {@link mdCode}), so a label cannot inject markup, links or raw HTML. Pure.
 */

/**
 * Escapes text for Markdown paragraphs and table cells: Markdown punctuation is backslash-escaped, `<`
 * `>` `&` become entities (no raw HTML), newlines become spaces (one cell, one line).
 */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)-/, '$1\\-')
    .replace(/^(\s*\d+)\./, '$1\\.');
}

/** Inline code that holds any text (backtick fences longer than any run inside; `|` escaped for tables). */
export function mdCode(text: string): string {
  const one = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** A fenced code block that no line of `text` can close. */
export function mdBlock(text: string, info = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\s+$/, '')}\n${fence}`;
}

/** A link whose text is escaped and whose target is a relative path/anchor built by this code base or an http(s) URL. */
export function mdLink(text: string, href: string): string {
  return `[${text}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

/** A table; `cells` are already Markdown (escape with {@link mdText}). */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}
