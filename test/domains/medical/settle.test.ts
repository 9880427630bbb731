/**
 * settleClaim / settle / settleYear with real values worked by hand (arithmetic in comments).
 * Nanchang figures are secondary-source values (see rulesets/cn/medical/nanchang.yaml); the
 * "illustrative" region is a test fixture with made-up values for the mechanics no real region publishes.
 */
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../../src/errors';
import { openYearLedger, settleIntoLedger, settleClaim, settleYear, type Claim, type Settlement } from '../../../src/domains/medical';
import { program } from './helpers';

function sum(...xs: string[]): string {
  // exact: amounts are 2-decimal strings, summed in fen
  return (xs.reduce((a, x) => a + BigInt(x.replace('.', '')), 0n) / 1n).toString().replace(/(\d{2})$/, '.$1').replace(/^(-?)\./, '$10.');
}

function error(fn: () => unknown): MinshengError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MinshengError) return e;
    throw e;
  }
  throw new Error('expected a MinshengError');
}

const chen: Claim = {
  id: 'chen',
  personId: 'chen',
  hospitalLevel: 'tertiary',
  dischargeDate: '2025-07-20',
  birthDate: '1975-01-01',
  bill: { total: '138300', inCatalogue: '121000' },
};

describe('settleClaim', () => {
  it('returns a Nanchang tertiary settlement of a bill with a part outside the catalogue', async () => {
    // Test amounts only: the seed-003 article these figures echo names no region (its figures are a reconcile
    // case in rulesets/cn/medical/national.cases.yaml).
    const s = settleClaim(chen, { ruleset: await program('nanchang') });
    // deductible 600; basic (121,000 − 600) × 60% = 72,240
    expect(s.tiers.basic).toBe('72240.00');
    // CII (121,000 − 72,240 − 17,000) × 60% = 31,760 × 60% = 19,056
    expect(s.tiers.criticalIllness).toBe('19056.00');
    expect(s.tiers.medicalAssistance).toBe('0.00');
    // 138,300 − 91,296 = 47,004 = 17,300 out of catalogue + 600 deductible + 29,104 coinsurance
    expect(s.outOfPocket).toEqual({
      total: '47004.00',
      reasons: { selfPayItems: '17300.00', selfPayFirst: '0.00', belowDeductible: '600.00', coinsurance: '29104.00', aboveCap: '0.00' },
      // No account given: the whole share is cash.
      paidBy: { personalAccount: '0.00', familyMutualAid: '0.00', cash: '47004.00' },
    });
    expect(s.policyYear).toBe('2025');
    expect(s.provenance.ruleset).toBe('cn/medical/nanchang');
    expect(s.provenance.chain).toEqual(['cn/medical/national@2026.1.0', 'cn/medical/nanchang@2026.1.0']);
  });

  it('returns platform fields whose identities hold', async () => {
    const s = settleClaim(chen, { ruleset: await program('nanchang') });
    const f = s.platformFields;
    expect(f.medfee_sumamt).toBe(sum(f.fulamt_ownpay_amt, f.overlmt_selfpay, f.preselfpay_amt, f.inscp_scp_amt));
    expect(f.fund_pay_sumamt).toBe(sum(f.hifp_pay, f.hifmi_pay, f.maf_pay, f.oth_pay, f.cvlserv_pay, f.hifes_pay, f.hifob_pay, f.hifdm_pay));
    expect(f.psn_part_amt).toBe(sum(f.acct_pay, f.psn_cash_pay));
    expect(f.act_pay_dedc).toBe('600.00');
    expect(f.pool_prop_selfpay).toBe('0.6');
  });

  it('splits an itemised bill with class B and price limits (illustrative region)', async () => {
    const s = settleClaim(
      {
        personId: 'p',
        hospitalLevel: 'tertiary',
        dischargeDate: '2025-06-01',
        category: 'minimumLivingAllowance',
        items: [
          { amount: '60000', class: 'A' },
          { amount: '10000', class: 'B', overPriceLimit: '500' },
          { amount: '3000', class: 'C' },
        ],
      },
      { ruleset: await program('illustrative') },
    );
    // total 73,000; C 3,000; above limit 500; class-B first (10,000 − 500) × 10% = 950
    expect(s.split).toEqual({
      fullySelfFunded: '3000.00',
      overPriceLimit: '500.00',
      classBSelfPayFirst: '950.00',
      crossRegionSelfPayFirst: '0.00',
      selfPayFirst: '950.00',
      eligibleAmount: '68550.00',
    });
    // 低保: deductible 1,000 × 0.5 = 500; rate 65% + 5 points = 70%; basic (68,550 − 500) × 70% = 47,635
    expect(s.deductibleApplied).toBe('500.00');
    expect(s.basicPayRate).toBe('0.7');
    expect(s.tiers.basic).toBe('47635.00');
    // CII tilted bands from 7,500 at 65%: (68,550 − 47,635 − 7,500) × 65% = 13,415 × 65% = 8,719.75
    expect(s.tiers.criticalIllness).toBe('8719.75');
    // assistance: deductible 0, 70% of (20,915 − 8,719.75 = 12,195.25) = 8,536.675 → 8,536.68
    expect(s.tiers.medicalAssistance).toBe('8536.68');
    // patient 73,000 − 64,891.43 = 8,108.57 = 3,500 + 950 + 500 + 3,158.57
    expect(s.outOfPocket.total).toBe('8108.57');
    expect(s.outOfPocket.reasons).toEqual({ selfPayItems: '3500.00', selfPayFirst: '950.00', belowDeductible: '500.00', coinsurance: '3158.57', aboveCap: '0.00' });
  });

  it('returns the trace on request', async () => {
    const s = settleClaim(chen, { ruleset: await program('nanchang'), trace: true });
    const basic = s.trace?.find((t) => t.name === 'basicPaid');
    expect(basic?.value).toBe('72240.00');
    expect(settleClaim(chen, { ruleset: await program('nanchang') }).trace).toBeUndefined();
  });

  it('stops with eval/no-value-in-force naming the figure a region did not publish', async () => {
    const gansu = await program('gansu');
    const e = error(() => settleClaim({ personId: 'p', hospitalLevel: 'secondary', dischargeDate: '2025-11-20', bill: { total: 10000, inCatalogue: 10000 } }, { ruleset: gansu }));
    expect(e.code).toBe('eval/no-value-in-force');
    // Gansu publishes neither its deductible nor the per-admission rule's figures: the first output that needs one names it.
    expect(e.issues[0]!.path).toEqual(['parameters', expect.stringMatching(/^basic\.deductible/)]);
    const shanghai = await program('shanghai');
    const cap = error(() =>
      settleClaim({ personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2024-06-01', birthDate: '1984-02-02', bill: { total: 10000, inCatalogue: 10000 } }, { ruleset: shanghai }),
    );
    expect(cap.issues[0]!.path).toEqual(['parameters', 'basic.annualCap']);
    const secondary = error(() =>
      settleClaim({ personId: 'p', hospitalLevel: 'secondary', dischargeDate: '2024-06-01', birthDate: '1984-02-02', bill: { total: 10000, inCatalogue: 10000 } }, { ruleset: shanghai }),
    );
    expect(secondary.message).toMatch(/basic\.payRate has no value for 'secondary'/);
    const nanchang = await program('nanchang');
    const dibao = error(() => settleClaim({ ...chen, category: 'minimumLivingAllowance' }, { ruleset: nanchang }));
    expect(dibao.issues[0]!.path).toEqual(['parameters', 'basic.deductibleFactor']);
  });

  it('settles the Gansu further help above 5,000 only where its ratio is needed — and then stops', async () => {
    const gansu = await program('gansu');
    // wholly out of catalogue: no regional figure needed beyond the 80% rate
    const s = settleClaim({ personId: 'p', hospitalLevel: 'secondary', dischargeDate: '2025-08-01', category: 'relapsedOrNewlyPoor', items: [{ amount: 1200, class: 'C' }] }, { ruleset: gansu });
    expect(s.outOfPocket.total).toBe('1200.00');
    expect(s.basicPayRate).toBe('0.8');
  });
});

describe('bad input', () => {
  it('reports negative, non-numeric and over-precise amounts with their path', async () => {
    const nanchang = await program('nanchang');
    const e = error(() =>
      settleClaim(
        { ...chen, bill: undefined, items: [{ amount: '-5', class: 'A' }, { amount: 'abc', class: 'B' }, { amount: '1.234', class: 'C' }] } as unknown as Claim,
        { ruleset: nanchang },
      ),
    );
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['value/negative', ['items', 0, 'amount']],
      ['value/invalid-number', ['items', 1, 'amount']],
      ['value/precision', ['items', 2, 'amount']],
    ]);
  });

  it('reports an in-catalogue amount above the total as claim/invalid', async () => {
    const e = error(() => settleClaim({ ...chen, bill: { total: '1000', inCatalogue: '1200' } }, { ruleset: [] as never }));
    expect(e.code).toBe('claim/invalid');
    expect(e.issues[0]!.path).toEqual(['bill', 'inCatalogue']);
  });

  it('reports unknown hospital levels and categories as input/enum', async () => {
    const nanchang = await program('nanchang');
    const e = error(() => settleClaim({ ...chen, hospitalLevel: 'level3', category: 'poor' } as unknown as Claim, { ruleset: nanchang }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['input/enum', ['hospitalLevel']],
      ['input/enum', ['category']],
    ]);
  });

  it('reports a date outside every ruleset as eval/outside-validity', async () => {
    const rulesets = [await program('nanchang'), await program('shanghai')];
    const e = error(() => settleClaim({ ...chen, dischargeDate: '2023-05-01' }, { ruleset: rulesets }));
    expect(e.code).toBe('eval/outside-validity');
    expect(e.message).toMatch(/outside every ruleset/);
  });

  it('reports impossible dates and a missing bill', async () => {
    const nanchang = await program('nanchang');
    expect(error(() => settleClaim({ ...chen, dischargeDate: '2025-02-29' }, { ruleset: nanchang })).code).toBe('value/invalid-date');
    expect(error(() => settleClaim({ ...chen, bill: undefined } as unknown as Claim, { ruleset: nanchang })).code).toBe('claim/invalid');
  });
});

