import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { UTCDate } from '@date-fns/utc';
import { addDays as addDaysFns } from 'date-fns/addDays';
import { addMonths as addMonthsFns } from 'date-fns/addMonths';
import { differenceInYears } from 'date-fns/differenceInYears';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { isLeapYear as isLeapYearFns } from 'date-fns/isLeapYear';
import {
  addDays,
  addMonths,
  ageOn,
  civilFromDay,
  dayFromCivil,
  dayFromCivilUnchecked,
  daysBetween,
  daysInMonth,
  endOfYear,
  formatDate,
  isCalendarDate,
  isLeapYear,
  MAX_DAY,
  MIN_DAY,
  minDaysInMonth,
  monthOf,
  monthsBetween,
  parseDate,
  startOfYear,
  yearOf,
  yearsBetween,
  todayInChina,
} from '../../src/period/date';

const p = parseDate;

function errorOf(fn: () => unknown): MinshengError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError');
}

/** Oracle: Date.UTC is time-zone independent. */
const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

/** Arbitrary real calendar date in the supported range, as fields. */
const civil = fc
  .record({ year: fc.integer({ min: 1900, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => ({ year, month, day: Math.min(day, daysInMonth(year, month)) }));
const anyDay = fc.integer({ min: MIN_DAY, max: MAX_DAY });

describe('parseDate', () => {
  it('returns days since 1970-01-01', () => {
    expect(p('1970-01-01')).toBe(0);
    expect(p('1970-01-02')).toBe(1);
    expect(p('1969-12-31')).toBe(-1);
    // 55 years × 365 + 14 leap days (1972…2024) = 20089
    expect(p('2025-01-01')).toBe(20089);
    // 2025-01-01 + 31 + 28 + 31 = 2025-04-01
    expect(p('2025-04-01')).toBe(20179);
    expect(p('2024-02-29')).toBe(19782);
  });

  it('accepts the range limits', () => {
    expect(p('1900-01-01')).toBe(MIN_DAY);
    expect(p('2200-12-31')).toBe(MAX_DAY);
    expect(MIN_DAY).toBe(-25567);
    expect(MAX_DAY).toBe(84370);
  });

  it('agrees with Date.UTC on random dates', () => {
    fc.assert(
      fc.property(civil, ({ year, month, day }) => {
        const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(p(text)).toBe(utcDay(year, month, day));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles leap years of the Gregorian calendar', () => {
    expect(p('2000-02-29')).toBe(utcDay(2000, 2, 29));
    expect(errorOf(() => p('1900-02-29')).code).toBe('value/invalid-date');
    expect(errorOf(() => p('2100-02-29')).code).toBe('value/invalid-date');
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-04-00',
    '2025-4-1',
    '2025-04-1',
    '2025/04/01',
    '20250401',
    ' 2025-04-01',
    '2025-04-01 ',
    '2025-04-01T00:00:00Z',
    '+202-04-01',
    '2025-0a-01',
    '２０２５-04-01',
    '1899-12-31',
    '2201-01-01',
    '0000-01-01',
    '',
  ])('rejects %j with value/invalid-date', (text) => {
    expect(errorOf(() => p(text)).code).toBe('value/invalid-date');
  });

  it.each([20250401, null, undefined, new Date(0), {}, 0])('rejects the non-string %s', (value) => {
    expect(errorOf(() => p(value)).code).toBe('value/invalid-date');
  });

  it('says what is wrong and where', () => {
    const e = errorOf(() => p('2025-02-29', ['members', 0, 'birthDate']));
    expect(e.issues[0]?.path).toEqual(['members', 0, 'birthDate']);
    expect(e.message).toContain('"2025-02-29"');
    expect(e.message).toContain('28 days');
    expect(e.message).toContain('members[0].birthDate');
  });
});

describe('formatDate', () => {
  it('prints YYYY-MM-DD', () => {
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(-1)).toBe('1969-12-31');
    expect(formatDate(20179)).toBe('2025-04-01');
    expect(formatDate(MIN_DAY)).toBe('1900-01-01');
    expect(formatDate(MAX_DAY)).toBe('2200-12-31');
  });

  it('round-trips with parseDate for every day of the supported range', () => {
    for (let day = MIN_DAY; day <= MAX_DAY; day++) {
      const text = formatDate(day);
      if (p(text) !== day) expect(`${day} → ${text} → ${p(text)}`).toBe('round trip');
    }
  });

  it('rejects non-integers', () => {
    expect(errorOf(() => formatDate(1.5)).code).toBe('value/invalid-date');
    expect(errorOf(() => formatDate(NaN)).code).toBe('value/invalid-date');
    // Also right after the day that shares their table slot was printed (the kept texts never answer them).
    formatDate(1);
    expect(errorOf(() => formatDate(1.5)).code).toBe('value/invalid-date');
    expect(errorOf(() => formatDate('1' as unknown as number)).code).toBe('value/invalid-date');
    for (const bad of [Symbol('day'), 1n, {}, null, undefined]) expect(errorOf(() => formatDate(bad as unknown as number)).code).toBe('value/invalid-date');
  });

  it('prints the same text for a day whether its text was kept or not: days that share a slot, in any order', () => {
    // Days 512 apart share formatDate's table slot; each printed after the other must still be its own.
    const days = [0, 512, -512, 20179, 20179 + 512, 20179 - 512 * 40, MIN_DAY, MAX_DAY, -1, 511];
    const byDateFns = (day: number) => new UTCDate(day * 86_400_000).toISOString().slice(0, 10);
    for (let pass = 0; pass < 3; pass++) for (const day of days) expect(formatDate(day), `${day}`).toBe(byDateFns(day));
    fc.assert(fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), fc.integer({ min: -3, max: 3 }), (day, k) => {
      expect(formatDate(day)).toBe(byDateFns(day));
      const other = Math.min(MAX_DAY, Math.max(MIN_DAY, day + k * 512));
      expect(formatDate(other)).toBe(byDateFns(other));
      expect(formatDate(day)).toBe(byDateFns(day));
    }), { numRuns: 3000 });
    expect(formatDate(-0)).toBe('1970-01-01');
  });
});

describe('dayFromCivil / civilFromDay', () => {
  it('convert both ways', () => {
    expect(dayFromCivil(2025, 4, 1)).toBe(20179);
    expect(civilFromDay(20179)).toEqual({ year: 2025, month: 4, day: 1 });
    expect(civilFromDay(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it('checks the date', () => {
    expect(errorOf(() => dayFromCivil(2025, 2, 29)).code).toBe('value/invalid-date');
    expect(errorOf(() => dayFromCivil(2025, 13, 1)).code).toBe('value/invalid-date');
    expect(errorOf(() => dayFromCivil(2201, 1, 1)).code).toBe('value/invalid-date');
    expect(errorOf(() => dayFromCivil(2025, 1.5, 1)).code).toBe('value/invalid-date');
  });

  it('unchecked conversion works outside the range', () => {
    // 2201-04-01 − 1 = 2201-03-31
    expect(formatDate(dayFromCivilUnchecked(2201, 4, 1) - 1)).toBe('2201-03-31');
    expect(dayFromCivilUnchecked(1600, 3, 1)).toBe(utcDay(1600, 3, 1));
  });

  it('agree with Date.UTC far outside the range too', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_000_000, max: 3_000_000 }), (day) => {
        const c = civilFromDay(day);
        const date = new Date(day * 86_400_000);
        expect([c.year, c.month, c.day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(dayFromCivilUnchecked(c.year, c.month, c.day)).toBe(day);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isLeapYear / daysInMonth', () => {
  it('follow the Gregorian rules', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});

describe('ageOn', () => {
  it('returns whole years, one more on the birthday', () => {
    expect(ageOn(p('2000-06-15'), p('2025-06-14'))).toBe(24);
    expect(ageOn(p('2000-06-15'), p('2025-06-15'))).toBe(25);
    expect(ageOn(p('2000-06-15'), p('2000-06-15'))).toBe(0);
    expect(ageOn(p('1960-12-31'), p('2025-01-01'))).toBe(64);
  });

  it('makes a 29 February birthday one year older on 1 March in non-leap years', () => {
    expect(ageOn(p('2004-02-29'), p('2025-02-28'))).toBe(20);
    expect(ageOn(p('2004-02-29'), p('2025-03-01'))).toBe(21);
    // in leap years on 29 February
    expect(ageOn(p('2004-02-29'), p('2024-02-28'))).toBe(19);
    expect(ageOn(p('2004-02-29'), p('2024-02-29'))).toBe(20);
  });

  it('agrees with a field-by-field reference', () => {
    fc.assert(
      fc.property(anyDay, anyDay, (x, y) => {
        const [b, o] = x <= y ? [x, y] : [y, x];
        const cb = civilFromDay(b);
        const co = civilFromDay(o);
        let age = co.year - cb.year;
        if (co.month < cb.month || (co.month === cb.month && co.day < cb.day)) age--;
        expect(ageOn(b, o)).toBe(age);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a date before the birth date', () => {
    const e = errorOf(() => ageOn(p('2021-01-01'), p('2020-12-31')));
    expect(e.code).toBe('value/invalid-date');
    expect(e.message).toContain('2021-01-01');
    expect(e.message).toContain('2020-12-31');
  });
});

describe('daysBetween', () => {
  it('returns b − a', () => {
    expect(daysBetween(p('2024-02-28'), p('2024-03-01'))).toBe(2); // 2024-02-29 exists
    expect(daysBetween(p('2025-02-28'), p('2025-03-01'))).toBe(1);
    expect(daysBetween(p('2025-01-10'), p('2025-01-01'))).toBe(-9);
    expect(daysBetween(p('2025-01-01'), p('2026-01-01'))).toBe(365);
  });

  it('rejects non-integers', () => {
    expect(errorOf(() => daysBetween(0.5, 1)).code).toBe('value/invalid-date');
  });
});

describe('monthsBetween', () => {
  it('counts whole months', () => {
    expect(monthsBetween(p('2025-01-15'), p('2025-07-14'))).toBe(5);
    expect(monthsBetween(p('2025-01-15'), p('2025-07-15'))).toBe(6);
    expect(monthsBetween(p('2024-12-01'), p('2025-01-01'))).toBe(1);
    expect(monthsBetween(p('2025-01-01'), p('2025-01-31'))).toBe(0);
    expect(monthsBetween(p('2020-03-10'), p('2025-03-10'))).toBe(60);
  });

  it('completes a month from a 31st on the 1st after a short month', () => {
    expect(monthsBetween(p('2025-01-31'), p('2025-02-28'))).toBe(0);
    expect(monthsBetween(p('2025-01-31'), p('2025-03-01'))).toBe(1);
    expect(monthsBetween(p('2025-01-31'), p('2025-03-30'))).toBe(1);
    expect(monthsBetween(p('2025-01-31'), p('2025-03-31'))).toBe(2);
  });

  it('is antisymmetric and negative backwards', () => {
    expect(monthsBetween(p('2025-07-15'), p('2025-01-15'))).toBe(-6);
    expect(monthsBetween(p('2025-07-14'), p('2025-01-15'))).toBe(-5);
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        const m = monthsBetween(a, b);
        expect(m).toBe(0 - monthsBetween(b, a));
        expect(Object.is(m, -0)).toBe(false);
        expect(Object.is(yearsBetween(a, b), -0)).toBe(false);
      }),
    );
  });

  it('agrees with yearsBetween and ageOn', () => {
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        expect(yearsBetween(a, b)).toBe(Math.trunc(monthsBetween(a, b) / 12) + 0); // + 0: trunc(-1/12) is -0
        if (a <= b) expect(yearsBetween(a, b)).toBe(ageOn(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('yearsBetween', () => {
  it('counts whole years, signed', () => {
    expect(yearsBetween(p('2020-03-01'), p('2025-02-28'))).toBe(4);
    expect(yearsBetween(p('2020-03-01'), p('2025-03-01'))).toBe(5);
    expect(yearsBetween(p('2025-03-01'), p('2020-03-01'))).toBe(-5);
    expect(yearsBetween(p('2025-02-28'), p('2020-03-01'))).toBe(-4);
  });
});

describe('addDays', () => {
  it('adds calendar days', () => {
    expect(formatDate(addDays(p('2024-02-28'), 1))).toBe('2024-02-29');
    expect(formatDate(addDays(p('2025-03-01'), -1))).toBe('2025-02-28');
  });
});

describe('time zone independence', () => {
  it('gives the same results whatever process.env.TZ says', () => {
    const before = process.env.TZ;
    try {
      const results: string[] = [];
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        results.push(
          JSON.stringify([p('2025-03-09'), formatDate(20156), ageOn(p('2004-02-29'), p('2025-03-01')), monthsBetween(p('2025-01-31'), p('2025-03-01'))]),
        );
      }
      expect(new Set(results).size).toBe(1);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

// ───────────────────────────── date-fns is the calendar ─────────────────────────────

/** date-fns oracles on UTC dates: the day number ↔ UTCDate conversion is plain milliseconds. */
const toUtc = (day: number) => new UTCDate(day * 86_400_000);
const fromUtc = (date: Date) => Math.floor(date.getTime() / 86_400_000);
/** Any day a JavaScript date holds comfortably, far outside the supported range too (years −6244 … 10183). */
const farDay = fc.integer({ min: -3_000_000, max: 3_000_000 });

describe('the calendar comes from date-fns', () => {
  it('daysInMonth and isLeapYear agree with date-fns for every month of 1899–2201 and far outside', () => {
    const years = [...Array.from({ length: 2201 - 1899 + 1 }, (_, i) => 1899 + i), 1, 4, 99, 100, 400, 1582, 1600, 1700, 2400, 2500, 9999];
    for (const year of years) {
      const utcYear = new UTCDate(0);
      utcYear.setFullYear(year, 0, 1);
      if (isLeapYear(year) !== isLeapYearFns(utcYear)) expect(`isLeapYear(${year})`).toBe('as date-fns');
      for (let month = 1; month <= 12; month++) {
        const first = new UTCDate(0);
        first.setFullYear(year, month - 1, 1);
        if (daysInMonth(year, month) !== getDaysInMonth(first)) expect(`daysInMonth(${year}, ${month})`).toBe('as date-fns');
      }
    }
  });

  it('ageOn and yearsBetween agree with date-fns differenceInYears', () => {
    fc.assert(
      fc.property(fc.oneof(anyDay, farDay), fc.oneof(anyDay, farDay), (a, b) => {
        expect(yearsBetween(a, b)).toBe(differenceInYears(toUtc(b), toUtc(a)));
        if (a <= b) expect(ageOn(a, b)).toBe(differenceInYears(toUtc(b), toUtc(a)));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with date-fns on every 29 February birthday from 1904 to 2196, around every 28 Feb – 1 Mar', () => {
    for (let birthYear = 1904; birthYear <= 2196; birthYear += 4) {
      if (!isLeapYear(birthYear)) continue;
      const birth = dayFromCivil(birthYear, 2, 29);
      for (let year = birthYear; year <= 2200; year++) {
        for (const on of [dayFromCivil(year, 2, 28), dayFromCivil(year, 3, 1) - 1, dayFromCivil(year, 3, 1)].filter((d) => d >= birth)) {
          const age = ageOn(birth, on);
          if (age !== differenceInYears(toUtc(on), toUtc(birth))) expect(`ageOn(${formatDate(birth)}, ${formatDate(on)}) = ${age}`).toBe('as date-fns');
        }
      }
    }
  });

  it('monthsBetween is whole calendar months by the day of the month, in and far outside the supported range', () => {
    fc.assert(
      fc.property(fc.oneof(anyDay, farDay), fc.oneof(anyDay, farDay), (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const ca = civilFromDay(a);
        const cb = civilFromDay(b);
        const months = (cb.year - ca.year) * 12 + (cb.month - ca.month) - (cb.day < ca.day ? 1 : 0);
        expect(monthsBetween(a, b)).toBe(months);
        expect(monthsBetween(b, a)).toBe(0 - months);
      }),
      { numRuns: 3000 },
    );
  });

  it('addDays agrees with date-fns addDays', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -40_000, max: 40_000 }), (day, n) => {
        expect(addDays(day, n)).toBe(fromUtc(addDaysFns(toUtc(day), n)));
      }),
    );
  });
});

describe('addMonths', () => {
  it('keeps the day of the month, clamped to the end of a shorter month', () => {
    expect(formatDate(addMonths(p('2025-01-31'), 1))).toBe('2025-02-28');
    expect(formatDate(addMonths(p('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatDate(addMonths(p('2024-02-29'), 12))).toBe('2025-02-28');
    expect(formatDate(addMonths(p('2024-02-29'), 48))).toBe('2028-02-29');
    expect(formatDate(addMonths(p('2025-03-31'), -1))).toBe('2025-02-28');
    expect(formatDate(addMonths(p('2025-03-15'), -15))).toBe('2023-12-15');
    expect(formatDate(addMonths(p('2022-01-01'), 36))).toBe('2025-01-01');
    expect(formatDate(addMonths(p('2025-05-20'), 0))).toBe('2025-05-20');
  });

  it('agrees with date-fns addMonths', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY + 3000, max: MAX_DAY - 3000 }), fc.integer({ min: -96, max: 96 }), (day, n) => {
        expect(addMonths(day, n)).toBe(fromUtc(addMonthsFns(toUtc(day), n)));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a result outside the supported range and a fractional count', () => {
    expect(errorOf(() => addMonths(p('2200-12-15'), 1)).code).toBe('value/invalid-date');
    expect(errorOf(() => addMonths(p('1900-01-15'), -1)).code).toBe('value/invalid-date');
    expect(errorOf(() => addMonths(p('2025-01-15'), 1.5)).code).toBe('value/invalid-date');
  });
});

describe('startOfYear / endOfYear / yearOf / monthOf', () => {
  it('return 1 January and 31 December of the year, the year and the month', () => {
    expect(formatDate(startOfYear(p('2025-06-15')))).toBe('2025-01-01');
    expect(formatDate(startOfYear(p('2025-01-01')))).toBe('2025-01-01');
    expect(formatDate(endOfYear(p('2024-02-29')))).toBe('2024-12-31');
    expect(formatDate(endOfYear(p('2024-12-31')))).toBe('2024-12-31');
    expect(formatDate(startOfYear(MAX_DAY))).toBe('2200-01-01');
    expect(formatDate(endOfYear(MIN_DAY))).toBe('1900-12-31');
    expect([yearOf(p('2025-12-31')), monthOf(p('2025-12-31'))]).toEqual([2025, 12]);
    expect([yearOf(-1), monthOf(-1)]).toEqual([1969, 12]);
  });

  it('agree with the calendar fields on every day', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const c = civilFromDay(day);
        expect(startOfYear(day)).toBe(dayFromCivil(c.year, 1, 1));
        expect(endOfYear(day)).toBe(dayFromCivil(c.year, 12, 31));
        expect([yearOf(day), monthOf(day)]).toEqual([c.year, c.month]);
      }),
      { numRuns: 2000 },
    );
  });

  it('reject a year outside the supported range', () => {
    expect(errorOf(() => endOfYear(dayFromCivilUnchecked(1899, 6, 1))).code).toBe('value/invalid-date');
    expect(errorOf(() => startOfYear(dayFromCivilUnchecked(2201, 6, 1))).code).toBe('value/invalid-date');
    expect(errorOf(() => startOfYear(dayFromCivilUnchecked(3000, 6, 1))).code).toBe('value/invalid-date');
  });
});

describe('isCalendarDate / minDaysInMonth / daysInMonth outside the table', () => {
  it('isCalendarDate accepts real YYYY-MM-DD dates of years 0001–9999, in or out of the supported range', () => {
    expect(['2024-02-29', '2000-02-29', '1600-02-29', '0004-02-29', '0001-01-01', '9999-12-31', '1899-12-31'].map(isCalendarDate)).toEqual(Array(7).fill(true));
    expect(['2025-02-29', '1900-02-29', '1700-02-29', '0000-01-01', '2025-04-31', '2025-1-1', '2025-01-01T00:00:00Z', 20250101, null].map(isCalendarDate)).toEqual(Array(9).fill(false));
  });

  it('minDaysInMonth is the length of the month in every year', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(minDaysInMonth)).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(errorOf(() => minDaysInMonth(13)).code).toBe('value/invalid-date');
  });

  it('daysInMonth works for any year and rejects a month that does not exist', () => {
    expect([daysInMonth(1600, 2), daysInMonth(1700, 2), daysInMonth(2400, 2), daysInMonth(4, 2), daysInMonth(3, 2)]).toEqual([29, 28, 29, 29, 28]);
    expect(errorOf(() => daysInMonth(2025, 13)).code).toBe('value/invalid-date');
    expect(errorOf(() => daysInMonth(2025, 0)).code).toBe('value/invalid-date');
  });

  it('day numbers beyond what a JavaScript date holds are rejected, not garbled', () => {
    expect(civilFromDay(100_000_000)).toEqual({ year: 275760, month: 9, day: 13 });
    expect(errorOf(() => civilFromDay(100_000_001)).code).toBe('value/invalid-date');
    expect(errorOf(() => ageOn(0, 1e12)).code).toBe('value/invalid-date');
  });
});

describe('todayInChina', () => {
  it('returns the calendar day in China (UTC+8), a day ahead of UTC before 08:00 UTC', () => {
    // 2025-01-31 23:30 UTC is 2025-02-01 07:30 in Beijing.
    expect(formatDate(todayInChina(Date.UTC(2025, 0, 31, 23, 30)))).toBe('2025-02-01');
    // 2025-02-01 15:59 UTC is 23:59 the same day in Beijing.
    expect(formatDate(todayInChina(Date.UTC(2025, 1, 1, 15, 59)))).toBe('2025-02-01');
    expect(formatDate(todayInChina(Date.UTC(2025, 1, 1, 16, 0)))).toBe('2025-02-02');
  });
});
