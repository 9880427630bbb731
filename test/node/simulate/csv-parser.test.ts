/**
 * CsvParser against the character-by-character parser it replaced (copied below as it was): the same records,
 * lines and end state for any text cut into any chunks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvParser, type CsvRecord } from '../../../src/node/simulate/csv';

class ReferenceCsvParser {
  private cells: string[] = [];
  private field = '';
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;
  private pendingCR = false;

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') continue;
      }
      if (this.quoted) {
        if (c === '"') {
          if (chunk[i + 1] === '"') {
            this.field += '"';
            i++;
          } else {
            // A closing quote — or, at the end of a chunk, maybe the first half of '""' (decided by the next chunk).
            this.quoted = false;
            this.afterQuote = true;
          }
        } else {
          if (c === '\n') this.line++;
          this.field += c;
        }
        continue;
      }
      if (this.afterQuote && c === '"') {
        // '""' split across two chunks inside a quoted field.
        this.field += '"';
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (c === ',') {
        this.cells.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCR = true;
        out.push(this.finish());
        this.line++;
        this.recordLine = this.line;
      } else if (c === '"' && this.field === '') {
        this.quoted = true;
        this.fieldStarted = true;
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
    }
    return out;
  }

  private finish(): CsvRecord {
    this.cells.push(this.field);
    const record = { line: this.recordLine, cells: this.cells };
    this.cells = [];
    this.field = '';
    this.fieldStarted = false;
    return record;
  }

  /** The last record (when the text does not end with a newline), or an error for an open quote. */
  end(): { record?: CsvRecord; error?: { line: number; message: string } } {
    if (this.quoted) return { error: { line: this.recordLine, message: 'a quoted field is not closed before the end of the file' } };
    if (this.field === '' && this.cells.length === 0 && !this.fieldStarted) return {};
    return { record: this.finish() };
  }
}

function parseAll(parser: { push(c: string): CsvRecord[]; end(): unknown }, chunks: readonly string[]): unknown {
  const records: CsvRecord[] = [];
  for (const c of chunks) records.push(...parser.push(c));
  return { records, end: parser.end() };
}

describe('CsvParser (runs of plain text taken as slices)', () => {
  it('parses any text in any chunks exactly as the character-by-character parser did', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r', '\r\n', ' ', '字', '😀'), { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(80), { maxLength: 6 }), (t, cuts) => {
        const points = [...new Set(cuts.map((c) => Math.min(c, t.length)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(t.slice(at, p));
          at = p;
        }
        chunks.push(t.slice(at));
        expect(parseAll(new CsvParser(), chunks)).toEqual(parseAll(new ReferenceCsvParser(), chunks));
      }),
      { numRuns: 5000 },
    );
  });
});
