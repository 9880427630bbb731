import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
});
