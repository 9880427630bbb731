/**
 * "Refuse rather than guess": every example of the issue, one by one, through the domain facades. Each is a
 * MinshengError with a code, a path and a short message — never a silent drop, never a TypeError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/errors';
import { compile, type Program } from '../../src/index';
import { bundledRuleset } from '../../src/bundled/bundled-rulesets';
import { assessHousehold, type Household } from '../../src/domains/assistance';
import { listEntitlements, type Person } from '../../src/domains/entitlements';
import { openYearLedger, settleClaim, settleIntoLedger, settleYear, type Claim } from '../../src/domains/medical';

let gansu: Program;
let nanchang: Program;
let entitlements: Program;

beforeAll(() => {
  gansu = compile(bundledRuleset('cn/assistance/example/gansu'));
  nanchang = compile(bundledRuleset('cn/medical/nanchang'));
  entitlements = compile(bundledRuleset('cn/entitlements/national'));
});

const date = '2025-06-01';
const hukou = { place: 'CN-62', type: 'urban' } as const;
const household = (extra: Record<string, unknown> = {}, member: Record<string, unknown> = {}): Household =>
  ({ members: [{ birthDate: '1985-03-10', relation: 'applicant', hukou, ...member }], incomes: [{ kind: 'wages', monthlyAmount: 3000 }], ...extra }) as unknown as Household;

function issue(fn: () => unknown): { code: string; path: string; message: string } {
  const e = errorOf(fn);
  expect(e.message.length).toBeLessThanOrEqual(2000);
  const first = e.issues[0]!;
  return { code: first.code, path: (first.path ?? []).join('.'), message: first.message };
}

describe('typos inside nested input are refused with the path and a did-you-mean', () => {
  it('household assets: vehicle for vehicles, finacial for financial (once assessed as eligible for 低保)', () => {
    // Without the typo the household is well off: its assets fail the property tests.
    const wealthy = assessHousehold(household({ assets: { financial: '900000', vehicles: 2 } }), { ruleset: gansu, date });
    expect(wealthy.schemes.find((s) => s.scheme === 'minimumLivingAllowance')!.eligible).toBe(false);
    expect(issue(() => assessHousehold(household({ assets: { vehicle: 2 } }), { ruleset: gansu, date }))).toEqual({
      code: 'input/unknown-field',
      path: 'assets.vehicle',
      message: "unknown field 'vehicle' in assets (did you mean 'vehicles'?)",
    });
    expect(issue(() => assessHousehold(household({ assets: { finacial: '900000' } }), { ruleset: gansu, date }))).toMatchObject({ path: 'assets.finacial', message: expect.stringMatching(/did you mean 'financial'/) });
  });

  it('rigidExpenses12m.medicl, members[].disabiltyLevel', () => {
    expect(issue(() => assessHousehold(household({ rigidExpenses12m: { medicl: 5000 } }), { ruleset: gansu, date }))).toMatchObject({ code: 'input/unknown-field', path: 'rigidExpenses12m.medicl', message: expect.stringMatching(/did you mean 'medical'/) });
    expect(issue(() => assessHousehold(household({}, { disabiltyLevel: 'level1' }), { ruleset: gansu, date }))).toMatchObject({ code: 'input/unknown-field', path: 'members.0.disabiltyLevel', message: expect.stringMatching(/did you mean 'disabilityLevel'/) });
  });

  it('person.residense, residence.sinse, hukou.city, person.salary', () => {
    const person = { birthDate: '1990-01-01', hukou: { place: 'CN-62' } };
    const list = (p: unknown) => () => listEntitlements(p as Person, { ruleset: entitlements, date, place: 'CN-62' });
    expect(issue(list({ ...person, residense: { place: 'CN-62' } }))).toMatchObject({ code: 'input/unknown-field', path: 'residense', message: expect.stringMatching(/did you mean 'residence'/) });
    expect(issue(list({ ...person, residence: { place: 'CN-62', sinse: '2020-01-01' } }))).toMatchObject({ path: 'residence.sinse', message: expect.stringMatching(/did you mean 'since'/) });
    expect(issue(list({ ...person, hukou: { place: 'CN-62', city: 'Lanzhou' } }))).toMatchObject({ path: 'hukou.city', message: "unknown field 'city' in hukou (known: place)" });
    expect(issue(list({ ...person, salary: 9000 }))).toMatchObject({ path: 'salary' });
    // The member's residence in a household too.
    expect(issue(() => assessHousehold(household({}, { residence: { place: 'CN-62', sinse: '2020-01-01' } }), { ruleset: gansu, date }))).toMatchObject({ path: 'members.0.residence.sinse' });
  });

  it('claims: a bill or item field misspelt', () => {
    const claim = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01' };
    expect(issue(() => settleClaim({ ...claim, bill: { total: 100, inCatalogue: 100, clasB: 50 } } as never, { ruleset: nanchang }))).toMatchObject({ path: 'bill.clasB', message: expect.stringMatching(/did you mean 'classB'/) });
    expect(issue(() => settleClaim({ ...claim, items: [{ amount: 100, class: 'A', overPriceLimt: 1 }] } as never, { ruleset: nanchang }))).toMatchObject({ path: 'items.0.overPriceLimt' });
  });
});

describe('misuse of the API is a MinshengError with a code', () => {
  const claim: Claim = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01', bill: { total: '1000', inCatalogue: '1000' } };

  it('settleYear(person, null | "x" | {0: claim})', () => {
    for (const claims of [null, 'x', { 0: claim }]) {
      expect(issue(() => settleYear({ id: 'p' }, claims as never, { ruleset: nanchang }))).toMatchObject({ code: 'input/type', path: 'claims' });
    }
  });

  it('settleClaim(claim) without options, or with a ruleset that is not one', () => {
    expect(issue(() => (settleClaim as (c: Claim) => unknown)(claim))).toMatchObject({ code: 'options/invalid' });
    expect(issue(() => settleClaim(claim, { ruleset: 42 as never }))).toMatchObject({ code: 'options/invalid', path: 'ruleset' });
    expect(issue(() => settleClaim(claim, { ruleset: gansu }))).toMatchObject({ code: 'options/invalid', path: 'ruleset', message: expect.stringMatching(/not a medical settlement ruleset/) });
    expect(issue(() => settleClaim(claim, { ruleset: nanchang, rulesets: [] } as never))).toMatchObject({ code: 'options/invalid', path: 'rulesets', message: expect.stringMatching(/did you mean 'ruleset'/) });
  });

  it('a ruleset id string where a program is expected is taken (or refused) by id', () => {
    expect(settleClaim(claim, { ruleset: 'cn/medical/nanchang' }).tiers).toEqual(settleClaim(claim, { ruleset: nanchang }).tiers);
    expect(issue(() => settleClaim(claim, { ruleset: 'cn/medical/atlantis' }))).toMatchObject({ code: 'ruleset/io' });
    expect(issue(() => assessHousehold(household(), 'cn/assistance/example/gansu' as never))).toMatchObject({ code: 'options/invalid' });
  });

  it('a 100,000-deep object or a 10 MB string as an enum value: a short message', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = (deep['a'] = {}) as Record<string, unknown>;
    const a = issue(() => settleClaim({ ...claim, hospitalLevel: root } as never, { ruleset: nanchang }));
    expect(a).toMatchObject({ code: 'input/enum', path: 'hospitalLevel' });
    const b = errorOf(() => settleClaim({ ...claim, hospitalLevel: 'x'.repeat(10_000_000) } as never, { ruleset: nanchang }));
    expect(b.message.length).toBeLessThan(400);
  });
});

describe('ledgers and dates are checked', () => {
  const claim: Claim = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01', bill: { total: '1000', inCatalogue: '1000' } };

  it("settled: 'x', a numeric dischargeDate, policyYear.start '2025-02-30'", () => {
    const ledger = JSON.parse(JSON.stringify(openYearLedger('p', '2025-01-01', { ruleset: nanchang })));
    expect(issue(() => settleIntoLedger(claim, { ...ledger, settled: 'x' }, { ruleset: nanchang }))).toMatchObject({ code: 'input/type', path: 'ledger.settled' });
    const numeric = { ...ledger, settled: [{ dischargeDate: 20250301, fundPaid: '1.00', outOfPocket: '1.00' }] };
    expect(issue(() => settleIntoLedger(claim, numeric, { ruleset: nanchang }))).toMatchObject({ code: 'input/type', path: 'ledger.settled.0.dischargeDate' });
    const feb30 = { ...ledger, policyYear: { ...ledger.policyYear, start: '2025-02-30' } };
    expect(issue(() => settleIntoLedger(claim, feb30, { ruleset: nanchang }))).toMatchObject({ code: 'value/invalid-date', path: 'ledger.policyYear.start' });
    const shifted = { ...ledger, policyYear: { ...ledger.policyYear, start: '2025-02-01' } };
    expect(issue(() => settleIntoLedger(claim, shifted, { ruleset: nanchang }))).toMatchObject({ code: 'ledger/mismatch', path: 'ledger.policyYear' });
    expect(issue(() => settleIntoLedger(claim, { ...ledger, ytd: { ...ledger.ytd, basicPaid: undefined } }, { ruleset: nanchang }))).toMatchObject({ code: 'input/missing', path: 'ledger.ytd.basicPaid' });
  });

  it('a missing bill.inCatalogue is input/missing, as in evaluate', () => {
    expect(issue(() => settleClaim({ ...claim, bill: { total: '1000' } } as never, { ruleset: nanchang }))).toMatchObject({ code: 'input/missing', path: 'bill.inCatalogue' });
  });
});

describe('figures the ruleset published long before the date', () => {
  it('settle with a warning (eval/stale-figures) naming them, and without one on recent dates', () => {
    const claim: Claim = { personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01', bill: { total: '1000', inCatalogue: '1000' } };
    expect(settleClaim(claim, { ruleset: nanchang }).warnings).toEqual([]);
    const late = settleClaim({ ...claim, dischargeDate: '2028-03-01' }, { ruleset: nanchang });
    expect(late.warnings.length).toBeGreaterThan(0);
    expect(late.warnings[0]).toMatchObject({ code: 'eval/stale-figures', path: ['parameters', expect.any(String)] });
    expect(late.warnings[0]!.message).toMatch(/took effect on 2025-01-01, 2 or more years before 2028-03-01/);
  });

  it('assess and list with the same warnings', () => {
    // The example Gansu standard took effect on 2025-01-01: stale from 2027-01-01.
    expect(assessHousehold(household(), { ruleset: gansu, date }).warnings).toEqual([]);
    const late = assessHousehold(household(), { ruleset: gansu, date: '2027-06-01' });
    expect(late.warnings.map((w) => w.code)).toContain('eval/stale-figures');
    expect(late.warnings.map((w) => w.path?.[1])).toContain('dibao.standardDerived');
    expect(listEntitlements({ birthDate: '1990-01-01', hukou: { place: 'CN-62' } }, { ruleset: entitlements, date, place: 'CN-62' }).warnings).toEqual([]);
  });
});
