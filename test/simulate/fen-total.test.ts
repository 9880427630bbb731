/** The simulate worker's exact running totals in integer fen agree with decimal.js on any money texts. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FenTotal, fenOfMoneyText } from '../../src/node/simulate/worker';
import { Decimal } from '../../src/money/decimal';

describe('FenTotal', () => {
  it('parses money texts to fen and refuses every other shape', () => {
    expect(fenOfMoneyText('123.45')).toBe(12345);
    expect(fenOfMoneyText('-0.50')).toBe(-50);
    expect(fenOfMoneyText('0.00')).toBe(0);
    for (const bad of ['1.5', '12', '.50', '1.234', 'a.bc', '1e3.00', '', '-', '90071992547409.93']) expect(fenOfMoneyText(bad), bad).toBeUndefined();
  });

  it('equals the decimal.js sum, across the safe-integer boundary and with texts of other shapes', () => {
    const text = fc.oneof(
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((fen) => new Decimal(fen.toString()).div(100).toFixed(2)),
      fc.integer({ min: -100000, max: 100000 }).map((fen) => new Decimal(fen).div(100).toFixed(2)),
      fc.constantFrom('4503599627370496.00', '90071992547409.91', '-90071992547409.91', '1.5', '7'),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), (texts) => {
        const total = new FenTotal();
        let reference = new Decimal(0);
        for (const t of texts) {
          total.add(t);
          reference = reference.plus(t);
        }
        expect(total.toFixed2()).toBe(reference.toFixed(2));
      }),
      { numRuns: 2000 },
    );
  });
});
