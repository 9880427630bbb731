/**
 * An evaluation for people: a plain-language sentence per output ("the deductible is 500 yuan
 * because … [source]") in Chinese and English, and the full trace as a list of steps with every value
 * read, linked to the definitions. Used by the generated worked examples and by the browser playground.
 * Pure (no DOM, no Node APIs); every string from a ruleset or an input is escaped.
 */
import type { EvaluationResult } from '../engine/program';
import type { RuleTrace, TraceUse } from '../engine/trace';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { Label } from '../ruleset/schema';
import { formatValue, formatWithUnit, inputValueText } from '../present/format';
import { tidyFormula, type RefHref } from './formula';
import { anchor, html, join, type Html } from './html';
import { bi, label as biLabel, type Lang } from './i18n';
import { mdText } from './markdown';

/** What a trace view needs to know about the ruleset (a {@link ResolvedRuleset} has all of it). */
export type RulesetInfo = Pick<ResolvedRuleset, 'inputs' | 'parameters' | 'rules' | 'sources'>;

/** Options of the trace views. */
export interface TraceViewOptions {
  readonly lang: Lang;
  readonly ruleset: RulesetInfo;
  /** Where a rule/parameter/input name links to (its definition). */
  readonly defHref: RefHref;
  /** Where a citation links to (undefined → not linked). */
  readonly sourceHref: (id: string) => string | undefined;
  /** Prefix of the step anchors, unique on the page (e.g. `case-3`). */
  readonly idPrefix: string;
}

/** A piece of a sentence: text, or text that links somewhere (a definition, a citation). */
export type Piece = string | { readonly text: string; readonly href?: string | undefined; readonly strong?: boolean; readonly cite?: boolean };

// ───────────────────────────── kinds and labels ─────────────────────────────

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function useLabel(use: TraceUse, info: RulesetInfo): Label | undefined {
  if (use.kind === 'input') return own(info.inputs, use.name)?.label;
  if (use.kind === 'parameter') return own(info.parameters, use.name)?.label;
  return own(info.rules, use.name)?.label;
}

/** A value read by a rule, formatted by its declaration (records field by field). */
function useValueText(use: TraceUse, info: RulesetInfo): string {
  if (use.kind === 'input') return inputValueText(own(info.inputs, use.name), use.value);
  return formatValue(use.value, use.type);
}

function refOf(use: TraceUse): { kind: 'rule' | 'param' | 'input'; name: string } {
  return { kind: use.kind === 'parameter' ? 'param' : use.kind, name: use.name };
}

function pick(l: Label | undefined, lang: 'zh' | 'en', fallback: string): string {
  return l ? l[lang] : fallback;
}

// ───────────────────────────── sentences ─────────────────────────────

/**
 * The explanation of one output rule as sentence pieces, in one language:
 * "{label} is {value} because: {text}. Here: {what it read, with values}. [source]".
 */
export function explainRulePieces(rule: RuleTrace, lang: 'zh' | 'en', opts: Omit<TraceViewOptions, 'lang' | 'idPrefix'>): Piece[] {
  const info = opts.ruleset;
  const kind = rule.valueType;
  const name = pick(rule.label, lang, rule.name);
  const out: Piece[] = [];
  out.push({ text: name, href: opts.defHref({ kind: 'rule', name: rule.name }), strong: true });
  out.push(lang === 'zh' ? ' 为 ' : ' is ');
  out.push({ text: formatWithUnit(rule.value, kind, lang), strong: true });
  if (rule.text) out.push(lang === 'zh' ? '，因为：' : ' because: ', rule.text[lang].replace(/[。.]\s*$/, ''), lang === 'zh' ? '。' : '.');
  else out.push(lang === 'zh' ? '，按公式 ' : ', by the formula ', rule.formula.replace(/\s+/g, ' ').trim(), lang === 'zh' ? ' 计算。' : '.');
  for (const b of rule.branches) {
    out.push(
      lang === 'zh'
        ? `条件「${b.condition}」${b.taken === 'then' ? '成立' : '不成立'}。`
        : ` The condition “${b.condition}” is ${b.taken === 'then' ? 'true' : 'false'}.`,
    );
  }
  if (rule.uses.length > 0) {
    out.push(lang === 'zh' ? '本例中：' : ' Here: ');
    rule.uses.forEach((use, i) => {
      if (i > 0) out.push(lang === 'zh' ? '；' : '; ');
      const l = useLabel(use, info);
      const key = use.kind === 'parameter' && use.key !== undefined ? `[${use.key}]` : '';
      out.push({ text: `${pick(l, lang, use.name)}${key}`, href: opts.defHref(refOf(use)) });
      const k = use.type.kind;
      out.push(' ', k === 'money' || k === 'boolean' ? formatWithUnit(use.value, use.type, lang) : useValueText(use, info));
      if (use.kind === 'parameter') {
        out.push(lang === 'zh' ? `（${use.from} 起` : ` (in force from ${use.from}`);
        if (use.source) out.push(lang === 'zh' ? '，' : ', ', { text: use.source, href: opts.sourceHref(use.source), cite: true });
        out.push(lang === 'zh' ? '）' : ')');
      }
    });
    out.push(lang === 'zh' ? '。' : '.');
  }
  if (rule.source) {
    out.push(' ', { text: rule.source, href: opts.sourceHref(rule.source), cite: true });
  }
  return out;
}

/** Sentence pieces as HTML (links for definitions and citations, `<strong>` for the result). */
export function piecesHtml(pieces: readonly Piece[]): Html {
  return join(
    pieces.map((p) => {
      if (typeof p === 'string') return p;
      const text = p.cite ? `[${p.text}]` : p.text;
      const inner = p.href ? html`<a href="${p.href}"${p.cite ? html` class="cite"` : ''}>${text}</a>` : html`${text}`;
      return p.strong ? html`<strong>${inner}</strong>` : inner;
    }),
  );
}

