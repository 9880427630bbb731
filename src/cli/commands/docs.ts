/**
 * `minsheng docs <ruleset|dir…> --out DIR [--lang zh|en|both] [--clean] [--check]` — generates the static
 * docs site (HTML with a playground, and Markdown for repositories) of the rulesets named or found
 * under the folders. No server and no network are needed to read it: open DIR/index.html.
 */
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDirectory } from '../../node/cases-files';
import { compareSite, generateDocs, writeSite } from '../../node/site-fs';
import type { Lang } from '../../docs/i18n';
import { MinshengError } from '../../errors';
import { EXIT_FAILED, EXIT_OK, defineAction, exitCodeOfIssue, exitCodesLine, expandRulesetTargets, looksLikeRulesetId, printIssues, shownPath, usageError } from '../shared';

interface DocsOptions {
  out?: string;
  lang: Lang;
  markdown: boolean;
  playground: boolean;
  clean?: boolean;
  check?: boolean;
}

/** Registers `docs` on the program. */
export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('generate the static docs site of rulesets (HTML + Markdown, with a browser playground)')
    .argument('<rulesets...>', 'ruleset files and/or folders of rulesets')
    .option('--out <dir>', 'folder to write the site to (required)')
    .addOption(new Option('--lang <lang>', 'page language: Chinese, English or both side by side').choices(['zh', 'en', 'both']).default('both'))
    .option('--no-markdown', 'HTML only (no .md pages)')
    .option('--no-playground', 'leave out the playground page and the browser bundle')
    .option('--clean', 'delete pages in DIR that are not generated any more (only in a folder a previous run wrote)')
    .option('--check', 'write nothing: exit 1 when the site in DIR is not what would be generated')
    .addHelpText(
      'after',
      `
Examples:
  $ minsheng docs rulesets --out docs/rules --clean
  $ minsheng docs rulesets/cn/medical/gansu.yaml --out site --lang en
  $ minsheng docs rulesets --out docs/rules --check     # in CI: are the committed docs up to date?

Rulesets that do not load are left out of the site (exit 1).
${exitCodesLine('a ruleset is invalid, a folder holds none, or --check finds the site out of date')}`,
    )
    .action(
      defineAction<DocsOptions>(async (ctx, targets, options) => {
        if (!options.out) throw usageError('docs needs --out DIR (the folder to write the site to)');
        if (existsSync(options.out) && !isDirectory(options.out)) throw usageError(`--out ${options.out} is a file, not a folder`);
        // A target that names nothing: say so before reading anything (its folder is not searched).
        const missing = targets.filter((t) => !existsSync(t) && !looksLikeRulesetId(t));
        if (missing.length > 0) throw new MinshengError(missing.map((t) => ({ code: 'ruleset/io' as const, message: `no such ruleset file or folder: ${t}`, file: t })));
        const empty = expandRulesetTargets(targets).empty;
        for (const dir of empty) ctx.err(`✖ no ruleset files under ${shownPath(ctx, dir)}: nothing to document there`);
        const { files, docs, issues } = await generateDocs(targets, { lang: options.lang, markdown: options.markdown, playground: options.playground });
        if (issues.length > 0) {
          ctx.err(`✖ ${issues.length} problem(s): these rulesets are left out of the site`);
          printIssues(ctx, issues);
        }
        // Could not read a target: 2; an invalid ruleset or a folder without any: 1.
        const failed = Math.max(empty.length > 0 ? EXIT_FAILED : EXIT_OK, ...issues.map((i) => exitCodeOfIssue(i.code)));
        if (docs.length === 0) {
          if (issues.length === 0 && empty.length === 0) ctx.err(`✖ no ruleset found in ${targets.join(', ')}: nothing to document`);
          ctx.err(`✖ no site written`);
          return Math.max(failed, EXIT_FAILED);
        }
        const out = resolve(options.out);
        if (options.check) {
          const stale = compareSite(files, out);
          if (stale.length === 0) {
            ctx.out(`✓ ${shownPath(ctx, out)} is up to date (${files.size} files, ${docs.length} rulesets)`);
            return failed;
          }
          ctx.out(`✖ ${shownPath(ctx, out)} is out of date: ${stale.length} file(s) differ — regenerate with minsheng docs … --out ${options.out} --clean`);
          for (const s of stale.slice(0, 20)) ctx.out(`  ${s.status} ${s.path}`);
          return Math.max(failed, EXIT_FAILED);
        }
        const written = writeSite(files, out, { clean: options.clean === true });
        const failing = docs.reduce((n, d) => n + d.cases.filter((c) => !c.result.passed).length, 0);
        ctx.out(
          `${failed === EXIT_OK ? '✓' : '!'} ${docs.length} ruleset(s), ${files.size} files in ${shownPath(ctx, out)} (${written.length} written, ${files.size - written.length} unchanged)`,
          `  open ${shownPath(ctx, resolve(out, 'index.html'))} in a browser (no server needed)`,
        );
        if (failing > 0) ctx.err(`! ${failing} worked example(s) do not pass; their pages say so`);
        return failed;
      }),
    );
}
