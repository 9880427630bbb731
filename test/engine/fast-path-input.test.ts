/**
 * The fast path's input converter (src/engine/fast-path.ts inputConverter): it remembers the last input's keys
 * in order and reuses the program's inputs array. These tests change the key order, add unknown and inherited
 * keys after a cached order, evaluate again from inside a getter, and compare each answer with the decimal path
 * (compile(…, { fastPath: false })) — and check that the fast path, not a fallback, produced it.
 */
import { describe, expect, it } from 'vitest';
import { compile, parseRuleset } from '../../src/index';

const RULESET = `
id: test/converter
version: 1.0.0
jurisdiction: CN
label: { zh: 转换测试, en: Converter test }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
  level: { type: enum, of: ["1", "2", "3"], label: { zh: 等级, en: Level } }
  cost: { type: money, label: { zh: 费用, en: Cost } }
  paid: { type: money, default: 0, label: { zh: 已付, en: Paid } }
  extra: { type: money, optional: true, label: { zh: 附加, en: Extra } }
  kind: { type: enum, of: [a, b], default: a, label: { zh: 类别, en: Kind } }
parameters:
  rate:
    type: rate
    by: level
    label: { zh: 比例, en: Rate }
    values: [{ from: 2025-01-01, value: { "1": 0.9, "2": 0.75, "3": 0.6 }, source: s }]
rules:
  payout:
    type: money
    label: { zh: 支付, en: Payout }
    formula: round(max(0, cost - paid) * rate[level], 2) + (if kind == 'b' then 1 else 0)
    source: s
`;

const resolved = parseRuleset(RULESET, { file: 'converter.yaml' });
const options = { date: '2025-06-01' };

function both() {
  const fast = compile(resolved);
  const slow = compile(resolved, { fastPath: false });
  const check = (input: unknown, expectFast: boolean | undefined) => {
    const before = fast.diagnostics();
    const a = fast.safeEvaluate(input, options);
    const b = slow.safeEvaluate(input, options);
    expect(a.success).toBe(b.success);
    if (a.success && b.success) expect(a.result.outputs).toEqual(b.result.outputs);
    if (!a.success && !b.success) expect(a.error.issues).toEqual(b.error.issues);
    const after = fast.diagnostics();
    if (expectFast !== undefined) expect(after.fastEvaluations - before.fastEvaluations, JSON.stringify(input)).toBe(expectFast ? 1 : 0);
    return a;
  };
  return { fast, check };
}

