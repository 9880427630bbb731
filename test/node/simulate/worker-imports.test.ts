/**
 * The simulate worker starts without zod, yaml or semver: it gets its ruleset resolved and builds its program
 * with src/engine/build.ts, whose imports load none of them. Their code was ~55 % of the engine chunk a worker
 * compiled on every start (a 1,000-claim run went from ~200 to ~150 ms). An import added anywhere in the
 * engine that brings one of them back fails here, naming the chain of modules.
 *
 * Also: a program built that way (LEAN_ZOD_PARTS) evaluates as `compile`'s does and still refuses bad options.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, LEAN_ZOD_PARTS } from '../../../src/engine/build';
import { compile } from '../../../src/engine/program';
import { isMinshengError } from '../../../src/errors';
import { loadRuleset } from '../../../src/node/load';

const ROOT = resolve(__dirname, '../../..');
const HEAVY = /node_modules[\\/](zod|yaml|semver)[\\/]/;

describe('the simulate worker', () => {
  it('imports no module of zod, yaml or semver (bundled from the sources)', async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [join(ROOT, 'src/node/simulate/worker.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      outdir: join(ROOT, '.worker-imports'),
      external: ['decimal.js', 'piscina'],
      logLevel: 'silent',
    });
    const inputs = result.metafile.inputs;
    // Each of our modules that imports one of them, with the chain of imports from the worker that reaches it.
    const parent = new Map<string, string>();
    const entry = Object.keys(inputs).find((f) => f.endsWith('src/node/simulate/worker.ts'))!;
    for (const queue = [entry]; queue.length > 0; ) {
      const file = queue.shift()!;
      for (const i of inputs[file]?.imports ?? []) if (!parent.has(i.path) && i.path !== entry) (parent.set(i.path, file), queue.push(i.path));
    }
    const chains = Object.entries(inputs)
      .filter(([file]) => !file.includes('node_modules'))
      .flatMap(([file, info]) => info.imports.filter((i) => HEAVY.test(i.path)).map((i) => {
        const chain = [i.path.replace(/.*node_modules[\\/]/, '')];
        for (let f: string | undefined = file; f; f = parent.get(f)) chain.unshift(f);
        return chain.join(' > ');
      }));
    expect(chains.slice(0, 3)).toEqual([]);
    // The check itself sees the engine (it would pass vacuously on an empty graph).
    expect(Object.keys(inputs).some((f) => f.endsWith('src/engine/evaluator.ts'))).toBe(true);
    expect(Object.keys(inputs).some((f) => /node_modules[\\/]date-fns[\\/]/.test(f))).toBe(true);
  });

  it.runIf(existsSync(join(ROOT, 'dist/simulate-worker.js')))('loads only chunks without zod in the build (dist/)', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(join(ROOT, 'dist', file), 'utf8').matchAll(/from "\.\/(chunk-[\w-]+\.js)"/g)) visit(m[1]!);
    };
    visit('simulate-worker.js');
    const text = [...seen].map((f) => readFileSync(join(ROOT, 'dist', f), 'utf8')).join('\n');
    expect(text).toContain('src/engine/evaluator.ts');
    // Markers of each: zod's error class, yaml's parser, semver's range class (as the bundle names their files).
    expect(text).not.toMatch(/node_modules\/(zod|yaml|semver)\//);
    // The full library does carry them (the marker would find them).
    const index = readFileSync(join(ROOT, 'dist/index.js'), 'utf8');
    const all = [...index.matchAll(/from "\.\/(chunk-[\w-]+\.js)"/g)].map((m) => readFileSync(join(ROOT, 'dist', m[1]!), 'utf8')).join('\n');
    expect(all).toMatch(/node_modules\/zod\//);
  });
});

describe('a program built without zod (LEAN_ZOD_PARTS)', () => {
  it('evaluates as compile() does, and refuses bad options with options/invalid', async () => {
    const resolved = await loadRuleset(join(ROOT, 'rulesets/bench/settlement.yaml'));
    const lean = buildProgram(resolved, undefined, LEAN_ZOD_PARTS);
    const full = compile(resolved);
    const input = { insuredType: 'resident', hospitalLevel: 2, totalCost: 7677.45, eligibleCost: 6722.27, classBSelfPayFirst: 200.25, ytdBasicPaid: 0, ytdDeductiblePaid: 69.22, ytdCriticalPaid: 374452.94, ytdAssistancePaid: 0, personCategory: 'none' };
    for (const options of [{ date: '2025-06-01' }, { date: '2025-06-01', money: 'fen' as const }, { date: '2025-06-01', trace: true }]) {
      expect(JSON.stringify(lean.evaluate(input, options))).toBe(JSON.stringify(full.evaluate(input, options)));
    }
    const refused = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return isMinshengError(error) ? error.issues[0]!.code : String(error);
      }
    };
    expect(refused(() => lean.evaluate(input, { date: '2025-06-01', trace: 'yes' } as never))).toBe('options/invalid');
    expect(refused(() => lean.evaluate(input, 'trace' as never))).toBe('options/invalid');
    expect(refused(() => lean.inputSchema())).toBe('options/invalid');
    // compile()'s program says what is wrong (zod's part).
    expect(() => full.evaluate(input, { date: '2025-06-01', trace: 'yes' } as never)).toThrow(/trace/);
    expect(JSON.stringify(full.inputSchema().toJSONSchema())).toContain('"totalCost"');
  });
});
