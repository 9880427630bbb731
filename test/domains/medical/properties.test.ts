/**
 * Settlement invariants as properties (fast-check) over random person-years of claims in every bundled
 * medical region and in the illustrative test region:
 *   1. parts sum exactly: total = self-funded + above-limit + self-pay-first + in-policy; total = funds + patient;
 *      funds = Σ tiers; patient = Σ reasons; platform identities hold;
 *   2. no part is negative;
 *   3. no cap is exceeded over a year of claims (basic, outpatient, CII for non-tilted members, assistance);
 *   4. paying more never lowers any tier's payout;
 *   5. a vulnerable-group member never gets less than an ordinary member for the same claim;
 *   6. settling a year's claims one by one through the ledger (with a JSON round trip) equals settleYear.
 *
 * Real regions only publish part of their terms, so each region's generator stays inside what it can settle
 * (e.g. Shanghai: claims with no basic payout, because its annual cap is not published); a separate property
 * checks that claims outside that domain fail with eval/no-value-in-force instead of giving a number.
 *
 * MEDICAL_PROPERTY_CLAIMS sets how many random claims in total. Default 100,000 (~20 s on a 2-core machine,
 * since the engine's fixed-point fast path covers the medical rulesets' record and list inputs).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MinshengError } from '../../../src/errors';
import type { Program } from '../../../src/index';
import { openYearLedger, settleIntoLedger, settleClaim, settleYear, type Category, type Claim, type Settlement, type YearToDate } from '../../../src/domains/medical';
import { EMPTY_YTD } from '../../../src/domains/medical/claim';
import { program } from './helpers';

const TOTAL = Number(process.env['MEDICAL_PROPERTY_CLAIMS'] ?? 100_000);
const TIMEOUT = Math.max(60_000, TOTAL * 3); // ~1.5 ms per random claim measured, doubled
const AVG_CLAIMS_PER_YEAR = 3.5; // years of 1–6 claims
let settled = 0; // random claims generated and settled (the year's claims)
let evaluations = 0; // every settlement computed, including re-settlements and variants
const started = performance.now();

type Region = 'illustrative' | 'nanchang' | 'shanghai' | 'gansu';
const SHARE: Record<Region, number> = { illustrative: 0.55, nanchang: 0.3, shanghai: 0.075, gansu: 0.075 };
const programs = {} as Record<Region, Program>;

beforeAll(async () => {
  for (const r of Object.keys(SHARE) as Region[]) programs[r] = await program(r);
});

afterAll(() => {
  console.log(`medical properties: ${settled} random claims (${evaluations} settlements) in ${((performance.now() - started) / 1000).toFixed(1)} s (target ${TOTAL})`);
});

// ── exact helpers (fen as bigint) ──
const fen = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
};
const yuan = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

// ── generators ──
const cents = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 500_000 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 30_000_000 }), weight: 1 });
const CATS: Category[] = ['ordinary', 'extremelyPoorPerson', 'minimumLivingAllowance', 'lowIncomeMarginalHousehold', 'relapsedOrNewlyPoor', 'illnessImpoverishedPatient'];

function dateIn(fromYear: number, toYear: number): fc.Arbitrary<string> {
  return fc.date({ min: new Date(Date.UTC(fromYear, 0, 1)), max: new Date(Date.UTC(toYear, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
}

function items(classes: readonly ('A' | 'B' | 'C')[]): fc.Arbitrary<Claim['items']> {
  return fc.array(
    fc.record({ amount: cents, class: fc.constantFrom(...classes), over: fc.integer({ min: 0, max: 100 }) }).map(({ amount, class: cls, over }) => {
      const overPriceLimit = cls === 'C' || over > 20 ? 0 : Math.floor((amount * over) / 100);
      return { amount: yuan(amount), class: cls, ...(overPriceLimit > 0 ? { overPriceLimit: yuan(overPriceLimit) } : {}) };
    }),
    { minLength: 1, maxLength: 5 },
  );
}

function bill(withClassB: boolean, inCatalogueMax?: number): fc.Arbitrary<NonNullable<Claim['bill']>> {
  return fc.record({ total: cents, inPct: fc.integer({ min: 0, max: 100 }), bPct: fc.integer({ min: 0, max: 100 }), oPct: fc.integer({ min: 0, max: 10 }) }).map(({ total, inPct, bPct, oPct }) => {
    let inCatalogue = Math.floor((total * inPct) / 100);
    if (inCatalogueMax !== undefined) inCatalogue = Math.min(inCatalogue, inCatalogueMax);
    const over = Math.floor((inCatalogue * oPct) / 100);
    const classB = withClassB ? Math.floor(((inCatalogue - over) * bPct) / 100) : 0;
    return { total: yuan(total), inCatalogue: yuan(inCatalogue), ...(classB ? { classB: yuan(classB) } : {}), ...(over ? { overPriceLimit: yuan(over) } : {}) };
  });
}

function claimFor(region: Region): fc.Arbitrary<Claim> {
  const common = { personId: 'p' };
  switch (region) {
    case 'illustrative':
      return fc
        .record({
          visitType: fc.constantFrom('inpatient', 'inpatient', 'outpatient', 'chronicOutpatient' as const),
          hospitalLevel: fc.constantFrom('primary', 'secondary', 'tertiary' as const),
          crossRegion: fc.constantFrom('none', 'none', 'filedLongTerm', 'referred', 'unfiled' as const),
          category: fc.constantFrom(...CATS),
          dischargeDate: dateIn(2025, 2026),
          body: fc.oneof(items(['A', 'B', 'C']).map((i) => ({ items: i })), bill(true).map((b) => ({ bill: b }))),
        })
        .map(({ body, ...rest }) => ({ ...common, ...rest, ...body }) as Claim);
    case 'nanchang':
      return fc
        .record({
          hospitalLevel: fc.constantFrom('primary', 'secondary', 'tertiary' as const),
          crossRegion: fc.constantFrom('none', 'none', 'referred', 'unfiled' as const),
          dischargeDate: dateIn(2025, 2026),
          body: fc.oneof(items(['A', 'C']).map((i) => ({ items: i })), bill(false).map((b) => ({ bill: b }))),
        })
        .map(({ body, ...rest }) => ({ ...common, ...rest, ...body }) as Claim);
    case 'gansu':
      return fc
        .record({ category: fc.constantFrom(...CATS), dischargeDate: dateIn(2025, 2026), body: items(['C']) })
        .map(({ body, ...rest }) => ({ ...common, hospitalLevel: 'secondary', ...rest, items: body }) as Claim);
    case 'shanghai':
      return fc.oneof(
        fc
          .record({ hospitalLevel: fc.constantFrom('primary', 'tertiary' as const), dischargeDate: dateIn(2024, 2024), body: items(['C']) })
          .map(({ body, ...rest }) => ({ ...common, ...rest, items: body }) as Claim),
        // outpatient visits that stay within the smallest annual deductible (≤ 6 × 50 = 300)
        fc
          .record({ hospitalLevel: fc.constantFrom('primary', 'secondary', 'tertiary' as const), dischargeDate: dateIn(2024, 2024), body: bill(false, 5000) })
          .map(({ body, ...rest }) => ({ ...common, visitType: 'outpatient', ...rest, bill: body }) as Claim),
      );
  }
}

const birthDate = dateIn(1930, 2023);

// ── invariants of one settlement (plain checks: vitest's expect costs ~25 µs a call) ──
function check(ok: boolean, what: string, ...context: unknown[]): void {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(context)}`);
}
const MONEY_OUTPUTS = ['totalCost', 'fullySelfFunded', 'overPriceLimit', 'classBSelfPayFirst', 'crossRegionSelfPayFirst', 'selfPayFirst', 'eligibleAmount', 'deductibleApplied', 'basicPaid', 'criticalPaid', 'assistancePaid', 'extraHelpPaid', 'fundPaid', 'outOfPocket', 'oopSelfPayItems', 'oopSelfPayFirst', 'oopBelowDeductible', 'oopCoinsurance', 'oopAboveCap'];

function checkParts(s: Settlement): void {
  const o = s.outputs as Record<string, string>;
  for (const name of MONEY_OUTPUTS) check(fen(o[name]!) >= 0n, `${name} is negative`, o);
  const f = (n: string) => fen(o[n]!);
  check(f('totalCost') === f('fullySelfFunded') + f('overPriceLimit') + f('selfPayFirst') + f('eligibleAmount'), 'bill split does not sum to the total', o);
  check(f('totalCost') === f('fundPaid') + f('outOfPocket'), 'funds + patient ≠ total', o);
  check(f('fundPaid') === f('basicPaid') + f('criticalPaid') + f('assistancePaid') + f('extraHelpPaid'), 'tiers do not sum to the funds', o);
  check(f('outOfPocket') === f('oopSelfPayItems') + f('oopSelfPayFirst') + f('oopBelowDeductible') + f('oopCoinsurance') + f('oopAboveCap'), 'reasons do not sum to the patient share', o);
  const p = s.platformFields;
  check(fen(p.medfee_sumamt) === fen(p.fulamt_ownpay_amt) + fen(p.overlmt_selfpay) + fen(p.preselfpay_amt) + fen(p.inscp_scp_amt), 'platform identity', p);
}

const CAPS: Record<Region, { basic?: bigint; outpatient?: bigint; critical?: bigint; assistance?: Partial<Record<Category, bigint>> }> = {
  illustrative: {
    basic: 15_000_000n,
    outpatient: 300_000n,
    critical: 40_000_000n,
    assistance: { extremelyPoorPerson: 10_000_000n, minimumLivingAllowance: 6_000_000n, lowIncomeMarginalHousehold: 4_000_000n, relapsedOrNewlyPoor: 4_000_000n, illnessImpoverishedPatient: 3_000_000n },
  },
  nanchang: { basic: 10_000_000n, critical: 30_000_000n },
  shanghai: {},
  gansu: {},
};
const TILTED: Category[] = ['extremelyPoorPerson', 'minimumLivingAllowance', 'relapsedOrNewlyPoor'];

function checkCaps(region: Region, s: Settlement, before: YearToDate, category: Category): void {
  const caps = CAPS[region];
  if (caps.basic !== undefined) check(fen(s.ytdAfter.basicPaid) <= caps.basic, 'basic cap exceeded', s.ytdAfter);
  if (caps.outpatient !== undefined) check(fen(s.ytdAfter.outpatientBasicPaid) <= caps.outpatient, 'outpatient cap exceeded', s.ytdAfter);
  if (caps.critical !== undefined && !TILTED.includes(category)) {
    const left = caps.critical - fen(before.criticalPaid);
    check(fen(s.tiers.criticalIllness) <= (left > 0n ? left : 0n), 'CII cap exceeded', s.tiers, before);
  }
  const limit = caps.assistance?.[category];
  if (limit !== undefined) {
    const left = limit - fen(before.assistancePaid);
    check(fen(s.tiers.medicalAssistance) <= (left > 0n ? left : 0n), 'assistance limit exceeded', s.tiers, before);
  }
}

/** The same claim with `extra` fen more of its first in-policy (or, for C-only regions, self-funded) amount. */
function costlier(claim: Claim, extra: number, region: Region): Claim {
  const add = (v: string | number, c: number) => yuan(Number(fen(String(v))) + c);
  if (claim.items) {
    const idx = region === 'shanghai' || region === 'gansu' ? 0 : claim.items.findIndex((i) => i.class !== 'C');
    const k = idx < 0 ? 0 : idx;
    return { ...claim, items: claim.items.map((it, i) => (i === k ? { ...it, amount: add(it.amount, extra) } : it)) };
  }
  const b = claim.bill!;
  const inCatalogueToo = !(region === 'shanghai' && claim.visitType !== 'outpatient');
  return { ...claim, bill: { ...b, total: add(b.total, extra), inCatalogue: inCatalogueToo && region !== 'shanghai' ? add(b.inCatalogue, extra) : b.inCatalogue } };
}

