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
    expect(toDecimal(-1.5e-8).toString()).toBe('-0.000000015');
    expect(toDecimal(1e15).toString()).toBe('1000000000000000');
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
    // up to the limits (34 significant digits, 18 before the point, 20 after), every digit is kept
    expect(toDecimal('123456789012345678.1234567890123456').toFixed()).toBe('123456789012345678.1234567890123456');
    expect(toDecimal('-0.00000000000000000001').toFixed()).toBe('-0.00000000000000000001');
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
    const g = new DecimalJs('1.23456789012345678901');
    const d = toDecimal(g);
    expect(d.constructor).toBe(Decimal);
    expect(d.toString()).toBe('1.23456789012345678901');
    // computes with 40 digits, not the global 20
    expect(d.div(7).sd()).toBe(40);
    expect(g.div(7).sd()).toBe(20);
    expect(toDecimal(new DecimalJs('1e17')).toFixed()).toBe('1' + '0'.repeat(17));
    // the same limits as text: 10^30 is out of range
    expect(errorOf(() => toDecimal(new DecimalJs('1e30'))).code).toBe('value/limit');
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

describe('toDecimal numeric limits (NUMBER_LIMITS)', () => {
  it('keeps every digit within the limits and refuses beyond them with value/limit', () => {
    expect(toDecimal('999999999999999999').toFixed()).toBe('999999999999999999'); // 18 digits before the point
    expect(errorOf(() => toDecimal('1000000000000000000')).code).toBe('value/limit'); // 19
    expect(toDecimal(`0.${'1'.repeat(20)}`).toFixed()).toBe(`0.${'1'.repeat(20)}`); // 20 decimals
    expect(errorOf(() => toDecimal(`0.${'1'.repeat(21)}`)).code).toBe('value/limit');
    expect(toDecimal(`${'1'.repeat(17)}.${'1'.repeat(17)}`).toFixed()).toBe(`${'1'.repeat(17)}.${'1'.repeat(17)}`); // 34 significant
    expect(errorOf(() => toDecimal(`${'1'.repeat(17)}.${'1'.repeat(18)}`)).code).toBe('value/limit'); // 35
    // zeros that carry no value do not count
    expect(toDecimal(`000000${'9'.repeat(18)}.5000000000000000000000000`).toFixed()).toBe(`${'9'.repeat(18)}.5`);
  });

  it('refuses a 45-digit amount instead of rounding it in a sum', () => {
    const patient = `${'1'.repeat(38)}0700000.00`;
    const e = errorOf(() => toDecimal(patient, ['claim', 'patient']));
    expect(e.code).toBe('value/limit');
    expect(e.issues[0]!.path).toEqual(['claim', 'patient']);
    expect(e.issues[0]!.message).toMatch(/45 digits before the decimal point, at most 18/);
  });

  it('refuses a 10 MB digit string from its length, at once, with a short message', () => {
    const huge = '9'.repeat(10_000_000);
    expect(huge.charCodeAt(1)).toBe(57); // a flat string, as text read from a request is
    const started = performance.now();
    const e = errorOf(() => toDecimal(huge));
    expect(performance.now() - started).toBeLessThan(50);
    expect(e.code).toBe('value/limit');
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toMatch(/longer than 100 characters/);
  });

  it('measures the text before trimming: 100 characters with spaces is the most', () => {
    expect(toDecimal(`${' '.repeat(96)}12.5`).toString()).toBe('12.5');
    expect(errorOf(() => toDecimal(`${' '.repeat(97)}12.5`)).code).toBe('value/limit');
  });

  it('refuses JS numbers beyond ±MAX_SAFE_INTEGER (digits may be lost already): pass a string', () => {
    expect(toDecimal(Number.MAX_SAFE_INTEGER).toString()).toBe('9007199254740991');
    expect(toDecimal(-Number.MAX_SAFE_INTEGER).toString()).toBe('-9007199254740991');
    // 9007199254740993 arrives as 9007199254740992: refused, not read wrong
    // eslint-disable-next-line @typescript-eslint/no-loss-of-precision
    const e = errorOf(() => toDecimal(9007199254740993));
    expect(e.code).toBe('value/precision');
    expect(e.message).toMatch(/pass it as a decimal string/);
    for (const n of [2 ** 53, -(2 ** 53), 1e17, 999999999999999900]) expect(errorOf(() => toDecimal(n)).code, String(n)).toBe('value/precision');
    // beyond the range anyway (|value| ≥ 10^18): out of range, however it is written
    for (const n of [1e18, 1e21, 1e308, -1e308, Number.MAX_VALUE]) expect(errorOf(() => toDecimal(n)).code, String(n)).toBe('value/limit');
    expect(errorOf(() => toDecimal(1e308)).message).toMatch(/309 digits before the decimal point, at most 18/);
    expect(toDecimal('9007199254740993').toString()).toBe('9007199254740993');
  });

  it('refuses JS numbers with more than 20 decimals', () => {
    expect(toDecimal(1e-20).toFixed()).toBe(`0.${'0'.repeat(19)}1`);
    for (const n of [1e-21, 5e-324, -1.5e-300]) expect(errorOf(() => toDecimal(n)).code, String(n)).toBe('value/limit');
  });

  it('leaves decimals of its own clone as they are (computed values carry 40 digits)', () => {
    const third = new Decimal(1).div(3);
    expect(toDecimal(third)).toBe(third);
  });

  it('refuses a huge foreign decimal without printing it', () => {
    const huge = new DecimalJs(`1e${10_000_000}`);
    const e = errorOf(() => toDecimal(huge));
    expect(e.code).toBe('value/limit');
    expect(e.message.length).toBeLessThan(200);
  });

  it('quotes only a prefix of a huge string', () => {
    const text = 'x'.repeat(10_000_000);
    expect(text.charCodeAt(1)).toBe(120);
    const list = Array.from({ length: 100_000 }, () => ({ a: 'x'.repeat(100) }));
    const started = performance.now();
    expect(quoteValue(text)).toHaveLength(40);
    expect(quoteValue(list).length).toBeLessThanOrEqual(40);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
