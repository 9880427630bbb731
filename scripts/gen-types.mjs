#!/usr/bin/env node
/**
 * Build step: the TypeScript declarations of every bundled ruleset (`minsheng types <ids…> --out
 * dist/types`), each also as .d.cts so that CommonJS consumers import them without a resolution-mode
 * attribute (the package is "type": "module"; a .d.ts here is an ES module's declarations).
 * Users import them as `minsheng-rules/types/<id>` (package.json exports).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { bundledRulesetIds } from '../dist/index.js';

const OUT = 'dist/types';
// The rulesets the package bundles (by id: exactly what `bundledRuleset(id)` and `loadRuleset(id)` load).
const ids = bundledRulesetIds().map((entry) => entry.id);
execFileSync(process.execPath, ['dist/cli/main.js', 'types', ...ids, '--out', OUT, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
let count = 0;
for (const entry of readdirSync(OUT, { recursive: true, encoding: 'utf8' })) {
  if (!entry.endsWith('.d.ts')) continue;
  copyFileSync(join(OUT, entry), join(OUT, entry.replace(/\.d\.ts$/, '.d.cts')));
  count++;
}
console.log(`gen-types: ${count} rulesets' declarations in ${OUT}/`);
