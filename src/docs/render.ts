/**
 * One ruleset → its HTML page for auditors: sources; every input; every rule with its label, text,
 * formula (names linked to their definitions), the layer that set it and what it replaces, its
 * citation; every parameter with its effective-dated history (tables per key, bands as a table); and
 * the worked examples (test cases with the plain-language explanation and the full trace). Pure.
 */
import { enumDeclAt } from '../ruleset/enum-decl';
import type { InputDecl } from '../ruleset/schema';
import type { Layer, ResolvedParameter, ResolvedRuleset } from '../ruleset/resolved';
import { formatNumber, formatRate, formatValue, inputValueText, kindOf } from '../present/format';
export { inputValueText } from '../present/format';
import { formulaHtml, formulaSegments, scopeOf, type FormulaRef, type RefHref } from './formula';
import { anchor, html, join, safeUrl, type Child, type Html } from './html';
import { bi, label, paragraphs, plain, type Lang } from './i18n';
import { page } from './layout';
import { effectiveUntil, jurisdictionName, layerKey, rootOf, type DocCase, type DocRuleset } from './model';
import { explainRulePieces, piecesHtml, traceClosure, traceHtml, type TraceViewOptions } from './trace-view';
import { citationWords, enumLabel } from '../present/words';

/** Where a page sits in the site and how it links to the others. */
export interface PageContext {
  readonly lang: Lang;
  /** This page's path without extension (`cn/medical/gansu`). */
  readonly path: string;
  /** `id@version` → page path of every ruleset in the site. */
  readonly pages: ReadonlyMap<string, string>;
  /** The site has a playground page. */
  readonly playground: boolean;
}

const KIND_PREFIX: Readonly<Record<FormulaRef['kind'], string>> = { rule: 'rule', param: 'param', input: 'input' };

/** The in-page anchor of a definition. */
export function defAnchor(ref: FormulaRef): string {
  return anchor(KIND_PREFIX[ref.kind], ref.name);
}

