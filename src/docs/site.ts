/**
 * The static docs site: an index of the rulesets by domain and overlay tree (national → province →
 * city) with versions and content hashes, a page per ruleset (HTML and Markdown), and the playground.
 * {@link buildSite} is pure and deterministic (no timestamps): the same rulesets give the same bytes,
 * so a test can tell when the committed docs are out of date. Reading and writing files is in site-fs.ts.
 */
import { html, jsonForScript, trusted, type Html } from './html';
import { bi, label, mdBi, mdLabel, paragraphs, plain, type Lang } from './i18n';
import { page } from './layout';
import { mdCode, mdText } from './markdown';
import { jurisdictionName, layerKey, pagePaths, type DocRuleset } from './model';
import { rulesetPageHtml, type PageContext } from './render';
import { rulesetPageMarkdown } from './render-md';

/** Options of {@link buildSite}. */
export interface SiteOptions {
  /** Page language(s); default `both` (Chinese and English side by side). */
  readonly lang?: Lang;
  /** Write Markdown pages next to the HTML (default true). */
  readonly markdown?: boolean;
  /**
   * The playground: the library's browser bundle (an IIFE defining the `Minsheng` global, which includes
   * the playground app). Leave out to build a site without a playground.
   */
  readonly playground?: { readonly bundle: string };
}

/** Human names of the ruleset domains (the id without its last segment). */
const DOMAINS: Readonly<Record<string, readonly [string, string]>> = {
  'cn/medical': ['医疗保障：一站式结算', 'Medical insurance: one-stop settlement'],
  'cn/assistance': ['社会救助', 'Social assistance'],
  'cn/entitlements': ['基本公共服务与待遇', 'Public services and entitlements'],
  bench: ['基准工作负载', 'Benchmark workload'],
};

function domainOf(id: string): string {
  const i = id.lastIndexOf('/');
  return i < 0 ? id : id.slice(0, i);
}

interface TreeNode {
  readonly doc: DocRuleset;
  readonly children: TreeNode[];
}

