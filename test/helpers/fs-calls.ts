/**
 * What a piece of code asks of the file system: `node:fs/promises`' function `name` is patched (and the ESM
 * exports synced, so `import { readFile } from 'node:fs/promises'` sees the patch) while `run` runs, and the path
 * of every call is kept, resolved.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

export async function fsPromisesCalls<T>(name: 'readFile' | 'readdir', run: () => Promise<T>): Promise<{ result: T; paths: string[] }> {
  const paths: string[] = [];
  const fsp = createRequire(import.meta.url)('node:fs/promises') as Record<typeof name, (...args: unknown[]) => Promise<unknown>>;
  const original = fsp[name];
  fsp[name] = (...args: unknown[]) => {
    paths.push(resolve(String(args[0])));
    return original(...args);
  };
  syncBuiltinESMExports();
  try {
    return { result: await run(), paths };
  } finally {
    fsp[name] = original;
    syncBuiltinESMExports();
  }
}
