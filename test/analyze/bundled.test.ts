/**
 * Every bundled ruleset compiles with no analysis finding, except the ones listed here — each with the reason it
 * is right and who can remove it. A new finding fails this test: fix the ruleset, or list it with its reason.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';

/** ruleset → `code subject` of each remaining finding. */
const REMAINING: Readonly<Record<string, readonly string[]>> = {
  // Reference figures of the national financing (fiscal subsidy, per-capita funding), cited but read by no rule:
  // the warning is right. Kept until it is decided whether they move to the docs / the seed registry.
  'rulesets/cn/medical/national.yaml': ['analysis/unused-parameter national.residentFiscalSubsidy', 'analysis/unused-parameter national.residentPerCapitaFunding'],
  // Gansu publishes a premium subsidy that no rule reads (premiums are not part of settlement).
  'rulesets/cn/medical/gansu.yaml': ['analysis/unused-parameter gansu.premiumSubsidyPoorHousehold'],
  // The 2021 standard ends on 2022-06-30 on purpose (the 2022 figure is not in our sources), but the ruleset's
  // validity (inherited, from 2021-07-01) has no end: evaluations after 2022-06-30 fail with eval/no-value-in-force.
  // Right fix: `validity: { from: 2021-07-01, until: 2022-06-30 }` in these files (then eval/outside-validity).
  'rulesets/cn/assistance/shanghai.yaml': ['analysis/timeline-gap dibao.standard', 'analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  'rulesets/cn/assistance/example/shanghai.yaml': ['analysis/timeline-gap dibao.standard', 'analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  // The 低保 rules exclude the centrally set resident basic pension "during the 14th Five-Year Plan" (2021–2025)
  // only; what applies from 2026 is not in our sources, so a household with that income is refused from 2026
  // (eval/no-value-in-force) instead of guessed. Remove when the post-2025 rule is cited.
  'rulesets/cn/assistance/national.yaml': ['analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  'rulesets/cn/assistance/nanchang.yaml': ['analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  'rulesets/cn/assistance/gansu.yaml': ['analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  'rulesets/cn/assistance/example/nanchang.yaml': ['analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  'rulesets/cn/assistance/example/gansu.yaml': ['analysis/timeline-gap income.dibaoExcludesCentralBasicPension'],
  // HPV vaccination enters the national immunization programme on 2025-11-10 (hpv-national-immunization-2025);
  // from 2025-01-01 to 2025-11-09 the switch hpv.programmeInForce is false (seed 002 only encourages it), so nobody
  // qualifies in that period — right by design. Remove if the ruleset's validity ever starts on 2025-11-10.
  'rulesets/cn/entitlements/national.yaml': ['analysis/never-true hpvVaccinationEligible', 'analysis/never-true hpvFreeDosesRemaining:', 'analysis/never-true hpvDoseIntervalMonths:'],
  'rulesets/cn/entitlements/example/zhejiang.yaml': ['analysis/never-true hpvVaccinationEligible', 'analysis/never-true hpvFreeDosesRemaining:', 'analysis/never-true hpvDoseIntervalMonths:'],
};

const BUNDLED = [
  'rulesets/cn/medical/national.yaml',
  'rulesets/cn/medical/nanchang.yaml',
  'rulesets/cn/medical/shanghai.yaml',
  'rulesets/cn/medical/gansu.yaml',
  'rulesets/cn/assistance/national.yaml',
  'rulesets/cn/assistance/nanchang.yaml',
  'rulesets/cn/assistance/shanghai.yaml',
  'rulesets/cn/assistance/gansu.yaml',
  'rulesets/cn/assistance/example/nanchang.yaml',
  'rulesets/cn/assistance/example/shanghai.yaml',
  'rulesets/cn/assistance/example/gansu.yaml',
  'rulesets/cn/entitlements/national.yaml',
  'rulesets/cn/entitlements/example/zhejiang.yaml',
  'rulesets/cn/enrolment/national.yaml',
  'rulesets/cn/enrolment/shanghai.yaml',
  'rulesets/cn/enrolment/nanchang.yaml',
  'rulesets/cn/enrolment/gansu.yaml',
  'rulesets/cn/pension/national.yaml',
  'rulesets/cn/employment/national.yaml',
  'rulesets/bench/settlement.yaml',
  'examples/regional/example-county.yaml',
];

describe('the bundled rulesets under the analysis', () => {
  it.each(BUNDLED)('%s: no finding but the listed ones', async (path) => {
    const program = compile(await loadRuleset(path));
    const found = program.warnings.map((w) => `${w.code} ${/^(?:parameter|rule|output) (\S+)/.exec(w.message)?.[1] ?? w.message}`);
    expect(found).toEqual(REMAINING[path] ?? []);
    // No finding is an error: they would have made compile throw.
    expect(program.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });
});
