/**
 * Finds a built artefact the docs site or the simulator needs at run time — the playground bundle (copied
 * into the site) or the piscina worker — next to the running code in `dist/`; when running from the
 * TypeScript sources (tests, scripts) it is built on the fly with esbuild (a dev dependency, loaded only then).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MinshengError } from '../errors';

/** A file that may not exist: its URL relative to this module (or the bundle this module was built into). */
function candidate(relative: string): string | undefined {
  try {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

interface BuildSpec {
  /** Built file names to look for, relative to this module's location when bundled into dist/ or dist/cli/. */
  readonly built: readonly string[];
  /** Source entry relative to this module (src/docs/assets.ts), used when running from the sources. */
  readonly source: string;
  readonly format: 'iife' | 'esm';
  readonly platform: 'browser' | 'node' | 'neutral';
  readonly globalName?: string;
  readonly minify?: boolean;
}

/** Builds a source entry into one self-contained file in the temp folder (cached by the sources' content hash). */
async function buildFromSource(spec: BuildSpec, entry: string): Promise<string> {
  const name = 'esbuild';
  let esbuild: typeof import('esbuild');
  try {
    esbuild = (await import(/* @vite-ignore */ name)) as typeof import('esbuild');
  } catch {
    throw new MinshengError({ code: 'package/incomplete', message: `cannot find the built file ${spec.built[0]}: run \`npm run build\` first` });
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: spec.format,
    platform: spec.platform,
    target: 'es2022',
    minify: spec.minify ?? false,
    legalComments: 'none',
    ...(spec.globalName ? { globalName: spec.globalName } : {}),
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const dir = join(tmpdir(), 'minsheng-rules-build');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${spec.built[0]!.replace(/\W+/g, '-')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.${spec.format === 'esm' ? 'mjs' : 'js'}`);
  if (!existsSync(file)) writeFileSync(file, code);
  return file;
}

async function locate(spec: BuildSpec): Promise<string> {
  for (const rel of spec.built) {
    const found = candidate(rel);
    if (found) return found;
  }
  const source = candidate(spec.source);
  if (source && source.endsWith('.ts')) return buildFromSource(spec, source);
  throw new MinshengError({ code: 'package/incomplete', message: `cannot find ${spec.built[0]} next to the running code: the package is incomplete (run \`npm run build\`)` });
}

/** The docs playground (IIFE, `Minsheng` global, built on the browser entry) as text. */
export async function playgroundBundle(): Promise<string> {
  const file = await locate({
    built: ['../playground.global.js', './playground.global.js'],
    source: '../../playground/app.ts',
    format: 'iife',
    platform: 'browser',
    globalName: 'Minsheng',
    minify: true,
  });
  return readFileSync(file, 'utf8');
}

/** The path of the piscina worker of `minsheng simulate` (an ES module). */
export async function simulateWorkerFile(): Promise<string> {
  return locate({
    built: ['../simulate-worker.js', './simulate-worker.js'],
    source: './simulate/worker.ts',
    format: 'esm',
    platform: 'node',
  });
}
