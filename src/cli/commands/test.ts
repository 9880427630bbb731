/**
 * `minsheng test <ruleset|dir>...` — runs the test cases of rulesets (inline `tests:` and sibling
 * `<name>.cases.yaml`): every ruleset file under a folder, or the files and ids named. Prints each
 * failing case with expected vs actual per output and the chain of rules that produced the mismatching
 * outputs (one line a rule; `--trace` for the whole why-tree of the first differing rule), notes
 * discrepancies, and ends with the summary line `N passed, N failed` (`--quiet`: failing cases and that line). Exit 1 on any failure, and when
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
import type { OutputValue, RuleTrace, ValueType } from '../../engine/trace';

interface TestOptions extends RulesetOptions {
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  trace?: boolean;
  lang: Lang;
}

/** Registers `test` on the program. */
export function registerTest(program: Command): void {
  const command = program
    .command('test')
    .description("run rulesets' test cases (inline tests: and <name>.cases.yaml)")
    .argument('<ruleset|dir...>', 'ruleset files, ids, or folders (every ruleset under them)')
    .option('--json', 'print the results as JSON')
    .option('-v, --verbose', 'list every case, not only the failing ones')
    .option('-q, --quiet', 'print only the failing cases (what differs) and the summary line')
    .option('--trace', 'for a failing case, the whole why-tree of the first differing rule instead of the chain of rules');
  addLangOption(command);
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
A case passes when every output it expects comes out exactly (money as a string with 2 decimals;
a number such as 7125 is read as "7125.00"), or when it has expectError: <code> and the evaluation
fails with that code. A discrepancy: is printed as a note, never a failure. The last line is
"N passed, N failed" (a ruleset that does not load counts as a failure).

A failing case shows its outputs that differ (expected, actual) and the chain of rules behind them:
one line a rule (value = formula, and the inputs and parameters it read), the differing output
first. --trace prints the whole why-tree of the first differing rule instead.

${exitCodesLine('a case failed, a ruleset does not load, or there was nothing to test')}

Examples:
  $ minsheng test rulesets
  $ minsheng test rulesets/cn/medical/gansu.yaml my-city.yaml --rulesets ./regional
  $ minsheng test cn/medical/national --verbose
  $ minsheng test rulesets --quiet`,
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
    if (!options.quiet) ctx.out(`⚠ ${name}${where}  no test cases`);
    return;
  }
  if (options.quiet && failed.length === 0) return;
  const mark = failed.length > 0 ? '✖' : '✔';
  ctx.out(`${mark} ${name}${where}  ${count} passed${failed.length > 0 ? `, ${failed.length} failed` : ''}`);
  const program = PROGRAMS.get(report);
  let afterFailure = false;
  for (const result of report.results) {
    if (!result.passed) printFailure(ctx, result, program, options);
    else if (options.verbose) ctx.out(`${afterFailure ? '\n' : ''}    ✔ ${result.name}`);
    if (result.discrepancy && !options.quiet) {
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
  if (result.note && !options.quiet) {
    const lines = block(result.note, ctx.width - 12);
    ctx.out(`      note: ${lines[0]}`, ...lines.slice(1).map((l) => `            ${l}`));
  }
  if (result.firstDifferingRule && result.trace && !options.trace) {
    ctx.out(`      first differing rule 第一个不同的规则: ${result.firstDifferingRule.name}`);
    const start = result.mismatches.map((m) => m.output).filter((name) => result.trace!.some((t) => t.name === name));
    ctx.out(`      how it came out 计算链:`);
    for (const line of ruleChain(start.length > 0 ? start : [result.firstDifferingRule.name], result.trace, ctx.width - 8)) ctx.out(`        ${line}`);
  } else if (result.firstDifferingRule && result.trace) {
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

/** How deep the default failure report follows the rules behind an output: formulas to this depth, values one more. */
const CHAIN_FORMULA_DEPTH = 1;

/** A value in full (never cut: the chain wraps rather than truncates), a record as `{field: value, …}`. */
function chainValue(value: OutputValue, type: ValueType): string {
  if (typeof value !== 'object' || value === null || type.kind === 'bands') return formatCell(value, type);
  const whole = (v: unknown): string => (typeof v === 'object' && v !== null ? (Array.isArray(v) ? `[${v.map(whole).join(', ')}]` : `{${Object.entries(v).map(([k, x]) => `${k}: ${whole(x)}`).join(', ')}}`) : String(v));
  return whole(value);
}

/**
 * The chain of rules behind the given outputs, depth first from the outputs and indented by depth, each rule
 * once: to depth {@link CHAIN_FORMULA_DEPTH} `name value = formula · what it read from inputs and parameters`,
 * one level deeper only `name value`, then how many rules lie further behind (`--trace` shows them). Lines
 * wrap at `width` under their rule's indent instead of being cut, so a long value or formula stays whole.
 */
export function ruleChain(outputs: readonly string[], trace: readonly RuleTrace[], width: number): string[] {
  const byName = new Map(trace.map((t) => [t.name, t]));
  const shown = new Set<string>();
  const lines: string[] = [];
  const add = (depth: number, text: string): void => {
    const indent = '  '.repeat(depth);
    const wrapped = wrap(text, Math.max(20, width - indent.length - 4));
    lines.push(`${indent}${wrapped[0]}`, ...wrapped.slice(1).map((l) => `${indent}    ${l}`));
  };
  const visit = (name: string, depth: number): void => {
    const rule = byName.get(name);
    if (!rule || shown.has(name)) return;
    shown.add(name);
    const value = chainValue(rule.value, rule.valueType);
    if (depth > CHAIN_FORMULA_DEPTH) return add(depth, `${name} ${value}`);
    const reads = rule.uses
      .filter((u) => u.kind !== 'rule')
      .map((u) => `${u.name}${u.kind === 'parameter' && u.key !== undefined ? `[${u.key}]` : ''} ${chainValue(u.value, u.type)}`);
    add(depth, `${name} ${value} = ${rule.formula.trim().replace(/\s+/g, ' ')}${reads.length > 0 ? `  · ${reads.join(' · ')}` : ''}`);
    for (const use of rule.uses) if (use.kind === 'rule') visit(use.name, depth + 1);
  };
  for (const output of outputs) visit(output, 0);
  // Every rule the outputs depend on, to say how many the compact view left out.
  const behind = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (behind.has(name) || !byName.has(name)) continue;
    behind.add(name);
    for (const use of byName.get(name)!.uses) if (use.kind === 'rule') stack.push(use.name);
  }
  const more = behind.size - shown.size;
  if (more > 0) lines.push(`… ${more} more rule${more === 1 ? '' : 's'} behind these (--trace shows the whole tree)`);
  return lines;
}
