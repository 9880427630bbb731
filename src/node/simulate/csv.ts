/**
 * CSV (RFC 4180) for batch inputs and outputs: an incremental parser that is fed chunks and emits
 * records with the line they start on (quoted fields may span lines), cell → input conversion by the
 * declared input types (dotted headers fill records: `ytd.basicPaid`), and cell escaping for output.
 */
import type { InputDecl } from '../../ruleset/schema';

/** A parsed CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Incremental CSV parser: `push(chunk)` returns the records completed by that chunk, `end()` the last
 * one. Memory is bounded by the longest record. A quote inside an unquoted field is kept as text; an
 * unterminated quoted field at the end is reported by `end()` as an error.
 *
 * @example
 * const p = new CsvParser();
 * p.push('a,b\n1,"x\ny"\n'); //=> [{ line: 1, cells: ['a','b'] }, { line: 2, cells: ['1','x\ny'] }]
 */
export class CsvParser {
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
    // Plain characters are taken as runs (one slice each), not appended one by one: `run` is where the current
    // run of the field's text started in this chunk (-1: none), flushed before anything else touches the field.
    let run = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === LF) continue;
      }
      if (this.quoted) {
        if (c === QUOTE) {
          if (run >= 0) this.field += chunk.slice(run, i);
          run = -1;
          if (chunk.charCodeAt(i + 1) === QUOTE) {
            this.field += '"';
            i++;
          } else {
            // A closing quote — or, at the end of a chunk, maybe the first half of '""' (decided by the next chunk).
            this.quoted = false;
            this.afterQuote = true;
          }
        } else {
          if (c === LF) this.line++;
          if (run < 0) run = i;
        }
        continue;
      }
      if (this.afterQuote && c === QUOTE) {
        // '""' split across two chunks inside a quoted field.
        this.field += '"';
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (c === COMMA) {
        if (run >= 0) this.field += chunk.slice(run, i);
        run = -1;
        this.cells.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (c === LF || c === CR) {
        if (run >= 0) this.field += chunk.slice(run, i);
        run = -1;
        if (c === CR) this.pendingCR = true;
        out.push(this.finish());
        this.line++;
        this.recordLine = this.line;
      } else if (c === QUOTE && run < 0 && this.field === '') {
        this.quoted = true;
        this.fieldStarted = true;
      } else {
        if (run < 0) run = i;
        this.fieldStarted = true;
      }
    }
    if (run >= 0) this.field += chunk.slice(run);
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

/** Escapes one cell: quoted when it holds a comma, quote, newline or leading/trailing space. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (with '\n'). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

function declAt(decls: Readonly<Record<string, InputDecl>>, path: readonly string[]): InputDecl | undefined {
  let scope: Readonly<Record<string, InputDecl>> | undefined = decls;
  let decl: InputDecl | undefined;
  for (const key of path) {
    if (!scope || !Object.prototype.hasOwnProperty.call(scope, key)) return undefined;
    decl = scope[key];
    scope = decl?.type === 'record' ? decl.fields : undefined;
  }
  return decl;
}

/** Thrown for a cell that cannot be read as its declared type (the caller adds the line). */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/** The columns of a CSV header resolved once (not per row): each column's dotted path and its declared input. */
export interface CsvColumns {
  readonly header: readonly string[];
  readonly paths: readonly (readonly string[])[];
  readonly decls: readonly (InputDecl | undefined)[];
}

/** Resolves the columns of `header` against the declared inputs (see {@link csvRecordToInput}). */
export function csvColumns(header: readonly string[], decls: Readonly<Record<string, InputDecl>>): CsvColumns {
  const paths = header.map((column) => column.split('.'));
  return { header, paths, decls: paths.map((path) => declAt(decls, path)) };
}

const TRUE_TEXTS = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE_TEXTS = new Set(['false', '0', 'no', 'n', '否']);

/**
 * One CSV record → an input object, by the header and the declared inputs. Empty cells are left out
 * (defaults and optional inputs apply); numbers stay strings (exact); booleans accept true/false/1/0/
 * yes/no/是/否; a list cell holds JSON; a column the ruleset does not declare is kept as text (the
 * evaluation then reports it as an unknown input, naming it). `columns` (from {@link csvColumns}) saves
 * resolving the header on every row.
 */
export function csvRecordToInput(
  header: readonly string[],
  cells: readonly string[],
  decls: Readonly<Record<string, InputDecl>>,
  columns: CsvColumns = csvColumns(header, decls),
): Record<string, unknown> {
  if (cells.length !== header.length) {
    throw new CellError('', `expected ${header.length} cells (as in the header), found ${cells.length}`);
  }
  const input: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) {
    const raw = cells[i]!.trim();
    if (raw === '') continue;
    const column = header[i]!;
    const path = columns.paths[i]!;
    const decl = columns.decls[i];
    let value: unknown = raw;
    if (decl?.type === 'boolean') {
      const v = raw.toLowerCase();
      if (TRUE_TEXTS.has(v)) value = true;
      else if (FALSE_TEXTS.has(v)) value = false;
      else throw new CellError(column, `${column}: expected true or false, found ${JSON.stringify(raw)}`);
    } else if (decl?.type === 'list' || decl?.type === 'record') {
      try {
        value = JSON.parse(raw) as unknown;
      } catch {
        throw new CellError(column, `${column}: expected JSON for a ${decl.type}, found ${JSON.stringify(raw.slice(0, 40))}`);
      }
    }
    let at = input;
    for (let k = 0; k < path.length - 1; k++) {
      const key = path[k]!;
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new CellError(column, `${column}: unsafe column name`);
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (last === '__proto__' || last === 'constructor' || last === 'prototype') throw new CellError(column, `${column}: unsafe column name`);
    at[last] = value;
  }
  return input;
}
