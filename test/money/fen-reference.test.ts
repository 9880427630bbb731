/**
 * Decimal money arithmetic agrees with an integer reference in fen (分) computed with BigInt.
 * An amount of `a` fen is `a/100` yuan; a rate with ≤ 4 decimals is `r/10^4`. So
 * `a/100 × r/10^4` yuan = `a·r / 10^6` yuan = `a·r / 10^4` fen, and rounding to 2 places (yuan) is
 * rounding the integer fraction `a·r / 10^4` to an integer number of fen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal';
import { round, ROUNDING_MODES, type RoundingMode } from '../../src/money/round';

/** n/d rounded to an integer with `mode`, d > 0, by integer arithmetic only. */
function roundDiv(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncated toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const s = n < 0n ? -1n : 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case 'up':
      return q + s;
    case 'down':
      return q;
    case 'ceiling':
      return s > 0n ? q + 1n : q;
    case 'floor':
      return s < 0n ? q - 1n : q;
    case 'half-up':
      return twice >= d ? q + s : q;
    case 'half-down':
      return twice > d ? q + s : q;
    case 'half-even':
      return twice > d || (twice === d && q % 2n !== 0n) ? q + s : q;
  }
}

const fenToYuan = (fen: bigint) => new Decimal(fen.toString()).div(100);
const yuanToFen = (yuan: Decimal) => BigInt(yuan.times(100).toFixed(0));

const MAX_FEN = 10n ** 13n;
const fen = fc.bigInt({ min: -MAX_FEN, max: MAX_FEN });
/** Rate in units of 10^-4, within ±100 (i.e. ±10000%); halves and quarters often, to hit ties. */
const rateUnits = fc.oneof(
  fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
  fc.constantFrom(5000n, -5000n, 2500n, 7500n, 500n, 50n, 5n, 15n, 12345n),
);

describe('integer-fen reference (roundDiv)', () => {
  it('returns hand-checked values', () => {
    // 25/10 = 2.5; −25/10 = −2.5; 24/10 = 2.4
    const expected: Record<RoundingMode, [bigint, bigint, bigint]> = {
      'half-up': [3n, -3n, 2n],
      'half-even': [2n, -2n, 2n],
      'half-down': [2n, -2n, 2n],
      up: [3n, -3n, 3n],
      down: [2n, -2n, 2n],
      ceiling: [3n, -2n, 3n],
      floor: [2n, -3n, 2n],
    };
    for (const mode of ROUNDING_MODES) {
      expect([roundDiv(25n, 10n, mode), roundDiv(-25n, 10n, mode), roundDiv(24n, 10n, mode)]).toEqual(expected[mode]);
    }
  });
});

describe('round (Decimal) against integer fen', () => {
  it('property: round(a × rate, 2, mode) equals the BigInt result for every mode', () => {
    fc.assert(
      fc.property(fen, rateUnits, (a, r) => {
        const rate = new Decimal(r.toString()).div(10_000);
        const product = fenToYuan(a).times(rate);
        for (const mode of ROUNDING_MODES) {
          const viaDecimal = round(product, 2, mode);
          expect(viaDecimal.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(yuanToFen(viaDecimal)).toBe(roundDiv(a * r, 10_000n, mode));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: sums and differences of amounts are exact', () => {
    fc.assert(
      fc.property(fen, fen, (a, b) => {
        expect(yuanToFen(fenToYuan(a).plus(fenToYuan(b)))).toBe(a + b);
        expect(yuanToFen(fenToYuan(a).minus(fenToYuan(b)))).toBe(a - b);
        expect(fenToYuan(a).plus(fenToYuan(b)).toString()).toBe(fenToYuan(a + b).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('property: sum of rounded products equals the BigInt sum of rounded fen', () => {
    fc.assert(
      fc.property(fen, fen, rateUnits, fc.constantFrom(...ROUNDING_MODES), (a, b, r, mode) => {
        const rate = new Decimal(r.toString()).div(10_000);
        const total = round(fenToYuan(a).times(rate), 2, mode).plus(round(fenToYuan(b).times(rate), 2, mode));
        expect(yuanToFen(total)).toBe(roundDiv(a * r, 10_000n, mode) + roundDiv(b * r, 10_000n, mode));
      }),
      { numRuns: 1000 },
    );
  });
});
