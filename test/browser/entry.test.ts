/**
 * `minsheng-rules/browser` is usable in a browser: a file that imports it bundles with esbuild for the
 * browser platform with no externals (no Node built-in anywhere in the graph), and the bundle settles the
 * demo claim (an illustrative Nanchang stay) in headless Chromium with exactly the numbers Node gives.
 *
 * Runs against the built package (`dist/`, made by `npm run build`, which `npm test` runs first), resolved
 * through its `exports` map from a scratch project that depends on it — as a user's bundler would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, settleClaim } from '../../src/index';
import { loadRuleset } from '../../src/node/load';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const built = existsSync(join(ROOT, 'dist/browser.js'));

const CLAIM = JSON.parse(readFileSync(join(ROOT, 'examples/claim-nanchang.json'), 'utf8')) as Record<string, unknown>;
const TYPED_CLAIM = {
  personId: 'demo',
  admissionDate: '2025-07-02',
  dischargeDate: '2025-07-20',
  birthDate: '1975-01-01',
  hospitalLevel: 'tertiary',
  bill: { total: '80000.00', inCatalogue: '70000.00' },
} as const;

const ENTRY = `
import { bundledRuleset, compile, settleClaim, explain } from 'minsheng-rules/browser';
const program = compile(bundledRuleset('cn/medical/nanchang'));
const claim = ${JSON.stringify(CLAIM)};
const evaluated = program.evaluate(claim, { trace: true });
const settlement = settleClaim(${JSON.stringify(TYPED_CLAIM)}, { ruleset: 'cn/medical/nanchang' });
globalThis.__result = {
  outputs: evaluated.outputs,
  hash: evaluated.provenance.hash,
  tiers: settlement.tiers,
  outOfPocket: settlement.outOfPocket.total,
  explained: explain(evaluated, { program, lang: 'en' }).join('\\n'),
};
`;

describe.skipIf(!built)('minsheng-rules/browser', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minsheng-browser-entry-'));
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    // The scratch project depends on the package as installed: its exports map decides what resolves.
    symlinkSync(ROOT, join(dir, 'node_modules', 'minsheng-rules'), 'dir');
    writeFileSync(join(dir, 'entry.mjs'), ENTRY);
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [join(dir, 'entry.mjs')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
      // Dependencies resolve from the repo's node_modules (the symlink's real path).
      preserveSymlinks: false,
    });
    expect(result.errors).toEqual([]);
    bundle = result.outputFiles[0]!.text;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bundles for the browser platform with no externals and no Node built-in', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    // esbuild fails on an unresolvable `node:` import for the browser platform; check the text as well.
    expect(bundle).not.toMatch(/require\(["']node:|from ["']node:|require\(["'](fs|path|url|os|crypto|worker_threads)["']\)/);
  });

  const chromium = spawnSync('bash', [join(ROOT, 'scripts/setup-browser.sh')], { encoding: 'utf8', timeout: 240_000 }).status === 0 && existsSync(CHROMIUM);

  it.skipIf(!chromium)('settles the demo claim in headless Chromium with the same numbers as Node', async () => {
    const { chromium: browser } = await import('playwright-core');
    const userData = mkdtempSync(join(tmpdir(), 'minsheng-chromium-entry-'));
    const context = await browser.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><meta charset="utf-8"><title>minsheng</title>');
      await page.addScriptTag({ content: bundle });
      const inBrowser = (await page.evaluate(() => (globalThis as unknown as { __result: unknown }).__result)) as {
        outputs: Record<string, unknown>;
        hash: string;
        tiers: Record<string, string>;
        outOfPocket: string;
        explained: string;
      };
      expect(errors).toEqual([]);

      const program = compile(await loadRuleset('rulesets/cn/medical/nanchang.yaml'));
      const inNode = program.evaluate(CLAIM, { trace: true });
      expect(inBrowser.outputs).toEqual(inNode.outputs);
      expect(inBrowser.hash).toBe(inNode.provenance.hash);
      // The demo case of rulesets/cn/medical/nanchang.cases.yaml: basic (70,000 − 600) × 60% = 41,640;
      // CII (28,360 − 17,000) × 60% = 6,816; patient 80,000 − 48,456 = 31,544.
      expect(inBrowser.tiers).toEqual(settleClaim(TYPED_CLAIM, { ruleset: program }).tiers);
      expect(inBrowser.tiers.basic).toBe('41640.00');
      expect(inBrowser.tiers.criticalIllness).toBe('6816.00');
      expect(inBrowser.outOfPocket).toBe('31544.00');
      expect(inBrowser.explained).toContain('41640.00');
    } finally {
      await context.close();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 120_000);
});
