/**
 * A ruleset diff (and its impact) for people: plain text for the terminal and an HTML page with SVG
 * charts (no client JS). Every string from a ruleset is escaped in HTML. Pure.
 */
import { formatBands, formatNumber, formatValue } from '../present/format';
import { html, type Child, type Html } from './html';
import { bi, label as biLabel, plain, type Lang } from './i18n';
import type { ChangeSummary, OutputImpact, Impact } from '../compare/impact';
import type { DatedValueView, FieldChange, ItemChange, ParameterChange, RulesetDiff, ValueChange } from '../compare/diff';
import { diffCounts } from '../compare/diff';
import { page } from './layout';
import { FIT_CHARTS, countsSvg, groupsSvg, histogramSvg } from './svg';

/** Options of the diff renderers. */
export interface DiffRenderOptions {
  readonly lang?: Lang;
  /** Labels of the values of the breakdown input (`--by`), for the page. */
  readonly byLabels?: Readonly<Record<string, { zh: string; en: string }>>;
  /** Text only: ANSI colours (better green, worse red, by each output's direction). */
  readonly color?: boolean;
}

const ANSI = { green: '\u001b[32m', red: '\u001b[31m', reset: '\u001b[39m' } as const;

/** Words for the person's view of an output's change. */
function directionWords(lang: Lang, o: Pick<OutputImpact, 'direction'>): string {
  return o.direction === 'benefit' ? plain(lang, '待遇', 'benefit') : o.direction === 'cost' ? plain(lang, '负担', 'cost') : '—';
}

const MARK = { added: '+', removed: '−', changed: '~' } as const;

