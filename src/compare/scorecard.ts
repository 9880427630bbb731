/**
 * Policy-target scorecard: a set of targets (indicator, definition, target value, direction, deadline,
 * source) and a region's indicator series by year give, per target, the current value and a status —
 * met, on track, behind or past deadline — judged against the straight line from the first observation
 * to the target at its deadline. Exact decimals; every bad field is refused with a coded MinshengError
 * and its path. Pure and browser-safe: the caller reads the files.
 *
 * Status rules (the latest observation is "current"):
 * - `met`: current reaches the target (≥ for `atLeast`, ≤ for `atMost`);
 * - `past-deadline`: not met and the as-of year (default: the latest observation's year) is at or after the
 *   deadline year (the deadline year's own figure already missed it);
 * - `no-deadline`: a standing requirement (no deadline) that is not met;
 * - `on-track`: not met, before the deadline, and current is at or beyond the linear path from the first
 *   observation (year y0, value v0) to (deadline year, target): v0 + (target − v0)·(y − y0)/(deadline − y0);
 * - `behind`: below that path;
 * - `unknown`: no observation, or one observation only (no path can be drawn) before the deadline.
 */
import { MinshengError, type IssueCode } from '../errors';
import { Decimal } from '../money/decimal';
import type { Label } from '../ruleset/schema';

/** Whether the target is a floor (`atLeast`, e.g. a coverage rate) or a ceiling (`atMost`, e.g. minutes). */
export type TargetDirection = 'atLeast' | 'atMost';

/** How an indicator's value is read: a share 0–1, minutes, a count, or another number. */
export type IndicatorUnit = 'rate' | 'minutes' | 'count' | 'number';

/** A source a target cites (the same fields as a ruleset's `sources:` entries). */
export interface TargetSource {
  readonly id: string;
  readonly title: string;
  readonly issuer?: string;
  readonly date?: string;
  readonly status?: string;
  readonly note?: string;
}

/** One policy target. */
export interface PolicyTarget {
  /** Unique within the set (an indicator may carry an interim and a final target). */
  readonly id: string;
  /** The indicator's key in the region's series file. */
  readonly indicator: string;
  readonly label: Label;
  /** What is measured, precisely enough for a statistician to compute it. */
  readonly definition: Label;
  readonly unit: IndicatorUnit;
  readonly direction: TargetDirection;
  /** Decimal string, e.g. "0.80". */
  readonly target: string;
  /** Year by whose figure the target is to be reached; absent for a standing requirement. */
  readonly deadline?: number;
  /** Year the target was set (for the page; the path starts at the first observation). */
  readonly setIn?: number;
  /** Id of an entry of the target set's `sources`. */
  readonly source: string;
  /** How the figure or deadline was read from the source, when not word for word. */
  readonly note?: Label;
}

/** A target set (the file under rulesets/cn/targets/). */
export interface TargetSet {
  readonly name: string;
  readonly label: Label;
  readonly sources: readonly TargetSource[];
  readonly targets: readonly PolicyTarget[];
}

/** One observation of an indicator. */
export interface Observation {
  readonly year: number;
  /** Decimal string. */
  readonly value: string;
}

/** The status of a target. */
export type TargetStatus = 'met' | 'on-track' | 'behind' | 'past-deadline' | 'no-deadline' | 'unknown';

/** The scorecard line of one target. */
export interface TargetResult {
  readonly target: PolicyTarget;
  readonly status: TargetStatus;
  readonly series: readonly Observation[];
  readonly current?: Observation;
  /** The value the linear path asks for at the current year (targets with a deadline and two observations). */
  readonly expected?: string;
  /** Change per year still needed from the current value to reach the target by the deadline. */
  readonly neededPerYear?: string;
  /** Change per year observed from the first to the current observation. */
  readonly observedPerYear?: string;
}

