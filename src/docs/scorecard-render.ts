/**
 * A policy-target scorecard for people: text lines for the terminal and a standalone HTML page with one
 * SVG chart per target (the series, the target line, the linear path to the deadline). No client JS;
 * every string from the files is escaped. Pure.
 */
import { formatRate, formatNumber } from '../present/format';
import { html, type Html } from './html';
import { bi, label as biLabel, paragraphs, plain, type Lang } from './i18n';
import { page } from './layout';
import { FIT_CHARTS } from './svg';
import type { Scorecard, TargetResult, TargetSet, TargetStatus, IndicatorUnit } from '../compare/scorecard';

const STATUS: Record<TargetStatus, { zh: string; en: string; cls: string }> = {
  met: { zh: '已达成', en: 'met', cls: 'ok' },
  'on-track': { zh: '进度正常', en: 'on track', cls: 'ok' },
  behind: { zh: '落后于进度', en: 'behind', cls: 'bad' },
  'past-deadline': { zh: '已过期限未达成', en: 'past deadline', cls: 'bad' },
  'no-deadline': { zh: '未达成（无期限）', en: 'not met (no deadline)', cls: 'warn' },
  unknown: { zh: '数据不足', en: 'too few figures', cls: 'warn' },
};

/** A value of the indicator as people read it: a share as a percentage, other units as numbers. */
function valueText(value: string | undefined, unit: IndicatorUnit, lang: 'zh' | 'en' = 'en'): string {
  if (value === undefined) return '—';
  if (unit === 'rate') return formatRate(value);
  const n = formatNumber(value);
  return unit === 'minutes' ? (lang === 'zh' ? `${n} 分钟` : `${n} min`) : n;
}

/** A per-year change: percentage points for shares. */
function perYear(value: string | undefined, unit: IndicatorUnit): string {
  if (value === undefined) return '—';
  const sign = value.startsWith('-') ? '' : '+';
  if (unit === 'rate') return `${sign}${formatNumber(String(Math.round(Number(value) * 1000) / 10))} pp`;
  return `${sign}${formatNumber(value)}`;
}

function targetText(r: TargetResult): string {
  const t = r.target;
  return `${t.direction === 'atLeast' ? '≥' : '≤'} ${valueText(t.target, t.unit)}`;
}

