#!/usr/bin/env node
/**
 * Packs the package as `npm publish` would (without re-running `prepack`: `npm test` has just built dist/),
 * checks that the tarball holds the built entries, and runs attw on that tarball. Used by `npm run check:package`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'minsheng-pack-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { encoding: 'utf8' }));
  const files = new Set(packed.files.map((f) => f.path));
  const required = [
    'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/browser.js', 'dist/browser.cjs', 'dist/browser.d.ts', 'dist/cli/main.js',
    'dist/simulate-worker.js', 'dist/playground.global.js', 'dist/types/cn/medical/nanchang.d.ts', 'rulesets/cn/medical/national.yaml',
    'schema/ruleset.schema.json', 'schema/cases.schema.json', 'LICENSE', 'README.md', 'CHANGELOG.md',
  ];
  const missing = required.filter((f) => !files.has(f));
  if (missing.length > 0) {
    console.error(`check-pack: the tarball lacks ${missing.join(', ')} (run \`npm run build\`; \`npm pack\` builds through prepack)`);
    process.exit(1);
  }
  // Nothing a user cannot use: source maps, sources and tests stay out (dist/playground.global.js stays in:
  // `minsheng docs` writes it into every site).
  const unwanted = [...files].filter((f) => f.endsWith('.map') || /^(src|test|bench|scripts|docs|playground|notes)\//.test(f));
  if (unwanted.length > 0) {
    console.error(`check-pack: the tarball should not hold ${unwanted.join(', ')}`);
    process.exit(1);
  }
  console.log(`check-pack: ${packed.entryCount} files, ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked`);
  execFileSync('npx', ['attw', join(dir, packed.filename), '--profile', 'node16'], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
