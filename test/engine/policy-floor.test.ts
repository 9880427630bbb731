import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { createRegistry } from '../../src/node/load';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { MinshengError } from '../../src/errors';

const registry = await createRegistry();

function region(parameters: string): ReturnType<typeof compile> {
  return compile(
    parseRuleset(
      `id: cn/medical/test-city
jurisdiction: CN-99
version: 1.0.0
extends: cn/medical/national@^2026.1
label: { zh: 测试市, en: Test city }
sources:
  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }
parameters:
${parameters}`,
      { file: 'test-city.yaml', registry },
    ),
  );
}

describe('policy floors (atLeast)', () => {
  it('warns, citing the floor, when a critical-illness band rate is below the national 60%', () => {
    const program = region(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 20000, rate: 0.55 }, { above: 100000, rate: 0.70 }], source: city }`);
    expect(program.warnings).toHaveLength(1);
    expect(program.warnings[0]).toMatchObject({
      code: 'ruleset/policy-floor',
      path: ['parameters', 'critical.bands', 'values', 0],
      source: 'nhsa-2024-cii-floors',
    });
    expect(program.warnings[0]!.message).toContain('the rate of the band above 20000 0.55 is below 0.6');
  });

  it('checks tables per key against a table floor, and only the keys the floor has', () => {
    const program = region(`  assistance.ratio:
    values:
      - { from: 2025-01-01, value: { minimumLivingAllowance: 0.65, extremelyPoorPerson: 1, lowIncomeMarginalHousehold: 0.5 }, source: city }`);
    // 低保 0.65 < 0.70 is flagged; 低保边缘 has no national figure ("somewhat lower"), so 0.5 is not.
    expect(program.warnings.map((w) => w.message)).toEqual([expect.stringContaining('[minimumLivingAllowance] 0.65 is below 0.7')]);
  });

  it('gives no warning for the bundled regions, which meet the floors', async () => {
    for (const id of ['nanchang', 'shanghai', 'gansu']) {
      const { loadRuleset } = await import('../../src/node/load');
      expect(compile(await loadRuleset(`cn/medical/${id}`)).warnings).toEqual([]);
    }
  });

  it('does not let a region move the floor', () => {
    expect(() => region(`  critical.bands:
    atLeast: floors.critical.vulnerableRateUplift`)).toThrow(MinshengError);
  });
});