function yearProperty(region: Region) {
  return fc.property(fc.array(claimFor(region), { minLength: 1, maxLength: 6 }), birthDate, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 2_000_000 }), (claims, born, pick, extra) => {
    const ruleset = programs[region];
    const person = { id: 'p', birthDate: born };
    const year = settleYear(person, claims, { ruleset });
    settled += claims.length;
    evaluations += claims.length;
    const sorted = [...claims].map((c, i) => ({ c: { ...c, birthDate: born }, i })).sort((a, b) => (a.c.dischargeDate < b.c.dischargeDate ? -1 : a.c.dischargeDate > b.c.dischargeDate ? 1 : a.i - b.i));
    // (1)(2)(3)
    let before: YearToDate = EMPTY_YTD;
    let label = '';
    year.settlements.forEach((s, idx) => {
      if (s.policyYear !== label) {
        before = EMPTY_YTD;
        label = s.policyYear;
      }
      checkParts(s);
      checkCaps(region, s, before, sorted[idx]!.c.category ?? 'ordinary');
      before = s.ytdAfter;
    });
    // (6) one by one through the ledger, stored and read back as JSON between claims
    let ledger = openYearLedger('p', sorted[0]!.c.dischargeDate, { ruleset });
    const one: unknown[] = [];
    for (const { c } of sorted) {
      if (!c.dischargeDate.startsWith(ledger.policyYear.label)) ledger = openYearLedger('p', c.dischargeDate, { ruleset });
      const step = settleIntoLedger(c, JSON.parse(JSON.stringify(ledger)), { ruleset });
      one.push(step.settlement.outputs);
      ledger = step.ledger;
    }
    evaluations += claims.length;
    check(JSON.stringify(one) === JSON.stringify(year.settlements.map((s) => s.outputs)), 'ledger one by one ≠ settleYear');
    // (4) one claim of the year, with more cost, against the same year-to-date
    const k = pick % year.settlements.length;
    const target = sorted[k]!.c;
    const ytd = k === 0 || year.settlements[k - 1]!.policyYear !== year.settlements[k]!.policyYear ? EMPTY_YTD : year.settlements[k - 1]!.ytdAfter;
    const base = year.settlements[k]!;
    const more = settleClaim(costlier(target, extra, region), { ruleset, ytd });
    settled += 1;
    evaluations += 1;
    checkParts(more);
    for (const tier of ['basic', 'criticalIllness', 'medicalAssistance', 'extraHelp'] as const) {
      check(fen(more.tiers[tier]) >= fen(base.tiers[tier]), `${tier} fell when the bill grew`, base.tiers, more.tiers);
    }
    // (5) the same claim for an ordinary member and for each vulnerable group
    if (region === 'illustrative' || region === 'gansu') {
      const ordinary = settleClaim({ ...target, category: 'ordinary' }, { ruleset, ytd });
      evaluations += 1;
      for (const cat of CATS.slice(1)) {
        const v = settleClaim({ ...target, category: cat }, { ruleset, ytd });
        evaluations += 1;
        check(fen(v.outOfPocket.total) <= fen(ordinary.outOfPocket.total), `${cat} pays more than an ordinary member`, target, v.outputs, ordinary.outputs);
      }
    }
  });
}

