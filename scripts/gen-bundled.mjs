#!/usr/bin/env node
/**
 * Writes src/bundled/rulesets.generated.ts: the bundled ruleset files (rulesets/**, without their
 * *.cases.yaml), each with its text, the id, version and parent it declares, and its RESOLVED form (the
 * `extends` chain applied, with its hash) as JSON, plus the validated tests of its `.cases.yaml`. Loading a
 * bundled ruleset (`bundledRuleset(id)`, Node's `loadRuleset(id)`) is then `JSON.parse` and a copy
 * (src/bundled/hydrate.ts): no YAML, no schema check, no overlay, no hashing at run time. The resolving is
 * the library's own (src/ruleset, bundled here with esbuild), so the stored form is what loading the YAML
 * gives; test/bundled checks that for every bundled ruleset, and that a stale generated file fails `--check`.
 *
 * Run by `npm run build` and `npm test`; `npm run gen` rewrites the file.
 *
 *   node scripts/gen-bundled.mjs [--check] [--rulesets <dir>] [--out <file>]
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
};
const dir = opt('rulesets', join(root, 'rulesets'));
const out = opt('out', join(root, 'src/bundled/rulesets.generated.ts'));

// The library's loader and resolver, from src/ (TypeScript) through esbuild into a module that resolves its
// dependencies from node_modules. A unique name: several builds may run at once in one checkout.
const cache = join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const lib = join(cache, `gen-bundled-${process.pid}-${Date.now()}.mjs`);
await build({
  stdin: {
    contents: [
      "export { parseRulesetText } from './src/ruleset/load';",
      "export { resolveRuleset } from './src/ruleset/overlay';",
      "export { RulesetRegistry } from './src/ruleset/registry';",
      "export { loadRulesetFile } from './src/node/load-file';",
      "export { textFingerprint } from './src/bundled/hydrate';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: lib,
  logLevel: 'warning',
});
let loader;
try {
  loader = await import(pathToFileURL(lib).href);
} finally {
  rmSync(lib, { force: true });
}
const { parseRulesetText, resolveRuleset, RulesetRegistry, loadRulesetFile, textFingerprint } = loader;

function walk(d) {
  return readdirSorted(d).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : /\.(ya?ml|json)$/.test(e.name) && !/\.cases\./.test(e.name) ? [join(d, e.name)] : []));
}
function readdirSorted(d) {
  return readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
import { existsSync, readdirSync, statSync } from 'node:fs';

const RULESET_KEYS = ['id', 'extends', 'inputs', 'parameters', 'rules'];
const CASES_SUFFIXES = ['.cases.yaml', '.cases.yml', '.cases.json'];
const rel = (abs) => relative(dir, abs).split('\\').join('/');

/** The sibling cases file the Node loader appends (first spelling that exists), as in src/node/load-file.ts. */
function casesFileOf(abs) {
  const base = abs.replace(/\.(ya?ml|json)$/i, '');
  return CASES_SUFFIXES.map((s) => base + s).find((p) => existsSync(p) && statSync(p).isFile());
}

const files = [];
for (const abs of walk(dir)) {
  const text = readFileSync(abs, 'utf8');
  const data = parse(text);
  // A data file (e.g. rulesets/cn/targets/*.yaml), not a ruleset: the folder loader skips it too.
  if (!data || typeof data !== 'object' || !RULESET_KEYS.some((k) => Object.hasOwn(data, k))) continue;
  const path = rel(abs);
  const file = parseRulesetText(text, { file: `rulesets/${path}` });
  // The Node loader's view (the cases file appended, its checks run): its extra tests are the cases.
  const withCases = await loadRulesetFile(abs);
  const casesAbs = casesFileOf(abs);
  const inline = (file.tests ?? []).length;
  files.push({ abs, path, text, file, casesAbs, cases: withCases.tests.slice(inline) });
}

const registry = new RulesetRegistry();
for (const f of files) registry.add(f.file, `rulesets/${f.path}`);

/** The resolved ruleset as plain JSON data: layers as chain indexes, chain files relative to rulesets/. */
function plainOf(resolved) {
  const layers = new Map(resolved.chain.map((l, i) => [l, i]));
  const plain = JSON.parse(
    JSON.stringify(resolved, function (key, value) {
      if (key !== '' && this !== resolved.chain && typeof value === 'object' && value !== null && layers.has(value)) return layers.get(value);
      return value;
    }),
  );
  plain.chain = resolved.chain.map((l) => ({ id: l.id, version: l.version, file: l.file.replace(/^rulesets\//, '') }));
  if (Object.getPrototypeOf(resolved.policyYear) === Object.prototype) plain.defaultPolicyYear = true;
  return plain;
}

const plains = files.map((f) => plainOf(resolveRuleset(f.file, registry)));
const indexOf = new Map(files.map((f, i) => [`${f.file.id}@${f.file.version}`, i]));

const entries = files.map((f, i) => {
  const plain = plains[i];
  if (plain.chain.length > 1) {
    const parent = plain.chain[plain.chain.length - 2];
    const base = indexOf.get(`${parent.id}@${parent.version}`);
    if (base === undefined) throw new Error(`${f.path}: parent ${parent.id}@${parent.version} is not bundled`);
    const stored = { ...plain, base };
    for (const key of ['sources', 'inputs', 'parameters', 'rules']) {
      const inherited = plains[base][key];
      stored[key] = Object.fromEntries(Object.entries(plain[key]).map(([name, v]) => [name, name in inherited && JSON.stringify(inherited[name]) === JSON.stringify(v) ? 0 : v]));
    }
    return entry(f, stored);
  }
  return entry(f, plain);
});

function entry(f, stored) {
  const { id, version } = f.file;
  return {
    path: f.path,
    id,
    version,
    ...(f.file.extends ? { extends: f.file.extends } : {}),
    text: f.text,
    resolved: JSON.stringify(stored),
    ...(f.casesAbs ? { cases: { path: rel(f.casesAbs), fingerprint: textFingerprint(readFileSync(f.casesAbs, 'utf8')), tests: JSON.stringify(f.cases) } } : {}),
  };
}

const body = `// Generated by scripts/gen-bundled.mjs from rulesets/ — do not edit (npm run gen).
import type { BundledFile } from './types';

/** The rulesets bundled with the package: text, and resolved form (see hydrate.ts). */
export const BUNDLED_FILES: readonly BundledFile[] = ${JSON.stringify(entries, null, 2)};
`;
let previous = '';
try {
  previous = readFileSync(out, 'utf8');
} catch {
  // first run
}
if (args.includes('--check')) {
  if (previous !== body) {
    console.error(`${relative(root, out)} is stale: run \`npm run gen\``);
    process.exit(1);
  }
} else if (previous !== body) {
  writeFileSync(out, body);
  console.error(`gen-bundled: wrote ${entries.length} rulesets to ${relative(root, out)}`);
}
