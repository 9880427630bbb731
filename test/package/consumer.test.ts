/**
 * The package as a user meets it: packed, installed offline into an empty project, then used from ESM,
 * CommonJS, strict TypeScript (node16 and bundler resolution, and an older `module: commonjs` setup
 * without skipLibCheck), the `minsheng` command through npx, and a browser bundle of `minsheng-rules/browser`.
 * The README's Install and Quick start code is extracted and run here, its printed output compared.
 * Needs dist/ (`npm test` builds it first).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject, folderBytes, sectionCodeBlocks, type ConsumerProject } from './consumer-project';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const ESBUILD = join(ROOT, 'node_modules/.bin/esbuild');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const built = existsSync(join(ROOT, 'dist/index.js')) && existsSync(join(ROOT, 'dist/cli/main.js'));

let project: ConsumerProject;

/**
 * Runs a command in the consumer project. Asynchronous, so that the tests (`describe.concurrent`) overlap: each
 * is mostly waiting on a child process (tsc, npx, node loading the package), which halves the file's wall time.
 */
function run(command: string, args: readonly string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function typeCheck(name: string, compilerOptions: Record<string, unknown>, files: readonly string[]): Promise<string> {
  writeFileSync(join(project.dir, name), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], ...compilerOptions }, files }, null, 2));
  const result = await run(process.execPath, [TSC, '-p', name]);
  return `${result.stdout}${result.stderr}`.trim();
}

/**
 * The README's Install and Quick start code: scripts (a `js` block whose first line names the file,
 * `// quick-start.mjs`, followed by a `text` block of what it prints) and shell commands (`sh` blocks,
 * one command a line; `npm install` lines are what the test did offline already).
 */
function readmeCode(): { scripts: { file: string; code: string; prints: string }[]; commands: string[]; typescript: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...sectionCodeBlocks(readme, 'Install'), ...sectionCodeBlocks(readme, 'Quick start')];
  const scripts: { file: string; code: string; prints: string }[] = [];
  const commands: string[] = [];
  const typescript: string[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block.lang === 'ts' && block.code.startsWith('// quick-start.ts\n')) typescript.push(block.code);
    const file = /^\/\/ (quick-start\.(?:mjs|cjs))\n/.exec(block.code)?.[1];
    if (block.lang === 'js' && file) {
      const output = blocks[i + 1];
      if (output?.lang !== 'text') throw new Error(`README: ${file} is not followed by a text block of what it prints`);
      scripts.push({ file, code: block.code, prints: output.code.trim() });
    } else if (block.lang === 'sh') {
      commands.push(...block.code.split('\n').filter((l) => l.trim() && !l.startsWith('npm install ')));
    }
  }
  return { scripts, commands, typescript };
}

