import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// The source registry (seeds/sources.yaml) and the 81-item catalogue (seeds/public-services-catalogue.yaml)
// are data that rulesets cite by id. These tests keep both files well-formed and consistent with each other.

const root = fileURLToPath(new URL('../../seeds/', import.meta.url));
const load = (name: string): unknown => parse(readFileSync(root + name, 'utf8'));

const STATUSES = ['verified', 'seed', 'secondary', 'inferred'] as const;
type Status = (typeof STATUSES)[number];
/** Certainty rank: a fact may lower its source's status, never raise it. */
const RANK: Record<Status, number> = { verified: 3, seed: 2, secondary: 2, inferred: 1 };

const NUMERIC_UNITS = new Set([
  'yuan', 'yuan/year', 'yuan/month', 'yuan/admission', 'yuan/person', 'yuan/person/year', 'yuan/person/month', 'yuan/child/year',
  'rate', 'percentage-points', 'multiple', 'persons', 'families', 'person-times', 'count', 'services',
  'per-1000-population', 'years', 'months', 'minutes', 'seconds',
]);
const OTHER_UNITS = new Set(['date', 'boolean', 'text']);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

interface Fact {
  key: string; value: unknown; unit?: string; statement: string; statement_zh?: string;
  status?: Status; derivation?: string; asPublished?: string;
}
interface Source {
  id: string; title: string; issuer: string; docNumber?: string; date?: unknown; dateUnknown?: string;
  url?: string; status: Status; seedFile?: string; note?: string; facts: Fact[];
  corroboration?: { url: string; what: string }[];
}
interface Item { id: string; area: string; provision: string; provisionSource?: string; encoded: string; membership?: string; source: string }
interface Area {
  id: string; count: number; countStatus: Status; source: string; items: Item[]; unnamedItems: number;
  combines?: { id: string }[];
}
interface Catalogue {
  standard: {
    totalItems: number; areaCount: number; categoryCount: number; totalItemsSource: string;
    residenceProvided: { count: number; of: number; asOf: string; source: string };
    notYetResidenceProvided: { count: number };
  };
  areas: Area[];
  relatedEntitlements: (Item & { countedIn81: boolean; nearestArea: string; provisionSource?: string })[];
  provisionMechanisms: { id: string; source: string }[];
}

const sources = load('sources.yaml') as Source[];
const catalogue = load('public-services-catalogue.yaml') as Catalogue;
const byId = new Map(sources.map((s) => [s.id, s]));

/** A real calendar day written YYYY-MM-DD (rejects 2025-02-30 and Date objects). */
function isRealDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function fact(sourceId: string, key: string): Fact {
  const f = byId.get(sourceId)?.facts.find((x) => x.key === key);
  if (!f) throw new Error(`no fact ${sourceId} / ${key}`);
  return f;
}
const num = (sourceId: string, key: string) => new Decimal(String(fact(sourceId, key).value));

describe('seeds/sources.yaml', () => {
  it('is a non-empty list with unique kebab-case ids', () => {
    expect(Array.isArray(sources)).toBe(true);
    expect(sources.length).toBeGreaterThan(0);
    const ids = sources.map((s) => s.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id, id).toMatch(KEBAB);
  });

  it.each(sources.map((s) => [s.id, s] as const))('%s has title, issuer, a known status and a real date', (_id, s) => {
    expect(typeof s.title === 'string' && s.title.trim().length > 0).toBe(true);
    expect(typeof s.issuer === 'string' && s.issuer.trim().length > 0).toBe(true);
    expect(STATUSES).toContain(s.status);
    if (s.date !== undefined) expect(isRealDate(s.date), `date ${String(s.date)}`).toBe(true);
    else expect(typeof s.dateUnknown === 'string' && s.dateUnknown.length > 0, 'date or dateUnknown').toBe(true);
    if (s.url !== undefined) expect(s.url).toMatch(/^https?:\/\/\S+$/);
    for (const c of s.corroboration ?? []) expect(c.url).toMatch(/^https?:\/\/\S+$/);
  });

  it('identifies seed articles by seed file, never by a made-up url', () => {
    for (const s of sources.filter((x) => x.status === 'seed')) {
      expect(s.seedFile, s.id).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      expect(s.id.startsWith(`seed-${s.seedFile!.slice(0, 3)}-`), s.id).toBe(true);
      expect(s.url, s.id).toBeUndefined();
    }
  });

  it('gives every source facts with unique keys, a statement, a known unit and an exact value', () => {
    for (const s of sources) {
      expect(s.facts.length, s.id).toBeGreaterThan(0);
      const keys = s.facts.map((f) => f.key);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i), s.id).toEqual([]);
      for (const f of s.facts) {
        const where = `${s.id} / ${f.key}`;
        expect(typeof f.statement === 'string' && f.statement.length > 0, where).toBe(true);
        expect(f.unit, where).toBeDefined();
        const unit = f.unit!;
        expect(NUMERIC_UNITS.has(unit) || OTHER_UNITS.has(unit), `${where}: unit ${unit}`).toBe(true);
        // Figures are strings so that no value passes through binary floating point.
        expect(typeof f.value, where).toBe('string');
        if (NUMERIC_UNITS.has(unit)) expect(f.value, where).toMatch(DECIMAL);
        if (unit === 'date') expect(isRealDate(f.value), where).toBe(true);
        if (unit === 'boolean') expect(['true', 'false'], where).toContain(f.value);
      }
    }
  });

  it('lets a fact lower its source status but never raise it, and shows the arithmetic of inferred facts', () => {
    for (const s of sources) {
      for (const f of s.facts) {
        if (f.status === undefined) continue;
        const where = `${s.id} / ${f.key}`;
        expect(STATUSES, where).toContain(f.status);
        expect(RANK[f.status], where).toBeLessThanOrEqual(RANK[s.status]);
        if (f.status === 'inferred') expect(typeof f.derivation === 'string' && f.derivation.length > 0, where).toBe(true);
      }
    }
  });
});