function has(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Links `ref` to its definition on the page when the ruleset defines it. */
export function defHrefFor(ruleset: Pick<ResolvedRuleset, 'rules' | 'parameters' | 'inputs'>, base = ''): RefHref {
  return (ref) => {
    const record = ref.kind === 'rule' ? ruleset.rules : ref.kind === 'param' ? ruleset.parameters : ruleset.inputs;
    return has(record, ref.name) ? `${base}#${defAnchor(ref)}` : undefined;
  };
}

/** Links a citation id to the sources table when the ruleset declares it. */
export function sourceHrefFor(ruleset: Pick<ResolvedRuleset, 'sources'>, base = ''): (id: string) => string | undefined {
  return (id) => (has(ruleset.sources, id) ? `${base}#${anchor('source', id)}` : undefined);
}

function layerHtml(layer: Pick<Layer, 'id' | 'version'> | undefined, ctx: PageContext): Html | null {
  if (!layer) return null;
  const key = layerKey(layer);
  const target = ctx.pages.get(key);
  if (!target || target === ctx.path) return html`<span class="badge layer">${key}</span>`;
  return html`<a class="badge layer" href="${rootOf(ctx.path)}${target}.html">${key}</a>`;
}

/** A citation: the document's title (linked to the sources table), its id on hover. */
function citeHtml(id: string | undefined, ruleset: ResolvedRuleset, lang: Lang = 'zh'): Html | null {
  if (!id) return null;
  const href = sourceHrefFor(ruleset)(id);
  const c = citationWords(ruleset, id, lang === 'en' ? 'en' : 'zh');
  const title = html`<cite class="cite-title">${lang === 'en' ? `“${c.title}”` : `《${c.title}》`}</cite>`;
  return href ? html`<a class="cite" href="${href}" title="${id}">${title}</a>` : html`<span class="cite" title="${id}">${title}</span>`;
}

/** An enum value by its label in the page language (the value itself on hover). */
function enumValueHtml(ruleset: ResolvedRuleset, value: string, lang: Lang, within?: readonly string[]): Html {
  const zh = enumLabel(ruleset, value, 'zh', within);
  const en = enumLabel(ruleset, value, 'en', within);
  if (zh === value && en === value) return html`<code>${value}</code>`;
  return html`<span title="${value}">${bi(lang, zh, en)}</span>`;
}

function section(id: string, title: Html, body: Child): Html {
  return html`<section id="${id}"><h2>${title}</h2>${body}</section>`;
}

// ───────────────────────────── overview ─────────────────────────────

function overview(doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  const j = jurisdictionName(r.jurisdiction);
  const chain = join(
    r.chain.map((l) => layerHtml(l, ctx)),
    ' → ',
  );
  // The chain label names the actual layers (`national → jiangxi → nanchang`), not a fixed national → province → city.
  const chainWords = r.chain.map((l) => l.id.slice(l.id.lastIndexOf('/') + 1)).join(' → ');
  const rows: [Html, Child][] = [
    [bi(ctx.lang, '标识', 'Id'), html`<code>${r.id}</code>`],
    [bi(ctx.lang, '版本', 'Version'), html`<code>${r.version}</code>`],
    [bi(ctx.lang, '适用地区', 'Jurisdiction'), html`${bi(ctx.lang, j.zh, j.en)} <code>${r.jurisdiction}</code>`],
    [bi(ctx.lang, `继承链（${r.chain.length} 层：${chainWords}）`, `Overlay chain (${r.chain.length} layer${r.chain.length === 1 ? '' : 's'}: ${chainWords})`), chain],
  ];
  if (r.validity) rows.push([bi(ctx.lang, '有效期', 'Valid'), `${r.validity.from} – ${r.validity.until ?? '…'}`]);
  if (r.dateInput) rows.push([bi(ctx.lang, '评估日期取自输入', 'Evaluation date from input'), html`<a href="#${anchor('input', r.dateInput)}">${r.dateInput}</a>`]);
  rows.push([bi(ctx.lang, '医保年度起始', 'Policy year starts'), `${String(r.policyYear.startMonth).padStart(2, '0')}-${String(r.policyYear.startDay).padStart(2, '0')}`]);
  rows.push([bi(ctx.lang, '内容哈希', 'Content hash'), html`<span class="hash">${r.hash}</span>`]);
  if (doc.file) rows.push([bi(ctx.lang, '文件', 'File'), html`<code>${doc.file}</code>`]);
  const passed = doc.cases.filter((c) => c.result.passed).length;
  rows.push([
    bi(ctx.lang, '实例', 'Worked examples'),
    html`<a href="#examples">${passed} / ${doc.cases.length}</a> ${bi(ctx.lang, '通过', 'pass')}`,
  ]);
  const meta = html`<dl class="meta">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>${layerChanges(doc, ctx)}`;
  const error = doc.compileError
    ? html`<p class="error">${bi(ctx.lang, '该规则集无法编译：', 'This ruleset does not compile:')} [${doc.compileError.code}] ${doc.compileError.message}</p>`
    : null;
  return html`<h1>${label(ctx.lang, r.label)}</h1>${meta}${paragraphs(ctx.lang, r.description)}${error}`;
}

/**
 * For an overlay: what this layer changes relative to its parent — the parameter values it sets (with the
 * date each takes effect), the rules it adds or replaces, the inputs it adds or re-declares. Read from the
 * layer each resolved item carries.
 */
function layerChanges(doc: DocRuleset, ctx: PageContext): Html | null {
  const r = doc.resolved;
  if (r.chain.length < 2) return null;
  const own = r.chain[r.chain.length - 1]!;
  const parent = r.chain[r.chain.length - 2]!;
  const mine = (l: { id: string; version: string } | undefined) => l !== undefined && l.id === own.id && l.version === own.version;
  const params = Object.values(r.parameters).flatMap((p) =>
    p.values.filter((v) => mine(v.layer)).map((v) => html`<li><a href="#${anchor('param', p.name)}"><code>${p.name}</code></a> ${label(ctx.lang, p.label)} — ${bi(ctx.lang, '自', 'from')} <code>${v.from}</code>${v.until ? html` ${bi(ctx.lang, '至', 'until')} <code>${v.until}</code>` : null}</li>`),
  );
  const rules = Object.entries(r.rules)
    .filter(([, rule]) => mine(rule.layer))
    .map(([name, rule]) => html`<li><a href="#${anchor('rule', name)}"><code>${name}</code></a> ${label(ctx.lang, rule.label)} — ${rule.replaced ? bi(ctx.lang, '替换上级规则', "replaces the parent's rule") : bi(ctx.lang, '新增', 'added')}</li>`);
  const inputs = Object.entries(r.inputs)
    .filter(([, input]) => mine(input.layer))
    .map(([name, input]) => html`<li><code>${name}</code> ${label(ctx.lang, input.label)} — ${input.replaced ? bi(ctx.lang, '重新声明', 're-declared') : bi(ctx.lang, '新增', 'added')}</li>`);
  const part = (title: Html, items: Html[]) => (items.length ? html`<h3>${title} (${items.length})</h3><ul>${items}</ul>` : null);
  return html`<section id="layer-changes" class="layer-changes"><h2>${bi(ctx.lang, '本层相对上级的改动', 'What this layer changes')}</h2><p>${bi(ctx.lang, '相对于上级规则集', 'Relative to its parent')} ${layerHtml(parent, ctx)}:</p>${
    params.length + rules.length + inputs.length === 0
      ? html`<p>${bi(ctx.lang, '本层未改动任何参数、规则或输入。', 'This layer changes no parameter, rule or input.')}</p>`
      : html`${part(bi(ctx.lang, '参数取值（生效日期）', 'Parameter values (effective dates)'), params)}${part(bi(ctx.lang, '规则', 'Rules'), rules)}${part(bi(ctx.lang, '输入', 'Inputs'), inputs)}`
  }</section>`;
}

function toc(doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  const items: [string, Html][] = [
    ['sources', bi(ctx.lang, `来源（${Object.keys(r.sources).length}）`, `Sources (${Object.keys(r.sources).length})`)],
    ['inputs', bi(ctx.lang, `输入（${Object.keys(r.inputs).length}）`, `Inputs (${Object.keys(r.inputs).length})`)],
    ['rules', bi(ctx.lang, `规则（${Object.keys(r.rules).length}）`, `Rules (${Object.keys(r.rules).length})`)],
    ['parameters', bi(ctx.lang, `参数（${Object.keys(r.parameters).length}）`, `Parameters (${Object.keys(r.parameters).length})`)],
    ['examples', bi(ctx.lang, `实例（${doc.cases.length}）`, `Worked examples (${doc.cases.length})`)],
  ];
  const playground = ctx.playground
    ? html` · <a href="${rootOf(ctx.path)}playground.html#${encodeURIComponent(layerKey(r))}">${bi(ctx.lang, '在试算页中打开', 'Open in the playground')}</a>`
    : null;
  return html`<nav class="toc"><strong>${bi(ctx.lang, '目录', 'Contents')}</strong>${playground}<ol>${items.map(
    ([id, t]) => html`<li><a href="#${id}">${t}</a></li>`,
  )}</ol></nav>`;
}

// ───────────────────────────── sources ─────────────────────────────

function sources(doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  const rows = Object.values(r.sources).map((s) => {
    const url = safeUrl(s.url);
    return html`<tr id="${anchor('source', s.id)}"><td><code>${s.id}</code></td><td>${url ? html`<a href="${url}" rel="noreferrer">${s.title}</a>` : s.title}${
      s.note ? html`<div class="en">${s.note}</div>` : null
    }</td><td>${s.issuer ?? ''}</td><td>${s.docNumber ?? ''}${s.section ? ` · ${s.section}` : ''}</td><td class="num">${s.date ?? ''}</td><td><span class="badge ${
      s.status === 'verified' ? 'ok' : s.status === 'inferred' ? 'warn' : ''
    }">${s.status}</span></td><td>${layerHtml(s.layer, ctx)}</td></tr>`;
  });
  const legend = bi(
    ctx.lang,
    '状态：verified 已核对原文；seed 首读资料；secondary 二手报道；inferred 推断（非公布数值）。',
    'Status: verified = checked against the official text; seed = first reading; secondary = secondary report; inferred = derived, not published as such.',
  );
  const head = html`<tr><th>${bi(ctx.lang, '编号', 'Id')}</th><th>${bi(ctx.lang, '标题', 'Title')}</th><th>${bi(ctx.lang, '发布者', 'Issuer')}</th><th>${bi(
    ctx.lang,
    '文号',
    'Doc no.',
  )}</th><th>${bi(ctx.lang, '日期', 'Date')}</th><th>${bi(ctx.lang, '状态', 'Status')}</th><th>${bi(ctx.lang, '所在层', 'Layer')}</th></tr>`;
  return section('sources', bi(ctx.lang, '来源', 'Sources'), html`<p class="en">${legend}</p><div class="scroll"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`);
}

// ───────────────────────────── inputs ─────────────────────────────

/** A one-line description of an input declaration's type and constraints. */
export function inputTypeText(decl: InputDecl): string {
  const parts: string[] = [];
  switch (decl.type) {
    case 'enum':
      parts.push(`enum: ${decl.of.join(' | ')}`);
      break;
    case 'list':
      parts.push(`list of ${decl.items.type}`);
      break;
    case 'record':
      parts.push('record');
      break;
    default:
      parts.push(decl.type);
  }
  if ('min' in decl && decl.min !== undefined) parts.push(`≥ ${String(decl.min)}`);
  if ('max' in decl && decl.max !== undefined) parts.push(`≤ ${String(decl.max)}`);
  if ('allowNegative' in decl && decl.allowNegative) parts.push('may be negative');
  if (decl.optional) parts.push('optional');
  if (decl.default !== undefined && decl.type !== 'record' && decl.type !== 'list') parts.push(`default ${String(decl.default)}`);
  if (decl.default !== undefined && decl.type === 'list' && Array.isArray(decl.default) && decl.default.length === 0) parts.push('default []');
  return parts.join(', ');
}

function inputRows(name: string, decl: InputDecl, depth: number, ctx: PageContext, layer: Html | null, id?: string): Html[] {
  const indent = depth > 0 ? html`<span class="inherited">${'· '.repeat(depth)}</span>` : null;
  const row = html`<tr${id ? html` id="${id}"` : null}><td>${indent}<code>${name}</code></td><td>${label(ctx.lang, decl.label)}${
    decl.description ? html`<div class="en">${plain(ctx.lang, decl.description.zh, decl.description.en)}</div>` : null
  }</td><td><code>${inputTypeText(decl)}</code></td><td>${layer}</td></tr>`;
  const rows = [row];
  if (decl.type === 'record') for (const [f, d] of Object.entries(decl.fields)) rows.push(...inputRows(f, d, depth + 1, ctx, null));
  if (decl.type === 'list' && decl.items.type === 'record') {
    for (const [f, d] of Object.entries(decl.items.fields)) rows.push(...inputRows(`[].${f}`, d, depth + 1, ctx, null));
  }
  return rows;
}

function inputs(doc: DocRuleset, ctx: PageContext): Html {
  const rows = Object.entries(doc.resolved.inputs).flatMap(([name, decl]) => {
    const layer = html`${layerHtml(decl.layer, ctx)}${decl.replaced ? html` ${bi(ctx.lang, '替换', 'replaces')} ${layerHtml(decl.replaced, ctx)}` : null}`;
    return inputRows(name, decl, 0, ctx, layer, anchor('input', name));
  });
  const head = html`<tr><th>${bi(ctx.lang, '名称', 'Name')}</th><th>${bi(ctx.lang, '含义', 'Meaning')}</th><th>${bi(ctx.lang, '类型', 'Type')}</th><th>${bi(
    ctx.lang,
    '声明层',
    'Declared by',
  )}</th></tr>`;
  return section('inputs', bi(ctx.lang, '输入', 'Inputs'), html`<div class="scroll"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`);
}

// ───────────────────────────── rules ─────────────────────────────

function rules(doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  const scope = scopeOf(r);
  const href = defHrefFor(r);
  const items = Object.entries(r.rules).map(([name, rule]) => {
    const badges = html`<span class="badge">${rule.type === 'enum' ? `enum: ${(rule.of ?? []).join(' | ')}` : rule.type}</span> ${
      rule.output === false ? html`<span class="badge">${bi(ctx.lang, '中间量', 'intermediate')}</span>` : html`<span class="badge ok">${bi(ctx.lang, '输出', 'output')}</span>`
    }`;
    const setBy = html`${bi(ctx.lang, '设定层', 'Set by')} ${layerHtml(rule.layer, ctx)}${
      rule.replaced ? html` · ${bi(ctx.lang, '替换上级规则', "replaces the parent's rule from")} ${layerHtml(rule.replaced, ctx)}` : null
    }${rule.source ? html` · ${bi(ctx.lang, '依据', 'Source')} ${citeHtml(rule.source, r, ctx.lang)}` : null}`;
    return html`<article class="item" id="${anchor('rule', name)}"><h3><code>${name}</code> ${label(ctx.lang, rule.label)}</h3><div>${badges}</div>${paragraphs(
      ctx.lang,
      rule.text,
    )}${formulaHtml(formulaSegments(rule.formula, scope), href)}<div>${setBy}</div>${rule.note ? html`<p class="note">${rule.note}</p>` : null}</article>`;
  });
  const intro = bi(
    ctx.lang,
    '公式中的名称链接到其定义：规则（黑色）、参数（蓝色）、输入（棕色）。',
    'Names in formulas link to their definitions: rules (black), parameters (blue), inputs (brown).',
  );
  return section('rules', bi(ctx.lang, '规则', 'Rules'), html`<p class="en">${intro}</p>${items}`);
}

// ───────────────────────────── parameters ─────────────────────────────

function scalarText(value: unknown, type: string): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return String(value);
  return formatValue(String(value), type);
}

