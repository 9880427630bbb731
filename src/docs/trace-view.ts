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
import { citationWords, enumLabel, ruleWords, sentenceCase } from '../present/words';
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
export type Piece =
  | string
  | { readonly text: string; readonly href?: string | undefined; readonly strong?: boolean; readonly cite?: boolean; readonly details?: string };

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

/** A citation as a piece: the document's title (linked), then its issuer, 文号, article, date and status in words. */
export function citationPiece(id: string, lang: 'zh' | 'en', opts: Pick<TraceViewOptions, 'ruleset' | 'sourceHref'>): Piece {
  const c = citationWords(opts.ruleset, id, lang);
  return { text: c.title, href: opts.sourceHref(id), cite: true, details: c.details };
}

/**
 * The explanation of one output rule as sentence pieces, in one language, in words only (no formula):
 * "{label}: {value}. {the author's template filled in | the rule's text; the conditions decided, with
 * their values; how the value is worked out}. Here: {what it read, with values and citations}. {citation}".
 * A colon, not "is", follows the label: labels are often verb phrases ("Basic pooling fund pays").
 */
export function explainRulePieces(rule: RuleTrace, lang: 'zh' | 'en', opts: Omit<TraceViewOptions, 'lang' | 'idPrefix'>): Piece[] {
  const info = opts.ruleset;
  const zh = lang === 'zh';
  const w = ruleWords(rule, info, lang);
  const out: Piece[] = [];
  out.push({ text: w.label, href: opts.defHref({ kind: 'rule', name: rule.name }), strong: true });
  out.push(zh ? '：' : ': ');
  out.push({ text: w.value, strong: true });
  out.push(zh ? '。' : '. ');
  if (w.template) {
    for (const p of w.template) out.push(typeof p === 'string' ? p : { text: p.value, strong: true });
    out.push(' ');
  } else {
    if (w.text) out.push(w.text.replace(/[。.]\s*$/, ''), zh ? '。' : '. ');
    if (w.decided.length > 0) out.push(zh ? `本例中${w.decided.join('；')}。` : `Here ${w.decided.join('; ')}. `);
    if (w.how) out.push(zh ? `计算方法：${w.how}。` : `${sentenceCase(`it is ${w.how}`)}. `);
  }
  const params = rule.uses.filter((u): u is Extract<TraceUse, { kind: 'parameter' }> => u.kind === 'parameter');
  if (params.length > 0) {
    out.push(zh ? '所用参数：' : 'Figures used: ');
    params.forEach((use, i) => {
      if (i > 0) out.push(zh ? '；' : '; ');
      const l = useLabel(use, info);
      const key = use.key !== undefined ? (zh ? `（${enumLabel(info, use.key, lang)}）` : ` (${enumLabel(info, use.key, lang)})`) : '';
      out.push({ text: `${pick(l, lang, use.name)}${key}`, href: opts.defHref(refOf(use)) });
      out.push(' ', use.type.kind === 'money' || use.type.kind === 'boolean' ? formatWithUnit(use.value, use.type, lang) : useValueText(use, info));
      out.push(zh ? `（${use.from} 起施行` : ` (in force from ${use.from}`);
      if (use.source) out.push(zh ? '，依据 ' : ', under ', citationPiece(use.source, lang, opts));
      out.push(zh ? '）' : ')');
    });
    out.push(zh ? '。' : '. ');
  }
  if (rule.source) out.push(zh ? '依据：' : 'Source: ', citationPiece(rule.source, lang, opts), zh ? '。' : '.');
  return out;
}

/** Sentence pieces as HTML (links for definitions and citations, `<strong>` for the result). */
export function piecesHtml(pieces: readonly Piece[]): Html {
  return join(
    pieces.map((p) => {
      if (typeof p === 'string') return p;
      if (p.cite) {
        const title = p.href ? html`<a href="${p.href}">${p.text}</a>` : html`${p.text}`;
        return html`<span class="citation"><cite class="cite-title">${title}</cite>${p.details ? html` <span class="cite-details">(${p.details})</span>` : ''}</span>`;
      }
      const inner = p.href ? html`<a href="${p.href}">${p.text}</a>` : html`${p.text}`;
      return p.strong ? html`<strong>${inner}</strong>` : inner;
    }),
  );
}

/** Sentence pieces as Markdown (escaped text, links). */
export function piecesMarkdown(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => {
      if (typeof p === 'string') return mdText(p);
      const text = mdText(p.cite ? `《${p.text}》` : p.text);
      const inner = p.href ? `[${text}](${p.href})` : text;
      const details = p.cite && p.details ? ` (${mdText(p.details)})` : '';
      return p.strong ? `**${inner}**` : `${inner}${details}`;
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

/** A citation in a trace step: the source's title (linked), with its id on hover. */
function citeTitleHtml(id: string, href: string | undefined, opts: TraceViewOptions): Html {
  const c = citationWords(opts.ruleset, id, opts.lang === 'en' ? 'en' : 'zh');
  const title = opts.lang === 'en' ? `“${c.title}”` : `《${c.title}》`;
  return href ? html`<a class="cite" href="${href}" title="${id}"><cite class="cite-title">${title}</cite></a>` : html`<span class="cite" title="${id}"><cite class="cite-title">${title}</cite></span>`;
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
      use.source ? html`, ${citeTitleHtml(use.source, src, opts)}` : ''
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
    }${rule.source ? html` ${citeTitleHtml(rule.source, src, opts)}` : ''}</div>`;
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
