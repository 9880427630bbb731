import { defineConfig } from 'tsup';

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
]);
