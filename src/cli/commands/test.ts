/**
 * `minsheng test <ruleset|dir>...` — runs the test cases of rulesets (inline `tests:` and sibling
 * `<name>.cases.yaml`): every ruleset file under a folder, or the files and ids named. Prints each
 * failing case with expected vs actual per output and the trace of the first differing rule, notes
 * discrepancies, and ends with the summary line `N passed, N failed`. Exit 1 on any failure, and when
 * nothing was tested (a folder without rulesets, no case at all); 2 when a ruleset cannot be read.
 */
import type { Command } from 'commander';
import { isMinshengError } from '../../errors';
import { runCases, type CaseResult } from '../../engine/cases';
import type { RulesetCasesReport } from '../../node/cases-files';
import { explainRule, formatCell } from '../../present/explain';
import { displayWidth, pad, wrap } from '../../present/text-layout';
import { ANSI_STYLE } from '../style';
import { locateIssues, renderIssues } from '../issues';
import {
  EXIT_FAILED,
  EXIT_OK,
  addLangOption,
  addRulesetsOption,
  defineAction,
  expandRulesetTargets,
  exitCodeOfIssue,
  exitCodesLine,
  loadProgram,
  shownPath,
  type CliContext,
  type Lang,
  type RulesetOptions,
} from '../shared';
import type { Program } from '../../engine/program';

interface TestOptions extends RulesetOptions {
  json?: boolean;
  verbose?: boolean;
  lang: Lang;
}

