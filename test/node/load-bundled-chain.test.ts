/**
 * `loadRuleset(id)` for a bundled id reads only that ruleset's `extends` chain; the result is the same
 * resolved ruleset (hash, chain, rules, parameters and its cases) as resolving it from a registry of every
 * bundled file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { bundledRulesetIds } from '../../src/bundled/bundled-rulesets';

describe('loadRuleset(id) reads only the chain', () => {
  it.each(['cn/medical/nanchang', 'cn/medical/national', 'cn/assistance/example/gansu', 'cn/entitlements/national', 'cn/medical/nanchang@^2026.1'])('%s equals the folder-scan result', async (spec) => {
    const fast = await loadRuleset(spec);
    const registry = await createRegistry();
    const [id, range] = spec.includes('@') ? spec.split('@') : [spec, '*'];
    const full = resolveRuleset(registry.find(id!, range!)!, registry);
    expect(fast.hash).toBe(full.hash);
    expect(fast.chain.map((l) => `${l.id}@${l.version}`)).toEqual(full.chain.map((l) => `${l.id}@${l.version}`));
    expect(fast).toEqual(full);
  });

  it('every bundled id loads by id', async () => {
    for (const { id, version } of bundledRulesetIds()) {
      const r = await loadRuleset(`${id}@${version}`);
      expect(`${r.id}@${r.version}`).toBe(`${id}@${version}`);
    }
  });

  it('an unknown id is still refused with ruleset/io', async () => {
    await expect(loadRuleset('cn/medical/nowhere')).rejects.toMatchObject({ code: 'ruleset/io' });
  });
});

describe('loadRuleset(file) on top of a bundled ruleset reads only its parent chain', () => {
  const county = (extendsSpec: string) => `id: test/county
version: 1.0.0
extends: ${extendsSpec}
jurisdiction: CN-36
label: { zh: 测试县, en: Test county }
`;

  it.each(['cn/medical/national@*', 'cn/medical/nanchang@^2026.1', 'cn/assistance/example/gansu@*'])('extends %s: the folder-scan result, with no other bundled file read', async (spec) => {
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-county-'));
    const path = join(dir, 'county.yaml');
    writeFileSync(path, county(spec));
    // Which files the loader reads (node:fs/promises, patched for this call only).
    const read: string[] = [];
    const fsp = createRequire(import.meta.url)('node:fs/promises') as { readFile: (...args: unknown[]) => Promise<unknown> };
    const original = fsp.readFile;
    fsp.readFile = (...args: unknown[]) => {
      read.push(String(args[0]));
      return original(...args);
    };
    syncBuiltinESMExports();
    // A fresh loader: nothing cached by earlier loads in this file (a scan would read every bundled file again).
    vi.resetModules();
    const fresh = (await import('../../src/node/load')).loadRuleset;
    let lazy;
    try {
      lazy = await fresh(path);
    } finally {
      fsp.readFile = original;
      syncBuiltinESMExports();
    }
    const registry = await createRegistry();
    const full = await loadRuleset(path, { registry });
    expect(lazy).toEqual(full);
    expect(lazy.chain.at(-1)!.id).toBe('test/county');
    // The county file and its parents' files, and none of the other bundled rulesets.
    const chainFiles = new Set(lazy.chain.map((l) => resolvePath(l.file ?? `<no file: ${l.id}>`)));
    const rulesetsRead = read.filter((f) => /\.(ya?ml|json)$/.test(f) && !/\.cases\./.test(f));
    expect(new Set(rulesetsRead.map((f) => resolvePath(f)))).toEqual(chainFiles);
    rmSync(dir, { recursive: true, force: true });
  });
});
