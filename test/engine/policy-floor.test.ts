import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { MinshengError, isMinshengError, type Issue } from '../../src/errors';
import { RulesetRegistry } from '../../src/ruleset/registry';
import { parseRulesetText } from '../../src/ruleset/load';

const registry = await createRegistry();

function region(parameters: string): Issue[] {
  try {
    return [
      ...compile(
        parseRuleset(
          `id: cn/medical/test-city
jurisdiction: CN-99
version: 1.0.0
extends: cn/medical/national@^2026.1
label: { zh: 测试市, en: Test city }
validity: { from: 2025-01-01 }
sources:
  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }
parameters:
${parameters}`,
          { file: 'test-city.yaml', registry },
        ),
      ).warnings,
    ];
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    return [...error.issues];
  }
}

describe('national policy floors (constraints of the national medical ruleset)', () => {
  it('a critical-illness band rate below the national 60% is an error citing the NHSA floor', () => {
    const issues = region(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 20000, rate: 0.55 }, { above: 100000, rate: 0.70 }], source: city }`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'ruleset/constraint',
      severity: 'error',
      path: ['parameters', 'critical.bands', 'values', 0],
      file: 'test-city.yaml',
      source: 'nhsa-2024-cii-floors',
    });
    expect(issues[0]!.message).toContain('at least 60%');
    expect(issues[0]!.message).toContain('for amounts above 20000 up to 100000: critical.bands.rate = 0.55, floors.critical.minRate = 0.6');
  });

  it('checks tables per key, and only the keys the floor has', () => {
    const issues = region(`  assistance.ratio:
    values:
      - { from: 2025-01-01, value: { minimumLivingAllowance: 0.65, extremelyPoorPerson: 1, lowIncomeMarginalHousehold: 0.5 }, source: city }`);
    // 低保 0.65 < 0.70 is flagged; 低保边缘 has no national figure ("somewhat lower"), so 0.5 is not.
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['ruleset/constraint', 'error']]);
    expect(issues[0]!.message).toContain('assistance.ratio[minimumLivingAllowance] = 0.65');
  });

  it('gives no floor finding for the bundled regions, which meet the floors', async () => {
    for (const id of ['nanchang', 'shanghai', 'gansu']) {
      const warnings = compile(await loadRuleset(`cn/medical/${id}`)).warnings;
      expect(warnings.filter((w) => w.code === 'ruleset/constraint' || w.code === 'ruleset/policy-floor' || w.code === 'ruleset/range')).toEqual([]);
    }
  });
});

describe('atLeast / atMost bounds', () => {
  const root = `id: t/bounds
jurisdiction: CN
version: 1.0.0
label: { zh: 界限, en: Bounds }
sources:
  - { id: law, title: A made-up law, status: inferred }
inputs:
  kind: { type: enum, of: [a, b] }
  cost: { type: money }
parameters:
  floor: { type: rate, values: [ { from: 2025-01-01, value: 0.6, source: law } ] }
  ceiling: { type: money, by: kind, values: [ { from: 2025-01-01, value: { a: 100 }, source: law } ] }
  rate: { type: rate, atLeast: floor, values: [ { from: 2025-01-01, value: 0.5 } ] }
  cap: { type: money, by: kind, atMost: ceiling, values: [ { from: 2025-01-01, value: { a: 150, b: 999 } } ] }
rules:
  paid: { type: money, formula: 'min(cost * rate, cap[kind])' }
`;

  it('warns, citing the bound, per value, per key of a table (only the keys the bound has)', () => {
    const warnings = compile(parseRuleset(root, { file: 'bounds.yaml' })).warnings;
    expect(warnings.map((w) => [w.code, w.severity, w.source, w.message])).toEqual([
      ['ruleset/policy-floor', 'warning', 'law', expect.stringContaining('rate from 2025-01-01: the value 0.5 is below 0.6')],
      ['ruleset/policy-floor', 'warning', 'law', expect.stringContaining('cap from 2025-01-01: [a] 150 is above 100')],
    ]);
  });

  it('does not let a child move a bound its parent set', () => {
    const reg = new RulesetRegistry();
    reg.add(parseRulesetText(root, { file: 'bounds.yaml' }));
    expect(() =>
      parseRuleset(
        `id: t/child
jurisdiction: CN-11
version: 1.0.0
extends: t/bounds@^1
label: { zh: 子, en: Child }
parameters:
  rate:
    atLeast: ceiling`,
        { file: 'child.yaml', registry: reg },
      ),
    ).toThrow(MinshengError);
  });
});
