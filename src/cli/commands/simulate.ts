/**
 * `minsheng simulate <ruleset> <inputs.jsonl|csv> [--out FILE] [--workers N] [--on-error skip|fail]
 * [--max-errors N] [--date D]` — evaluates a file of inputs on a worker pool (all cores by default),
 * streaming: memory stays bounded whatever the file size. Writes the outputs (JSONL or CSV, in input
 * order) and a summary (counts, totals per money output); shows a progress bar on a terminal. Every bad
 * row is reported with its line number.
 *
 * The output file is written as `<out>.partial` and renamed when the run has read every row. Ctrl-C
 * (SIGINT) or SIGTERM stops the workers, keeps `<out>.partial`, prints the summary with the last line
 * done, and ends the process by the signal (exit 130 / 143).
 */
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { formatAmount } from '../../present/format';
import type { SimulateProgress, SimulateSummary } from '../../node/simulate/run';
import type { RowError } from '../../node/simulate/worker';
import {
  EXIT_FAILED,
  EXIT_OK,
  SIGNAL_EXIT_CODES,
  addRulesetsOption,
  checkWritableFile,
  defineAction,
  exitCodesLine,
  loadProgram,
  parseDateOption,
  shownPath,
  usageError,
  writeFileAtomically,
  type CliContext,
  type RulesetOptions,
  type StopSignal,
} from '../shared';

interface SimulateOptions extends RulesetOptions {
  out?: string;
  format?: 'jsonl' | 'csv';
  outputFormat?: 'jsonl' | 'csv';
  workers?: string;
  onError: 'skip' | 'fail';
  maxErrors?: string;
  date?: string;
  outputs?: string[];
  id?: string;
  batchSize?: string;
  summary?: string;
  errors?: string;
  json?: boolean;
  progress: boolean;
}

const SHOWN_ERRORS = 20;

function bar(p: SimulateProgress, width = 28): string {
  const ratio = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const filled = Math.round(ratio * width);
  const rate = p.elapsedMs > 0 ? Math.round((p.rows / p.elapsedMs) * 1000) : 0;
  return `\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')}/s  errors ${p.errors}   `;
}

/** The exit code of a finished run, and why it is not 0. */
function verdict(s: SimulateSummary, signal: StopSignal | undefined): { code: number; why?: string } {
  if (signal) return { code: SIGNAL_EXIT_CODES[signal], why: `interrupted (${signal})` };
  if (s.status === 'stopped') return { code: EXIT_FAILED, why: s.maxErrors ? `stopped: more than ${s.maxErrors.toLocaleString('en')} bad rows (--max-errors)` : 'stopped at the first bad row' };
  if (s.ok === 0) return { code: EXIT_FAILED, why: s.rows === 0 ? 'no rows in the input: nothing evaluated' : 'no row evaluated' };
  if (s.errors > 0 && s.maxErrors === undefined) return { code: EXIT_FAILED, why: 'bad rows (allow some with --max-errors N)' };
  return { code: EXIT_OK };
}

function summaryLines(s: SimulateSummary, ctx: CliContext, v: { code: number; why?: string }, errorsPath: string | undefined): string[] {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `${v.code === EXIT_OK ? '✓' : '✖'} ${s.ruleset}@${s.version} · ${n(s.rows)} rows: ${n(s.ok)} evaluated, ${n(s.errors)} bad${
      s.stoppedAt ? ` (stopped at line ${n(s.stoppedAt.line)})` : s.errors > 0 ? ' (skipped)' : ''
    } · ${s.workers} worker(s) · ${(s.elapsedMs / 1000).toFixed(1)} s · ${n(s.rowsPerSecond)} rows/s · peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MiB`,
  ];
  if (v.why) lines.push(`  ${v.why}`);
  if (s.status !== 'complete') {
    lines.push(
      s.lastLine > 0
        ? `  done up to line ${n(s.lastLine)} of ${s.input}: lines after it were not evaluated`
        : `  no line of ${s.input} was done`,
    );
  }
  if (s.output) lines.push(`  outputs → ${shownPath(ctx, s.output)} (${s.outputFormat}${s.status === 'complete' ? '' : ', incomplete: the run did not finish'})`);
  if (errorsPath && s.errors > 0) lines.push(`  bad rows → ${shownPath(ctx, errorsPath)}`);
  const totals = Object.entries(s.totals);
  if (totals.length > 0 && s.ok > 0) {
    const w = Math.max(...totals.map(([k]) => k.length));
    lines.push(`  totals (yuan)${s.status === 'complete' ? '' : ` of the rows written`}:`);
    for (const [k, t] of totals) lines.push(`    ${k.padEnd(w)}  ${formatAmount(t).padStart(20)}`);
  }
  return lines;
}

function wholeNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw usageError(`${name} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}, got '${value}'`);
  return n;
}

/** Registers `simulate` on the program. */
export function registerSimulate(program: Command): void {
  const command = program
    .command('simulate')
    .description('evaluate a JSONL/CSV file of inputs on all cores, streaming; write outputs and a summary')
    .argument('<ruleset>', 'ruleset file or id')
    .argument('<inputs>', 'inputs: .jsonl (one JSON object per line) or .csv (header row; dotted columns fill records: ytd.basicPaid)')
    .option('--out <file>', 'write outputs here (.csv or .jsonl); default: standard output as JSONL')
    .addOption(new Option('--format <format>', 'input format (default: by extension)').choices(['jsonl', 'csv']))
    .addOption(new Option('--output-format <format>', 'output format (default: by the --out extension, else jsonl)').choices(['jsonl', 'csv']))
    .option('--workers <n>', 'worker threads (default: all cores)')
    .addOption(new Option('--on-error <mode>', 'skip: report a bad row and go on; fail: stop at the first bad row').choices(['skip', 'fail']).default('skip'))
    .option('--max-errors <n>', 'allow up to N bad rows (skipped, reported, exit 0); stop at the next one (exit 1)')
    .option('--date <YYYY-MM-DD>', "evaluation date for every row (default: the ruleset's date input)", parseDateOption)
    .option('--outputs <names>', 'outputs to write (comma-separated; default all)', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--id <field>', 'the input field copied to each output row as "id" and not given to the ruleset (default: id, when the rows have it)')
    .option('--batch-size <n>', 'rows sent to a worker at a time (CSV: default 500; JSONL: blocks of about n × 200 bytes, default 1 MiB)')
    .option('--summary <file>', 'write the summary as JSON here (default: <out>.summary.json when --out is given)')
    .option('--errors <file>', 'write every bad row as JSONL here (default: <out>.errors.jsonl when --out is given and a row is bad)')
    .option('--json', 'print the summary as JSON on standard output (needs --out)')
    .option('--no-progress', 'no progress bar (it is only shown when standard error is a terminal)');
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
The outputs are written to <out>.partial and renamed to <out> once every row has been read, so <out>
is always whole. A bad row is reported with its line (and in <out>.errors.jsonl) and skipped; the
run fails (exit 1) when there are bad rows, unless --max-errors N allows them, and when no row
evaluated. Ctrl-C stops the workers, keeps <out>.partial and prints the last line done (exit 130).

${exitCodesLine('a row is bad (beyond --max-errors), no row evaluated, or the run stopped at a bad row')}

Examples:
  $ minsheng simulate bench/settlement claims.jsonl --out results.csv --date 2025-06-01
  $ minsheng simulate cn/medical/nanchang claims.csv --out out.jsonl --max-errors 100 --workers 4
  $ minsheng simulate cn/medical/nanchang claims.csv --out out.jsonl --on-error fail`,
  );
  command.action(
    defineAction<SimulateOptions>(async (ctx, [rulesetArg, inputArg], options) => {
      if (options.json && !options.out) throw usageError('--json prints the summary on standard output: give --out for the outputs');
      const workers = wholeNumber(options.workers, '--workers', 1, 256);
      const batchSize = wholeNumber(options.batchSize, '--batch-size', 1, 100_000);
      const maxErrors = wholeNumber(options.maxErrors, '--max-errors', 0, Number.MAX_SAFE_INTEGER);
      if (maxErrors !== undefined && options.onError === 'fail') throw usageError('give either --on-error fail or --max-errors N, not both (--on-error fail is --max-errors 0)');
      for (const [option, path] of [['--summary', options.summary], ['--errors', options.errors]] as const) if (path !== undefined) checkWritableFile(path, option);
      const { resolved } = await loadProgram(ctx, rulesetArg!, options);

      const errorsPath = options.errors ?? (options.out ? `${options.out}.errors.jsonl` : undefined);
      // A bad-rows file of an earlier run at the default place would be read as this run's.
      if (options.errors === undefined && errorsPath) rmSync(errorsPath, { force: true });
      let errorsFile: WriteStream | undefined = options.errors !== undefined ? createWriteStream(options.errors) : undefined;
      let shown = 0;
      const progressOn = options.progress && process.stderr.isTTY === true && !options.json;
      const onRowError = (e: RowError): void => {
        if (errorsPath) {
          errorsFile ??= createWriteStream(errorsPath);
          errorsFile.write(`${JSON.stringify(e)}\n`);
        }
        if (!errorsPath || shown < SHOWN_ERRORS) ctx.err(`${progressOn ? '\n' : ''}✖ line ${e.line}: [${e.code}] ${e.message}`);
        shown++;
      };
      // The process's own stdout keeps backpressure; a test's io gets a forwarding stream.
      const ownStdout = ctx.io.env === process.env;
      const output = options.out
        ? undefined
        : ownStdout
          ? process.stdout
          : new Writable({
              write(chunk: Buffer | string, _enc, done) {
                ctx.io.stdout(chunk.toString());
                done();
              },
            });

      // SIGINT / SIGTERM: stop cleanly (a second one ends the process at once).
      const controller = new AbortController();
      let signal: StopSignal | undefined;
      const unregister = ctx.io.onSignal?.((s) => {
        signal = s;
        ctx.err(`${progressOn ? '\n' : ''}… ${s}: stopping the workers (again to stop at once)`);
        controller.abort();
      });
      let summary: SimulateSummary;
      try {
        // Loaded here, not with the CLI: piscina was ~12 ms of every command's start.
        const { simulate } = await import('../../node/simulate/run');
        summary = await simulate({
          resolved,
          input: inputArg!,
          ...(options.format ? { format: options.format } : {}),
          ...(options.out ? { out: options.out } : {}),
          ...(output ? { output } : {}),
          ...(options.outputFormat ? { outputFormat: options.outputFormat } : {}),
          ...(workers !== undefined ? { workers } : {}),
          onError: options.onError,
          ...(maxErrors !== undefined ? { maxErrors } : {}),
          ...(options.date ? { date: options.date } : {}),
          ...(options.outputs ? { outputs: options.outputs } : {}),
          ...(options.id !== undefined ? { idField: options.id } : {}),
          ...(batchSize !== undefined ? { batchSize } : {}),
          onRowError,
          signal: controller.signal,
          ...(progressOn ? { onProgress: (p: SimulateProgress) => ctx.io.stderr(bar(p)) } : {}),
        });
      } finally {
        unregister?.();
        if (errorsFile) await new Promise<void>((r) => errorsFile!.end(r));
      }
      if (progressOn) ctx.io.stderr('\n');
      if (errorsPath && shown > SHOWN_ERRORS) ctx.err(`  … ${shown - SHOWN_ERRORS} more bad rows: see ${shownPath(ctx, errorsPath)}`);
      const summaryPath = options.summary ?? (options.out ? `${options.out}.summary.json` : undefined);
      const v = verdict(summary, signal && summary.status === 'interrupted' ? signal : undefined);
      if (summaryPath) writeFileAtomically(summaryPath, `${JSON.stringify({ ...summary, exitCode: v.code }, null, 2)}\n`);
      ctx.err(...summaryLines(summary, ctx, v, errorsPath && (summary.errors > 0 || options.errors !== undefined) ? errorsPath : undefined));
      if (options.json) ctx.out(JSON.stringify({ ...summary, exitCode: v.code }, null, 2));
      return v.code;
    }),
  );
}
