/**
 * Streams the rows of a JSONL or CSV input file without ever holding the whole file: the file is read
 * in chunks, cut into rows (each with its 1-based line number), and handed out in batches. The caller
 * pulls the next batch only when it has room (backpressure through the async iterator).
 */
import { closeSync, createReadStream, openSync, statSync } from 'node:fs';
import { MinshengError } from '../../errors';
import { StringDecoder } from 'node:string_decoder';
import { CsvParser } from './csv';

/**
 * Checks that `path` is a file that can be read, before streaming it (a stream would fail later, with a
 * bare system error). Returns its size in bytes.
 *
 * @param what how messages name the file, e.g. `the input file`
 * @throws MinshengError `io/read`: no such file, a folder, or not readable
 */
export function checkReadableFile(path: string, what = 'the file'): number {
  let size: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw new MinshengError({ code: 'io/read', message: `cannot read ${what} ${path}: it is a folder, not a file` });
    size = info.size;
    closeSync(openSync(path, 'r'));
  } catch (error) {
    if (error instanceof MinshengError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new MinshengError({ code: 'io/read', message: `cannot read ${what} ${path}: ${why}` });
  }
  return size;
}

/** Input formats. */
export type InputFormat = 'jsonl' | 'csv';

/** One row: JSONL rows carry their text (parsed in the worker), CSV rows their cells. */
export type Row = { readonly line: number; readonly text: string } | { readonly line: number; readonly cells: string[] };

/** A batch of rows, with the bytes read so far (for progress). */
export interface RowBatch {
  readonly rows: Row[];
  readonly bytesRead: number;
}

/** A block of whole JSONL lines, as bytes (handed to a worker without copying: its buffer is transferred). */
export interface LineBlock {
  /** Line number of the first line in the block (1-based). */
  readonly startLine: number;
  readonly data: Uint8Array;
  /** Lines in the block (blank ones included). */
  readonly lines: number;
  readonly bytesRead: number;
}

/**
 * Reads a JSONL file as blocks of whole lines of about `blockSize` bytes. The main thread only finds
 * the last newline of each chunk and counts newlines; decoding and parsing happen in the workers. A
 * newline byte (0x0A) never occurs inside a multi-byte UTF-8 character, so cutting there is safe.
 *
 * @example
 * for await (const block of readLineBlocks('claims.jsonl')) pool.run(block, { transferList: [block.data.buffer] });
 */
export async function* readLineBlocks(path: string, options: { blockSize?: number } = {}): AsyncGenerator<LineBlock> {
  const blockSize = options.blockSize ?? 128 * 1024;
  const stream = createReadStream(path, { highWaterMark: blockSize });
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  let bytesRead = 0;
  let first = true;
  for await (const chunk of stream) {
    let buf = chunk as Uint8Array;
    bytesRead += buf.length;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      const joined = new Uint8Array(carry.length + buf.length);
      joined.set(carry);
      joined.set(buf, carry.length);
      carry = joined;
      continue;
    }
    // A fresh buffer (never a view of the stream's pool) that can be transferred.
    const data = new Uint8Array(carry.length + last + 1);
    data.set(carry);
    data.set(buf.subarray(0, last + 1), carry.length);
    carry = buf.slice(last + 1);
    let lines = 0;
    for (let at = data.indexOf(10); at >= 0; at = data.indexOf(10, at + 1)) lines++;
    yield { startLine: line, data, lines, bytesRead };
    line += lines;
  }
  if (carry.length > 0) yield { startLine: line, data: carry.slice(), lines: 1, bytesRead };
}

const utf8 = new TextDecoder();

/** The non-blank lines of a JSONL block, numbered from `startLine`. */
export function blockRows(startLine: number, data: Uint8Array): Row[] {
  const text = utf8.decode(data);
  const rows: Row[] = [];
  let line = startLine;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const row = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (row.trim() !== '') rows.push({ line, text: row });
    line++;
    start = end + 1;
  }
  return rows;
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
