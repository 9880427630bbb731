/**
 * The bundled rulesets' build-time resolved form (src/bundled/hydrate.ts, written by scripts/gen-bundled.mjs)
 * against loading their YAML: for every bundled ruleset, the hydrated object graph is the one the resolver
 * builds (same keys in the same order, same values, same prototypes, same frozenness, one object per layer,
 * same origins) and has the same hash; in the browser form (`bundledRuleset`) and in Node's (`loadRuleset(id)`,
 * with the `.cases.yaml` tests). And the generated file is current: `gen-bundled --check` fails on a stale one.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledRuleset, findBundledFile } from '../../src/bundled/bundled-rulesets';
import { hydrateBundled, textFingerprint } from '../../src/bundled/hydrate';
import { BUNDLED_FILES } from '../../src/bundled/rulesets.generated';
import type { BundledFile } from '../../src/bundled/types';
import { bundledRulesetsDir } from '../../src/node/bundled';
import { chainOnDiskMatches, loadRuleset } from '../../src/node/load';
import { loadRulesetFile } from '../../src/node/load-file';
import { parseRulesetText, rulesetOrigin } from '../../src/ruleset/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { RulesetRegistry } from '../../src/ruleset/registry';
import type { ResolvedRuleset } from '../../src/ruleset/resolved';
import type { RulesetFile } from '../../src/ruleset/schema';
import { parseExtends } from '../../src/ruleset/version';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = bundledRulesetsDir()!;

/** The entries of `leaf`'s extends chain, leaf first. */
function chainOf(leaf: BundledFile): BundledFile[] {
  const out = [leaf];
  for (let at = leaf; at.extends; ) {
    const { id, range } = parseExtends(at.extends);
    const parent = findBundledFile(id, range)!;
    out.push(parent);
    at = parent;
  }
  return out;
}

