/**
 * src/cli/shared.ts's loadProgram: a bundled id named without `--rulesets` folders takes the library's route (the
 * build-time resolved form), where it used to build a registry by parsing every bundled file (~0.6 s of each
 * `minsheng eval cn/…`). The result is the same ruleset the registry gives.
 */
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext, loadProgram } from '../../src/cli/shared';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { canonicalJson } from '../../src/ruleset/hash';

const ROOT = resolve(__dirname, '../..');
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

  it('with folders, reads only the bundled chain when the folders hold none of its ids', async () => {
    const ctx = quiet();
    const loaded = await loadProgram(ctx, 'cn/medical/nanchang', { rulesets: [FIXTURES] });
    // Only the folders' own registry (no bundled file in it): the chain came from the bundled index.
    expect([...ctx.registries.keys()]).toEqual([`local:${JSON.stringify([FIXTURES])}`]);
    expect(canonicalJson(loaded.resolved)).toBe(canonicalJson(await loadRuleset('cn/medical/nanchang', { registry: await createRegistry([FIXTURES]) })));
  });

  it('with a folder holding a parent of the id, decides among every bundled file and the folder (its higher version wins)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-cli-shared-'));
    try {
      // A later national version in the folder: nanchang (extends cn/medical/national@^2026.1) takes it.
      const national = readFileSync(join(ROOT, 'rulesets/cn/medical/national.yaml'), 'utf8').replace(/^version: 2026\.1\.0$/m, 'version: 2026.9.0');
      expect(national).toContain('version: 2026.9.0');
      writeFileSync(join(dir, 'national.yaml'), national);
      const ctx = quiet();
      const loaded = await loadProgram(ctx, 'cn/medical/nanchang', { rulesets: [dir] });
      expect([...ctx.registries.keys()]).toContain(JSON.stringify([dir]));
      expect(loaded.resolved.chain.map((l) => `${l.id}@${l.version}`)).toEqual(['cn/medical/national@2026.9.0', 'cn/medical/nanchang@2026.1.0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an id that is not bundled, as before', async () => {
    await expect(loadProgram(quiet(), 'cn/medical/nowhere')).rejects.toMatchObject({ code: 'ruleset/io' });
    await expect(loadProgram(quiet(), join('cn', 'medical', 'nanchang@^1999'))).rejects.toThrow(/nanchang/);
  });
});
