/**
 * Static analysis of rules (issue "Ruleset analysis", part 3): conditions always or never true, branches that
 * can never be taken, overlapping bands, constant outputs, unused rules and parameters, timeline gaps.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { createRegistry } from '../../src/node/load';
import { parseRuleset } from '../../src/ruleset/parse-api';
import type { Issue } from '../../src/errors';

const registry = await createRegistry();

function ruleset(body: string): string {
  return `id: t/analysis
jurisdiction: CN
version: 1.0.0
label: { zh: 分析, en: Analysis }
validity: { from: 2025-01-01 }
inputs:
  income: { type: money }
  rigid: { type: money }
  age: { type: integer, min: 0, max: 150 }
  kind: { type: enum, of: [a, b, c] }
parameters:
  standard: { type: money, values: [ { from: 2025-01-01, value: 1000 } ] }
${body}`;
}

function warnings(text: string): Issue[] {
  return [...compile(parseRuleset(text, { file: 't.yaml', registry })).warnings];
}

const summary = (issues: readonly Issue[]) => issues.map((i) => `${i.code} ${i.message}`);
/** The same, without the unused `standard` of the fixtures that do not read it. */
const findings = (issues: readonly Issue[]) => summary(issues.filter((i) => !i.message.startsWith('parameter standard ')));

describe('conditions', () => {
  it('reports the impossible condition of the issue as never true, whatever the parameter values', () => {
    const issues = warnings(
      ruleset(`rules:
  hardship:
    type: boolean
    formula: income >= 2 * standard and income - rigid < standard and rigid <= 0.5 * income`),
    );
    expect(issues).toEqual([
      {
        code: 'analysis/never-true',
        severity: 'warning',
        message: 'rule hardship is never true whatever the parameter values: `income >= 2 * standard and income - rigid < standard and rigid <= 0.5 * income`',
        path: ['rules', 'hardship', 'formula'],
        file: 't.yaml',
      },
    ]);
  });

  it('reports an always-true condition and the branch that can never be taken', () => {
    const issues = warnings(
      ruleset(`rules:
  share:
    type: money
    formula: if income >= standard or income < 2 * standard then income else 0`),
    );
    expect(summary(issues)).toEqual([
      "analysis/always-true rule share: the condition `income >= standard or income < 2 * standard` is always true whatever the parameter values, so its 'else' branch can never be taken",
    ]);
    expect(issues[0]!.span).toMatchObject({ start: 3, line: 1, column: 4 });
  });

  it('follows the path to a condition: a test inside a branch that already excludes it', () => {
    const issues = warnings(
      ruleset(`rules:
  pay:
    type: money
    formula: if kind == 'a' then (if kind == 'b' then income else rigid) else 0`),
    );
    expect(findings(issues)).toEqual([expect.stringMatching(/^analysis\/never-true rule pay: the condition `kind == 'b'` is never true/)]);
  });

  it('reads through rules: a boolean rule is inlined, a number rule is its equation', () => {
    const issues = warnings(
      ruleset(`rules:
  net: { type: money, formula: income - rigid }
  poor: { type: boolean, formula: net < standard }
  rich: { type: boolean, formula: income >= standard + rigid }
  both: { type: boolean, formula: poor and rich }`),
    );
    expect(summary(issues)).toEqual([expect.stringMatching(/^analysis\/never-true rule both is never true whatever the parameter values/)]);
  });

  it('tells findings that come from the values in force from structural ones', () => {
    const text = `id: t/values
jurisdiction: CN
version: 1.0.0
label: { zh: 分析, en: Analysis }
validity: { from: 2025-01-01 }
inputs:
  income: { type: money }
parameters:
  standard: { type: money, values: [ { from: 2025-01-01, value: 1000 } ] }
  multiple: { type: decimal, values: [ { from: 2025-01-01, value: '1.5' }, { from: 2026-01-01, value: '0.8' } ] }
rules:
  dibao: { type: boolean, formula: income < standard }
  edge: { type: boolean, formula: not dibao and income <= standard * multiple }`;
    expect(summary(warnings(text))).toEqual([
      'analysis/never-true rule edge is never true with the parameter values in force from 2026-01-01: `not dibao and income <= standard * multiple`',
    ]);
  });

  it('finds a region\'s figures that make a national rule impossible: an edge multiple below 1 leaves no edge household', () => {
    const city = (multiple: string) => `id: cn/assistance/test-city
jurisdiction: CN-99
version: 1.0.0
extends: cn/assistance/national@^2026.1
label: { zh: 测试市, en: Test city }
validity: { from: 2025-01-01 }
sources:
  - { id: city, title: Made-up test policy, issuer: tests, status: inferred }
parameters:
  dibao.standard:
    values: [ { from: 2025-01-01, value: { urban: 1000, rural: 800 }, source: city } ]
  edge.incomeMultiple:
    values: [ { from: 2025-01-01, value: '${multiple}', source: city } ]`;
    expect(summary(warnings(city('0.8')))).toEqual([
      'analysis/never-true rule edgeEligible is never true with the parameter values in force from 2025-01-01 to 2025-12-31, from 2026-01-01: `notInDibaoOrTekun and edgeIncomeTestPassed and propertyTestPassed`',
      // the national 低保 exclusion of the central basic pension is dated 2021–2025 (issue 15)
      'analysis/timeline-gap parameter income.dibaoExcludesCentralBasicPension has no value in force from 2026-01-01 on (inside the ruleset\'s validity): an evaluation on those days that needs it fails with eval/no-value-in-force',
    ]);
    expect(summary(warnings(city('1.5'))).filter((w) => !w.includes('income.dibaoExcludesCentralBasicPension'))).toEqual([]);
  });

  it('leaves switches alone: a condition on parameters only is constant by design', () => {
    expect(
      warnings(
        ruleset(`  derived: { type: boolean, values: [ { from: 2025-01-01, value: false } ] }
rules:
  standardUsed:
    type: money
    formula: if derived then 2 * standard else standard + income`),
      ),
    ).toEqual([]);
  });

  it('reports an input check that can never fail or always fails', () => {
    const issues = warnings(
      ruleset(`rules:
  sane:
    type: boolean
    formula: income + rigid >= rigid
    check: { zh: 不可能失败, en: Cannot fail }`),
    );
    expect(findings(issues)).toEqual([expect.stringContaining('analysis/always-true rule sane (an input check) is always true whatever the parameter values')]);
  });
});

