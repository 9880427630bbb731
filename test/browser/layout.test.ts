/**
 * The generated docs site laid out in a real browser (Debian's Chromium through playwright-core) at a desktop
 * width (1,280 px) and a phone width (390 px): no page scrolls sideways, axe-core finds no WCAG 2.1 A/AA
 * violation (contrast included), no explanation contains formula syntax, every citation shows a document
 * title, the playground works from the keyboard, and the settlement letters render on one printable page.
 * Pages are generated into a temporary folder. LETTERS_DIR keeps the letter screenshots (default /tmp/letters).
 *
 * Skipped with its message when Chromium cannot be set up (scripts/setup-browser.sh), like site.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateDocs, writeSite } from '../../src/node/site-fs';
import { loadRuleset } from '../../src/node/load';
import { compile } from '../../src/engine/program';
import { settlementLetterHtml } from '../../src/docs/letter';
import { FORMULA_OPERATORS } from '../present/operators';

const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = [1280, 390] as const;
const LETTERS = process.env.LETTERS_DIR ?? '/tmp/letters';

const setup = spawnSync('bash', ['scripts/setup-browser.sh'], { encoding: 'utf8', timeout: 240_000 });
const available = setup.status === 0 && existsSync(CHROMIUM);
if (!available) console.warn(`test/browser/layout.test.ts skipped: Chromium is not available — ${(setup.stderr || setup.stdout || String(setup.error ?? '')).trim()}`);

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

function htmlPages(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlPages(path));
    else if (entry.name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

/**
 * axe-core takes most of a minute on a large ruleset page on a shared 2-core machine, so by default it runs on one
 * page of each template and domain (all pages share one stylesheet and one renderer); AXE_ALL=1 runs it on every page.
 */
