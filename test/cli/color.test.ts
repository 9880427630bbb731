import { describe, expect, it } from 'vitest';
import { colorLine } from '../../src/cli/style';
import { SETTLEMENT, cli } from './helpers';

const ESC = '\u001b[';

describe('CLI colours', () => {
  it('colour the status mark and the issue code of a line, nothing else', () => {
    expect(colorLine('✔ a@1.0.0 is valid')).toBe(`\u001b[32m\u001b[1m✔\u001b[22m\u001b[39m a@1.0.0 is valid`);
    expect(colorLine('✖ [ruleset/schema] bad')).toBe(`\u001b[31m\u001b[1m✖\u001b[22m\u001b[39m \u001b[36m[ruleset/schema]\u001b[39m bad`);
    expect(colorLine('  ⚠ [ruleset/policy-floor] low')).toContain(`  \u001b[33m`);
    for (const plain of ['  extends a → b', '{ "ok": true }', '    "message": "✖ x"', '!important']) expect(colorLine(plain)).toBe(plain);
  });

  it('are on for a terminal, off with NO_COLOR, --no-color or a pipe, and on with FORCE_COLOR', async () => {
    const tty = await cli(['validate', SETTLEMENT], { isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain(`${ESC}32m`);
    for (const run of [
      await cli(['validate', SETTLEMENT], { isTTY: true, env: { NO_COLOR: '1' } }),
      await cli(['validate', SETTLEMENT, '--no-color'], { isTTY: true }),
      await cli(['--no-color', 'validate', SETTLEMENT], { isTTY: true }),
      await cli(['validate', SETTLEMENT], { isTTY: false }),
    ]) {
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(ESC);
      expect(run.stdout).toContain('✔');
    }
    const forced = await cli(['validate', SETTLEMENT], { isTTY: false, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
  });

  it('never colour --json output, even on a terminal', async () => {
    const r = await cli(['validate', SETTLEMENT, '--json'], { isTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});