describe('settlement properties', () => {
  for (const region of Object.keys(SHARE) as Region[]) {
    const runs = Math.max(1, Math.ceil((SHARE[region] * TOTAL) / (AVG_CLAIMS_PER_YEAR + 1)));
    it(`hold for ${region} (${runs} person-years)`, () => {
      fc.assert(yearProperty(region), { numRuns: runs, seed: Number(process.env['MEDICAL_PROPERTY_SEED'] ?? 20260115) });
    }, TIMEOUT);
  }

  it('settled at least the configured number of claims', () => {
    expect(settled).toBeGreaterThanOrEqual(Math.floor(TOTAL * 0.9));
  });

  it('gives eval/no-value-in-force, never a number, for claims a region cannot settle', () => {
    const outside: [Region, Claim][] = [
      ['nanchang', { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-05-01', birthDate: '1970-01-01', category: 'minimumLivingAllowance', bill: { total: 1000, inCatalogue: 1000 } }],
      ['nanchang', { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-05-01', birthDate: '1970-01-01', bill: { total: 1000, inCatalogue: 1000, classB: 100 } }],
      ['nanchang', { personId: 'p', visitType: 'chronicOutpatient', hospitalLevel: 'tertiary', dischargeDate: '2025-05-01', birthDate: '1970-01-01', bill: { total: 1000, inCatalogue: 1000 } }],
      ['shanghai', { personId: 'p', hospitalLevel: 'primary', dischargeDate: '2024-05-01', birthDate: '1970-01-01', bill: { total: 1000, inCatalogue: 1000 } }],
      ['gansu', { personId: 'p', hospitalLevel: 'secondary', dischargeDate: '2025-05-01', bill: { total: 1000, inCatalogue: 1 } }],
      ['gansu', { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-05-01', items: [{ amount: 5, class: 'C' }] }],
    ];
    for (const [region, claim] of outside) {
      let code: string | undefined;
      try {
        settleClaim(claim, { ruleset: programs[region] });
      } catch (e) {
        if (e instanceof MinshengError) code = e.code;
        else throw e;
      }
      expect(code, `${region} ${JSON.stringify(claim)}`).toBe('eval/no-value-in-force');
    }
  });
});
