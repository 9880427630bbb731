/**
 * A consumer project made from the packed tarball, installed offline: the tarball as `npm publish` would
 * upload it (packed without re-running prepack: dist/ must have been built), its dependencies pinned to the
 * versions of this repository's lockfile and fetched from the npm cache (`npm ci --offline`), so the test
 * needs no network and installs exactly what a user's `npm install` resolves today.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

export interface PackedTarball {
  /** Absolute path of the .tgz. */
  readonly file: string;
  /** Bytes of the .tgz (`npm pack`'s size). */
  readonly size: number;
  /** Bytes of the files it holds (`npm pack`'s unpackedSize). */
  readonly unpackedSize: number;
  /** Paths inside the package. */
  readonly files: readonly string[];
}

/** `npm pack --ignore-scripts` of the repository into `dir`. */
export function packTarball(dir: string): PackedTarball {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const [packed] = JSON.parse(out) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!packed) throw new Error('npm pack printed no tarball');
  return { file: join(dir, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.map((f) => f.path) };
}

/**
 * A lockfile for a project whose only dependency is the tarball: the repository lockfile's production
 * entries (same hoisted layout), each with the registry URL npm would record (the repository's lockfile
 * omits `resolved`; with it and `integrity`, `npm ci --offline` reads the tarballs from the cache).
 */
function consumerLock(tarballName: string, tarballBytes: Buffer): object {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>; license: string };
  const spec = `file:${tarballName}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', dependencies: { 'minsheng-rules': spec } },
    'node_modules/minsheng-rules': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(tarballBytes).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    const { devOptional: _devOptional, ...rest } = entry;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const base = name.slice(name.lastIndexOf('/') + 1);
    packages[key] = { ...rest, resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${base}-${entry.version}.tgz` };
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

export interface ConsumerProject {
  readonly dir: string;
  readonly tarball: PackedTarball;
}

/** Packs the repository and installs the tarball offline into a fresh temporary project (`"type": "module"`). */
export function createConsumerProject(): ConsumerProject {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-consumer-'));
  const tarball = packTarball(dir);
  const name = tarball.file.slice(dir.length + 1);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'minsheng-rules': `file:${name}` } }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(consumerLock(name, readFileSync(tarball.file)), null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, tarball };
}

/** Code blocks of a Markdown section: from the `## title` heading to the next `## ` heading. */
export function sectionCodeBlocks(markdown: string, title: string): { lang: string; code: string }[] {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section '## ${title}'`);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '' }));
}

/** Bytes of every file under `dir` (symbolic links not followed), as `du -sb` counts them. */
export function folderBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}
