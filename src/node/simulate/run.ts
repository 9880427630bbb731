/**
 * Batch simulation: streams a JSONL/CSV file of inputs, evaluates it on a piscina worker pool, and
 * writes the outputs in input order (JSONL or CSV) plus a summary (counts, exact totals per money
 * output). Memory stays bounded whatever the file size: rows are read in chunks, at most
 * `maxInFlight` batches are queued or running, and writing waits for the output stream to drain
 * before the next batch is read. Every bad row is reported with its line number — skipped, or the run
 * stops at the first one beyond `maxErrors` (`onError: 'fail'` allows none). A file output is written
 * as `<out>.partial` and renamed when the run has read every row, so a file at `out` is always whole;
 * an aborted `signal` stops the run at once, and the summary says the last line done.
 */
import { once } from 'node:events';
import { createWriteStream, openSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve as resolvePath } from 'node:path';
import type { Writable } from 'node:stream';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { MinshengError } from '../../errors';
import { compile } from '../../engine/program';
import { Decimal } from '../../money/decimal';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import { simulateWorkerFile } from '../assets';
import { csvLine } from './csv';
import { blockRows, checkReadableFile, DEFAULT_BLOCK_SIZE, formatOf, readBatches, readLineBlocks, type InputFormat } from './read';
import { SharedSlots } from './slots';
import type { BatchResult, RowError, Task, WorkerConfig } from './worker';

/** Numbers the runs of this process (their workers' BroadcastChannel names). */
let runSerial = 0;

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
  /**
   * Output file. It is written as `<out>.partial` and renamed to `out` when every row has been read;
   * a run that stops early (a bad row beyond `maxErrors`, `signal`) leaves `<out>.partial`. Without
   * `out`, `output` (e.g. stdout) is written to.
   */
  readonly out?: string;
  readonly output?: Writable;
  /** Output format (default: by the output file's extension, else jsonl). */
  readonly outputFormat?: 'jsonl' | 'csv';
  /** Worker threads (default: all cores). */
  readonly workers?: number;
  /** A bad row is skipped (default) or stops the run (`fail`: the same as `maxErrors: 0`). */
  readonly onError?: 'skip' | 'fail';
  /** Bad rows allowed: the run stops at the next one (default: no limit). */
  readonly maxErrors?: number;
  /** Evaluation date for every row (default: the ruleset's date input). */
  readonly date?: string;
  /** Outputs to write (default: all). */
  readonly outputs?: readonly string[];
  /**
   * The input field copied to each output row as `id` (default `id`). It is taken out of the input
   * unless the ruleset declares it. Named here, every output row carries `id`; by default JSONL rows
   * carry it when the input row has it, and CSV output has an `id` column when the first row has it.
   */
  readonly idField?: string;
  /**
   * Rows per batch (CSV inputs: default 500). JSONL inputs are cut into blocks of about `batchSize` × 200 bytes
   * (default 1 MiB, about 5,000 rows of the benchmark workload).
   */
  readonly batchSize?: number;
  /** Batches queued or running at once (default 2 per worker + 2). */
  readonly maxInFlight?: number;
  readonly onProgress?: (p: SimulateProgress) => void;
  /** Receives every bad row, in input order. */
  readonly onRowError?: (e: RowError) => void;
  /**
   * Stops the run when aborted: no more rows are read, the workers are stopped, what was written stays
   * (in `<out>.partial`), and the summary says the last line done (`status: 'interrupted'`).
   */
  readonly signal?: AbortSignal;
  /** The worker module (default: the built worker next to the running code). */
  readonly workerFile?: string;
}

