/**
 * The piscina worker of `minsheng simulate`: compiles the ruleset once (it arrives resolved, as data, in
 * `workerData`), then evaluates batches of rows. Decoding and parsing (JSON or CSV cells), rendering the
 * outputs and summing the money outputs all happen here, and the outputs go back to the main thread as
 * UTF-8 bytes whose buffer is transferred, not copied: the main thread only cuts blocks at newlines and
 * writes bytes. A bad row becomes an error with its line number, and a {@link ErrorMark} of what the batch
 * had written before it, so the main thread can stop exactly at the bad row that exceeds the allowed number
 * (`maxErrors`); the batch itself stops once it alone has more bad rows than allowed.
 */
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { isMinshengError } from '../../errors';
import type { Program } from '../../engine/program';
import { buildProgram, LEAN_ZOD_PARTS } from '../../engine/build';
import { CompiledProgram, type JsonRowEvaluator, type JsonRowOutput } from '../../engine/evaluator';
import { Decimal } from '../../money/decimal';
import { fenOfMoneyText } from '../../money/fen';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import { CellError, csvCell, csvColumns, csvRecordToInput, type CsvColumns } from './csv';
import type { Row } from './read';

/** What every worker is started with. */
export interface WorkerConfig {
  readonly resolved: ResolvedRuleset;
  readonly date?: string;
  readonly inputFormat: 'jsonl' | 'csv';
  readonly outputFormat: 'jsonl' | 'csv';
  /** CSV inputs: the header. */
  readonly header?: readonly string[];
  /** Outputs to write (default: all). */
  readonly outputs?: readonly string[];
  /**
   * The input field copied to the output as `id` (default `id`); it is not given to the ruleset unless
   * the ruleset declares it.
   */
  readonly idField: string;
  /** Every output row carries `id` (null or an empty cell when the row has none); else JSONL rows carry it when present. */
  readonly withId: boolean;
  /** Bad rows allowed before the run stops (undefined: no limit). */
  readonly maxErrors?: number;
  /** A BroadcastChannel name: the worker says on it when its module has loaded (see run.ts). */
  readonly loadedChannel?: string;
}

/** A row that could not be evaluated. */
export interface RowError {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/**
 * One task: parsed rows (CSV), or a block of whole JSONL lines as UTF-8 bytes (`lines` of them, blank ones
 * included); `out`, when given, is where the output bytes go first (a slot of shared memory).
 */
export type Task = ({ readonly rows: readonly Row[] } | { readonly startLine: number; readonly lines: number; readonly data: Uint8Array }) & { readonly out?: Uint8Array };

/** The state of a batch just before one of its bad rows: what a run stopping there keeps of it. */
export interface ErrorMark {
  /** Bytes of output written before the bad row. */
  readonly byteLength: number;
  /** Rows of the batch before the bad row (evaluated or not), and those evaluated. */
  readonly rows: number;
  readonly ok: number;
  /** Σ of each money output over the rows evaluated before the bad row. */
  readonly totals: Readonly<Record<string, string>>;
}

/** The result of one batch. */
export interface BatchResult {
  /** Non-blank rows the batch held (evaluated or not). */
  readonly rows: number;
  /**
   * Output lines of the rows that evaluated, in order, as UTF-8: their first `byteLength` bytes are in the
   * task's `out`, or in `data` when there was no `out` or they did not fit.
   */
  readonly data?: Uint8Array;
  readonly byteLength: number;
  readonly ok: number;
  readonly errors: readonly RowError[];
  /** Σ of each money output over the rows that evaluated (exact decimal strings). */
  readonly totals: Readonly<Record<string, string>>;
  /** One per error, when a limit of bad rows is set (`maxErrors`). */
  readonly marks: readonly ErrorMark[];
  /** The batch stopped at a bad row (it alone has more than `maxErrors`). */
  readonly stopped: boolean;
  /** The last input line of the batch (blank lines included). */
  readonly lastLine: number;
}

/**
 * An exact running total of money texts ("123.45", "-0.50") in integer fen: a JS number while it is a safe
 * integer, spilled into a BigInt before it could leave that range. A text of another shape (never produced
 * for money outputs, but cheap to guard) goes to a decimal total instead of being guessed.
 */
export class FenTotal {
  private small = 0;
  private big = 0n;
  private other: Decimal | undefined;

  add(text: string): void {
    const fen = fenOfMoneyText(text);
    if (fen === undefined) this.other = (this.other ?? new Decimal(0)).plus(text);
    else this.addFen(fen);
  }