/** A parameter value as people read it, by the parameter's type (tables key by key). */
export function paramValueText(value: unknown, type: string): string {
  if (value === undefined) return '—';
  if (type === 'scale') return formatBands(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${type === 'scale' ? formatBands(v) : formatValue(String(v), type)}`)
      .join(' · ');
  }
  return typeof value === 'boolean' ? String(value) : formatValue(String(value), type);
}

function fieldText(f: FieldChange): string {
  const show = (v: unknown): string => {
    if (v === undefined) return '—';
    if (typeof v === 'string') return v.length > 160 ? `${v.slice(0, 157)}…` : v;
    if (v && typeof v === 'object' && 'zh' in v && 'en' in v) return `${(v as { zh: string }).zh} / ${(v as { en: string }).en}`;
    return JSON.stringify(v);
  };
  return `${f.field}: ${show(f.old)} → ${show(f.new)}`;
}

function datedText(v: DatedValueView | undefined, type: string): string {
  if (!v) return '—';
  return `${paramValueText(v.value, type)}${v.until ? ` (until ${v.until})` : ''}${v.source ? ` [${v.source}]` : ''} · ${v.layer}`;
}

function valueChangeText(c: ValueChange, type: string): string {
  if (c.change === 'added') return `from ${c.from}: added ${datedText(c.new, type)}`;
  if (c.change === 'removed') return `from ${c.from}: removed ${datedText(c.old, type)}`;
  const parts: string[] = [];
  if (c.keys) parts.push(...c.keys.map((k) => `${k.key} ${paramValueText(k.old, type)} → ${paramValueText(k.new, type)}`));
  else if (JSON.stringify(c.old?.value) !== JSON.stringify(c.new?.value)) parts.push(`${paramValueText(c.old?.value, type)} → ${paramValueText(c.new?.value, type)}`);
  parts.push(...c.fields.map(fieldText));
  return `from ${c.from}: ${parts.join('; ')}`;
}

function labelText(lang: Lang, l: { zh: string; en: string } | undefined): string {
  return l ? plain(lang, l.zh, l.en) : '';
}

/** Columns a text takes in a terminal (CJK characters take two). */
function displayWidth(s: string): number {
  return [...s].reduce((acc, ch) => acc + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
}

function pad(s: string, n: number, right = false): string {
  const w = displayWidth(s);
  const fill = ' '.repeat(Math.max(0, n - w));
  return right ? fill + s : s + fill;
}

function signed(text: string | undefined, kind: string): string {
  if (text === undefined) return '';
  const v = kind === 'money' ? formatValue(text, 'money') : formatNumber(text);
  return text.startsWith('-') ? v : text === '0' || /^0(\.0+)?$/.test(text) ? v : `+${v}`;
}

/** The impact as text lines. */
export function impactText(impact: Impact, lang: Lang = 'both', color = false): string[] {
  const out: string[] = [];
  const t = (zh: string, en: string) => plain(lang, zh, en);
  out.push(
    `${t('影响', 'Impact')}: ${impact.population.description}${impact.date ? ` · ${t('评估日期', 'date')} ${impact.date}` : ''} — ${impact.evaluated}/${impact.inputs} ${t('两边均完整计算', 'evaluated in full by both')}${
      impact.partial ? `, ${impact.partial} ${t('部分计算（未公布参数）', 'in part (unpublished figures)')}` : ''
    } · ${t('无效输入', 'invalid inputs')} ${impact.invalid}/${impact.inputs}${impact.by ? ` · ${t('按', 'by')} ${impact.by}` : ''}`,
  );
  const errs = (e: Readonly<Record<string, number>>) =>
    Object.entries(e)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
  if (Object.keys(impact.errorsA).length) out.push(`  A ${t('失败', 'failed')}: ${errs(impact.errorsA)}`);
  if (Object.keys(impact.errorsB).length) out.push(`  B ${t('失败', 'failed')}: ${errs(impact.errorsB)}`);
  for (const e of impact.examplesOfErrors.slice(0, 4)) out.push(`    ${e.side} ${e.label}: [${e.code}] ${e.message}`);
  const changed = impact.outputs.filter((o) => o.higher + o.lower > 0 || (o.transitions?.length ?? 0) > 0);
  if (impact.outputs.every((o) => o.compared === 0)) {
    out.push(`  ${t('没有任何输出能在两边都算出，无从比较', 'no output could be computed by both sides: nothing to compare')}`);
    return out;
  }
  const never = impact.outputs.filter((o) => o.compared === 0).map((o) => o.name);
  const neverLine = never.length
    ? [`  ${t('从未能在两边都算出的输出', 'outputs never computable by both')} (${never.length}): ${never.join(', ')}`]
    : [];
  if (changed.length === 0) {
    out.push(`  ${t('其余共同输出均无变化', 'no change in any output both could compute')} (${impact.outputs.length - never.length} ${t('个输出', 'outputs')})`, ...neverLine);
    return out;
  }
  const kindOf = (o: OutputImpact) => o.type.replace(/\(.*$/, '');
  const paint = (text: string, colour: 'green' | 'red') => (color && text !== '0' ? `${ANSI[colour]}${text}${ANSI.reset}` : text);
  const head = [
    t('输出', 'output'),
    t('对个人', 'for person'),
    t('升高', 'higher'),
    t('降低', 'lower'),
    t('不变', 'same'),
    t('受益', 'better'),
    t('受损', 'worse'),
    t('金额合计变化', 'Σ Δ money'),
    t('平均变化', 'mean Δ'),
    'p10 / p50 / p90',
  ];
  const rowOf = (name: string, o: OutputImpact, s: ChangeSummary): string[] => {
    const kind = kindOf(o);
    return [
      name,
      directionWords(lang, o),
      String(s.higher),
      String(s.lower),
      String(s.same),
      o.direction ? String(s.gain) : '—',
      o.direction ? String(s.lose) : '—',
      s.totalDelta !== undefined ? signed(s.totalDelta, kind) : '',
      s.delta ? signed(s.delta.mean, kind) : '',
      s.delta ? `${signed(s.delta.p10, kind)} / ${signed(s.delta.p50, kind)} / ${signed(s.delta.p90, kind)}` : (o.transitions ?? []).slice(0, 2).map((tr) => `${String(tr.from)}→${String(tr.to)} ×${tr.count}`).join(', '),
    ];
  };
  const rows: string[][] = [];
  for (const o of changed) {
    const r = rowOf(o.name, o, o);
    if (o.missingA + o.missingB > 0) r[0] = `${r[0]} (n/a A ${o.missingA} · B ${o.missingB})`;
    rows.push(r);
    for (const g of o.groups ?? []) rows.push(rowOf(`  ${impact.by}=${g.group}`, o, g));
  }
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const right = (i: number) => i > 1 && i < 9;
  out.push(`  ${head.map((h, i) => pad(h, widths[i]!, right(i))).join('  ')}`);
  for (const r of rows) out.push(`  ${r.map((c, i) => (i === 5 ? paint(pad(c, widths[i]!, true), 'green') : i === 6 ? paint(pad(c, widths[i]!, true), 'red') : pad(c, widths[i]!, right(i)))).join('  ')}`);
  out.push(`  (${t('受益/受损按输出对个人的方向（待遇升高或负担降低为受益）；比率与人次不求和，只合计金额', 'better/worse by the output\'s direction for the person (a benefit rising or a cost falling is better); rates and counts are never summed, only money')})`);
  const unchanged = impact.outputs.length - changed.length - never.length;
  if (unchanged > 0) out.push(`  (${unchanged} ${t('个输出无变化', 'other outputs unchanged')})`);
  out.push(...neverLine);
  if (impact.onlyA.length) out.push(`  ${t('仅 A 有', 'only in A')}: ${impact.onlyA.join(', ')}`);
  if (impact.onlyB.length) out.push(`  ${t('仅 B 有', 'only in B')}: ${impact.onlyB.join(', ')}`);
  return out;
}

function itemsText(title: string, items: readonly ItemChange[], lang: Lang, kind: string): string[] {
  if (items.length === 0) return [];
  const out = [`${title}:`];
  for (const i of items) {
    const where = i.change === 'added' ? ` (${i.layerB})` : i.change === 'removed' ? ` (${i.layerA})` : '';
    out.push(`  ${MARK[i.change]} ${kind} ${i.name}  ${labelText(lang, i.label)}${where}`);
    for (const f of i.fields) out.push(...fieldLines(f));
  }
  return out;
}

/** A changed field: on one line when short, else old and new on lines of their own. */
function fieldLines(f: FieldChange): string[] {
  const one = fieldText(f);
  if (one.length <= 110 && f.field !== 'formula') return [`      ${one}`];
  const show = (v: unknown): string =>
    v === undefined ? '—' : typeof v === 'string' ? v : v && typeof v === 'object' && 'zh' in v && 'en' in v ? `${(v as { zh: string }).zh} / ${(v as { en: string }).en}` : JSON.stringify(v);
  return [`      ${f.field}:`, `        − ${show(f.old)}`, `        + ${show(f.new)}`];
}

function paramsText(items: readonly ParameterChange[], lang: Lang): string[] {
  if (items.length === 0) return [];
  const out = [`${plain(lang, '参数', 'Parameters')}:`];
  for (const p of items) {
    out.push(`  ${MARK[p.change]} ${p.name}  ${labelText(lang, p.label)}  (${p.type}${p.by ? ` by ${p.by}` : ''})`);
    for (const f of p.fields) out.push(...fieldLines(f));
    for (const v of p.values) out.push(`      ${valueChangeText(v, p.type)}`);
  }
  return out;
}

/** The diff (and impact) as text lines for the terminal. */
export function diffText(diff: RulesetDiff, impact: Impact | undefined, options: DiffRenderOptions = {}): string[] {
  const lang = options.lang ?? 'both';
  const c = diffCounts(diff);
  const count = (x: { added: number; changed: number; removed: number }) => `${x.added} added · ${x.changed} changed · ${x.removed} removed`;
  const out = [
    `A ${diff.a.id}@${diff.a.version}  ${diff.a.hash}`,
    `B ${diff.b.id}@${diff.b.version}  ${diff.b.hash}`,
    diff.identical
      ? plain(lang, '内容相同（哈希一致）', 'identical content (same hash)')
      : `${plain(lang, '规则', 'rules')} ${count(c.rules)} | ${plain(lang, '参数', 'parameters')} ${count(c.parameters)} | ${plain(lang, '输入', 'inputs')} ${count(c.inputs)} | ${plain(lang, '来源', 'sources')} ${count(c.sources)}`,
    '',
  ];
  const sections = [
    itemsText(plain(lang, '规则', 'Rules'), diff.rules, lang, 'rule'),
    paramsText(diff.parameters, lang),
    itemsText(plain(lang, '输入', 'Inputs'), diff.inputs, lang, 'input'),
    itemsText(plain(lang, '来源', 'Sources'), diff.sources, lang, 'source'),
  ].filter((s) => s.length > 0);
  for (const s of sections) out.push(...s, '');
  if (impact) out.push(...impactText(impact, lang, options.color ?? false));
  return out;
}

// ───────────────────────────── HTML ─────────────────────────────

function fieldHtml(f: FieldChange, lang: Lang): Html {
  const show = (v: unknown): Child => {
    if (v === undefined) return '—';
    if (f.field === 'formula' && typeof v === 'string') return html`<code class="formula">${v}</code>`;
    if (v && typeof v === 'object' && 'zh' in v && 'en' in v) return biLabel(lang, v as { zh: string; en: string });
    return html`<code>${typeof v === 'string' ? v : JSON.stringify(v)}</code>`;
  };
  return html`<tr><td>${f.field}</td><td class="lose">${show(f.old)}</td><td class="gain">${show(f.new)}</td></tr>`;
}

function itemsHtml(title: Html, items: readonly ItemChange[], lang: Lang): Html | null {
  if (items.length === 0) return null;
  const rows = items.map(
    (i) =>
      html`<article class="item"><h3>${MARK[i.change]} <code>${i.name}</code> ${biLabel(lang, i.label)} <span class="badge ${
        i.change === 'added' ? 'ok' : i.change === 'removed' ? 'bad' : 'warn'
      }">${i.change}</span></h3><p class="en">A: ${i.layerA ?? '—'} · B: ${i.layerB ?? '—'}</p>${
        i.fields.length ? html`<table><tbody>${i.fields.map((f) => fieldHtml(f, lang))}</tbody></table>` : null
      }</article>`,
  );
  return html`<section><h2>${title}</h2>${rows}</section>`;
}

function datedHtml(v: DatedValueView | undefined, type: string): Html {
  if (!v) return html`—`;
  return html`${paramValueText(v.value, type)}${v.until ? html` <span class="en">(until ${v.until})</span>` : null}${v.source ? html` <span class="cite">[${v.source}]</span>` : null} <span class="badge layer">${v.layer}</span>`;
}

function paramsHtml(items: readonly ParameterChange[], lang: Lang): Html | null {
  if (items.length === 0) return null;
  const rows = items.map((p) => {
    const values = p.values.map((v) => {
      let body: Child;
      if (v.change === 'added') body = html`<td>—</td><td class="gain">${datedHtml(v.new, p.type)}</td>`;
      else if (v.change === 'removed') body = html`<td class="lose">${datedHtml(v.old, p.type)}</td><td>—</td>`;
      else if (v.keys) {
        body = html`<td class="lose">${v.keys.map((k) => html`<div><code>${k.key}</code> ${paramValueText(k.old, p.type)}</div>`)}</td><td class="gain">${v.keys.map(
          (k) => html`<div><code>${k.key}</code> ${paramValueText(k.new, p.type)}</div>`,
        )}${v.fields.map((f) => html`<div class="en">${fieldText(f)}</div>`)}</td>`;
      } else body = html`<td class="lose">${datedHtml(v.old, p.type)}</td><td class="gain">${datedHtml(v.new, p.type)}</td>`;
      return html`<tr><td class="num">${v.from}</td><td>${v.change}</td>${body}</tr>`;
    });
    return html`<article class="item"><h3>${MARK[p.change]} <code>${p.name}</code> ${biLabel(lang, p.label)} <span class="badge">${p.type}${p.by ? ` by ${p.by}` : ''}</span></h3>${
      p.fields.length ? html`<table><tbody>${p.fields.map((f) => fieldHtml(f, lang))}</tbody></table>` : null
    }${
      values.length
        ? html`<table><thead><tr><th>${bi(lang, '起', 'From')}</th><th></th><th>A</th><th>B</th></tr></thead><tbody>${values}</tbody></table>`
        : null
    }</article>`;
  });
  return html`<section><h2>${bi(lang, '参数', 'Parameters')}</h2>${rows}</section>`;
}

/** The counts of one output (or group) for the person, or higher / lower when it has no direction. */
function countsFor(o: OutputImpact, s: ChangeSummary, lang: Lang): Html {
  if (o.direction) {
    // Ordered better, same, worse whatever the sign: a cost that falls is better.
    return countsSvg(s.gain, s.same, s.lose, { gain: plain(lang, '受益', 'better off'), same: plain(lang, '不变', 'same'), lose: plain(lang, '受损', 'worse off') });
  }
  return countsSvg(s.higher, s.same, s.lower, { gain: plain(lang, '升高', 'higher'), same: plain(lang, '不变', 'same'), lose: plain(lang, '降低', 'lower') }, 560, true);
}

function statsHtml(s: ChangeSummary, kind: string, lang: Lang): Html | null {
  if (!s.delta) return null;
  const money =
    s.totalDelta !== undefined
      ? html`<tr><th>Σ A</th><td class="num">${formatValue(s.totalA!, kind)}</td><th>Σ B</th><td class="num">${formatValue(s.totalB!, kind)}</td><th>Σ Δ</th><td class="num">${signed(s.totalDelta, kind)}</td></tr>`
      : null;
  return html`<div class="scroll"><table><tbody>${money}<tr><th>${bi(lang, '平均', 'mean')} Δ</th><td class="num">${signed(s.delta.mean, kind)}</td><th>p10 / p50 / p90</th><td class="num" colspan="3">${signed(
    s.delta.p10,
    kind,
  )} / ${signed(s.delta.p50, kind)} / ${signed(s.delta.p90, kind)}</td></tr><tr><th>min</th><td class="num">${signed(s.delta.min, kind)}</td><th>max</th><td class="num">${signed(
    s.delta.max,
    kind,
  )}</td><td colspan="2"></td></tr></tbody></table></div>`;
}

function groupsHtml(o: OutputImpact, by: string, lang: Lang, labels: Readonly<Record<string, { zh: string; en: string }>> | undefined): Html | null {
  if (!o.groups || o.groups.length === 0) return null;
  const kind = o.type.replace(/\(.*$/, '');
  const name = (g: string) => (labels?.[g] ? plain(lang, labels[g]!.zh, labels[g]!.en) : g);
  const rows = o.groups.map(
    (g) =>
      html`<tr><th>${name(g.group)}</th><td class="num">${g.compared}</td>${
        o.direction ? html`<td class="num gain">${g.gain}</td><td class="num lose">${g.lose}</td>` : html`<td class="num">${g.higher}</td><td class="num">${g.lower}</td>`
      }<td class="num">${g.same}</td><td class="num">${g.delta ? signed(g.delta.mean, kind) : ''}</td><td class="num">${
        g.delta ? `${signed(g.delta.p10, kind)} / ${signed(g.delta.p50, kind)} / ${signed(g.delta.p90, kind)}` : ''
      }</td>${kind === 'money' ? html`<td class="num">${g.totalDelta !== undefined ? signed(g.totalDelta, kind) : ''}</td>` : null}</tr>`,
  );
  const plot = o.groups.some((g) => g.delta)
    ? groupsSvg(
        o.groups.filter((g) => g.delta).map((g) => ({ group: name(g.group), count: g.compared, ...g.delta! })),
        `${o.name}: B − A by ${by}`,
        o.direction,
      )
    : null;
  return html`<h4>${bi(lang, '按', 'By')} <code>${by}</code></h4><div class="scroll"><table><thead><tr><th></th><th>${bi(lang, '比较数', 'compared')}</th>${
    o.direction ? html`<th>${bi(lang, '受益', 'better')}</th><th>${bi(lang, '受损', 'worse')}</th>` : html`<th>${bi(lang, '升高', 'higher')}</th><th>${bi(lang, '降低', 'lower')}</th>`
  }<th>${bi(lang, '不变', 'same')}</th><th>${bi(lang, '平均', 'mean')} Δ</th><th>p10 / p50 / p90</th>${kind === 'money' ? html`<th>Σ Δ</th>` : null}</tr></thead><tbody>${rows}</tbody></table></div>${plot}`;
}

function outputImpactHtml(o: OutputImpact, lang: Lang, by: string | undefined, byLabels: Readonly<Record<string, { zh: string; en: string }>> | undefined): Html {
  const kind = o.type.replace(/\(.*$/, '');
  const stats = o.delta
    ? statsHtml(o, kind, lang)
    : o.transitions && o.transitions.length
      ? html`<table><tbody>${o.transitions.slice(0, 10).map((t) => html`<tr><td><code>${String(t.from)}</code> → <code>${String(t.to)}</code></td><td class="num">${t.count}</td></tr>`)}</tbody></table>`
      : null;
  const chart = o.histogram && o.histogram.length > 0 && o.higher + o.lower > 0 ? histogramSvg(o.histogram, `${o.name}: B − A`, 560, 180, o.direction) : null;
  const na = o.missingA + o.missingB > 0 ? html`<p class="en">${bi(lang, '无法计算', 'not computable')}: A ${o.missingA} · B ${o.missingB}</p>` : null;
  const dir = o.direction
    ? html`<span class="badge ${o.direction === 'benefit' ? 'ok' : 'warn'}">${o.direction === 'benefit' ? bi(lang, '待遇：越高越好', 'benefit: higher is better') : bi(lang, '负担：越低越好', 'cost: lower is better')}</span>`
    : html`<span class="badge">${bi(lang, '未声明方向', 'no direction declared')}</span>`;
  return html`<article class="item" id="impact-${o.name}"><h3><code>${o.name}</code> ${biLabel(lang, o.label)} <span class="badge">${o.type}</span> ${dir}</h3>${na}${countsFor(o, o, lang)}${stats}${chart}${
    by ? groupsHtml(o, by, lang, byLabels) : null
  }</article>`;
}

function impactHtml(impact: Impact, lang: Lang, byLabels?: Readonly<Record<string, { zh: string; en: string }>>): Html {
  const changed = impact.outputs.filter((o) => o.higher + o.lower > 0 || (o.transitions?.length ?? 0) > 0);
  const unchanged = impact.outputs.filter((o) => !changed.includes(o));
  const errors = (e: Readonly<Record<string, number>>) => Object.entries(e).map(([c, n]) => html`<code>${c}</code> ${n} `);
  return html`<section id="impact"><h2>${bi(lang, '影响', 'Impact')}</h2><p>${impact.population.description}${
    impact.date ? html` · ${bi(lang, '评估日期', 'evaluation date')} <code>${impact.date}</code>` : null
  } · ${impact.evaluated} / ${impact.inputs} ${bi(lang, '两边均完整计算', 'evaluated in full by both')} · ${bi(lang, '无效输入', 'invalid inputs')} ${impact.invalid} / ${impact.inputs}${
    impact.partial ? html` · ${impact.partial} ${bi(lang, '部分计算（未公布的参数）', 'in part (unpublished figures)')}` : null
  }</p>${
    Object.keys(impact.errorsA).length ? html`<p>A ${bi(lang, '失败', 'failed')}: ${errors(impact.errorsA)}</p>` : null
  }${Object.keys(impact.errorsB).length ? html`<p>B ${bi(lang, '失败', 'failed')}: ${errors(impact.errorsB)}</p>` : null}${
    impact.examplesOfErrors.length
      ? html`<details><summary>${bi(lang, '失败示例', 'Examples of failures')}</summary><ul>${impact.examplesOfErrors.map(
          (e) => html`<li>${e.side} ${e.label}: <code>${e.code}</code> ${e.message}</li>`,
        )}</ul></details>`
      : null
  }${
    impact.outputs.every((o) => o.compared === 0)
      ? html`<p>${bi(lang, '没有任何输出能在两边都算出，无从比较。', 'No output could be computed by both sides: nothing to compare.')}</p>`
      : changed.length === 0
        ? html`<p>${bi(lang, '所有共同输出均无变化。', 'No output changes for any input.')}</p>`
        : changed.map((o) => outputImpactHtml(o, lang, impact.by, byLabels))
  }${
    unchanged.length ? html`<p class="en">${bi(lang, '无变化的输出', 'Unchanged outputs')}: ${unchanged.map((o) => html`<code>${o.name}</code> `)}</p>` : null
  }</section>`;
}

/** The diff (and impact) as a standalone HTML page (inline CSS, inline SVG, no script). */
export function diffHtml(diff: RulesetDiff, impact: Impact | undefined, options: DiffRenderOptions = {}): string {
  const lang = options.lang ?? 'both';
  const c = diffCounts(diff);
  const sideRow = (name: string, s: RulesetDiff['a']) =>
    html`<tr><th>${name}</th><td>${biLabel(lang, s.label)}</td><td><code>${s.id}@${s.version}</code></td><td><code>${s.jurisdiction}</code></td><td class="hash">${s.hash}</td></tr>`;
  const summary = html`<table><tbody>${sideRow('A', diff.a)}${sideRow('B', diff.b)}</tbody></table><table><thead><tr><th></th><th>+</th><th>~</th><th>−</th></tr></thead><tbody>${(
    [
      ['rules', bi(lang, '规则', 'Rules')],
      ['parameters', bi(lang, '参数', 'Parameters')],
      ['inputs', bi(lang, '输入', 'Inputs')],
      ['sources', bi(lang, '来源', 'Sources')],
    ] as const
  ).map(([k, l]) => html`<tr><th>${l}</th><td class="num">${c[k].added}</td><td class="num">${c[k].changed}</td><td class="num">${c[k].removed}</td></tr>`)}</tbody></table>`;
  const body = html`<h1>${bi(lang, '规则集差异', 'Ruleset diff')}: <code>${diff.a.id}@${diff.a.version}</code> → <code>${diff.b.id}@${diff.b.version}</code></h1>${summary}${
    diff.identical ? html`<p>${bi(lang, '内容相同（哈希一致）。', 'Identical content (same hash).')}</p>` : null
  }${itemsHtml(bi(lang, '规则', 'Rules'), diff.rules, lang)}${paramsHtml(diff.parameters, lang)}${itemsHtml(bi(lang, '输入', 'Inputs'), diff.inputs, lang)}${itemsHtml(
    bi(lang, '来源', 'Sources'),
    diff.sources,
    lang,
  )}${impact ? impactHtml(impact, lang, options.byLabels) : null}`;
  return page({ lang, title: `diff ${diff.a.id}@${diff.a.version} → ${diff.b.id}@${diff.b.version}`, root: '', body, home: false, head: FIT_CHARTS });
}
