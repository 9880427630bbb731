/**
 * Values in force over time: a parameter (e.g. a deductible) has successive values, each from a date.
 */
import { type Issue, MinshengError } from '../errors';
import { type DayNumber, formatDate } from './date';

/**
 * One value of a parameter and the days it is in force: from `from` through `until` (inclusive), or, without
 * `until`, through the day before the next value's `from` (the last one: indefinitely).
 *
 * @example
 * const v: DatedValue<string> = { from: parseDate('2025-01-01'), value: '1200', source: 'gs-2025-12' };
 */
export interface DatedValue<T> {
  /** First day in force. */
  readonly from: DayNumber;
  /** Last day in force, inclusive. */
  readonly until?: DayNumber;
  readonly value: T;
  /** Citation id of the source that set this value. */
  readonly source?: string;
  /** Ruleset layer that declared this value (`id@version`). */
  readonly layer?: string;
}

/**
 * Where a timeline comes from, copied into its issues.
 *
 * @example
 * new Timeline('deductible', values, { file: 'gansu.yaml', path: ['parameters', 'deductible', 'values'] });
 */
export interface TimelineLocation {
  readonly file?: string;
  readonly path?: NonNullable<Issue['path']>;
}

function show(day: DayNumber): string {
  try {
    return formatDate(day);
  } catch {
    return `day ${String(day)}`;
  }
}

/**
 * The values of one parameter over time, sorted by `from`, checked not to overlap, with an O(log n),
 * allocation-free lookup of the value in force on a day.
 *
 * The entries are kept by reference (not copied) and must not be mutated after construction.
 *
 * @example
 * const deductible = new Timeline('deductible', [
 *   { from: parseDate('2025-01-01'), value: '1000' },
 *   { from: parseDate('2023-01-01'), until: parseDate('2023-12-31'), value: '1200' },
 * ]);
 * deductible.at(parseDate('2023-06-01'))?.value; // '1200'
 * deductible.at(parseDate('2024-06-01'));        // undefined (gap: 2024 has no value)
 * deductible.at(parseDate('2030-01-01'))?.value; // '1000' (the last value has no end)
 */
export class Timeline<T> {
  /** Name of the parameter, used in messages. */
  readonly name: string;
  /** The values sorted by `from` (frozen array). */
  readonly values: readonly DatedValue<T>[];
  /** `from` of each value, ascending. */
  readonly #froms: Float64Array;
  /** Last day in force of each value (inclusive; `Infinity` for the open last value). */
  readonly #ends: Float64Array;

  /**
   * @throws MinshengError `ruleset/timeline` when two values overlap (same `from`, or an explicit `until`
   *   on or after the next value's `from`), when `until` is before `from`, or a day is not an integer.
   *   The message names the parameter and the dates; all problems are reported at once.
   */
  constructor(name: string, values: readonly DatedValue<T>[], location?: TimelineLocation) {
    this.name = name;
    const where: { file?: string; path?: NonNullable<Issue['path']> } = {};
    if (location?.file !== undefined) where.file = location.file;
    if (location?.path !== undefined) where.path = location.path;
    const issues: Issue[] = [];
    for (const v of values) {
      if (!Number.isSafeInteger(v.from) || (v.until !== undefined && !Number.isSafeInteger(v.until))) {
        issues.push({
          code: 'ruleset/timeline',
          message: `Parameter "${name}": a value has a from/until that is not a day number (from ${String(v.from)}, until ${String(v.until)})`,
          ...where,
          ...(v.source !== undefined ? { source: v.source } : {}),
        });
      } else if (v.until !== undefined && v.until < v.from) {
        issues.push({
          code: 'ruleset/timeline',
          message: `Parameter "${name}": the value from ${show(v.from)} ends (until ${show(v.until)}) before it starts`,
          ...where,
          ...(v.source !== undefined ? { source: v.source } : {}),
        });
      }
    }
    if (issues.length > 0) throw new MinshengError(issues);
    const sorted = [...values].sort((a, b) => a.from - b.from);
    const n = sorted.length;
    const froms = new Float64Array(n);
    const ends = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const cur = sorted[i]!;
      const next = sorted[i + 1];
      froms[i] = cur.from;
      if (next !== undefined) {
        if (next.from === cur.from) {
          issues.push({
            code: 'ruleset/timeline',
            message: `Parameter "${name}": two values start on the same day ${show(cur.from)}`,
            ...where,
          });
        } else if (cur.until !== undefined && cur.until >= next.from) {
          issues.push({
            code: 'ruleset/timeline',
            message:
              `Parameter "${name}": the value from ${show(cur.from)} until ${show(cur.until)} overlaps ` +
              `the value from ${show(next.from)}`,
            ...where,
          });
        }
        ends[i] = cur.until ?? next.from - 1;
      } else {
        ends[i] = cur.until ?? Number.POSITIVE_INFINITY;
      }
    }
    if (issues.length > 0) throw new MinshengError(issues);
    this.values = Object.freeze(sorted);
    this.#froms = froms;
    this.#ends = ends;
  }

  /**
   * The value in force on `day`, or `undefined` before the first value, in a gap after an explicit
   * `until`, or after the last value's `until`. O(log n), allocates nothing.
   *
   * @example
   * timeline.at(parseDate('2025-03-15'))?.value;
   */
  at(day: DayNumber): DatedValue<T> | undefined {
    const froms = this.#froms;
    // Largest i with froms[i] <= day.
    let lo = 0;
    let hi = froms.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (froms[mid]! <= day) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || day > this.#ends[found]!) return undefined;
    return this.values[found];
  }
}
