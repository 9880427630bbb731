import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { rulesetYaml } from './helpers';

// The fast path renders only the outputs that changed since the plan's last result and returns a copy of
// the rest (src/engine/evaluator.ts, LastOutputs). These check that no result leaks into another.
const resolved = parseRuleset(
  rulesetYaml(`inputs:
  amount: { type: money }
  kind: { type: enum, of: [a, b] }
  on: { type: date, default: 2025-03-01 }
  person:
    type: record
    fields:
      income: { type: money, default: 0 }
      children: { type: integer, default: 0 }
parameters:
  cap:
    type: money
    values: [{ from: 2025-01-01, value: 1000, source: src }]
rules:
  paid: { type: money, formula: 'min(amount, cap)', source: src }
  rest: { type: money, formula: 'max(0, amount - cap)', source: src }
  isA: { type: boolean, formula: "kind == 'a'", source: src }
  children: { type: integer, formula: person.children, source: src }
  kindShown: { type: enum, of: [a, b], formula: kind, source: src }
  day: { type: date, formula: on, source: src }
`),
  { file: 'inline.yaml' },
);

const DATE = { date: '2025-06-01' };
const TRACED = { ...DATE, trace: true };
const inputs = [
  { amount: 250, kind: 'a', person: { income: 10, children: 1 } },
  { amount: 250, kind: 'a', person: { income: 10, children: 1 } },
  { amount: 1500.5, kind: 'b', person: { income: 0, children: 0 } },
  { amount: 250, kind: 'a', on: '2025-04-02', person: { income: 10, children: 2 } },
  { amount: 0, kind: 'b', person: { income: 10, children: 2 } },
];

describe('fast-path outputs repeated from the last result', () => {
  it('every result of a sequence equals the decimal path, whichever outputs repeat', () => {
    const fast = compile(resolved);
    const decimal = compile(resolved, { fastPath: false });
    for (let round = 0; round < 3; round++) {
      for (const input of inputs) expect(fast.evaluate(input, DATE).outputs).toEqual(decimal.evaluate(input, DATE).outputs);
    }
    expect(fast.diagnostics().fastEvaluations).toBe(15);
    expect(fast.evaluate(inputs[2], DATE).outputs).toEqual({
      paid: '1000.00',
      rest: '500.50',
      isA: false,
      children: 0,
      kindShown: 'b',
      day: '2025-03-01',
    });
  });

  it('equals the decimal path over 600 evaluations drawn from few values (outputs repeat and coincide)', () => {
    const fast = compile(resolved);
    const decimal = compile(resolved, { fastPath: false });
    let seed = 7;
    const pick = <T>(xs: readonly T[]): T => xs[(seed = (seed * 1103515245 + 12345) % 2147483648) % xs.length]!;
    let repeated = 0;
    let previous: unknown;
    for (let n = 0; n < 600; n++) {
      const input = { amount: pick([0, 1, 250, 1000, 1500.5]), kind: pick(['a', 'b']), on: pick(['2025-03-01', '2025-04-02']), person: { income: 0, children: pick([0, 1, 2]) } };
      // Traced and untraced evaluations share the plan's last outputs.
      const outputs = fast.evaluate(input, n % 3 === 0 ? TRACED : DATE).outputs;
      expect(outputs).toEqual(decimal.evaluate(input, DATE).outputs);
      if (previous !== undefined && (previous as Record<string, unknown>)['paid'] === outputs['paid']) repeated++;
      previous = outputs;
    }
    expect(fast.diagnostics().fastEvaluations).toBe(600);
    expect(repeated).toBeGreaterThan(50);
  });

  it('a quotient output (held as a ratio object) equals the decimal path when amounts repeat', () => {
    const quotients = parseRuleset(
      rulesetYaml(`inputs:
  amount: { type: money }
rules:
  third: { type: money, formula: 'amount / 3', source: src }
  part: { type: decimal, formula: 'amount / (amount + 3)', source: src }
  share: { type: money, formula: 'round(amount / 7, 2)', source: src }
`),
      { file: 'quotients.yaml' },
    );
    const fast = compile(quotients);
    const decimal = compile(quotients, { fastPath: false });
    for (const amount of [100, 100, 100, 1, 1, 100, 0, 0, 2.5, 100]) {
      expect(fast.evaluate({ amount }, DATE).outputs).toEqual(decimal.evaluate({ amount }, DATE).outputs);
    }
    expect(fast.diagnostics().fastEvaluations).toBe(10);
    // 100 / 3 = 33.333… → 33.33; 100 / 7 = 14.2857… → 14.29; 100 / 103 printed to the decimal path's 40 digits.
    expect(fast.evaluate({ amount: 100 }, DATE).outputs).toMatchObject({ third: '33.33', share: '14.29' });
    expect(fast.evaluate({ amount: 100 }, DATE).outputs['part']).toMatch(/^0\.97087378640776699029126213592233009708/);
  });

  it('a caller changing a result changes neither the next result nor the one before', () => {
    const fast = compile(resolved);
    const first = fast.evaluate(inputs[0], DATE).outputs as Record<string, unknown>;
    first['paid'] = 'changed';
    delete first['isA'];
    const second = fast.evaluate(inputs[1], DATE).outputs;
    expect(second).not.toBe(first);
    expect(second).toEqual({ paid: '250.00', rest: '0.00', isA: true, children: 1, kindShown: 'a', day: '2025-03-01' });
    expect(Object.keys(second)).toEqual(['paid', 'rest', 'isA', 'children', 'kindShown', 'day']);
    expect(fast.evaluate(inputs[1], DATE).outputs).not.toBe(second);
  });

  it('a plan of some outputs keeps its own last result', () => {
    const fast = compile(resolved);
    const some = { ...DATE, outputs: ['rest', 'paid'] };
    expect(fast.evaluate(inputs[2], some).outputs).toEqual({ rest: '500.50', paid: '1000.00' });
    expect(fast.evaluate(inputs[0], DATE).outputs).toMatchObject({ paid: '250.00', rest: '0.00' });
    expect(fast.evaluate(inputs[2], some).outputs).toEqual({ rest: '500.50', paid: '1000.00' });
    expect(fast.evaluate(inputs[0], some).outputs).toEqual({ rest: '0.00', paid: '250.00' });
  });
});
