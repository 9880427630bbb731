import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { parseDate as p } from '../../src/period/date';
import { type DatedValue, Timeline } from '../../src/period/effective';

function errorOf(fn: () => unknown): MinshengError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('Timeline', () => {
  // Given out of order: 2025 (open), 2023 (explicit end, then a gap in 2024), 2021–2022 (ends the day before 2023).
  const deductible = new Timeline('deductible', [
    { from: p('2025-01-01'), value: '1000', source: 'notice-2025' },
    { from: p('2023-01-01'), until: p('2023-12-31'), value: '1200' },
    { from: p('2021-01-01'), value: '1500' },
  ]);

  it('sorts the values by from', () => {
    expect(deductible.values.map((v) => v.value)).toEqual(['1500', '1200', '1000']);
    expect(Object.isFrozen(deductible.values)).toBe(true);
    expect(deductible.name).toBe('deductible');
  });

  it('returns the value in force, boundaries included', () => {
    expect(deductible.at(p('2021-01-01'))?.value).toBe('1500');
    // without until, 2021's value lasts to the day before 2023-01-01
    expect(deductible.at(p('2022-12-31'))?.value).toBe('1500');
    expect(deductible.at(p('2023-01-01'))?.value).toBe('1200');
    expect(deductible.at(p('2023-12-31'))?.value).toBe('1200');
    expect(deductible.at(p('2025-01-01'))?.value).toBe('1000');
    expect(deductible.at(p('2200-12-31'))?.value).toBe('1000');
  });

  it('returns the entry object itself (with its source)', () => {
    const entry = deductible.at(p('2025-06-01'));
    expect(entry).toBe(deductible.values[2]);
    expect(entry?.source).toBe('notice-2025');
  });

  it('returns undefined before the first value and in a gap after an explicit until', () => {
    expect(deductible.at(p('2020-12-31'))).toBeUndefined();
    expect(deductible.at(p('2024-01-01'))).toBeUndefined();
    expect(deductible.at(p('2024-12-31'))).toBeUndefined();
  });

  it('returns undefined after the last until', () => {
    const t = new Timeline('subsidy', [{ from: p('2025-01-01'), until: p('2025-06-30'), value: 1 }]);
    expect(t.at(p('2025-06-30'))?.value).toBe(1);
    expect(t.at(p('2025-07-01'))).toBeUndefined();
  });

  it('returns undefined for an empty timeline', () => {
    expect(new Timeline('none', []).at(0)).toBeUndefined();
  });

  it('accepts a one-day value (until = from)', () => {
    const t = new Timeline('oneDay', [
      { from: p('2025-01-01'), until: p('2025-01-01'), value: 'a' },
      { from: p('2025-01-02'), value: 'b' },
    ]);
    expect(t.at(p('2025-01-01'))?.value).toBe('a');
    expect(t.at(p('2025-01-02'))?.value).toBe('b');
  });

  it('throws ruleset/timeline when two values start on the same day', () => {
    const e = errorOf(
      () =>
        new Timeline('cap', [
          { from: p('2025-01-01'), value: 1 },
          { from: p('2025-01-01'), value: 2 },
        ]),
    );
    expect(e.code).toBe('ruleset/timeline');
    expect(e.message).toContain('"cap"');
    expect(e.message).toContain('2025-01-01');
  });

  it('throws ruleset/timeline when an explicit until reaches the next from', () => {
    const e = errorOf(
      () =>
        new Timeline('cap', [
          { from: p('2025-06-01'), value: 2 },
          { from: p('2025-01-01'), until: p('2025-06-01'), value: 1 },
        ]),
    );
    expect(e.code).toBe('ruleset/timeline');
    expect(e.message).toContain('"cap"');
    expect(e.message).toContain('2025-01-01');
    expect(e.message).toContain('until 2025-06-01');
    expect(e.message).toContain('from 2025-06-01');
  });

  it('reports every overlap at once, with the location', () => {
    const e = errorOf(
      () =>
        new Timeline(
          'cap',
          [
            { from: p('2020-01-01'), until: p('2021-06-30'), value: 1 },
            { from: p('2021-01-01'), value: 2 },
            { from: p('2021-01-01'), value: 3 },
          ],
          { file: 'gansu.yaml', path: ['parameters', 'cap', 'values'] },
        ),
    );
    expect(e.issues).toHaveLength(2);
    expect(e.issues.every((i) => i.code === 'ruleset/timeline' && i.file === 'gansu.yaml')).toBe(true);
    expect(e.issues[0]?.path).toEqual(['parameters', 'cap', 'values']);
  });

  it('throws ruleset/timeline when until is before from, or a day is not an integer', () => {
    const e = errorOf(() => new Timeline('cap', [{ from: p('2025-01-02'), until: p('2025-01-01'), value: 1 }]));
    expect(e.code).toBe('ruleset/timeline');
    expect(e.message).toContain('2025-01-02');
    expect(errorOf(() => new Timeline('cap', [{ from: 1.5, value: 1 }])).code).toBe('ruleset/timeline');
    expect(errorOf(() => new Timeline('cap', [{ from: NaN, value: 1 }])).code).toBe('ruleset/timeline');
  });

  it('does not change the array it was given', () => {
    const input: DatedValue<number>[] = [
      { from: 10, value: 2 },
      { from: 0, value: 1 },
    ];
    new Timeline('x', input);
    expect(input.map((v) => v.from)).toEqual([10, 0]);
  });

  it('property: at() agrees with a linear search', () => {
    // Random non-overlapping timeline: starts ≥ 1 day apart, some values with an explicit until before the next start.
    const timeline = fc
      .array(fc.record({ gap: fc.integer({ min: 1, max: 40 }), len: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }), {
        maxLength: 30,
      })
      .map((specs) => {
        const froms: number[] = [];
        let from = -100;
        for (const s of specs) froms.push((from += s.gap));
        return specs.map((s, i): DatedValue<number> => {
          const f = froms[i]!;
          if (s.len === undefined) return { from: f, value: i };
          const next = froms[i + 1];
          return { from: f, until: next === undefined ? f + s.len : Math.min(f + s.len, next - 1), value: i };
        });
      })
      .chain((values) =>
        fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length })),
      );
    fc.assert(
      fc.property(timeline, fc.integer({ min: -150, max: 1400 }), ([values, shuffled], day) => {
        const t = new Timeline('p', shuffled);
        let expected: DatedValue<number> | undefined;
        values.forEach((v, i) => {
          const next = values[i + 1];
          const end = v.until ?? (next ? next.from - 1 : Infinity);
          if (v.from <= day && day <= end) expected = v;
        });
        expect(t.at(day)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
