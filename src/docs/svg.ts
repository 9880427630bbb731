/**
 * Small static SVG charts for the diff page (no client JS): a histogram of B − A per output, and a
 * gain / same / lose bar. Numbers in labels are escaped text; coordinates are computed here. Pure.
 */
import { html, trusted, type Html } from './html';
import { formatNumber } from '../present/format';
import type { Bin } from '../compare/impact';

/** A page style that scales the fixed-size charts down to a narrow screen (a 390 px phone) instead of overflowing. */
export const FIT_CHARTS: Html = html`<style>${trusted('svg.chart{max-width:100%;height:auto}')}</style>`;

const GAIN = '#1a7f37';
const LOSE = '#cf222e';
const SAME = '#8c959f';
/** Higher / lower for an output without a direction: neither colour says good or bad. */
const UP = '#0b57d0';
const DOWN = '#953800';

/** What a rise means for the person: 'benefit' (green up), 'cost' (green down), or undefined (neutral colours). */
export type ChartDirection = 'benefit' | 'cost' | undefined;

/** The colours of a rise and a fall of an output with this direction. */
export function changeColours(direction: ChartDirection): { up: string; down: string } {
  return direction === 'benefit' ? { up: GAIN, down: LOSE } : direction === 'cost' ? { up: LOSE, down: GAIN } : { up: UP, down: DOWN };
}

function shortNumber(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return formatNumber(text.replace(/\.0+$/, ''));
}

/**
 * Histogram of deltas: bars coloured by what the change means for the person (`direction`: a rise of a
 * benefit or a fall of a cost green, the opposite red; without a direction blue up, brown down), a bin
 * holding zero grey.
 *
 * @param title accessible title (plain text)
 */
