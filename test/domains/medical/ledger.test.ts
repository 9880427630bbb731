/**
 * The year ledger as a billing system runs it: reversal (冲正) by claim id with the later claims re-settled and
 * the differences reported, correction and late claims, the year to date, a stored ledger rebuilt from its own
 * content, hostile ledgers refused with codes and paths. Values worked by hand under the bundled Nanchang terms
 * (tertiary: deductible 600 per admission, 60%; CII above 17,000 of the year's cumulative in-policy self-pay at 60%;
 * aged 70+ or 6−: no deductible from the 4th admission of the year).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, loadRuleset, type Program } from '../../../src/index';
import {
  openYearLedger,
  readYearToDate,
  rebuildLedger,
  resettleClaim,
  reverseClaim,
  settleIntoLedger,
  settleYear,
  type Claim,
  type YearLedger,
} from '../../../src/domains/medical';
import { errorOf } from '../../helpers/errors';
import { program } from './helpers';

let nanchang: Program;
let shenzhen: Program;
beforeAll(async () => {
  nanchang = await program('nanchang');
  // Shenzhen does not publish its basic annual cap: 1,000,000 is a test input (NOT Shenzhen's figure), far above
  // these payments so nothing here depends on it (test/domains/medical/employee.test.ts checks that).
  shenzhen = compile(await loadRuleset('rulesets/cn/medical/shenzhen-employee.yaml'), { assume: { 'basic.annualCap': '1000000' } });
});

const stay = (id: string, dischargeDate: string, amount: number, extra: Partial<Claim> = {}): Claim => ({
  id,
  personId: 'chen',
  hospitalLevel: 'tertiary',
  dischargeDate,
  birthDate: '1975-01-01',
  bill: { total: amount, inCatalogue: amount },
  ...extra,
});
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('reverseClaim', () => {
  it('refuses a status history (each entry keeps the status it was settled with) instead of ignoring it', () => {
    const year = settleYear({ id: 'chen', birthDate: '1975-01-01' }, [stay('A', '2025-03-01', 5000)], { ruleset: nanchang });
    const history = [{ status: 'dibao', from: '2025-01-01' }];
    for (const call of [
      () => reverseClaim(year.ledger!, 'A', { ruleset: nanchang, statusHistory: history } as never),
      () => rebuildLedger(year.ledger!, { ruleset: nanchang, statusHistory: history } as never),
    ]) {
      const e = errorOf(call);
      expect(e.code).toBe('options/invalid');
      expect(e.issues[0]!.path).toEqual(['statusHistory']);
    }
  });

  it('re-settles the second claim of a two-claim year without the first one\'s critical-illness base', () => {
    // A (50,000): basic (50,000 − 600) × 60% = 29,640; self-pay 20,360; CII (20,360 − 17,000) × 60% = 2,016.
    // B (20,000) after A: basic (20,000 − 600) × 60% = 11,640; self-pay 8,360; cumulative base 28,720;
    //   CII (28,720 − 17,000) × 60% − 2,016 = 7,032 − 2,016 = 5,016; patient 20,000 − 11,640 − 5,016 = 3,344.
    // B alone (A reversed): base 8,360 < 17,000 → CII 0; patient 8,360.
    const year = settleYear({ id: 'chen', birthDate: '1975-01-01' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 20000)], { ruleset: nanchang });
    expect(year.settlements.map((s) => s.tiers.criticalIllness)).toEqual(['2016.00', '5016.00']);
    const { ledger, reversed, resettled, differences } = reverseClaim(json(year.ledger!), 'A', { ruleset: nanchang });
    expect(reversed?.claimId).toBe('A');
    expect(reversed?.fundPaid).toBe('31656.00'); // 29,640 + 2,016
    expect(resettled.map((s) => [s.claimId, s.tiers.criticalIllness, s.outOfPocket.total])).toEqual([['B', '0.00', '8360.00']]);
    expect(ledger.settled.map((s) => s.claimId)).toEqual(['B']);
    expect(ledger.ytd.criticalBase).toBe('8360.00');
    expect(ledger.ytd.admissions).toBe(1);
    expect(differences).toEqual([
      {
        claimId: 'B',
        dischargeDate: '2025-06-01',
        index: 0,
        fields: expect.arrayContaining([
          { field: 'hifmi_pay', before: '5016.00', after: '0.00', change: '-5016.00' },
          { field: 'fund_pay_sumamt', before: '16656.00', after: '11640.00', change: '-5016.00' },
          { field: 'psn_part_amt', before: '3344.00', after: '8360.00', change: '5016.00' },
          { field: 'psn_cash_pay', before: '3344.00', after: '8360.00', change: '5016.00' },
        ]),
      },
    ]);
    // Only fields that changed are listed: the basic payout of B does not depend on A.
    expect(differences[0]!.fields.map((f) => f.field)).not.toContain('hifp_pay');
  });

  it('re-settles the second admission of a Shenzhen employee year with the first-admission deductible', () => {
    // Shenzhen tier 2, Grade III (tertiary): first admission of the year 600, later ones 300; rate 90% (in service).
    // A then B (10,000 each): B is the 2nd admission → (10,000 − 300) × 90% = 8,730.
    // A reversed: B is the 1st admission → (10,000 − 600) × 90% = 8,460 — 270 less from the fund.
    const claim = (id: string, dischargeDate: string): Claim => ({ id, personId: 'zhang', hospitalLevel: 'tertiary', dischargeDate, bill: { total: 10000, inCatalogue: 10000 } });
    const year = settleYear({ id: 'zhang' }, [claim('A', '2025-03-10'), claim('B', '2025-06-01')], { ruleset: shenzhen });
    expect(year.settlements.map((s) => [s.deductibleApplied, s.tiers.basic])).toEqual([
      ['600.00', '8460.00'],
      ['300.00', '8730.00'],
    ]);
    const { resettled, differences } = reverseClaim(json(year.ledger!), 'A', { ruleset: shenzhen });
    expect(resettled.map((s) => [s.claimId, s.deductibleApplied, s.tiers.basic, s.ytdAfter.admissions])).toEqual([['B', '600.00', '8460.00', 1]]);
    expect(differences[0]!.fields).toEqual(
      expect.arrayContaining([
        { field: 'act_pay_dedc', before: '300.00', after: '600.00', change: '300.00' },
        { field: 'hifp_pay', before: '8730.00', after: '8460.00', change: '-270.00' },
      ]),
    );
  });

  it('makes a later admission an earlier one again: the 4th admission of a 72-year-old loses its deductible waiver', () => {
    // Aged 72 (born 1953): admissions 1–3 pay the 600 tertiary deductible, the 4th none (Nanchang waiver).
    // 4th (10,000): basic 10,000 × 60% = 6,000. Reverse the 1st: it becomes the 3rd → (10,000 − 600) × 60% = 5,640.
    const claims = ['01', '02', '03', '04'].map((m, i) => stay(`S${i + 1}`, `2025-${m}-10`, 10000, { birthDate: '1953-01-01' }));
    const year = settleYear({ id: 'chen', birthDate: '1953-01-01' }, claims, { ruleset: nanchang });
    expect(year.settlements.map((s) => s.deductibleApplied)).toEqual(['600.00', '600.00', '600.00', '0.00']);
    const { ledger, differences } = reverseClaim(year.ledger!, 'S1', { ruleset: nanchang });
    expect(ledger.settled.map((s) => s.platformFields['act_pay_dedc'])).toEqual(['600.00', '600.00', '600.00']);
    expect(ledger.ytd.admissions).toBe(3);
    // S2 and S3 keep their figures; S4 changes deductible and basic payout.
    expect(differences.map((d) => d.claimId)).toEqual(['S4']);
    expect(differences[0]!.fields).toEqual(
      expect.arrayContaining([
        { field: 'act_pay_dedc', before: '0.00', after: '600.00', change: '600.00' },
        { field: 'hifp_pay', before: '6000.00', after: '5640.00', change: '-360.00' },
      ]),
    );
  });

  it('refuses an id the ledger does not hold, and a tampered ledger, with ledger/mismatch and a path', () => {
    const year = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 5000)], { ruleset: nanchang });
    const missing = errorOf(() => reverseClaim(year.ledger!, 'Z', { ruleset: nanchang }));
    expect(missing.issues[0]).toMatchObject({ code: 'ledger/mismatch', path: ['claimId'] });
    expect(missing.message).toContain('"A"');
    const tampered = json(year.ledger!) as unknown as { ytd: { basicPaid: string } };
    tampered.ytd.basicPaid = '1.00';
    expect(errorOf(() => reverseClaim(tampered as unknown as YearLedger, 'A', { ruleset: nanchang })).issues[0]).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'ytd', 'basicPaid'] });
  });
});

describe('resettleClaim', () => {
  it('corrects a claim in place and re-settles the claims after it, reporting both', () => {
    // A corrected from 50,000 to 30,000: basic (30,000 − 600) × 60% = 17,640; self-pay 12,360 < 17,000 → CII 0.
    // B after it: cumulative base 12,360 + 8,360 = 20,720 → CII (20,720 − 17,000) × 60% = 2,232 (was 5,016).
    const year = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 20000)], { ruleset: nanchang });
    const fixed = resettleClaim(year.ledger!, stay('A', '2025-03-01', 30000), { ruleset: nanchang });
    expect(fixed.reversed?.platformFields['hifp_pay']).toBe('29640.00');
    expect(fixed.resettled.map((s) => [s.claimId, s.tiers.basic, s.tiers.criticalIllness])).toEqual([
      ['A', '17640.00', '0.00'],
      ['B', '11640.00', '2232.00'],
    ]);
    expect(fixed.differences.map((d) => d.claimId)).toEqual(['A', 'B']);
    expect(fixed.differences[1]!.fields).toContainEqual({ field: 'hifmi_pay', before: '5016.00', after: '2232.00', change: '-2784.00' });
  });

  it('puts a late claim in its discharge-date place (after the claims of the same day)', () => {
    const first = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 50000), stay('C', '2025-09-01', 20000)], { ruleset: nanchang });
    // B (100,000) arrives late: basic (100,000 − 600) × 60% = 59,640; with A's 29,640 the year has paid 89,280, so
    // C (20,000) finds 100,000 − 89,280 = 10,720 of the annual cap left instead of paying (20,000 − 600) × 60% = 11,640.
    const late = resettleClaim(first.ledger!, stay('B', '2025-06-01', 100000), { ruleset: nanchang });
    expect(late.ledger.settled.map((s) => s.claimId)).toEqual(['A', 'B', 'C']);
    expect(late.reversed).toBeUndefined();
    expect(late.differences).toEqual([{ claimId: 'C', dischargeDate: '2025-09-01', index: 2, fields: expect.arrayContaining([{ field: 'hifp_pay', before: '11640.00', after: '10720.00', change: '-920.00' }]) }]);
    // The same three claims settled as a year give the same ledger.
    const whole = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 100000), stay('C', '2025-09-01', 20000)], { ruleset: nanchang });
    expect(late.ledger).toEqual(whole.ledger);
  });

  it('refuses a claim of another year or person', () => {
    const year = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 5000)], { ruleset: nanchang });
    expect(errorOf(() => resettleClaim(year.ledger!, stay('B', '2026-01-02', 5000), { ruleset: nanchang })).issues[0]).toMatchObject({ code: 'ledger/mismatch', path: ['dischargeDate'] });
    expect(errorOf(() => resettleClaim(year.ledger!, { ...stay('B', '2025-04-01', 5000), personId: 'wang' }, { ruleset: nanchang })).issues[0]).toMatchObject({ code: 'ledger/mismatch', path: ['personId'] });
  });
});

describe('readYearToDate', () => {
  it('returns the accumulators after the claims discharged on or before a date', () => {
    const year = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 20000)], { ruleset: nanchang });
    expect(readYearToDate(year.ledger!, '2025-02-28')).toMatchObject({ claims: 0, ytd: { admissions: 0, basicPaid: '0.00' } });
    expect(readYearToDate(year.ledger!, '2025-03-01')).toMatchObject({ claims: 1, ytd: { admissions: 1, basicPaid: '29640.00', criticalBase: '20360.00' } });
    // 29,640 + 11,640 = 41,280; 20,360 + 8,360 = 28,720
    expect(readYearToDate(json(year.ledger!))).toMatchObject({ asOf: '2025-06-01', claims: 2, ytd: { admissions: 2, basicPaid: '41280.00', criticalBase: '28720.00' } });
  });
});

describe('rebuildLedger', () => {
  it('rebuilds a stored ledger equal to the one stored', () => {
    const year = settleYear({ id: 'chen', birthDate: '1953-01-01' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 20000)], { ruleset: nanchang });
    expect(rebuildLedger(json(year.ledger!), { ruleset: nanchang })).toEqual(year.ledger);
  });

  it('refuses recorded figures its claims do not give, naming each', () => {
    const year = settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 50000), stay('B', '2025-06-01', 20000)], { ruleset: nanchang });
    const stored = json(year.ledger!) as unknown as { settled: { platformFields: Record<string, string>; fundPaid: string }[] };
    stored.settled[0]!.platformFields['hifp_pay'] = '29641.00';
    stored.settled[1]!.fundPaid = '0.00';
    const error = errorOf(() => rebuildLedger(stored as unknown as YearLedger, { ruleset: nanchang }));
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ['ledger/mismatch', ['ledger', 'settled', 0, 'platformFields', 'hifp_pay']],
      ['ledger/mismatch', ['ledger', 'settled', 1, 'fundPaid']],
    ]);
  });
});

describe('hostile ledgers', () => {
  const base = () => json(settleYear({ id: 'chen' }, [stay('A', '2025-03-01', 5000), stay('B', '2025-04-01', 5000)], { ruleset: nanchang }).ledger!) as unknown as Record<string, unknown> & { settled: Record<string, unknown>[] };
  const next = stay('C', '2025-05-01', 5000);
  const refuse = (ledger: unknown) => errorOf(() => settleIntoLedger(next, ledger as YearLedger, { ruleset: nanchang })).issues[0];

  it('accepts a ledger parsed from JSON', () => {
    expect(settleIntoLedger(next, base() as unknown as YearLedger, { ruleset: nanchang }).ledger.settled).toHaveLength(3);
  });
  it('refuses a claim id settled twice', () => {
    const l = base();
    l.settled[1] = { ...l.settled[1], claimId: 'A', claim: { ...(l.settled[1]!['claim'] as object), id: 'A' } };
    expect(refuse(l)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'settled', 1, 'claimId'] });
  });
  it('refuses a settled claim of another person', () => {
    const l = base();
    l.settled[0] = { ...l.settled[0], claim: { ...(l.settled[0]!['claim'] as object), personId: 'wang' } };
    expect(refuse(l)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'settled', 0, 'claim', 'personId'] });
  });
  it('refuses claims out of order and a claim whose date disagrees with its entry', () => {
    const l = base();
    l.settled.reverse();
    expect(refuse(l)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'settled', 1, 'dischargeDate'] });
    const m = base();
    m.settled[0] = { ...m.settled[0], dischargeDate: '2025-03-02' };
    expect(refuse(m)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'settled', 0, 'claim', 'dischargeDate'] });
  });
  it('refuses a year to date that is not the last claim\'s', () => {
    const l = base();
    l['ytd'] = { ...(l['ytd'] as object), admissions: 7 };
    expect(refuse(l)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'ytd', 'admissions'] });
  });
  it('refuses unknown keys, a bad claim inside, bad platform fields and the old format', () => {
    const a = base();
    a.settled[0] = { ...a.settled[0], __proto__x: 1 };
    expect(refuse(a)?.path).toEqual(['ledger', 'settled', 0, '__proto__x']);
    const b = base();
    b.settled[0] = { ...b.settled[0], claim: { ...(b.settled[0]!['claim'] as object), bill: { total: '-1', inCatalogue: '0' } } };
    expect(refuse(b)).toMatchObject({ code: 'value/negative', path: ['ledger', 'settled', 0, 'claim', 'bill', 'total'] });
    const c = base();
    c.settled[0] = { ...c.settled[0], platformFields: { hifp_pay: 'lots' } };
    expect(refuse(c)?.path).toEqual(['ledger', 'settled', 0, 'platformFields']);
    const d = base();
    d['format'] = 'minsheng/medical-ledger@1';
    expect(refuse(d)).toMatchObject({ code: 'ledger/mismatch', path: ['ledger', 'format'] });
    expect(refuse('{"format":"minsheng/medical-ledger@2"}')).toMatchObject({ code: 'ledger/mismatch', path: ['ledger'] });
  });
  it('refuses a claim already settled in the ledger (a correction goes through resettleClaim)', () => {
    expect(errorOf(() => settleIntoLedger(stay('B', '2025-05-01', 5000), base() as unknown as YearLedger, { ruleset: nanchang })).issues[0]).toMatchObject({ code: 'ledger/mismatch', path: ['id'] });
  });
});

describe('openYearLedger', () => {
  it('opens an empty ledger of format @2 for the policy year of the date', () => {
    expect(openYearLedger('chen', '2025-03-15', { ruleset: nanchang })).toEqual({
      format: 'minsheng/medical-ledger@2',
      personId: 'chen',
      ruleset: 'cn/medical/nanchang',
      policyYear: { label: '2025', start: '2025-01-01', end: '2025-12-31' },
      ytd: expect.objectContaining({ admissions: 0, basicPaid: '0.00' }),
      settled: [],
    });
  });
});