/** What a run did. */
export interface SimulateSummary {
  readonly ruleset: string;
  readonly version: string;
  readonly hash: string;
  readonly input: string;
  /**
   * `complete`: every row was read (bad ones skipped and counted); `stopped`: the run stopped at a bad
   * row (`stoppedAt`) beyond `maxErrors`; `interrupted`: `signal` was aborted.
   */
  readonly status: 'complete' | 'stopped' | 'interrupted';
  /** Where the outputs are: `out`, or `<out>.partial` when the run did not complete. */
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
  /** Bad rows allowed (absent: no limit). */
  readonly maxErrors?: number;
  /** The bad row the run stopped at (status `stopped`). */
  readonly stoppedAt?: RowError;
  /**
   * Every input line up to this one is done: its outputs written or its error reported; none after it.
   * A run can be resumed after it. 0 when nothing was done.
   */
  readonly lastLine: number;
  /** The field copied to the outputs as `id`, when it was. */
  readonly idField?: string;
  /** Σ of each money output over the rows written (exact, 2 decimals). */
  readonly totals: Readonly<Record<string, string>>;
  readonly workers: number;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
  /** Highest resident set size sampled during the run (bytes; all threads of the process). */
  readonly peakRssBytes: number;
  /**
   * CPU time the process used during the run, user + system, in ms: every thread (this one, the workers,
   * the garbage collector's), so anything else the process did meanwhile counts too.
   */
  readonly cpuMs: number;
}

const ABORTED = Symbol('aborted');

/** Bytes of shared memory a run takes for its input slots, and as much for its output slots. */
const SLOT_MEMORY = 64 * 1024 * 1024;

