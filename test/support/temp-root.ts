/**
 * Vitest global setup: every temporary folder of a test run lives under one folder of its own, removed when the
 * run ends. Tests make theirs with `mkdtempSync(join(tmpdir(), …))` and many never delete them (a CLI test, a
 * server test, the simulate tests: ~20 folders a run); `os.tmpdir()` reads TMPDIR, which the test workers and
 * the CLI processes they start inherit from here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // A short name: some CLI tests print paths under it within a 100-column terminal.
  const root = mkdtempSync(join(tmpdir(), 'mt-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
