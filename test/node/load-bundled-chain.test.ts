/**
 * `loadRuleset(id)` for a bundled id reads only that ruleset's `extends` chain; the result is the same
 * resolved ruleset (hash, chain, rules, parameters and its cases) as resolving it from a registry of every
 * bundled file.
 */
import { describe, expect, it } from 'vitest';
import { createRegistry, loadRuleset } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { bundledRulesetIds } from '../../src/bundled/bundled-rulesets';

describe('loadRuleset(id) reads only the chain', () => {
  it.each(['cn/medical/nanchang', 'cn/medical/national', 'cn/assistance/example/gansu', 'cn/entitlements/national', 'cn/medical/nanchang@^2026.1'])('%s equals the folder-scan result', async (spec) => {
    const fast = await loadRuleset(spec);
    const registry = await createRegistry();
    const [id, range] = spec.includes('@') ? spec.split('@') : [spec, '*'];
    const full = resolveRuleset(registry.find(id!, range!)!, registry);
    expect(fast.hash).toBe(full.hash);
    expect(fast.chain.map((l) => `${l.id}@${l.version}`)).toEqual(full.chain.map((l) => `${l.id}@${l.version}`));
    expect(fast).toEqual(full);
  });

  it('every bundled id loads by id', async () => {
    for (const { id, version } of bundledRulesetIds()) {
      const r = await loadRuleset(`${id}@${version}`);
      expect(`${r.id}@${r.version}`).toBe(`${id}@${version}`);
    }
  });

  it('an unknown id is still refused with ruleset/io', async () => {
    await expect(loadRuleset('cn/medical/nowhere')).rejects.toMatchObject({ code: 'ruleset/io' });
  });
});
