// Regenerates the .d.mts declarations next to bench/**/*.mjs from their JSDoc (and so also
// type-checks that JSDoc). TypeScript resolves `import … from './x.mjs'` to `x.d.mts`, which is
// how TypeScript tests import the benchmark modules without allowJs.
//   node bench/build-dts.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../node_modules/.cache/bench-dts/', import.meta.url));
rmSync(outDir, { recursive: true, force: true });
// Existing declarations would shadow the sources during the build: hide them by building from
// the sources only (tsconfig excludes *.d.mts; imports between .mjs files resolve to .d.mts
// first, so remove the old ones before compiling).
execFileSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', '*.d.mts'], { cwd: benchDir, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .forEach((f) => rmSync(new URL(f, new URL('.', import.meta.url)), { force: true }));
execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.dts.json'], {
  cwd: benchDir,
  stdio: 'inherit',
});
cpSync(outDir, benchDir, { recursive: true });
process.stdout.write(`declarations written under ${benchDir}\n`);