/** Marginal bands as a table: from, up to, rate. */
export function bandsHtml(value: unknown, lang: Lang): Html {
  if (!Array.isArray(value)) return html`${String(value)}`;
  const bands = value as { above?: unknown; rate?: unknown }[];
  const rows = bands.map((b, i) => {
    const next = bands[i + 1];
    return html`<tr><td class="num">${formatNumber(String(b.above))}</td><td class="num">${next ? formatNumber(String(next.above)) : '…'}</td><td class="num">${formatRate(
      String(b.rate),
    )}</td></tr>`;
  });
  return html`<table class="bands"><thead><tr><th class="num">${bi(lang, '超过', 'Above')}</th><th class="num">${bi(lang, '至', 'Up to')}</th><th class="num">${bi(
    lang,
    '比例',
    'Rate',
  )}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function paramKeys(p: ResolvedParameter, r: ResolvedRuleset): string[] {
  if (!p.by) return [];
  const decl = enumDeclAt(r.inputs, p.by).decl;
  const keys = decl?.type === 'enum' ? [...decl.of] : [];
  for (const v of p.values) {
    if (v.value && typeof v.value === 'object') for (const k of Object.keys(v.value)) if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

function historyHtml(p: ResolvedParameter, doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  if (p.values.length === 0) {
    return html`<p class="discrepancy">${bi(
      ctx.lang,
      '尚无数值：这是地方参数，需由地方规则集公布；需要它的计算会报错 eval/no-value-in-force。',
      'No value yet: a regional figure each regional ruleset must publish; a computation that needs it fails with eval/no-value-in-force.',
    )}</p>`;
  }
  const keys = paramKeys(p, r);
  const head = html`<tr><th>${bi(ctx.lang, '起', 'From')}</th><th>${bi(ctx.lang, '止', 'Until')}</th>${
    keys.length > 0 ? keys.map((k) => html`<th class="num">${enumValueHtml(r, k, ctx.lang, p.by?.split('.'))}</th>`) : html`<th class="num">${bi(ctx.lang, '数值', 'Value')}</th>`
  }<th>${bi(ctx.lang, '来源', 'Source')}</th><th>${bi(ctx.lang, '设定层', 'Set by')}</th></tr>`;
  const rows = p.values.map((v, i) => {
    const until = effectiveUntil(p.values, i);
    let cells: Child;
    if (keys.length > 0) {
      const table = (v.value ?? {}) as Record<string, unknown>;
      cells = keys.map((k) => {
        const from = v.keyLayers && has(v.keyLayers, k) ? v.keyLayers[k] : undefined;
        const inherited = from && layerKey(from) !== layerKey(v.layer);
        const text = p.type === 'scale' ? bandsHtml(table[k], ctx.lang) : scalarText(table[k], p.type);
        return inherited
          ? html`<td class="num inherited" title="${plain(ctx.lang, `继承自 ${layerKey(from)}`, `inherited from ${layerKey(from)}`)}">${text} ↑</td>`
          : html`<td class="num">${text}</td>`;
      });
    } else {
      cells = p.type === 'scale' ? html`<td>${bandsHtml(v.value, ctx.lang)}</td>` : html`<td class="num">${scalarText(v.value, p.type)}</td>`;
    }
    const layer = html`${layerHtml(v.layer, ctx)}${v.replaced ? html` ${bi(ctx.lang, '替换', 'replaces')} ${layerHtml(v.replaced, ctx)}` : null}`;
    const note = v.note ? html`<tr class="note-row"><td></td><td colspan="${keys.length + 3}" class="note">${v.note}</td></tr>` : null;
    return html`<tr><td class="num">${v.from}</td><td class="num">${until ?? bi(ctx.lang, '至今', 'open')}${
      v.until ? null : until ? html`<span class="inherited">*</span>` : null
    }</td>${cells}<td>${citeHtml(v.source, r, ctx.lang)}</td><td>${layer}</td></tr>${note}`;
  });
  const hasImplicit = p.values.some((v, i) => !v.until && i < p.values.length - 1);
  const keyed = p.values.some((v) => v.keyLayers);
  const legend = [
    hasImplicit ? bi(ctx.lang, '* 止日为下一数值生效前一日。', '* until the day before the next value takes effect.') : null,
    keyed ? bi(ctx.lang, '↑ 该项未在本层给出，继承自上级规则集。', '↑ not given by this layer: inherited from the parent ruleset.') : null,
  ].filter(Boolean);
  return html`<div class="scroll"><table class="history"><thead>${head}</thead><tbody>${rows}</tbody></table></div>${
    legend.length ? html`<p class="en">${join(legend, ' ')}</p>` : null
  }`;
}

function parameters(doc: DocRuleset, ctx: PageContext): Html {
  const r = doc.resolved;
  const items = Object.entries(r.parameters).map(([name, p]) => {
    const meta = html`<span class="badge">${p.type}</span>${p.by ? html` <span class="badge">${bi(ctx.lang, '按', 'by')} <a href="#${anchor('input', p.by.split('.')[0]!)}">${p.by}</a></span>` : null}${
      p.unit ? html` <span class="badge">${p.unit}</span>` : null
    }${p.regional ? html` <span class="badge warn">${bi(ctx.lang, '地方公布', 'regional')}</span>` : null} ${bi(ctx.lang, '声明层', 'Declared by')} ${layerHtml(
      p.layer,
      ctx,
    )}${p.replaced ? html` · ${bi(ctx.lang, '整体替换了', 'replaced the timeline of')} ${layerHtml(p.replaced, ctx)}` : null}`;
    return html`<article class="item" id="${anchor('param', name)}"><h3><code>${name}</code> ${label(ctx.lang, p.label)}</h3><div>${meta}</div>${paragraphs(
      ctx.lang,
      p.description,
    )}${historyHtml(p, doc, ctx)}</article>`;
  });
  return section('parameters', bi(ctx.lang, '参数（按生效日期）', 'Parameters (effective-dated)'), items);
}

// ───────────────────────────── worked examples ─────────────────────────────

function traceOptions(doc: DocRuleset, ctx: PageContext, idPrefix: string): TraceViewOptions {
  return { lang: ctx.lang, ruleset: doc.resolved, defHref: defHrefFor(doc.resolved), sourceHref: sourceHrefFor(doc.resolved), idPrefix };
}

function exampleHtml(doc: DocRuleset, c: DocCase, index: number, ctx: PageContext): Html {
  const r = doc.resolved;
  const id = `case-${index + 1}`;
  const res = c.result;
  const status = res.passed ? html`<span class="badge ok">✓ ${bi(ctx.lang, '通过', 'passes')}</span>` : html`<span class="badge bad">✗ ${bi(ctx.lang, '未通过', 'fails')}</span>`;
  const inputRowsHtml = Object.entries(c.test.input).map(([name, value]) => {
    const decl = has(r.inputs, name) ? r.inputs[name] : undefined;
    const shown = decl?.type === 'enum' && typeof value === 'string' ? enumValueHtml(r, value, ctx.lang, [name]) : inputValueText(decl, value);
    return html`<tr><td><a href="#${anchor('input', name)}">${name}</a></td><td>${label(ctx.lang, decl?.label)}</td><td class="num">${shown}</td></tr>`;
  });
  const inputTable = html`<table><thead><tr><th>${bi(ctx.lang, '输入', 'Input')}</th><th></th><th class="num">${bi(ctx.lang, '数值', 'Value')}</th></tr></thead><tbody>${inputRowsHtml}</tbody></table>`;
  let outcome: Child = null;
  if (c.test.expect) {
    const mismatched = new Map(res.mismatches.map((m) => [m.output, m]));
    const rows = Object.entries(c.test.expect).map(([name, expected]) => {
      const type = doc.program?.ruleTypes[name];
      const kind = kindOf(type);
      const m = mismatched.get(name);
      const actual = m ? m.actual : (res.outputs?.[name] ?? c.traced?.trace?.find((t) => t.name === name)?.value);
      const exp = m ? m.expected : (actual ?? expected);
      const rule = has(r.rules, name) ? r.rules[name] : undefined;
      return html`<tr><td><a href="#${anchor('rule', name)}">${name}</a></td><td>${label(ctx.lang, rule?.label)}</td><td class="num">${formatValue(
        exp as never,
        kind,
      )}</td><td class="num">${actual === undefined ? '—' : formatValue(actual, kind)}</td><td>${m ? html`<span class="lose">✗ ${m.reason ?? ''}</span>` : html`<span class="gain">✓</span>`}</td></tr>`;
    });
    outcome = html`<table><thead><tr><th>${bi(ctx.lang, '输出', 'Output')}</th><th></th><th class="num">${bi(ctx.lang, '预期', 'Expected')}</th><th class="num">${bi(
      ctx.lang,
      '计算结果',
      'Computed',
    )}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  const error = res.error
    ? html`<p class="${c.test.expectError ? 'note' : 'error'}">${bi(ctx.lang, '计算报错：', 'The evaluation fails:')} <code>${res.error.code}</code> ${res.error.message}</p>`
    : null;
  const expectError = c.test.expectError
    ? html`<p>${bi(ctx.lang, '预期报错', 'Expected error')} <code>${c.test.expectError}</code></p>`
    : null;
  const failure = res.failure && !res.passed ? html`<p class="error">${res.failure}</p>` : null;
  let explanation: Child = null;
  let trace: Child = null;
  if (c.traced?.trace) {
    const opts = traceOptions(doc, ctx, id);
    const names = new Set(Object.keys(c.test.expect ?? {}));
    const explained = c.traced.trace.filter((t) => (names.size > 0 ? names.has(t.name) : t.output));
    const steps = traceClosure(c.traced.trace, names);
    const items = explained.map((rule) => {
      const zh = ctx.lang !== 'en' ? html`<p class="zh" lang="zh-CN">${piecesHtml(explainRulePieces(rule, 'zh', opts))}</p>` : null;
      const en = ctx.lang !== 'zh' ? html`<p class="en" lang="en">${piecesHtml(explainRulePieces(rule, 'en', opts))}</p>` : null;
      return html`<li>${zh}${en}</li>`;
    });
    explanation = html`<h4>${bi(ctx.lang, '说明', 'Explanation')}</h4><ul class="explain">${items}</ul>`;
    trace = html`<details><summary>${bi(ctx.lang, `完整计算过程（${steps.length} 步）`, `Full trace (${steps.length} step${steps.length === 1 ? '' : 's'})`)}</summary>${traceHtml(steps, opts)}</details>`;
  }
  const date = res.date ?? c.test.date;
  // Case names and notes in the page language when the case gives them (`label:`, `notes:`), else as written.
  const name = c.test.label ? label(ctx.lang, c.test.label) : c.test.name;
  const note = c.test.notes
    ? paragraphs(ctx.lang, { zh: c.test.notes.zh.trim(), en: c.test.notes.en.trim() }, 'note')
    : c.test.note
      ? html`<p class="note">${c.test.note.trim()}</p>`
      : null;
  return html`<article class="item" id="${id}"><h3>${index + 1}. ${name} ${status}</h3>${
    date ? html`<p>${bi(ctx.lang, '评估日期', 'Evaluation date')} <code>${date}</code></p>` : null
  }${note}${
    c.test.discrepancy ? html`<p class="discrepancy"><strong>${bi(ctx.lang, '出入', 'Discrepancy')}:</strong> ${c.test.discrepancy.trim()}</p>` : null
  }<div class="scroll">${inputTable}${outcome}</div>${expectError}${error}${failure}${explanation}${trace}</article>`;
}

function examples(doc: DocRuleset, ctx: PageContext): Html {
  if (doc.cases.length === 0) return section('examples', bi(ctx.lang, '实例', 'Worked examples'), html`<p>${bi(ctx.lang, '（无）', '(none)')}</p>`);
  return section(
    'examples',
    bi(ctx.lang, '实例（测试用例）', 'Worked examples (test cases)'),
    doc.cases.map((c, i) => exampleHtml(doc, c, i, ctx)),
  );
}

/** The HTML page of one ruleset. */
export function rulesetPageHtml(doc: DocRuleset, ctx: PageContext): string {
  const r = doc.resolved;
  const body = html`<p><a href="${rootOf(ctx.path)}index.html">← ${bi(ctx.lang, '全部规则集', 'All rulesets')}</a></p>${overview(doc, ctx)}${toc(doc, ctx)}${sources(
    doc,
    ctx,
  )}${inputs(doc, ctx)}${rules(doc, ctx)}${parameters(doc, ctx)}${examples(doc, ctx)}`;
  return page({ lang: ctx.lang, title: `${plain(ctx.lang, r.label.zh, r.label.en)} — ${r.id}@${r.version}`, root: rootOf(ctx.path), body, playground: ctx.playground });
}

