/**
 * No local time zone can shift a date. Node reads `TZ` when the process starts, so each zone gets its own
 * child process: `src/period/` is bundled once (esbuild, the bundler under tsup and vite) into a probe that
 * prints its results as JSON, and the probe runs under zones at both ends of the offset range — Kiritimati
 * (UTC+14, the earliest) and Adak (UTC−10, −9 in summer, the latest with daylight saving) — and in between.
 * Each child also reports what its local clock says and what naive local-time code gives, which proves the
 * zone really was in force (and that the probe would catch a date read in local time).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ZONES = ['UTC', 'Pacific/Kiritimati', 'America/Adak', 'Asia/Shanghai', 'America/St_Johns'] as const;

const PROBE = `
import { getYear } from 'date-fns/getYear';
import * as d from ${JSON.stringify(resolve('src/period/date.ts'))};
import { policyYearOf } from ${JSON.stringify(resolve('src/period/policy-year.ts'))};

// Days around the daylight-saving changes of both hemispheres, year ends, and 29 February.
const texts = ['2025-03-08', '2025-03-09', '2025-03-10', '2025-03-30', '2025-04-06', '2025-10-05', '2025-10-26',
  '2025-11-02', '2024-12-31', '2025-01-01', '2024-02-29', '2025-02-28', '2025-03-01', '1900-01-01', '2200-12-31'];
const days = texts.map((t) => d.parseDate(t));
const out = {
  local: { offsetJanuary: new Date(2025, 0, 1).getTimezoneOffset(), offsetJuly: new Date(2025, 6, 1).getTimezoneOffset() },
  // What a date read in local time gives: new Date('2025-03-09') is UTC midnight, getDate() reads it locally.
  naive: { localDayOf20250309: new Date('2025-03-09').getDate(), dateFnsWithoutUtc: getYear(new Date('2025-01-01')) },
  parsed: days,
  formatted: days.map((x) => d.formatDate(x)),
  civil: days.map((x) => d.civilFromDay(x)),
  ages: days.map((x) => d.ageOn(d.parseDate('1900-01-01'), x)),
  feb29: ['2025-02-28', '2025-03-01', '2028-02-28', '2028-02-29'].map((t) => d.ageOn(d.parseDate('2004-02-29'), d.parseDate(t))),
  months: days.map((x) => d.monthsBetween(d.parseDate('2025-01-31'), x)),
  years: days.map((x) => d.yearsBetween(d.parseDate('2020-03-01'), x)),
  addMonths: days.slice(0, 13).map((x) => d.formatDate(d.addMonths(x, 1))),
  startOfYear: days.map((x) => d.formatDate(d.startOfYear(x))),
  endOfYear: days.map((x) => d.formatDate(d.endOfYear(x))),
  addDays: days.slice(0, 13).map((x) => d.formatDate(d.addDays(x, 1))),
  policyYears: days.map((x) => policyYearOf(x, { month: 4, day: 1 }).label),
  farCivil: [-3_000_000, -719_528, 3_000_000].map((x) => d.civilFromDay(x)),
  calendar: [d.isCalendarDate('0004-02-29'), d.daysInMonth(1600, 2), d.daysInMonth(2100, 2), d.isLeapYear(2400)],
};
process.stdout.write(JSON.stringify(out));
`;

let dir = '';
let probe = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minsheng-tz-'));
  writeFileSync(join(dir, 'probe.ts'), PROBE);
  probe = join(dir, 'probe.mjs');
  await build({
    entryPoints: [join(dir, 'probe.ts')],
    outfile: probe,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    nodePaths: [resolve('node_modules')],
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ProbeResult {
  local: { offsetJanuary: number; offsetJuly: number };
  naive: { localDayOf20250309: number; dateFnsWithoutUtc: number };
  [key: string]: unknown;
}

function runIn(zone: string): ProbeResult {
  const child = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: { ...process.env, TZ: zone }, timeout: 30_000 });
  if (child.status !== 0) throw new Error(`probe failed under TZ=${zone}: ${child.stderr}`);
  return JSON.parse(child.stdout) as ProbeResult;
}

describe('time zone independence (one child process per TZ)', () => {
  it('gives identical results under every zone, though each zone was in force', () => {
    const results = Object.fromEntries(ZONES.map((zone) => [zone, runIn(zone)]));

    // The zones really applied: the local offsets are the zones' own (minutes west of UTC).
    expect(results['UTC']!.local).toEqual({ offsetJanuary: 0, offsetJuly: 0 });
    expect(results['Pacific/Kiritimati']!.local).toEqual({ offsetJanuary: -840, offsetJuly: -840 });
    expect(results['America/Adak']!.local).toEqual({ offsetJanuary: 600, offsetJuly: 540 });
    expect(results['Asia/Shanghai']!.local).toEqual({ offsetJanuary: -480, offsetJuly: -480 });
    // …and naive local-time code does shift dates there, so the comparison below would catch it.
    expect(results['Pacific/Kiritimati']!.naive.localDayOf20250309).toBe(9);
    expect(results['America/Adak']!.naive.localDayOf20250309).toBe(8);
    // date-fns on a plain Date reads the local calendar too: 2025-01-01T00:00Z is still 2024 in Adak.
    expect([results['Pacific/Kiritimati']!.naive.dateFnsWithoutUtc, results['America/Adak']!.naive.dateFnsWithoutUtc]).toEqual([2025, 2024]);

    const strip = ({ local: _local, naive: _naive, ...rest }: ProbeResult) => rest;
    const reference = strip(results['UTC']!);
    for (const zone of ZONES) expect(strip(results[zone]!), zone).toEqual(reference);

    // And the shared answer is the right one.
    expect(reference['formatted']).toEqual([
      '2025-03-08', '2025-03-09', '2025-03-10', '2025-03-30', '2025-04-06', '2025-10-05', '2025-10-26',
      '2025-11-02', '2024-12-31', '2025-01-01', '2024-02-29', '2025-02-28', '2025-03-01', '1900-01-01', '2200-12-31',
    ]);
    expect(reference['feb29']).toEqual([20, 21, 23, 24]);
    expect((reference['addMonths'] as string[]).slice(9)).toEqual(['2025-02-01', '2024-03-29', '2025-03-28', '2025-04-01']);
    expect(reference['calendar']).toEqual([true, 29, 28, true]);
  });
});
