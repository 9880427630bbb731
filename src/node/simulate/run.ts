/**
 * Batch simulation: streams a JSONL/CSV file of inputs, evaluates it on a piscina worker pool, and
 * writes the outputs in input order (JSONL or CSV) plus a summary (counts, exact totals per money
 * output). Memory stays bounded whatever the file size: rows are read in chunks, at most
 * `maxInFlight` batches are queued or running, and writing waits for the output stream to drain
 * before the next batch is read. Every bad row is reported with its line number — skipped, or the run
 * stops at it (`onError: 'fail'`).
 */
import { once } from 'node:events';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { Piscina } from 'piscina';
import { MinshengError } from '../../errors';
import { compile } from '../../engine/program';
import { Decimal } from '../../money/decimal';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import { simulateWorkerFile } from '../assets';
import { csvLine } from './csv';
import { formatOf, readBatches, readLineBlocks, type InputFormat } from './read';
import type { BatchResult, RowError, Task, WorkerConfig } from './worker';

/** Progress of a run, reported a few times a second. */
export interface SimulateProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly rows: number;
  readonly errors: number;
  readonly elapsedMs: number;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** The ruleset (resolved): it is compiled once per worker. */
  readonly resolved: ResolvedRuleset;
  /** The input file (`.jsonl`/`.ndjson` or `.csv`). */
  readonly input: string;
  /** Input format (default: by extension). */
  readonly format?: InputFormat;
  /** Output file; without it, `output` (e.g. stdout) is written to. */
  readonly out?: string;
  readonly output?: Writable;
  /** Output format (default: by the output file's extension, else jsonl). */
  readonly outputFormat?: 'jsonl' | 'csv';
  /** Worker threads (default: all cores). */
  readonly workers?: number;
  /** A bad row is skipped (default) or stops the run. */
  readonly onError?: 'skip' | 'fail';
  /** Evaluation date for every row (default: the ruleset's date input). */
  readonly date?: string;
  /** Outputs to write (default: all). */
  readonly outputs?: readonly string[];
  /** An input field copied to each output row as `id`. */
  readonly idField?: string;
  /** Rows per batch (default 500). */
  readonly batchSize?: number;
  /** Batches queued or running at once (default 2 per worker + 2). */
  readonly maxInFlight?: number;
  readonly onProgress?: (p: SimulateProgress) => void;
  /** Receives every bad row, in input order. */
  readonly onRowError?: (e: RowError) => void;
  /** The worker module (default: the built worker next to the running code). */
  readonly workerFile?: string;
}