describe('bands, outputs, unused declarations and timelines', () => {
  it('reports a rung of an if-else ladder that earlier rungs already cover (overlapping bands)', () => {
    const issues = warnings(
      ruleset(`rules:
  band:
    type: enum
    of: [low, mid, high]
    formula: if income < 1000 then 'low' else if income < 500 then 'mid' else 'high'`),
    );
    expect(findings(issues)).toEqual([expect.stringMatching(/^analysis\/band-overlap rule band: the condition `income < 500` can never be reached/)]);
  });

  it('reports bands of an if-else chain that leave a gap (values that fall through to the else)', () => {
    const chain = (formula: string) =>
      findings(
        warnings(
          ruleset(`rules:
  band:
    type: enum
    of: [low, mid, high]
    formula: "${formula}"`),
        ),
      );
    expect(chain("if income < 1000 then 'low' else if income > 1000 and income < 3000 then 'mid' else 'high'")).toEqual([
      "analysis/band-gap rule band: the bands of the if-else chain leave a gap whatever the parameter values: `income` = 1000 matches none of them and falls through to the final 'else'",
    ]);
    expect(chain("if age < 18 then 'low' else if age >= 19 and age < 60 then 'mid' else 'high'")).toEqual([
      expect.stringContaining('`age` from 18 below 19 matches none of them'),
    ]);
    // No whole number lies between 17 and 18, no amount in fen between 999.99 and 1000: no gap.
    expect(chain("if age <= 17 then 'low' else if age >= 18 and age < 60 then 'mid' else 'high'")).toEqual([]);
    expect(chain("if income <= 999.99 then 'low' else if income >= 1000 and income < 3000 then 'mid' else 'high'")).toEqual([]);
    expect(chain("if income < standard then 'low' else if income >= standard and income < 3 * standard then 'mid' else 'high'")).toEqual([]);
  });

  it('reports an output that is always the same value', () => {
    const issues = warnings(
      ruleset(`rules:
  nothing: { type: money, formula: 'min(income, 0)' }
  literal: { type: money, formula: '0' }`),
    );
    expect(findings(issues)).toEqual(['analysis/constant-output output nothing is always 0 whatever the parameter values: `min(income, 0)`']);
  });

  it('reports a parameter and a rule that nothing reads', () => {
    const issues = warnings(
      ruleset(`  unusedFigure: { type: money, values: [ { from: 2025-01-01, value: 5 } ] }
rules:
  helper: { type: money, output: false, formula: income * 2 }
  result: { type: money, formula: income + standard }`),
    );
    expect(summary(issues)).toEqual([
      'analysis/unused-rule rule helper is not an output and no output or input check reads it',
      'analysis/unused-parameter parameter unusedFigure is read by no output, input check, policy bound or constraint',
    ]);
    expect(issues[1]).toMatchObject({ path: ['parameters', 'unusedFigure'], severity: 'warning' });
  });

  it('reports unused declarations only to the ruleset that made them', async () => {
    const child = parseRuleset(
      `id: t/child
jurisdiction: CN-11
version: 1.0.0
extends: cn/medical/national@^2026.1
label: { zh: 子, en: Child }
validity: { from: 2025-01-01 }`,
      { file: 'child.yaml', registry },
    );
    // The national reference figures no rule reads are the national ruleset's business, not the child's.
    expect(compile(child).warnings.filter((w) => w.code === 'analysis/unused-parameter')).toEqual([]);
  });

  it('reports a timeline gap: days inside the validity with no value in force once the timeline has started', () => {
    const issues = warnings(
      ruleset(`  cap:
    type: money
    values:
      - { from: 2025-01-01, until: 2025-06-30, value: 100 }
      - { from: 2025-08-01, until: 2025-12-31, value: 120 }
rules:
  capped: { type: money, formula: 'min(income, cap + standard)' }`),
    );
    expect(summary(issues)).toEqual([
      expect.stringContaining('analysis/timeline-gap parameter cap has no value in force 2025-07-01 to 2025-07-31, from 2026-01-01 on'),
    ]);
  });
});