/** Rulesets grouped by domain, each group a forest along `extends` (a parent outside the site makes a root). */
export function overlayForest(docs: readonly DocRuleset[]): Map<string, TreeNode[]> {
  const nodes = new Map<string, TreeNode>();
  for (const d of docs) nodes.set(layerKey(d.resolved), { doc: d, children: [] });
  const groups = new Map<string, TreeNode[]>();
  for (const d of docs) {
    const node = nodes.get(layerKey(d.resolved))!;
    const chain = d.resolved.chain;
    const parent = chain.length > 1 ? nodes.get(layerKey(chain[chain.length - 2]!)) : undefined;
    if (parent) parent.children.push(node);
    else {
      const g = domainOf(d.resolved.id);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(node);
    }
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function counts(doc: DocRuleset, lang: Lang): Html {
  const r = doc.resolved;
  const passed = doc.cases.filter((c) => c.result.passed).length;
  return bi(
    lang,
    `${Object.keys(r.rules).length} 条规则 · ${Object.keys(r.parameters).length} 个参数 · 实例 ${passed}/${doc.cases.length} 通过`,
    `${Object.keys(r.rules).length} rules · ${Object.keys(r.parameters).length} parameters · examples ${passed}/${doc.cases.length} pass`,
  );
}

function treeHtml(nodes: readonly TreeNode[], pages: ReadonlyMap<string, string>, lang: Lang, root: boolean): Html {
  const items = nodes.map((n) => {
    const r = n.doc.resolved;
    const j = jurisdictionName(r.jurisdiction);
    const path = pages.get(layerKey(r))!;
    const parent = r.chain.length > 1 && root ? html`<div class="en">${bi(lang, '继承', 'extends')} <code>${layerKey(r.chain[r.chain.length - 2]!)}</code></div>` : null;
    const card = html`<div class="card"><div><a href="${path}.html"><strong>${label(lang, r.label)}</strong></a></div><div><span class="badge">${bi(
      lang,
      j.zh,
      j.en,
    )} · ${r.jurisdiction}</span> <code>${r.id}</code> <span class="badge">v${r.version}</span> <a href="${path}.md">Markdown</a></div><div class="hash" title="${
      r.hash
    }">${r.hash}</div><div class="en">${counts(n.doc, lang)}</div>${parent}${
      n.doc.compileError ? html`<div class="error">${n.doc.compileError.code}</div>` : null
    }</div>`;
    return html`<li>${card}${n.children.length > 0 ? treeHtml(n.children, pages, lang, false) : null}</li>`;
  });
  return html`<ul class="tree${root ? ' root' : ''}">${items}</ul>`;
}

function indexHtml(docs: readonly DocRuleset[], pages: ReadonlyMap<string, string>, lang: Lang, playground: boolean): string {
  const groups = [...overlayForest(docs).entries()].map(([g, nodes]) => {
    const name = DOMAINS[g];
    return html`<section><h2>${name ? bi(lang, name[0], name[1]) : null} <code>${g}</code></h2>${treeHtml(nodes, pages, lang, true)}</section>`;
  });
  const intro = html`${paragraphs(lang, {
    zh: '每个规则集把一项民生政策写成可执行、可引用的规则，下面按领域和继承关系（全国 → 省 → 市）列出。每页列出来源、每条规则（公式中的名称链接到其定义）、每个参数的生效历史，以及带完整计算过程的实例。',
    en: 'Each ruleset encodes a people’s-livelihood policy as executable, citable rules, listed below by domain and overlay (national → province → city). Each page lists the sources, every rule (names in formulas link to their definitions), every parameter’s effective-dated history, and worked examples with their full traces.',
  })}${
    playground
      ? html`<p><a href="playground.html">${bi(lang, '→ 试算：选择规则集、填写输入、查看结果与计算过程', '→ Playground: pick a ruleset, fill in the inputs, see the outputs and why')}</a></p>`
      : null
  }`;
  const body = html`<h1>${bi(lang, '民生规则集', 'Minsheng rulesets')}</h1>${intro}${groups}`;
  return page({ lang, title: plain(lang, '民生规则集', 'Minsheng rulesets'), root: '', body, playground });
}

function indexMarkdown(docs: readonly DocRuleset[], pages: ReadonlyMap<string, string>, lang: Lang): string {
  const out = [
    '<!-- Generated by minsheng-rules (minsheng docs). Do not edit: regenerate with `npm run docs`. -->',
    '',
    `# ${mdBi(lang, '民生规则集', 'Minsheng rulesets')}`,
    '',
    mdBi(
      lang,
      '按领域和继承关系（全国 → 省 → 市）列出。HTML 版本（含试算页）见 index.html。',
      'By domain and overlay (national → province → city). The HTML version (with the playground) is index.html.',
    ),
    '',
  ];
  const walk = (nodes: readonly TreeNode[], depth: number): void => {
    for (const n of nodes) {
      const r = n.doc.resolved;
      const j = jurisdictionName(r.jurisdiction);
      const path = pages.get(layerKey(r))!;
      const passed = n.doc.cases.filter((c) => c.result.passed).length;
      out.push(
        `${'  '.repeat(depth)}- [${mdLabel(lang, r.label)}](${path}.md) — ${mdCode(`${r.id}@${r.version}`)} · ${mdBi(lang, j.zh, j.en)} ${mdCode(r.jurisdiction)} · ${mdCode(
          r.hash.slice(0, 19),
        )}… · ${mdText(`${passed}/${n.doc.cases.length}`)} ${mdBi(lang, '实例通过', 'examples pass')}`,
      );
      walk(n.children, depth + 1);
    }
  };
  for (const [g, nodes] of overlayForest(docs)) {
    const name = DOMAINS[g];
    out.push(`## ${name ? `${mdBi(lang, name[0], name[1])} ` : ''}${mdCode(g)}`, '');
    walk(nodes, 0);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** What the playground page embeds for one ruleset. */
export interface PlaygroundRuleset {
  readonly key: string;
  readonly page: string;
  readonly resolved: DocRuleset['resolved'];
  readonly cases: readonly { readonly name: string; readonly date?: string; readonly input: unknown }[];
}

const MOUNT = trusted(`<script>Minsheng.mountPlayground(document.getElementById('playground'));</script>`);

/** A resolved ruleset for embedding: the layers' `file` paths (machine-specific) are left out. */
function portable(resolved: DocRuleset['resolved']): DocRuleset['resolved'] {
  return JSON.parse(
    JSON.stringify(resolved, function (this: unknown, key: string, value: unknown) {
      const holder = this as Record<string, unknown>;
      return key === 'file' && typeof holder['id'] === 'string' && typeof holder['version'] === 'string' ? undefined : value;
    }),
  ) as DocRuleset['resolved'];
}

function playgroundHtml(docs: readonly DocRuleset[], pages: ReadonlyMap<string, string>, lang: Lang): string {
  const data: PlaygroundRuleset[] = docs
    .filter((d) => !d.compileError)
    .map((d) => ({
      key: layerKey(d.resolved),
      page: `${pages.get(layerKey(d.resolved))!}.html`,
      resolved: portable(d.resolved),
      cases: d.resolved.tests.map((t) => ({ name: t.name, ...(t.date ? { date: t.date } : {}), input: t.input })),
    }));
  const head = html`<script type="application/json" id="minsheng-rulesets">${trusted(jsonForScript(data))}</script>
<script type="application/json" id="minsheng-lang">${trusted(jsonForScript(lang))}</script>
`;
  const body = html`<h1>${bi(lang, '试算', 'Playground')}</h1>
<p>${bi(
    lang,
    '选择规则集，填写输入（或载入一个实例），点击“计算”。计算完全在本页中由本库的浏览器版本完成，不联网。',
    'Pick a ruleset, fill in the inputs (or load a worked example) and press “Evaluate”. Everything is computed in this page by the library’s browser build; nothing goes over the network.',
  )}</p>
<noscript><p class="error">${bi(lang, '试算页需要启用 JavaScript。', 'The playground needs JavaScript.')}</p></noscript>
<div id="playground" data-lang="${lang}">
<p><label>${bi(lang, '规则集', 'Ruleset')} <select id="ruleset"></select></label> <a id="ruleset-doc" href="index.html">${bi(lang, '查看文档', 'Read its docs')}</a></p>
<p><label>${bi(lang, '载入实例', 'Load a worked example')} <select id="case"></select></label> <button type="button" class="secondary" id="load-case">${bi(
    lang,
    '载入',
    'Load',
  )}</button></p>
<form class="play" id="inputs" autocomplete="off"></form>
<p><button type="button" id="evaluate">${bi(lang, '计算', 'Evaluate')}</button> <button type="button" class="secondary" id="reset">${bi(lang, '清空', 'Clear')}</button></p>
<div id="result" aria-live="polite"></div>
</div>`;
  return page({ lang, title: plain(lang, '试算', 'Playground'), root: '', body, head, scripts: ['assets/minsheng.js'], tail: MOUNT, playground: true });
}

/**
 * Builds every file of the site (path relative to the site root → content).
 *
 * @example
 * const files = buildSite([prepareRuleset(resolved)], { lang: 'both' });
 * [...files.keys()]; //=> ['index.html', 'README.md', 'bench/settlement.html', 'bench/settlement.md']
 */
export function buildSite(docs: readonly DocRuleset[], options: SiteOptions = {}): Map<string, string> {
  const lang = options.lang ?? 'both';
  const markdown = options.markdown ?? true;
  const sorted = [...docs].sort((a, b) => {
    const ka = layerKey(a.resolved);
    const kb = layerKey(b.resolved);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const pages = pagePaths(sorted);
  const playground = options.playground !== undefined;
  const files = new Map<string, string>();
  files.set('index.html', indexHtml(sorted, pages, lang, playground));
  if (markdown) files.set('README.md', indexMarkdown(sorted, pages, lang));
  for (const doc of sorted) {
    const path = pages.get(layerKey(doc.resolved))!;
    const ctx: PageContext = { lang, path, pages, playground };
    files.set(`${path}.html`, rulesetPageHtml(doc, ctx));
    if (markdown) files.set(`${path}.md`, rulesetPageMarkdown(doc, ctx));
  }
  if (options.playground) {
    files.set('playground.html', playgroundHtml(sorted, pages, lang));
    files.set('assets/minsheng.js', options.playground.bundle);
  }
  return files;
}
