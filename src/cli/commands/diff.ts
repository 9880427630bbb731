/**
 * `minsheng diff <rulesetA> <rulesetB> [--cases FILE | --population N] [--date D] [--json] [--html FILE]`
 * — the semantic difference of two rulesets (rules and parameters added, removed or changed, with
 * effective dates, citations and layers) and its impact on a population of inputs: per output, how many
 * gain, lose or stay, by how much in total and in distribution.
 */
import type { Command } from 'commander';
import { diffRulesets } from '../../compare/diff';
import { diffHtml, diffText } from '../../docs/diff-render';
import { inputValidator, measureImpact, type Impact, type PopulationInfo, type PopulationItem } from '../../compare/impact';
import { DEFAULT_POPULATION_SEED, validSyntheticInputs } from '../../compare/population';
import { loadPopulation } from '../../node/population-file';
import type { ResolvedRuleset } from '../../ruleset/resolved';
import {
  EXIT_FAILED,
  EXIT_OK,
  addLangOption,
  checkWritableFile,
  exitCodesLine,
  writeFileAtomically,
  addRulesetsOption,
  defineAction,
  loadProgram,
  parseDateOption,
  shownPath,
  usageError,
  type Lang,
  type RulesetOptions,
} from '../shared';

interface DiffOptions extends RulesetOptions {
  cases?: string;
  population?: string;
  seed?: string;
  date?: string;
  json?: boolean;
  html?: string;
  by?: string;
  progress: boolean;
  impact: boolean;
  lang: Lang;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000_000) throw usageError(`${name} must be a whole number from 1 to 10,000,000, got '${value}'`);
  return Number(value);
}

/** The latest date any value of either ruleset takes effect: when both are fully in force. */
export function latestEffectiveDate(...rulesets: readonly ResolvedRuleset[]): string {
  let latest = '1900-01-01';
  for (const r of rulesets) {
    if (r.validity && r.validity.from > latest) latest = r.validity.from;
    for (const p of Object.values(r.parameters)) for (const v of p.values) if (v.from > latest) latest = v.from;
  }
  return latest;
}

