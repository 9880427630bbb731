/**
 * The browser entry of minsheng-rules: everything that runs without a file system. Load rulesets from
 * text (`parseRuleset`) or from resolved JSON, `compile`, `evaluate`, and explain the result as text or
 * as HTML. Built as an IIFE (`Minsheng` global) for the docs playground and as ESM for bundlers.
 *
 * @example
 * <script src="minsheng.js"></script>
 * <script>
 *   const program = Minsheng.compile(resolvedRulesetJson);
 *   const result = program.evaluate({ totalCost: 12000, ... }, { date: '2025-06-01', trace: true });
 *   document.body.innerHTML = Minsheng.traceHtml(result.trace, { lang: 'both', ruleset: program.ruleset });
 * </script>
 * @module
 */
import type { RuleTrace } from './engine/trace';
import type { EvaluationResult } from './engine/program';
import { explanationHtml as explanationView, traceHtml as traceView, type RulesetInfo } from './docs/trace-view';
import type { FormulaRef } from './docs/formula';
import type { Lang } from './docs/i18n';
import { anchor } from './docs/html';

export { MinshengError, formatIssues, isMinshengError } from './errors';
export type { Issue, IssueCode, SourceSpan } from './errors';
export { RulesetRegistry } from './ruleset/registry';
export { parseRuleset } from './ruleset/parse-api';
export { compile } from './engine/program';
export type { Program, EvaluateOptions, EvaluationResult, Provenance, SafeResult, CompileOptions } from './engine/program';
export type { RuleTrace, TraceUse, TraceBranch, TraceComparison, OutputValue } from './engine/trace';
export type { ResolvedRuleset, ResolvedParameter } from './ruleset/resolved';
export { explain } from './engine/explain';
export { formatValue, formatMoney, formatRate, kindOf } from './docs/format';
export { mountPlayground } from '../playground/app';

/** Options of {@link traceHtml} and {@link explanationHtml}. */
export interface ViewOptions {
  readonly lang?: Lang;
  /** The resolved ruleset (`program.ruleset`): labels, types and sources. */
  readonly ruleset: RulesetInfo;
  /** The URL of the ruleset's docs page: names and citations link to their definitions there. */
  readonly docsPage?: string;
  /** Prefix of the step anchors (default `trace`). */
  readonly idPrefix?: string;
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
  return traceView(trace, viewOptions(options)).value;
}

/**
 * One plain-language sentence per output of a traced result ("… is 500 yuan because … [source]"), as HTML.
 *
 * @example
 * element.innerHTML = explanationHtml(result, { ruleset: program.ruleset, lang: 'zh' });
 */
export function explanationHtml(result: EvaluationResult, options: ViewOptions): string {
  return explanationView(result, viewOptions(options)).value;
}