/** Every difference between two resolved rulesets, as paths (empty: the same object graph). */
function differences(a: ResolvedRuleset, b: ResolvedRuleset): string[] {
  const out: string[] = [];
  const layersA = new Map<object, number>(a.chain.map((l, i) => [l, i]));
  const layersB = new Map<object, number>(b.chain.map((l, i) => [l, i]));
  const walk = (x: unknown, y: unknown, path: string, isChain: boolean) => {
    if (out.length > 20) return;
    if (typeof x !== typeof y || (x === null) !== (y === null)) return void out.push(`${path}: ${typeof x} vs ${typeof y}`);
    if (typeof x !== 'object' || x === null) {
      if (!Object.is(x, y)) out.push(`${path}: ${String(x)} vs ${String(y)}`);
      return;
    }
    const o = x as Record<string, unknown>;
    const p = y as Record<string, unknown>;
    if (!isChain && (layersA.has(o) || layersB.has(p))) {
      if (layersA.get(o) !== layersB.get(p)) out.push(`${path}: layer ${layersA.get(o)} vs ${layersB.get(p)}`);
      return;
    }
    if (Array.isArray(o) !== Array.isArray(p)) return void out.push(`${path}: array vs not`);
    if (Object.getPrototypeOf(o) !== Object.getPrototypeOf(p)) out.push(`${path}: prototype differs`);
    if (Object.isFrozen(o) !== Object.isFrozen(p)) out.push(`${path}: frozen ${Object.isFrozen(o)} vs ${Object.isFrozen(p)}`);
    const ka = Object.keys(o);
    const kb = Object.keys(p);
    if (ka.join('\u0000') !== kb.join('\u0000')) return void out.push(`${path}: keys ${ka.join(',')} vs ${kb.join(',')}`);
    for (const k of ka) walk(o[k], p[k], `${path}.${k}`, false);
  };
  walk(a.chain, b.chain, 'chain', true);
  for (const k of Object.keys(a)) if (k !== 'chain') walk((a as unknown as Record<string, unknown>)[k], (b as unknown as Record<string, unknown>)[k], k, false);
  if (Object.keys(a).join() !== Object.keys(b).join()) out.push(`root keys ${Object.keys(a).join()} vs ${Object.keys(b).join()}`);
  if (Object.isFrozen(a) !== Object.isFrozen(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) out.push('root frozen/prototype');
  if (rulesetOrigin(a) !== rulesetOrigin(b)) out.push(`origin ${rulesetOrigin(a)} vs ${rulesetOrigin(b)}`);
  a.tests.forEach((t, i) => {
    if (rulesetOrigin(t) !== rulesetOrigin(b.tests[i]!)) out.push(`tests.${i} origin ${rulesetOrigin(t)} vs ${rulesetOrigin(b.tests[i]!)}`);
  });
  return out;
}

describe('bundled rulesets: the generated resolved form equals loading the YAML', () => {
  it('covers every bundled ruleset file', () => {
    expect(BUNDLED_FILES.length).toBeGreaterThan(20);
    expect(BUNDLED_FILES.map((f) => f.id)).toContain('cn/medical/nanchang');
    for (const f of BUNDLED_FILES) {
      expect(readFileSync(join(dir, f.path), 'utf8'), f.path).toBe(f.text);
      if (f.cases) expect(textFingerprint(readFileSync(join(dir, f.cases.path), 'utf8')), f.cases.path).toBe(f.cases.fingerprint);
    }
  });

  it.each(BUNDLED_FILES.map((f) => [`${f.id}@${f.version}`, f] as const))('%s: bundledRuleset is the YAML resolved (browser form)', (spec, entry) => {
    const registry = new RulesetRegistry();
    const chain = chainOf(entry);
    const files = new Map<BundledFile, RulesetFile>(chain.map((f) => [f, parseRulesetText(f.text, { file: `rulesets/${f.path}` })]));
    for (const [f, file] of files) registry.add(file, `rulesets/${f.path}`);
    const fromYaml = resolveRuleset(files.get(entry)!, registry);
    const hydrated = bundledRuleset(spec);
    expect(differences(hydrated, fromYaml)).toEqual([]);
    expect(hydrated.hash).toBe(fromYaml.hash);
    expect(hydrated).toEqual(fromYaml);
  });

  it.each(BUNDLED_FILES.map((f) => [`${f.id}@${f.version}`, f] as const))('%s: Node form (files on disk, cases appended) is the files resolved', async (spec, entry) => {
    const registry = new RulesetRegistry();
    const chain = chainOf(entry);
    const files = new Map<BundledFile, RulesetFile>();
    for (const f of chain) files.set(f, await loadRulesetFile(join(dir, f.path)));
    for (const [f, file] of files) registry.add(file, join(dir, f.path));
    const fromFiles = resolveRuleset(files.get(entry)!, registry);
    const hydrated = hydrateBundled(BUNDLED_FILES, entry, { fileOf: (path) => join(dir, path), cases: true });
    expect(differences(hydrated, fromFiles)).toEqual([]);
    expect(hydrated.tests.length).toBe(fromFiles.tests.length);
    // loadRuleset(id) takes that form
    const loaded = await loadRuleset(spec);
    expect(differences(loaded, fromFiles)).toEqual([]);
  });

  it('hydrates a fresh object graph each time (nothing shared between loads)', async () => {
    const a = await loadRuleset('cn/medical/nanchang');
    const b = await loadRuleset('cn/medical/nanchang');
    expect(a).not.toBe(b);
    expect(a.chain[0]).not.toBe(b.chain[0]);
    expect(a.parameters).not.toBe(b.parameters);
    expect(a.hash).toBe(b.hash);
    expect(Object.isFrozen(a.parameters['basic.deductible'])).toBe(true);
  });
});

describe("Node's loadRuleset(id) uses the generated form only for the files it was made from", () => {
  it('refuses it when a file of the chain or the cases file changed, or the cases file is another one', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'bundled-disk-'));
    try {
      cpSync(dir, tmp, { recursive: true });
      const nanchang = findBundledFile('cn/medical/nanchang', '*')!;
      const national = findBundledFile('cn/medical/national', '*')!;
      expect(chainOnDiskMatches(tmp, nanchang)).toBe(true);
      writeFileSync(join(tmp, 'cn/medical/national.yaml'), `${readFileSync(join(tmp, 'cn/medical/national.yaml'), 'utf8')}\n`);
      expect(chainOnDiskMatches(tmp, nanchang)).toBe(false);
      expect(chainOnDiskMatches(tmp, national)).toBe(false);
      cpSync(join(dir, 'cn/medical/national.yaml'), join(tmp, 'cn/medical/national.yaml'));
      expect(chainOnDiskMatches(tmp, nanchang)).toBe(true);
      writeFileSync(join(tmp, 'cn/medical/nanchang.cases.yaml'), `${readFileSync(join(tmp, 'cn/medical/nanchang.cases.yaml'), 'utf8')}# edited\n`);
      expect(chainOnDiskMatches(tmp, nanchang)).toBe(false);
      const bench = findBundledFile('bench/settlement', '*')!;
      expect(chainOnDiskMatches(tmp, bench)).toBe(true);
      rmSync(join(tmp, 'bench/settlement.cases.yaml'));
      expect(chainOnDiskMatches(tmp, bench)).toBe(false);
      const pension = findBundledFile('cn/pension/national', '*')!;
      expect(chainOnDiskMatches(tmp, pension)).toBe(true);
      // The same cases under another spelling: the loader would read another file than the one stored.
      cpSync(join(dir, 'cn/pension/national.cases.yaml'), join(tmp, 'cn/pension/national.cases.yml'));
      rmSync(join(tmp, 'cn/pension/national.cases.yaml'));
      expect(chainOnDiskMatches(tmp, pension)).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('gen-bundled --check', () => {
  const gen = (args: string[]) => spawnSync(process.execPath, [join(root, 'scripts/gen-bundled.mjs'), ...args], { encoding: 'utf8', cwd: root });

  it('passes on the committed file', () => {
    const r = gen(['--check']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('fails when a bundled ruleset changed since the file was generated', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gen-bundled-'));
    try {
      cpSync(dir, join(tmp, 'rulesets'), { recursive: true });
      const out = join(tmp, 'rulesets.generated.ts');
      cpSync(join(root, 'src/bundled/rulesets.generated.ts'), out);
      expect(gen(['--check', '--rulesets', join(tmp, 'rulesets'), '--out', out]).status).toBe(0);
      // A figure changed in the parent: the child's resolved form is stale too.
      const national = join(tmp, 'rulesets/cn/medical/national.yaml');
      const text = readFileSync(national, 'utf8');
      const changed = text.replace(/(\n\s*- \{ from: [^\n]*value: )(\d+)/, (_, head: string, n: string) => `${head}${Number(n) + 1}`);
      expect(changed).not.toBe(text);
      writeFileSync(national, changed);
      const r = gen(['--check', '--rulesets', join(tmp, 'rulesets'), '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/stale/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
