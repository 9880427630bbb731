import { defineConfig } from 'tsup';
import { browserStubs } from './src/docs/browser-stubs';

export default defineConfig([
  {
    // The library: ESM for bundlers and modern Node, CJS for require() users; one .d.ts per format so
    // `attw` sees correct types under both resolution modes.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // import.meta.url finds the bundled rulesets; shims make it work in the CJS build too.
    shims: true,
    // Keep the output readable for auditors stepping through a settlement.
    minify: false,
  },
  {
    // The CLI: ESM only, with a shebang so `npx minsheng` runs it directly.
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The browser build (docs playground, bundlers): no node: imports (the one file-system module is
    // stubbed), every dependency inlined. IIFE `Minsheng` global for a <script> that works from file://,
    // and ESM. The piscina worker of `minsheng simulate` is built alongside (the CLI finds it next to
    // itself, dist/simulate-worker.js); it receives the resolved ruleset as data, so it reads no files.
    entry: { browser: 'src/browser.ts', 'simulate-worker': 'src/simulate/worker.ts' },
    format: ['iife', 'esm'],
    globalName: 'Minsheng',
    platform: 'neutral',
    target: 'es2022',
    noExternal: [/.*/],
    // One self-contained file per entry (no shared chunks).
    splitting: false,
    external: ['node:worker_threads'],
    esbuildPlugins: [browserStubs],
    esbuildOptions(options) {
      options.mainFields = ['browser', 'module', 'main'];
    },
    minify: true,
    // The worker only makes sense as ESM: drop its IIFE twin.
    async onSuccess() {
      const { rm } = await import('node:fs/promises');
      await rm('dist/simulate-worker.global.js', { force: true });
    },
  },
]);
