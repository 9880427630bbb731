/**
 * `minsheng explain <claim.json> --ruleset <file|id> [--letter] [--out file.html] [--pdf file.pdf]` — explains
 * one evaluation in words (no formula syntax): each output with the reason and its legal source; with
 * `--letter`, the one-page settlement letter (结算说明) as HTML, and with `--pdf` printed to PDF through
 * headless Chromium (playwright-core, when installed).
 */
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { settlementLetterHtml } from '../../docs/letter';
import { citationText, citationWords, ruleWords, ruleWordsText, type WordsLanguage } from '../../present/words';
import { wrap } from '../../present/text-layout';
import {
  EXIT_FAILED,
  EXIT_OK,
  addRulesetsOption,
  checkWritableFile,
  defineAction,
  exitCodesLine,
  loadProgram,
  parseDateOption,
  readJsonInput,
  shownPath,
  usageError,
  writeFileAtomically,
  type RulesetOptions,
} from '../shared';

interface ExplainOptions extends RulesetOptions {
  ruleset?: string;
  date?: string;
  letter?: boolean;
  out?: string;
  pdf?: string;
  chromium: string;
  lang: WordsLanguage;
}

/** Registers `explain` on the program. */
export function registerExplain(program: Command): void {
  const command = program
    .command('explain')
    .description('explain one evaluation in words, with the legal source of every figure; --letter: the settlement letter (结算说明)')
    .argument('<input>', "the claim (input JSON file, '-' for standard input, or JSON text)")
    .requiredOption('--ruleset <file|id>', 'the ruleset to evaluate the claim with (a file or a bundled id such as cn/medical/nanchang)')
    .option('--date <YYYY-MM-DD>', "evaluation date; default: the ruleset's dateInput", parseDateOption)
    .option('--letter', 'write the one-page settlement letter as HTML (to standard output, or --out)')
    .option('--out <file>', 'with --letter: write the HTML to this file')
    .option('--pdf <file>', 'with --letter: also print it to PDF through headless Chromium (needs playwright-core)')
    .option('--chromium <path>', 'the Chromium executable for --pdf', '/usr/bin/chromium')
    .addOption(new Option('--lang <lang>', 'language of the explanation or letter').choices(['zh', 'en']).default('zh'));
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
${exitCodesLine('the claim does not evaluate, or is not JSON')}

Examples:
  $ minsheng explain examples/claim-nanchang.json --ruleset cn/medical/nanchang
  $ minsheng explain examples/claim-nanchang.json --ruleset cn/medical/nanchang --letter --out letter.html --pdf letter.pdf
  $ minsheng explain claim.json --ruleset rulesets/cn/medical/shenzhen-employee.yaml --letter --lang en > letter.html`,
  );
  command.action(
    defineAction<ExplainOptions>(async (ctx, [inputArg], options) => {
      if ((options.out || options.pdf) && !options.letter) throw usageError('--out and --pdf go with --letter');
      if (options.out) checkWritableFile(options.out, '--out');
      if (options.pdf) checkWritableFile(options.pdf, '--pdf');
      const { value } = await readJsonInput(ctx, inputArg!);
      if (Array.isArray(value) && value.length === 0) {
        ctx.err('✖ the input is an empty array: nothing to explain');
        return EXIT_FAILED;
      }
      if (Array.isArray(value)) throw usageError('explain takes one claim (a JSON object), not an array');
      const { program: compiled } = await loadProgram(ctx, options.ruleset!, options);
      const result = compiled.evaluate(value, { ...(options.date ? { date: options.date } : {}), trace: true });
      const lang = options.lang;
      if (!options.letter) {
        const trace = result.trace ?? [];
        const cited = new Set<string>();
        for (const rule of trace) {
          if (!rule.output) continue;
          ctx.out(...wrap(ruleWordsText(ruleWords(rule, compiled.ruleset, lang, trace), lang), ctx.width), '');
          if (rule.source) cited.add(rule.source);
        }
        ctx.out(lang === 'zh' ? '依据：' : 'Sources:');
        for (const id of cited) ctx.out(...wrap(`  ${citationText(citationWords(compiled.ruleset, id, lang), lang)}`, ctx.width));
        const p = result.provenance;
        ctx.out('', `${p.ruleset}@${p.version} · ${p.date} · ${p.hash}`);
        return EXIT_OK;
      }
      const page = settlementLetterHtml(result, { ruleset: compiled.ruleset, lang, input: value as Record<string, unknown> });
      if (options.out) {
        writeFileAtomically(options.out, page);
        ctx.err(`✔ settlement letter written to ${shownPath(ctx, options.out)}`);
      } else if (!options.pdf) ctx.out(page);
      if (options.pdf) {
        await printPdf(page, options.pdf, options.chromium);
        ctx.err(`✔ PDF written to ${shownPath(ctx, options.pdf)}`);
      }
      return EXIT_OK;
    }),
  );
}

/** The part of playwright-core's API --pdf uses. */
interface Playwright {
  readonly chromium: {
    launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<{
      newPage(): Promise<{
        route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
        setContent(html: string, options: { waitUntil: 'load' }): Promise<void>;
        pdf(options: { path: string; format: string; printBackground: boolean; preferCSSPageSize: boolean }): Promise<unknown>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

/** Prints the letter to an A4 PDF in headless Chromium (playwright-core is an optional dependency). */
async function printPdf(page: string, file: string, chromium: string): Promise<void> {
  if (!existsSync(chromium)) throw usageError(`--pdf needs Chromium: no executable at ${chromium} (give one with --chromium)`);
  let playwright: Playwright;
  try {
    // A computed specifier keeps the bundler from inlining the optional package into the CLI.
    const name = 'playwright-core';
    playwright = (await import(name)) as Playwright;
  } catch {
    throw usageError('--pdf needs the package playwright-core (npm install playwright-core)');
  }
  const browser = await playwright.chromium.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await browser.newPage();
    // The letter loads nothing: block every request so printing cannot reach the network.
    await tab.route('**/*', (route) => route.abort());
    await tab.setContent(page, { waitUntil: 'load' });
    await tab.pdf({ path: resolve(file), format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
