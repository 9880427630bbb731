import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rulesetOrigin } from '../../src/ruleset/load';
import { isRulesetFileName, loadRulesetDirectory, loadRulesetFile } from '../../src/node/load-file';
import { loadRuleset } from '../../src/node/load';
import { BAD, GOOD, issuesOfAsync, summary } from '../ruleset/helpers';

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

describe('loadRulesetFile: encoding', () => {
  it('refuses the invalid-UTF-8 fixture (a Latin-1 é)', async () => {
    const path = join(BAD, 'encoding', 'invalid-utf8.yaml');
    const [issue] = await issuesOfAsync(() => loadRulesetFile(path));
    expect(issue).toMatchObject({ code: 'ruleset/syntax', file: path, span: { line: 4, column: 26 } });
    expect(issue!.message).toBe(`invalid UTF-8 at byte ${readFileSync(path).indexOf(0xe9)} (0xe9), line 4, column 26: the file must be UTF-8 text`);
  });

  it('refuses invalid UTF-8 with the byte offset, line and column (no replacement characters)', async () => {
    const path = join(tmp, 'latin1.yaml');
    const text = Buffer.from(`${header}description: { zh: 说明, en: "caf`, 'utf8');
    writeFileSync(path, Buffer.concat([text, Buffer.from([0xe9]), Buffer.from('" }\n')]));
    const [issue, ...rest] = await issuesOfAsync(() => loadRulesetFile(path));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'ruleset/syntax', file: path, span: { line: 5, column: 32 } }); // columns count characters: 说明 is 2
    expect(issue!.message).toBe(`invalid UTF-8 at byte ${text.length} (0xe9), line 5, column 32: the file must be UTF-8 text`);
  });

  it('refuses invalid UTF-8 in a cases file too', async () => {
    const path = write('enc.yaml', header.replace('test/fs', 'test/enc'));
    const cases = join(tmp, 'enc.cases.yaml');
    writeFileSync(cases, Buffer.concat([Buffer.from('cases:\n  - { name: "'), Buffer.from([0xc3, 0x28]), Buffer.from('", input: {}, expect: {} }\n')]));
    const [issue] = await issuesOfAsync(() => loadRulesetFile(path));
    expect(issue).toMatchObject({ code: 'ruleset/syntax', file: cases, span: { line: 2 } });
  });
});

describe('loadRuleset: the folder of the file', () => {
  const folder = (name: string, files: Record<string, string>) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };
  const ruleset = (id: string, extra = '') => `id: ${id}\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 测试, en: Test }\n${extra}`;

  it('loads a ruleset whose parent sits beside it, though an unrelated file there is broken', async () => {
    const dir = folder('unrelated', {
      'province.yaml': ruleset('test/province'),
      'city.yaml': ruleset('test/city', 'extends: test/province@^1\n'),
      'broken.yaml': ruleset('test/other', 'rules: { r: { type: money } }\n'),
      'garbage.json': '{ "id": ',
    });
    const resolved = await loadRuleset(join(dir, 'city.yaml'), { noBundled: true });
    expect(resolved.chain.map((l) => l.id)).toEqual(['test/province', 'test/city']);
  });

  it('when the parent is broken, says so and gives its issues', async () => {
    const dir = folder('broken-parent', {
      'province.yaml': ruleset('test/province', 'rules: { r: { type: money } }\n'),
      'city.yaml': ruleset('test/city', 'extends: test/province@^1\n'),
    });
    const issues = await issuesOfAsync(() => loadRuleset(join(dir, 'city.yaml'), { noBundled: true }));
    expect(summary(issues)).toEqual(['ruleset/missing-parent @ ["extends"]', 'ruleset/schema @ ["rules","r","formula"]']);
    expect(issues[0]!.message).toBe(
      'parent test/province@^1 not found: no ruleset with id test/province is registered; province.yaml in the same folder declares test/province but failed to load (its issues follow)',
    );
    expect(issues[1]!.file).toBe(join(dir, 'province.yaml'));
  });

  it('when the parent is missing and a file beside it could not be read, names that file', async () => {
    const dir = folder('unreadable', {
      'province.json': '{ "id": "test/province", ',
      'city.yaml': ruleset('test/city', 'extends: test/province@^1\n'),
    });
    const issues = await issuesOfAsync(() => loadRuleset(join(dir, 'city.yaml'), { noBundled: true }));
    expect(summary(issues)).toEqual(['ruleset/missing-parent @ ["extends"]']);
    expect(issues[0]!.message).toMatch(/; 1 file in the same folder failed to load and may be the parent: province\.json$/);
  });

  it('reports two rulesets that extend each other as a cycle, not a missing parent', async () => {
    const dir = folder('cycle', {
      'a.yaml': ruleset('test/a', 'extends: test/b@^1\n'),
      'b.yaml': ruleset('test/b', 'extends: test/a@^1\n'),
    });
    const issues = await issuesOfAsync(() => loadRuleset(join(dir, 'a.yaml'), { noBundled: true }));
    expect(summary(issues)).toEqual(['ruleset/extends-cycle @ ["extends"]']);
    expect(issues[0]!.message).toBe('extends forms a cycle: test/a@1.0.0 → test/b@1.0.0 → test/a@1.0.0');
  });

  it('loadRulesetDirectory reports each failed file with the id it declares', async () => {
    const dir = folder('failures', {
      'ok.yaml': ruleset('test/ok'),
      'bad.yaml': ruleset('test/bad', 'rules: { r: { type: money } }\n'),
      'unreadable.json': '{',
    });
    const { files, failures } = await loadRulesetDirectory(dir);
    expect(files.map((f) => f.file.id)).toEqual(['test/ok']);
    expect(failures.map((f) => [f.path, f.id])).toEqual([
      [join(dir, 'bad.yaml'), 'test/bad'],
      [join(dir, 'unreadable.json'), undefined],
    ]);
  });
});
