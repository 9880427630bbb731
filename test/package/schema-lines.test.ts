/**
 * Every bundled ruleset, cases file and the regional template starts with its editor schema line
 * (`# yaml-language-server: $schema=…`), so editors validate them while they are written. A new file
 * without it fails here: run `node scripts/schema-lines.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('schema lines', () => {
  it('every ruleset and cases file starts with the line pointing at its schema', () => {
    const r = spawnSync(process.execPath, ['scripts/schema-lines.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('points at schemas that exist and are shipped (the package has schema/ruleset and schema/cases)', () => {
    const files = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(files.files).toContain('schema');
    for (const name of ['ruleset', 'cases']) {
      const schema = JSON.parse(readFileSync(`schema/${name}.schema.json`, 'utf8')) as { $schema?: string };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    const nanchang = readFileSync('rulesets/cn/medical/nanchang.cases.yaml', 'utf8').split('\n', 1)[0];
    expect(nanchang).toBe('# yaml-language-server: $schema=../../../schema/cases.schema.json');
  });

  it('the check fails on a file without the line (the check can fail)', () => {
    // The script reads the repository's folders; a copy of it with one folder swapped for a temporary one
    // holding a file without the line must report it.
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-schema-lines-'));
    try {
      const script = readFileSync('scripts/schema-lines.mjs', 'utf8').replace("export const FOLDERS = ['rulesets', 'examples/regional'];", `export const FOLDERS = ['t'];`);
      const root = join(dir, 'scripts');
      for (const d of [root, join(dir, 't')]) mkdirSync(d, { recursive: true });
      writeFileSync(join(root, 'schema-lines.mjs'), script);
      writeFileSync(join(dir, 't', 'x.yaml'), 'id: x\n');
      const r = spawnSync(process.execPath, [join(root, 'schema-lines.mjs'), '--check'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('t/x.yaml: line 1 should be # yaml-language-server: $schema=../schema/ruleset.schema.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
