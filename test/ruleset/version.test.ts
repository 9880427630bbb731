import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/ruleset/hash';
import { compareVersions, isValidVersion, maxSatisfyingVersion, parseExtends } from '../../src/ruleset/version';
import { issuesOf, summary } from './helpers';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', { d: 1, c: undefined, b: 2 }] })).toBe('{"a":[true,null,"x",{"b":2,"d":1}],"b":1}');
  });

  it('handles null-prototype objects and escapes keys', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o['键"'] = 1;
    expect(canonicalJson(o)).toBe('{"键\\"":1}');
  });

  it('equals JSON.stringify for key-sorted JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(d));
      }),
    );
  });

  it('handles 100 000 levels of nesting without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(canonicalJson(v)).toHaveLength(200_001);
  });

  it('refuses what JSON cannot represent', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const bad of [Number.NaN, Infinity, 1n, () => 1, Symbol('s'), [undefined], cyclic, undefined]) expect(() => canonicalJson(bad)).toThrow(TypeError);
  });
});

describe('contentHash', () => {
  it('is sha256 of the canonical JSON', () => {
    // sha256('{}') = 44136fa3…
    expect(contentHash({})).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});

describe('parseExtends', () => {
  it('splits id@range', () => {
    expect(parseExtends('cn/medical/national@^2026.1')).toEqual({ id: 'cn/medical/national', range: '^2026.1' });
    expect(parseExtends('a@>=1.0.0 <2')).toEqual({ id: 'a', range: '>=1.0.0 <2' });
  });

  it('rejects a missing or invalid range and a bad id', () => {
    for (const bad of ['cn/x', 'cn/x@', '@^1', 'CN/X@^1', 'cn/x@not-a-range']) {
      expect(summary(issuesOf(() => parseExtends(bad))), bad).toEqual(['ruleset/schema @ ["extends"]']);
    }
  });
});

describe('versions', () => {
  it('validates, compares and picks versions', () => {
    expect([isValidVersion('2026.1.0'), isValidVersion('v2026.1.0'), isValidVersion('2026.1'), isValidVersion(1)]).toEqual([true, false, false, false]);
    expect(['2026.1.0', '2025.3.1', '2026.1.0-rc.1'].sort(compareVersions)).toEqual(['2025.3.1', '2026.1.0-rc.1', '2026.1.0']);
    expect(maxSatisfyingVersion(['2025.1.0', '2026.1.0', '2026.2.0'], '^2026.1')).toBe('2026.2.0');
    expect(maxSatisfyingVersion(['2025.1.0'], '^2026')).toBeUndefined();
  });
});
