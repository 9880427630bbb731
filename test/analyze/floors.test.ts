/**
 * National floors as data: the constraints the national medical ruleset's sources `require`, checked on every
 * ruleset that extends it, for every effective period (issue "Ruleset analysis", part 1).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { isMinshengError, type Issue } from '../../src/errors';

const registry = await createRegistry();

function overlay(parameters: string, extra = ''): string {
  return `id: cn/medical/test-city
jurisdiction: CN-99
version: 1.0.0
extends: cn/medical/national@^2026.1
label: { zh: 测试市, en: Test city }
validity: { from: 2025-01-01 }
sources:
  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }
${extra}
parameters:
${parameters}`;
}

/** Everything compile reports: the issues it throws (errors first, then the warnings of the same checks), or its warnings. */
function report(text: string): Issue[] {
  try {
    return [...compile(parseRuleset(text, { file: 'test-city.yaml', registry })).warnings];
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    return [...error.issues];
  }
}

const constraintOf = (issue: Issue) => /\[constraint ([a-z-]+):/.exec(issue.message)?.[1];

describe('the floor-violating overlay of the issue', () => {
  // Ordinary critical-illness rate 70% but 66% for the vulnerable, the same 17,000 deductible for both,
  // a 30,000 assistance deductible for 低保/特困, 90% for edge households (above 低保's 70%).
  const text = overlay(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 17000, rate: 0.70 }], source: city }
  critical.bandsVulnerable:
    values:
      - { from: 2025-01-01, value: [{ above: 17000, rate: 0.66 }], source: city }
  critical.prevYearPerCapitaDisposableIncome:
    values:
      - { from: 2025-01-01, value: 30000, source: city }
  assistance.deductible:
    values:
      - { from: 2025-01-01, value: { extremelyPoorPerson: 30000, minimumLivingAllowance: 30000 }, source: city }
  assistance.prevYearPerCapitaDisposableIncome:
    values:
      - { from: 2025-01-01, value: 30000, source: city }
  assistance.ratio:
    values:
      - { from: 2025-01-01, value: { extremelyPoorPerson: 0.70, minimumLivingAllowance: 0.70, lowIncomeMarginalHousehold: 0.90 }, source: city }`);
  const issues = report(text);

  it('reports each violation, with its severity, its citation, the parameter and the period', () => {
    const found = issues.filter((i) => i.code === 'ruleset/constraint').map((i) => [constraintOf(i), i.severity, i.source]);
    expect(found).toEqual([
      ['cii-vulnerable-uplift', 'error', 'nhsa-2024-cii-floors'],
      ['cii-max-deductible', 'error', 'nhsa-2024-cii-floors'],
      ['assistance-max-deductible', 'error', 'gov-2021-42-medical-assistance'],
      ['assistance-no-deductible', 'warning', 'gov-2021-42-medical-assistance'],
      ['assistance-others-lower-ratio', 'warning', 'gov-2021-42-medical-assistance'],
    ]);
    // Errors come first: the thrown error's code is a constraint's.
    expect(issues[0]!.code).toBe('ruleset/constraint');
  });

  it('says what is required, when, with which values, and cites the document', () => {
    const uplift = issues.find((i) => constraintOf(i) === 'cii-vulnerable-uplift')!;
    expect(uplift.message).toContain('5 points above the ordinary rate');
    expect(uplift.message).toContain('from 2025-01-01');
    expect(uplift.message).toContain('for amounts above 17000');
    expect(uplift.message).toContain('critical.bands.rate = 0.7');
    expect(uplift.message).toContain('critical.bandsVulnerable.rate = 0.66');
    expect(uplift.message).toContain('floors.critical.vulnerableRateUplift = 0.05');
    expect(uplift.message).toContain('国家医疗保障局');
    // It points at the value the region gave, in the region's file.
    expect(uplift.file).toBe('test-city.yaml');
    expect(uplift.path?.slice(0, 2)).toEqual(['parameters', expect.stringMatching(/^critical\.bands/)]);

    const deductible = issues.find((i) => constraintOf(i) === 'assistance-max-deductible')!;
    expect(deductible.message).toContain("assistance.deductible[extremelyPoorPerson] = 30000");
    expect(deductible.message).toContain('国办发〔2021〕42号');
    expect(deductible.path).toEqual(['parameters', expect.stringMatching(/^assistance\./), 'values', 0]);

    const edge = issues.find((i) => constraintOf(i) === 'assistance-others-lower-ratio')!;
    expect(edge.message).toContain('assistance.ratio[lowIncomeMarginalHousehold] = 0.9');
    expect(edge.message).toContain('assistance.ratio[minimumLivingAllowance] = 0.7');
  });

  it('makes the overlay invalid: compile throws', () => {
    expect(() => compile(parseRuleset(text, { file: 'test-city.yaml', registry }))).toThrow(/cii-vulnerable-uplift/);
  });
});

describe('each floor on its own', () => {
  const codes = (parameters: string) => report(overlay(parameters)).map((i) => `${constraintOf(i) ?? i.code}:${i.severity}`);

  it('an ordinary band below 60% breaks cii-min-rate (error)', () => {
    expect(codes(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 20000, rate: 0.55 }, { above: 100000, rate: 0.70 }], source: city }`)).toEqual(['cii-min-rate:error']);
  });

  it('the +5 points are checked at every amount, band by band, so a lower vulnerable deductible passes and a higher one fails', () => {
    const ordinary = `  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 15000, rate: 0.60 }, { above: 50000, rate: 0.70 }], source: city }`;
    expect(codes(`${ordinary}
  critical.bandsVulnerable:
    values:
      - { from: 2025-01-01, value: [{ above: 7500, rate: 0.65 }, { above: 50000, rate: 0.75 }], source: city }`)).toEqual([]);
    const late = codes(`${ordinary}
  critical.bandsVulnerable:
    values:
      - { from: 2025-01-01, value: [{ above: 20000, rate: 0.65 }, { above: 50000, rate: 0.75 }], source: city }`);
    expect(late).toEqual(['cii-vulnerable-uplift:error']);
    const upper = codes(`${ordinary}
  critical.bandsVulnerable:
    values:
      - { from: 2025-01-01, value: [{ above: 7500, rate: 0.65 }, { above: 50000, rate: 0.72 }], source: city }`);
    expect(upper).toEqual(['cii-vulnerable-uplift:error']);
  });

  it('the 70% ratio floor for 低保 and 特困 (error)', () => {
    expect(codes(`  assistance.ratio:
    values:
      - { from: 2025-01-01, value: { extremelyPoorPerson: 1, minimumLivingAllowance: 0.65 }, source: city }`)).toEqual(['assistance-min-ratio:error']);
  });

  it('the grassroots tilt is guidance from its source date on (warnings)', () => {
    expect(codes(`  basic.payRate:
    values:
      - { from: 2025-01-01, value: { primary: 0.80, secondary: 0.85, tertiary: 0.70 }, source: city }
  basic.deductible:
    values:
      - { from: 2025-01-01, value: { primary: 300, secondary: 200, tertiary: 900 }, source: city }`)).toEqual(['grassroots-rate-tilt:warning', 'grassroots-deductible-tilt:warning']);
    // A partial table is checked on the keys it has.
    expect(codes(`  basic.payRate:
    values:
      - { from: 2025-01-01, value: { primary: 0.60, tertiary: 0.80 }, source: city }`)).toEqual(['grassroots-rate-tilt:warning']);
  });

  it('checks every effective period: a region that lowers a rate from a later date is reported for that period only', () => {
    const issues = report(overlay(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 15000, rate: 0.60 }], source: city }
      - { from: 2026-01-01, value: [{ above: 15000, rate: 0.58 }], source: city }`));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('not met from 2026-01-01');
    expect(issues[0]!.path).toEqual(['parameters', 'critical.bands', 'values', 1]);
  });

  it('does not report what it cannot know: an unpublished figure leaves its constraint unchecked', () => {
    // No income published: the 50% deductible ceiling cannot be checked.
    expect(codes(`  critical.bands:
    values:
      - { from: 2025-01-01, value: [{ above: 90000, rate: 0.60 }], source: city }`)).toEqual([]);
  });
});

describe('a region cannot drop or change a national constraint', () => {
  it('cannot redeclare the source that requires it', () => {
    expect(() =>
      parseRuleset(
        overlay('  {}', '').replace(
          '  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }',
          '  - { id: nhsa-2024-cii-floors, title: Mine now, issuer: tests, status: inferred, requires: [] }',
        ),
        { file: 'test-city.yaml', registry },
      ),
    ).toThrow(/nhsa-2024-cii-floors/);
  });

  it('can add its own, checked like the national ones', () => {
    const issues = report(
      overlay(
        `  critical.annualCap:
    values:
      - { from: 2025-01-01, value: 200000, source: city }`,
      ).replace(
        '  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }',
        `  - id: city
    title: Made-up test policy
    issuer: tests
    status: inferred
    requires:
      - id: province-cap-floor
        severity: error
        formula: critical.annualCap >= 250000
        message: { zh: 大病保险封顶线不低于25万元, en: The CII cap is at least 250000 }`,
      ),
    );
    expect(issues.map((i) => [constraintOf(i), i.severity])).toEqual([['province-cap-floor', 'error']]);
  });

  it('reports a constraint that does not type-check, with its path', () => {
    const issues = report(
      overlay('  {}').replace(
        '  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }',
        `  - id: city
    title: Made-up test policy
    status: inferred
    requires:
      - { id: bad, severity: error, formula: critical.annualCap >= 60%, message: { zh: 错, en: Wrong } }`,
      ),
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'expr/type', path: ['sources', 0, 'requires', 0, 'formula'], severity: 'error' })]);
  });
});

describe('the bundled rulesets', () => {
  it.each(['cn/medical/national', 'cn/medical/nanchang', 'cn/medical/shanghai', 'cn/medical/gansu'])('%s meets every national constraint', async (id) => {
    const program = compile(await loadRuleset(id));
    expect(program.warnings.filter((w) => w.code === 'ruleset/constraint')).toEqual([]);
  });
});