  /** Adds a safe integer number of fen (what {@link fenOfMoneyText} returns). */
  addFen(fen: number): void {
    const next = this.small + fen;
    if (next > SPILL || next < -SPILL) {
      this.big += BigInt(this.small) + BigInt(fen);
      this.small = 0;
    } else this.small = next;
  }

  /** The total with 2 decimals, exactly. */
  toFixed2(): string {
    const fen = this.big + BigInt(this.small);
    const negative = fen < 0n;
    const a = negative ? -fen : fen;
    const cents = a % 100n;
    const text = `${negative ? '-' : ''}${a / 100n}.${cents < 10n ? '0' : ''}${cents}`;
    return this.other ? this.other.plus(text).toFixed(2) : text;
  }
}

/** Sums stay below 2^52 fen in the number part: adding one safe money value can then never lose a digit. */
const SPILL = 2 ** 52;

// One reading of money text for the engine and simulate (re-exported for the tests of this module).
export { fenOfMoneyText };

const encoder = new TextEncoder();

/** The ASCII digits of 00–99, two bytes each. */
/** 2^31: below it, a whole number ≥ 0 is a 32-bit integer (see ByteSink.smallDigits). */
const INT32_LIMIT = 2147483648;
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : Math.floor(i / 2) % 10));

/**
 * The output bytes of one batch, grown by doubling. ASCII is copied in place (all a CSV/JSONL row of money
 * outputs holds); other text is UTF-8 encoded (a lone surrogate becomes U+FFFD, as when writing a string).
 */
export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  /** Writes into `initial` (until it is full), or a fresh buffer of `initial` bytes. */
  constructor(initial: Uint8Array | number) {
    this.bytes = typeof initial === 'number' ? new Uint8Array(Math.max(64, initial)) : initial;
  }

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const bytes = new Uint8Array(capacity);
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
  }

  byte(c: number): void {
    if (this.length === this.bytes.length) this.room(1);
    this.bytes[this.length++] = c;
  }

  /** A whole number ≥ 0 (a line number, whole yuan) in decimal, two digits at a time. */
  digits(n: number): void {
    if (n < 10) return this.byte(48 + n);
    if (n < INT32_LIMIT) return this.smallDigits(n | 0);
    let width = 2;
    for (let p = 100; p <= n; p *= 10) width++;
    this.room(width);
    const bytes = this.bytes;
    let at = this.length + width;
    // n / 100 is exact enough for every safe integer: its fraction (a multiple of 0.01) stays clear of the next whole number.
    while (n >= 100) {
      const q = Math.floor(n / 100);
      const r = (n - q * 100) * 2;
      bytes[--at] = PAIRS[r + 1]!;
      bytes[--at] = PAIRS[r]!;
      n = q;
    }
    if (n >= 10) {
      bytes[--at] = PAIRS[n * 2 + 1]!;
      bytes[--at] = PAIRS[n * 2]!;
    } else bytes[--at] = 48 + n;
    this.length += width;
  }

  /**
   * {@link digits} of 10 ≤ n < 2^31 (most line numbers and amounts) in 32-bit integer arithmetic: a division by
   * 100 is then a multiply and a shift, not a floating-point division.
   */
  private smallDigits(n: number): void {
    const width = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
    this.room(width);
    const bytes = this.bytes;
    let at = this.length + width;
    while (n >= 100) {
      const q = (n / 100) | 0;
      const r = (n - q * 100) << 1;
      bytes[--at] = PAIRS[r + 1]!;
      bytes[--at] = PAIRS[r]!;
      n = q;
    }
    if (n >= 10) {
      bytes[--at] = PAIRS[(n << 1) + 1]!;
      bytes[--at] = PAIRS[n << 1]!;
    } else bytes[--at] = 48 + n;
    this.length += width;
  }

  /** An integer number of fen as money text: "-1234.50", "0.05" (−0 as "0.00"). */
  fen(fen: number): void {
    let a = fen;
    if (a < 0) {
      this.byte(45);
      a = -a;
    }
    let whole: number;
    let cents: number;
    if (a < INT32_LIMIT) {
      const f = a | 0;
      whole = (f / 100) | 0;
      cents = (f - whole * 100) << 1;
    } else {
      whole = Math.floor(a / 100);
      cents = (a - whole * 100) * 2;
    }
    this.digits(whole);
    this.room(3);
    const bytes = this.bytes;
    bytes[this.length] = 46;
    bytes[this.length + 1] = PAIRS[cents]!;
    bytes[this.length + 2] = PAIRS[cents + 1]!;
    this.length += 3;
  }

  /**
   * Copies a money text ("123.45", "-0.50") and returns its value in fen — what {@link fenOfMoneyText}
   * returns, in the same pass; for any other text it writes nothing and returns undefined.
   */
  money(text: string): number | undefined {
    const len = text.length;
    const negative = text.charCodeAt(0) === 45;
    let i = negative ? 1 : 0;
    if (len - i < 4 || text.charCodeAt(len - 3) !== 46) return undefined;
    this.room(len);
    const bytes = this.bytes;
    let at = this.length;
    if (negative) bytes[at++] = 45;
    let n = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (i !== len - 3) {
        const d = c - 48;
        if (d < 0 || d > 9) return undefined;
        n = n * 10 + d;
      }
      bytes[at++] = c;
    }
    if (n > Number.MAX_SAFE_INTEGER) return undefined;
    this.length = at;
    return negative ? -n : n;
  }

  text(text: string): void {
    const n = text.length;
    this.room(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.length = at;
        const rest = i === 0 ? text : text.slice(i);
        this.room(rest.length * 3); // UTF-8 needs at most 3 bytes per UTF-16 unit
        this.length += encoder.encodeInto(rest, this.bytes.subarray(this.length)).written;
        return;
      }
      bytes[at++] = c;
    }
    this.length = at;
  }
}