const ALL_AXE = process.env.AXE_ALL === '1';
const AXE_PAGES = new Set(['index.html', 'playground.html', 'cn/medical/nanchang.html', 'cn/medical/shenzhen-employee.html', 'cn/assistance/national.html', 'cn/entitlements/national.html', 'bench/settlement.html']);

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's WCAG 2.x A and AA rules on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(
    // Closed <details> hold the full traces: axe checks what a reader sees.
    () => (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: unknown[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((r) => r.violations),
  )) as AxeViolation[];
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes.length > 3 ? ` … ${v.nodes.length} nodes` : ''}`);
}

/** Elements wider than the viewport (what makes a page scroll sideways), for the message. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const culprits: string[] = [];
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const r = e.getBoundingClientRect();
      if (r.right > width + 1 && !e.closest('.scroll')) {
        culprits.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''} right=${Math.round(r.right)}`);
        if (culprits.length >= 5) break;
      }
    }
    return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`, ...culprits];
  });
}

describe.skipIf(!available)('the docs site at 1,280 px and 390 px', () => {
  let dir: string;
  let site: string;
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minsheng-layout-'));
    // Files that are not rulesets (and their issues) are site.test.ts's and the docs command's concern; the layout
    // is checked on every page the bundled folder produces.
    const { files } = await generateDocs(['rulesets']);
    site = join(dir, 'site');
    writeSite(files, site);
    ({ server, origin } = await serve(site));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fits every page without sideways scrolling and without axe AA violations, explanations in words, citations titled', async () => {
    // (every page: overflow at both widths, explanations and citations; axe: see AXE_PAGES)
    const pages = htmlPages(site).map((p) => relative(site, p));
    expect(pages.length).toBeGreaterThan(8);
    const problems: string[] = [];
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(`${origin}/${path}`, { waitUntil: 'load' });
        for (const o of await overflow(page)) problems.push(`${width}px ${path}: ${o}`);
        if (width === WIDTHS[0]) {
          if (ALL_AXE || AXE_PAGES.has(path)) for (const v of await axeViolations(page)) problems.push(`${width}px ${path}: ${v}`);
          const explanations = await page.$$eval('ul.explain li', (items) => items.map((i) => (i as HTMLElement).innerText));
          for (const text of explanations) if (FORMULA_OPERATORS.test(text)) problems.push(`${path}: an explanation shows formula syntax: ${text.slice(0, 200)}`);
          const untitled = await page.$$eval('a.cite, span.cite, .citation', (cites) => cites.filter((c) => !(c.querySelector('cite')?.textContent ?? '').trim()).map((c) => c.outerHTML.slice(0, 120)));
          for (const c of untitled) problems.push(`${path}: a citation without a title: ${c}`);
        }
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('works from the keyboard in the playground and fits its results at both widths', async () => {
    const problems: string[] = [];
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${origin}/playground.html#${encodeURIComponent('cn/medical/nanchang@2026.1.0')}`);
      // Tab to "load example", press Enter; tab on to "evaluate", press Enter: the result appears.
      const tabTo = async (id: string) => {
        for (let i = 0; i < 200; i++) {
          await page.keyboard.press('Tab');
          if ((await page.evaluate(() => document.activeElement?.id)) === id) return true;
        }
        return false;
      };
      expect(await tabTo('load-case'), 'Tab reaches the load-example button').toBe(true);
      await page.keyboard.press('Enter');
      expect(await tabTo('evaluate'), 'Tab reaches the evaluate button').toBe(true);
      // A keyboard user sees where the focus is.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#outputs');
      expect(await page.locator('ul.explain li').count()).toBeGreaterThan(0);
      await page.locator('#result details summary').click();
      for (const o of await overflow(page)) problems.push(`${width}px playground with results: ${o}`);
      for (const v of await axeViolations(page)) problems.push(`${width}px playground with results: ${v}`);
      const explanations = await page.$$eval('ul.explain li', (items) => items.map((i) => (i as HTMLElement).innerText));
      for (const text of explanations) if (FORMULA_OPERATORS.test(text)) problems.push(`playground: an explanation shows formula syntax: ${text.slice(0, 200)}`);
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('renders the settlement letters of the Nanchang worked case and a Shenzhen employee claim on one A4 page', async () => {
    mkdirSync(LETTERS, { recursive: true });
    const claims = [
      { name: 'nanchang', file: 'rulesets/cn/medical/nanchang.yaml', input: JSON.parse(readFileSync('examples/claim-nanchang.json', 'utf8')) as Record<string, unknown> },
      {
        name: 'shenzhen-employee',
        file: 'rulesets/cn/medical/shenzhen-employee.yaml',
        input: { dischargeDate: '2025-03-10', hospitalLevel: 'primary', items: [{ amount: 150, class: 'A' }, { amount: 50, class: 'C' }], accountBalance: 120, familyAccountBalance: 1000 },
      },
    ];
    const problems: string[] = [];
    for (const claim of claims) {
      const program = compile(await loadRuleset(claim.file));
      const result = program.evaluate(claim.input, { trace: true });
      for (const lang of ['zh', 'en'] as const) {
        const letter = settlementLetterHtml(result, { ruleset: program.ruleset, lang, input: claim.input });
        const file = join(LETTERS, `${claim.name}-${lang}.html`);
        writeFileSync(file, letter);
        for (const width of [900, 390]) {
          const context = await browser.newContext({ viewport: { width, height: 1200 } });
          const page = await context.newPage();
          await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
          await page.goto(`file://${file}`);
          for (const o of await overflow(page)) problems.push(`${width}px letter ${claim.name}-${lang}: ${o}`);
          if (width === 900) for (const v of await axeViolations(page)) problems.push(`letter ${claim.name}-${lang}: ${v}`);
          // Every amount on the letter is the library's.
          const shown = await page.evaluate(() => document.body.innerText);
          for (const name of ['totalCost', 'basicPaid', 'fundPaid', 'outOfPocket']) {
            const v = String(result.outputs[name]).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
            if (!shown.includes(v)) problems.push(`letter ${claim.name}-${lang}: ${name} ${v} not shown`);
          }
          await page.screenshot({ path: join(LETTERS, `${claim.name}-${lang}-${width}.png`), fullPage: true });
          if (width === 900) {
            const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
            writeFileSync(join(LETTERS, `${claim.name}-${lang}.pdf`), pdf);
            // One page: a PDF's page objects are counted by their /Type /Page entries.
            const pagesInPdf = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
            if (pagesInPdf !== 1) problems.push(`letter ${claim.name}-${lang}: ${pagesInPdf} PDF pages`);
          }
          await context.close();
        }
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
