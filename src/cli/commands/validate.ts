/**
 * `minsheng validate <ruleset...>` — loads each ruleset (by path or id), resolves its `extends` chain
 * and compiles it; prints every problem with file, path and line/column; exit 1 when any is invalid.
 */
import type { Command } from 'commander';
import { formatPath, isMinshengError } from '../../errors';
import {
  EXIT_FAILED,
  EXIT_OK,
  addRulesetsOption,
  defineAction,
  loadProgram,
  printIssues,
  shownPath,
  type RulesetOptions,
} from '../shared';

/** Registers `validate` on the program. */
export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('check ruleset files: schema, extends chain, formulas (types, names, cycles)')
    .argument('<ruleset...>', 'ruleset file(s) or id(s)');
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Prints every problem as
  ✖ [code] message
    → at file: path (line, column)
with the line of the file it is on. Exit 1 when a ruleset is invalid.

Examples:
  $ minsheng validate rulesets/cn/medical/gansu.yaml
  $ minsheng validate my-city.yaml --rulesets ./regional
  $ minsheng validate cn/medical/national`,
  );
  command.action(
    defineAction<RulesetOptions>(async (ctx, rulesets, options) => {
      let code = EXIT_OK;
      for (const arg of rulesets) {
        try {
          const { program: p, resolved, file } = await loadProgram(ctx, arg, options);
          const where = file ? shownPath(ctx, file) : arg;
          const rules = Object.keys(resolved.rules).length;
          const parts = [
            `${Object.keys(resolved.inputs).length} inputs`,
            `${Object.keys(resolved.parameters).length} parameters`,
            `${rules} rules (${p.outputs.length} outputs)`,
            `${resolved.tests.length} test cases`,
          ];
          ctx.out(`✔ ${p.id}@${p.version} is valid — ${where}`, `  ${parts.join(' · ')}`);
          if (resolved.chain.length > 1) ctx.out(`  extends ${resolved.chain.map((l) => `${l.id}@${l.version}`).join(' → ')}`);
          for (const warning of p.warnings) {
            ctx.out(`  ⚠ [${warning.code}] ${warning.message}`, `    → at ${warning.file ?? where}: ${formatPath(warning.path)}`);
          }
        } catch (error) {
          if (!isMinshengError(error)) throw error;
          printIssues(ctx, error.issues);
          const n = error.issues.length;
          ctx.err(`✖ ${arg} is invalid: ${n} problem${n === 1 ? '' : 's'}`);
          code = EXIT_FAILED;
        }
      }
      return code;
    }),
  );
}
