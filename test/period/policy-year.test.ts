import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { formatDate, MAX_DAY, MIN_DAY, parseDate as p } from '../../src/period/date';
import { CALENDAR_YEAR, policyYearOf, type PolicyYear } from '../../src/period/policy-year';

const show = (y: PolicyYear) => [formatDate(y.start), formatDate(y.end), y.label];
const SHANGHAI = { month: 4, day: 1 }; // Shanghai 2003-style 1 April – 31 March

describe('policyYearOf', () => {
  it('returns the calendar year by default', () => {
    expect(show(policyYearOf(p('2025-06-01')))).toEqual(['2025-01-01', '2025-12-31', '2025']);
    expect(show(policyYearOf(p('2025-01-01')))).toEqual(['2025-01-01', '2025-12-31', '2025']);
    expect(show(policyYearOf(p('2024-12-31')))).toEqual(['2024-01-01', '2024-12-31', '2024']);
    expect(show(policyYearOf(p('2025-06-01'), CALENDAR_YEAR))).toEqual(['2025-01-01', '2025-12-31', '2025']);
  });

  it('returns 1 April – 31 March years labelled 2003/04 for a 1 April start', () => {
    expect(show(policyYearOf(p('2003-04-01'), SHANGHAI))).toEqual(['2003-04-01', '2004-03-31', '2003/04']);
    expect(show(policyYearOf(p('2003-12-31'), SHANGHAI))).toEqual(['2003-04-01', '2004-03-31', '2003/04']);
    // 2004 is a leap year: 29 February belongs to the year that started in April 2003
    expect(show(policyYearOf(p('2004-02-29'), SHANGHAI))).toEqual(['2003-04-01', '2004-03-31', '2003/04']);
    expect(show(policyYearOf(p('2004-03-31'), SHANGHAI))).toEqual(['2003-04-01', '2004-03-31', '2003/04']);
    expect(show(policyYearOf(p('2003-03-31'), SHANGHAI))).toEqual(['2002-04-01', '2003-03-31', '2002/03']);
  });

  it('pads the short end year and wraps at centuries', () => {
    expect(policyYearOf(p('2009-05-01'), SHANGHAI).label).toBe('2009/10');
    expect(policyYearOf(p('2099-05-01'), SHANGHAI).label).toBe('2099/00');
    expect(policyYearOf(p('1999-07-01'), { month: 7, day: 1 }).label).toBe('1999/00');
  });

  it('works at the ends of the supported range', () => {
    expect(show(policyYearOf(MAX_DAY, SHANGHAI))).toEqual(['2200-04-01', '2201-03-31', '2200/01']);
    expect(show(policyYearOf(MIN_DAY, SHANGHAI))).toEqual(['1899-04-01', '1900-03-31', '1899/00']);
  });

  it('property: the year contains the day and lasts 365 or 366 days; the next starts the day after', () => {
    const start = fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY - 400 }), start, (day, s) => {
        const y = policyYearOf(day, s);
        expect(y.start <= day && day <= y.end).toBe(true);
        expect([365, 366]).toContain(y.end - y.start + 1);
        const next = policyYearOf(y.end + 1, s);
        expect(next.start).toBe(y.end + 1);
        expect(formatDate(y.start).slice(5)).toBe(`${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    { month: 2, day: 29 },
    { month: 4, day: 31 },
    { month: 13, day: 1 },
    { month: 0, day: 1 },
    { month: 1, day: 0 },
    { month: 1.5, day: 1 },
  ])('rejects the start %o with value/invalid-date', (s) => {
    try {
      policyYearOf(p('2025-01-01'), s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MinshengError);
      expect((e as MinshengError).code).toBe('value/invalid-date');
    }
  });
});
