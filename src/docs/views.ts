/**
 * The trace and explanation views of the docs site, for pages of your own (the playground uses them):
 * HTML strings with every ruleset and input string escaped.
 */
import { requireArgument, nestsDeeperThan } from '../errors';
import type { EvaluationResult } from '../engine/program';
import type { RuleTrace } from '../engine/trace';
import type { FormulaRef } from './formula';
import { anchor } from './html';
import type { ExplainLanguage } from '../present/explain';
import type { ResolvedRuleset } from '../ruleset/resolved';
import { explanationHtml as explanationView, traceHtml as traceView } from './trace-view';

/** Options of {@link traceHtml} and {@link explanationHtml}. */
export interface ViewOptions {
  readonly lang?: ExplainLanguage;
  /** The resolved ruleset (`program.ruleset`): labels, types and sources. */
  readonly ruleset: ResolvedRuleset;
  /** The URL of the ruleset's docs page: names and citations link to their definitions there. */
  readonly docsPage?: string;
  /** Prefix of the step anchors (default `trace`). */
  readonly idPrefix?: string;
  /** {@link explanationHtml} only: which output rules get a sentence (default all). */
  readonly include?: (rule: RuleTrace) => boolean;
}

function viewOptions(o: ViewOptions) {
  const page = o.docsPage;
  const prefix: Record<FormulaRef['kind'], string> = { rule: 'rule', param: 'param', input: 'input' };
  return {
    lang: o.lang ?? 'both',
    ruleset: o.ruleset,
    defHref: (ref: FormulaRef) => (page ? `${page}#${anchor(prefix[ref.kind], ref.name)}` : undefined),
    sourceHref: (id: string) => (page ? `${page}#${anchor('source', id)}` : undefined),
    idPrefix: o.idPrefix ?? 'trace',
  } as const;
}

/**
 * The full trace as HTML (every string escaped): each rule with its value, formula, branches and what it read.
 *
 * @example
 * element.innerHTML = traceHtml(result.trace, { ruleset: program.ruleset, lang: 'en' });
 */
export function traceHtml(trace: readonly RuleTrace[], options: ViewOptions): string {
  requireArgument(Array.isArray(trace) && trace.every((t) => typeof t === 'object' && t !== null) && !nestsDeeperThan(trace, 64), 'traceHtml', 'trace', 'a trace (result.trace: a list of rule steps)', trace);
  checkViewOptions('traceHtml', options);
  return traceView(trace, viewOptions(options)).value;
}

/**
 * One plain-language sentence per output of a traced result ("… is 500 yuan because … [source]"), as HTML.
 *
 * @example
 * element.innerHTML = explanationHtml(result, { ruleset: program.ruleset, lang: 'zh' });
 */
export function explanationHtml(result: EvaluationResult, options: ViewOptions): string {
  requireArgument(
    typeof result === 'object' && result !== null && (result.trace === undefined || (Array.isArray(result.trace) && !nestsDeeperThan(result.trace, 64))),
    'explanationHtml',
    'result',
    'an evaluation result (program.evaluate(…, { trace: true }))',
    result,
  );
  checkViewOptions('explanationHtml', options);
  const include = options.include;
  const shown = include && result.trace ? { ...result, trace: result.trace.filter((r) => !r.output || include(r)) } : result;
  return explanationView(shown, viewOptions(options)).value;
}

/**
 * The anchor of a definition on a generated ruleset page (`minsheng docs`), for links into the docs.
 *
 * @example
 * `${page}#${docsAnchor('rule', 'basicPaid')}`; //=> 'nanchang.html#rule-basicPaid'
 */
export function docsAnchor(kind: 'rule' | 'param' | 'input' | 'source', name: string): string {
  return anchor(kind, name);
}

function checkViewOptions(fn: string, options: unknown): void {
  const o = options as Partial<ViewOptions> | null | undefined;
  requireArgument(typeof o === 'object' && o !== null && typeof o.ruleset === 'object' && o.ruleset !== null, fn, 'options', 'an object { ruleset: program.ruleset, lang?, docsPage?, idPrefix? }', options);
}
