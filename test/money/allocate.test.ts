import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { allocate } from '../../src/money/allocate';
import { Decimal } from '../../src/money/decimal';

const d = (s: string | number) => new Decimal(s);
const strs = (parts: Decimal[]) => parts.map((p) => p.toString());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('allocate', () => {
  it('splits 100 in three equal parts, the extra fen to the first', () => {
    // 100/3 = 33.333…: floors 33.33 ×3 = 99.99, one fen left → first part (all remainders equal)
    expect(strs(allocate(d(100), [d(1), d(1), d(1)]))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives the leftover fen to the largest remainders', () => {
    // 10 × (1, 2, 3)/6 = 1.666…, 3.333…, 5 → floors 1.66, 3.33, 5.00 = 9.99; largest remainder: part 0
    expect(strs(allocate(d(10), [d(1), d(2), d(3)]))).toEqual(['1.67', '3.33', '5']);
    // 0.05 × (1, 2)/3 = 0.01666…, 0.03333… → 0.01, 0.03 = 0.04; remainders 2/3 vs 1/3 → part 0
    expect(strs(allocate(d('0.05'), [d(1), d(2)]))).toEqual(['0.02', '0.03']);
  });

  it('is exact when the shares are', () => {
    expect(strs(allocate(d(10), [d('0.7'), d('0.3')]))).toEqual(['7', '3']);
    expect(strs(allocate(d('1234.56'), [d(1)]))).toEqual(['1234.56']);
  });

  it('treats ratios at any scale alike (1:2 = 0.25:0.5)', () => {
    expect(strs(allocate(d('100'), [d('0.25'), d('0.5')]))).toEqual(strs(allocate(d('100'), [d(1), d(2)])));
  });

  it('gives zero to zero ratios', () => {
    expect(strs(allocate(d('0.03'), [d(0), d(1), d(0), d(1)]))).toEqual(['0', '0.02', '0', '0.01']);
  });

  it('splits a negative total like its absolute value, negated', () => {
    expect(strs(allocate(d(-100), [d(1), d(1), d(1)]))).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(allocate(d(0), [d(1), d(2)]).every((p) => p.isZero() && !p.isNegative())).toBe(true);
  });

  it('supports other places', () => {
    // 10 yuan in whole yuan over 3 → 4, 3, 3
    expect(strs(allocate(d(10), [d(1), d(1), d(1)], 0))).toEqual(['4', '3', '3']);
    expect(strs(allocate(d('1'), [d(1), d(1), d(1)], 3))).toEqual(['0.334', '0.333', '0.333']);
  });

  it('is exact with ratios of many digits', () => {
    const third = d(1).div(3); // 0.333… (40 digits)
    const parts = allocate(d('999999999999.99'), [third, third, third]);
    expect(parts.reduce((a, b) => a.plus(b), d(0)).toString()).toBe('999999999999.99');
    expect(strs(parts)).toEqual(['333333333333.33', '333333333333.33', '333333333333.33']);
  });

  it('rejects bad input', () => {
    expect(codeOf(() => allocate(d(10), []))).toBe('eval/domain');
    expect(codeOf(() => allocate(d(10), [d(0), d(0)]))).toBe('eval/division-by-zero');
    expect(codeOf(() => allocate(d(10), [d(1), d(-1)]))).toBe('value/negative');
    expect(codeOf(() => allocate(d('10.001'), [d(1)]))).toBe('value/precision');
    expect(codeOf(() => allocate(d(10), [d(NaN)]))).toBe('value/invalid-number');
    expect(codeOf(() => allocate(d(10), [d(1)], 21))).toBe('eval/domain');
  });

  it('property: parts sum exactly to the total and each is within 0.01 of its exact share', () => {
    const ratio = fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Decimal(n).div(10_000)); // ≤ 4 decimals
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
        fc.array(ratio, { minLength: 1, maxLength: 12 }).filter((rs) => rs.some((r) => !r.isZero())),
        (fen, ratios) => {
          const total = new Decimal(fen.toString()).div(100);
          const parts = allocate(total, ratios);
          expect(parts).toHaveLength(ratios.length);
          const sum = parts.reduce((a, b) => a.plus(b), new Decimal(0));
          expect(sum.eq(total)).toBe(true);
          const ratioSum = ratios.reduce((a, b) => a.plus(b), new Decimal(0));
          parts.forEach((part, i) => {
            expect(part.decimalPlaces()).toBeLessThanOrEqual(2);
            const exact = total.times(ratios[i]!).div(ratioSum);
            expect(part.minus(exact).abs().lt('0.01')).toBe(true);
            if (ratios[i]!.isZero()) expect(part.isZero()).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
