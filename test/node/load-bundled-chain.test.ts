/**
 * `loadRuleset(id)` for a bundled id reads only that ruleset's `extends` chain; the result is the same
 * resolved ruleset (hash, chain, rules, parameters and its cases) as resolving it from a registry of every
 * bundled file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { bundledRulesetIds } from '../../src/bundled/bundled-rulesets';
import { fsPromisesCalls } from '../helpers/fs-calls';

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

/**
 * Loads with a fresh loader (nothing cached by earlier loads in this file: a scan would read every bundled file
 * again), returning the result and the ruleset files it read (node:fs/promises, patched for this call only).
 */
async function loadReading(pathOrId: string, rulesetDirs?: string[]) {
  const { result: resolved, paths } = await fsPromisesCalls('readFile', async () => {
    vi.resetModules();
    const fresh = (await import('../../src/node/load')).loadRuleset;
    return fresh(pathOrId, rulesetDirs ? { rulesetDirs } : {});
  });
  return { resolved, read: new Set(paths.filter((f) => /\.(ya?ml|json)$/.test(f) && !/\.cases\./.test(f))) };
}

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
    const { resolved: lazy, read } = await loadReading(path);
    const registry = await createRegistry();
    const full = await loadRuleset(path, { registry });
    expect(lazy).toEqual(full);
    expect(lazy.chain.at(-1)!.id).toBe('test/county');
    // The county file and its parents' files, and none of the other bundled rulesets.
    expect(read).toEqual(new Set(lazy.chain.map((l) => resolvePath(l.file ?? `<no file: ${l.id}>`))));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('loadRuleset with rulesetDirs reads the folders and only the bundled chain they reach', () => {
  const layer = (id: string, extendsSpec: string, version = '1.0.0') => `id: ${id}
version: ${version}
extends: ${extendsSpec}
jurisdiction: CN-36
label: { zh: 测试, en: Test }
`;

  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-folder-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const chainOf = (r: { chain: readonly { id: string; version: string }[] }) => r.chain.map((l) => `${l.id}@${l.version}`);
  const bundledDir = resolvePath('rulesets');

  it('a folder ruleset on a folder ruleset on a bundled one: the folder-scan result, with no other bundled file read', async () => {
    const dir = folder({ 'city.yaml': layer('test/city', 'cn/medical/nanchang@^2026.1'), 'county.yaml': layer('test/county', 'test/city@^1'), 'other.yaml': layer('test/other', 'cn/medical/national@*') });
    try {
      const { resolved, read } = await loadReading('test/county', [dir]);
      const full = await loadRuleset('test/county', { registry: await createRegistry([dir]) });
      expect(resolved).toEqual(full);
      expect(chainOf(resolved)).toEqual(['cn/medical/national@2026.1.0', 'cn/medical/nanchang@2026.1.0', 'test/city@1.0.0', 'test/county@1.0.0']);
      // Every file of the folder (its registry), and of the bundled folder only the chain's two files.
      expect([...read].filter((f) => f.startsWith(bundledDir)).sort()).toEqual([join(bundledDir, 'cn/medical/nanchang.yaml'), join(bundledDir, 'cn/medical/national.yaml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bundled id with a folder of unrelated rulesets, and a file with a folder: the folder-scan results', async () => {
    const dir = folder({ 'other.yaml': layer('test/other', 'cn/medical/national@*') });
    const own = folder({ 'county.yaml': layer('test/county', 'test/other@*') });
    try {
      const byId = await loadReading('cn/medical/nanchang', [dir]);
      expect(byId.resolved).toEqual(resolveRuleset((await createRegistry([dir])).find('cn/medical/nanchang', '*')!, await createRegistry([dir])));
      expect([...byId.read].filter((f) => f.startsWith(bundledDir)).length).toBe(2);
      const path = join(own, 'county.yaml');
      const byFile = await loadReading(path, [dir]);
      expect(byFile.resolved).toEqual(await loadRuleset(path, { registry: await createRegistry([dir, own]) }));
      expect(chainOf(byFile.resolved)).toEqual(['cn/medical/national@2026.1.0', 'test/other@1.0.0', 'test/county@1.0.0']);
      expect([...byFile.read].filter((f) => f.startsWith(bundledDir))).toEqual([join(bundledDir, 'cn/medical/national.yaml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(own, { recursive: true, force: true });
    }
  });

  it.each([
    ['higher', '2026.9.0', '2026.9.0'],
    ['lower', '2025.5.0', '2026.1.0'],
  ])('a folder that holds a %s version of a bundled parent: the version the folder scan chooses', async (_, version, chosen) => {
    const national = readFileSync(join(bundledDir, 'cn/medical/national.yaml'), 'utf8').replace(/^version: 2026\.1\.0$/m, `version: ${version}`);
    const dir = folder({ 'national.yaml': national, 'city.yaml': layer('test/city', 'cn/medical/national@*') });
    try {
      const { resolved } = await loadReading('test/city', [dir]);
      expect(chainOf(resolved)).toEqual([`cn/medical/national@${chosen}`, 'test/city@1.0.0']);
      expect(resolved).toEqual(await loadRuleset('test/city', { registry: await createRegistry([dir]) }));
      // A bundled id whose parent the folder holds: the chosen parent too.
      const nanchang = await loadReading('cn/medical/nanchang', [dir]);
      expect(chainOf(nanchang.resolved)).toEqual([`cn/medical/national@${chosen}`, 'cn/medical/nanchang@2026.1.0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a broken file in a folder still fails the load, with its file named', async () => {
    const dir = folder({ 'city.yaml': layer('test/city', 'cn/medical/national@*'), 'broken.yaml': 'id: [unclosed' });
    try {
      await expect(loadRuleset('test/city', { rulesetDirs: [dir] })).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ file: expect.stringContaining('broken.yaml') })]) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
