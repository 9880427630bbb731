// Regenerates the .d.mts declarations next to the benchmark-peer modules (the "files" of
// bench/tsconfig.dts.json) from their JSDoc, and so also type-checks that JSDoc. TypeScript
// resolves `import … from './x.mjs'` to `x.d.mts`, which is how TypeScript tests import these
// modules without allowJs. Only the declarations of those files are touched.
//   node bench/build-dts.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../node_modules/.cache/bench-dts/', import.meta.url));
/** @type {{ files: string[] }} */
const config = JSON.parse(readFileSync(join(benchDir, 'tsconfig.dts.json'), 'utf8'));
const declarations = config.files.map((f) => f.replace(/\.mjs$/, '.d.mts'));

rmSync(outDir, { recursive: true, force: true });
// Old declarations would shadow the sources while compiling (imports resolve to .d.mts first).
for (const d of declarations) rmSync(join(benchDir, d), { force: true });
execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.dts.json'], {
  cwd: benchDir,
  stdio: 'inherit',
});
for (const d of declarations) {
  mkdirSync(dirname(join(benchDir, d)), { recursive: true });
  copyFileSync(join(outDir, d), join(benchDir, d));
}
process.stdout.write(`${declarations.length} declarations written under ${benchDir}\n`);
