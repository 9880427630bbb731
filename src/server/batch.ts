/**
 * The batch route's engine: NDJSON in, NDJSON out. Lines are read from the request stream as they arrive,
 * each one is answered in order, and the answers are yielded chunk by chunk — the generator is only pulled
 * as fast as the client reads, so a batch of any length holds at most one input chunk, one row and one
 * output chunk in memory. A row that fails is answered in-line with its error; the batch goes on.
 */
import { Buffer } from 'node:buffer';
import { MinshengError, isMinshengError, type Issue } from '../errors';
import type { EvaluateOptions, EvaluationResult, Program } from '../engine/program';
import { errorBody } from './errors';
import { parseJsonBody } from './json-body';
import type { ServerLimits } from './limits';

/** Options every line gets unless it says otherwise (from the query string). */
export interface BatchDefaults {
  readonly date?: string;
  readonly trace?: boolean;
  readonly outputs?: readonly string[];
}

const ROW_KEYS = new Set(['input', 'date', 'trace', 'outputs', 'unknowns', 'money']);
const INPUT_PLACE = { field: 'input', own: ['date', 'outputs', 'trace', 'unknowns', 'money'] } as const;

/**
 * Answers every NDJSON line of `body` with `program`, in order: `{"line":n,"outputs":…,"provenance":…}` or
 * `{"line":n,"error":{code,message,issues,rulesetHash}}`. Blank lines are skipped (line numbers still count
 * them). After `limits.batchRows` rows, one more row is answered with an `input/limit` error and reading stops.
 */
export async function* answerBatch(body: AsyncIterable<Buffer | string>, program: Program, defaults: BatchDefaults, limits: ServerLimits): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let size = 0;
  let oversize = false;
  let lineNo = 0;
  let rows = 0;
  // Returns the answer of one line (or '' for a blank line), or null once the row limit is passed.
  const finishLine = (last: Buffer): string | null => {
    lineNo++;
    const tooLong = oversize || size + last.length > limits.batchRowBytes;
    const bytes = tooLong ? undefined : parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    size = 0;
    oversize = false;
    const text = bytes?.toString('utf8');
    if (text !== undefined && text.trim() === '') return '';
    if (++rows > limits.batchRows) {
      return null;
    }
    if (tooLong) return errorLine(lineNo, program, new MinshengError({ code: 'input/limit', message: `line ${lineNo} is longer than ${limits.batchRowBytes} bytes`, path: [] }));
    return answerRow(text!, lineNo, program, defaults, limits);
  };
  const limitLine = () =>
    errorLine(lineNo, program, new MinshengError({ code: 'input/limit', message: `a batch has at most ${limits.batchRows} rows; line ${lineNo} and the lines after it were not evaluated`, path: [] }));

  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let out = '';
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) {
        const rest = buf.subarray(start);
        if (!oversize && size + rest.length > limits.batchRowBytes) {
          oversize = true;
          parts = [];
        } else if (!oversize && rest.length > 0) {
          parts.push(rest);
          size += rest.length;
        }
        break;
      }
      const answer = finishLine(buf.subarray(start, nl));
      start = nl + 1;
      if (answer === null) {
        yield out + limitLine();
        return;
      }
      out += answer;
    }
    if (out) yield out;
  }
  if (size > 0 || oversize) {
    const answer = finishLine(Buffer.alloc(0));
    if (answer === null) yield limitLine();
    else if (answer) yield answer;
  }
}

/** One row's answer line (with its newline). */
function answerRow(text: string, lineNo: number, program: Program, defaults: BatchDefaults, limits: ServerLimits): string {
  try {
    const row = checkRow(parseJsonBody(text, limits.jsonDepth, `line ${lineNo}`));
    const date = row.date ?? defaults.date;
    const outputs = row.outputs ?? defaults.outputs;
    const trace = row.trace ?? defaults.trace ?? false;
    const options: EvaluateOptions = { ...(date ? { date } : {}), ...(outputs ? { outputs } : {}), ...(trace ? { trace } : {}), ...(row.unknowns ? { unknowns: row.unknowns } : {}), ...(row.money ? { money: row.money } : {}) };
    const result = program.evaluate(row.input, options);
    const line = answerLine(lineNo, result);
    if (trace && Buffer.byteLength(line) > limits.traceBytes) {
      throw new MinshengError({ code: 'input/limit', message: `the answer with its trace is over ${limits.traceBytes} bytes; ask for fewer outputs or no trace`, path: ['trace'] });
    }
    return `${line}\n`;
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    return errorLine(lineNo, program, error);
  }
}

