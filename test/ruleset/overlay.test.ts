import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRulesetObject, parseRulesetText } from '../../src/ruleset/load';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { compile } from '../../src/engine/program';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { RulesetRegistry } from '../../src/ruleset/registry';
import { addRulesetDirectory } from '../../src/node/load';
import type { ResolvedRuleset } from '../../src/ruleset/resolved';
import type { RulesetFile } from '../../src/ruleset/schema';
import { BAD, GOOD, HEADER, issuesOf, summary } from './helpers';

const layer = (id: string, version: string) => expect.objectContaining({ id, version });
const NATIONAL = ['test/medical/national', '2026.1.0'] as const;
const PROVINCE = ['test/medical/province', '2026.1.0'] as const;
const CITY = ['test/medical/city', '2026.2.0'] as const;

describe('resolveRuleset on a national → province → city chain', () => {
  let registry: RulesetRegistry;
  let city: ResolvedRuleset;

  beforeAll(async () => {
    registry = new RulesetRegistry();
    await addRulesetDirectory(registry, GOOD);
    city = resolveRuleset(registry.find('test/medical/city')!, registry);
  });

  it('records the chain, root first, with the file of each layer', () => {
    expect(city.chain.map((l) => `${l.id}@${l.version}`)).toEqual([
      'test/medical/national@2026.1.0',
      'test/medical/province@2026.1.0',
      'test/medical/city@2026.2.0',
    ]);
    expect(city.chain[0]!.file).toBe(`${GOOD}national.yaml`);
    expect(city.id).toBe('test/medical/city');
    expect(city.jurisdiction).toBe('CN-620100');
  });

  it('overrides a table per key: the city value with the same from replaces the national one, keeping the other keys', () => {
    const deductible = city.parameters['basic.deductible']!;
    expect(deductible.layer).toEqual(layer(...NATIONAL));
    expect(deductible.by).toBe('hospitalLevel');
    expect(deductible.unit).toBe('yuan');
    const [v2025, v2026] = deductible.values;
    // 2025: primary 200 and tertiary 1000 from the national file, secondary 450 from the city
    expect({ ...(v2025!.value as object) }).toEqual({ primary: 200, secondary: 450, tertiary: 1000 });
    expect(v2025!.layer).toEqual(layer(...CITY));
    expect(v2025!.replaced).toEqual(layer(...NATIONAL));
    expect(v2025!.source).toBe('city-2026');
    expect(v2025!.keyLayers!['primary']).toEqual(layer(...NATIONAL));
    expect(v2025!.keyLayers!['secondary']).toEqual(layer(...CITY));
  });

  it('adds a dated value from the province, filling missing keys from the value in force at its from', () => {
    const v2026 = city.parameters['basic.deductible']!.values[1]!;
    expect(v2026.from).toBe('2026-01-01');
    // tertiary 900 from the province; primary 200 and secondary 500 from the national 2025 value in force on 2026-01-01
    expect({ ...(v2026.value as object) }).toEqual({ primary: 200, secondary: 500, tertiary: 900 });
    expect(v2026.layer).toEqual(layer(...PROVINCE));
    expect(v2026.replaced).toBeUndefined();
    expect(v2026.keyLayers!['tertiary']).toEqual(layer(...PROVINCE));
  });

  it('gives a regional parameter the value a child publishes', () => {
    const cap = city.parameters['basic.annualCap']!;
    expect(cap.regional).toBe(true);
    expect(cap.values).toEqual([expect.objectContaining({ from: '2025-01-01', value: 150000, layer: layer(...PROVINCE) })]);
  });

  it("drops the parent's timeline with mode: replace", () => {
    const bands = city.parameters['critical.bands']!;
    expect(bands.values).toHaveLength(1);
    expect(bands.values[0]).toMatchObject({ from: '2026-01-01', note: 'one band only', value: [{ above: 10000, rate: 0.65 }] });
    expect(bands.replaced).toEqual(layer(...NATIONAL));
    expect(bands.type).toBe('scale');
  });

  it('replaces a rule with replaces: true and records what it replaced', () => {
    const basicPaid = city.rules['basicPaid']!;
    expect(basicPaid.layer).toEqual(layer(...PROVINCE));
    expect(basicPaid.replaced).toEqual(layer(...NATIONAL));
    expect(basicPaid.formula).toContain('basic.annualCap');
    expect('replaces' in basicPaid).toBe(false);
    expect(city.rules['remainingDeductible']!.layer).toEqual(layer(...NATIONAL));
    expect(city.rules['cityBonus']!.layer).toEqual(layer(...CITY));
  });

  it('records the layer of every input, source, parameter, value and rule', () => {
    expect(city.inputs['hospitalLevel']!.layer).toEqual(layer(...NATIONAL));
    expect(city.inputs['insuredType']!.layer).toEqual(layer(...PROVINCE));
    expect(Object.keys(city.sources)).toEqual(['nat-2025', 'prov-2026', 'city-2026']);
    expect(city.sources['prov-2026']!.layer).toEqual(layer(...PROVINCE));
    for (const p of Object.values(city.parameters)) {
      expect(p.layer.id).toMatch(/^test\/medical\//);
      for (const v of p.values) expect(v.layer.id).toMatch(/^test\/medical\//);
    }
    for (const r of Object.values(city.rules)) expect(r.layer.id).toMatch(/^test\/medical\//);
  });

  it('inherits validity and dateInput, takes policyYear from the nearest layer, keeps its own description only', () => {
    expect(city.validity).toEqual({ from: '2025-01-01' });
    expect(city.dateInput).toBe('dischargeDate');
    expect(city.policyYear).toEqual({ startMonth: 7, startDay: 1 });
    expect(city.description).toBeUndefined();
    const national = resolveRuleset(registry.find('test/medical/national')!, registry);
    expect(national.policyYear).toEqual({ startMonth: 1, startDay: 1 });
    expect(national.description).toEqual({ zh: '仅用于测试。', en: 'For tests only.' });
  });

  it("keeps only this file's own tests: inline first, then the .cases.yaml ones", () => {
    expect(city.tests.map((t) => t.name)).toEqual(['city inline case', 'city secondary after the city deductible', 'unpublished figure']);
  });

  it('sorts values by from and keeps explicit until', () => {
    expect(city.parameters['city.bonusRate']!.values.map((v) => [v.from, v.until])).toEqual([
      ['2026-01-01', '2026-12-31'],
      ['2027-01-01', undefined],
    ]);
  });

  it('is deeply frozen, with null-prototype records', () => {
    const stack: unknown[] = [city];
    let count = 0;
    while (stack.length > 0) {
      const v = stack.pop();
      if (v === null || typeof v !== 'object') continue;
      expect(Object.isFrozen(v)).toBe(true);
      count++;
      stack.push(...Object.values(v));
    }
    expect(count).toBeGreaterThan(100);
    for (const rec of [city.inputs, city.rules, city.parameters, city.sources]) expect(Object.getPrototypeOf(rec)).toBeNull();
    expect(Object.getPrototypeOf(city.parameters['basic.deductible']!.values[0]!.value)).toBeNull();
    expect((city.rules as Record<string, unknown>)['toString']).toBeUndefined();
    expect(() => {
      (city.rules as Record<string, unknown>)['x'] = 1;
    }).toThrow(TypeError);
  });

  it('hashes the policy: stable, independent of file paths and of tests', async () => {
    expect(city.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(resolveRuleset(registry.find('test/medical/city')!, registry).hash).toBe(city.hash);
    const elsewhere = new RulesetRegistry();
    for (const f of registry.list()) elsewhere.add(f, `/elsewhere/${f.id}.yaml`);
    const moved = resolveRuleset(elsewhere.find('test/medical/city')!, elsewhere);
    expect(moved.chain[0]!.file).toBe('/elsewhere/test/medical/national.yaml');
    expect(moved.hash).toBe(city.hash);
    const file = registry.find('test/medical/city')!;
    const noTests = resolveRuleset({ ...file, tests: [] }, registry);
    expect(noTests.hash).toBe(city.hash);
    const changed = resolveRuleset({ ...file, rules: { ...file.rules, cityBonus: { ...file.rules!['cityBonus']!, formula: '0' } } }, registry);
    expect(changed.hash).not.toBe(city.hash);
  });
});

/** Every file in bad/overlay except the shared parent, and the issues resolving it must produce. */
const BAD_OVERLAYS: Record<string, string[]> = {
  'shadowing.yaml': ['ruleset/shadowing @ ["rules","paid"]'],
  'replaces-nothing.yaml': ['ruleset/replaces-nothing @ ["rules","extra","replaces"]'],
  'incompatible-override.yaml': ['ruleset/incompatible-override @ ["parameters","p.cap","type"]'],
  'unknown-source.yaml': ['ruleset/unknown-source @ ["parameters","p.cap","values",0,"source"]'],
  'timeline.yaml': ['ruleset/timeline @ ["parameters","p.rate","values",0]'],
  'missing-parent.yaml': ['ruleset/missing-parent @ ["extends"]'],
  'parent-out-of-range.yaml': ['ruleset/missing-parent @ ["extends"]'],
  'cycle-a.yaml': ['ruleset/extends-cycle @ ["extends"]'],
  'cycle-b.yaml': ['ruleset/extends-cycle @ ["extends"]'],
  'kind-collision.yaml': ['ruleset/shadowing @ ["rules","cost"]'],
  'param-collision.yaml': ['ruleset/shadowing @ ["inputs","p"]'],
  'duplicate-source.yaml': ['ruleset/duplicate-id @ ["sources",0,"id"]'],
  'wrong-table-key.yaml': ['ruleset/schema @ ["parameters","p.rate","values",0,"value","d"]'],
  'child-bad-value.yaml': ['ruleset/schema @ ["parameters","p.cap","values",0,"value"]'],
  'mode-replace-nothing.yaml': ['ruleset/replaces-nothing @ ["parameters","q","mode"]'],
  'replaced-type-change.yaml': ['ruleset/incompatible-override @ ["rules","paid","type"]'],
  'new-param-without-type.yaml': ['ruleset/unknown-parameter @ ["parameters","fresh"]'],
  'by-not-enum.yaml': ['ruleset/schema @ ["parameters","p.cost","by"]'],
};

describe('resolveRuleset on test/fixtures/rulesets/bad/overlay', () => {
  let registry: RulesetRegistry;
  beforeAll(async () => {
    registry = new RulesetRegistry();
    await addRulesetDirectory(registry, `${BAD}overlay`);
  });

  it('has an expectation for every file in the folder', () => {
    expect(readdirSync(`${BAD}overlay`).filter((n) => n !== 'base.yaml').sort()).toEqual(Object.keys(BAD_OVERLAYS).sort());
  });

  it('resolves the shared parent', () => {
    expect(resolveRuleset(registry.find('test/base')!, registry).rules['paid']!.layer.id).toBe('test/base');
  });

  it.each(Object.entries(BAD_OVERLAYS))('%s fails with exactly the expected issues', (name, expected) => {
    const id = `test/${name.replace(/\.yaml$/, '')}`;
    const issues = issuesOf(() => resolveRuleset(registry.find(id)!, registry));
    expect(summary(issues)).toEqual(expected);
    // the issue names the file that has the problem
    const culprit = name === 'cycle-a.yaml' ? 'cycle-b.yaml' : name === 'cycle-b.yaml' ? 'cycle-a.yaml' : name;
    expect(issues[0]!.file).toBe(`${BAD}overlay/${culprit}`);
  });

  it('explains each problem', () => {
    const msg = (name: string) => issuesOf(() => resolveRuleset(registry.find(`test/${name}`)!, registry))[0]!.message;
    expect(msg('shadowing')).toBe(`rule 'paid' is already declared by test/base@1.0.0 (${BAD}overlay/base.yaml); add 'replaces: true' to re-declare it`);
    expect(msg('parent-out-of-range')).toBe('parent test/base@^2 not found: registered versions of test/base are 1.0.0, none satisfies ^2');
    expect(msg('missing-parent')).toBe('parent test/nope@^1 not found: no ruleset with id test/nope is registered');
    expect(msg('cycle-a')).toBe('extends forms a cycle: test/cycle-a@1.0.0 → test/cycle-b@1.0.0 → test/cycle-a@1.0.0');
    expect(msg('timeline')).toBe(
      `parameter 'p.rate': the value from 2025-06-01 overlaps the value from 2025-01-01 in test/base@1.0.0 (${BAD}overlay/base.yaml), which lasts until 2025-12-31`,
    );
    expect(msg('kind-collision')).toMatch(/^rule 'cost' has the name of an input declared by test\/base@1.0.0/);
    expect(msg('incompatible-override')).toMatch(/^parameter 'p.cap' is money in test\/base@1.0.0 .*cannot make it rate$/);
    expect(msg('unknown-source')).toBe("source 'nowhere' is not declared in 'sources' of test/unknown-source@1.0.0 (" + `${BAD}overlay/unknown-source.yaml) or any parent`);
  });
});

describe('resolveRuleset edge cases', () => {
  const file = (extra: Record<string, unknown>, id = 'test/x', version = '1.0.0'): RulesetFile =>
    parseRulesetObject({ ...HEADER, id, version, ...extra }, { file: `${id}.yaml` });

  it('resolves a file without a parent and without a registry', () => {
    const r = resolveRuleset(file({ rules: { a: { type: 'money', formula: '1' } } }));
    expect(r.chain).toEqual([{ id: 'test/x', version: '1.0.0', file: 'test/x.yaml' }]);
    expect(r.rules['a']!.layer).toEqual(r.chain[0]);
  });

  it('needs a registry to resolve extends', () => {
    expect(summary(issuesOf(() => resolveRuleset(file({ extends: 'test/base@^1' }))))).toEqual(['ruleset/missing-parent @ ["extends"]']);
  });

  it('limits the length of the extends chain', () => {
    const registry = new RulesetRegistry();
    for (let i = 0; i < 20; i++) registry.add(file(i === 0 ? {} : { extends: `test/l${i - 1}@^1` }, `test/l${i}`));
    expect(resolveRuleset(registry.find('test/l15')!, registry).chain).toHaveLength(16);
    expect(summary(issuesOf(() => resolveRuleset(registry.find('test/l16')!, registry)))).toEqual(['ruleset/limit @ ["extends"]']);
    expect(resolveRuleset(registry.find('test/l19')!, registry, { limits: { maxExtendsDepth: 20 } }).chain).toHaveLength(20);
  });

  it('picks the highest parent version in range', () => {
    const registry = new RulesetRegistry();
    for (const v of ['1.0.0', '1.2.0', '2.0.0']) registry.add(file({ rules: { v: { type: 'money', formula: v.replace(/\./g, '') } } }, 'test/p', v));
    const child = file({ extends: 'test/p@^1' }, 'test/c');
    expect(resolveRuleset(child, registry).chain.map((l) => l.version)).toEqual(['1.2.0', '1.0.0']);
  });

  it('reports two values with the same from in one file as a timeline problem', () => {
    const f = file({ parameters: { p: { type: 'money', values: [{ from: '2025-01-01', value: 1 }, { from: '2025-01-01', value: 2 }] } } });
    expect(summary(issuesOf(() => resolveRuleset(f)))).toEqual(['ruleset/timeline @ ["parameters","p","values",1,"from"]']);
  });

  it('checks that dateInput names a date input, and that table keys are enum values', () => {
    const f = file({
      dateInput: 'when',
      inputs: { when: { type: 'money' }, level: { type: 'enum', of: ['a', 'b'] } },
      parameters: { p: { type: 'money', by: 'level', values: [{ from: '2025-01-01', value: { a: 1, z: 2 } }] } },
    });
    expect(summary(issuesOf(() => resolveRuleset(f)))).toEqual(['ruleset/schema @ ["parameters","p","values",0,"value","z"]', 'ruleset/schema @ ["dateInput"]']);
  });

  it('reports a source cited in a parent but declared only by the child', () => {
    const registry = new RulesetRegistry();
    registry.add(file({ rules: { a: { type: 'money', formula: '1', source: 'late' } } }, 'test/p'));
    const child = file({ extends: 'test/p@^1', sources: [{ id: 'late', title: 'Late', status: 'seed' }] }, 'test/c');
    const [issue] = issuesOf(() => resolveRuleset(child, registry));
    expect(issue).toMatchObject({ code: 'ruleset/unknown-source', path: ['rules', 'a', 'source'], file: 'test/p.yaml', source: 'late' });
    expect(issue!.message).toMatch(/declared only by test\/c@1.0.0/);
  });

  it('reports every problem of the chain at once', () => {
    const registry = new RulesetRegistry();
    registry.add(file({ inputs: { a: { type: 'money' } }, rules: { r: { type: 'money', formula: 'a' } } }, 'test/p'));
    const child = file({ extends: 'test/p@^1', inputs: { a: { type: 'money' } }, rules: { r: { type: 'money', formula: '1' }, s: { type: 'money', formula: '1', replaces: true } } }, 'test/c');
    expect(summary(issuesOf(() => resolveRuleset(child, registry)))).toEqual([
      'ruleset/shadowing @ ["inputs","a"]',
      'ruleset/shadowing @ ["rules","r"]',
      'ruleset/replaces-nothing @ ["rules","s","replaces"]',
    ]);
  });

  it('fills a partial table only from the parent, and leaves a root partial table as written', () => {
    const f = file({
      inputs: { level: { type: 'enum', of: ['a', 'b'] } },
      parameters: { p: { type: 'money', by: 'level', values: [{ from: '2025-01-01', value: { a: 1, b: 2 } }, { from: '2026-01-01', value: { a: 3 } }] } },
    });
    const values = resolveRuleset(f).parameters['p']!.values;
    expect({ ...(values[1]!.value as object) }).toEqual({ a: 3 });
    expect(values[1]!.keyLayers).toBeUndefined();
  });

  it('does not fill from a parent value that ended before the from', () => {
    const registry = new RulesetRegistry();
    registry.add(
      file(
        { inputs: { level: { type: 'enum', of: ['a', 'b'] } }, parameters: { p: { type: 'money', by: 'level', values: [{ from: '2025-01-01', until: '2025-06-30', value: { a: 1, b: 2 } }] } } },
        'test/p',
      ),
    );
    const child = file({ extends: 'test/p@^1', parameters: { p: { values: [{ from: '2026-01-01', value: { a: 5 } }] } } }, 'test/c');
    expect({ ...(resolveRuleset(child, registry).parameters['p']!.values[1]!.value as object) }).toEqual({ a: 5 });
  });
});

describe('resolveRuleset on objects built in code', () => {
  it('validates a file that did not come from the loader, reporting issues instead of crashing', () => {
    const broken = { ...HEADER, parameters: { p: { type: 'money', values: 'not a list' } } } as unknown as RulesetFile;
    expect(summary(issuesOf(() => resolveRuleset(broken)))).toEqual(['ruleset/schema @ ["parameters","p","values"]']);
    expect(issuesOf(() => resolveRuleset(broken))[0]!.file).toBe('test/x@1.0.0');
    expect(resolveRuleset({ ...HEADER } as RulesetFile).id).toBe('test/x');
  });
});

describe('an override whose name no parent declares', () => {
  it("says which parameter was probably meant (never 'add a type', which would silently override nothing)", async () => {
    const registry = new RulesetRegistry();
    await addRulesetDirectory(registry, GOOD);
    const typo = parseRulesetObject(
      {
        id: 'test/medical/typo',
        jurisdiction: 'CN-620100',
        version: '2026.1.0',
        extends: 'test/medical/national@^2026.1',
        label: { zh: '错拼', en: 'Typo' },
        parameters: { 'basic.deductable': { values: [{ from: '2026-01-01', value: { primary: 100, secondary: 200, tertiary: 300 } }] } },
      },
      { file: 'typo.yaml' },
    );
    const issues = issuesOf(() => resolveRuleset(typo, registry));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ruleset/unknown-parameter', path: ['parameters', 'basic.deductable'], message: expect.stringContaining("did you mean 'basic.deductible'?") }),
    ]);
    expect(issues[0]!.message).not.toMatch(/type/);
  });
});

describe('a parameter range across layers', () => {
  const parentText = `id: t/p
jurisdiction: CN
version: 1.0.0
label: { zh: 父, en: Parent }
sources: [ { id: s, title: Source, status: seed } ]
inputs: { c: { type: money, label: { zh: 费用, en: Cost } } }
parameters:
  r: { type: rate, max: 0.9, label: { zh: 比例, en: Rate }, values: [ { from: 2025-01-01, value: 0.5, source: s } ] }
rules:
  x: { type: money, label: { zh: 支付, en: Paid }, formula: "round(c * r, 2)", source: s }
`;
  const child = (decl: string) => `id: t/c
jurisdiction: CN
version: 1.0.0
extends: t/p@^1
label: { zh: 子, en: Child }
parameters:
  r: { ${decl}values: [ { from: 2026-01-01, value: 0.95, source: s } ] }
`;

  it("holds a child's values to the parent's range (ruleset/range at compile), and a child cannot widen it", () => {
    const registry = new RulesetRegistry();
    registry.add(parseRulesetText(parentText, { file: 'p.yaml' }), 'p.yaml');
    // 0.95 > the parent's max 0.9
    const issues = issuesOf(() => compile(parseRuleset(child(''), { file: 'c.yaml', registry })));
    expect(issues).toEqual([expect.objectContaining({ code: 'ruleset/range', message: 'parameter r from 2026-01-01: the value 0.95 is outside its range [0, 0.9]' })]);
    expect(issuesOf(() => parseRuleset(child('max: 1, '), { file: 'c.yaml', registry }))).toEqual([expect.objectContaining({ code: 'ruleset/incompatible-override', path: ['parameters', 'r', 'max'] })]);
  });
});
