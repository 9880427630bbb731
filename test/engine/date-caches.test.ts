import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { rulesetYaml } from './helpers';

// A program remembers the date texts it parsed and each day's provenance (src/engine/evaluator.ts): claims
// of a batch carry their own dates, in any order.
const resolved = parseRuleset(
  rulesetYaml(`inputs:
  amount: { type: money }
parameters:
  cap:
    type: money
    values:
      - { from: 2025-01-01, value: 1000, source: src }
      - { from: 2025-07-01, value: 2000, source: src }
rules:
  paid: { type: money, formula: 'min(amount, cap)', source: src }
`),
  { file: 'inline.yaml' },
);

describe('evaluation dates of a batch in any order', () => {
  it('each evaluation gets its own date, figures and provenance', () => {
    for (const fastPath of [true, false]) {
      const program = compile(resolved, { fastPath });
      const dates = ['2025-06-30', '2025-07-01', '2025-01-01', '2025-12-31'];
      for (let n = 0; n < 40; n++) {
        const date = dates[(n * 3) % dates.length]!;
        const result = program.evaluate({ amount: 1500 }, { date });
        expect(result.provenance.date).toBe(date);
        expect(result.outputs['paid']).toBe(date < '2025-07-01' ? '1000.00' : '1500.00');
      }
    }
  });

  it('a bad date is refused every time, also between good ones', () => {
    const program = compile(resolved);
    for (let n = 0; n < 3; n++) {
      expect(program.evaluate({ amount: 1 }, { date: '2025-06-01' }).provenance.date).toBe('2025-06-01');
      expect(() => program.evaluate({ amount: 1 }, { date: '2025-02-30' })).toThrow(/2025-02-30/);
      expect(() => program.evaluate({ amount: 1 }, { date: '2024-12-31' })).toThrow();
    }
  });

  it('a date outside the validity is refused every time, also right after it was refused and between good ones', () => {
    const bounded = parseRuleset(
      rulesetYaml(`validity: { from: 2025-03-01, until: 2025-12-31 }
inputs:
  amount: { type: money }
rules:
  paid: { type: money, formula: 'amount', source: src }
`),
      { file: 'bounded.yaml' },
    );
    for (const fastPath of [true, false]) {
      const program = compile(bounded, { fastPath });
      for (const date of ['2025-02-28', '2025-02-28', '2025-03-01', '2026-01-01', '2026-01-01', '2025-12-31', '2025-02-28']) {
        const result = program.safeEvaluate({ amount: 1 }, { date });
        const inside = date >= '2025-03-01' && date <= '2025-12-31';
        expect(result.success, `${date} (fastPath ${fastPath})`).toBe(inside);
        if (!result.success) expect(result.error.code).toBe('eval/outside-validity');
      }
    }
  });

  it('more dates than are remembered still evaluate right', () => {
    const program = compile(resolved);
    const start = Date.UTC(2025, 0, 1);
    for (let n = 0; n < 1200; n += 1) {
      const date = new Date(start + ((n * 7) % 700) * 86_400_000).toISOString().slice(0, 10);
      const result = program.evaluate({ amount: 1500 }, { date });
      expect(result.provenance.date).toBe(date);
      expect(result.outputs['paid']).toBe(date < '2025-07-01' ? '1000.00' : '1500.00');
    }
  });
});
