#!/usr/bin/env node
/**
 * Puts the editor schema line on line 1 of every bundled ruleset, cases file and template
 * (`# yaml-language-server: $schema=<relative path to schema/…>`), so that VS Code (YAML extension) and
 * other yaml-language-server editors complete keys and flag wrong values while a ruleset is written.
 * Rulesets get schema/ruleset.schema.json, `*.cases.yaml` files schema/cases.schema.json.
 *
 *   node scripts/schema-lines.mjs           # add or correct the line where it is missing or wrong
 *   node scripts/schema-lines.mjs --check   # change nothing; list the files without it, exit 1 if any
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Folders whose YAML files are rulesets or cases files (bundled rulesets and the regional template). */
export const FOLDERS = ['rulesets', 'examples/regional'];
const LINE = /^# yaml-language-server: \$schema=(\S+)[ \t]*$/;

/** The schema line a file should start with. */
export function schemaLineFor(file) {
  const schema = file.endsWith('.cases.yaml') || file.endsWith('.cases.yml') ? 'cases.schema.json' : 'ruleset.schema.json';
  return `# yaml-language-server: $schema=${relative(dirname(resolve(ROOT, file)), join(ROOT, 'schema', schema)).split('\\').join('/')}`;
}

/** Every YAML file under the folders, relative to the repository root, sorted. */
export function yamlFiles() {
  const files = [];
  for (const folder of FOLDERS) {
    for (const entry of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      if (/\.ya?ml$/.test(entry)) files.push(join(folder, entry).split('\\').join('/'));
    }
  }
  return files.sort();
}

/** The files whose first line is not their schema line: `{ file, expected, found }`. */
export function missingSchemaLines() {
  const out = [];
  for (const file of yamlFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // A data file that declares its kind (the scorecard's policy targets) is neither a ruleset nor a cases file.
    if (/^kind:[ \t]*\S/m.test(text)) continue;
    const first = text.split('\n', 1)[0] ?? '';
    const expected = schemaLineFor(file);
    if (first !== expected) out.push({ file, expected, found: first });
  }
  return out;
}

function main() {
  const check = process.argv.includes('--check');
  const missing = missingSchemaLines();
  if (check) {
    for (const m of missing) console.error(`✖ ${m.file}: line 1 should be ${m.expected}`);
    console.log(missing.length === 0 ? '✔ every ruleset and cases file starts with its schema line' : `✖ ${missing.length} file(s) without their schema line (run node scripts/schema-lines.mjs)`);
    process.exit(missing.length === 0 ? 0 : 1);
  }
  for (const m of missing) {
    const path = join(ROOT, m.file);
    const text = readFileSync(path, 'utf8');
    // A wrong schema line is replaced; otherwise the line goes on top of whatever the file starts with.
    const next = LINE.test(m.found) ? `${m.expected}${text.slice(m.found.length)}` : `${m.expected}\n${text}`;
    writeFileSync(path, next);
    console.log(`+ ${m.file}`);
  }
  console.log(`schema-lines: ${missing.length} file(s) updated`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