/** The scorecard of a target set against a region's series. */
export interface Scorecard {
  readonly set: { readonly name: string; readonly label: Label };
  readonly asOf?: number;
  readonly results: readonly TargetResult[];
  /** Indicators in the series that no target uses (reported, not an error). */
  readonly unusedIndicators: readonly string[];
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;
const MIN_YEAR = 1949;
const MAX_YEAR = 2200;

function fail(code: IssueCode, message: string, path: readonly (string | number)[], file?: string): never {
  throw new MinshengError({ code, message, path, ...(file ? { file } : {}) });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: (string | number)[], max = 2000): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) fail('ruleset/schema', `expected a text of 1 to ${max} characters`, path);
  return v;
}

function label(v: unknown, path: (string | number)[]): Label {
  if (!isRecord(v)) fail('ruleset/schema', 'expected { zh, en }', path);
  return { zh: str(v['zh'], [...path, 'zh']), en: str(v['en'], [...path, 'en']) };
}

function year(v: unknown, path: (string | number)[]): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < MIN_YEAR || v > MAX_YEAR) fail('ruleset/schema', `expected a year from ${MIN_YEAR} to ${MAX_YEAR}`, path);
  return v;
}

function decimalText(v: unknown, path: (string | number)[], code: IssueCode = 'ruleset/schema'): string {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof text !== 'string' || !DECIMAL.test(text)) fail(code, `expected a decimal number such as "0.80", got ${JSON.stringify(v)?.slice(0, 40)}`, path);
  return text;
}

function only(v: Record<string, unknown>, keys: readonly string[], path: (string | number)[]): void {
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail('ruleset/schema', `unknown field '${k.slice(0, 40)}' (known: ${keys.join(', ')})`, [...path, k]);
}

const UNITS: readonly IndicatorUnit[] = ['rate', 'minutes', 'count', 'number'];

/**
 * Checks a parsed target-set file and returns it typed; refuses anything else with `ruleset/schema`
 * (or `ruleset/unknown-source`) and the path of the first bad field.
 *
 * @example
 * const set = parseTargetSet(yaml.parse(text));
 */
