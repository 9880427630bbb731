/**
 * `minsheng types <ruleset…> [--out DIR]` — writes the TypeScript declarations of each ruleset (its input
 * and outputs as types, see present/typings) to DIR/<id>.d.ts, or prints the one ruleset's to stdout.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { isDirectory } from '../../node/cases-files';
import { dirname, join, resolve } from 'node:path';
import { isMinshengError, type Issue } from '../../errors';
import { rulesetTypings } from '../../present/typings';
import { EXIT_FAILED, EXIT_OK, addRulesetsOption, defineAction, exitCodeOfIssue, exitCodesLine, expandRulesetTargets, loadProgram, printIssues, shownPath, usageError, writeFileAtomically, type RulesetOptions } from '../shared';

interface TypesOptions extends RulesetOptions {
  out?: string;
  json?: boolean;
}

/** Registers `types` on the program. */
export function registerTypes(program: Command): void {
  const command = program
    .command('types')
    .description('generate TypeScript declarations (.d.ts) of rulesets: input and output types for compile<Types>()')
    .argument('<rulesets...>', 'ruleset files, ids, or folders of rulesets')
    .option('--out <dir>', 'write DIR/<id>.d.ts for each ruleset (without it: print the one ruleset to standard output)')
    .option('--json', 'print { written: [{ id, version, file }], issues } as JSON (with --out)');
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Examples:
  $ minsheng types rulesets/cn/medical/nanchang.yaml --out src/types
  $ minsheng types cn/medical/nanchang > nanchang.d.ts
  $ minsheng types rulesets --out dist/types          # every ruleset under a folder

Then: import type { Types } from './types/cn/medical/nanchang';
      const program = compile<Types>(await loadRuleset('cn/medical/nanchang'));
      program.evaluate(input).outputs.basicPaid;   // Money; a misspelled name is a compile error

${exitCodesLine('a ruleset is invalid, or a folder holds none')}`,
  );
  command.action(
    defineAction<TypesOptions>(async (ctx, targets, options) => {
      const { files, dirs, empty } = expandRulesetTargets(targets);
      if (!options.out && files.length !== 1) throw usageError('types prints one ruleset to standard output: give --out DIR for several');
      if (options.json && !options.out) throw usageError('--json reports the files written: give --out DIR');
      if (options.out && existsSync(options.out) && !isDirectory(options.out)) throw usageError(`--out ${options.out} is a file, not a folder`);
      const issues: Issue[] = [];
      const written: { id: string; version: string; file: string }[] = [];
      for (const dir of empty) ctx.err(`✖ no ruleset files under ${shownPath(ctx, dir)}: nothing to generate there`);
      for (const target of files) {
        try {
          // A folder's rulesets may extend each other: find parents there too.
          const { program: compiled } = await loadProgram(ctx, target, { ...options, rulesets: [...(options.rulesets ?? []), ...dirs] });
          const text = rulesetTypings(compiled, { command: `minsheng types ${target}` });
          if (!options.out) {
            ctx.out(text.replace(/\n$/, ''));
            return EXIT_OK;
          }
          const out = resolve(options.out);
          const file = join(out, `${compiled.id}.d.ts`);
          // An id is a path of names (`cn/medical/nanchang`); refuse one that would write outside DIR.
          if (!file.startsWith(`${out}/`) || compiled.id.split('/').some((part) => part === '..' || part === '')) {
            throw usageError(`ruleset id ${JSON.stringify(compiled.id)} is not a file name under --out`);
          }
          mkdirSync(dirname(file), { recursive: true });
          writeFileAtomically(file, text);
          written.push({ id: compiled.id, version: compiled.version, file: shownPath(ctx, file) });
        } catch (error) {
          if (!isMinshengError(error)) throw error;
          issues.push(...error.issues);
        }
      }
      if (options.json) ctx.out(JSON.stringify({ written, issues }, null, 2));
      else {
        for (const w of written) ctx.out(`✓ ${w.id}@${w.version} → ${w.file}`);
        if (issues.length > 0) printIssues(ctx, issues);
      }
      // Could not read a ruleset: 2; an invalid one or a folder without any: 1.
      return Math.max(empty.length > 0 || (written.length === 0 && issues.length === 0) ? EXIT_FAILED : EXIT_OK, ...issues.map((i) => exitCodeOfIssue(i.code)));
    }),
  );
}
