/**
 * `minsheng validate <ruleset|dir...> [--json] [--strict]` — loads each ruleset (by path or id, or every
 * ruleset file under a folder), resolves its `extends` chain and compiles it; prints every problem with
 * file, path and line/column. Exit 1 when any is invalid (with `--strict`, also when one has warnings),
 * 2 when one cannot be read or found.
 *
 * `--json` prints one object (see {@link ValidateJson}): a flat list of issues, each with its code,
 * severity, file, path, line and column, so an editor or CI annotation can place it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import pkg from '../../../package.json';
import { toSarif } from '../sarif';
import { formatPath, isMinshengError, type Issue } from '../../errors';
import { locateInFile, locateIssues } from '../issues';
import {
  EXIT_FAILED,
  EXIT_OK,
  NOTHING_TO_DO,
  addRulesetsOption,
  defineAction,
  expandRulesetTargets,
  exitCodeOfIssue,
  exitCodesLine,
  loadProgram,
  printIssues,
  shownPath,
  usageError,
  type CliContext,
  type RulesetOptions,
} from '../shared';

interface ValidateOptions extends RulesetOptions {
  json?: boolean;
  sarif?: boolean;
  strict?: boolean;
  quiet?: boolean;
}

/** One problem in `validate --json`. */
export interface ValidateJsonIssue {
  /** The issue code (`expr/type`, `ruleset/schema`…), or `cli/nothing-to-do` for a folder without rulesets. */
  readonly code: string;
  /** `error` makes the ruleset invalid; `warning` does only with `--strict`. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The file (relative to the working directory when inside it), or the argument when none was read. */
  readonly file?: string;
  /** Where in the file, e.g. `rules.basicPaid.formula`. */
  readonly path?: string;
  /** 1-based line and column in the file, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** One ruleset argument (or file under a folder argument) in `validate --json`. */
export interface ValidateJsonRuleset {
  readonly target: string;
  readonly file?: string;
  readonly id?: string;
  readonly version?: string;
  /** No errors (and, with `--strict`, no warnings). */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
}

/** What `validate --json` prints. */
export interface ValidateJson {
  /** Every ruleset is valid (with `--strict`: and has no warnings). */
  readonly ok: boolean;
  readonly strict: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly rulesets: readonly ValidateJsonRuleset[];
  readonly issues: readonly ValidateJsonIssue[];
}

/** An issue with a path in a file but no position (a warning about a parameter value): find the line. */
function withPosition(issue: Issue, texts: Map<string, string | null>): Issue {
  if (issue.span || !issue.file || !issue.path || issue.path.length === 0) return issue;
  if (!texts.has(issue.file)) {
    try {
      texts.set(issue.file, readFileSync(issue.file, 'utf8'));
    } catch {
      texts.set(issue.file, null);
    }
  }
  const text = texts.get(issue.file);
  const span = text ? locateInFile(text, issue.path) : undefined;
  return span ? { ...issue, span } : issue;
}

function jsonIssue(ctx: CliContext, issue: Issue, severity: 'error' | 'warning', fallbackFile?: string): ValidateJsonIssue {
  const file = issue.file ?? fallbackFile;
  const path = formatPath(issue.path);
  return {
    code: issue.code,
    severity: issue.severity ?? severity,
    message: issue.message,
    ...(file !== undefined ? { file: shownPath(ctx, file) } : {}),
    ...(path ? { path } : {}),
    ...(issue.span ? { line: issue.span.line, column: issue.span.column } : {}),
  };
}

/** Registers `validate` on the program. */
export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('check ruleset files: schema, extends chain, formulas (types, names, cycles)')
    .argument('<ruleset|dir...>', 'ruleset file(s), id(s), or folders (every ruleset file under them)')
    .option('--json', 'print { ok, strict, errors, warnings, rulesets, issues } as JSON (see below)')
    .option('--sarif', 'print the issues as SARIF 2.1.0 (for code scanning in CI: findings shown inline on pull requests)')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('-q, --quiet', 'print only the rulesets with problems (and the summary line); nothing for a valid one');
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Prints every problem as
  ✖ [code] message
    → at file: path (line, column)
with the line of the file it is on.

With --json, standard output is one object:
  { "ok": false, "strict": false, "errors": 1, "warnings": 0,
    "rulesets": [{ "target", "file", "id", "version", "ok", "errors", "warnings" }],
    "issues": [{ "code": "expr/type", "severity": "error", "file": "my.yaml",
                 "path": "rules.x.formula", "line": 24, "column": 12, "message": "…" }] }
file, path, line and column are left out when unknown; severity is error or warning.
With --sarif, the same issues as a SARIF 2.1.0 log (one result per issue, level error or warning,
file/line/column as its location), e.g. for GitHub code scanning's upload-sarif action.

${exitCodesLine('a ruleset is invalid (--strict: or has warnings), or a folder holds no ruleset')}

Examples:
  $ minsheng validate rulesets/cn/medical/gansu.yaml
  $ minsheng validate rulesets --strict
  $ minsheng validate my-city.yaml --rulesets ./regional --json`,
  );
  command.action(
    defineAction<ValidateOptions>(async (ctx, targets, options) => {
      const strict = options.strict === true;
      if (options.json && options.sarif) throw usageError('--json and --sarif are two output formats: pick one');
      const machine = options.json === true || options.sarif === true;
      const { files, dirs, empty } = expandRulesetTargets(targets);
      const loadOptions = { rulesets: [...(options.rulesets ?? []), ...dirs] };
      let code = EXIT_OK;
      const rulesets: ValidateJsonRuleset[] = [];
      const issues: ValidateJsonIssue[] = [];
      const texts = new Map<string, string | null>();

      for (const dir of empty) {
        const message = `no ruleset files under ${shownPath(ctx, dir)}: nothing to validate`;
        issues.push({ code: NOTHING_TO_DO, severity: 'error', message, file: shownPath(ctx, dir) });
        if (!machine) ctx.err(`✖ ${message}`);
        code = Math.max(code, EXIT_FAILED);
      }

      for (const arg of files) {
        try {
          const { program: p, resolved, file } = await loadProgram(ctx, arg, loadOptions);
          const where = file ? shownPath(ctx, file) : arg;
          const warnings = locateIssues(p.warnings, resolved.chain).map((w) => withPosition(w, texts));
          const ok = !strict || warnings.length === 0;
          rulesets.push({ target: arg, ...(file ? { file: where } : {}), id: p.id, version: p.version, ok, errors: 0, warnings: warnings.length });
          issues.push(...warnings.map((w) => jsonIssue(ctx, w, 'warning', file)));
          if (!ok) code = Math.max(code, EXIT_FAILED);
          if (machine || (options.quiet && warnings.length === 0)) continue;
          const rules = Object.keys(resolved.rules).length;
          const parts = [
            `${Object.keys(resolved.inputs).length} inputs`,
            `${Object.keys(resolved.parameters).length} parameters`,
            `${rules} rules (${p.outputs.length} outputs)`,
            `${resolved.tests.length} test cases`,
          ];
          if (ok) ctx.out(`✔ ${p.id}@${p.version} is valid — ${where}`, `  ${parts.join(' · ')}`);
          else ctx.out(`✖ ${p.id}@${p.version} has ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (--strict: they fail) — ${where}`, `  ${parts.join(' · ')}`);
          if (resolved.chain.length > 1) ctx.out(`  extends ${resolved.chain.map((l) => `${l.id}@${l.version}`).join(' → ')}`);
          for (const warning of warnings) {
            const at = warning.span ? ` (line ${warning.span.line}, column ${warning.span.column})` : '';
            ctx.out(`  ⚠ [${warning.code}] ${warning.message}`, `    → at ${warning.file ? shownPath(ctx, warning.file) : where}: ${formatPath(warning.path)}${at}`);
          }
        } catch (error) {
          if (!isMinshengError(error)) throw error;
          const located = locateIssues(error.issues).map((i) => withPosition(i, texts));
          const n = located.length;
          rulesets.push({ target: arg, ...(existsSync(arg) ? { file: shownPath(ctx, arg) } : {}), ok: false, errors: n, warnings: 0 });
          issues.push(...located.map((i) => jsonIssue(ctx, i, 'error', i.code === 'ruleset/io' ? arg : undefined)));
          code = Math.max(code, exitCodeOfIssue(error.code));
          if (machine) continue;
          printIssues(ctx, error.issues);
          if (exitCodeOfIssue(error.code) === EXIT_FAILED) ctx.err(`✖ ${arg} is invalid: ${n} problem${n === 1 ? '' : 's'}`);
          else ctx.err(`✖ ${arg} could not be loaded`);
        }
      }

      if (options.sarif) {
        ctx.out(JSON.stringify(toSarif(issues, pkg.version), null, 2));
      } else if (options.json) {
        const json: ValidateJson = {
          ok: code === EXIT_OK,
          strict,
          errors: issues.filter((i) => i.severity === 'error').length,
          warnings: issues.filter((i) => i.severity === 'warning').length,
          rulesets,
          issues,
        };
        ctx.out(JSON.stringify(json, null, 2));
      } else if (files.length > 1) {
        const bad = rulesets.filter((r) => !r.ok).length;
        ctx.out('', bad === 0 ? `✔ ${files.length} rulesets valid` : `✖ ${bad} of ${files.length} rulesets ${strict ? 'invalid or with warnings' : 'invalid'}`);
      }
      return code;
    }),
  );
}
