/**
 * src/ruleset/frozen.ts: test cases are copied into frozen null-prototype objects that V8 keeps in fast mode
 * (an Object.create(null) object is a dictionary, slower to read on every evaluation of the case).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frozenDataCopy } from '../../src/ruleset/frozen';

describe('frozenDataCopy', () => {
  it('copies plain data into frozen null-prototype objects and frozen arrays, dropping undefined fields', () => {
    const source = { b: 1, a: [{ x: 'y', gone: undefined }, 2], nested: { deep: { n: null } } };
    const copy = frozenDataCopy(source, 8) as Record<string, unknown>;
    expect(copy).toEqual({ b: 1, a: [{ x: 'y' }, 2], nested: { deep: { n: null } } });
    expect(Object.keys(copy)).toEqual(['b', 'a', 'nested']);
    for (const o of [copy, copy['a'], (copy['a'] as unknown[])[0], copy['nested']]) expect(Object.isFrozen(o)).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.getPrototypeOf((copy['a'] as unknown[])[0])).toBeNull();
    expect(Object.getPrototypeOf(copy['a'])).toBe(Array.prototype);
  });

  it('keeps a __proto__ key as an own field (never as the prototype) and integer-like keys in their order', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}, "2": "two", "1": "one", "name": "n"}') as Record<string, unknown>;
    const copy = frozenDataCopy(source, 8) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.keys(copy)).toEqual(['1', '2', '__proto__', 'name']);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(copy['__proto__']).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses data deeper than the limit (or cyclic) with ruleset/limit', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(() => frozenDataCopy(cyclic, 16)).toThrow(expect.objectContaining({ code: 'ruleset/limit' }));
    expect(() => frozenDataCopy({ a: { b: { c: 1 } } }, 1)).toThrow(expect.objectContaining({ code: 'ruleset/limit' }));
    expect(frozenDataCopy({ a: { b: 1 } }, 1)).toEqual({ a: { b: 1 } });
  });

  it.skipIf(!existsSync('dist/index.js'))('gives the inputs of loaded test cases, bundled and from YAML, V8 fast properties', () => {
    const script = `
      const m = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
      const out = {};
      for (const id of ['cn/entitlements/national', 'rulesets/cn/medical/nanchang.yaml']) {
        const r = await m.loadRuleset(id);
        out[id] = r.tests.map((c) => %HasFastProperties(c.input) && Object.getPrototypeOf(c.input) === null && Object.isFrozen(c.input));
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as Record<string, boolean[]>;
    for (const flags of Object.values(result)) {
      expect(flags.length).toBeGreaterThan(5);
      expect(flags.every(Boolean)).toBe(true);
    }
  });
});
