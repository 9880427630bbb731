/**
 * Ledger properties (fast-check) over random person-years of claims under the bundled Nanchang terms (its
 * per-admission deductible, admission-count waiver, annual cap and cumulative CII make later claims depend on
 * earlier ones):
 *   1. reversing a claim and settling it again restores the ledger exactly;
 *   2. the ledger rebuilt from its JSON equals the ledger;
 *   3. parts sum to the total on every claim, in the year and after a reversal;
 *   4. a reversal leaves the claims before it as they were, and the differences it reports are exactly what
 *      changed in the claims after it;
 *   5. reversing the first claim of a two-claim year re-settles the second as a first claim of the year.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../../src/index';
import { rebuildLedger, resettleClaim, reverseClaim, settleClaim, settleYear, type Category, type Claim, type LedgerSettlement } from '../../../src/domains/medical';
import { program } from './helpers';

let nanchang: Program;
beforeAll(async () => {
  nanchang = await program('nanchang');
});

const RUNS = Number(process.env['LEDGER_PROPERTY_RUNS'] ?? 150);

const fen = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
};
const yuan = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const CATS: Category[] = ['ordinary']; // Nanchang publishes no deductible factor for the vulnerable groups (eval/no-value-in-force)

/** 1–6 inpatient claims in 2025 on distinct days (a late claim goes after those of its day), ids c0…, big and small bills. */
const year = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { minLength: 1, maxLength: 6 }),
    bills: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 15_000_000 })), fc.integer({ min: 0, max: 500_000 }), fc.constantFrom('primary', 'secondary', 'tertiary')), { minLength: 6, maxLength: 6 }),
    birthDate: fc.constantFrom('1950-06-01', '1980-01-01', '2021-03-03'),
    category: fc.constantFrom(...CATS),
  })
  .map(({ days, bills, birthDate, category }) => ({
    person: { id: 'p', birthDate, category },
    claims: days.map((d, i): Claim => {
      const [inCat, out, level] = bills[i]!;
      return {
        id: `c${i}`,
        personId: 'p',
        hospitalLevel: level as Claim['hospitalLevel'],
        dischargeDate: new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10),
        bill: { total: yuan(inCat + out), inCatalogue: yuan(inCat) },
      };
    }),
  }));

function partsSum(s: LedgerSettlement): void {
  expect(fen(s.fundPaid) + fen(s.outOfPocket.total)).toBe(fen(s.totalCost));
  const t = s.tiers as unknown as Record<string, string>;
  expect(Object.values(t).reduce((a, v) => a + fen(v), 0n)).toBe(fen(s.fundPaid));
  const r = s.outOfPocket.reasons as unknown as Record<string, string>;
  expect(Object.values(r).reduce((a, v) => a + fen(v), 0n)).toBe(fen(s.outOfPocket.total));
}

describe('ledger properties', () => {
  it('reversing then settling a claim again restores the ledger exactly', () => {
    fc.assert(
      fc.property(year, fc.nat(), ({ person, claims }, pick) => {
        const { ledger } = settleYear(person, claims, { ruleset: nanchang });
        const victim = ledger!.settled[pick % ledger!.settled.length]!;
        const reversed = reverseClaim(json(ledger!), victim.claimId!, { ruleset: nanchang });
        expect(reversed.ledger.settled).toHaveLength(claims.length - 1);
        const again = resettleClaim(json(reversed.ledger), victim.claim, { ruleset: nanchang });
        expect(JSON.stringify(again.ledger)).toBe(JSON.stringify(ledger));
        expect(again.ledger).toEqual(ledger);
      }),
      { numRuns: RUNS },
    );
  });

  it('rebuilds from its JSON to an equal ledger', () => {
    fc.assert(
      fc.property(year, ({ person, claims }) => {
        const { ledger } = settleYear(person, claims, { ruleset: nanchang });
        const stored = JSON.stringify(ledger);
        const rebuilt = rebuildLedger(JSON.parse(stored), { ruleset: nanchang });
        expect(rebuilt).toEqual(ledger);
        expect(JSON.stringify(rebuilt)).toBe(stored);
      }),
      { numRuns: RUNS },
    );
  });

  it('sums parts to the total on every claim, in the year and after a reversal', () => {
    fc.assert(
      fc.property(year, fc.nat(), ({ person, claims }, pick) => {
        const { settlements, ledger } = settleYear(person, claims, { ruleset: nanchang });
        settlements.forEach(partsSum);
        const { resettled } = reverseClaim(ledger!, ledger!.settled[pick % claims.length]!.claimId!, { ruleset: nanchang });
        resettled.forEach(partsSum);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves earlier claims alone and reports exactly what changed after the reversed one', () => {
    fc.assert(
      fc.property(year, fc.nat(), ({ person, claims }, pick) => {
        const { ledger } = settleYear(person, claims, { ruleset: nanchang });
        const k = pick % claims.length;
        const { ledger: after, differences } = reverseClaim(ledger!, ledger!.settled[k]!.claimId!, { ruleset: nanchang });
        expect(after.settled.slice(0, k)).toEqual(ledger!.settled.slice(0, k));
        const changed = new Map(differences.map((d) => [d.claimId, d]));
        after.settled.slice(k).forEach((entry, j) => {
          const old = ledger!.settled[k + 1 + j]!;
          const fields = Object.keys(old.platformFields).filter((f) => old.platformFields[f] !== entry.platformFields[f]);
          const d = changed.get(entry.claimId);
          expect(d?.fields.map((f) => f.field) ?? []).toEqual(fields);
          d?.fields.filter((f) => f.field !== 'pool_prop_selfpay').forEach((f) => expect(fen(f.change)).toBe(fen(f.after) - fen(f.before)));
          if (d) expect(d.index).toBe(k + j);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('re-settles the second claim of a two-claim year as the first of the year when the first is reversed', () => {
    fc.assert(
      fc.property(year.filter((y) => y.claims.length >= 2), ({ person, claims }) => {
        const two = claims.slice(0, 2);
        const { ledger } = settleYear(person, two, { ruleset: nanchang });
        const first = ledger!.settled[0]!.claimId!;
        const second = ledger!.settled[1]!;
        const { resettled } = reverseClaim(ledger!, first, { ruleset: nanchang });
        const alone = settleClaim(second.claim, { ruleset: nanchang });
        expect(resettled[0]!.outputs).toEqual(alone.outputs);
      }),
      { numRuns: RUNS },
    );
  });
});