/** Registers `diff` on the program. */
export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .description('semantic diff of two rulesets (two versions, or a region against its parent) and its impact on inputs')
    .argument('<rulesetA>', 'the old ruleset (file or id, e.g. cn/medical/national)')
    .argument('<rulesetB>', 'the new ruleset (file or id)')
    .option('--cases <file>', 'inputs to measure the impact on: a cases YAML/JSON file, or a JSONL/CSV file of inputs')
    .option('--population <n>', 'measure the impact on N seeded synthetic inputs generated from the declared input types')
    .option('--seed <n>', `seed of the synthetic population (default ${DEFAULT_POPULATION_SEED})`)
    .option('--date <YYYY-MM-DD>', 'evaluation date for inputs without one (default: the latest date a value of either ruleset takes effect)', parseDateOption)
    .option('--by <input>', 'break the impact down by an enum input, e.g. --by hospitalLevel')
    .option('--no-progress', 'no progress bar (it is only shown when standard error is a terminal)')
    .option('--no-impact', 'only the rule and parameter differences')
    .option('--json', 'print { diff, impact } as JSON')
    .option('--html <file>', 'also write the diff as an HTML page with SVG charts');
  addLangOption(command);
  addRulesetsOption(command);
  command.addHelpText(
    'after',
    `
Without --cases or --population the impact is measured on the test cases of both rulesets. Rows of
--cases that cannot be read are reported and left out (exit 1).

${exitCodesLine('a ruleset is invalid, rows of --cases cannot be read, or no input could be compared')}

Examples:
  $ minsheng diff cn/medical/national cn/medical/nanchang --population 1000 --html diff.html
  $ minsheng diff cn/medical/nanchang examples/regional/example-county.yaml \\
      --population 2000 --by hospitalLevel --html county.html
  $ minsheng diff rulesets/bench/settlement.yaml my/settlement-2026.yaml --cases claims.jsonl --json`,
  );
  command.action(
    defineAction<DiffOptions>(async (ctx, [argA, argB], options) => {
      const population = positiveInt(options.population, '--population');
      const seed = positiveInt(options.seed, '--seed') ?? DEFAULT_POPULATION_SEED;
      if (population !== undefined && options.cases) throw usageError('give either --cases or --population, not both');
      if (options.html) checkWritableFile(options.html, '--html');
      const a = await loadProgram(ctx, argA!, options);
      const b = await loadProgram(ctx, argB!, options);
      const diff = diffRulesets(a.resolved, b.resolved);
      if (options.by !== undefined) {
        const decl = b.resolved.inputs[options.by] ?? a.resolved.inputs[options.by];
        if (decl?.type !== 'enum') {
          const enums = [...new Set([...Object.entries(a.resolved.inputs), ...Object.entries(b.resolved.inputs)].filter(([, d]) => d.type === 'enum').map(([n]) => n))];
          throw usageError(`--by must name an enum input of the rulesets (${enums.join(', ') || 'they have none'}), got '${options.by.slice(0, 60)}'`);
        }
      }
      // A progress line on a terminal only (the process's own stderr; never in tests or pipes).
      const progressOn = options.progress && ctx.io.env === process.env && process.stderr.isTTY === true;
      const progress = (what: string) => (done: number, total: number) => {
        if (!progressOn) return;
        const width = 24;
        const filled = Math.round((done / Math.max(1, total)) * width);
        process.stderr.write(`\r${what} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
      };

      let impact: Impact | undefined;
      let code = EXIT_OK;
      const problems: string[] = [];
      if (options.impact) {
        let items: PopulationItem[];
        let info: PopulationInfo;
        let date = options.date;
        if (options.cases) {
          const loaded = await loadPopulation(options.cases, { ...a.resolved.inputs, ...b.resolved.inputs });
          for (const p of loaded.problems.slice(0, 20)) ctx.err(`✖ ${shownPath(ctx, options.cases)} line ${p.line}: ${p.message} (left out)`);
          if (loaded.problems.length > 20) ctx.err(`✖ … and ${loaded.problems.length - 20} more rows left out`);
          if (loaded.problems.length > 0) problems.push(`${loaded.problems.length} row(s) of ${shownPath(ctx, options.cases)} could not be read and were left out`);
          items = loaded.items;
          if (items.length === 0) problems.push(`no input in ${shownPath(ctx, options.cases)}: nothing to measure the impact on`);
          info = { kind: 'file', description: `${items.length} inputs from ${shownPath(ctx, options.cases)}${loaded.problems.length ? ` (${loaded.problems.length} unreadable rows left out)` : ''}` };
        } else if (population !== undefined) {
          date ??= latestEffectiveDate(a.resolved, b.resolved);
          const dateInput = b.resolved.dateInput ?? a.resolved.dateInput;
          const generated = validSyntheticInputs(
            { ...a.resolved.inputs, ...b.resolved.inputs },
            { count: population, seed, date, ...(dateInput ? { dateInput } : {}), validate: inputValidator([a.program, b.program], date), onProgress: progress('generating') },
          );
          items = generated.inputs.map((input, i) => ({ input, label: `#${i + 1}` }));
          const refused = Object.entries(generated.rejected).map(([c, n]) => `${c} ${n}`).join(', ');
          info = {
            kind: 'synthetic',
            description: `${population} synthetic inputs valid for both rulesets (seed ${seed}; ${generated.drawn - population} draws refused by their input checks and drawn again${refused ? `: ${refused}` : ''})`,
            seed,
          };
        } else {
          const seen = new Set<string>();
          items = [];
          for (const t of [...a.resolved.tests, ...b.resolved.tests]) {
            const key = JSON.stringify([t.date, t.input]);
            if (seen.has(key)) continue;
            seen.add(key);
            items.push({ input: t.input, ...(t.date ? { date: t.date } : {}), label: t.name });
          }
          info = { kind: 'cases', description: `${items.length} test cases of both rulesets` };
        }
        if (items.length > 0) {
          impact = measureImpact(a.program, b.program, items, { population: info, ...(date ? { date } : {}), ...(options.by !== undefined ? { by: options.by } : {}), onProgress: progress('evaluating') });
          // Inputs the user gave that neither side could evaluate: nothing was compared.
          if (info.kind !== 'cases' && impact.evaluated + impact.partial === 0) problems.push(`none of the ${items.length} inputs evaluated on both rulesets: nothing was compared`);
        }
      }
      if (problems.length > 0) code = EXIT_FAILED;

      if (options.html) {
        const byDecl = options.by !== undefined ? (b.resolved.inputs[options.by] ?? a.resolved.inputs[options.by]) : undefined;
        const byLabels = byDecl?.type === 'enum' ? byDecl.labels : undefined;
        writeFileAtomically(options.html, diffHtml(diff, impact, { lang: options.lang, ...(byLabels ? { byLabels } : {}) }));
        ctx.err(`✓ wrote ${shownPath(ctx, options.html)}`);
      }
      if (options.json) ctx.out(JSON.stringify({ diff, ...(impact ? { impact } : {}), ...(problems.length > 0 ? { problems } : {}) }, null, 2));
      else ctx.out(...diffText(diff, impact, { lang: options.lang, color: ctx.color }));
      for (const p of problems) ctx.err(`✖ ${p}`);
      return code;
    }),
  );
}
