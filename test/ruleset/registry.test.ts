import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRulesetObject } from '../../src/ruleset/load';
import { RulesetRegistry } from '../../src/ruleset/registry';
import { addRulesetDirectory } from '../../src/node/load';
import type { RulesetFile } from '../../src/ruleset/schema';
import { BAD, GOOD, HEADER, issuesOf, issuesOfAsync, summary } from './helpers';

const file = (id: string, version: string, origin = `${id}.yaml`): RulesetFile => parseRulesetObject({ ...HEADER, id, version }, { file: origin });
const tmp = mkdtempSync(join(tmpdir(), 'minsheng-registry-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('RulesetRegistry.add / find', () => {
  it('finds the highest version in a range', () => {
    const registry = new RulesetRegistry();
    for (const v of ['2025.1.0', '2026.1.0', '2026.2.0', '2027.1.0-rc.1']) registry.add(file('cn/x', v));
    expect(registry.find('cn/x', '^2026.1')!.version).toBe('2026.2.0');
    expect(registry.find('cn/x')!.version).toBe('2026.2.0'); // '*' skips prereleases
    expect(registry.find('cn/x', '2025.1.0')!.version).toBe('2025.1.0');
    expect(registry.find('cn/x', '>=2027.1.0-rc.0')!.version).toBe('2027.1.0-rc.1');
    expect(registry.find('cn/x', '^2028')).toBeUndefined();
    expect(registry.find('cn/y')).toBeUndefined();
    expect(registry.find('cn/x', 'not a range')).toBeUndefined();
    expect(registry.versions('cn/x')).toEqual(['2025.1.0', '2026.1.0', '2026.2.0', '2027.1.0-rc.1']);
    expect(registry.get('cn/x', '2026.1.0')!.version).toBe('2026.1.0');
    expect(registry.size).toBe(4);
  });

  it('lists by id, then version', () => {
    const registry = new RulesetRegistry();
    registry.add(file('b', '1.0.0'));
    registry.add(file('a', '2.0.0'));
    registry.add(file('a', '1.10.0'));
    expect(registry.list().map((f) => `${f.id}@${f.version}`)).toEqual(['a@1.10.0', 'a@2.0.0', 'b@1.0.0']);
  });

  it('rejects the same id@version twice, naming both files', () => {
    const registry = new RulesetRegistry();
    registry.add(file('cn/x', '1.0.0', 'first.yaml'));
    const [issue] = issuesOf(() => registry.add(file('cn/x', '1.0.0', 'second.yaml')));
    expect(issue).toMatchObject({ code: 'ruleset/duplicate-id', file: 'second.yaml', path: ['id'] });
    expect(issue!.message).toBe('ruleset cn/x@1.0.0 is defined twice: in first.yaml and in second.yaml');
  });

  it('accepts the same object twice', () => {
    const registry = new RulesetRegistry();
    const f = file('cn/x', '1.0.0');
    registry.add(f);
    registry.add(f);
    expect(registry.size).toBe(1);
  });

  it('records the origin given, else the file the loader read', () => {
    const registry = new RulesetRegistry();
    const a = file('a', '1.0.0', 'loaded/a.yaml');
    const b = file('b', '1.0.0', 'loaded/b.yaml');
    registry.add(a);
    registry.add(b, 'given/b.yaml');
    expect(registry.origin(a)).toBe('loaded/a.yaml');
    expect(registry.origin(b)).toBe('given/b.yaml');
  });

  it('refuses objects without a valid id and version', () => {
    const registry = new RulesetRegistry();
    expect(summary(issuesOf(() => registry.add({ ...HEADER, version: 'v1' } as RulesetFile)))).toEqual(['ruleset/schema @ ["version"]']);
  });
});

describe('addRulesetDirectory', () => {
  it('loads rulesets recursively and skips cases files, data files, hidden folders and node_modules', async () => {
    const dir = join(tmp, 'tree');
    cpSync(GOOD, join(dir, 'nested'), { recursive: true });
    for (const skipped of ['.hidden', 'node_modules/pkg']) {
      mkdirSync(join(dir, skipped), { recursive: true });
      writeFileSync(join(dir, skipped, 'broken.yaml'), 'id: [broken');
    }
    writeFileSync(join(dir, 'package.json'), '{"name": "x"}');
    writeFileSync(join(dir, 'README.md'), '# not yaml');
    const registry = new RulesetRegistry();
    await addRulesetDirectory(registry, dir);
    expect(registry.list().map((f) => f.id)).toEqual(['test/medical/city', 'test/medical/national', 'test/medical/province', 'test/standalone']);
    expect(registry.origin(registry.find('test/medical/city')!)).toBe(join(dir, 'nested', 'city.yaml'));
    expect(registry.find('test/medical/city')!.tests).toHaveLength(3); // 1 inline + 2 from city.cases.yaml
  });

  it('rejects a duplicate id@version found in two files, naming both', async () => {
    const registry = new RulesetRegistry();
    const issues = await issuesOfAsync(() => addRulesetDirectory(registry, `${BAD}registry-duplicate`));
    expect(summary(issues)).toEqual(['ruleset/duplicate-id @ ["id"]']);
    expect(issues[0]!.message).toBe(`ruleset test/dup@1.0.0 is defined twice: in ${BAD}registry-duplicate/one.yaml and in ${BAD}registry-duplicate/two.yaml`);
    expect(registry.size).toBe(1);
  });

  it('registers the good files and reports the bad ones of a folder together', async () => {
    const registry = new RulesetRegistry();
    const issues = await issuesOfAsync(() => addRulesetDirectory(registry, BAD));
    expect(issues.length).toBeGreaterThan(20);
    expect(new Set(issues.map((i) => i.file)).size).toBeGreaterThan(15);
    expect(registry.find('test/base')).toBeDefined(); // bad/overlay/base.yaml is valid
  });

  it('reports a missing folder as ruleset/io', async () => {
    const issues = await issuesOfAsync(() => addRulesetDirectory(new RulesetRegistry(), join(tmp, 'nope')));
    expect(issues[0]!.code).toBe('ruleset/io');
  });
});