describe.skipIf(!built).concurrent('the packed package in a consumer project', () => {
  beforeAll(() => {
    project = createConsumerProject();
  });
  afterAll(() => {
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  it('ships the built entries, LICENSE, README, CHANGELOG, rulesets and schemas, and nothing users cannot use', async ({ expect }) => {
    const files = new Set(project.tarball.files);
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/browser.js', 'dist/browser.cjs', 'dist/cli/main.js', 'dist/simulate-worker.js', 'dist/playground.global.js', 'dist/types/cn/medical/nanchang.d.ts', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'schema/ruleset.schema.json', 'schema/cases.schema.json', 'rulesets/cn/medical/nanchang.yaml', 'seeds/sources.yaml']) {
      expect(files, file).toContain(file);
    }
    const unwanted = project.tarball.files.filter((f) => f.endsWith('.map') || /^(src|test|bench|scripts|docs|playground|notes)\//.test(f));
    expect(unwanted).toEqual([]);
    const installed = folderBytes(join(project.dir, 'node_modules/minsheng-rules'));
    const withDependencies = folderBytes(join(project.dir, 'node_modules'));
    // The figures quoted in the README (Install); printed so that they can be updated from a test run.
    console.log(`packed ${project.tarball.size} B, unpacked ${project.tarball.unpackedSize} B, installed ${installed} B, with dependencies ${withDependencies} B`);
    // Below what issue 17 measured before the package was trimmed (1.5 MB packed, 6.1 MB unpacked).
    expect(project.tarball.size).toBeLessThan(1_500_000);
    expect(project.tarball.unpackedSize).toBeLessThan(6_100_000);
  });

  it("runs the README's Install and Quick start code and prints what the README says", async ({ expect }) => {
    const { scripts, commands } = readmeCode();
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const script of scripts) {
      writeFileSync(join(project.dir, script.file), script.code);
      const result = await run(process.execPath, [script.file]);
      expect(result.stderr, script.file).toBe('');
      expect(result.status, script.file).toBe(0);
      expect(result.stdout.trim(), script.file).toBe(script.prints);
    }
    for (const line of commands) {
      const result = await run('sh', ['-c', line]);
      expect(result.stderr, line).toBe('');
      expect(result.status, line).toBe(0);
      if (line.includes('--json')) expect(() => JSON.parse(result.stdout) as unknown, line).not.toThrow();
    }
  });

  it('runs as ESM and as CommonJS, one error brand across both', async ({ expect }) => {
    writeFileSync(join(project.dir, 'both.cjs'), `
      const cjs = require('minsheng-rules');
      const { version } = require('minsheng-rules/package.json');
      import('minsheng-rules').then(async (esm) => {
        const browser = await import('minsheng-rules/browser');
        const program = esm.compile(browser.bundledRuleset('bench/settlement'));
        const outputs = program.evaluate({ hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 }, { date: '2025-06-01' }).outputs;
        let error; try { cjs.compile(null); } catch (e) { error = e; }
        console.log(JSON.stringify({ version, basicPaid: outputs.basicPaid, brand: error instanceof esm.MinshengError && esm.isMinshengError(error), ids: cjs.bundledRulesetIds().some((entry) => entry.id === 'cn/medical/nanchang') }));
      });`);
    const result = await run(process.execPath, ['both.cjs']);
    expect(result.stderr).toBe('');
    // (10000 − 500) × 0.75 = 7125 (bench/settlement case 1)
    expect(JSON.parse(result.stdout)).toEqual({ version: VERSION, basicPaid: '7125.00', brand: true, ids: true });
  });

  it('type-checks a strict TypeScript consumer (and the README scripts) under node16 and bundler resolution', async ({ expect }) => {
    const code = `import { compile, bundledRuleset, isMinshengError, settleClaim, type Issue } from 'minsheng-rules';
import { bundledRulesetIds } from 'minsheng-rules/browser';
import type { Types as NanchangTypes } from 'minsheng-rules/types/cn/medical/nanchang';

const program = compile(bundledRuleset('bench/settlement'));
const result = program.evaluate({ hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000 }, { date: '2025-06-01' });
const hash: string = result.provenance.hash;
const ids: readonly string[] = bundledRulesetIds().map((entry) => entry.id);
const settlement = settleClaim(
  { personId: 'p1', admissionDate: '2025-07-02', dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: '138300', inCatalogue: '121000' } },
  { ruleset: 'cn/medical/nanchang' },
);
const basic: string = settlement.tiers.basic;
// The bundled rulesets' generated types: a misspelled output is a compile error.
const typed = compile<NanchangTypes>(bundledRuleset('cn/medical/nanchang'));
const paid: string = typed.evaluate({ dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: '138300', inCatalogue: '121000' } }).outputs.basicPaid;
// @ts-expect-error no such output
typed.evaluate({ dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary' }).outputs.basicPayd;
try { compile(bundledRuleset('cn/medical/nanchang')); } catch (error: unknown) {
  if (isMinshengError(error)) { const first: Issue | undefined = error.issues[0]; console.log(error.code, first?.path); }
}
console.log(hash, ids.length, basic, paid);
`;
    writeFileSync(join(project.dir, 'consumer.ts'), code);
    writeFileSync(join(project.dir, 'consumer.cts'), code);
    // The README's scripts as strict TypeScript too: the ESM one as .mts, the CommonJS one as .cts (require → import).
    const fromReadme = readmeCode();
    const readme = fromReadme.scripts.map((script) => {
      const file = script.file.replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
      writeFileSync(join(project.dir, file), script.code.replace(/^const \{(.*)\} = require\('minsheng-rules'\);$/m, "import {$1} from 'minsheng-rules';"));
      return file;
    });
    expect(fromReadme.typescript.length).toBeGreaterThanOrEqual(1);
    fromReadme.typescript.forEach((text, i) => {
      writeFileSync(join(project.dir, `quick-start-${i}.mts`), text);
      readme.push(`quick-start-${i}.mts`);
    });
    const [node16, bundler] = await Promise.all([
      typeCheck('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16', skipLibCheck: true }, ['consumer.ts', 'consumer.cts', ...readme]),
      typeCheck('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }, ['consumer.ts']),
    ]);
    const checks = { node16, bundler };
    expect(checks).toEqual({ node16: '', bundler: '' });
  });

  // An older setup: CommonJS output, node10 resolution (main/types/typesVersions), no esModuleInterop, and every
  // declaration file it reaches type-checked (no skipLibCheck). It needs declarations that never import zod (whose
  // locale .d.cts files need esModuleInterop): the ruleset-format types are plain interfaces (src/ruleset/types.ts).
  it('type-checks under module: commonjs without skipLibCheck (no zod in the declarations)', async ({ expect }) => {
    for (const file of ['index.d.ts', 'index.d.cts', 'browser.d.ts', 'browser.d.cts']) {
      expect(readFileSync(join(project.dir, 'node_modules/minsheng-rules/dist', file), 'utf8'), file).not.toMatch(/from ['"]zod['"]|import\(['"]zod['"]\)|import ['"]zod['"]/);
    }
    writeFileSync(join(project.dir, 'consumer-cjs.ts'), `import { compile, bundledRuleset } from 'minsheng-rules';
import { bundledRulesetIds } from 'minsheng-rules/browser';
export const ids: readonly string[] = bundledRulesetIds().map((entry) => entry.id);
export const hash: string = compile(bundledRuleset('bench/settlement')).hash;
`);
    expect(await typeCheck('tsconfig.commonjs.json', { module: 'commonjs', moduleResolution: 'node10', skipLibCheck: false }, ['consumer-cjs.ts'])).toBe('');
  });

  it('runs the minsheng command through npx', async ({ expect }) => {
    const version = await run('npx', ['--offline', 'minsheng', '--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const evaluated = await run('npx', ['--offline', 'minsheng', 'eval', 'cn/medical/nanchang', '-', '--date', '2025-07-20', '--json'],
      JSON.stringify({ admissionDate: '2025-07-02', dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: '138300.00', inCatalogue: '121000.00' } }));
    expect(evaluated.stderr).toBe('');
    expect(evaluated.status).toBe(0);
    // seed-003 "Chen": (121000 − 600) × 60% = 72240 from basic insurance (rulesets/cn/medical/nanchang.cases.yaml)
    expect((JSON.parse(evaluated.stdout) as { outputs: Record<string, string> }).outputs['basicPaid']).toBe('72240.00');
  });

  it('bundles minsheng-rules/browser for the browser with esbuild, and the bundle evaluates', async ({ expect }) => {
    writeFileSync(join(project.dir, 'app.js'), `import { compile, bundledRuleset } from 'minsheng-rules/browser';
const outputs = compile(bundledRuleset('bench/settlement')).evaluate({ hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 }, { date: '2025-06-01' }).outputs;
globalThis.result = outputs.basicPaid;
`);
    const bundle = await run(ESBUILD, ['app.js', '--bundle', '--platform=browser', '--format=iife', '--outfile=app.bundle.js', '--log-level=error']);
    expect(bundle.stderr).toBe('');
    expect(bundle.status).toBe(0);
    const text = readFileSync(join(project.dir, 'app.bundle.js'), 'utf8');
    expect(text).not.toMatch(/require\(["'](node:|fs|path)/);
    // Run the bundle where no Node module loader exists (a bare script in a new context, like a page's <script>).
    const result = await run(process.execPath, ['-e', `const vm = require('node:vm'); const ctx = vm.createContext({ console, TextDecoder, TextEncoder }); vm.runInContext(require('node:fs').readFileSync('app.bundle.js', 'utf8'), ctx); console.log(ctx.result);`]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('7125.00');
  });
});
