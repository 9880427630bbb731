import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listCatalogue, type CatalogueItem } from '../../../src/domains/catalogue';
import { declaredRuleNames } from '../../../src/domains/catalogue/catalogue';
import { CATALOGUE_DATA } from '../../../src/domains/catalogue/catalogue.generated';
import { listEntitlements } from '../../../src/domains/entitlements';
import { MinshengError } from '../../../src/errors';

function errorOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return { code: e.code, paths: e.issues.map((i) => (i.path ?? []).join('.')) };
    throw e;
  }
  throw new Error('expected a MinshengError');
}

const byId = (items: readonly CatalogueItem[], id: string) => items.find((i) => i.id === id)!;

describe('listCatalogue', () => {
  it('carries seeds/public-services-catalogue.yaml unchanged (run node scripts/gen-catalogue.mjs when this fails)', () => {
    expect(CATALOGUE_DATA).toEqual(parse(readFileSync('seeds/public-services-catalogue.yaml', 'utf8')));
  });

  it('returns the 81 items by area: named plus counted-only items add up to each area and to 81', () => {
    const c = listCatalogue();
    expect(c.totalItems).toBe(81);
    expect(c.residenceProvided).toMatchObject({ count: 62, of: 81, source: 'seed-001-scio-2025-06-10' });
    for (const a of c.areas) expect(a.namedItems + a.unnamedItems, a.id).toBe(a.count);
    // 10 + 9 + 12 + 16 + 4 + 3 + 14 (seed 001) + 13 (inferred remainder) = 81
    expect(c.areas.reduce((n, a) => n + a.count, 0)).toBe(81);
    expect(c.areas.map((a) => a.count)).toEqual([10, 9, 12, 16, 4, 3, 14, 13]);
  });

  it('returns an area\'s items with provision basis, population served and standard', () => {
    const { items } = listCatalogue({ area: 'early-childhood' });
    const prenatal = byId(items, 'prenatal-checks');
    expect(prenatal).toMatchObject({ kind: 'standard-item', area: 'early-childhood', provisionBasis: 'residence', provisionSource: 'prenatal-checks-public-health-2018', standard: { freeChecks: '5', cost: '0' } });
    // related entitlements appear under their nearest area: the childcare subsidy is hukou-based
    expect(byId(items, 'childcare-subsidy')).toMatchObject({ kind: 'related', provisionBasis: 'hukou', standard: { amount: '3600', monthly: '300', maxPerChild: '10800' } });
    expect(items.every((i) => i.area === 'early-childhood')).toBe(true);
    expect(listCatalogue({ area: 'early-childhood', includeRelated: false }).items.map((i) => i.id)).toEqual(['prenatal-checks']);
  });

  it('computes which bundled rulesets encode an item, with the rule, the facade and the defining layer', () => {
    const { items } = listCatalogue();
    const hpv = byId(items, 'hpv-vaccination-girls');
    expect(hpv.encodedIn).toContainEqual({ ruleset: 'cn/entitlements/national', version: expect.any(String), rule: 'hpvVaccinationEligible', definedIn: 'cn/entitlements/national', example: false, facade: 'listEntitlements' });
    // a regional ruleset that extends the national one encodes it through the national layer
    expect(hpv.encodedIn).toContainEqual(expect.objectContaining({ ruleset: 'cn/entitlements/sichuan', definedIn: 'cn/entitlements/national' }));
    const dibao = byId(items, 'minimum-living-allowance');
    expect(dibao.encodedIn.map((e) => e.ruleset)).toEqual(expect.arrayContaining(['cn/assistance/national', 'cn/assistance/jiangsu', 'cn/assistance/example/gansu']));
    expect(dibao.encodedIn.find((e) => e.ruleset === 'cn/assistance/example/gansu')).toMatchObject({ example: true, facade: 'assessHousehold' });
    // named in the sources, but no ruleset decides it
    expect(byId(items, 'compulsory-education').encodedIn).toEqual([]);
    // the benchmark workload is not a policy: never counted as encoding medical assistance
    expect(byId(items, 'medical-assistance').encodedIn.some((e) => e.ruleset.startsWith('bench/'))).toBe(false);
  });

  it('returns only encoded, or only listed-only, items on request', () => {
    const encoded = listCatalogue({ encoded: true }).items;
    expect(encoded.map((i) => i.id)).toEqual(expect.arrayContaining(['prenatal-checks', 'hpv-vaccination-girls', 'childcare-subsidy', 'blood-donor-fee-exemption', 'minimum-living-allowance', 'extreme-poverty-support']));
    expect(encoded.every((i) => i.encodedIn.length > 0)).toBe(true);
    const listed = listCatalogue({ encoded: false }).items;
    expect(listed.map((i) => i.id)).toContain('compulsory-education');
    expect(listed.every((i) => i.encodedIn.length === 0)).toBe(true);
    expect(encoded.length + listed.length).toBe(listCatalogue().items.length);
  });

  it('returns items by provision basis', () => {
    const residence = listCatalogue({ provisionBasis: 'residence' }).items.map((i) => i.id);
    expect(residence).toContain('prenatal-checks');
    expect(residence).not.toContain('childcare-subsidy');
    expect(listCatalogue({ provisionBasis: 'hukou' }).items.map((i) => i.id)).toEqual(['childcare-subsidy']);
  });

  it('agrees with listEntitlements: every listed entitlement is a catalogue item the national ruleset encodes, provided the same way', () => {
    const list = listEntitlements({ birthDate: '2012-05-20', hukou: { place: 'CN-11' }, sex: 'female' }, { ruleset: 'cn/entitlements/national', date: '2026-01-10', place: 'CN-11' });
    const { items } = listCatalogue();
    for (const e of list.entitlements) {
      const item = byId(items, e.id);
      expect(item, e.id).toBeDefined();
      expect(item.encodedIn.map((x) => x.ruleset), e.id).toContain('cn/entitlements/national');
      if (item.provisionBasis !== 'unknown') expect(e.provisionBasis, e.id).toBe(item.provisionBasis);
    }
  });

  it('refuses unknown areas and options with a code and a path', () => {
    expect(errorOf(() => listCatalogue({ area: 'moon' }))).toEqual({ code: 'input/enum', paths: ['area'] });
    expect(errorOf(() => listCatalogue({ aera: 'health' } as never)).code).toBe('options/invalid');
    expect(errorOf(() => listCatalogue({ provisionBasis: 'birthplace' } as never)).code).toBe('options/invalid');
    expect(errorOf(() => listCatalogue('health' as never)).code).toBe('options/invalid');
  });
});

describe('declaredRuleNames', () => {
  it('reads the same rule names as the resolver declares in each bundled file', async () => {
    const { BUNDLED_FILES } = await import('../../../src/bundled/rulesets.generated');
    const { bundledRuleset } = await import('../../../src/bundled/bundled-rulesets');
    for (const f of BUNDLED_FILES) {
      const resolved = bundledRuleset(`${f.id}@${f.version}`);
      const own = Object.entries(resolved.rules).filter(([, r]) => r.layer.id === f.id).map(([n]) => n).sort();
      expect([...declaredRuleNames(f.text)].sort(), f.id).toEqual(own);
    }
  });

  it('falls back to a full parse for a flow-style rules mapping', () => {
    expect([...declaredRuleNames('id: x\nrules: { a: { formula: "1" }, b: { formula: "2" } }\n')]).toEqual(['a', 'b']);
    expect([...declaredRuleNames('id: x\nrules:\n  # comment\n  a:\n    formula: >-\n      b: 1\n  c: { formula: "2" }\ntests: []\n')]).toEqual(['a', 'c']);
  });
});