export function histogramSvg(bins: readonly Bin[], title: string, width = 560, height = 180, direction: ChartDirection = 'benefit'): Html {
  const { up, down } = changeColours(direction);
  const padL = 40;
  const padB = 34;
  const padT = 10;
  const padR = 24;
  const plotW = width - padL - padR;
  const plotH = height - padB - padT;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barW = bins.length > 0 ? plotW / bins.length : plotW;
  const bars = bins.map((b, i) => {
    const lo = Number(b.lo);
    const hi = Number(b.hi);
    // Bins are [lo, hi) over changed values only: a bin ending at 0 holds losses, one starting at 0
    // gains; a bin across 0 (both) is grey.
    const fill = lo === hi ? (lo > 0 ? up : lo < 0 ? down : SAME) : hi <= 0 ? down : lo >= 0 ? up : SAME;
    const h = b.count > 0 ? Math.max(1.5, (b.count / max) * plotH) : 0;
    const x = padL + i * barW;
    const y = padT + plotH - h;
    return html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${b.lo} … ${b.hi}: ${b.count}</title></rect>`;
  });
  const every = Math.max(1, Math.ceil(bins.length / 6));
  const ticks = bins.map((b, i) =>
    i % every === 0 ? html`<text x="${(padL + i * barW).toFixed(1)}" y="${height - padB + 14}" font-size="10" text-anchor="middle">${shortNumber(b.lo)}</text>` : null,
  );
  const last = bins[bins.length - 1];
  const endTick = last ? html`<text x="${(padL + bins.length * barW).toFixed(1)}" y="${height - padB + 14}" font-size="10" text-anchor="middle">${shortNumber(last.hi)}</text>` : null;
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><line x1="${padL}" y1="${
    padT + plotH
  }" x2="${width - padR}" y2="${padT + plotH}" stroke="#59636e"/><line x1="${padL}" y1="${padT}" x2="${padL}" y2="${padT + plotH}" stroke="#59636e"/><text x="${padL - 4}" y="${
    padT + 8
  }" font-size="10" text-anchor="end">${max}</text><text x="${padL - 4}" y="${padT + plotH}" font-size="10" text-anchor="end">0</text>${bars}${ticks}${endTick}<text x="${
    padL + plotW / 2
  }" y="${height - 4}" font-size="11" text-anchor="middle">B − A (${bins.reduce((n, b) => n + b.count, 0)} changed)</text></svg>`;
}

/** One horizontal bar split into gain / same / lose, with counts. */
export function countsSvg(gain: number, same: number, lose: number, labels: { gain: string; same: string; lose: string }, width = 560, neutral = false): Html {
  const GAIN_C = neutral ? UP : GAIN;
  const LOSE_C = neutral ? DOWN : LOSE;
  const total = Math.max(1, gain + same + lose);
  const w = width - 2;
  const parts: [number, string, string][] = [
    [gain, GAIN_C, labels.gain],
    [same, SAME, labels.same],
    [lose, LOSE_C, labels.lose],
  ];
  let x = 1;
  const rects = parts.map(([n, color, text]) => {
    const pw = (n / total) * w;
    const r = html`<rect x="${x.toFixed(1)}" y="2" width="${pw.toFixed(1)}" height="18" fill="${color}"><title>${text}: ${n}</title></rect>`;
    x += pw;
    return r;
  });
  const legend = html`<text x="1" y="36" font-size="11" fill="${GAIN_C}">${labels.gain} ${gain}</text><text x="${(w / 2).toFixed(0)}" y="36" font-size="11" text-anchor="middle" fill="#59636e">${
    labels.same
  } ${same}</text><text x="${w}" y="36" font-size="11" text-anchor="end" fill="${LOSE_C}">${labels.lose} ${lose}</text>`;
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} 42" width="${width}" height="42" xmlns="http://www.w3.org/2000/svg"><title>${labels.gain} ${gain} · ${labels.same} ${same} · ${
    labels.lose
  } ${lose}</title>${rects}${legend}</svg>`;
}

/** One row of {@link groupsSvg}: a group's distribution of B − A. */
export interface GroupDistribution {
  readonly group: string;
  readonly count: number;
  readonly min: string;
  readonly p10: string;
  readonly p50: string;
  readonly p90: string;
  readonly max: string;
}

/**
 * The distribution of changes per group, one row each: a whisker from min to max, a box from p10 to p90
 * and a tick at the median, on one axis with zero marked; the box is coloured by where the median lies
 * for the person (`direction`).
 */
export function groupsSvg(rows: readonly GroupDistribution[], title: string, direction: ChartDirection, width = 560): Html {
  // Room for the longest group label (CJK characters are about twice as wide).
  const labelWidth = Math.max(...rows.map((r) => [...`${r.group} (${r.count})`].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 11 : 6.2), 0)));
  const padL = Math.min(width / 2, Math.max(60, Math.ceil(labelWidth) + 10));
  const padR = 20;
  const rowH = 26;
  const padT = 8;
  const height = padT + rows.length * rowH + 30;
  const all = rows.flatMap((r) => [Number(r.min), Number(r.max)]).concat(0);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) hi = lo + 1;
  const span = hi - lo;
  lo -= span * 0.03;
  hi += span * 0.03;
  const x = (v: number) => padL + ((v - lo) / (hi - lo)) * (width - padL - padR);
  const { up, down } = changeColours(direction);
  const body = rows.map((r, i) => {
    const y = padT + i * rowH + rowH / 2;
    const med = Number(r.p50);
    const fill = med > 0 ? up : med < 0 ? down : SAME;
    return html`<g><title>${r.group} (${r.count}): min ${r.min} · p10 ${r.p10} · p50 ${r.p50} · p90 ${r.p90} · max ${r.max}</title><text x="${padL - 6}" y="${y + 4}" font-size="11" text-anchor="end">${r.group} (${r.count})</text><line x1="${x(Number(r.min)).toFixed(1)}" y1="${y}" x2="${x(Number(r.max)).toFixed(1)}" y2="${y}" stroke="#59636e"/><rect x="${x(Number(r.p10)).toFixed(1)}" y="${y - 7}" width="${Math.max(1.5, x(Number(r.p90)) - x(Number(r.p10))).toFixed(1)}" height="14" fill="${fill}" fill-opacity="0.55" stroke="${fill}"/><line x1="${x(med).toFixed(1)}" y1="${y - 9}" x2="${x(med).toFixed(1)}" y2="${y + 9}" stroke="#1f2328" stroke-width="2"/></g>`;
  });
  const axisY = padT + rows.length * rowH + 4;
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><line x1="${x(0).toFixed(1)}" y1="${padT}" x2="${x(0).toFixed(1)}" y2="${axisY}" stroke="#59636e" stroke-dasharray="3 3"/>${body}<line x1="${padL}" y1="${axisY}" x2="${width - padR}" y2="${axisY}" stroke="#59636e"/>${x(0) - padL > 40 ? html`<text x="${padL}" y="${axisY + 14}" font-size="10">${shortNumber(String(Math.round(lo * 100) / 100))}</text>` : null}<text x="${x(0).toFixed(1)}" y="${axisY + 14}" font-size="10" text-anchor="middle">0</text>${
    // The end labels only where they do not run into the zero label.
    width - padR - x(0) > 40 ? html`<text x="${width - padR}" y="${axisY + 14}" font-size="10" text-anchor="end">${shortNumber(String(Math.round(hi * 100) / 100))}</text>` : null
  }</svg>`;
}
