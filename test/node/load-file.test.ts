import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rulesetOrigin } from '../../src/ruleset/load';
import { isRulesetFileName, loadRulesetFile } from '../../src/node/load-file';
import { GOOD, issuesOfAsync, summary } from '../ruleset/helpers';

const tmp = mkdtempSync(join(tmpdir(), 'minsheng-load-fs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const header = 'id: test/fs\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 文件, en: File }\n';
const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('loadRulesetFile', () => {
  it('reads a file and appends the cases of its sibling .cases.yaml', async () => {
    const file = await loadRulesetFile(join(GOOD, 'city.yaml'));
    expect(file.tests!.map((t) => t.name)).toEqual(['city inline case', 'city secondary after the city deductible', 'unpublished figure']);
    expect(rulesetOrigin(file)).toBe(join(GOOD, 'city.yaml'));
    expect(rulesetOrigin(file.tests![2]!)).toBe(join(GOOD, 'city.cases.yaml'));
    expect((await loadRulesetFile(join(GOOD, 'city.yaml'), { cases: false })).tests).toHaveLength(1);
  });

  it('reads JSON files', async () => {
    expect((await loadRulesetFile(join(GOOD, 'standalone.json'))).version).toBe('1.0.0-beta.1');
  });

  it('reports a missing file as ruleset/io', async () => {
    const issues = await issuesOfAsync(() => loadRulesetFile(join(tmp, 'absent.yaml')));
    expect(issues[0]).toMatchObject({ code: 'ruleset/io', file: join(tmp, 'absent.yaml') });
    expect(issues[0]!.message).toMatch(/no such file/);
    expect((await issuesOfAsync(() => loadRulesetFile(tmp)))[0]!.code).toBe('ruleset/io');
  });

  it('refuses a 3 MB file without reading it', async () => {
    const path = write('big.yaml', `${header}# ${'x'.repeat(3_000_000)}\n`);
    expect(summary(await issuesOfAsync(() => loadRulesetFile(path)))).toEqual(['ruleset/limit @ []']);
  });

  it('validates the cases file under its own name', async () => {
    const path = write('with-bad-cases.yaml', header);
    const cases = write('with-bad-cases.cases.yaml', 'cases:\n  - { name: a, input: {}, expect: {}, typo: 1 }\n');
    const issues = await issuesOfAsync(() => loadRulesetFile(path));
    expect(summary(issues)).toEqual(['ruleset/schema @ ["cases",0,"typo"]']);
    expect(issues[0]!.file).toBe(cases);
  });

  it('rejects a test name used in both files, and a cases file for another ruleset', async () => {
    const path = write('dup.yaml', `${header}tests:\n  - { name: a, input: {}, expect: {} }\n`);
    const cases = write('dup.cases.yaml', 'ruleset: test/other\ncases:\n  - { name: a, input: {}, expect: {} }\n');
    const issues = await issuesOfAsync(() => loadRulesetFile(path));
    expect(summary(issues)).toEqual(['ruleset/schema @ ["ruleset"]', 'ruleset/duplicate-id @ ["cases",0,"name"]']);
    expect(issues.every((i) => i.file === cases)).toBe(true);
  });

  it('accepts a cases file naming the ruleset by id@range', async () => {
    const path = write('ranged.yaml', header);
    write('ranged.cases.yml', 'ruleset: test/fs@^1\ncases:\n  - { name: a, input: {}, expectError: eval/domain }\n');
    expect((await loadRulesetFile(path)).tests).toHaveLength(1);
  });
});

describe('isRulesetFileName', () => {
  it('accepts ruleset files and skips the rest', () => {
    expect(['a.yaml', 'a.yml', 'a.json', 'A.YAML'].map(isRulesetFileName)).toEqual([true, true, true, true]);
    expect(['a.cases.yaml', 'a.cases.json', '.a.yaml', 'package.json', 'tsconfig.build.json', 'ruleset.schema.json', 'a.md'].map(isRulesetFileName)).toEqual(
      Array(7).fill(false),
    );
  });
});