describe('recorded arithmetic', () => {
  const chen = 'seed-003-chen-case';

  it('reproduces the Chen case checks (72,600 + 34,700 = 107,300 ≠ 108,300)', () => {
    const total = num(chen, 'chen.totalCost'); // 138300
    const basic = num(chen, 'chen.basicPaid'); // 72600
    const cii = num(chen, 'chen.ciiPaid'); // 34700
    const quoted = num(chen, 'chen.quotedTotalPaid'); // 108300
    expect(basic.plus(cii).toString()).toBe(num(chen, 'chen.check.componentSum').toString()); // 107300
    expect(quoted.minus(basic.plus(cii)).toString()).toBe(num(chen, 'chen.check.gap').toString()); // 1000
    // 108300 / 138300 = 0.78308… → 78.31 %, not the printed 78.28 %
    expect(quoted.div(total).toDecimalPlaces(4).toString()).toBe(num(chen, 'chen.check.quotedTotalOverBill').toString());
    expect(quoted.div(total).toDecimalPlaces(4).eq(num(chen, 'chen.quotedTotalRate'))).toBe(false);
    // 107300 / 138300 = 0.77584… → 77.58 %
    expect(basic.plus(cii).div(total).toDecimalPlaces(4).toString()).toBe(num(chen, 'chen.check.componentSumOverBill').toString());
    // 72600 / 0.60 = 121000 in-policy; 34700 / 0.5945 = 58368.3768 → 58368.38 "high-cost part"
    expect(basic.div(num(chen, 'chen.basicRate')).toString()).toBe(num(chen, 'chen.check.inPolicyCost').toString());
    expect(cii.div(num(chen, 'chen.ciiRate')).toDecimalPlaces(2).toString()).toBe(num(chen, 'chen.check.highCostPart').toString());
    expect(total.minus(num(chen, 'chen.check.inPolicyCost')).toString()).toBe(num(chen, 'chen.check.outOfPolicyCost').toString());
    expect(total.minus(quoted).toString()).toBe(num(chen, 'chen.check.patientPays').toString());
  });

  it('shows the printed 78.28 % fits 108,300 (not 107,300) once amounts are rounded to the hundred', () => {
    const printed = num(chen, 'chen.quotedTotalRate');
    const lo = new Decimal(108250).div(138350);
    const hi = new Decimal(108350).div(138250);
    expect(printed.gte(lo.toDecimalPlaces(4, Decimal.ROUND_DOWN)) && printed.lte(hi)).toBe(true);
    expect(new Decimal(107350).div(138250).lt(printed)).toBe(true);
  });

  it('keeps the childcare subsidy figures consistent (300 × 12 = 3,600; 300 × 24 = 7,200; 300 × 36 = 10,800)', () => {
    const c = 'childcare-subsidy-2025';
    const monthly = num(c, 'childcare.monthlyProration');
    expect(monthly.times(12).eq(num(c, 'childcare.amountPerYear'))).toBe(true);
    expect(monthly.times(24).eq(num(c, 'childcare.example.bornDec2023'))).toBe(true);
    expect(monthly.times(36).eq(num(c, 'childcare.maxPerChild'))).toBe(true);
  });

  it('keeps the resident-insurance subsidy figures consistent (700 − 30 = 670; 700 / 1,100 > 60 %)', () => {
    const s = 'seed-001-scio-2025-06-10';
    const subsidy = num(s, 'residentInsurance.fiscalSubsidy');
    expect(subsidy.minus(num(s, 'residentInsurance.fiscalSubsidyIncrease')).eq(num(s, 'residentInsurance.fiscalSubsidyPrevious'))).toBe(true);
    const funding = num('seed-003-nhsa-2026-advance-funds', 'residentInsurance.perCapitaFunding.2025');
    expect(subsidy.div(funding).gt(num('seed-003-nhsa-2026-advance-funds', 'residentInsurance.governmentShareMin'))).toBe(true);
  });
});

