/**
 * The edges of the core, as drawn in docs/guide/architecture.md ("who may import whom"): every import
 * between folders of src/ is allowed by the table below, folders import no `node:` module except the
 * Node folder, the server and the CLI, and the folder graph has no cycle. The table is the guide's, word for word.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');

/** Folder (or root file) → the folders it may import. `base` is `errors.ts` and `suggest.ts`. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  base: [],
  limits: ['base'],
  money: ['base', 'limits'],
  period: ['base'],
  ruleset: ['base', 'limits', 'money', 'period'],
  expr: ['base', 'limits', 'money', 'period'],
  analyze: ['base', 'limits', 'money', 'period', 'ruleset', 'expr'],
  engine: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'analyze'],
  bundled: ['base', 'limits', 'ruleset'],
  present: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine'],
  interop: ['base', 'limits', 'money', 'period', 'ruleset', 'expr'],
  domains: ['base', 'limits', 'money', 'period', 'ruleset', 'engine', 'present', 'bundled'],
  compare: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'present'],
  docs: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'present', 'compare'],
  browser: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'bundled', 'present', 'interop', 'domains', 'compare', 'docs'],
  node: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'bundled', 'present', 'interop', 'domains', 'compare', 'docs'],
  index: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'bundled', 'present', 'interop', 'domains', 'compare', 'docs', 'browser', 'node'],
  server: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'bundled', 'present', 'interop', 'domains', 'compare', 'docs', 'node'],
  cli: ['base', 'limits', 'money', 'period', 'ruleset', 'expr', 'engine', 'bundled', 'present', 'interop', 'domains', 'compare', 'docs', 'node', 'server'],
};

/** Where `node:` modules may be imported. */
const NODE_ALLOWED = new Set(['node', 'server', 'cli']);

function unitOf(file: string): string {
  const rel = relative(SRC, file).split('\\').join('/');
  const [head, ...rest] = rel.split('/');
  if (rest.length === 0) {
    const name = head!.replace(/\.ts$/, '');
    return name === 'errors' || name === 'suggest' ? 'base' : name;
  }
  return head!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

interface Import {
  readonly from: string;
  readonly spec: string;
  readonly target?: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = (m[1] ?? m[2])!;
    out.push(spec.startsWith('.') ? { from: file, spec, target: normalize(join(dirname(file), spec)) } : { from: file, spec });
  }
  return out;
}

const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);

describe('the architecture of src/', () => {
  it('knows every folder (a new folder needs a row in the table and in the guide)', () => {
    const units = new Set(files.map(unitOf));
    expect([...units].filter((u) => !(u in ALLOWED))).toEqual([]);
  });

  it('imports across folders only as the table allows', () => {
    const violations = imports
      // The CLI and the server (OpenAPI info) read the version from package.json; no other file leaves src/.
      .filter((i) => i.target !== undefined && !((unitOf(i.from) === 'cli' || unitOf(i.from) === 'server') && i.spec.endsWith('/package.json')))
      .map((i) => ({ from: unitOf(i.from), to: unitOf(i.target!.startsWith(SRC) ? i.target! : join(SRC, '__outside__')), file: relative(SRC, i.from), spec: i.spec }))
      .filter(({ from, to }) => from !== to && !(ALLOWED[from] ?? []).includes(to))
      .map(({ file, spec, from, to }) => `${file} imports ${spec} (${from} → ${to})`);
    expect(violations).toEqual([]);
  });

  it('imports no node: module outside src/node, src/server and src/cli', () => {
    const violations = imports
      .filter((i) => i.spec.startsWith('node:') && !NODE_ALLOWED.has(unitOf(i.from)))
      .map((i) => `${relative(SRC, i.from)} imports ${i.spec}`);
    expect(violations).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (!i.target?.startsWith(SRC)) continue;
      const from = unitOf(i.from);
      const to = unitOf(i.target);
      if (from !== to) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string, path: string[]): void => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'visiting');
      for (const m of edges.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of edges.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });

  it('keeps expr/ from importing engine/ and period/ from importing money/', () => {
    const bad = imports.filter((i) => i.target && ((unitOf(i.from) === 'expr' && unitOf(i.target) === 'engine') || (unitOf(i.from) === 'period' && unitOf(i.target) === 'money')));
    expect(bad.map((i) => `${relative(SRC, i.from)} → ${i.spec}`)).toEqual([]);
  });
});
