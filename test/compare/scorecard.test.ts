import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assessTarget, parseIndicatorCsv, parseTargetSet, scorecard, type PolicyTarget } from '../../src/compare/scorecard';
import { scorecardHtml, scorecardText } from '../../src/docs/scorecard-render';
import { MinshengError } from '../../src/errors';

const T: PolicyTarget = {
  id: 't',
  indicator: 'x',
  label: { zh: '指标', en: 'indicator' },
  definition: { zh: '定义', en: 'definition' },
  unit: 'rate',
  direction: 'atLeast',
  target: '0.70',
  deadline: 2030,
  source: 's',
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof MinshengError ? `${e.code} ${JSON.stringify(e.issues[0]!.path)}` : 'not a MinshengError';
  }
  return undefined;
}

describe('assessTarget', () => {
  it('met: the latest figure reaches the target (even past the deadline)', () => {
    expect(assessTarget(T, [{ year: 2031, value: '0.70' }]).status).toBe('met');
    expect(assessTarget(T, [{ year: 2024, value: '0.71' }, { year: 2022, value: '0.10' }]).status).toBe('met');
  });
  it('on track: at or above the straight line from the first figure to the target at the deadline', () => {
    // path: 0.52 (2022) → 0.70 (2030): at 2024 it asks for 0.52 + 0.18·2/8 = 0.565; 0.60 ≥ 0.565.
    const r = assessTarget(T, [{ year: 2022, value: '0.52' }, { year: 2024, value: '0.60' }]);
    expect(r.status).toBe('on-track');
    expect(r.expected).toBe('0.565');
    // still needed: (0.70 − 0.60) / (2030 − 2024) = 0.01666… → 0.0167; observed (0.60 − 0.52)/2 = 0.04
    expect(r.neededPerYear).toBe('0.0167');
    expect(r.observedPerYear).toBe('0.04');
    // exactly on the line is on track
    expect(assessTarget(T, [{ year: 2022, value: '0.52' }, { year: 2024, value: '0.565' }]).status).toBe('on-track');
  });
  it('behind: short of the line', () => {
    // 0.564 < 0.565
    const r = assessTarget(T, [{ year: 2022, value: '0.52' }, { year: 2024, value: '0.564' }]);
    expect(r.status).toBe('behind');
  });
  it('past deadline: not met and the deadline year has come (by the data or by asOf)', () => {
    expect(assessTarget(T, [{ year: 2028, value: '0.60' }, { year: 2030, value: '0.69' }]).status).toBe('past-deadline');
    expect(assessTarget(T, [{ year: 2028, value: '0.60' }, { year: 2029, value: '0.69' }], 2031).status).toBe('past-deadline');
    // the same series read as of 2029 is still before the deadline: path 0.60 → 0.70 over 2 years asks 0.65 in 2029
    expect(assessTarget(T, [{ year: 2028, value: '0.60' }, { year: 2029, value: '0.69' }], 2029).status).toBe('on-track');
  });
  it('as-of leaves out later figures', () => {
    const series = [{ year: 2022, value: '0.52' }, { year: 2024, value: '0.53' }, { year: 2026, value: '0.80' }];
    expect(assessTarget(T, series).status).toBe('met');
    expect(assessTarget(T, series, 2025).status).toBe('behind');
  });
  it('atMost targets (a ceiling) reverse the comparisons', () => {
    const minutes: PolicyTarget = { ...T, unit: 'minutes', direction: 'atMost', target: '15', deadline: 2027 };
    expect(assessTarget(minutes, [{ year: 2024, value: '15' }]).status).toBe('met');
    // path 30 (2023) → 15 (2027): 2025 asks 22.5; 22 is better, 23 worse
    expect(assessTarget(minutes, [{ year: 2023, value: '30' }, { year: 2025, value: '22' }]).status).toBe('on-track');
    expect(assessTarget(minutes, [{ year: 2023, value: '30' }, { year: 2025, value: '23' }]).status).toBe('behind');
  });
  it('a standing requirement without deadline is met or not met; one figure before the deadline is too few', () => {
    const { deadline: _d, ...rest } = T;
    expect(assessTarget(rest, [{ year: 2024, value: '0.5' }]).status).toBe('no-deadline');
    expect(assessTarget(rest, [{ year: 2024, value: '0.9' }]).status).toBe('met');
    expect(assessTarget(T, [{ year: 2024, value: '0.5' }]).status).toBe('unknown');
    expect(assessTarget(T, []).status).toBe('unknown');
  });
});

