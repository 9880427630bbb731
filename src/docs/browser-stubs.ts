/**
 * An esbuild plugin for the browser build: the one module that reads the file system
 * (`ruleset/load-fs`, loaded lazily by `RulesetRegistry.addDirectory`) is replaced by a stub that says
 * so, so the bundle holds no `node:` import at all. Used by tsup.config.ts and by the on-the-fly build
 * in assets.ts.
 */
import type { Plugin } from 'esbuild';

/** Replaces Node-only modules of the library with browser stubs. */
export const browserStubs: Plugin = {
  name: 'minsheng-browser-stubs',
  setup(build) {
    build.onResolve({ filter: /(^|\/)load-fs$/ }, () => ({ path: 'load-fs', namespace: 'minsheng-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'minsheng-stub' }, () => ({
      loader: 'js',
      contents:
        'export async function loadRulesetDirectory() { throw new Error("reading ruleset folders needs Node: in a browser, add parsed files with registry.add(parseRulesetText(...))"); }',
    }));
  },
};
