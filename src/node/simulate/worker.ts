/**
 * The piscina worker of `minsheng simulate`: compiles the ruleset once (it arrives resolved, as data, in
 * `workerData`), then evaluates batches of rows. Parsing (JSON or CSV cells) and serialising the
 * outputs happen here, so the main thread only cuts rows and writes text. A bad row becomes an error
 * with its line number; with `onError: 'fail'` the batch stops at it.
 */
import { workerData } from 'node:worker_threads';
import { isMinshengError } from '../../errors';
import { compile, type Program } from '../../engine/program';
import { Decimal } from '../../money/decimal';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import { CellError, csvLine, csvRecordToInput } from './csv';
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
  /** An input field copied to the output as `id` (and not given to the ruleset unless it declares it). */
  readonly idField?: string;
  readonly onError: 'skip' | 'fail';
}

/** A row that could not be evaluated. */
export interface RowError {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** One task: parsed rows (CSV), or a block of whole JSONL lines as UTF-8 bytes. */
export type Task = { readonly rows: readonly Row[] } | { readonly startLine: number; readonly data: Uint8Array };

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
  /** With onError 'fail': the batch stopped at its first error. */
  readonly stopped: boolean;
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

function init(config: WorkerConfig): State {
  const program = compile(config.resolved);
  const outputs = config.outputs && config.outputs.length > 0 ? config.outputs : program.outputs;
  return {
    config,
    program,
    outputs,
    money: outputs.filter((o) => program.ruleTypes[o] === 'money'),
    options: config.date ? { date: config.date } : {},
    declared: config.idField !== undefined && Object.prototype.hasOwnProperty.call(config.resolved.inputs, config.idField),
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
  if (field !== undefined && Object.prototype.hasOwnProperty.call(obj, field)) {
    id = obj[field];
    if (!s.declared) delete obj[field];
  }
  return { input: obj, id };
}

const decoder = new TextDecoder();

/** The non-blank lines of a JSONL block, numbered from `startLine`. */
function blockRows(startLine: number, data: Uint8Array): Row[] {
  const text = decoder.decode(data);
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
  const s = state;
  const csv = s.config.outputFormat === 'csv';
  const withId = s.config.idField !== undefined;
  const sums = s.money.map(() => new Decimal(0));
  const parts: string[] = [];
  const errors: RowError[] = [];
  let ok = 0;
  let stopped = false;
  for (const row of rows) {
    let outputs: Readonly<Record<string, unknown>>;
    let id: unknown;
    try {
      const parsed = parseRow(s, row);
      id = parsed.id;
      outputs = s.program.evaluate(parsed.input, s.options).outputs;
    } catch (error) {
      errors.push(rowError(row.line, error));
      if (s.config.onError === 'fail') {
        stopped = true;
        break;
      }
      continue;
    }
    ok++;
    for (let k = 0; k < s.money.length; k++) {
      const v = outputs[s.money[k]!];
      if (typeof v === 'string') sums[k] = sums[k]!.plus(v);
    }
    if (csv) {
      const values: unknown[] = [row.line];
      if (withId) values.push(id);
      for (const o of s.outputs) values.push(outputs[o]);
      parts.push(csvLine(values));
    } else {
      const out: Record<string, unknown> = { line: row.line };
      if (withId) out['id'] = id ?? null;
      for (const o of s.outputs) out[o] = outputs[o];
      parts.push(`${JSON.stringify(out)}\n`);
    }
  }
  const totals: Record<string, string> = {};
  s.money.forEach((name, k) => (totals[name] = sums[k]!.toFixed(2)));
  return { rows: rows.length, text: parts.join(''), ok, errors, totals, stopped };
}
