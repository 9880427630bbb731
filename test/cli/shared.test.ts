/**
 * src/cli/shared.ts's loadProgram: a bundled id named without `--rulesets` folders takes the library's route (the
 * build-time resolved form), where it used to build a registry by parsing every bundled file (~0.6 s of each
 * `minsheng eval cn/…`). The result is the same ruleset the registry gives.
 */
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext, loadProgram } from '../../src/cli/shared';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { canonicalJson } from '../../src/ruleset/hash';

const FIXTURES = resolve(__dirname, 'fixtures');
const quiet = () => createContext(new Command(), { stdout: () => {}, stderr: () => {} });

describe('loadProgram', () => {
  it('loads a bundled id without reading every bundled file, to the same ruleset as through the registry', async () => {
    for (const id of ['cn/medical/nanchang', 'cn/medical/national@^2026', 'cn/assistance/example/gansu']) {
      const ctx = quiet();
      const loaded = await loadProgram(ctx, id);
      expect(ctx.registries.size).toBe(0);
      const throughRegistry = await loadRuleset(id, { registry: await createRegistry([]) });
      expect(canonicalJson(loaded.resolved)).toBe(canonicalJson(throughRegistry));
      expect(loaded.file).toBe(throughRegistry.chain.at(-1)?.file);
    }
  });

  it('builds the registry when folders are given (a folder may hold a higher version of an id)', async () => {
    const ctx = quiet();
    const loaded = await loadProgram(ctx, 'cn/medical/nanchang', { rulesets: [FIXTURES] });
    expect(ctx.registries.size).toBe(1);
    expect(loaded.resolved.hash).toBe((await loadProgram(quiet(), 'cn/medical/nanchang')).resolved.hash);
  });

  it('refuses an id that is not bundled, as before', async () => {
    await expect(loadProgram(quiet(), 'cn/medical/nowhere')).rejects.toMatchObject({ code: 'ruleset/io' });
    await expect(loadProgram(quiet(), join('cn', 'medical', 'nanchang@^1999'))).rejects.toThrow(/nanchang/);
  });
});
