import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: `.` (Node: everything) and `./browser` (the core and the bundled rulesets as data, no
    // Node built-ins). ESM for bundlers and modern Node, CJS for require() users; one .d.ts per format so
    // `attw` sees correct types under both resolution modes. Dependencies stay external: a consumer's
    // bundler resolves them (each is browser-safe; a test bundles `./browser` for the browser with esbuild).
    entry: { index: 'src/index.ts', browser: 'src/browser.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    // import.meta.url finds the bundled rulesets on disk (Node entry only); shims make it work in CJS too.
    shims: true,
    // Keep the output readable for auditors stepping through a settlement.
    minify: false,
  },
  {
    // The CLI: ESM only, with a shebang so `npx minsheng` runs it directly.
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
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
