/**
 * Every bundled region's critical-illness figures against the national floors (nhsa-2024-cii-floors) and the
 * assistance floors (国办发〔2021〕42号) the national ruleset declares. Only published values are checked: a
 * region that does not publish a figure has nothing to check (its claims stop with eval/no-value-in-force).
 */
import { describe, expect, it } from 'vitest';
import { program } from './helpers';

type Band = { above: number | string; rate: number | string };
const REGIONS = ['nanchang', 'shanghai', 'gansu', 'illustrative'] as const;

function values(p: Awaited<ReturnType<typeof program>>, name: string): unknown[] {
  return (p.ruleset.parameters[name]?.values ?? []).map((v) => v.value);
}

describe('national floors', () => {
  it('declares the floors with their published values', async () => {
    const national = await program('national');
    expect(values(national, 'floors.critical.minRate').map(String)).toEqual(['0.6']);
    expect(values(national, 'floors.critical.vulnerableRateUplift').map(String)).toEqual(['0.05']);
    expect(values(national, 'floors.critical.maxDeductibleShareOfIncome').map(String)).toEqual(['0.5']);
  });

  for (const region of REGIONS) {
    it(`${region}: CII rates are at least 60%, and 5 points higher for the tilted groups`, async () => {
      const p = await program(region);
      for (const bands of values(p, 'critical.bands') as Band[][]) {
        for (const b of bands) expect(Number(b.rate)).toBeGreaterThanOrEqual(0.6);
      }
      const ordinary = values(p, 'critical.bands') as Band[][];
      const tilted = values(p, 'critical.bandsVulnerable') as Band[][];
      tilted.forEach((bands, i) => {
        const base = ordinary[i];
        if (!base) return;
        // at every amount the tilted marginal rate is ≥ the ordinary one + 5 points, and starts no later
        expect(Number(bands[0]!.above)).toBeLessThanOrEqual(Number(base[0]!.above));
        bands.forEach((b, k) => expect(Number(b.rate) * 100).toBeGreaterThanOrEqual(Number(base[Math.min(k, base.length - 1)]!.rate) * 100 + 5 - 1e-9));
      });
    });

    it(`${region}: assistance ratios for 低保 and 特困 are at least 70% where published`, async () => {
      const p = await program(region);
      for (const table of values(p, 'assistance.ratio') as Record<string, number>[]) {
        for (const cat of ['extremelyPoorPerson', 'minimumLivingAllowance']) {
          if (table[cat] !== undefined) expect(Number(table[cat])).toBeGreaterThanOrEqual(0.7);
        }
      }
    });
  }

  it('Nanchang halves the CII deductible for the tilted groups (17,000 → 8,500)', async () => {
    const p = await program('nanchang');
    expect((values(p, 'critical.bands')[0] as Band[])[0]!.above).toBe(17000);
    expect((values(p, 'critical.bandsVulnerable')[0] as Band[])[0]!.above).toBe(8500);
  });
});