export function parseTargetSet(data: unknown): TargetSet {
  if (!isRecord(data)) fail('ruleset/schema', 'a target set is a mapping with name, label, sources and targets', []);
  only(data, ['kind', 'name', 'label', 'description', 'sources', 'targets'], []);
  if (data['kind'] !== 'targets') fail('ruleset/schema', "expected kind: targets", ['kind']);
  const name = str(data['name'], ['name'], 200);
  const setLabel = label(data['label'], ['label']);
  if (!Array.isArray(data['sources']) || data['sources'].length === 0) fail('ruleset/schema', 'expected a non-empty list of sources', ['sources']);
  const sources: TargetSource[] = data['sources'].map((s, i) => {
    const p = ['sources', i];
    if (!isRecord(s)) fail('ruleset/schema', 'expected a source { id, title, … }', p);
    only(s, ['id', 'title', 'issuer', 'date', 'status', 'note', 'seedFile'], p);
    const opt = (k: string) => (s[k] === undefined ? {} : { [k]: str(s[k], [...p, k]) });
    return { id: str(s['id'], [...p, 'id'], 120), title: str(s['title'], [...p, 'title']), ...opt('issuer'), ...opt('date'), ...opt('status'), ...opt('note') };
  });
  const ids = new Set(sources.map((s) => s.id));
  if (!Array.isArray(data['targets']) || data['targets'].length === 0) fail('ruleset/schema', 'expected a non-empty list of targets', ['targets']);
  const seen = new Set<string>();
  const targets: PolicyTarget[] = data['targets'].map((t, i) => {
    const p = ['targets', i];
    if (!isRecord(t)) fail('ruleset/schema', 'expected a target { indicator, label, definition, unit, direction, target, deadline, source }', p);
    only(t, ['id', 'indicator', 'label', 'definition', 'unit', 'direction', 'target', 'deadline', 'setIn', 'source', 'note'], p);
    const id = str(t['id'], [...p, 'id'], 80);
    if (!KEY.test(id)) fail('ruleset/schema', 'a target id is a letter then letters, digits, _ . -', [...p, 'id']);
    if (seen.has(id)) fail('ruleset/duplicate-id', `two targets have the id '${id}'`, [...p, 'id']);
    seen.add(id);
    const indicator = str(t['indicator'], [...p, 'indicator'], 80);
    if (!KEY.test(indicator)) fail('ruleset/schema', 'an indicator key is a letter then letters, digits, _ . -', [...p, 'indicator']);
    const unit = t['unit'];
    if (typeof unit !== 'string' || !UNITS.includes(unit as IndicatorUnit)) fail('ruleset/schema', `expected one of ${UNITS.join(', ')}`, [...p, 'unit']);
    const direction = t['direction'];
    if (direction !== 'atLeast' && direction !== 'atMost') fail('ruleset/schema', 'expected atLeast or atMost', [...p, 'direction']);
    const source = str(t['source'], [...p, 'source'], 120);
    if (!ids.has(source)) fail('ruleset/unknown-source', `source '${source}' is not in the set's sources`, [...p, 'source']);
    const target = decimalText(t['target'], [...p, 'target']);
    if (unit === 'rate' && (new Decimal(target).lt(0) || new Decimal(target).gt(1))) fail('ruleset/range', 'a rate target lies from 0 to 1', [...p, 'target']);
    return {
      id,
      indicator,
      label: label(t['label'], [...p, 'label']),
      definition: label(t['definition'], [...p, 'definition']),
      unit: unit as IndicatorUnit,
      direction,
      target,
      ...(t['deadline'] !== undefined ? { deadline: year(t['deadline'], [...p, 'deadline']) } : {}),
      ...(t['setIn'] !== undefined ? { setIn: year(t['setIn'], [...p, 'setIn']) } : {}),
      source,
      ...(t['note'] !== undefined ? { note: label(t['note'], [...p, 'note']) } : {}),
    };
  });
  return { name, label: setLabel, sources, targets };
}

/** At most this many data rows in an indicator file. */
export const MAX_INDICATOR_ROWS = 100_000;

/**
 * Reads an indicator series file: CSV with the header `indicator,year,value` (more columns, e.g. `note`,
 * are ignored); `#` lines and blank lines are skipped. Refuses a bad row with `io/format` and its line.
 *
 * @example
 * parseIndicatorCsv('indicator,year,value\nnursingBedShare,2024,0.62\n'); //=> Map { 'nursingBedShare' => [{ year: 2024, value: '0.62' }] }
 */
export function parseIndicatorCsv(text: string, file?: string): Map<string, Observation[]> {
  if (typeof text !== 'string') fail('options/invalid', 'parseIndicatorCsv: text must be a string', []);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | undefined;
  let cols = { indicator: -1, year: -1, value: -1 };
  const out = new Map<string, Observation[]>();
  let rows = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = [`line ${i + 1}`];
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      cols = { indicator: header.indexOf('indicator'), year: header.indexOf('year'), value: header.indexOf('value') };
      if (cols.indicator < 0 || cols.year < 0 || cols.value < 0) fail('io/format', `the header must name the columns indicator, year and value, got '${line.slice(0, 80)}'`, where, file);
      return;
    }
    if (++rows > MAX_INDICATOR_ROWS) fail('io/format', `more than ${MAX_INDICATOR_ROWS} rows`, where, file);
    const indicator = cells[cols.indicator] ?? '';
    if (!KEY.test(indicator)) fail('io/format', `bad indicator key '${indicator.slice(0, 40)}'`, where, file);
    const y = cells[cols.year] ?? '';
    if (!/^\d{4}$/.test(y) || Number(y) < MIN_YEAR || Number(y) > MAX_YEAR) fail('io/format', `bad year '${y.slice(0, 20)}' (expected ${MIN_YEAR}–${MAX_YEAR})`, where, file);
    const value = decimalText(cells[cols.value] ?? '', where, 'io/format');
    const list = out.get(indicator) ?? [];
    if (list.some((o) => o.year === Number(y))) fail('io/format', `${indicator} has two values for ${y}`, where, file);
    list.push({ year: Number(y), value });
    out.set(indicator, list);
  });
  if (!header) fail('io/format', 'empty file: expected the header indicator,year,value', [], file);
  for (const list of out.values()) list.sort((a, b) => a.year - b.year);
  return out;
}