/** How one output is written: a money output's text is copied (and summed) when it has the money shape. */
interface OutputSlot {
  readonly name: string;
  /** Index in the money totals, or -1. */
  readonly money: number;
  /** JSONL: `,"name":` */
  readonly key: string;
  /** On the lean route (State.lean): where the output's value is among the row's rule values, and how it prints. */
  readonly lean: JsonRowOutput | undefined;
}

interface State {
  readonly config: WorkerConfig;
  readonly program: Program;
  readonly outputs: readonly string[];
  readonly money: readonly string[];
  readonly slots: readonly OutputSlot[];
  /**
   * JSONL rows are written field by field, as JSON.stringify would write the row object, unless an output's
   * name would make that object differ (`line`, `id`, `__proto__`, an array index: reordered or overwritten
   * keys) — then the row object is built and stringified.
   */
  readonly jsonFields: boolean;
  /** Options of the evaluation as the output is written (money as text). */
  readonly options: { date?: string; outputs?: readonly string[] };
  /**
   * The same with money outputs as integer fen (`money: 'fen'`: no text built, nothing to parse back to sum
   * it), when the rows are written field by field; a row it cannot settle is evaluated again with `options`,
   * which then decides (the outputs, or the error). Undefined on the row-object path.
   */
  readonly fenOptions: { date?: string; outputs?: readonly string[]; money: 'fen' } | undefined;
  readonly declared: boolean;
  /**
   * JSONL rows read straight from their bytes on the fast path (src/engine/json-row.ts), with `fenOptions`;
   * a row it hands back is decoded and parsed as usual. Undefined when the id field is an input too.
   */
  readonly jsonRows: JsonRowEvaluator | undefined;
  /**
   * JSONL rows evaluated on the lean route (JsonRowEvaluator.values: one day, no result built), when every output
   * to write can be read from there; undefined otherwise (rows then go through `jsonRows.evaluate`).
   */
  readonly lean: ((bytes: Uint8Array, start: number, end: number) => readonly unknown[] | null) | undefined;
  /** CSV inputs: the header's columns, resolved once. */
  readonly columns: CsvColumns | undefined;
  /** Output bytes per row of the last batch (sizes the next batch's buffer). */
  bytesPerRow: number;
}

let state: State | undefined;

