import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * Dependencies made of many small modules, bundled into the ESM library chunk: Node resolves, reads and
 * compiles each module of a package separately (zod ~95 files, 64 of them translations of its messages; yaml
 * ~80; semver ~40; date-fns ~20), which was most of `import('minsheng-rules')` on a cold start. None of their
 * objects cross the public API (the declarations are zod-free, `inputSchema()` wraps its schema; no yaml document
 * or semver object is returned), so a user's own copy is not confused with ours. yaml: its browser build, which
 * is ESM (its Node build is CommonJS that requires `process`). decimal.js stays external (one file; a user's
 * Decimal must stay `instanceof` ours). The CJS build keeps them all external.
 */
const BUNDLED_DEPENDENCIES = ['zod', 'yaml', 'semver', 'date-fns', '@date-fns/utc', '@noble/hashes'];

/**
 * The bundled dependencies trimmed: zod's unused translations left out, and their code minified as it is read
 * (their own modules only: our code stays readable; esbuild re-prints it, so only names and comments shrink):
 * fewer bytes for Node to read and compile on every start, and for the tarball.
 */
const trimBundledDependencies: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'trim-bundled-dependencies',
  setup(build) {
    // zod's `locales` namespace (64 translations of its messages): the library never uses it (zod registers
    // English itself, from locales/en.js), and bundled, `z.locales` kept them all.
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
    build.onLoad({ filter: /[\\/]node_modules[\\/](zod|yaml|semver|date-fns|@date-fns[\\/]utc|@noble[\\/]hashes)[\\/].*\.(c?js|mjs)$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, { minify: true, loader: 'js', target: 'es2022', legalComments: 'none' });
      return { contents: code, loader: 'js' };
    });
  },
};

export default defineConfig([
  {
    // The library, ESM: `.` (Node: everything) and `./browser` (the core and the bundled rulesets as data, no
    // Node built-ins), and the CLI in the same build so that it shares their chunk instead of carrying its
    // own copy of the engine and the bundled rulesets (about 1 MB of the tarball). The piscina worker of
    // `minsheng simulate` too (dist/simulate-worker.js, found next to the CLI): it imports only the engine's
    // chunk, with the trimmed dependencies in it, where its own bundle imported zod, semver and date-fns from
    // node_modules (about 250 ms to start each worker, now about 115; and 0.1 MB less in the tarball). Dependencies stay
    // external but BUNDLED_DEPENDENCIES (above): a consumer's bundler resolves them (each is browser-safe; a
    // test bundles `./browser` for the browser with esbuild). One .d.ts per format so `attw` sees correct types under both resolution modes.
    entry: { index: 'src/index.ts', browser: 'src/browser.ts', 'cli/main': 'src/cli/main.ts', 'simulate-worker': 'src/node/simulate/worker.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts' } },
    clean: true,
    target: 'es2022',
    noExternal: BUNDLED_DEPENDENCIES,
    esbuildPlugins: [trimBundledDependencies],
    esbuildOptions(options) {
      options.alias = { ...options.alias, yaml: './node_modules/yaml/browser/index.js' };
      // Chinese text as UTF-8 (3 bytes a character), not \uXXXX escapes (6): the bundled rulesets' data is
      // most of the chunk. Also easier to read.
      options.charset = 'utf8';
    },
    // Keep the output readable for auditors stepping through a settlement.
    minify: false,
    // `npx minsheng` runs dist/cli/main.js directly: a shebang on that file only (a banner would put one on
    // every chunk), and the executable bit.
    async onSuccess() {
      const { chmodSync, readFileSync, writeFileSync } = await import('node:fs');
      const file = 'dist/cli/main.js';
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
      chmodSync(file, 0o755);
    },
  },
  {
    // The library, CJS, for require() users.
    entry: { index: 'src/index.ts', browser: 'src/browser.ts' },
    format: ['cjs'],
    dts: true,
    target: 'es2022',
    // import.meta.url finds the bundled rulesets on disk (Node entry only); shims make it work in CJS.
    shims: true,
    minify: false,
    esbuildOptions(options) {
      options.charset = 'utf8';
    },
    // One shared chunk for index.cjs and browser.cjs instead of a full copy of the library (and of the
    // bundled rulesets) in each.
    splitting: true,
  },
  {
    // The docs playground: one self-contained IIFE (`Minsheng` global) that works from file://, built
    // from playground/app.ts, which imports the browser entry as any user would.
    entry: { playground: 'playground/app.ts' },
    format: ['iife'],
    globalName: 'Minsheng',
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
  },
]);
