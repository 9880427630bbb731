/**
 * Where the rulesets shipped with the package live, found from this module's own location so it works
 * from `src/` (tests), `dist/` (the published package) and the CLI alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/** Absolute path of the bundled `rulesets/` directory, or null when it cannot be found. */
export function bundledRulesetsDir(): string | null {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'rulesets'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'minsheng-rules') return (cached = join(dir, 'rulesets'));
      } catch {
        // not our package.json; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cached = null);
}

/** Whether the absolute path `path` is the folder `dir` or inside it (a folder already read, the bundled one). */
export function isSameOrInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
