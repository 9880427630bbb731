import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './helpers';

describe('minsheng diff of the bundled county example', () => {
  it('generates only valid inputs, breaks the impact down by hospital level and colours by direction', async () => {
    const dir = tempFiles({});
    const html = join(dir, 'county.html');
    const r = await cli(['diff', 'cn/medical/nanchang', 'examples/regional/example-county.yaml', '--population', '300', '--by', 'hospitalLevel', '--html', html, '--lang', 'en', '--json']);
    expect(r.stderr).not.toMatch(/✖/);
    const { impact } = JSON.parse(r.stdout) as { impact: { inputs: number; invalid: number; errorsA: Record<string, number>; errorsB: Record<string, number>; outputs: { name: string; direction?: string; groups?: { group: string; higher: number; lower: number }[] }[] } };
    expect([impact.inputs, impact.invalid]).toEqual([300, 0]);
    for (const code of [...Object.keys(impact.errorsA), ...Object.keys(impact.errorsB)]) expect(code).not.toMatch(/^input\//);
    const oop = impact.outputs.find((o) => o.name === 'outOfPocket')!;
    expect(oop.direction).toBe('cost');
    expect(oop.groups!.map((g) => g.group)).toEqual(['primary', 'secondary', 'tertiary']);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('cost: lower is better');
    expect(page).toContain('B − A by hospitalLevel');
  });

  it('refuses --by on an input that is not an enum', async () => {
    const r = await cli(['diff', 'cn/medical/nanchang', 'examples/regional/example-county.yaml', '--population', '10', '--by', 'bill']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--by must name an enum input .*hospitalLevel/);
  });
});