describe('the fast path input converter', () => {
  it('answers the same whatever order the keys come in, one order after another', () => {
    const { check } = both();
    const r1 = check({ level: '2', cost: 1000, paid: 200 }, true);
    expect(r1.success && r1.result.outputs['payout']).toBe('600.00');
    // Same keys, other order (the remembered order no longer matches).
    const r2 = check({ paid: 200, cost: 1000, level: '2' }, true);
    expect(r2.success && r2.result.outputs['payout']).toBe('600.00');
    // Fewer keys: the default of paid (0) applies, not the previous input's 200.
    const r3 = check({ level: '2', cost: 1000 }, true);
    expect(r3.success && r3.result.outputs['payout']).toBe('750.00');
    // More keys than the remembered order, then the remembered prefix with another value.
    check({ level: '3', cost: 1000, paid: 0, extra: 5, kind: 'b' }, true);
    const r5 = check({ level: '3', cost: 1000 }, true);
    expect(r5.success && r5.result.outputs['payout']).toBe('600.00');
  });

  it('hands an unknown key to the decimal path (which refuses it) even right after the same keys were accepted', () => {
    const { check } = both();
    check({ level: '1', cost: 100 }, true);
    const r = check({ level: '1', cost: 100, bogus: 1 }, false);
    expect(!r.success && r.error.issues[0]!.code).toBe('input/unknown-field');
    // And a key order that starts like the remembered one but adds an unknown key at the end.
    check({ level: '1', cost: 100 }, true);
    expect(check({ level: '1', cost: 100, levle: '2' }, false).success).toBe(false);
  });

  it('reads an enum given as a number as its text, and refuses numbers that are not allowed values', () => {
    const { check } = both();
    const r = check({ level: 3, cost: 100 }, true);
    expect(r.success && r.result.outputs['payout']).toBe('60.00');
    expect(check({ level: 4, cost: 100 }, false).success).toBe(false);
    expect(check({ level: 2.5, cost: 100 }, false).success).toBe(false);
    expect(check({ level: true, cost: 100 }, false).success).toBe(false);
  });

  it('fills absent inputs with their defaults after a row that gave every input, and hands over a missing required one', () => {
    const { fast, check } = both();
    // Every input given: the converter skips the defaults (each of the five keys filled its own place).
    const full = check({ level: '2', cost: 1000, paid: 200, extra: 5, kind: 'b' }, true);
    expect(full.success && full.result.outputs['payout']).toBe('601.00');
    // The same keys minus kind and paid: their defaults ('a', 0), not the previous row's 'b' and 200.
    const partial = check({ level: '2', cost: 1000, extra: 5 }, true);
    expect(partial.success && partial.result.outputs['payout']).toBe('750.00');
    // Required cost missing after a full row: the decimal path refuses it (the fast path does not run it).
    check({ level: '2', cost: 1000, paid: 200, extra: 5, kind: 'b' }, true);
    const missing = check({ level: '2', paid: 200, extra: 5, kind: 'b' }, false);
    expect(!missing.success && missing.error.issues[0]!.code).toBe('input/missing');
    // A required input given as null is missing too, wherever it comes.
    expect(check({ cost: null, level: '2', paid: 200, extra: 5, kind: 'b' }, false).success).toBe(false);
    expect(fast.evaluate({ kind: 'b', extra: 5, paid: 200, cost: 1000, level: '2' }, options).outputs['payout']).toBe('601.00');
  });

  it('does not carry a value over from the previous input into an absent optional one', () => {
    const { fast, check } = both();
    check({ level: '1', cost: 100, extra: 1 }, true);
    check({ level: '1', cost: 100 }, true);
    expect(fast.evaluate({ level: '1', cost: 100 }, options).outputs['payout']).toBe('90.00');
  });

  it('keeps a nested evaluation from a getter apart from the outer one (the inputs array is reused)', () => {
    const { fast } = both();
    fast.evaluate({ level: '1', cost: 100 }, options);
    let inner: unknown;
    const outer = fast.evaluate(
      {
        level: '3',
        get cost() {
          inner = fast.evaluate({ level: '1', cost: 500, paid: 100 }, options).outputs['payout'];
          return 1000;
        },
      },
      options,
    );
    expect(inner).toBe('360.00');
    expect(outer.outputs['payout']).toBe('600.00');
    expect(fast.evaluate({ level: '2', cost: 1000 }, options).outputs['payout']).toBe('750.00');
  });

  it('answers a field inherited from a null-prototype parent as the decimal path does', () => {
    const { check } = both();
    check({ level: '1', cost: 100 }, true);
    const parent = Object.create(null, { cost: { value: 100, enumerable: true } }) as object;
    const child = Object.assign(Object.create(parent) as Record<string, unknown>, { level: '1' });
    check(child, undefined);
    check({ level: '1', cost: 100 }, true);
    check(Object.assign(Object.create(null) as Record<string, unknown>, { level: '1', cost: 100 }), true);
  });

  it('reads 30 money fields the same in every key order, cached or new', () => {
    const names = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const wide = parseRuleset(
      `id: test/wide
version: 1.0.0
jurisdiction: CN
label: { zh: 宽输入, en: Wide input }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
${names.map((n) => `  ${n}: { type: money, default: 0, label: { zh: 金额, en: Amount } }`).join('\n')}
rules:
  total:
    type: money
    label: { zh: 合计, en: Total }
    formula: ${names.join(' + ')}
    source: s
  last:
    type: money
    label: { zh: 最后一项, en: Last }
    formula: m29
    source: s
`,
      { file: 'wide.yaml' },
    );
    const fast = compile(wide);
    const slow = compile(wide, { fastPath: false });
    const values: unknown[] = [0.01, '12.5', 1234.56, null, undefined, 7, '0.10', 99999999.99];
    const bad: unknown[] = [0.001, -1, '1.234', true, {}];
    const inputs: Record<string, unknown>[] = [];
    for (let round = 0; round < 40; round++) {
      // A new key order every 4th input; the others repeat the last order (the cached path).
      const order = round % 4 === 0 ? [...names].sort(() => Math.sin(round * 31 + names.length) - 0.1) : names;
      const input: Record<string, unknown> = {};
      order.forEach((n, i) => {
        if ((round + i) % 7 !== 3) input[n] = values[(round * 3 + i) % values.length];
      });
      if (round % 5 === 4) input[order[(round * 11) % 30]!] = bad[round % bad.length];
      inputs.push(input);
    }
    let fastAnswers = 0;
    for (const input of inputs) {
      const before = fast.diagnostics().fastEvaluations;
      const a = fast.safeEvaluate(input, options);
      const b = slow.safeEvaluate(input, options);
      expect(a.success, JSON.stringify(input)).toBe(b.success);
      if (a.success && b.success) expect(a.result.outputs).toEqual(b.result.outputs);
      else if (!a.success && !b.success) expect(a.error.issues).toEqual(b.error.issues);
      fastAnswers += fast.diagnostics().fastEvaluations - before;
    }
    // Every well-formed input was answered on the fast path, and the ill-formed ones were refused.
    expect(fastAnswers).toBe(inputs.filter((_, r) => r % 5 !== 4).length);
    expect(fast.evaluate({ m29: 5, m0: 1 }, options).outputs).toEqual({ total: '6.00', last: '5.00' });
  });
});
