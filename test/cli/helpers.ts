import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type CliIO } from '../../src/cli/main';

export const FIXTURES = 'test/cli/fixtures';
export const SETTLEMENT = `${FIXTURES}/settlement.yaml`;

/** Case 2 of the settlement workload: tertiary hospital, tekun member, large bill. */
export const CASE_2 = { hospitalLevel: '3', personCategory: 'tekun', totalCost: 300000, eligibleCost: 280000, classBSelfPayFirst: 10000 };
/** Case 1: secondary hospital, ordinary member. */
export const CASE_1 = { hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, capturing its output. */
export async function cli(argv: string[], options: { stdin?: string | (() => Promise<string>); isTTY?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = options.stdin;
  const io: CliIO = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    ...(stdin !== undefined ? { stdin: typeof stdin === 'string' ? async () => stdin : stdin } : {}),
    ...(options.isTTY !== undefined ? { isTTY: options.isTTY } : {}),
    env: options.env ?? {},
    cwd: process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A fresh temporary folder with the given files (path → content). */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
