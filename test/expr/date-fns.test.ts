import { describe, expect, it } from 'vitest';
import { DATE_FNS } from '../../src/period/date-functions';
import { formatDate, parseDate } from '../../src/period/date';

const d = (s: string) => parseDate(s);

describe('date builders', () => {
  it('returns the start and end of the year', () => {
    expect(formatDate(DATE_FNS.startOfYear(d('2025-06-15'), 0))).toBe('2025-01-01');
    expect(formatDate(DATE_FNS.endOfYear(d('2024-02-29'), 0))).toBe('2024-12-31');
  });

  it('adds months keeping the day, clamped to the end of shorter months', () => {
    expect(formatDate(DATE_FNS.addMonths(d('2025-01-31'), 1))).toBe('2025-02-28');
    expect(formatDate(DATE_FNS.addMonths(d('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatDate(DATE_FNS.addMonths(d('2025-03-15'), -15))).toBe('2023-12-15');
    expect(formatDate(DATE_FNS.addMonths(d('2022-01-01'), 36))).toBe('2025-01-01');
  });

  it('adds days across a leap day and reads year and month', () => {
    expect(formatDate(DATE_FNS.addDays(d('2024-02-28'), 2))).toBe('2024-03-01');
    expect(DATE_FNS.year(d('2025-12-31'), 0)).toBe(2025);
    expect(DATE_FNS.month(d('2025-12-31'), 0)).toBe(12);
  });
});
