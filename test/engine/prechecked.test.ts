/**
 * Bundled rulesets skip the checks of their parameter values when compiled (src/ruleset/load.ts isPrechecked;
 * the values are the package's own, hydrated from generated data): this file is what makes that safe. Each
 * bundled ruleset is compiled from its YAML source with every check — it must compile — and its warnings must
 * be those of the bundled program, whose policy-floor warnings are computed when `warnings` is first read.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { bundledRuleset, bundledRulesetIds, compile, loadRuleset, parseRuleset } from '../../src/index';
import { isPrechecked, markPrechecked } from '../../src/ruleset/marks';
import type { Issue } from '../../src/errors';

const shown = (issues: readonly Issue[]) => issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, path: i.path }));

describe('prechecked (bundled) rulesets', () => {
  it.each(bundledRulesetIds().map((r) => r.id))('%s: its source compiles with every check, with the same warnings as the bundled program', async (id) => {
    const bundled = bundledRuleset(id);
    const source = await loadRuleset(id, { rulesetDirs: ['rulesets'] });
    expect(isPrechecked(bundled)).toBe(true);
    expect(isPrechecked(source)).toBe(false);
    expect(source.hash).toBe(bundled.hash);
    const checked = compile(source);
    expect(shown(compile(bundled).warnings)).toEqual(shown(checked.warnings));
  });

  it('a ruleset from text is checked when compiled: a share above 1 is refused', () => {
    const text = readFileSync('rulesets/bench/settlement.yaml', 'utf8').replace('values: [{ from: 2025-01-01, value: 0.5, source: bench-workload }]', 'values: [{ from: 2025-01-01, value: 1.5, source: bench-workload }]');
    const resolved = parseRuleset(text, { file: 'bad-share.yaml' });
    expect(isPrechecked(resolved)).toBe(false);
    expect(() => compile(resolved)).toThrow(expect.objectContaining({ code: 'ruleset/range' }));
  });

  it('a prechecked program computes its policy-floor warnings when they are read: the same as when compiled', () => {
    const text = `id: t/bounds
jurisdiction: CN
version: 1.0.0
label: { zh: 界限, en: Bounds }
sources:
  - { id: law, title: A made-up law, status: inferred }
inputs:
  cost: { type: money }
parameters:
  floor: { type: rate, values: [ { from: 2025-01-01, value: 0.6, source: law } ] }
  rate: { type: rate, atLeast: floor, values: [ { from: 2025-01-01, value: 0.5 } ] }
rules:
  paid: { type: money, formula: 'round(cost * rate, 2)' }
`;
    const checked = compile(parseRuleset(text, { file: 'bounds.yaml' }));
    const resolved = parseRuleset(text, { file: 'bounds.yaml' });
    markPrechecked(resolved);
    const lazy = compile(resolved);
    expect(shown(lazy.warnings)).toEqual(shown(checked.warnings));
    expect(lazy.warnings.map((w) => w.code)).toContain('ruleset/policy-floor');
  });
});
