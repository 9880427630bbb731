/**
 * The piscina worker of `minsheng simulate`: compiles the ruleset once (it arrives resolved, as data, in
 * `workerData`), then evaluates batches of rows. Parsing (JSON or CSV cells) and serialising the
 * outputs happen here, so the main thread only cuts rows and writes text. A bad row becomes an error
 * with its line number, and a {@link ErrorMark} of what the batch had written before it, so the main
 * thread can stop exactly at the bad row that exceeds the allowed number (`maxErrors`); the batch
 * itself stops once it alone has more bad rows than allowed.
 */
import { workerData } from 'node:worker_threads';
import { isMinshengError } from '../../errors';
import { compile, type Program } from '../../engine/program';
import { Decimal } from '../../money/decimal';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import { CellError, csvLine, csvRecordToInput } from './csv';
import { blockRows, type Row } from './read';

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
}

/** A row that could not be evaluated. */
export interface RowError {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** One task: parsed rows (CSV), or a block of whole JSONL lines as UTF-8 bytes (`lines` of them, blank ones included). */
export type Task = { readonly rows: readonly Row[] } | { readonly startLine: number; readonly lines: number; readonly data: Uint8Array };

/** The state of a batch just before one of its bad rows: what a run stopping there keeps of it. */
export interface ErrorMark {
  /** Length of the output text written before the bad row. */
  readonly textLength: number;
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
  /** Output lines of the rows that evaluated, in order. */
  readonly text: string;
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

interface State {
  readonly config: WorkerConfig;
  readonly program: Program;
  readonly outputs: readonly string[];
  readonly money: readonly string[];
  readonly options: { date?: string };
  readonly declared: boolean;
}

let state: State | undefined;

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
    if (fen === undefined) {
      this.other = (this.other ?? new Decimal(0)).plus(text);
      return;
    }
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

/** "123.45" / "-0.50" → integer fen, or undefined for any other text (or one beyond the safe integers). */
export function fenOfMoneyText(text: string): number | undefined {
  const len = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (len - i < 4 || text.charCodeAt(len - 3) !== 46) return undefined;
  let n = 0;
  for (; i < len; i++) {
    if (i === len - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  if (n > Number.MAX_SAFE_INTEGER) return undefined;
  return text.charCodeAt(0) === 45 ? -n : n;
}

function init(config: WorkerConfig): State {
  const program = compile(config.resolved);
  const outputs = config.outputs && config.outputs.length > 0 ? config.outputs : program.outputs;
  return {
    config,
    program,
    outputs,
    money: outputs.filter((o) => program.ruleTypes[o] === 'money'),
    options: config.date ? { date: config.date } : {},
    declared: Object.prototype.hasOwnProperty.call(config.resolved.inputs, config.idField),
  };
}

function parseRow(s: State, row: Row): { input: Record<string, unknown>; id: unknown } {
  let input: unknown;
  if ('text' in row) {
    try {
      input = JSON.parse(row.text);
    } catch (error) {
      throw Object.assign(new Error(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`), { code: 'input/type' });
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw Object.assign(new Error('a JSONL line must hold one JSON object'), { code: 'input/type' });
  } else {
    input = csvRecordToInput(s.config.header ?? [], row.cells, s.config.resolved.inputs);
  }
  const obj = input as Record<string, unknown>;
  let id: unknown;
  const field = s.config.idField;
  if (Object.prototype.hasOwnProperty.call(obj, field)) {
    id = obj[field];
    if (!s.declared) delete obj[field];
  }
  return { input: obj, id };
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

/**
 * Evaluates one batch of rows (the piscina task).
 *
 * @example
 * // in the main thread: await pool.run(rows) → { text, ok, errors, totals, stopped }
 */
export default function evaluateBatch(task: Task): BatchResult {
  state ??= init(workerData as WorkerConfig);
  const rows = 'rows' in task ? task.rows : blockRows(task.startLine, task.data);
  const lastLine = 'rows' in task ? (task.rows[task.rows.length - 1]?.line ?? 0) : task.startLine + task.lines - 1;
  const s = state;
  const csv = s.config.outputFormat === 'csv';
  const { withId, maxErrors } = s.config;
  const sums = s.money.map(() => new FenTotal());
  const parts: string[] = [];
  const errors: RowError[] = [];
  const marks: ErrorMark[] = [];
  let textLength = 0;
  let ok = 0;
  let stopped = false;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let outputs: Readonly<Record<string, unknown>>;
    let id: unknown;
    try {
      const parsed = parseRow(s, row);
      id = parsed.id;
      outputs = s.program.evaluate(parsed.input, s.options).outputs;
    } catch (error) {
      errors.push(rowError(row.line, error));
      if (maxErrors !== undefined) {
        const totals: Record<string, string> = {};
        s.money.forEach((name, k) => (totals[name] = sums[k]!.toFixed2()));
        marks.push({ textLength, rows: r, ok, totals });
        if (errors.length > maxErrors) {
          stopped = true;
          break;
        }
      }
      continue;
    }
    ok++;
    for (let k = 0; k < s.money.length; k++) {
      const v = outputs[s.money[k]!];
      if (typeof v === 'string') sums[k]!.add(v);
    }
    let line: string;
    if (csv) {
      const values: unknown[] = [row.line];
      if (withId) values.push(id);
      for (const o of s.outputs) values.push(outputs[o]);
      line = csvLine(values);
    } else {
      const out: Record<string, unknown> = { line: row.line };
      if (withId || id !== undefined) out['id'] = id ?? null;
      for (const o of s.outputs) out[o] = outputs[o];
      line = `${JSON.stringify(out)}\n`;
    }
    parts.push(line);
    textLength += line.length;
  }
  const totals: Record<string, string> = {};
  s.money.forEach((name, k) => (totals[name] = sums[k]!.toFixed2()));
  return { rows: rows.length, text: parts.join(''), ok, errors, totals, marks, stopped, lastLine };
}
