/** `--quiet` on the reporting commands: validate prints only what has problems (test: test-command.test.ts). */
import { describe, expect, it } from 'vitest';
import { FIXTURES, SETTLEMENT, cli } from './helpers';

describe('validate --quiet', () => {
  it('prints nothing for a valid ruleset (the exit code says it) and still every problem of an invalid one', async () => {
    const valid = await cli(['validate', SETTLEMENT, '--quiet']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe('');
    expect((await cli(['validate', SETTLEMENT])).stdout).toContain('is valid');
    const folder = await cli(['validate', FIXTURES, '--quiet']);
    expect(folder.code).toBe(1);
    expect(folder.stdout).not.toContain('is valid');
    expect(folder.stderr).toContain('type-error.yaml is invalid');
    expect(folder.stdout.trim().split('\n').at(-1)).toMatch(/^✖ \d+ of \d+ rulesets invalid$/);
  });
});
