import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './helpers';

const TARGETS = 'rulesets/cn/targets/national.yaml';
const EXAMPLE = 'examples/scorecard/example-region.indicators.csv';

describe('minsheng scorecard', () => {
  it('runs on the bundled national targets with the example file, marks it as example data and writes the page', async () => {
    const dir = tempFiles({});
    const out = join(dir, 'card.html');
    const r = await cli(['scorecard', TARGETS, EXAMPLE, '--html', out, '--lang', 'en']);
    // two targets are behind and one past its deadline: exit 1
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^EXAMPLE DATA/);
    expect(r.stdout).toMatch(/nursingBedShare\s+83% \(2024\)\s+≥ 80%\s+none\s+met/);
    expect(r.stdout).toMatch(/countyMedicalCommunity2025\s+88% \(2025\)\s+≥ 90%\s+2025\s+past deadline/);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('EXAMPLE DATA');
    expect(page.match(/<svg class="chart"/g)?.length).toBe(6);
  });
  it('--json gives each status; --as-of reads the card at an earlier year', async () => {
    const r = await cli(['scorecard', TARGETS, EXAMPLE, '--json', '--as-of', '2024']);
    const card = JSON.parse(r.stdout) as { results: { target: { id: string }; status: string }[] };
    const status = Object.fromEntries(card.results.map((x) => [x.target.id, x.status]));
    // as of 2024 the county milestone (0.90 by 2025) is judged on 0.80 (2023) → 0.86 (2024): path asks 0.85 → on track
    expect(status['countyMedicalCommunity2025']).toBe('on-track');
    expect(status['nursingBedShare']).toBe('met');
  });
  it('refuses bad files and options with a coded message (exit 1 for a bad file, 2 for one that cannot be read or a bad option)', async () => {
    const dir = tempFiles({ 'bad.csv': 'indicator,year,value\nnursingBedShare,2024,lots\n', 'ok.csv': 'indicator,year,value\nnewInstitutionNursingBedShare,2024,0.9\n' });
    const bad = await cli(['scorecard', TARGETS, join(dir, 'bad.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/io\/format/);
    const missing = await cli(['scorecard', TARGETS, join(dir, 'none.csv')]);
    expect(missing.code).toBe(2);
    const year = await cli(['scorecard', TARGETS, join(dir, 'ok.csv'), '--as-of', 'soon']);
    expect(year.code).toBe(2);
    const notTargets = await cli(['scorecard', 'rulesets/cn/medical/national.yaml', join(dir, 'ok.csv')]);
    expect(notTargets.code).toBe(1);
    expect(notTargets.stderr).toMatch(/ruleset\/schema/);
  });
});
