import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { prepareRuleset } from '../../src/docs/model';
import { buildSite } from '../../src/docs/site';
import { escapeHtml, html, jsonForScript, safeUrl } from '../../src/docs/html';
import { mdCode, mdText } from '../../src/docs/markdown';
import { formulaSegments, scopeOf } from '../../src/docs/formula';
import { formatAmount, formatRate } from '../../src/present/format';

/** A third-party ruleset trying to inject markup through every text field it has. */
const HOSTILE = `
id: test/hostile
jurisdiction: CN-62
version: 1.0.0
label: { zh: "<script>alert('zh')</script>标签", en: "<img src=x onerror=alert(1)> label" }
description: { zh: "</p><iframe src=//evil>", en: "[click](javascript:alert(1)) **bold** <b>b</b>" }
sources:
  - id: src-1
    title: "<script>alert('title')</script>"
    issuer: "\\"><svg onload=alert(1)>"
    url: "https://example.org/a?b=<c>&d=\\"e\\""
    status: seed
inputs:
  cost: { type: money, label: { zh: "费用</td><script>x()</script>", en: "Cost | table | break" } }
  level: { type: enum, of: [a, b], label: { zh: 等级, en: Level } }
parameters:
  rate:
    type: rate
    by: level
    label: { zh: 比例, en: Rate }
    values:
      - { from: 2025-01-01, value: { a: 0.5, b: 0.75 }, source: src-1, note: "</table><script>n()</script>" }
rules:
  paid:
    type: money
    label: { zh: "支付<script>r()</script>", en: "Paid" }
    text: { zh: "文本 <b>x</b>", en: "text </code><script>t()</script>" }
    formula: round(cost * rate[level], 2)
    source: src-1
tests:
  - name: "<script>alert('case')</script>"
    date: 2025-06-01
    input: { cost: 100, level: b }
    expect: { paid: "75.00" }
    note: "</pre><script>note()</script>"
`;

function site() {
  const resolved = parseRuleset(HOSTILE, { file: 'hostile.yaml' });
  return buildSite([prepareRuleset(resolved, 'hostile.yaml')], { lang: 'both', playground: { bundle: '/* bundle */' } });
}

