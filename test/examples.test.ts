/**
 * The example rulesets the guides point at must keep working: regional teams copy them.
 */
import { describe, expect, it } from 'vitest';
import { runRulesetFile } from '../src/node/cases-files';
import { compile } from '../src/engine/program';
import { loadRuleset } from '../src/node/load';

describe('examples/regional/example-county.yaml', () => {
  it('passes its worked cases on top of Nanchang and the national ruleset', async () => {
    const report = await runRulesetFile('examples/regional/example-county.yaml');
    expect(report.error).toBeUndefined();
    expect(report.results.map((r) => [r.name, r.passed])).toEqual([
      ['2026 tertiary stay uses the county\'s 500 deductible', true],
      ['2025 stay still uses Nanchang\'s 600', true],
      ['the secondary key comes from Nanchang', true],
    ]);
  });

  it('records which layer set each key of the overridden table', async () => {
    const resolved = await loadRuleset('examples/regional/example-county.yaml');
    expect(resolved.chain.map((l) => l.id)).toEqual(['cn/medical/national', 'cn/medical/nanchang', 'example/medical/example-county']);
    const latest = resolved.parameters['basic.deductible']!.values.at(-1)!;
    expect(latest.layer.id).toBe('example/medical/example-county');
    expect(latest.keyLayers?.['tertiary']?.id).toBe('example/medical/example-county');
    expect(latest.keyLayers?.['secondary']?.id).toBe('cn/medical/nanchang');
    expect(compile(resolved).warnings).toEqual([]);
  });
});
