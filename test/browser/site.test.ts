/**
 * The generated docs site and its playground in a real browser (Debian's Chromium, driven by
 * playwright-core): every page loads without console errors and without any request leaving
 * localhost, every internal link and anchor resolves, a hostile ruleset cannot run script, and a case
 * evaluated in the playground gives the library's numbers. Screenshots go to test/artifacts/.
 *
 * scripts/setup-browser.sh installs chromium and fonts-noto-cjk when they are missing; when that is
 * impossible (no root, no apt, no network) the suite is skipped with its message, not failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { generateDocs, writeSite } from '../../src/node/site-fs';
import { loadRuleset } from '../../src/node/load';
import { compile } from '../../src/engine/program';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test/artifacts';

const setup = spawnSync('bash', ['scripts/setup-browser.sh'], { encoding: 'utf8', timeout: 240_000 });
const available = setup.status === 0 && existsSync(CHROMIUM);
if (!available) {
  console.warn(`test/browser/site.test.ts skipped: Chromium is not available — ${(setup.stderr || setup.stdout || String(setup.error ?? '')).trim()}`);
}

const HOSTILE = `
id: test/hostile
jurisdiction: CN
version: 1.0.0
label: { zh: "<img src=x onerror=alert('zh')>标签", en: "<script>alert('en')</script>" }
sources: [ { id: s, title: "<svg onload=alert(1)>", status: seed, url: "https://example.org/" } ]
inputs:
  cost: { type: money, label: { zh: "<img src=y onerror=alert(2)>", en: "\\"><script>alert(3)</script>" } }
parameters:
  rate: { type: rate, label: { zh: 比例, en: "<b onmouseover=alert(4)>rate</b>" }, values: [ { from: 2025-01-01, value: 0.5, source: s } ] }
rules:
  paid: { type: money, label: { zh: "<iframe src=javascript:alert(5)>", en: Paid }, formula: "round(cost * rate, 2)", source: s }
tests:
  - { name: "<script>alert('case')</script>", date: 2025-06-01, input: { cost: 100 }, expect: { paid: "50.00" } }
`;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.md': 'text/markdown; charset=utf-8' };

function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)}`);
    if (!path.startsWith(resolve(root)) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe.skipIf(!available)('the docs site in Chromium', () => {
  let dir: string;
  let userData: string;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  const problems: string[] = [];

  function watch(page: Page): void {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()} on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`a dialog opened (script ran) on ${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minsheng-site-'));
    mkdirSync(join(dir, 'hostile'), { recursive: true });
    writeFileSync(join(dir, 'hostile', 'hostile.yaml'), HOSTILE);
    // The bundled rulesets plus a hostile third-party one, with the browser bundle built from the sources.
    const { files, issues } = await generateDocs(['rulesets', join(dir, 'hostile')]);
    expect(issues).toEqual([]);
    writeSite(files, join(dir, 'site'));
    ({ server, origin } = await serve(join(dir, 'site')));
    userData = mkdtempSync(join(tmpdir(), 'minsheng-chromium-'));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    // Nothing may leave localhost: no CDN, no web fonts, no analytics.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      problems.push(`request outside the site: ${url}`);
      return route.abort();
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every page without errors, and every internal link and anchor resolves', async () => {
    const page = await context.newPage();
    watch(page);
    const ids = new Map<string, Set<string>>();
    const links: { from: string; href: string }[] = [];
    const queue = [`${origin}/index.html`];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.status(), url).toBe(200);
      const found = await page.evaluate(() => ({
        ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
        hrefs: Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href),
      }));
      ids.set(url, new Set(found.ids));
      for (const href of found.hrefs) {
        links.push({ from: url, href });
        const target = href.split('#')[0]!;
        if (target.startsWith(origin) && target.endsWith('.html') && !seen.has(target)) queue.push(target);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
    const broken: string[] = [];
    for (const { from, href } of links) {
      if (!href.startsWith(origin)) {
        if (!/^https?:/.test(href)) broken.push(`${from} → ${href} (not a web link)`);
        continue;
      }
      const [target, hash] = href.split('#') as [string, string | undefined];
      if (target.endsWith('.html')) {
        if (!ids.has(target)) broken.push(`${from} → ${href} (page not crawled)`);
        // The playground's hash selects a ruleset, it is not an anchor.
        else if (hash && !target.endsWith('/playground.html') && !ids.get(target)!.has(decodeURIComponent(hash))) broken.push(`${from} → ${href} (no such anchor)`);
      } else {
        const res = await fetch(target);
        if (res.status !== 200) broken.push(`${from} → ${href} (${res.status})`);
      }
    }
    expect(broken).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('renders a hostile ruleset as text: no script runs, labels show literally', async () => {
    const page = await context.newPage();
    watch(page);
    await page.goto(`${origin}/test/hostile.html`);
    await expect.poll(() => page.locator('h1').innerText()).toContain("<img src=x onerror=alert('zh')>标签");
    expect(await page.locator('script').count()).toBe(0);
    await page.goto(`${origin}/playground.html#${encodeURIComponent('test/hostile@1.0.0')}`);
    await page.click('#load-case');
    await page.click('#evaluate');
    await page.waitForSelector('#outputs');
    expect(await page.locator('[data-output="paid"]').getAttribute('data-value')).toBe('50.00');
    await page.locator('#result details summary').click();
    expect(await page.locator('#result').innerText()).toContain('<iframe src=javascript:alert(5)>');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('evaluates worked examples in the playground with the same numbers as the library', async () => {
    const page = await context.newPage();
    watch(page);
    for (const [id, caseIndex] of [
      ['bench/settlement@1.1.0', 1],
      ['cn/medical/nanchang@2026.1.0', 0],
    ] as const) {
      const resolved = await loadRuleset(id);
      const program = compile(resolved);
      const test = resolved.tests[caseIndex]!;
      const want = program.evaluate(test.input, test.date ? { date: test.date } : {}).outputs;
      await page.goto(`${origin}/playground.html#${encodeURIComponent(id)}`);
      expect(await page.locator('#ruleset').inputValue()).toBe(id);
      await page.selectOption('#case', String(caseIndex));
      await page.click('#load-case');
      await page.click('#evaluate');
      await page.waitForSelector('#outputs');
      const got = await page.$$eval('#outputs tr[data-output]', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-output'), r.getAttribute('data-value')])));
      const expected = Object.fromEntries(Object.entries(want).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
      expect(got).toEqual(expected);
      expect(await page.locator('ul.explain li').count()).toBeGreaterThan(0);
    }
    // bench case 2: tertiary hospital, tekun member, large bill — basic 181,675.00.
    await page.goto(`${origin}/playground.html#${encodeURIComponent('bench/settlement@1.1.0')}`);
    await page.selectOption('#case', '1');
    await page.click('#load-case');
    await page.click('#evaluate');
    await page.waitForSelector('#outputs');
    expect(await page.locator('[data-output="basicPaid"] td.num').innerText()).toBe('181,675.00');
    await page.screenshot({ path: `${ARTIFACTS}/playground.png`, fullPage: false });
    await page.locator('#result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/playground-result.png`, fullPage: false });
    // A bad input is an error message on the page, not an exception.
    await page.fill('#in-totalCost', '-1');
    await page.click('#evaluate');
    await expect.poll(() => page.locator('#error').innerText()).toContain('value/negative');
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('saves screenshots of the index, a ruleset page and a worked example', async () => {
    const page = await context.newPage();
    watch(page);
    await page.goto(`${origin}/index.html`);
    await page.screenshot({ path: `${ARTIFACTS}/index.png` });
    await page.goto(`${origin}/cn/medical/nanchang.html`);
    await page.screenshot({ path: `${ARTIFACTS}/ruleset.png` });
    await page.goto(`${origin}/cn/medical/nanchang.html#param-basic.deductible`);
    await page.screenshot({ path: `${ARTIFACTS}/parameters.png` });
    await page.goto(`${origin}/cn/medical/nanchang.html#case-1`);
    await page.locator('#case-1 details summary').click();
    await page.locator('#case-1 h4').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('#case-1 h4')!.scrollIntoView());
    await page.screenshot({ path: `${ARTIFACTS}/worked-example.png` });
    for (const name of ['index', 'ruleset', 'parameters', 'worked-example', 'playground', 'playground-result']) {
      expect(statSync(`${ARTIFACTS}/${name}.png`).size).toBeGreaterThan(10_000);
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