describe('seeds/public-services-catalogue.yaml', () => {
  const { standard, areas } = catalogue;

  it('has area counts that add up to the 81 items, over 9 areas', () => {
    expect(standard.totalItems).toBe(81);
    expect(areas.reduce((sum, a) => sum + a.count, 0)).toBe(standard.totalItems);
    expect(areas.reduce((n, a) => n + (a.combines?.length ?? 1), 0)).toBe(standard.areaCount);
    expect(standard.areaCount).toBe(9);
  });

  it.each(areas.map((a) => [a.id, a] as const))('%s: named items + unnamedItems = count', (_id, a) => {
    expect(Number.isInteger(a.unnamedItems) && a.unnamedItems >= 0).toBe(true);
    expect(a.items.length + a.unnamedItems).toBe(a.count);
    const areaIds = [a.id, ...(a.combines ?? []).map((c) => c.id)];
    for (const item of a.items) expect(areaIds, item.id).toContain(item.area);
  });

  it('records the published seven area counts and derives the combined 13', () => {
    const counts = Object.fromEntries(areas.map((a) => [a.id, a.count]));
    expect(counts).toEqual({
      'early-childhood': 10, education: 9, employment: 12, health: 16, elderly: 4, housing: 3, vulnerable: 14,
      'military-and-culture-sports': 13,
    });
    expect(areas.find((a) => a.id === 'military-and-culture-sports')?.countStatus).toBe('inferred');
  });

  it('keeps the residence figures consistent (62 of 81, 19 remaining)', () => {
    const r = standard.residenceProvided;
    expect(r.of).toBe(standard.totalItems);
    expect(r.count).toBe(62);
    expect(standard.notYetResidenceProvided.count).toBe(standard.totalItems - r.count);
    expect(isRealDate(r.asOf)).toBe(true);
  });

  const counted = areas.flatMap((a) => a.items);
  const related = catalogue.relatedEntitlements;

  it('uses unique item ids and only known provision / encoding words', () => {
    const ids = [...counted, ...related].map((i) => i.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const item of [...counted, ...related]) {
      expect(item.id, item.id).toMatch(KEBAB);
      expect(['residence', 'hukou', 'unknown'], item.id).toContain(item.provision);
      expect(['full', 'partial', 'listed-only'], item.id).toContain(item.encoded);
    }
    for (const item of counted) expect(item.membership, item.id).toBe('inferred');
    for (const item of related) {
      expect(item.countedIn81, item.id).toBe(false);
      expect(areas.map((a) => a.id), item.id).toContain(item.nearestArea);
    }
  });

  it('marks per-item provision unknown unless a source for it is given', () => {
    // a counted item's provision is known only with its own source (prenatal check-ups: by residence)
    for (const item of [...counted, ...related].filter((i) => i.provision !== 'unknown')) {
      expect(byId.has(item.provisionSource ?? ''), item.id).toBe(true);
    }
  });

  it('cites only sources that exist in sources.yaml', () => {
    const cited = [
      standard.totalItemsSource,
      standard.residenceProvided.source,
      ...areas.map((a) => a.source),
      ...counted.map((i) => i.source),
      ...related.map((i) => i.source),
      ...catalogue.provisionMechanisms.map((m) => m.source),
    ];
    for (const id of cited) expect(byId.has(id), `unknown source ${id}`).toBe(true);
  });
});

describe('rulesets cite the registry', () => {
  it('declares every external source a bundled ruleset cites in seeds/sources.yaml', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const known = new Set(sources.map((s) => s.id));
    const missing: string[] = [];
    for (const file of walk('rulesets').filter((f) => f.endsWith('.yaml') && !f.includes('.cases.'))) {
      const ruleset = parse(readFileSync(file, 'utf8')) as { sources?: { id: string; issuer?: string }[] };
      for (const source of ruleset.sources ?? []) {
        // The project's own modelling notes and example values are declared in the ruleset itself.
        const projectOwn = /minsheng-rules project/.test(source.issuer ?? '') || source.id.startsWith('bench-');
        if (!projectOwn && !known.has(source.id)) missing.push(`${file}: ${source.id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every parameter value and every rule of a bundled ruleset a source', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const uncited: string[] = [];
    for (const file of walk('rulesets').filter((f) => f.endsWith('.yaml') && !f.includes('.cases.'))) {
      const ruleset = parse(readFileSync(file, 'utf8')) as {
        parameters?: Record<string, { values?: { from: string; source?: string }[] }>;
        rules?: Record<string, { source?: string }>;
      };
      for (const [name, p] of Object.entries(ruleset.parameters ?? {})) for (const v of p.values ?? []) if (!v.source) uncited.push(`${file}: ${name} from ${v.from}`);
      for (const [name, r] of Object.entries(ruleset.rules ?? {})) if (!r.source) uncited.push(`${file}: rule ${name}`);
    }
    expect(uncited).toEqual([]);
  });
});
