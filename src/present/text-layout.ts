/**
 * Plain-text layout for explanations in columns (terminal and Markdown alike): display width with CJK
 * characters counting 2, padding, cutting with '…', and wrapping between words or CJK characters.
 * Colours and TTY detection are the CLI's (`cli/style.ts`).
 */
/**
 * Terminal width of a string: East Asian wide and fullwidth characters count 2, combining marks and
 * ANSI escapes 0.
 */
export function displayWidth(text: string): number {
  let width = 0;
  const plain = text.replace(ANSI, '');
  for (const ch of plain) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

const ANSI = /\u001b\[[0-9;]*m/g;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Pads `text` with spaces to `width` terminal columns (on the right, or on the left for `align: 'right'`). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

/** Cuts `text` to at most `width` columns, ending with '…' when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/**
 * Wraps text to `width` columns: at spaces between words, anywhere between CJK characters (never
 * before closing CJK punctuation).
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const tokens = paragraph.match(/[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60][，。、；：！？）」』】》,.;:!?)]?|[^\s\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]+|\s+/g) ?? [];
    let line = '';
    for (const token of tokens) {
      if (/^\s+$/.test(token)) {
        if (line) line += ' ';
        continue;
      }
      if (line && displayWidth(line) + displayWidth(token) > width) {
        lines.push(line.trimEnd());
        line = '';
      }
      line += token;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