/** Registers `test` on the program. */
export function registerTest(program: Command): void {
  const command = program
    .command('test')
    .description("run rulesets' test cases (inline tests: and <name>.cases.yaml)")
    .argument('<ruleset|dir...>', 'ruleset files, ids, or folders (every ruleset under them)')
    .option('--json', 'print the results as JSON')
    .option('-v, --verbose', 'list every case, not only the failing ones');
  addLangOption(command);
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
A case passes when every output it expects comes out exactly (money as a string with 2 decimals;
a number such as 7125 is read as "7125.00"), or when it has expectError: <code> and the evaluation
fails with that code. A discrepancy: is printed as a note, never a failure. The last line is
"N passed, N failed" (a ruleset that does not load counts as a failure).

${exitCodesLine('a case failed, a ruleset does not load, or there was nothing to test')}

Examples:
  $ minsheng test rulesets
  $ minsheng test rulesets/cn/medical/gansu.yaml my-city.yaml --rulesets ./regional
  $ minsheng test cn/medical/national --verbose`,
  );
  command.action(
    defineAction<TestOptions>(async (ctx, targets, options) => {
      // Folders given also serve as places to find `extends` parents in.
      const { files, dirs, empty } = expandRulesetTargets(targets);
      const loadDirs = [...(options.rulesets ?? []), ...dirs];
      const reports: RulesetCasesReport[] = [];
      for (const file of files) reports.push(await runOne(ctx, file, loadDirs));

      let passed = 0;
      let failed = 0;
      let code = EXIT_OK;
      for (const report of reports) {
        if (report.error) {
          failed++;
          code = Math.max(code, exitCodeOfIssue(report.error.code));
        }
        for (const r of report.results) r.passed ? passed++ : failed++;
      }
      if (failed > 0) code = Math.max(code, EXIT_FAILED);
      const problems: string[] = empty.map((dir) => `no ruleset files under ${shownPath(ctx, dir)}: nothing to test there`);
      if (passed + failed === 0 && reports.length > 0) problems.push('no test cases: nothing was tested (add tests: or a <name>.cases.yaml)');
      if (problems.length > 0) code = Math.max(code, EXIT_FAILED);
      if (options.json) {
        ctx.out(JSON.stringify({ passed, failed, rulesets: reports, ...(problems.length > 0 ? { problems } : {}) }, null, 2));
      } else {
        for (const report of reports) printReport(ctx, report, options);
        if (reports.length > 0) ctx.out('');
        ctx.out(`${passed} passed, ${failed} failed`);
      }
      for (const p of problems) ctx.err(`✖ ${p}`);
      return code;
    }),
  );
}

/** Runs one ruleset's cases, keeping its program for printing traces. */
const PROGRAMS = new WeakMap<RulesetCasesReport, Program>();

async function runOne(ctx: CliContext, target: string, dirs: string[]): Promise<RulesetCasesReport> {
  try {
    const { program, file } = await loadProgram(ctx, target, { rulesets: dirs });
    const shown = file ? shownPath(ctx, file) : target;
    const results = runCases(program, program.ruleset.tests, { file: shown });
    const report: RulesetCasesReport = { file: shown, id: program.id, version: program.version, results };
    PROGRAMS.set(report, program);
    return report;
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    return { file: shownPath(ctx, target), results: [], error: { code: error.code, message: error.issues[0]!.message, issues: error.issues } };
  }
}

function printReport(ctx: CliContext, report: RulesetCasesReport, options: TestOptions): void {
  const name = report.id ? `${report.id}@${report.version}` : report.file;
  if (report.error) {
    ctx.out(`✖ ${name} could not be loaded`);
    // Part of the report (stdout), so it stays next to the ruleset it is about.
    ctx.out(...renderIssues(locateIssues(report.error.issues), ctx.io.cwd !== undefined ? { cwd: ctx.io.cwd } : {}).map((l) => `    ${l}`));
    return;
  }
  const failed = report.results.filter((r) => !r.passed);
  const count = report.results.length - failed.length;
  const where = report.id ? `  ${report.file}` : '';
  if (report.results.length === 0) {
    ctx.out(`⚠ ${name}${where}  no test cases`);
    return;
  }
  const mark = failed.length > 0 ? '✖' : '✔';
  ctx.out(`${mark} ${name}${where}  ${count} passed${failed.length > 0 ? `, ${failed.length} failed` : ''}`);
  const program = PROGRAMS.get(report);
  let afterFailure = false;
  for (const result of report.results) {
    if (!result.passed) printFailure(ctx, result, program, options);
    else if (options.verbose) ctx.out(`${afterFailure ? '\n' : ''}    ✔ ${result.name}`);
    if (result.discrepancy) {
      if (afterFailure && result.passed && !options.verbose) ctx.out('');
      ctx.out(`    ℹ ${result.name} — discrepancy (a note, not a failure):`);
      ctx.out(...block(result.discrepancy, ctx.width - 8).map((l) => `        ${l}`));
    }
    afterFailure = !result.passed;
  }
}

/** An author's multi-line text, each line wrapped to `width`. */
function block(text: string, width: number): string[] {
  return text.trimEnd().split('\n').flatMap((line) => wrap(line, width));
}

function printFailure(ctx: CliContext, result: CaseResult, program: Program | undefined, options: TestOptions): void {
  ctx.out('', `  ✖ ${result.name}${result.date ? `  (date ${result.date})` : ''}`);
  if (result.failure) ctx.out(`      ${result.failure}`);
  if (result.error && result.error.issues.length > 0 && !result.expectError) {
    for (const line of result.error.issues.slice(1).map((i) => `      ✖ [${i.code}] ${i.message}`)) ctx.out(line);
  }
  if (result.mismatches.length > 0) {
    const rows = [['output', 'expected', 'actual', '']];
    for (const m of result.mismatches) {
      rows.push([m.output, formatCell(m.expected), m.actual === undefined ? '—' : formatCell(m.actual), m.reason ?? '']);
    }
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => displayWidth(r[c]!))));
    rows.forEach((r, i) => {
      const line = `      ${pad(r[0]!, widths[0]!)}  ${pad(r[1]!, widths[1]!, 'right')}  ${pad(r[2]!, widths[2]!, 'right')}${r[3] ? `  ${r[3]}` : ''}`;
      ctx.out(i === 0 ? line.trimEnd() : line);
    });
  }
  if (result.note) {
    const lines = block(result.note, ctx.width - 12);
    ctx.out(`      note: ${lines[0]}`, ...lines.slice(1).map((l) => `            ${l}`));
  }
  if (result.firstDifferingRule && result.trace) {
    ctx.out(`      first differing rule 第一个不同的规则: ${result.firstDifferingRule.name}`);
    const tree = explainRule(result.firstDifferingRule.name, result.trace, {
      lang: options.lang,
      ...(program ? { program } : {}),
      width: ctx.width - 6,
      ...(ctx.color ? { style: ANSI_STYLE } : {}),
    });
    for (const line of tree) ctx.out(`      ${line}`);
  }
}