/** The first JSONL row of a block, parsed (undefined when it is not a JSON object). */
function firstObject(startLine: number, data: Uint8Array): Record<string, unknown> | undefined {
  // The first line is usually the first row: decode only it (a block is 1 MiB).
  const end = data.indexOf(10);
  const first = blockRows(startLine, end < 0 ? data : data.subarray(0, end + 1))[0] ?? blockRows(startLine, data.subarray(0, Math.min(data.length, 1 << 20)))[0];
  if (!first || !('text' in first)) return undefined;
  try {
    const value: unknown = JSON.parse(first.text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the output file can be written, and opens `<out>.partial`. */
function openOutput(out: string, input: string): { fd: number; partial: string } {
  const problem = (why: string) => new MinshengError({ code: 'options/invalid', message: `cannot write the output file ${out}: ${why}` });
  if (resolvePath(out) === resolvePath(input)) throw problem('it is the input file');
  try {
    if (statSync(out).isDirectory()) throw problem('it is a folder');
  } catch (error) {
    if (error instanceof MinshengError) throw error;
  }
  const partial = `${out}.partial`;
  try {
    return { fd: openSync(partial, 'w'), partial };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw problem(code === 'ENOENT' ? `the folder ${dirname(out)} does not exist` : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs a simulation (see the module comment).
 *
 * @example
 * const summary = await simulate({ resolved, input: 'claims.jsonl', out: 'results.csv', workers: 2 });
 * summary.totals.basicPaid; //=> '123456789.00'
 * @throws MinshengError `options/invalid` (an unknown output, no output, an output file that cannot be
 *   written, a format that cannot be told), `io/read` (the input cannot be read), `package/incomplete`
 */
export async function simulate(options: SimulateOptions): Promise<SimulateSummary> {
  const format = options.format ?? formatOf(options.input);
  const bytesTotal = checkReadableFile(options.input, 'the input file');
  if (!format) throw new MinshengError({ code: 'options/invalid', message: `cannot tell the format of ${options.input}: name it .jsonl or .csv (or pass the format)` });
  const outputFormat = options.outputFormat ?? (options.out && /\.csv$/i.test(options.out) ? 'csv' : 'jsonl');
  // Compile here first: a ruleset that does not compile fails before any thread starts.
  const program = compile(options.resolved);
  const outputs = options.outputs && options.outputs.length > 0 ? [...options.outputs] : [...program.outputs];
  for (const o of outputs) {
    if (program.ruleTypes[o] === undefined) throw new MinshengError({ code: 'options/invalid', message: `no rule named '${o}' in ${program.id}@${program.version}; its outputs are ${program.outputs.join(', ')}` });
  }
  const maxErrors = options.onError === 'fail' ? 0 : options.maxErrors;
  if (maxErrors !== undefined && (!Number.isSafeInteger(maxErrors) || maxErrors < 0)) throw new MinshengError({ code: 'options/invalid', message: `maxErrors must be a whole number ≥ 0, got ${String(maxErrors)}` });
  if (!options.out && !options.output) throw new MinshengError({ code: 'options/invalid', message: 'simulate needs an output file or stream' });
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const maxInFlight = Math.max(1, options.maxInFlight ?? workers * 2 + 2);
  const idField = options.idField ?? 'id';
  const workerFile = options.workerFile ?? (await simulateWorkerFile());
  const signal = options.signal;

  const opened = options.out ? openOutput(options.out, options.input) : undefined;
  const file: WriteStream | undefined = opened ? createWriteStream(opened.partial, { fd: opened.fd }) : undefined;
  const stream: Writable = file ?? options.output!;
  let streamError: Error | undefined;
  const onStreamError = (e: Error): void => void (streamError ??= e);
  stream.on('error', onStreamError);

  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  sampler.unref();

  // Resolves when the signal aborts: every wait races it, so a stop is immediate.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    if (!signal) return;
    onAbort = () => resolve(ABORTED);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // Once aborted, nothing more is taken: not even a result that is already there (the one before it may not be).
  const race = <T>(p: Promise<T>): Promise<T | typeof ABORTED> => (!signal ? p : signal.aborted ? Promise.resolve(ABORTED) : Promise.race([aborted, p]));

  /** Writes a chunk; `written` is called once the stream is done with it (its bytes may then be reused). */
  const write = async (chunk: string | Uint8Array, written?: () => void): Promise<void> => {
    if (streamError || chunk.length === 0) {
      written?.();
      if (streamError) throw streamError;
      return;
    }
    // Once write() has taken the chunk it is written, even if the run stops while waiting for 'drain'.
    if (!stream.write(chunk, written && (() => written()))) await race(once(stream, 'drain'));
  };

  let header: string[] | undefined;
  let withId = options.idField !== undefined;
  let pool: Piscina<Task, BatchResult> | undefined;
  let begun = false;
  /** On the first task (the CSV header and the first row are known): the output header, the pool. */
  const begin = async (): Promise<void> => {
    if (begun) return;
    begun = true;
    if (outputFormat === 'csv') await write(csvLine(['line', ...(withId ? ['id'] : []), ...outputs]));
  };
  const startPool = (): Piscina<Task, BatchResult> => {
    const config: WorkerConfig = {
      resolved: options.resolved,
      inputFormat: format,
      outputFormat,
      outputs,
      idField,
      withId,
      ...(options.date ? { date: options.date } : {}),
      ...(header ? { header } : {}),
      ...(maxErrors !== undefined ? { maxErrors } : {}),
    };
    const created = new Piscina<Task, BatchResult>({ filename: workerFile, workerData: { ...config, loadedChannel: loadedChannelName }, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
    // A run that stops early destroys the pool with tasks still running: a result that arrives after that is, to
    // piscina, a message for no task, which it emits as 'error' (thrown when nobody listens). Then it means
    // nothing; before, it is a fault of the pool, and the run fails with it.
    created.on('error', (error: unknown) => {
      if (!destroying) poolError ??= error instanceof Error ? error : new Error(String(error));
    });
    return created;
  };
  let destroying = false;
  let poolError: Error | undefined;
  // Each worker says when its module has loaded; the pool is destroyed only after that (or after 10 s), since
  // terminating a worker still reading its modules can abort the process (see worker.ts).
  const loadedChannelName = `minsheng-simulate-loaded-${process.pid}-${++runSerial}`;
  const loadedChannel = new BroadcastChannel(loadedChannelName);
  let loadedCount = 0;
  let onAllLoaded: (() => void) | undefined;
  const allLoaded = new Promise<void>((resolve) => (onAllLoaded = resolve));
  loadedChannel.onmessage = () => {
    if (++loadedCount >= workers) onAllLoaded?.();
  };
  loadedChannel.unref();

  const totals = new Map<string, Decimal>();
  const errorCodes: Record<string, number> = {};
  let rows = 0;
  let ok = 0;
  let errors = 0;
  let bytesRead = 0;
  let lastLine = 0;
  let stoppedAt: RowError | undefined;
  let lastProgress = 0;
  /** Batches queued or running, in input order, with the slots they hold (-1: none). */
  const queue: { result: Promise<BatchResult>; output: number }[] = [];
  const blockSize = options.batchSize ? Math.max(1024, options.batchSize * 200) : DEFAULT_BLOCK_SIZE;
  // One input slot per batch in flight and one being read; output slots also cover writes not yet flushed.
  // Shared memory is taken up front: at most SLOT_MEMORY each (batches beyond use fresh buffers).
  const slotCount = (wanted: number): number => Math.max(1, Math.min(wanted, Math.floor(SLOT_MEMORY / blockSize)));
  const inputSlots = format === 'jsonl' ? new SharedSlots(slotCount(maxInFlight + 1), blockSize) : undefined;
  const outputSlots = new SharedSlots(slotCount(maxInFlight + 2), blockSize);
  const progress = (force = false): void => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    options.onProgress({ bytesRead, bytesTotal, rows, errors, elapsedMs: now - started });
  };
  const addTotals = (sums: Readonly<Record<string, string>>): void => {
    for (const [name, sum] of Object.entries(sums)) totals.set(name, (totals.get(name) ?? new Decimal(0)).plus(sum));
  };

  /** Writes a batch's outputs and counts it; stops at the bad row beyond the allowed number. */
  const settle = async (result: BatchResult, output: number): Promise<void> => {
    const bytes = result.data ?? outputSlots.view(output).subarray(0, result.byteLength);
    // The output slot is free once the stream is done with its bytes (at once when they came as a copy).
    const written = output < 0 ? undefined : () => outputSlots.release(output);
    const allowed = maxErrors === undefined ? Infinity : maxErrors - errors;
    if (result.errors.length > allowed) {
      const at = allowed;
      const mark = result.marks[at]!;
      await write(bytes.subarray(0, mark.byteLength), written);
      rows += mark.rows + 1;
      ok += mark.ok;
      addTotals(mark.totals);
      for (const e of result.errors.slice(0, at + 1)) countError(e);
      stoppedAt = result.errors[at]!;
      lastLine = stoppedAt.line;
    } else {
      await write(bytes, written);
      rows += result.rows;
      ok += result.ok;
      addTotals(result.totals);
      for (const e of result.errors) countError(e);
      lastLine = Math.max(lastLine, result.lastLine);
    }
    progress();
  };
  const countError = (e: RowError): void => {
    errors++;
    errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
    options.onRowError?.(e);
  };

  const readProblems: RowError[] = [];
  let readAll = false;
  let drained = false;
  try {
    // JSONL goes to the workers as blocks of bytes (in a shared input slot, or transferred, never copied);
    // CSV is cut into records here (a quoted field may span lines) and sent as rows.
    const tasks: AsyncGenerator<{ task: Task; transfer?: ArrayBuffer; input?: number; bytesRead: number }> =
      format === 'jsonl'
        ? (async function* () {
            for await (const block of readLineBlocks(options.input, { blockSize, buffer: () => inputSlots!.peek() })) {
              if (!begun && !withId) withId = Object.prototype.hasOwnProperty.call(firstObject(block.startLine, block.data) ?? {}, idField);
              const input = inputSlots!.takeSlotOf(block.data);
              const task = { startLine: block.startLine, lines: block.lines, data: block.data };
              yield input >= 0 ? { task, input, bytesRead: block.bytesRead } : { task, transfer: block.data.buffer as ArrayBuffer, bytesRead: block.bytesRead };
            }
          })()
        : (async function* () {
            const batches = readBatches(options.input, {
              format,
              ...(options.batchSize ? { batchSize: options.batchSize } : {}),
              onHeader: (h) => {
                header = h;
                withId ||= h.includes(idField);
              },
              onProblem: (p) => readProblems.push({ line: p.line, code: 'input/type', message: p.message }),
            });
            for await (const batch of batches) yield { task: { rows: batch.rows }, bytesRead: batch.bytesRead };
          })();
    for (;;) {
      const next = await race(tasks.next());
      if (next === ABORTED) break;
      if (next.done) {
        readAll = true;
        break;
      }
      const { transfer, input = -1, bytesRead: read } = next.value;
      bytesRead = read;
      await begin();
      pool ??= startPool();
      const output = outputSlots.take();
      const task: Task = output >= 0 ? { ...next.value.task, out: outputSlots.view(output) } : next.value.task;
      const running = transfer ? pool.run(task, { transferList: [transfer] }) : pool.run(task);
      // The input slot is free once the worker is done with it. A task still running when the pool is
      // destroyed rejects: nobody waits for it then.
      running.then(
        () => inputSlots?.release(input),
        () => {},
      );
      queue.push({ result: running, output });
      while (queue.length >= maxInFlight && !stoppedAt && !signal?.aborted) {
        const entry = queue.shift()!;
        const result = await race(entry.result);
        if (result === ABORTED) break;
        await settle(result, entry.output);
      }
      if (stoppedAt || signal?.aborted) break;
    }
    // An unclosed CSV quote at the end of the file: a bad row after every other.
    if (!stoppedAt && !signal?.aborted && readProblems.length > 0) {
      await begin();
      const e = readProblems[0]!;
      queue.push({ result: Promise.resolve({ rows: 1, data: new Uint8Array(0), byteLength: 0, ok: 0, errors: [e], totals: {}, marks: [{ byteLength: 0, rows: 0, ok: 0, totals: {} }], stopped: false, lastLine: e.line }), output: -1 });
    }
    while (queue.length > 0 && !stoppedAt && !signal?.aborted) {
      const entry = queue.shift()!;
      const result = await race(entry.result);
      if (result === ABORTED) break;
      await settle(result, entry.output);
    }
    drained = queue.length === 0;
    if (!readAll) void tasks.return(undefined).catch(() => {}); // closes the input file once a pending read is done
    if (readAll && drained && !stoppedAt) await begin(); // an empty input still gets the CSV header
  } finally {
    clearInterval(sampler);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    queue.length = 0;
    if (pool) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([allLoaded, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      destroying = true;
      await pool.destroy();
    }
    loadedChannel.close();
    if (file) {
      file.end();
      await once(file, 'close').catch(() => {});
    }
    stream.off('error', onStreamError);
  }
  if (streamError) throw streamError;
  if (poolError) throw poolError;
  const status = stoppedAt ? 'stopped' : readAll && drained ? 'complete' : 'interrupted';
  if (opened && status === 'complete') renameSync(opened.partial, options.out!);
  if (status === 'complete') bytesRead = bytesTotal;
  progress(true);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  const totalsOut: Record<string, string> = {};
  for (const name of outputs) if (program.ruleTypes[name] === 'money') totalsOut[name] = (totals.get(name) ?? new Decimal(0)).toFixed(2);
  return {
    ruleset: program.id,
    version: program.version,
    hash: program.hash,
    input: options.input,
    status,
    ...(options.out ? { output: status === 'complete' ? options.out : opened!.partial } : {}),
    outputFormat,
    ...(options.date ? { date: options.date } : {}),
    rows,
    ok,
    errors,
    errorCodes,
    ...(maxErrors !== undefined ? { maxErrors } : {}),
    ...(stoppedAt ? { stoppedAt } : {}),
    lastLine,
    ...(withId ? { idField } : {}),
    totals: totalsOut,
    workers,
    elapsedMs: Math.round(elapsedMs),
    rowsPerSecond: Math.round((ok + errors) / (elapsedMs / 1000)),
    peakRssBytes: peakRss,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}