/** The provenance of the last rows as JSON: rows of one batch mostly share it (same program, same date). */
let lastProvenance: { value: EvaluationResult['provenance']; text: string } | undefined;

/** `{"line":n,…result}` — the provenance serialised once for the rows that share it (a third of a line's bytes). */
function answerLine(lineNo: number, result: EvaluationResult): string {
  const { outputs, provenance, ...rest } = result;
  if (Object.keys(rest).length > 0) return JSON.stringify({ line: lineNo, ...result });
  const p = lastProvenance;
  const text =
    p && p.value.hash === provenance.hash && p.value.date === provenance.date && p.value.ruleset === provenance.ruleset && p.value.version === provenance.version && provenance.assumptions === undefined
      ? p.text
      : JSON.stringify(provenance);
  if (p?.text !== text) lastProvenance = { value: provenance, text };
  return `{"line":${lineNo},"outputs":${JSON.stringify(outputs)},"provenance":${text}}`;
}

function errorLine(lineNo: number, program: Program, error: MinshengError): string {
  return `${JSON.stringify({ line: lineNo, error: errorBody(error, program.hash, INPUT_PLACE) })}\n`;
}

interface Row {
  readonly input: unknown;
  readonly date?: string;
  readonly trace?: boolean;
  readonly outputs?: readonly string[];
  readonly unknowns?: 'throw' | 'report';
  readonly money?: 'text' | 'fen';
}

/**
 * One line as an evaluate body `{ input, date?, trace?, outputs?, unknowns?, money? }` — the same envelope as
 * `POST /rulesets/{id}/evaluate` (schemas.ts `evaluateBody`), checked by hand because lines arrive one by one.
 */
function checkRow(value: unknown): Row {
  const issues: Issue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MinshengError({ code: 'input/type', message: 'each line must be an object { input, date?, trace?, outputs?, unknowns?, money? }', path: [] });
  }
  const row = value as Record<string, unknown>;
  for (const key of Object.keys(row)) {
    if (!ROW_KEYS.has(key)) issues.push({ code: 'input/unknown-field', message: `${key.slice(0, 60)} is not a field of a batch line (input, date, trace, outputs, unknowns, money)`, path: [key.slice(0, 200)] });
  }
  const input = row['input'];
  if (input === undefined) issues.push({ code: 'input/missing', message: 'input is required', path: ['input'] });
  else if (typeof input !== 'object' || input === null || Array.isArray(input)) issues.push({ code: 'input/type', message: 'input must be an object', path: ['input'] });
  if (row['date'] !== undefined && typeof row['date'] !== 'string') issues.push({ code: 'input/type', message: 'date must be a string YYYY-MM-DD', path: ['date'] });
  if (row['trace'] !== undefined && typeof row['trace'] !== 'boolean') issues.push({ code: 'input/type', message: 'trace must be true or false', path: ['trace'] });
  const outputs = row['outputs'];
  if (outputs !== undefined && !(Array.isArray(outputs) && outputs.length <= 500 && outputs.every((o) => typeof o === 'string' && o.length <= 200))) {
    issues.push({ code: 'input/type', message: 'outputs must be a list of at most 500 rule names', path: ['outputs'] });
  }
  if (row['unknowns'] !== undefined && row['unknowns'] !== 'throw' && row['unknowns'] !== 'report') issues.push({ code: 'input/enum', message: "unknowns must be 'throw' or 'report'", path: ['unknowns'] });
  if (row['money'] !== undefined && row['money'] !== 'text' && row['money'] !== 'fen') issues.push({ code: 'input/enum', message: "money must be 'text' or 'fen'", path: ['money'] });
  if (issues.length > 0) throw new MinshengError(issues.slice(0, 20));
  return row as unknown as Row;
}
