/**
 * `minsheng simulate <ruleset> <inputs.jsonl|csv> [--out FILE] [--workers N] [--on-error skip|fail]
 * [--date D]` — evaluates a file of inputs on a worker pool (all cores by default), streaming: memory
 * stays bounded whatever the file size. Writes the outputs (JSONL or CSV, in input order) and a summary
 * (counts, totals per money output); shows a progress bar on a terminal. Every bad row is reported with
 * its line number.
 */
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { formatMoney } from '../../present/format';
import { simulate, type SimulateProgress, type SimulateSummary } from '../../node/simulate/run';
import type { RowError } from '../../node/simulate/worker';
import { EXIT_FAILED, EXIT_OK, addRulesetsOption, defineAction, loadProgram, parseDateOption, shownPath, usageError, type CliContext, type RulesetOptions } from '../shared';

interface SimulateOptions extends RulesetOptions {
  out?: string;
  format?: 'jsonl' | 'csv';
  outputFormat?: 'jsonl' | 'csv';
  workers?: string;
  onError: 'skip' | 'fail';
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

function summaryLines(s: SimulateSummary, ctx: CliContext): string[] {
  const lines = [
    `${s.stoppedAt ? '✖' : '✓'} ${s.ruleset}@${s.version} · ${s.rows.toLocaleString('en')} rows: ${s.ok.toLocaleString('en')} evaluated, ${s.errors.toLocaleString('en')} bad${
      s.stoppedAt ? ` (stopped at line ${s.stoppedAt.line})` : s.errors > 0 ? ' (skipped)' : ''
    } · ${s.workers} worker(s) · ${(s.elapsedMs / 1000).toFixed(1)} s · ${s.rowsPerSecond.toLocaleString('en')} rows/s · peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MiB`,
  ];
  if (s.output) lines.push(`  outputs → ${shownPath(ctx, s.output)} (${s.outputFormat})`);
  const totals = Object.entries(s.totals);
  if (totals.length > 0) {
    const w = Math.max(...totals.map(([k]) => k.length));
    lines.push('  totals (yuan):');
    for (const [k, v] of totals) lines.push(`    ${k.padEnd(w)}  ${formatMoney(v).padStart(20)}`);
  }
  return lines;
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
    .addOption(new Option('--on-error <mode>', 'a bad row is skipped (reported with its line) or stops the run').choices(['skip', 'fail']).default('skip'))
    .option('--date <YYYY-MM-DD>', "evaluation date for every row (default: the ruleset's date input)", parseDateOption)
    .option('--outputs <names>', 'outputs to write (comma-separated; default all)', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--id <field>', 'copy this input field to each output row as "id"')
    .option('--batch-size <n>', 'rows sent to a worker at a time (default 500)')
    .option('--summary <file>', 'write the summary as JSON here (default: <out>.summary.json when --out is given)')
    .option('--errors <file>', 'write every bad row as JSONL here (default: <out>.errors.jsonl when --out is given and a row is bad)')
    .option('--json', 'print the summary as JSON on standard output (needs --out)')
    .option('--no-progress', 'no progress bar (it is only shown when standard error is a terminal)');
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Exit 0 when the run completes (bad rows skipped and reported), 1 when it stopped at a bad row (--on-error fail).

Examples:
  $ minsheng simulate bench/settlement claims.jsonl --out results.csv --date 2025-06-01
  $ minsheng simulate cn/medical/nanchang claims.csv --out out.jsonl --on-error fail --workers 4`,
  );
  command.action(
    defineAction<SimulateOptions>(async (ctx, [rulesetArg, inputArg], options) => {
      if (options.json && !options.out) throw usageError('--json prints the summary on standard output: give --out for the outputs');
      const workers = options.workers === undefined ? undefined : Number(options.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) throw usageError(`--workers must be a whole number from 1 to 256, got '${options.workers}'`);
      const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)) throw usageError(`--batch-size must be a whole number from 1 to 100,000`);
      const { resolved } = await loadProgram(ctx, rulesetArg!, options);

      const errorsPath = options.errors ?? (options.out ? `${options.out}.errors.jsonl` : undefined);
      let errorsFile: WriteStream | undefined;
      let shown = 0;
      const onRowError = (e: RowError): void => {
        if (errorsPath) {
          errorsFile ??= createWriteStream(errorsPath);
          errorsFile.write(`${JSON.stringify(e)}\n`);
        }
        if (!errorsPath || shown < SHOWN_ERRORS) ctx.err(`${progressOn ? '\n' : ''}✖ line ${e.line}: [${e.code}] ${e.message}`);
        shown++;
      };
      const progressOn = options.progress && process.stderr.isTTY === true && !options.json;
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
      const summary = await simulate({
        resolved,
        input: inputArg!,
        ...(options.format ? { format: options.format } : {}),
        ...(options.out ? { out: options.out } : {}),
        ...(output ? { output } : {}),
        ...(options.outputFormat ? { outputFormat: options.outputFormat } : {}),
        ...(workers !== undefined ? { workers } : {}),
        onError: options.onError,
        ...(options.date ? { date: options.date } : {}),
        ...(options.outputs ? { outputs: options.outputs } : {}),
        ...(options.id !== undefined ? { idField: options.id } : {}),
        ...(batchSize !== undefined ? { batchSize } : {}),
        onRowError,
        ...(progressOn ? { onProgress: (p: SimulateProgress) => ctx.io.stderr(bar(p)) } : {}),
      });
      if (progressOn) ctx.io.stderr('\n');
      if (errorsFile) await new Promise<void>((r) => errorsFile!.end(r));
      if (errorsPath && shown > SHOWN_ERRORS) ctx.err(`  … ${shown - SHOWN_ERRORS} more bad rows: see ${shownPath(ctx, errorsPath)}`);
      else if (errorsPath && shown > 0) ctx.err(`  bad rows: ${shownPath(ctx, errorsPath)}`);
      const summaryPath = options.summary ?? (options.out ? `${options.out}.summary.json` : undefined);
      if (summaryPath) writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
      ctx.err(...summaryLines(summary, ctx));
      if (options.json) ctx.out(JSON.stringify(summary, null, 2));
      return summary.stoppedAt ? EXIT_FAILED : EXIT_OK;
    }),
  );
}