describe('html', () => {
  it('escapes every interpolated value and keeps nested fragments', () => {
    const label = '<b>"x" & \'y\'</b>';
    expect(html`<td title="${label}">${label}${html`<i>ok</i>`}</td>`.value).toBe(
      '<td title="&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;<i>ok</i></td>',
    );
    expect(escapeHtml('</script>')).toBe('&lt;/script&gt;');
  });

  it('renders nothing for null, undefined and booleans, and joins lists', () => {
    expect(html`${null}${undefined}${false}${true}${['a', html`<br>`, 'b']}`.value).toBe('a<br>b');
  });

  it('links only http(s) URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://example.org/x')).toBe('https://example.org/x');
    expect(safeUrl('https://example.org/"onmouseover=')).toBeUndefined();
  });

  it('writes JSON that cannot close its script element', () => {
    expect(jsonForScript({ a: '</script><!--' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--"}');
  });
});

describe('markdown', () => {
  it('escapes markup, links and raw HTML in text', () => {
    expect(mdText('[x](javascript:y) <b>*z*</b> | a')).toBe('\\[x\\]\\(javascript:y\\) &lt;b&gt;\\*z\\*&lt;/b&gt; \\| a');
  });

  it('fences inline code longer than any backtick run inside', () => {
    expect(mdCode('a `b` c')).toBe('``a `b` c``');
  });
});

describe('format', () => {
  it('groups money with 2 decimals and writes rates as percentages, exactly', () => {
    expect(formatAmount('1234567.5')).toBe('1,234,567.50');
    expect(formatAmount('-0.05')).toBe('-0.05');
    expect(formatRate('0.125')).toBe('12.5%');
    expect(formatRate('1')).toBe('100%');
  });
});

describe('formulaSegments', () => {
  const scope = scopeOf({ rules: { deductible: 1 }, parameters: { 'basic.rate': 1 }, inputs: { ytd: 1, level: 1, items: 1 } });

  it('tags rules, parameters (longest dotted prefix) and inputs by the parsed names, keeping the text', () => {
    const segments = formulaSegments('max(0, ytd.paid - deductible) * basic.rate[level] + sum(items, it.amount)', scope);
    expect(segments.map((s) => s.text).join('')).toBe('max(0, ytd.paid - deductible) * basic.rate[level] + sum(items, it.amount)');
    expect(segments.filter((s) => s.kind === 'ref').map((s) => (s.kind === 'ref' ? `${s.ref.kind}:${s.ref.name}:${s.text}` : ''))).toEqual([
      'input:ytd:ytd.paid',
      'rule:deductible:deductible',
      'param:basic.rate:basic.rate',
      'input:level:level',
      'input:items:items',
    ]);
    expect(segments.filter((s) => s.kind === 'fn').map((s) => s.text)).toEqual(['max', 'sum']);
  });

  it('never links inside strings or comments', () => {
    const segments = formulaSegments("if level == 'deductible' then 1 else 0 # deductible", scope);
    expect(segments.filter((s) => s.kind === 'ref').map((s) => s.text)).toEqual(['level']);
  });

  it('returns an unparsable formula as one text segment', () => {
    expect(formulaSegments('max(1,', scope)).toEqual([{ kind: 'text', text: 'max(1,' }]);
  });
});

describe('buildSite', () => {
  it('renders every string of a hostile ruleset as text, in HTML and Markdown', () => {
    const files = site();
    const page = files.get('test/hostile.html')!;
    // The only <script> elements are the site's own (none on a ruleset page).
    expect(page.match(/<script/g)).toBeNull();
    expect(page).not.toMatch(/<iframe|<img|<svg|<b>x<\/b>/);
    expect(page).toContain('&lt;script&gt;alert(&#39;zh&#39;)&lt;/script&gt;标签');
    expect(page).toContain('&lt;/table&gt;&lt;script&gt;n()&lt;/script&gt;');
    expect(page).not.toContain('href="javascript:');
    const md = files.get('test/hostile.md')!;
    // Fenced code blocks (notes, the CLI trace) are literal text; everything outside them is escaped.
    const outsideFences = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(outsideFences).not.toMatch(/<script|<img|<iframe|<svg|\]\(javascript:/);
    expect(md).toContain("```text\n</pre><script>note()</script>\n```");
    expect(md).toContain('&lt;script&gt;');
    const index = files.get('index.html')!;
    expect(index.match(/<script/g)).toBeNull();
    // The playground embeds the ruleset as JSON that cannot end its script element early.
    const playground = files.get('playground.html')!;
    const blocks = playground.match(/<script[\s\S]*?<\/script>/g)!;
    expect(blocks.every((b) => !/alert|onerror/.test(b) || /\\u003cscript\\u003e/.test(b))).toBe(true);
    expect(playground.match(/<\/script>/g)!.length).toBe(4);
  });

  it('links formula names to their definitions and cites sources on the page', () => {
    const page = site().get('test/hostile.html')!;
    expect(page).toContain('<a class="name input" href="#input-cost">cost</a>');
    expect(page).toContain('<a class="name param" href="#param-rate">rate</a>');
    expect(page).toContain('id="rule-paid"');
    expect(page).toContain('id="source-src-1"');
    // A citation shows the document's title (escaped), the id only on hover.
    expect(page).toContain('<a class="cite" href="#source-src-1" title="src-1"><cite class="cite-title">《&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;》</cite></a>');
  });

  it('shows the worked example passing with its explanation and trace', () => {
    const page = site().get('test/hostile.html')!;
    // 100 × 75% = 75.00
    expect(page).toContain('<strong>75.00 元</strong>');
    expect(page).toContain('<strong>75.00 yuan</strong>');
    expect(page).toContain('class="badge ok">✓');
    expect(page).toContain('<ol class="trace">');
  });

  it('renders one language only when asked', () => {
    const resolved = parseRuleset(HOSTILE, { file: 'hostile.yaml' });
    const en = buildSite([prepareRuleset(resolved)], { lang: 'en' }).get('test/hostile.html')!;
    expect(en).toContain('<html lang="en">');
    expect(en).not.toContain('lang="zh-CN"');
    expect(en).toContain('Worked examples');
    expect(en).not.toContain('实例');
  });

  it('is deterministic', () => {
    const a = site();
    const b = site();
    expect([...a.entries()]).toEqual([...b.entries()]);
  });
});