function reaches(value: Decimal, target: Decimal, direction: TargetDirection): boolean {
  return direction === 'atLeast' ? value.gte(target) : value.lte(target);
}

/** Rounds a derived figure for people (targets are given to at most 10 decimals). */
function show(d: Decimal): string {
  return d.toDecimalPlaces(4).toString();
}

/**
 * The status of one target given its series (sorted by year or not) and the year the card is read as of.
 *
 * @example
 * assessTarget(target, [{ year: 2022, value: '0.50' }, { year: 2024, value: '0.62' }]).status; //=> 'on-track' for 0.70 by 2030
 */
export function assessTarget(target: PolicyTarget, series: readonly Observation[], asOf?: number): TargetResult {
  // Figures after the as-of year are not known yet at that date.
  const sorted = [...series].filter((o) => asOf === undefined || o.year <= asOf).sort((a, b) => a.year - b.year);
  const current = sorted[sorted.length - 1];
  const base = { target, series: sorted, ...(current ? { current } : {}) };
  const goal = new Decimal(target.target);
  const now = asOf ?? current?.year;
  if (current && reaches(new Decimal(current.value), goal, target.direction)) return { ...base, status: 'met' };
  if (target.deadline === undefined) return { ...base, status: current ? 'no-deadline' : 'unknown' };
  if (now !== undefined && now >= target.deadline) return { ...base, status: current ? 'past-deadline' : 'unknown' };
  if (!current || sorted.length < 2) {
    const needed = current ? { neededPerYear: show(goal.minus(current.value).div(target.deadline - current.year)) } : {};
    return { ...base, ...needed, status: 'unknown' };
  }
  const first = sorted[0]!;
  const v0 = new Decimal(first.value);
  const vc = new Decimal(current.value);
  // The straight line from the first observation to the target at the deadline.
  const expected = v0.plus(goal.minus(v0).mul(current.year - first.year).div(target.deadline - first.year));
  const onTrack = target.direction === 'atLeast' ? vc.gte(expected) : vc.lte(expected);
  return {
    ...base,
    status: onTrack ? 'on-track' : 'behind',
    expected: show(expected),
    neededPerYear: show(goal.minus(vc).div(target.deadline - current.year)),
    observedPerYear: show(vc.minus(v0).div(current.year - first.year)),
  };
}

/**
 * The scorecard of every target of a set against a region's series.
 *
 * @param options.asOf the year the card is read as of (default: each indicator's latest observation)
 * @example
 * const card = scorecard(parseTargetSet(data), parseIndicatorCsv(csv));
 * card.results.map((r) => r.status);
 */
export function scorecard(set: TargetSet, series: ReadonlyMap<string, readonly Observation[]>, options: { asOf?: number } = {}): Scorecard {
  if (options.asOf !== undefined && (!Number.isInteger(options.asOf) || options.asOf < MIN_YEAR || options.asOf > MAX_YEAR)) {
    fail('options/invalid', `scorecard: asOf must be a year from ${MIN_YEAR} to ${MAX_YEAR}`, ['asOf']);
  }
  const used = new Set(set.targets.map((t) => t.indicator));
  return {
    set: { name: set.name, label: set.label },
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    results: set.targets.map((t) => assessTarget(t, series.get(t.indicator) ?? [], options.asOf)),
    unusedIndicators: [...series.keys()].filter((k) => !used.has(k)),
  };
}
