/**
 * Streams the rows of a JSONL or CSV input file without ever holding the whole file: the file is read
 * in chunks, cut into rows (each with its 1-based line number), and handed out in batches. The caller
 * pulls the next batch only when it has room (backpressure through the async iterator).
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { CsvParser } from './csv';

/** Input formats. */
export type InputFormat = 'jsonl' | 'csv';

/** One row: JSONL rows carry their text (parsed in the worker), CSV rows their cells. */
export type Row = { readonly line: number; readonly text: string } | { readonly line: number; readonly cells: string[] };

/** A batch of rows, with the bytes read so far (for progress). */
export interface RowBatch {
  readonly rows: Row[];
  readonly bytesRead: number;
}

/** A problem found while cutting rows (an unclosed CSV quote at the end of the file). */
export interface ReadProblem {
  readonly line: number;
  readonly message: string;
}

/** The format of a file by its extension (`.jsonl`/`.ndjson`/`.json` → jsonl, `.csv` → csv). */
export function formatOf(path: string): InputFormat | undefined {
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  return undefined;
}

/** Options of {@link readBatches}. */
export interface ReadOptions {
  readonly format: InputFormat;
  /** Rows per batch (default 500). */
  readonly batchSize?: number;
  /** Read chunk size in bytes (default 256 KiB). */
  readonly chunkSize?: number;
  /** Receives the CSV header (the first record) before the first batch. */
  readonly onHeader?: (header: string[]) => void;
  /** Receives problems that are not rows (an unclosed quote at the end). */
  readonly onProblem?: (problem: ReadProblem) => void;
}

/**
 * Reads a file as batches of rows. Blank lines are skipped (their numbers still count). A UTF-8 BOM is
 * ignored.
 *
 * @example
 * for await (const batch of readBatches('claims.jsonl', { format: 'jsonl' })) pool.run(batch.rows);
 */
export async function* readBatches(path: string, options: ReadOptions): AsyncGenerator<RowBatch> {
  const batchSize = options.batchSize ?? 500;
  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 256 * 1024 });
  const decoder = new StringDecoder('utf8');
  let rows: Row[] = [];
  let bytesRead = 0;
  let first = true;
  // JSONL state
  let rest = '';
  let line = 0;
  // CSV state
  const csv = options.format === 'csv' ? new CsvParser() : undefined;
  let header: string[] | undefined;

  const addCsv = (cells: string[], at: number): void => {
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    if (!header) {
      header = cells.map((c) => c.trim());
      options.onHeader?.(header);
      return;
    }
    rows.push({ line: at, cells });
  };

  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    bytesRead += buf.length;
    let text = decoder.write(buf);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (csv) {
      for (const r of csv.push(text)) addCsv(r.cells, r.line);
    } else {
      text = rest + text;
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        line++;
        const row = text.slice(start, nl).replace(/\r$/, '');
        if (row.trim() !== '') rows.push({ line, text: row });
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    while (rows.length >= batchSize) {
      yield { rows: rows.slice(0, batchSize), bytesRead };
      rows = rows.slice(batchSize);
    }
  }
  const tail = decoder.end();
  if (csv) {
    for (const r of csv.push(tail)) addCsv(r.cells, r.line);
    const end = csv.end();
    if (end.record) addCsv(end.record.cells, end.record.line);
    if (end.error) options.onProblem?.(end.error);
  } else {
    const last = rest + tail;
    if (last.trim() !== '') rows.push({ line: line + 1, text: last.replace(/\r$/, '') });
  }
  if (rows.length > 0) yield { rows, bytesRead };
}
