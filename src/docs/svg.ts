/**
 * Small static SVG charts for the diff page (no client JS): a histogram of B − A per output, and a
 * gain / same / lose bar. Numbers in labels are escaped text; coordinates are computed here. Pure.
 */
import { html, type Html } from './html';
import { formatNumber } from '../present/format';
import type { Bin } from '../compare/impact';

const GAIN = '#1a7f37';
const LOSE = '#cf222e';
const SAME = '#8c959f';

function shortNumber(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return formatNumber(text.replace(/\.0+$/, ''));
}

/**
 * Histogram of deltas: bars left of zero red (lose), right green (gain), a bin holding zero grey.
 *
 * @param title accessible title (plain text)
 */
export function histogramSvg(bins: readonly Bin[], title: string, width = 560, height = 180): Html {
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
    const fill = lo === hi ? (lo > 0 ? GAIN : lo < 0 ? LOSE : SAME) : hi <= 0 ? LOSE : lo >= 0 ? GAIN : SAME;
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
export function countsSvg(gain: number, same: number, lose: number, labels: { gain: string; same: string; lose: string }, width = 560): Html {
  const total = Math.max(1, gain + same + lose);
  const w = width - 2;
  const parts: [number, string, string][] = [
    [gain, GAIN, labels.gain],
    [same, SAME, labels.same],
    [lose, LOSE, labels.lose],
  ];
  let x = 1;
  const rects = parts.map(([n, color, text]) => {
    const pw = (n / total) * w;
    const r = html`<rect x="${x.toFixed(1)}" y="2" width="${pw.toFixed(1)}" height="18" fill="${color}"><title>${text}: ${n}</title></rect>`;
    x += pw;
    return r;
  });
  const legend = html`<text x="1" y="36" font-size="11" fill="${GAIN}">${labels.gain} ${gain}</text><text x="${(w / 2).toFixed(0)}" y="36" font-size="11" text-anchor="middle" fill="#59636e">${
    labels.same
  } ${same}</text><text x="${w}" y="36" font-size="11" text-anchor="end" fill="${LOSE}">${labels.lose} ${lose}</text>`;
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} 42" width="${width}" height="42" xmlns="http://www.w3.org/2000/svg"><title>${labels.gain} ${gain} · ${labels.same} ${same} · ${
    labels.lose
  } ${lose}</title>${rects}${legend}</svg>`;
}
