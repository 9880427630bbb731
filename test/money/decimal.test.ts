import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { Decimal, isOwnDecimal, quoteValue, toDecimal } from '../../src/money/decimal';

function errorOf(fn: () => unknown): MinshengError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError');
}

describe('Decimal', () => {
  it('is a private clone: the global decimal.js configuration is untouched', () => {
    expect(Decimal).not.toBe(DecimalJs);
    expect(Decimal.precision).toBe(40);
    expect(Decimal.rounding).toBe(DecimalJs.ROUND_HALF_UP);
    expect(DecimalJs.precision).toBe(20); // decimal.js default
  });

  it('returns instances that are instanceof Decimal (and of the global decimal.js)', () => {
    const d = new Decimal('1.5');
    expect(d instanceof Decimal).toBe(true);
    expect(d instanceof DecimalJs).toBe(true);
    expect(d.constructor).toBe(Decimal);
  });

  it('computes with 40 significant digits', () => {
    // 1/3 to 40 significant digits
    expect(new Decimal(1).div(3).toString()).toBe(`0.${'3'.repeat(40)}`);
  });

  it('prints plain notation for large and small magnitudes', () => {
    expect(new Decimal('1e21').toString()).toBe('1000000000000000000000');
    expect(new Decimal('1e-7').toString()).toBe('0.0000001');
  });
});

describe('toDecimal', () => {
  it('returns numbers through String(n), so 0.1 stays 0.1', () => {
    expect(toDecimal(0.1).toString()).toBe('0.1');
    // 0.1 + 0.2 = 0.3 exactly in decimal (0.30000000000000004 in binary)
    expect(toDecimal(0.1).plus(toDecimal(0.2)).toString()).toBe('0.3');
    expect(toDecimal(-12.5).toString()).toBe('-12.5');
    expect(toDecimal(1234567890123).toString()).toBe('1234567890123');
  });

  it('converts numbers in exponent notation exactly from their shortest text', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(toDecimal(1e-7).toString()).toBe('0.0000001');
    expect(toDecimal(1e21).toString()).toBe('1000000000000000000000');
    expect(toDecimal(-1.5e-8).toString()).toBe('-0.000000015');
  });

  it('returns positive zero for -0 and "-0.00"', () => {
    expect(toDecimal(-0).isNegative()).toBe(false);
    expect(toDecimal('-0.00').isNegative()).toBe(false);
    expect(toDecimal('-0.00').isZero()).toBe(true);
  });

  it('accepts plain decimal strings after trimming', () => {
    expect(toDecimal('  12.50 ').toString()).toBe('12.5');
    expect(toDecimal('+3').toString()).toBe('3');
    expect(toDecimal('-0.001').toString()).toBe('-0.001');
    expect(toDecimal('007').toString()).toBe('7');
    // more digits than the precision are kept exactly
    expect(toDecimal('12345678901234567890123456789012345678901234.5').toFixed()).toBe(
      '12345678901234567890123456789012345678901234.5',
    );
  });

  it.each([
    '',
    '   ',
    'abc',
    '1e5',
    '1E5',
    '1_000',
    '1,000',
    '.5',
    '5.',
    '--1',
    '+-1',
    '0x10',
    'Infinity',
    'NaN',
    '１２３',
    '1 000',
  ])('rejects the string %j with value/invalid-number', (text) => {
    expect(errorOf(() => toDecimal(text)).code).toBe('value/invalid-number');
  });

  it.each([NaN, Infinity, -Infinity, null, undefined, true, {}, [], 10n, () => 1, Symbol('x')])(
    'rejects %s with value/invalid-number',
    (value) => {
      expect(errorOf(() => toDecimal(value)).code).toBe('value/invalid-number');
    },
  );

  it('returns its own Decimal instances unchanged', () => {
    const d = new Decimal('2.5');
    expect(toDecimal(d)).toBe(d);
  });

  it('converts global decimal.js instances to the clone via toString', () => {
    const g = new DecimalJs('1.23456789012345678901234567890');
    const d = toDecimal(g);
    expect(d.constructor).toBe(Decimal);
    expect(d.toString()).toBe('1.2345678901234567890123456789');
    // computes with 40 digits, not the global 20
    expect(d.div(3).toString()).toBe('0.4115226300411522630041152263');
    expect(toDecimal(new DecimalJs('1e30')).toFixed()).toBe('1' + '0'.repeat(30));
  });

  it('rejects NaN and infinite decimal instances', () => {
    expect(errorOf(() => toDecimal(new Decimal(NaN))).code).toBe('value/invalid-number');
    expect(errorOf(() => toDecimal(new DecimalJs(Infinity))).code).toBe('value/invalid-number');
  });

  it('puts the path in the issue and quotes the value in the message', () => {
    const e = errorOf(() => toDecimal('12,5', ['members', 2, 'income']));
    expect(e.issues[0]?.path).toEqual(['members', 2, 'income']);
    expect(e.issues[0]?.message).toContain('"12,5"');
    expect(e.message).toContain('members[2].income');
  });

  it('cuts the quoted value to 40 characters', () => {
    const long = 'x'.repeat(100);
    const e = errorOf(() => toDecimal(long));
    const quoted = quoteValue(long);
    expect(quoted.length).toBe(40);
    expect(quoted.endsWith('…')).toBe(true);
    expect(e.issues[0]?.message).toContain(quoted);
    expect(e.issues[0]?.message).not.toContain('x'.repeat(41));
  });
});

describe('quoteValue', () => {
  it('renders values of every kind', () => {
    expect(quoteValue('a"b')).toBe('"a\\"b"');
    expect(quoteValue(NaN)).toBe('NaN');
    expect(quoteValue(undefined)).toBe('undefined');
    expect(quoteValue(null)).toBe('null');
    expect(quoteValue({ a: 1 })).toBe('{"a":1}');
    expect(quoteValue(5n)).toBe('5n');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(quoteValue(circular)).toBe('[object Object]');
  });
});

describe('isOwnDecimal', () => {
  it('is true only for finite decimals made by the clone', () => {
    expect(isOwnDecimal(new Decimal(1))).toBe(true);
    expect(isOwnDecimal(new DecimalJs(1))).toBe(false);
    expect(isOwnDecimal(new Decimal(NaN))).toBe(false);
    expect(isOwnDecimal(1)).toBe(false);
  });
});