describe('settle and settleYear', () => {
  const base = { personId: 'li', hospitalLevel: 'tertiary' as const, birthDate: '1980-01-01' };
  const claims: Claim[] = [
    { ...base, id: 'B', dischargeDate: '2025-09-01', bill: { total: 90000, inCatalogue: 90000 } },
    { ...base, id: 'A', dischargeDate: '2025-03-01', bill: { total: 100000, inCatalogue: 100000 } },
    { ...base, id: 'C', dischargeDate: '2026-01-10', admissionDate: '2025-12-20', bill: { total: 20000, inCatalogue: 20000 } },
  ];

  it('settles in discharge order, carries the caps and resets at the policy year', async () => {
    const nanchang = await program('nanchang');
    const { settlements, ledgers, ledger } = settleYear({ id: 'li', birthDate: '1980-01-01' }, claims, { ruleset: nanchang });
    expect(settlements.map((s) => s.claimId)).toEqual(['A', 'B', 'C']);
    const [a, b, c] = settlements as [Settlement, Settlement, Settlement];
    // A: basic (100,000 − 600) × 60% = 59,640; CII (40,360 − 17,000) × 60% = 14,016
    expect([a.tiers.basic, a.tiers.criticalIllness]).toEqual(['59640.00', '14016.00']);
    // B: basic before cap (90,000 − 600) × 60% = 53,640 but only 100,000 − 59,640 = 40,360 left
    expect(b.tiers.basic).toBe('40360.00');
    expect(b.outOfPocket.reasons.aboveCap).toBe('0.00'); // CII (49,640 × 60% = 29,784) relieves the 13,280 above the cap first
    expect(b.tiers.criticalIllness).toBe('29784.00');
    expect(ledgers[0]!.ytd.basicPaid).toBe('100000.00');
    expect(ledgers[0]!.ytd.admissions).toBe(2);
    // C was admitted in 2025 but discharged in 2026: settled in the 2026 year, fresh deductible and cap
    expect(c.policyYear).toBe('2026');
    expect(c.tiers.basic).toBe('11640.00');
    expect(ledger?.policyYear.label).toBe('2026');
    expect(ledger?.ytd.admissions).toBe(1);
  });

  it('gives the same result settled one by one, and after a JSON round trip', async () => {
    const nanchang = await program('nanchang');
    const year = settleYear({ id: 'li' }, claims.slice(0, 2), { ruleset: nanchang });
    let ledger = openYearLedger('li', '2025-03-01', { ruleset: nanchang });
    const one: Settlement[] = [];
    for (const c of [claims[1]!, claims[0]!]) {
      const step = settleIntoLedger(c, JSON.parse(JSON.stringify(ledger)), { ruleset: nanchang });
      one.push(step.settlement);
      ledger = step.ledger;
    }
    expect(one.map((s) => s.outputs)).toEqual(year.settlements.map((s) => s.outputs));
    expect(JSON.parse(JSON.stringify(ledger))).toEqual(JSON.parse(JSON.stringify(year.ledger)));
  });

  it('rejects a ledger of another person or year, or a claim out of order, with ledger/mismatch', async () => {
    const nanchang = await program('nanchang');
    const ledger = openYearLedger('li', '2025-03-01', { ruleset: nanchang });
    expect(error(() => settleIntoLedger({ ...claims[0]!, personId: 'wang' }, ledger, { ruleset: nanchang })).code).toBe('ledger/mismatch');
    expect(error(() => settleIntoLedger(claims[2]!, ledger, { ruleset: nanchang })).code).toBe('ledger/mismatch');
    const after = settleIntoLedger(claims[0]!, ledger, { ruleset: nanchang }).ledger;
    const late = error(() => settleIntoLedger(claims[1]!, after, { ruleset: nanchang }));
    expect(late.code).toBe('ledger/mismatch');
    expect(late.message).toMatch(/discharge-date order/);
    expect(error(() => settleIntoLedger(claims[0]!, { ...ledger, format: 'x' } as never, { ruleset: nanchang })).code).toBe('ledger/mismatch');
    const tampered = { ...ledger, ytd: { ...ledger.ytd, basicPaid: '-1' } };
    expect(error(() => settleIntoLedger(claims[0]!, tampered, { ruleset: nanchang })).code).toBe('value/negative');
  });
});

describe('policy year', () => {
  it('resets the ledger at the policy year the ruleset declares (1 April here)', async () => {
    const { compile, loadRuleset } = await import('../../../src/index');
    const april = compile(await loadRuleset('test/domains/medical/fixtures/illustrative/april-year.yaml'));
    const claim = (id: string, dischargeDate: string): Claim => ({ id, personId: 'p', hospitalLevel: 'secondary', dischargeDate, bill: { total: 200000, inCatalogue: 200000 } });
    const { settlements, ledgers } = settleYear({ id: 'p' }, [claim('a', '2025-03-31'), claim('b', '2025-04-01'), claim('c', '2026-03-31')], { ruleset: april });
    expect(settlements.map((s) => s.policyYear)).toEqual(['2024/25', '2025/26', '2025/26']);
    // a: basic (200,000 − 500) × 80% = 159,600 → cap 150,000; b starts a new year with the full cap again
    expect(settlements.map((s) => s.tiers.basic)).toEqual(['150000.00', '150000.00', '0.00']);
    expect(ledgers.map((l) => [l.policyYear.start, l.policyYear.end])).toEqual([
      ['2024-04-01', '2025-03-31'],
      ['2025-04-01', '2026-03-31'],
    ]);
  });
});