function init(config: WorkerConfig): State {
  // Without zod (LEAN_ZOD_PARTS): the worker neither gives an input schema nor gets evaluate options it did not
  // build itself, and zod's, yaml's and semver's code was over half of what a worker compiled on starting.
  const program = buildProgram(config.resolved, undefined, LEAN_ZOD_PARTS);
  const outputs = config.outputs && config.outputs.length > 0 ? config.outputs : program.outputs;
  const money = outputs.filter((o) => program.ruleTypes[o] === 'money');
  const jsonFields = !outputs.some((o) => o === 'line' || o === 'id' || o === '__proto__' || /^(0|[1-9]\d*)$/.test(o));
  // An intermediate rule (output: false) asked for is in the result only when named to evaluate.
  const intermediate = outputs.some((o) => !program.outputs.includes(o));
  const options = { ...(config.date ? { date: config.date } : {}), ...(intermediate ? { outputs: [...outputs] } : {}) };
  const fenOptions = config.outputFormat === 'csv' || jsonFields ? ({ ...options, money: 'fen' } as const) : undefined;
  const declared = Object.prototype.hasOwnProperty.call(config.resolved.inputs, config.idField);
  const jsonRows = config.inputFormat === 'jsonl' && fenOptions && !declared && program instanceof CompiledProgram ? program.jsonRows(fenOptions, config.idField) : undefined;
  const slots = outputs.map((name) => ({ name, money: money.indexOf(name), key: `,${JSON.stringify(name)}:`, lean: jsonRows?.output(name) }));
  return {
    config,
    program,
    outputs,
    money,
    slots,
    jsonFields,
    options,
    fenOptions,
    declared,
    jsonRows,
    lean: jsonRows?.values && slots.every((slot) => slot.lean) ? jsonRows.values : undefined,
    columns: config.header ? csvColumns(config.header, config.resolved.inputs) : undefined,
    bytesPerRow: 64,
  };
}

