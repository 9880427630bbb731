import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library, ESM: `.` (Node: everything) and `./browser` (the core and the bundled rulesets as data, no
    // Node built-ins), and the CLI in the same build so that it shares their chunk instead of carrying its
    // own copy of the engine and the bundled rulesets (about 1 MB of the tarball). Dependencies stay
    // external: a consumer's bundler resolves them (each is browser-safe; a test bundles `./browser` for the
    // browser with esbuild). One .d.ts per format so `attw` sees correct types under both resolution modes.
    entry: { index: 'src/index.ts', browser: 'src/browser.ts', 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts' } },
    clean: true,
    target: 'es2022',
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
  {
    // The piscina worker of `minsheng simulate` (the CLI finds it next to itself, dist/simulate-worker.js);
    // it receives the resolved ruleset as data, so it reads no files. Dependencies stay external (they are
    // installed next to it): bundling them made this file 1.2 MB of the tarball's 4.9 MB.
    entry: { 'simulate-worker': 'src/node/simulate/worker.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
  },
]);
