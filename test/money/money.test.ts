import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { Decimal } from '../../src/money/decimal';
import { formatMoney, parseMoney } from '../../src/money/money';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('parseMoney', () => {
  it('returns the exact amount for strings, numbers and decimals', () => {
    expect(parseMoney('1234.50').toString()).toBe('1234.5');
    expect(parseMoney(0.1).toString()).toBe('0.1');
    expect(parseMoney(' 88 ').toString()).toBe('88');
    expect(parseMoney(new Decimal('0.07')).toString()).toBe('0.07');
    expect(parseMoney(0).toString()).toBe('0');
    expect(parseMoney('-0.00').isNegative()).toBe(false);
  });

  it('rejects non-numbers with value/invalid-number', () => {
    expect(codeOf(() => parseMoney('12元'))).toBe('value/invalid-number');
    expect(codeOf(() => parseMoney(NaN))).toBe('value/invalid-number');
    expect(codeOf(() => parseMoney(null))).toBe('value/invalid-number');
    expect(codeOf(() => parseMoney('1e3'))).toBe('value/invalid-number');
  });

  it('rejects negative amounts unless allowNegative', () => {
    expect(codeOf(() => parseMoney('-5'))).toBe('value/negative');
    expect(codeOf(() => parseMoney(-0.01))).toBe('value/negative');
    expect(parseMoney('-5', { allowNegative: true }).toString()).toBe('-5');
  });

  it('rejects more decimals than places with value/precision', () => {
    expect(codeOf(() => parseMoney('0.125'))).toBe('value/precision');
    // 0.1 + 0.2 in doubles is 0.30000000000000004: 17 decimals, not silently rounded
    expect(codeOf(() => parseMoney(0.1 + 0.2))).toBe('value/precision');
    expect(codeOf(() => parseMoney('12.5', { places: 0 }))).toBe('value/precision');
    expect(parseMoney('0.125', { places: 3 }).toString()).toBe('0.125');
    // trailing zeros are not decimals of the value
    expect(parseMoney('1.2300000').toString()).toBe('1.23');
  });

  it('checks the sign before the precision', () => {
    expect(codeOf(() => parseMoney('-0.125'))).toBe('value/negative');
  });

  it('puts the path into the issue', () => {
    try {
      parseMoney('-1', { path: ['claim', 'totalCost'] });
      expect.unreachable();
    } catch (e) {
      expect((e as MinshengError).issues[0]?.path).toEqual(['claim', 'totalCost']);
      expect((e as MinshengError).message).toContain('"-1"');
      expect((e as MinshengError).message).toContain('claim.totalCost');
    }
  });

  it('rejects bad places with eval/domain', () => {
    expect(codeOf(() => parseMoney('1', { places: -1 }))).toBe('eval/domain');
    expect(codeOf(() => parseMoney('1', { places: 1.5 }))).toBe('eval/domain');
  });
});

describe('formatMoney', () => {
  it('prints fixed decimals, half-up', () => {
    expect(formatMoney(new Decimal('1234.5'))).toBe('1234.50');
    expect(formatMoney(new Decimal('2.345'))).toBe('2.35'); // tie → away from zero
    expect(formatMoney(new Decimal('-2.345'))).toBe('-2.35');
    expect(formatMoney(new Decimal('2.344999'))).toBe('2.34');
    expect(formatMoney(new Decimal('0'))).toBe('0.00');
    expect(formatMoney(new Decimal('7'), 0)).toBe('7');
    expect(formatMoney(new Decimal('7.5'), 0)).toBe('8');
    expect(formatMoney(new Decimal('0.1'), 4)).toBe('0.1000');
  });

  it('never prints a negative zero', () => {
    expect(formatMoney(new Decimal('-0.001'))).toBe('0.00');
    expect(formatMoney(new Decimal('-0.004999'))).toBe('0.00');
    expect(formatMoney(new Decimal('-0'))).toBe('0.00');
    expect(formatMoney(new Decimal('-0.4'), 0)).toBe('0');
    // -0.005 is a tie: half-up goes away from zero
    expect(formatMoney(new Decimal('-0.005'))).toBe('-0.01');
  });

  it('prints large amounts without exponent or separators', () => {
    expect(formatMoney(new Decimal('1e21'))).toBe('1000000000000000000000.00');
    expect(formatMoney(new Decimal('12345678901234.565'))).toBe('12345678901234.57');
  });

  it('round-trips with parseMoney', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
        const amount = new Decimal(fen.toString()).div(100);
        const text = formatMoney(amount);
        expect(parseMoney(text, { allowNegative: true }).eq(amount)).toBe(true);
        // the text is the integer fen with a decimal point two places from the right
        const abs = (fen < 0n ? -fen : fen).toString().padStart(3, '0');
        expect(text).toBe(`${fen < 0n ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`);
      }),
    );
  });
});

describe('parseMoney numeric limits', () => {
  function issueOf(fn: () => unknown) {
    try {
      fn();
    } catch (e) {
      if (e instanceof MinshengError) return e.issues[0]!;
      throw e;
    }
    throw new Error('expected a MinshengError');
  }

  it('refuses amounts beyond the limits instead of rounding them', () => {
    expect(codeOf(() => parseMoney(`${'1'.repeat(38)}0700000.00`))).toBe('value/limit');
    expect(codeOf(() => parseMoney('500.000000000000000000000001'))).toBe('value/limit');
    expect(codeOf(() => parseMoney('9'.repeat(10_000_000)))).toBe('value/limit');
    expect(parseMoney('999999999999999999.99').toFixed(2)).toBe('999999999999999999.99');
  });

  it('refuses a JS number beyond MAX_SAFE_INTEGER with value/precision, naming the way out', () => {
    const issue = issueOf(() => parseMoney(2 ** 53, { path: ['total'] }));
    expect(issue.code).toBe('value/precision');
    expect(issue.path).toEqual(['total']);
    expect(issue.message).toMatch(/decimal string/);
  });
});
