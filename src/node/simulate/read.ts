/**
 * Streams the rows of a JSONL or CSV input file without ever holding the whole file: the file is read
 * in chunks, cut into rows (each with its 1-based line number), and handed out in batches. The caller
 * pulls the next batch only when it has room (backpressure through the async iterator).
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
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
 * Default size of a JSONL block: about 5,000 rows of the benchmark workload per task. Each task costs two messages
 * and a thread wake-up; on a busy machine 1 MiB blocks used 15–30% less CPU than 512 KiB ones (2 MiB: no better).
 */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;

/** Options of {@link readLineBlocks}. */
export interface LineBlockOptions {
  /** Bytes read at a time (default {@link DEFAULT_BLOCK_SIZE}). */
  readonly blockSize?: number;
  /**
   * A buffer to read the next block into (e.g. a slot of shared memory that the caller reuses once a worker
   * is done with it), or undefined for a fresh one. Used when the unfinished line carried over fills at most
   * half of it.
   */
  readonly buffer?: () => Uint8Array | undefined;
}

/**
 * Reads a JSONL file as blocks of whole lines of about `blockSize` bytes. Each block is read straight into its
 * buffer (only the unfinished last line is copied, to the start of the next one) — a fresh one that can be
 * transferred to a worker, or one `options.buffer` lends. The main thread only finds the last newline of each
 * block and counts newlines; decoding and parsing happen in the workers. A newline byte (0x0A) never occurs
 * inside a multi-byte UTF-8 character, so cutting there is safe.
 *
 * @example
 * for await (const block of readLineBlocks('claims.jsonl')) pool.run(block, { transferList: [block.data.buffer] });
 */
export async function* readLineBlocks(path: string, options: LineBlockOptions = {}): AsyncGenerator<LineBlock> {
  const blockSize = Math.max(1, options.blockSize ?? DEFAULT_BLOCK_SIZE);
  const file = await open(path, 'r');
  try {
    // A regular file is read with readSync: from the page cache a block takes ~0.2 ms, and going through the thread
    // pool cost ~1.5x the CPU (60-69 against 42 ms for 220 MB). Anything else (a pipe, a device) may block for
    // long: read asynchronously, so that the run can still be stopped meanwhile.
    const regular = (await file.stat()).isFile();
    let carry: Uint8Array = new Uint8Array(0);
    let line = 1;
    let bytesRead = 0;
    let first = true;
    for (;;) {
      let buf = options.buffer?.();
      if (!buf || carry.length > buf.length >> 1) {
        // A line longer than a block doubles the read, so a huge line costs linear time, not quadratic.
        buf = new Uint8Array(carry.length + Math.max(blockSize, carry.length));
      }
      buf.set(carry);
      const n = regular ? readSync(file.fd, buf, carry.length, buf.length - carry.length, null) : (await file.read(buf, carry.length, buf.length - carry.length, null)).bytesRead;
      if (n === 0) break;
      bytesRead += n;
      const end = carry.length + n;
      let start = 0;
      if (first) {
        first = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      }
      const last = buf.lastIndexOf(10, end - 1);
      if (last < start) {
        carry = buf.slice(start, end);
        continue;
      }
      const data = buf.subarray(start, last + 1);
      carry = buf.slice(last + 1, end); // a copy: buf goes to a worker
      const lines = countNewlines(data);
      yield { startLine: line, data, lines, bytesRead };
      line += lines;
    }
    if (carry.length > 0) yield { startLine: line, data: carry.slice(), lines: 1, bytesRead };
  } finally {
    await file.close();
  }
}

/**
 * The number of newline bytes (0x0A) in `data`. Rows of a JSONL file are long (~230 bytes a claim): hopping from
 * one newline to the next with Buffer#indexOf (a native byte search) is ~4× faster than reading every word.
 * Short rows make a call per row dear: once the first {@link SAMPLE_LINES} newlines came closer than
 * {@link SHORT_ROW} bytes apart on average, the rest is counted word by word ({@link countNewlinesByWord}).
 */
export function countNewlines(data: Uint8Array): number {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let n = 0;
  for (let p = bytes.indexOf(10); p >= 0; p = bytes.indexOf(10, p + 1)) {
    n++;
    if (n === SAMPLE_LINES && p < SAMPLE_LINES * SHORT_ROW) return n + countNewlinesByWord(data.subarray(p + 1));
  }
  return n;
}

/** Newlines looked at before {@link countNewlines} decides how to count the rest. */
const SAMPLE_LINES = 64;
/** Rows shorter than this on average are counted word by word (a search call costs about as much as 64 bytes read). */
const SHORT_ROW = 64;

/**
 * The number of newline bytes (0x0A) in `data`, four bytes at a time: a byte of `x = word ^ 0x0a0a0a0a` is 0
 * exactly where the word had a newline, and `~(((x & 0x7f…) + 0x7f…) | x | 0x7f…)` keeps only the high bit
 * of each such byte (no carry crosses a byte: 0x7f + 0x7f < 0x100); a multiply sums the four bits.
 */
export function countNewlinesByWord(data: Uint8Array): number {
  const len = data.length;
  let n = 0;
  let i = 0;
  for (; i < len && ((data.byteOffset + i) & 3) !== 0; i++) if (data[i] === 10) n++;
  const words = (len - i) >> 2;
  if (words > 0) {
    const w = new Uint32Array(data.buffer, data.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const x = w[k]! ^ 0x0a0a0a0a;
      const t = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      if (t !== 0) n += Math.imul(t >>> 7, 0x01010101) >>> 24;
    }
    i += words * 4;
  }
  for (; i < len; i++) if (data[i] === 10) n++;
  return n;
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
    if (rows.length >= batchSize) {
      // The rest is kept once, after every whole batch of this chunk (not re-sliced per batch).
      let at = 0;
      for (; rows.length - at >= batchSize; at += batchSize) yield { rows: rows.slice(at, at + batchSize), bytesRead };
      rows = rows.slice(at);
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