describe('the bundled national targets and the example region', () => {
  const set = parseTargetSet(parse(readFileSync('rulesets/cn/targets/national.yaml', 'utf8')));
  const csv = readFileSync('examples/scorecard/example-region.indicators.csv', 'utf8');
  const card = scorecard(set, parseIndicatorCsv(csv));

  it('every target cites one of the set sources, each registered in seeds/sources.yaml', () => {
    const registry = parse(readFileSync('seeds/sources.yaml', 'utf8')) as { id: string }[];
    const known = new Set(registry.map((s) => s.id));
    for (const s of set.sources) expect(known.has(s.id), s.id).toBe(true);
    expect(set.targets.map((t) => t.target)).toEqual(['1.00', '0.70', '0.80', '0.80', '0.90', '1.00']);
  });
  it('the example file is marked as example data', () => {
    expect(csv.split('\n')[0]).toMatch(/EXAMPLE DATA/);
  });
  it('statuses with their hand arithmetic', () => {
    const by = Object.fromEntries(card.results.map((r) => [r.target.id, r]));
    // reach: 0.78 (2022) → 1.00 (2027): 2024 asks 0.78 + 0.22·2/5 = 0.868; 0.85 is short
    expect(by['grassrootsReach15min']!.status).toBe('behind');
    expect(by['grassrootsReach15min']!.expected).toBe('0.868');
    // chronic management: 0.52 → 0.70 by 2030: 2024 asks 0.565; 0.60
    expect(by['grassrootsChronicManagement2030']!.status).toBe('on-track');
    // nursing beds: 0.83 ≥ 0.80
    expect(by['nursingBedShare']!.status).toBe('met');
    // childcare: 0.20 (2023) → 0.80 (2035): 2024 asks 0.20 + 0.60/12 = 0.25; 0.24 is short
    expect(by['communityChildcare']!.status).toBe('behind');
    expect(by['communityChildcare']!.expected).toBe('0.25');
    // county communities: 0.88 in 2025, the 2025 milestone of 0.90 missed; full coverage has no deadline
    expect(by['countyMedicalCommunity2025']!.status).toBe('past-deadline');
    expect(by['countyMedicalCommunityFull']!.status).toBe('no-deadline');
    expect(card.unusedIndicators).toEqual([]);
  });
  it('renders text and an HTML page with one chart per target and the sources by title', () => {
    const text = scorecardText(card, 'en').join('\n');
    expect(text).toMatch(/grassrootsReach15min\s+85% \(2024\)\s+≥ 100%\s+2027\s+behind/);
    const page = scorecardHtml(card, { lang: 'both', set, dataNote: 'EXAMPLE DATA' });
    expect(page.match(/<svg class="chart"/g)?.length).toBe(6);
    expect(page).toContain('医疗也要强基!国务院发文推动医保报销待遇向基层医院倾斜');
    expect(page).toContain('EXAMPLE DATA');
  });
});

describe('hostile files are refused with a code and a path', () => {
  const good = parse(readFileSync('rulesets/cn/targets/national.yaml', 'utf8')) as Record<string, unknown>;
  const targets = good['targets'] as Record<string, unknown>[];
  it.each([
    ['not a mapping', [], 'ruleset/schema []'],
    ['wrong kind', { ...good, kind: 'ruleset' }, 'ruleset/schema ["kind"]'],
    ['unknown field', { ...good, extra: 1 }, 'ruleset/schema ["extra"]'],
    ['unknown source', { ...good, targets: [{ ...targets[0], source: 'nope' }] }, 'ruleset/unknown-source ["targets",0,"source"]'],
    ['bad target value', { ...good, targets: [{ ...targets[0], target: '1e3' }] }, 'ruleset/schema ["targets",0,"target"]'],
    ['rate above 1', { ...good, targets: [{ ...targets[0], target: '1.5' }] }, 'ruleset/range ["targets",0,"target"]'],
    ['bad deadline', { ...good, targets: [{ ...targets[0], deadline: 20277 }] }, 'ruleset/schema ["targets",0,"deadline"]'],
    ['duplicate id', { ...good, targets: [targets[0], targets[0]] }, 'ruleset/duplicate-id ["targets",1,"id"]'],
    ['bad direction', { ...good, targets: [{ ...targets[0], direction: 'up' }] }, 'ruleset/schema ["targets",0,"direction"]'],
  ])('%s', (_name, data, expected) => {
    expect(codeOf(() => parseTargetSet(data))).toBe(expected);
  });
  it.each([
    ['no header', 'x,2024,0.5\n', 'io/format ["line 1"]'],
    ['bad year', 'indicator,year,value\nx,24,0.5\n', 'io/format ["line 2"]'],
    ['bad value', 'indicator,year,value\nx,2024,abc\n', 'io/format ["line 2"]'],
    ['float syntax', 'indicator,year,value\nx,2024,1e-3\n', 'io/format ["line 2"]'],
    ['duplicate year', 'indicator,year,value\nx,2024,0.5\nx,2024,0.6\n', 'io/format ["line 3"]'],
    ['bad key', 'indicator,year,value\n__proto__,2024,0.5\n', 'io/format ["line 2"]'],
    ['empty', '# only a comment\n', 'io/format []'],
  ])('CSV: %s', (_name, text, expected) => {
    expect(codeOf(() => parseIndicatorCsv(text))).toBe(expected);
  });
  it('asOf must be a year', () => {
    const set = parseTargetSet(good);
    expect(codeOf(() => scorecard(set, new Map(), { asOf: 1.5 }))).toBe('options/invalid ["asOf"]');
  });
});
