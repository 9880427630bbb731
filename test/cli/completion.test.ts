/**
 * `minsheng completion bash|zsh`: the script lists every command and its options (from the commander
 * definitions), and bash completes with it (run in a real bash, as `complete -F` would call it).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

/** What bash's completion function offers for the words typed so far (the last one being completed). */
function bashCompletes(script: string, words: string[]): string[] {
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _minsheng; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('minsheng completion', () => {
  it('completes commands and each command’s options in bash', async () => {
    const r = await cli(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(bashCompletes(r.stdout, ['minsheng', 't'])).toEqual(['test', 'types']);
    expect(bashCompletes(r.stdout, ['minsheng', 'test', 'rulesets', '--'])).toEqual(expect.arrayContaining(['--json', '--quiet', '--trace', '--verbose', '--rulesets', '--help', '--no-color']));
    expect(bashCompletes(r.stdout, ['minsheng', 'validate', '--s'])).toEqual(['--sarif', '--strict']);
    // A file argument: nothing offered, so bash falls back to file names (complete -o default).
    expect(bashCompletes(r.stdout, ['minsheng', 'eval', 'rul'])).toEqual([]);
  });

  it('prints a zsh script with every command, its description and options', async () => {
    const r = await cli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef minsheng\n')).toBe(true);
    for (const command of ['validate', 'eval', 'test', 'docs', 'diff', 'simulate', 'serve', 'types', 'explain', 'scorecard', 'completion']) {
      expect(r.stdout).toMatch(new RegExp(`^    '${command}:`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`^    ${command}\\) _arguments`, 'm'));
    }
    expect(r.stdout).toContain("'--trace[");
    const zsh = spawnSync('zsh', ['-n'], { input: r.stdout, encoding: 'utf8' });
    // zsh parses it (syntax only) where zsh is installed.
    if (!zsh.error) expect(zsh.status, zsh.stderr).toBe(0);
  });

  it('refuses a shell it does not know (exit 2)', async () => {
    const r = await cli(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fish');
  });
});