/** The scorecard as text lines. */
export function scorecardText(card: Scorecard, lang: Lang = 'both'): string[] {
  const t = (zh: string, en: string) => plain(lang, zh, en);
  const out = [`${t(card.set.label.zh, card.set.label.en)} (${card.set.name})${card.asOf ? ` · ${t('截至', 'as of')} ${card.asOf}` : ''}`, ''];
  const rows = card.results.map((r) => [
    r.target.id,
    r.current ? `${valueText(r.current.value, r.target.unit)} (${r.current.year})` : '—',
    targetText(r),
    r.target.deadline !== undefined ? String(r.target.deadline) : t('无', 'none'),
    t(STATUS[r.status].zh, STATUS[r.status].en),
    r.neededPerYear !== undefined ? perYear(r.neededPerYear, r.target.unit) : '',
  ]);
  const head = [t('目标', 'target'), t('当前', 'current'), t('目标值', 'target value'), t('期限', 'deadline'), t('状态', 'status'), t('每年还需', 'needed / year')];
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - width(c)))).join('  ')}`.trimEnd();
  out.push(line(head));
  for (const r of rows) out.push(line(r));
  out.push('');
  for (const r of card.results) out.push(`  ${r.target.id}: ${t(r.target.label.zh, r.target.label.en)} — ${t('来源', 'source')} ${r.target.source}`);
  if (card.unusedIndicators.length) out.push('', `  ${t('没有目标使用的指标', 'indicators no target uses')}: ${card.unusedIndicators.join(', ')}`);
  return out;
}

/** One chart: observations (dots and line), the target (dashed), the linear path from the first figure to the target at the deadline. */
export function targetChartSvg(r: TargetResult, title: string, width = 520, height = 200): Html {
  const padL = 48;
  const padR = 16;
  const padT = 12;
  const padB = 28;
  const t = r.target;
  const years = r.series.map((o) => o.year);
  const y0 = Math.min(...years, t.setIn ?? Infinity, t.deadline ?? Infinity);
  const y1 = Math.max(...years, t.deadline ?? -Infinity, y0 + 1);
  const values = [...r.series.map((o) => Number(o.value)), Number(t.target)];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (t.unit === 'rate') {
    lo = Math.max(0, Math.floor(lo * 10) / 10 - 0.1);
    hi = Math.min(1, Math.ceil(hi * 10) / 10 + (hi >= 1 ? 0 : 0.05));
  }
  if (hi <= lo) hi = lo + 1;
  const x = (year: number) => padL + ((year - y0) / (y1 - y0)) * (width - padL - padR);
  const y = (v: number) => padT + (1 - (v - lo) / (hi - lo)) * (height - padT - padB);
  const fmt = (v: number) => (t.unit === 'rate' ? `${Math.round(v * 100)}%` : formatNumber(String(v)));
  const goal = Number(t.target);
  const first = r.series[0];
  const path =
    first && t.deadline !== undefined && r.series.length >= 2
      ? html`<line x1="${x(first.year).toFixed(1)}" y1="${y(Number(first.value)).toFixed(1)}" x2="${x(t.deadline).toFixed(1)}" y2="${y(goal).toFixed(1)}" stroke="#59636e" stroke-dasharray="2 3"><title>linear path to the target</title></line>`
      : null;
  const points = r.series.map((o) => `${x(o.year).toFixed(1)},${y(Number(o.value)).toFixed(1)}`).join(' ');
  const colour = STATUS[r.status].cls === 'ok' ? '#1a7f37' : STATUS[r.status].cls === 'bad' ? '#cf222e' : '#9a6700';
  const dots = r.series.map((o) => html`<circle cx="${x(o.year).toFixed(1)}" cy="${y(Number(o.value)).toFixed(1)}" r="3.5" fill="${colour}"><title>${o.year}: ${valueText(o.value, t.unit)}</title></circle>`);
  const ticks: Html[] = [];
  const step = Math.max(1, Math.ceil((y1 - y0) / 8));
  for (let yr = y0; yr <= y1; yr += step) ticks.push(html`<text x="${x(yr).toFixed(1)}" y="${height - padB + 14}" font-size="10" text-anchor="middle">${yr}</text>`);
  const deadline =
    t.deadline !== undefined
      ? html`<line x1="${x(t.deadline).toFixed(1)}" y1="${padT}" x2="${x(t.deadline).toFixed(1)}" y2="${height - padB}" stroke="#9a6700" stroke-dasharray="4 3"><title>deadline ${t.deadline}</title></line>`
      : null;
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><line x1="${padL}" y1="${height - padB}" x2="${width - padR}" y2="${height - padB}" stroke="#59636e"/><line x1="${padL}" y1="${padT}" x2="${padL}" y2="${height - padB}" stroke="#59636e"/><text x="${padL - 4}" y="${padT + 8}" font-size="10" text-anchor="end">${fmt(hi)}</text><text x="${padL - 4}" y="${height - padB}" font-size="10" text-anchor="end">${fmt(lo)}</text><line x1="${padL}" y1="${y(goal).toFixed(1)}" x2="${width - padR}" y2="${y(goal).toFixed(1)}" stroke="#0b57d0" stroke-dasharray="6 4"><title>target ${valueText(t.target, t.unit)}</title></line><text x="${width - padR}" y="${(y(goal) - 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#0b57d0">${targetText(r)}</text>${deadline}${path}${
    points ? html`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"/>` : null
  }${dots}${ticks}</svg>`;
}

/** Options of {@link scorecardHtml}. */
export interface ScorecardHtmlOptions {
  readonly lang?: Lang;
  /** The target set, for its sources (title, issuer, date, status). */
  readonly set?: TargetSet;
  /** Shown at the top: where the indicator figures come from (e.g. "EXAMPLE DATA"). */
  readonly dataNote?: string;
}

/** The scorecard as a standalone HTML page (inline CSS and SVG, no script). */
export function scorecardHtml(card: Scorecard, options: ScorecardHtmlOptions = {}): string {
  const lang = options.lang ?? 'both';
  const sources = new Map((options.set?.sources ?? []).map((s) => [s.id, s]));
  const rows = card.results.map((r) => {
    const s = STATUS[r.status];
    return html`<tr><td><a href="#t-${r.target.id}">${biLabel(lang, r.target.label)}</a></td><td class="num">${r.current ? html`${valueText(r.current.value, r.target.unit)} <span class="en">(${r.current.year})</span>` : '—'}</td><td class="num">${targetText(
      r,
    )}</td><td class="num">${r.target.deadline ?? bi(lang, '无', 'none')}</td><td><span class="badge ${s.cls}">${bi(lang, s.zh, s.en)}</span></td></tr>`;
  });
  const sections = card.results.map((r) => {
    const t = r.target;
    const src = sources.get(t.source);
    const s = STATUS[r.status];
    return html`<article class="item" id="t-${t.id}"><h3>${biLabel(lang, t.label)} <span class="badge ${s.cls}">${bi(lang, s.zh, s.en)}</span></h3>${paragraphs(lang, t.definition)}<dl class="meta"><dt>${bi(
      lang,
      '目标',
      'Target',
    )}</dt><dd>${targetText(r)}${t.deadline !== undefined ? html` · ${bi(lang, '期限', 'by')} ${t.deadline}` : html` · ${bi(lang, '持续要求，无期限', 'standing requirement, no deadline')}`}</dd><dt>${bi(lang, '当前', 'Current')}</dt><dd>${
      r.current ? html`${valueText(r.current.value, t.unit)} (${r.current.year})` : bi(lang, '无数据', 'no figure')
    }</dd>${r.expected !== undefined ? html`<dt>${bi(lang, '按线性进度应达', 'Linear path asks for')}</dt><dd>${valueText(r.expected, t.unit)}</dd>` : null}${
      r.observedPerYear !== undefined ? html`<dt>${bi(lang, '实际每年变化', 'Observed per year')}</dt><dd>${perYear(r.observedPerYear, t.unit)}</dd>` : null
    }${r.neededPerYear !== undefined ? html`<dt>${bi(lang, '每年还需', 'Needed per year')}</dt><dd>${perYear(r.neededPerYear, t.unit)}</dd>` : null}<dt>${bi(lang, '来源', 'Source')}</dt><dd>${
      src ? html`${src.title}${src.issuer ? html` · ${src.issuer}` : null}${src.date ? html` · ${src.date}` : null}${src.status ? html` <span class="badge">${src.status}</span>` : null}` : t.source
    }</dd>${t.note ? html`<dt>${bi(lang, '说明', 'Note')}</dt><dd>${biLabel(lang, t.note)}</dd>` : null}</dl>${
      r.series.length > 0 ? targetChartSvg(r, `${t.label.en}: ${r.series.map((o) => `${o.year} ${valueText(o.value, t.unit)}`).join(', ')}`) : null
    }</article>`;
  });
  const body: Html = html`<h1>${bi(lang, '政策目标记分卡', 'Policy-target scorecard')}: ${biLabel(lang, card.set.label)}</h1>${
    options.dataNote ? html`<p class="badge warn">${options.dataNote}</p>` : null
  }<p>${bi(
    lang,
    '状态按从第一个数据点到期限时目标值的直线判断：当前值在线上或更好为“进度正常”，否则为“落后”。',
    'Status is judged against the straight line from the first figure to the target at its deadline: at or beyond the line is “on track”, short of it “behind”.',
  )}</p><table><thead><tr><th>${bi(lang, '目标', 'Target')}</th><th>${bi(lang, '当前', 'Current')}</th><th>${bi(lang, '目标值', 'Target value')}</th><th>${bi(lang, '期限', 'Deadline')}</th><th>${bi(
    lang,
    '状态',
    'Status',
  )}</th></tr></thead><tbody>${rows}</tbody></table>${sections}`;
  return page({ lang, title: `scorecard ${card.set.name}`, root: '', body, home: false, head: FIT_CHARTS });
}
