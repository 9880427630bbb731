/**
 * Checks on parameter values alone: ranges (a rate in [0, 1], money not negative, a declared `min`/`max`)
 * and effective-date timelines with gaps.
 */
import type { Issue } from '../errors';
import { Decimal } from '../money/decimal';
import { formatDate, parseDate } from '../period/date';
import type { Band } from '../expr/compile';
import type { ResolvedParameter, ResolvedRuleset } from '../ruleset/resolved';
import { parameterRange, validityWindow, type Timelines } from './env';

function fileOf(layer: { id: string; version: string; file?: string }): string {
  return layer.file ?? `${layer.id}@${layer.version}`;
}

/** Index of a resolved value among the values its own layer gave (its index in that file, for sorted files). */
function indexInLayer(param: ResolvedParameter, i: number): number {
  const v = param.values[i]!;
  return param.values.slice(0, i).filter((x) => x.layer.id === v.layer.id && x.layer.version === v.layer.version).length;
}

function showRange(lo: Decimal | null, hi: Decimal | null): string {
  if (lo !== null && hi !== null) return `[${lo.toString()}, ${hi.toString()}]`;
  if (lo !== null) return `at least ${lo.toString()}`;
  return `at most ${hi!.toString()}`;
}

/**
 * Every number of every value against its parameter's range: `ruleset/range` errors naming the parameter,
 * the key (or band) and the date the value is in force from.
 */
export function checkRanges(resolved: ResolvedRuleset, timelines: Timelines): Issue[] {
  const issues: Issue[] = [];
  for (const param of Object.values(resolved.parameters)) {
    if (param.type === 'boolean') continue;
    const { lo, hi } = parameterRange(param);
    if (lo === null && hi === null) continue;
    const timeline = timelines.get(param.name);
    if (!timeline) continue;
    timeline.values.forEach((dated, i) => {
      const resolvedValue = param.values[i];
      if (!resolvedValue) return;
      const base = ['parameters', param.name, 'values', indexInLayer(param, i), 'value'];
      const check = (x: unknown, what: string, at: (string | number)[], layer = resolvedValue.layer) => {
        if (!(x instanceof Decimal)) return;
        if ((lo === null || x.gte(lo)) && (hi === null || x.lte(hi))) return;
        const hint = param.type === 'rate' || param.type === 'scale' ? (x.gt(1) && x.lte(100) ? ` (a rate is a fraction: ${x.toString()}% is ${x.div(100).toString()})` : '') : '';
        issues.push({
          code: 'ruleset/range',
          severity: 'error',
          message: `parameter ${param.name} from ${resolvedValue.from}: ${what} ${x.toString()} is outside its range ${showRange(lo, hi)}${hint}`,
          path: [...base, ...at],
          file: fileOf(layer),
          ...(resolvedValue.source ? { source: resolvedValue.source } : {}),
        });
      };
      const v = dated.value.value;
      if (param.type === 'scale') (v as readonly Band[]).forEach((band, b) => check(band.rate, `the rate of the band above ${band.above.toString()}`, [b, 'rate']));
      else if (param.by && v !== null && typeof v === 'object' && !(v instanceof Decimal)) {
        for (const [key, x] of Object.entries(v as Record<string, unknown>)) check(x, `[${key}]`, [key], resolvedValue.keyLayers?.[key] ?? resolvedValue.layer);
      } else check(v, 'the value', []);
    });
  }
  return issues;
}

/**
 * Days of the validity window on which a parameter that something reads has no value in force once its
 * timeline has started (between an `until` and the next `from`, after a last `until`): `analysis/timeline-gap`.
 * Days before its first value are not a gap: the figure is not published yet (as a `regional: true` parameter
 * without values is not published at all), and evaluating on them fails with eval/no-value-in-force as it should.
 */
export function timelineGaps(resolved: ResolvedRuleset, timelines: Timelines, read: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const window = validityWindow(resolved);
  for (const name of read) {
    const timeline = timelines.get(name);
    const param = resolved.parameters[name];
    if (!timeline || !param || timeline.values.length === 0) continue;
    const gaps: [number, number][] = [];
    let cursor = Math.max(window.from, timeline.values[0]!.from);
    for (const v of timeline.values) {
      if (v.from > cursor && cursor <= window.to) gaps.push([cursor, Math.min(v.from - 1, window.to)]);
      const end = v.until ?? Infinity;
      if (end === Infinity) {
        cursor = Infinity;
        break;
      }
      cursor = Math.max(cursor, end + 1);
    }
    if (cursor !== Infinity && cursor <= window.to) gaps.push([cursor, window.to]);
    if (gaps.length === 0) continue;
    const show = ([a, b]: [number, number]) => (b >= parseDate('2200-12-31') ? `from ${formatDate(a)} on` : a === b ? formatDate(a) : `${formatDate(a)} to ${formatDate(b)}`);
    const last = param.values[param.values.length - 1]!;
    issues.push({
      code: 'analysis/timeline-gap',
      severity: 'warning',
      message: `parameter ${name} has no value in force ${gaps.map(show).join(', ')} (inside the ruleset's validity): an evaluation on those days that needs it fails with eval/no-value-in-force`,
      path: ['parameters', name],
      file: fileOf(last.layer),
    });
  }
  return issues;
}