/** Sentence pieces as Markdown (escaped text, links). */
export function piecesMarkdown(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => {
      if (typeof p === 'string') return mdText(p);
      const text = mdText(p.cite ? `[${p.text}]` : p.text);
      const inner = p.href ? `[${text}](${p.href})` : text;
      return p.strong ? `**${inner}**` : inner;
    })
    .join('');
}

/** The outputs of a traced result, each explained in the page language(s), as an HTML list. */
export function explanationHtml(result: EvaluationResult, opts: TraceViewOptions): Html {
  const rules = (result.trace ?? []).filter((r) => r.output);
  const items = rules.map((rule) => {
    const zh = opts.lang !== 'en' ? html`<p class="zh" lang="zh-CN">${piecesHtml(explainRulePieces(rule, 'zh', opts))}</p>` : null;
    const en = opts.lang !== 'zh' ? html`<p class="en" lang="en">${piecesHtml(explainRulePieces(rule, 'en', opts))}</p>` : null;
    return html`<li>${zh}${en}</li>`;
  });
  return html`<ul class="explain">${items}</ul>`;
}

// ───────────────────────────── the full trace ─────────────────────────────

/**
 * The steps a set of rules depends on: the named rules and every rule they read, transitively, in
 * evaluation order. An empty `names` means every output.
 */
export function traceClosure(trace: readonly RuleTrace[], names: ReadonlySet<string>): RuleTrace[] {
  const byName = new Map(trace.map((t) => [t.name, t]));
  const keep = new Set<string>();
  const stack = names.size > 0 ? [...names] : trace.filter((t) => t.output).map((t) => t.name);
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (keep.has(name)) continue;
    const step = byName.get(name);
    if (!step) continue;
    keep.add(name);
    for (const use of step.uses) if (use.kind === 'rule') stack.push(use.name);
  }
  return trace.filter((t) => keep.has(t.name));
}

function useHtml(use: TraceUse, opts: TraceViewOptions, stepIds: ReadonlySet<string>): Html {
  const info = opts.ruleset;
  const key = use.kind === 'parameter' && use.key !== undefined ? `[${use.key}]` : '';
  const l = useLabel(use, info);
  const title = l ? (opts.lang === 'en' ? l.en : opts.lang === 'zh' ? l.zh : `${l.zh} · ${l.en}`) : use.name;
  const href = use.kind === 'rule' && stepIds.has(use.name) ? `#${anchor(opts.idPrefix, use.name)}` : opts.defHref(refOf(use));
  const cls = `name ${use.kind === 'parameter' ? 'param' : use.kind}`;
  const name = href ? html`<a class="${cls}" href="${href}" title="${title}">${use.name}${key}</a>` : html`<span class="${cls}" title="${title}">${use.name}${key}</span>`;
  let where: Html | null = null;
  if (use.kind === 'parameter') {
    const src = use.source ? opts.sourceHref(use.source) : undefined;
    where = html` <span class="where">(${use.from}${use.until ? html`–${use.until}` : ''}${
      use.source ? html`, ${src ? html`<a class="cite" href="${src}">[${use.source}]</a>` : `[${use.source}]`}` : ''
    }${use.layer ? html`, ${use.layer}` : ''})</span>`;
  }
  return html`<li>${name} = <span class="value">${useValueText(use, info)}</span>${where}</li>`;
}

/**
 * The full trace: every rule in evaluation order with its value, formula (names linked), the branches
 * it took, the comparisons it made and everything it read (hover a name for its meaning).
 */
export function traceHtml(trace: readonly RuleTrace[], opts: TraceViewOptions): Html {
  const stepIds = new Set(trace.map((t) => t.name));
  const steps = trace.map((rule) => {
    const kind = rule.valueType;
    const src = rule.source ? opts.sourceHref(rule.source) : undefined;
    const def = opts.defHref({ kind: 'rule', name: rule.name });
    const head = html`<div class="step-head"><span class="name">${def ? html`<a href="${def}">${rule.name}</a>` : rule.name}</span> ${biLabel(
      opts.lang,
      rule.label,
    )} <span class="eq">=</span> <strong class="value">${formatValue(rule.value, kind)}</strong>${
      rule.output ? html` <span class="badge">${bi(opts.lang, '输出', 'output')}</span>` : ''
    }${rule.source ? html` ${src ? html`<a class="cite" href="${src}">[${rule.source}]</a>` : `[${rule.source}]`}` : ''}</div>`;
    // Plain here (the names it reads are linked just below; the definition links from the step name).
    const formula = html`<code class="formula">${tidyFormula(rule.formula)}</code>`;
    const branches = rule.branches.map((b) => html`<li>if <code>${b.condition}</code> → <code>${b.taken}</code></li>`);
    const comparisons = rule.comparisons.map(
      (c) => html`<li>${c.result ? '✓' : '✗'} <code>${c.expression.replace(/\s+/g, ' ')}</code> (${formatValue(c.left, c.type)} ${c.op} ${formatValue(c.right, c.type)})</li>`,
    );
    const uses = rule.uses.map((u) => useHtml(u, opts, stepIds));
    const facts = branches.length + comparisons.length + uses.length > 0 ? html`<ul class="reads">${branches}${comparisons}${uses}</ul>` : null;
    return html`<li id="${anchor(opts.idPrefix, rule.name)}" class="step${rule.output ? ' output' : ''}">${head}<div class="step-formula">${formula}</div>${facts}</li>`;
  });
  return html`<ol class="trace">${steps}</ol>`;
}
