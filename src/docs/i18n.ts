/**
 * Languages of generated pages: Chinese, English, or both side by side (`--lang both`). One helper per
 * output format, so a page never mixes up which text is escaped how. Pure.
 */
import { html, type Html } from './html';
import { mdText } from './markdown';
import type { Label } from '../ruleset/schema';

/** Page language: `both` renders Chinese and English side by side. */
export type Lang = 'zh' | 'en' | 'both';

/** The `lang` attribute of a page. */
export function htmlLang(lang: Lang): string {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/** Bilingual text as HTML: each language in its own `lang`-tagged span; in `both`, English follows in a muted span. */
export function bi(lang: Lang, zh: string, en: string): Html {
  if (lang === 'zh') return html`<span lang="zh-CN">${zh}</span>`;
  if (lang === 'en') return html`<span lang="en">${en}</span>`;
  return html`<span lang="zh-CN">${zh}</span> <span class="en" lang="en">${en}</span>`;
}

/** A ruleset {@link Label} (or nothing) as HTML, like {@link bi}. */
export function label(lang: Lang, l: Label | undefined): Html | null {
  return l ? bi(lang, l.zh, l.en) : null;
}

/** Bilingual paragraphs (a rule's `text`, a description): one `<p>` per language. */
export function paragraphs(lang: Lang, l: Label | undefined, cls = ''): Html | null {
  if (!l) return null;
  const c = cls ? ` ${cls}` : '';
  const zh = html`<p class="zh${c}" lang="zh-CN">${l.zh}</p>`;
  const en = html`<p class="en${c}" lang="en">${l.en}</p>`;
  if (lang === 'zh') return zh;
  if (lang === 'en') return en;
  return html`${zh}${en}`;
}

/** Bilingual text as Markdown (escaped): `中文 · English` in `both`. */
export function mdBi(lang: Lang, zh: string, en: string): string {
  if (lang === 'zh') return mdText(zh);
  if (lang === 'en') return mdText(en);
  return `${mdText(zh)} · ${mdText(en)}`;
}

/** A {@link Label} as Markdown text. */
export function mdLabel(lang: Lang, l: Label | undefined): string {
  return l ? mdBi(lang, l.zh, l.en) : '';
}

/** Plain (unescaped) bilingual text, for places that escape themselves (titles, SVG text). */
export function plain(lang: Lang, zh: string, en: string): string {
  if (lang === 'zh') return zh;
  if (lang === 'en') return en;
  return `${zh} · ${en}`;
}
