/**
 * `minsheng eval <ruleset> <input.json|-> [--date YYYY-MM-DD] [--trace] [--json]` — evaluates one input
 * (or each input of a JSON array) and prints a readable breakdown, or `--json` a stable object
 * `{ outputs, provenance, trace? }` (an array of them for an array input).
 */
import { formatDate, todayInChina } from '../../period/date';
import type { Command } from 'commander';
import { isMinshengError, type Issue, type MinshengError } from '../../errors';
import type { EvaluationResult, Program } from '../../engine/program';
import { explain } from '../../present/explain';
import { ANSI_STYLE } from '../style';
import {
  EXIT_FAILED,
  EXIT_OK,
  addLangOption,
  addRulesetsOption,
  defineAction,
  exitCodesLine,
  loadProgram,
  parseDateOption,
  printIssues,
  readJsonInput,
  usageError,
  type Lang,
  type RulesetOptions,
} from '../shared';

interface EvalOptions extends RulesetOptions {
  date?: string;
  outputs?: string[];
  trace?: boolean;
  json?: boolean;
  lang: Lang;
}

/** Registers `eval` on the program. */
export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('evaluate an input (or a JSON array of inputs) against a ruleset')
    .argument('<ruleset>', 'ruleset file or id')
    .argument('<input>', "input JSON file, '-' for standard input, or JSON text")
    .option('--date <YYYY-MM-DD>', "evaluation date (picks the parameter values in force); default: the ruleset's dateInput, else today", parseDateOption)
    .option('--outputs <names>', 'compute only these rules (comma-separated; repeatable) and what they read', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--trace', 'explain every output: formula, inputs and parameters used (with citations), branches taken')
    .option('--json', 'print { outputs, provenance, trace? } as JSON (an array for an array input)');
  addLangOption(command);
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Money is printed as a string with 2 decimals ("7125.00"). With --json, an input that fails prints
{ "error": { code, message, issues } } in its place.

${exitCodesLine('an input does not evaluate, the input is not JSON, or it is an empty array')}

Examples:
  $ minsheng eval rulesets/bench/settlement.yaml claim.json --date 2025-06-01 --trace
  $ echo '{"hospitalLevel":"2","personCategory":"none","totalCost":12000,"eligibleCost":10000}' \\
      | minsheng eval bench/settlement - --date 2025-06-01 --json
  $ minsheng eval cn/medical/gansu claims.json --json > results.json
  $ minsheng eval cn/medical/gansu claim.json --outputs basicPayRate,eligibleAmount --trace`,
  );
  command.action(
    defineAction<EvalOptions>(async (ctx, [rulesetArg, inputArg], options) => {
      const { value, origin } = await readJsonInput(ctx, inputArg!);
      const { program: compiled } = await loadProgram(ctx, rulesetArg!, options);
      for (const name of options.outputs ?? []) {
        if (compiled.ruleTypes[name] === undefined) {
          throw usageError(`--outputs: no rule named '${name}' in ${compiled.id}@${compiled.version}; its outputs are ${compiled.outputs.join(', ')}`);
        }
      }
      const many = Array.isArray(value);
      const inputs: unknown[] = many ? (value as unknown[]) : [value];
      if (inputs.length === 0) {
        ctx.err(`✖ the input ${origin === '<argument>' ? 'argument' : origin} is an empty array: nothing to evaluate`);
        if (options.json) ctx.out('[]');
        return EXIT_FAILED;
      }
      // Without --date and without a date input in the ruleset, the evaluation is as of today in China (said on stderr).
      const today = formatDate(todayInChina());
      const date = options.date ?? (compiled.ruleset.dateInput ? undefined : today);
      if (!options.date && date) ctx.err(`ℹ no --date given and ${compiled.id} takes no date input: evaluating as of today, ${date}`);
      const evalOptions = {
        ...(date ? { date } : {}),
        ...(options.trace ? { trace: true } : {}),
        ...(options.outputs && options.outputs.length > 0 ? { outputs: options.outputs } : {}),
      };

      const outcomes = inputs.map((input): { result: EvaluationResult } | { error: MinshengError } => {
        try {
          return { result: compiled.evaluate(input, evalOptions) };
        } catch (error) {
          if (!isMinshengError(error)) throw error;
          return { error };
        }
      });

      let code = EXIT_OK;
      const json: unknown[] = [];
      outcomes.forEach((outcome, i) => {
        if ('error' in outcome) {
          code = EXIT_FAILED;
          const issues = outcome.error.issues.map((issue) => locateInput(issue, many ? i : undefined, origin));
          if (many) ctx.err(`input [${i}] of ${inputs.length} could not be evaluated:`);
          printIssues(ctx, issues);
          if (options.json) json.push({ error: { code: outcome.error.code, message: issues[0]!.message, issues } });
          return;
        }
        if (options.json) {
          json.push(toJson(outcome.result));
          return;
        }
        if (many) {
          if (i > 0) ctx.out('');
          ctx.out(`── ${i + 1}/${inputs.length} ${'─'.repeat(Math.max(0, ctx.width - 10 - String(inputs.length).length * 2))}`);
        }
        ctx.out(...human(outcome.result, compiled, options, ctx.width, ctx.color));
      });
      if (options.json) ctx.out(JSON.stringify(many ? json : json[0], null, 2));
      return code;
    }),
  );
}

/** The stable JSON shape: outputs, provenance, then trace when asked for. */
function toJson(result: EvaluationResult): { outputs: unknown; provenance: unknown; trace?: unknown } {
  return { outputs: result.outputs, provenance: result.provenance, ...(result.trace ? { trace: result.trace } : {}) };
}

function human(result: EvaluationResult, program: Program, options: EvalOptions, width: number, color: boolean): string[] {
  return explain(result, { lang: options.lang, program, width, ...(color ? { style: ANSI_STYLE } : {}) });
}

/** An input problem: say which input (array index) and which file it came from. */
function locateInput(issue: Issue, index: number | undefined, origin: string): Issue {
  if (issue.file || (!issue.code.startsWith('input/') && !issue.code.startsWith('value/')) || issue.path?.[0] === 'date') return issue;
  const path = index === undefined ? issue.path : [index, ...(issue.path ?? [])];
  return { ...issue, ...(path ? { path } : {}), ...(origin.startsWith('<') ? {} : { file: origin }) };
}
