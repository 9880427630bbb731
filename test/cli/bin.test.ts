import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_1 } from './helpers';

// The built binary (`npx tsup` first). Skipped when dist/ has not been built; the in-process tests in
// main.test.ts cover the behaviour, this one covers the wiring: shebang bundle, stdin, exit code.
const BIN = 'dist/cli/main.js';

describe('the minsheng binary', () => {
  it.skipIf(!existsSync(BIN))('evaluates standard input and exits with the code run() returns', () => {
    const ok = spawnSync(process.execPath, [BIN, 'eval', 'rulesets/bench/settlement.yaml', '-', '--date', '2025-06-01', '--json'], {
      input: JSON.stringify(CASE_1),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // (10000 − 500) × 0.75 = 7125
    expect((JSON.parse(ok.stdout) as { outputs: Record<string, string> }).outputs['basicPaid']).toBe('7125.00');

    const usage = spawnSync(process.execPath, [BIN, 'eval'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("✖ missing required argument 'ruleset'");
  });

  it.skipIf(!existsSync(BIN))('starts without loading fastify or piscina (loaded by serve and simulate only)', () => {
    // Every chunk the binary imports when it starts (static imports, followed); `import(...)` ones are left out.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import[^'"]*from "(\.{1,2}\/[^"]+)"/gm)) visit(join(file, '..', m[1]!));
      for (const m of text.matchAll(/^import[^'"]*from "([^."][^"]*)"/gm)) packages.add(m[1]!);
    };
    const packages = new Set<string>();
    visit(BIN);
    expect(seen.size).toBeGreaterThan(2);
    expect([...packages]).toContain('commander');
    expect([...packages].filter((p) => /fastify|piscina/.test(p))).toEqual([]);
    // Both still run: serve's and simulate's chunks are there, loaded on demand.
    expect(readFileSync(BIN, 'utf8')).toMatch(/import\("\.\.\/app-[\w-]+\.js"\)/);
    expect(readFileSync(BIN, 'utf8')).toMatch(/import\("\.\.\/run-[\w-]+\.js"\)/);
  });
});