/** What a run did. */
export interface SimulateSummary {
  readonly ruleset: string;
  readonly version: string;
  readonly hash: string;
  readonly input: string;
  readonly output?: string;
  readonly outputFormat: 'jsonl' | 'csv';
  readonly date?: string;
  /** Non-blank rows read (CSV: without the header). */
  readonly rows: number;
  /** Rows evaluated and written. */
  readonly ok: number;
  /** Rows that could not be evaluated (skipped, or the one the run stopped at). */
  readonly errors: number;
  /** Counts of bad rows by issue code. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** With onError 'fail': the row the run stopped at. */
  readonly stoppedAt?: RowError;
  /** Σ of each money output over the rows written (exact, 2 decimals). */
  readonly totals: Readonly<Record<string, string>>;
  readonly workers: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
  /** Highest resident set size sampled during the run (bytes; all threads of the process). */
  readonly peakRssBytes: number;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (text.length === 0) return;
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Runs a simulation (see the module comment).
 *
 * @example
 * const summary = await simulate({ resolved, input: 'claims.jsonl', out: 'results.csv', workers: 2 });
 * summary.totals.basicPaid; //=> '123456789.00'
 */
export async function simulate(options: SimulateOptions): Promise<SimulateSummary> {
  const format = options.format ?? formatOf(options.input);
  if (!format) throw new MinshengError({ code: 'io/format', message: `cannot tell the format of ${options.input}: name it .jsonl or .csv (or pass the format)` });
  const outputFormat = options.outputFormat ?? (options.out && /\.csv$/i.test(options.out) ? 'csv' : 'jsonl');
  let bytesTotal: number;
  try {
    bytesTotal = statSync(options.input).size;
  } catch {
    throw new MinshengError({ code: 'io/read', message: `cannot read the input file ${options.input}` });
  }
  // Compile here first: a ruleset that does not compile fails before any thread starts.
  const program = compile(options.resolved);
  const outputs = options.outputs && options.outputs.length > 0 ? [...options.outputs] : [...program.outputs];
  for (const o of outputs) {
    if (program.ruleTypes[o] === undefined) throw new MinshengError({ code: 'options/invalid', message: `no rule named '${o}' in ${program.id}@${program.version}; its outputs are ${program.outputs.join(', ')}` });
  }
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const maxInFlight = Math.max(1, options.maxInFlight ?? workers * 2 + 2);
  const started = performance.now();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  sampler.unref();

  let header: string[] | undefined;
  let pool: Piscina<Task, BatchResult> | undefined;
  const workerFile = options.workerFile ?? (await simulateWorkerFile());
  const startPool = (): Piscina<Task, BatchResult> => {
    const config: WorkerConfig = {
      resolved: options.resolved,
      inputFormat: format,
      outputFormat,
      onError: options.onError ?? 'skip',
      outputs,
      ...(options.date ? { date: options.date } : {}),
      ...(header ? { header } : {}),
      ...(options.idField !== undefined ? { idField: options.idField } : {}),
    };
    return new Piscina<Task, BatchResult>({ filename: workerFile, workerData: config, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  };

  const file: WriteStream | undefined = options.out ? createWriteStream(options.out) : undefined;
  const stream: Writable | undefined = file ?? options.output;
  if (!stream) throw new MinshengError({ code: 'options/invalid', message: 'simulate needs an output file or stream' });
  if (outputFormat === 'csv') await write(stream, csvLine(['line', ...(options.idField !== undefined ? ['id'] : []), ...outputs]));

  const totals = new Map<string, Decimal>();
  const errorCodes: Record<string, number> = {};
  let rows = 0;
  let ok = 0;
  let errors = 0;
  let bytesRead = 0;
  let stoppedAt: RowError | undefined;
  let lastProgress = 0;
  const queue: Promise<BatchResult>[] = [];
  const progress = (force = false): void => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    options.onProgress({ bytesRead, bytesTotal, rows, errors, elapsedMs: now - started });
  };

  const settle = async (result: BatchResult): Promise<void> => {
    await write(stream, result.text);
    rows += result.rows;
    ok += result.ok;
    for (const e of result.errors) {
      errors++;
      errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
      options.onRowError?.(e);
    }
    for (const [name, sum] of Object.entries(result.totals)) totals.set(name, (totals.get(name) ?? new Decimal(0)).plus(sum));
    if (result.stopped) stoppedAt = result.errors[result.errors.length - 1];
    progress();
  };

  try {
    // JSONL goes to the workers as blocks of bytes (transferred, not copied); CSV is cut into records
    // here (a quoted field may span lines) and sent as rows.
    const tasks: AsyncGenerator<{ task: Task; transfer?: ArrayBuffer; bytesRead: number }> =
      format === 'jsonl'
        ? (async function* () {
            for await (const block of readLineBlocks(options.input, options.batchSize ? { blockSize: Math.max(1024, options.batchSize * 200) } : {})) {
              yield { task: { startLine: block.startLine, data: block.data }, transfer: block.data.buffer as ArrayBuffer, bytesRead: block.bytesRead };
            }
          })()
        : (async function* () {
            const batches = readBatches(options.input, {
              format,
              ...(options.batchSize ? { batchSize: options.batchSize } : {}),
              onHeader: (h) => (header = h),
              onProblem: (p) => {
                const e: RowError = { line: p.line, code: 'input/type', message: p.message };
                queue.push(Promise.resolve({ rows: 1, text: '', ok: 0, errors: [e], totals: {}, stopped: options.onError === 'fail' }));
              },
            });
            for await (const batch of batches) yield { task: { rows: batch.rows }, bytesRead: batch.bytesRead };
          })();
    for await (const { task, transfer, bytesRead: read } of tasks) {
      bytesRead = read;
      pool ??= startPool();
      queue.push(transfer ? pool.run(task, { transferList: [transfer] }) : pool.run(task));
      while (queue.length >= maxInFlight) {
        await settle(await queue.shift()!);
        if (stoppedAt) break;
      }
      if (stoppedAt) break;
    }
    while (queue.length > 0 && !stoppedAt) await settle(await queue.shift()!);
    if (stoppedAt) {
      // Rows after the bad one are not written; let what is running finish, then stop.
      await Promise.allSettled(queue);
      queue.length = 0;
    }
  } finally {
    clearInterval(sampler);
    await pool?.destroy();
    if (file) {
      file.end();
      await once(file, 'close');
    }
  }
  bytesRead = stoppedAt ? bytesRead : bytesTotal;
  progress(true);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const elapsedMs = performance.now() - started;
  const totalsOut: Record<string, string> = {};
  for (const name of outputs) if (program.ruleTypes[name] === 'money') totalsOut[name] = (totals.get(name) ?? new Decimal(0)).toFixed(2);
  return {
    ruleset: program.id,
    version: program.version,
    hash: program.hash,
    input: options.input,
    ...(options.out ? { output: options.out } : {}),
    outputFormat,
    ...(options.date ? { date: options.date } : {}),
    rows,
    ok,
    errors,
    errorCodes,
    ...(stoppedAt ? { stoppedAt } : {}),
    totals: totalsOut,
    workers,
    elapsedMs: Math.round(elapsedMs),
    rowsPerSecond: Math.round((ok + errors) / (elapsedMs / 1000)),
    peakRssBytes: peakRss,
  };
}