function rowError(line: number, error: unknown): RowError {
  if (isMinshengError(error)) {
    const issue = error.issues[0]!;
    const where = issue.path && issue.path.length ? ` (at ${issue.path.join('.')})` : '';
    const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
    return { line, code: error.code, message: `${issue.message}${where}${more}` };
  }
  if (error instanceof CellError) return { line, code: 'input/type', message: error.message };
  const code = (error as { code?: unknown })?.code;
  return { line, code: typeof code === 'string' ? code : 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The input object of a JSONL row (throws a coded error for text that is not one JSON object). */
function parseJsonRow(text: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw Object.assign(new Error(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`), { code: 'input/type' });
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw Object.assign(new Error('a JSONL line must hold one JSON object'), { code: 'input/type' });
  return input as Record<string, unknown>;
}

/** One batch being evaluated: the output bytes, the totals, the bad rows. */
class Batch {
  readonly sink: ByteSink;
  readonly sums: FenTotal[];
  readonly errors: RowError[] = [];
  readonly marks: ErrorMark[] = [];
  rows = 0;
  ok = 0;
  stopped = false;
  private readonly csv: boolean;
  /** The outputs of the row being written, in the order of the slots (reused from row to row). */
  private readonly out: unknown[];

  constructor(
    private readonly s: State,
    expectedRows: number,
    out: Uint8Array | undefined,
  ) {
    this.sink = new ByteSink(out ?? Math.ceil(expectedRows * s.bytesPerRow * 1.1) + 256);
    this.sums = s.money.map(() => new FenTotal());
    this.csv = s.config.outputFormat === 'csv';
    this.readsBytes = s.jsonRows !== undefined;
    this.out = s.slots.map(() => undefined);
  }

  /** JSONL rows go to {@link bytesRow}. */
  readonly readsBytes: boolean;

  /** Evaluates one non-blank row (its JSONL text or CSV cells); false once the batch has stopped. */
  row(line: number, text: string | undefined, cells: readonly string[] | undefined): boolean {
    const s = this.s;
    let outputs: Readonly<Record<string, unknown>>;
    let id: unknown;
    try {
      const input = text !== undefined ? parseJsonRow(text) : csvRecordToInput(s.config.header ?? [], cells!, s.config.resolved.inputs, s.columns);
      const field = s.config.idField;
      if (Object.prototype.hasOwnProperty.call(input, field)) {
        id = input[field];
        if (!s.declared) delete input[field];
      }
      outputs = this.evaluate(input);
    } catch (error) {
      return this.fail(line, error);
    }
    this.rows++;
    this.ok++;
    const out = this.out;
    const slots = s.slots;
    for (let k = 0; k < slots.length; k++) out[k] = outputs[slots[k]!.name];
    this.write(line, id);
    return true;
  }

  /** Writes the row in {@link out} as CSV, JSONL field by field, or a stringified row object. */
  private write(line: number, id: unknown): void {
    if (this.csv) this.csvRow(line, id);
    else if (this.s.jsonFields) this.jsonRow(line, id);
    else this.jsonObjectRow(line, id);
  }

  /**
   * Evaluates the JSONL row starting at `data[start]` read straight from its bytes (see {@link State.jsonRows});
   * returns where its line ends, or −1 when that route hands the row over (nothing is written then).
   */
  bytesRow(line: number, data: Uint8Array, start: number): number {
    const s = this.s;
    const rows = s.jsonRows!;
    const out = this.out;
    const slots = s.slots;
    if (s.lean) {
      // The lean route: the row's rule values, each output read and printed from them (no result built).
      const values = s.lean(data, start, data.length);
      if (values === null) return -1;
      for (let k = 0; k < slots.length; k++) {
        const lean = slots[k]!.lean!;
        const v = values[lean.at];
        out[k] = lean.fen ? (v === undefined ? null : (v as number) + 0) : lean.render(v);
      }
    } else {
      const outputs = rows.evaluate(data, start, data.length);
      if (outputs === null) return -1;
      for (let k = 0; k < slots.length; k++) out[k] = outputs[slots[k]!.name];
    }
    this.rows++;
    this.ok++;
    this.write(line, rows.extra);
    return rows.end;
  }

  private evaluate(input: Record<string, unknown>): Readonly<Record<string, unknown>> {
    const s = this.s;
    if (s.fenOptions) {
      try {
        return s.program.evaluate(input, s.fenOptions).outputs;
      } catch {
        // Money beyond 2^53 fen, or a bad row: the text evaluation says which (and how it fails).
      }
    }
    return s.program.evaluate(input, s.options).outputs;
  }

  private fail(line: number, error: unknown): boolean {
    const { maxErrors } = this.s.config;
    this.errors.push(rowError(line, error));
    if (maxErrors !== undefined) {
      this.marks.push({ byteLength: this.sink.length, rows: this.rows, ok: this.ok, totals: this.totals() });
      if (this.errors.length > maxErrors) {
        this.stopped = true;
        return false;
      }
    }
    this.rows++;
    return true;
  }

  /**
   * Writes a money output with the money shape as it is (nothing to quote or escape) and sums it in fen; true
   * when it did. A money output of another shape is only summed (exactly, as a decimal).
   */
  private money(slot: OutputSlot, value: unknown, quoted: boolean): boolean {
    if (slot.money < 0) return false;
    const sink = this.sink;
    if (typeof value === 'number') {
      // money: 'fen' (a safe integer): written as the library writes money, "-1234.50".
      if (quoted) sink.byte(34);
      sink.fen(value);
      if (quoted) sink.byte(34);
      this.sums[slot.money]!.addFen(value);
      return true;
    }
    if (typeof value !== 'string') return false;
    const mark = sink.length;
    if (quoted) sink.byte(34);
    const fen = sink.money(value);
    if (fen === undefined) {
      sink.length = mark;
      this.sums[slot.money]!.add(value);
      return false;
    }
    if (quoted) sink.byte(34);
    this.sums[slot.money]!.addFen(fen);
    return true;
  }

  private csvRow(line: number, id: unknown): void {
    const sink = this.sink;
    sink.digits(line);
    if (this.s.config.withId) {
      sink.byte(44);
      sink.text(csvCell(id));
    }
    const slots = this.s.slots;
    for (let k = 0; k < slots.length; k++) {
      sink.byte(44);
      const value = this.out[k];
      if (!this.money(slots[k]!, value, false)) sink.text(csvCell(value));
    }
    sink.byte(10);
  }

  /** The row as JSON.stringify writes `{ line, id?, ...outputs }`, field by field. */
  private jsonRow(line: number, id: unknown): void {
    const sink = this.sink;
    sink.text('{"line":');
    sink.digits(line);
    if (this.s.config.withId || id !== undefined) {
      sink.text(',"id":');
      sink.text(JSON.stringify(id ?? null));
    }
    const slots = this.s.slots;
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      const value = this.out[k];
      if (value === undefined) continue;
      const mark = sink.length;
      sink.text(slot.key);
      if (this.money(slot, value, true)) continue;
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) sink.length = mark; // JSON.stringify leaves such a field out of an object
      else sink.text(json);
    }
    sink.text('}\n');
  }

  /** The row as an object, stringified: for output names that would not keep the field order. */
  private jsonObjectRow(line: number, id: unknown): void {
    const out: Record<string, unknown> = { line };
    if (this.s.config.withId || id !== undefined) out['id'] = id ?? null;
    this.s.slots.forEach((slot, k) => {
      const value = this.out[k];
      out[slot.name] = value;
      if (slot.money >= 0 && typeof value === 'string') this.sums[slot.money]!.add(value);
    });
    this.sink.text(`${JSON.stringify(out)}\n`);
  }

  totals(): Record<string, string> {
    const totals: Record<string, string> = {};
    this.s.money.forEach((name, k) => (totals[name] = this.sums[k]!.toFixed2()));
    return totals;
  }
}

/** Decoded in pieces of at most this many bytes: V8 makes a longer string in its large-object space, far slower. */
const DECODE_PIECE = 64 * 1024;
/** Keeps a byte-order mark inside the file as text (the reader strips the file's own): a row is read the same wherever a block starts. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Evaluates the lines of a JSONL block, in order, until the batch stops. */
function evaluateBlock(batch: Batch, startLine: number, data: Uint8Array): void {
  let line = startLine;
  if (batch.readsBytes) {
    // A row starting with '{' is first read straight from its bytes; any other line, and a row that route
    // hands over, is cut at its newline and decoded (a line without '{' may be blank: trim() tells, Unicode
    // spaces included).
    for (let pos = 0; pos < data.length; line++) {
      if (data[pos] === 123) {
        const end = batch.bytesRow(line, data, pos);
        if (end >= 0) {
          pos = end + 1;
          continue;
        }
      }
      let stop = data.indexOf(10, pos);
      if (stop < 0) stop = data.length;
      const next = stop + 1;
      if (stop > pos && data[stop - 1] === 13) stop--;
      if (stop > pos) {
        const text = utf8.decode(data.subarray(pos, stop));
        if ((text.charCodeAt(0) === 123 || text.trim() !== '') && !batch.row(line, text, undefined)) return;
      }
      pos = next;
    }
    return;
  }
  for (let pos = 0; pos < data.length; ) {
    let end = data.length;
    if (end - pos > DECODE_PIECE) {
      const cut = data.lastIndexOf(10, pos + DECODE_PIECE - 1);
      end = cut >= pos ? cut + 1 : data.indexOf(10, pos + DECODE_PIECE) + 1 || data.length;
    }
    const text = utf8.decode(data.subarray(pos, end));
    pos = end;
    for (let start = 0; start < text.length; line++) {
      let stop = text.indexOf('\n', start);
      if (stop < 0) stop = text.length;
      const next = stop + 1;
      if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
      // A row starts with '{' (else trim() tells a blank line from a bad row).
      if (stop > start && (text.charCodeAt(start) === 123 || text.slice(start, stop).trim() !== '')) {
        if (!batch.row(line, text.slice(start, stop), undefined)) return;
      }
      start = next;
    }
  }
}

/**
 * Evaluates one batch of rows (the piscina task); the result's bytes are transferred to the main thread.
 *
 * @example
 * // in the main thread: await pool.run(task) → { data, ok, errors, totals, stopped }
 */
export default function evaluateBatch(task: Task): BatchResult {
  const s = (state ??= init(workerData as WorkerConfig));
  let batch: Batch;
  let lastLine: number;
  if ('rows' in task) {
    batch = new Batch(s, task.rows.length, task.out);
    for (const row of task.rows) if (!batch.row(row.line, 'text' in row ? row.text : undefined, 'cells' in row ? row.cells : undefined)) break;
    lastLine = task.rows[task.rows.length - 1]?.line ?? 0;
  } else {
    batch = new Batch(s, task.lines, task.out);
    evaluateBlock(batch, task.startLine, task.data);
    lastLine = task.startLine + task.lines - 1;
  }
  if (batch.rows > 0) s.bytesPerRow = Math.max(16, batch.sink.length / batch.rows);
  const { bytes, length } = batch.sink;
  const result = { rows: batch.rows + (batch.stopped ? 1 : 0), byteLength: length, ok: batch.ok, errors: batch.errors, totals: batch.totals(), marks: batch.marks, stopped: batch.stopped, lastLine };
  if (bytes === task.out) return result;
  // Posted as a copy (structured clone copies a view's whole buffer: trimmed first when it is much longer).
  return { ...result, data: bytes.length > length + (length >> 2) + 4096 ? bytes.slice(0, length) : bytes.subarray(0, length) };
}

// Loaded: the run may now terminate this worker. Terminating a worker while it is still reading its modules can
// abort the whole process in Node (a file read that completes in a stopped isolate), so the run waits for this.
{
  const name = (workerData as WorkerConfig | undefined)?.loadedChannel;
  if (name) {
    const channel = new BroadcastChannel(name);
    channel.postMessage('loaded');
    channel.close();
  }
}
