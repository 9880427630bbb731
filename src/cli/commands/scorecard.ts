/**
 * `minsheng scorecard <targets> <indicators.csv> [--as-of YEAR] [--json] [--html FILE]` — a region's
 * indicator series against a set of policy targets (rulesets/cn/targets/national.yaml): per target the
 * current value, target, deadline and status (met / on track / behind / past deadline).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { MinshengError } from '../../errors';
import { parseIndicatorCsv, parseTargetSet, scorecard } from '../../compare/scorecard';
import { scorecardHtml, scorecardText } from '../../docs/scorecard-render';
import { EXIT_FAILED, EXIT_OK, addLangOption, checkWritableFile, defineAction, exitCodesLine, shownPath, usageError, writeFileAtomically, type Lang } from '../shared';

interface ScorecardOptions {
  asOf?: string;
  json?: boolean;
  html?: string;
  lang: Lang;
}

/** Files larger than this are refused before reading (a target set or a series is small). */
const MAX_BYTES = 10 * 1024 * 1024;

function readText(path: string): string {
  try {
    if (statSync(path).size > MAX_BYTES) throw new MinshengError({ code: 'io/format', message: `${path} is larger than ${MAX_BYTES} bytes`, path: [], file: path });
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof MinshengError) throw e;
    const code = (e as { code?: string }).code;
    throw new MinshengError({ code: 'io/read', message: `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(e)}`, path: [], file: path });
  }
}

/** Registers `scorecard` on the program. */
export function registerScorecard(program: Command): void {
  const command = program
    .command('scorecard')
    .description("a region's indicator series against policy targets: current value, target, deadline, status")
    .argument('<targets>', 'a target set (YAML), e.g. rulesets/cn/targets/national.yaml')
    .argument('<indicators>', 'CSV with the columns indicator,year,value (# lines are comments)')
    .option('--as-of <year>', 'read the card as of this year (default: each indicator\'s latest figure)')
    .option('--json', 'print the scorecard as JSON')
    .option('--html <file>', 'also write an HTML page with a chart per target');
  addLangOption(command);
  command.addHelpText(
    'after',
    `
Status: met (the latest figure reaches the target), past deadline (not met and the deadline year has come),
on track / behind (at or short of the straight line from the first figure to the target at the deadline),
not met (no deadline), too few figures (one figure or none before the deadline).

${exitCodesLine('a target is behind or past its deadline')}

Example:
  $ minsheng scorecard rulesets/cn/targets/national.yaml examples/scorecard/example-region.indicators.csv --html card.html`,
  );
  command.action(
    defineAction<ScorecardOptions>((ctx, [targetsPath, csvPath], options) => {
      let asOf: number | undefined;
      if (options.asOf !== undefined) {
        if (!/^\d{4}$/.test(options.asOf)) throw usageError(`--as-of must be a year such as 2026, got '${options.asOf.slice(0, 20)}'`);
        asOf = Number(options.asOf);
      }
      if (options.html) checkWritableFile(options.html, '--html');
      let data: unknown;
      try {
        data = parse(readText(targetsPath!), { maxAliasCount: 100 });
      } catch (e) {
        if (e instanceof MinshengError) throw e;
        throw new MinshengError({ code: 'ruleset/syntax', message: `${targetsPath} is not YAML: ${(e as Error).message.split('\n')[0]}`, path: [], file: targetsPath! });
      }
      let set;
      try {
        set = parseTargetSet(data);
      } catch (e) {
        if (e instanceof MinshengError) throw new MinshengError(e.issues.map((i) => ({ ...i, file: targetsPath! })));
        throw e;
      }
      const csvText = readText(csvPath!);
      const card = scorecard(set, parseIndicatorCsv(csvText, csvPath), asOf !== undefined ? { asOf } : {});
      const example = /EXAMPLE DATA/i.test(csvText.slice(0, 2000));
      const note = example ? `EXAMPLE DATA — ${shownPath(ctx, csvPath!)} is marked as example figures, not published ones` : undefined;
      if (options.html) {
        writeFileAtomically(options.html, scorecardHtml(card, { lang: options.lang, set, ...(note ? { dataNote: note } : {}) }));
        ctx.err(`✓ wrote ${shownPath(ctx, options.html)}`);
      }
      if (options.json) ctx.out(JSON.stringify(card, null, 2));
      else ctx.out(...(note ? [note, ''] : []), ...scorecardText(card, options.lang));
      return card.results.some((r) => r.status === 'behind' || r.status === 'past-deadline') ? EXIT_FAILED : EXIT_OK;
    }),
  );
}
