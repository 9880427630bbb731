import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { Decimal } from '../../src/money/decimal';
import { isRoundingMode, round, ROUNDING_MODES, type RoundingMode } from '../../src/money/round';

const d = (s: string) => new Decimal(s);

/**
 * Expected results worked out by hand. Columns: value, places, then one result per mode.
 * Ties: 2.5 → between 2 and 3; 2.45 (1 place) → between 2.4 and 2.5; 0.005 (2 places) → between 0.00
 * and 0.01; 1.005 → between 1.00 and 1.01 (exact in decimal, unlike the double 1.005 = 1.00499…).
 * 'half-even' picks the even last digit: 2 (not 3), 2.4 (not 2.5), 0.00 (not 0.01), 1.00 (not 1.01), 4 for 3.5.
 */
const TABLE: readonly [string, number, Record<RoundingMode, string>][] = [
  ['2.5', 0, { 'half-up': '3', 'half-even': '2', 'half-down': '2', up: '3', down: '2', ceiling: '3', floor: '2' }],
  ['-2.5', 0, { 'half-up': '-3', 'half-even': '-2', 'half-down': '-2', up: '-3', down: '-2', ceiling: '-2', floor: '-3' }],
  ['3.5', 0, { 'half-up': '4', 'half-even': '4', 'half-down': '3', up: '4', down: '3', ceiling: '4', floor: '3' }],
  ['-3.5', 0, { 'half-up': '-4', 'half-even': '-4', 'half-down': '-3', up: '-4', down: '-3', ceiling: '-3', floor: '-4' }],
  ['2.45', 1, { 'half-up': '2.5', 'half-even': '2.4', 'half-down': '2.4', up: '2.5', down: '2.4', ceiling: '2.5', floor: '2.4' }],
  ['-2.45', 1, { 'half-up': '-2.5', 'half-even': '-2.4', 'half-down': '-2.4', up: '-2.5', down: '-2.4', ceiling: '-2.4', floor: '-2.5' }],
  ['0.005', 2, { 'half-up': '0.01', 'half-even': '0', 'half-down': '0', up: '0.01', down: '0', ceiling: '0.01', floor: '0' }],
  ['1.005', 2, { 'half-up': '1.01', 'half-even': '1', 'half-down': '1', up: '1.01', down: '1', ceiling: '1.01', floor: '1' }],
  ['-0.005', 2, { 'half-up': '-0.01', 'half-even': '0', 'half-down': '0', up: '-0.01', down: '0', ceiling: '0', floor: '-0.01' }],
  ['1.015', 2, { 'half-up': '1.02', 'half-even': '1.02', 'half-down': '1.01', up: '1.02', down: '1.01', ceiling: '1.02', floor: '1.01' }],
  // not ties
  ['2.51', 0, { 'half-up': '3', 'half-even': '3', 'half-down': '3', up: '3', down: '2', ceiling: '3', floor: '2' }],
  ['-2.51', 0, { 'half-up': '-3', 'half-even': '-3', 'half-down': '-3', up: '-3', down: '-2', ceiling: '-2', floor: '-3' }],
  ['2.4999', 0, { 'half-up': '2', 'half-even': '2', 'half-down': '2', up: '3', down: '2', ceiling: '3', floor: '2' }],
  ['-0.001', 2, { 'half-up': '0', 'half-even': '0', 'half-down': '0', up: '-0.01', down: '0', ceiling: '0', floor: '-0.01' }],
  // already exact: unchanged in every mode
  ['1.25', 2, { 'half-up': '1.25', 'half-even': '1.25', 'half-down': '1.25', up: '1.25', down: '1.25', ceiling: '1.25', floor: '1.25' }],
  ['-7', 0, { 'half-up': '-7', 'half-even': '-7', 'half-down': '-7', up: '-7', down: '-7', ceiling: '-7', floor: '-7' }],
  // negative places: 1250 to tens is exact; 1235 to tens is a tie between 1230 and 1240; 1250 to hundreds a tie between 1200 and 1300
  ['1235', -1, { 'half-up': '1240', 'half-even': '1240', 'half-down': '1230', up: '1240', down: '1230', ceiling: '1240', floor: '1230' }],
  ['-1250', -2, { 'half-up': '-1300', 'half-even': '-1200', 'half-down': '-1200', up: '-1300', down: '-1200', ceiling: '-1200', floor: '-1300' }],
  ['-4', -1, { 'half-up': '0', 'half-even': '0', 'half-down': '0', up: '-10', down: '0', ceiling: '0', floor: '-10' }],
];

describe('round', () => {
  for (const [value, places, expected] of TABLE) {
    for (const mode of ROUNDING_MODES) {
      it(`returns ${expected[mode]} for ${value} to ${places} places, ${mode}`, () => {
        const r = round(d(value), places, mode);
        expect(r.toString()).toBe(expected[mode]);
        // never a negative zero
        if (r.isZero()) expect(r.isNegative()).toBe(false);
        expect(r.constructor).toBe(Decimal);
      });
    }
  }

  it('defaults to half-up', () => {
    expect(round(d('2.345'), 2).toString()).toBe('2.35');
    expect(round(d('-2.345'), 2).toString()).toBe('-2.35');
  });

  it('rounds exactly beyond double precision', () => {
    // 1 + 5·10^-28: 'up' still sees the tiny excess (→ 1.01), half-even at 20 places drops it (→ 1)
    expect(round(d('1.0000000000000000000000000005'), 2, 'up').toString()).toBe('1.01');
    expect(round(d('1.0000000000000000000000000005'), 20, 'half-even').toString()).toBe('1');
    // 0.1 + 0.2 is exactly 0.3, so ceiling to 1 place stays 0.3 (with doubles it would be 0.4)
    expect(round(d('0.1').plus('0.2'), 1, 'ceiling').toString()).toBe('0.3');
  });

  it('converts a global decimal.js instance first', () => {
    const r = round(new DecimalJs('2.5') as unknown as Decimal, 0, 'half-even');
    expect(r.toString()).toBe('2');
    expect(r.constructor).toBe(Decimal);
  });

  it('rejects bad places and modes with eval/domain', () => {
    for (const places of [2.5, -21, 21, NaN, Infinity]) {
      expect(() => round(d('1'), places)).toThrowError(MinshengError);
      try {
        round(d('1'), places);
      } catch (e) {
        expect((e as MinshengError).code).toBe('eval/domain');
      }
    }
    try {
      round(d('1'), 2, 'HALF_UP' as RoundingMode);
      expect.unreachable();
    } catch (e) {
      expect((e as MinshengError).code).toBe('eval/domain');
      expect((e as MinshengError).message).toContain('half-even');
    }
    expect(() => round(d('1'), 2, 'toString' as RoundingMode)).toThrowError(MinshengError);
  });
});

describe('ROUNDING_MODES', () => {
  it('lists the seven modes', () => {
    expect([...ROUNDING_MODES].sort()).toEqual(['ceiling', 'down', 'floor', 'half-down', 'half-even', 'half-up', 'up']);
    expect(Object.isFrozen(ROUNDING_MODES)).toBe(true);
  });
});

describe('isRoundingMode', () => {
  it('recognises exactly the seven modes', () => {
    for (const m of ROUNDING_MODES) expect(isRoundingMode(m)).toBe(true);
    for (const m of ['HALF_UP', 'toString', '__proto__', '', 4, null]) expect(isRoundingMode(m)).toBe(false);
  });
});
