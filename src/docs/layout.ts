/**
 * The frame of every generated HTML page: doctype, language, a small inline stylesheet (no CDN, no web
 * fonts, no network), the site header and footer. Pure.
 */
import { html, trusted, type Child, type Html } from './html';
import { bi, htmlLang, type Lang } from './i18n';

/** The inline stylesheet shared by all pages (system fonts, CJK fallbacks installed on the machine). */
export const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg2:#f6f8fa;--accent:#0b57d0;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",sans-serif}
header.site,footer.site{background:var(--bg2);border-bottom:1px solid var(--line);padding:.6rem 1.5rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;margin-top:3rem;color:var(--muted);font-size:.85rem}
header.site a{margin-right:1.2rem;font-weight:600}
main{max-width:76rem;margin:0 auto;padding:1rem 1.5rem}
a{color:var(--accent);text-decoration:underline;text-underline-offset:2px;text-decoration-thickness:1px}a:hover{text-decoration-thickness:2px}
header.site a,a.badge,nav.toc a{text-decoration:none}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
main{overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.3;margin:1rem 0 .5rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.08rem;margin:1.6rem 0 .4rem}h4{font-size:1rem;margin:1rem 0 .3rem}
.en{color:var(--muted)}p.en{margin-top:-.3rem}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;font-size:.88em;overflow-wrap:anywhere}
code.formula{display:block;white-space:pre-wrap;background:var(--bg2);border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;margin:.3rem 0}
.step-formula code.formula{display:inline-block;padding:.15rem .5rem;margin:.1rem 0}
code.formula .fn{color:#8250df}code.formula a.name{font-weight:600}
code.formula a.param{color:#0a3069}code.formula a.input{color:#953800}
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:var(--bg2);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dl.meta{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.15rem 1rem;margin:.5rem 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.badge{display:inline-block;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;font-size:.78rem;color:var(--muted);background:#fff;max-width:100%;overflow-wrap:anywhere}
.badge.ok{color:var(--ok);border-color:var(--ok)}.badge.bad{color:var(--bad);border-color:var(--bad)}.badge.warn{color:var(--warn);border-color:var(--warn)}
.badge.layer{color:#0a3069}
article.item{border-top:1px solid var(--line);padding:.3rem 0 .6rem}
article.item h3{margin-top:.8rem}
.hash{font-family:ui-monospace,monospace;font-size:.8rem;color:var(--muted);word-break:break-all}
nav.toc{background:var(--bg2);border:1px solid var(--line);border-radius:6px;padding:.4rem .9rem;margin:1rem 0}
nav.toc ol{margin:.2rem 0;padding-left:1.2rem;columns:2}
ul.tree{list-style:none;padding-left:1.2rem;border-left:2px solid var(--line);margin:.3rem 0 .3rem .4rem}
ul.tree.root{border-left:0;padding-left:0;margin-left:0}
ul.tree li{margin:.35rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:.5rem .8rem;background:#fff;display:inline-block;min-width:min(28rem,100%);max-width:100%}
ol.trace{padding-left:1.4rem}ol.trace li.step{margin:.6rem 0}ol.trace li.output>.step-head{font-weight:500}
.step-head .name{font-family:ui-monospace,monospace}
ul.reads{margin:.1rem 0;padding-left:1.1rem;font-size:.88rem}
ul.reads a.name,ul.reads span.name{font-family:ui-monospace,monospace}ul.reads .where{color:var(--muted)}
ul.explain{padding-left:1.2rem}ul.explain li{margin:.4rem 0}
a.cite{font-size:.85em}
details{margin:.5rem 0}summary{cursor:pointer;color:var(--accent)}
.inherited{color:var(--muted)}
.note{border-left:3px solid var(--line);padding-left:.7rem;color:var(--muted);white-space:pre-wrap}
.discrepancy{border-left:3px solid var(--warn);padding-left:.7rem;white-space:pre-wrap}
.gain{color:var(--ok)}.lose{color:var(--bad)}
.scroll{overflow-x:auto}
form.play{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.35rem 1rem;align-items:center;margin:.5rem 0}
form.play label{min-width:0}
form.play fieldset{grid-column:1/-1;min-width:0;border:1px solid var(--line);border-radius:6px;display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.35rem 1rem}
form.play input,form.play select,form.play textarea{font:inherit;padding:.15rem .35rem;min-width:0;width:100%;max-width:32rem}
#playground select{max-width:100%}
button .en{color:inherit;opacity:.85}
button{font:inherit;padding:.3rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:6px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.error{color:var(--bad);white-space:pre-wrap}
ul.tree{padding-left:.8rem}
.citation .cite-details{color:var(--muted);font-size:.9em}
cite{font-style:normal}
@media (max-width:640px){main{padding:.6rem .7rem}header.site,footer.site{padding:.5rem .7rem}dl.meta,form.play,form.play fieldset{grid-template-columns:minmax(0,1fr)}dl.meta dt{margin-top:.3rem}nav.toc ol{columns:1}ul.tree{padding-left:.5rem;margin-left:.2rem}.step-formula code.formula{display:block}}
@media print{header.site,footer.site,nav.toc{display:none}details{display:block}}
`
  .trim()
  .replace(/\n/g, '');

/** What a page is made of. */
export interface PageOptions {
  readonly lang: Lang;
  /** The `<title>` (plain text; escaped here). */
  readonly title: string;
  /** Relative path from this page to the site root (`''` or `'../../'`). */
  readonly root: string;
  readonly body: Child;
  /** Extra markup for `<head>` built by this code base (e.g. the playground data block). */
  readonly head?: Html;
  /** Scripts (relative URLs) loaded at the end of `<body>`. */
  readonly scripts?: readonly string[];
  /** Constant markup of this code base placed after the scripts (e.g. an inline call). */
  readonly tail?: Html;
  /** Whether the site has a playground page to link to. */
  readonly playground?: boolean;
  /** Link to the site index in the header (default true; a standalone page such as a diff has none). */
  readonly home?: boolean;
}

/** A whole HTML document. */
export function page(o: PageOptions): string {
  const scripts = (o.scripts ?? []).map((s) => html`<script src="${s}"></script>`);
  const doc = html`<!doctype html>
<html lang="${htmlLang(o.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="minsheng-rules docs">
<link rel="icon" href="data:,">
<title>${o.title}</title>
<style>${trusted(STYLE)}</style>
${o.head ?? null}</head>
<body>
<header class="site">${
    o.home === false ? html`<strong>${bi(o.lang, '民生规则集', 'Minsheng rulesets')}</strong>` : html`<a href="${o.root}index.html">${bi(o.lang, '民生规则集', 'Minsheng rulesets')}</a>`
  }${
    o.playground ? html`<a href="${o.root}playground.html">${bi(o.lang, '试算', 'Playground')}</a>` : null
  }</header>
<main>
${o.body}
</main>
<footer class="site">${bi(
    o.lang,
    '由 minsheng-rules 根据规则集文件生成，请勿手工编辑。每个数值都注明其来源；来源状态见“来源”一节。',
    'Generated by minsheng-rules from the ruleset files; do not edit by hand. Every figure names its source; see “Sources” for how each was checked.',
  )}</footer>
${scripts}${o.tail ?? null}
</body>
</html>
`;
  return doc.value;
}
