/**
 * The domain facades under hostile arguments, for every bundled medical, assistance and entitlements
 * ruleset: settleClaim, settleIntoLedger, settleYear, openYearLedger, assessHousehold, listEntitlements.
 * Each argument gets noise where its type has a place for it (an unknown key in any record, a value of the
 * wrong kind, an invalid date, a boundary number, a record through a prototype), and every options
 * argument is misused. See noise.ts for what every call must satisfy.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compile, type Program } from '../../src/engine/program';
import { findRulesetFiles, loadRulesetCases } from '../../src/node/cases-files';
import { openYearLedger, settleClaim, settleIntoLedger, settleYear, type Claim } from '../../src/domains/medical';
import { claimSchema, insuredPersonSchema, yearClaimSchema, yearLedgerSchema } from '../../src/domains/medical/types';
import { assessHousehold } from '../../src/domains/assistance';
import { householdSchema } from '../../src/domains/assistance/household';
import { listEntitlements, personSchema } from '../../src/domains/entitlements/list';
import { bundledRuleset } from '../../src/bundled/bundled-rulesets';
import {
  DEEP_ARRAY,
  DEEP_OBJECT,
  HUGE_KEY,
  HUGE_STRING,
  PROPERTY_TIMEOUT_MS,
  WIDE_OBJECT,
  assertHostile,
  attempt,
  expectHostileOutcome,
  neverValid,
  noiseFor,
  withOwnProto,
  withPrototype,
  type Kind,
  type Noise,
  type Outcome,
} from './noise';
import { schemaSlots } from './slots';

type Path = readonly (string | number)[];

/** One argument of a call: where noise goes, and how. */
interface Arg {
  readonly name: string;
  readonly value: unknown;
  /** A record or list argument: its schema (noise by its slots). */
  readonly schema?: z.ZodType;
  /** A scalar argument: its kind (noise by replacement). */
  readonly kind?: Kind;
  /** Where its issues are (`['ledger']`). */
  readonly prefix?: Path;
  /** An options argument: misused rather than noised. */
  readonly options?: true;
}

interface Call {
  readonly label: string;
  readonly fn: (...args: unknown[]) => unknown;
  readonly args: readonly Arg[];
}

function noiseOf(arg: Arg): fc.Arbitrary<Noise> {
  if (arg.schema) {
    if (arg.name === 'claims') {
      // A list of claims: noise in one of them (its path inside the list), or the list itself replaced.
      const claims = arg.value as unknown[];
      return fc.oneof(
        fc.nat({ max: claims.length - 1 }).chain((i) =>
          noiseFor(claims[i], schemaSlots(yearClaimSchema, claims[i]), ['claims', i]).map((n) => ({ ...n, what: `claims[${i}]: ${n.what}`, value: claims.map((c, k) => (k === i ? n.value : c)) })),
        ),
        fc.constantFrom(...neverValid('list')).map(([label, v]) => ({ what: `claims replaced by ${label}`, value: v, expect: 'refuse' as const })),
      );
    }
    return noiseFor(arg.value, schemaSlots(arg.schema, arg.value), arg.prefix ?? []);
  }
  return fc.constantFrom(...neverValid(arg.kind!)).map(([label, v]) => ({ what: `${arg.name} replaced by ${label}`, value: v, expect: 'refuse' as const }));
}

/** Misused options: whole values, and each option replaced or added. */
function badOptions(good: Record<string, unknown>, wrongRuleset: Program): [string, unknown][] {
  const fake = { evaluate: () => ({}), ruleset: {} };
  const rulesets: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['1', 1],
    ['{}', {}],
    ['[]', []],
    ['[{}]', [{}]],
    ["['cn/medical/nanchang'] (ids in a list)", ['cn/medical/nanchang']],
    ["'cn/nope'", 'cn/nope'],
    ["'cn/medical/nanchang@^^'", 'cn/medical/nanchang@^^'],
    ["'__proto__'", '__proto__'],
    ["'constructor'", 'constructor'],
    ['10 MB id', HUGE_STRING],
    ['a 300-character id', 'r'.repeat(300)],
    ['a fake program', fake],
    ['a program of another domain', wrongRuleset],
    ['a deep object', DEEP_OBJECT],
  ];
  return [
    ['undefined', undefined],
    ['null', null],
    ["'x'", 'x'],
    ['1', 1],
    ['[]', []],
    ['a function', () => good],
    ['10 MB string', HUGE_STRING],
    ['a 100,000-deep object', DEEP_OBJECT],
    ['a 100,000-deep list', DEEP_ARRAY],
    ['a 100,000-key object', WIDE_OBJECT],
    ['a class instance', new (class Options {})()],
    ['options on a prototype', withPrototype({ ...good })],
    ['an own __proto__ key', withOwnProto({ trace: true }, { ...good })],
    ['a megabyte-long key', { ...good, [HUGE_KEY]: 1 }],
    ['a typo (rulesets)', { ...good, rulesets: good['ruleset'] }],
    ['a typo (Date)', { ...good, Date: '2025-06-01' }],
    ...rulesets.map(([label, v]): [string, unknown] => [`ruleset: ${label}`, { ...good, ruleset: v }]),
    ...neverValid('date').map(([label, v]): [string, unknown] => [`date: ${label}`, { ...good, date: v }]),
    ["trace: 'yes'", { ...good, trace: 'yes' }],
    ["ytd: 'x'", { ...good, ytd: 'x' }],
    ['ytd: { basicPaid: -1 }', { ...good, ytd: { basicPaid: -1 } }],
    ['ytd: { basicpaid: 1 }', { ...good, ytd: { basicpaid: 1 } }],
    ['ytd: { admissions: 1.5 }', { ...good, ytd: { admissions: 1.5 } }],
    ["place: 'CN-'", { ...good, place: 'CN-' }],
    ['place: 10 MB', { ...good, place: HUGE_STRING }],
    ['place: 31', { ...good, place: 31 }],
  ];
}

function run(call: Call, args: readonly unknown[], context: string): Outcome {
  return attempt(() => call.fn(...args), `${call.label}: ${context}`);
}

/** The property for one call: noise in each argument, and the options misused. */
function hostile(call: Call, wrongRuleset: Program): void {
  const baseArgs = call.args.map((a) => a.value);
  const baseline = run(call, baseArgs, 'baseline');
  const noised = call.args.map((a, i) => [a, i] as const).filter(([a]) => !a.options);
  assertHostile(fc.constantFrom(...noised).chain(([arg, i]) => noiseOf(arg).map((noise) => ({ noise, i }))), ({ noise, i }) => {
    const args = baseArgs.map((v, k) => (k === i ? noise.value : v));
    expectHostileOutcome(run(call, args, noise.what), noise, baseline, call.label);
  });
  const o = call.args.findIndex((a) => a.options);
  if (o >= 0) {
    for (const [label, options] of badOptions(call.args[o]!.value as Record<string, unknown>, wrongRuleset)) {
      const args = baseArgs.map((v, k) => (k === o ? options : v));
      expectHostileOutcome(run(call, args, `options ${label}`), { what: `options ${label}`, value: options, expect: 'refuse' }, baseline, call.label);
    }
  }
}

// ───────────────────────────── the subjects ─────────────────────────────

const CLAIM_FIELDS = new Set(['dischargeDate', 'admissionDate', 'birthDate', 'visitType', 'hospitalLevel', 'crossRegion', 'category', 'items', 'bill']);

/** A claim from a medical ruleset's case input: the claim fields, the rest as regional inputs. */
function claimOf(input: Record<string, unknown>): { claim: Record<string, unknown>; ytd?: unknown } {
  const claim: Record<string, unknown> = { id: 'c1', personId: 'p1' };
  const regional: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (CLAIM_FIELDS.has(k)) claim[k] = v;
    else if (k !== 'ytd') regional[k] = v;
  }
  if (Object.keys(regional).length > 0) claim['regional'] = regional;
  return { claim, ...(input['ytd'] !== undefined ? { ytd: input['ytd'] } : {}) };
}

const medical: { file: string; program: Program; claim: Record<string, unknown>; ytd?: unknown }[] = [];
const assistance: { file: string; program: Program }[] = [];
const entitlements: { file: string; program: Program }[] = [];
let someAssistance: Program;
let someMedical: Program;

const files = findRulesetFiles('rulesets').filter((f) => f.includes('/cn/'));

beforeAll(async () => {
  for (const file of files) {
    const { program, cases } = await loadRulesetCases(file);
    if (file.includes('/medical/')) {
      const claims = cases.map((c) => claimOf(c.input as Record<string, unknown>));
      const good = claims.find((c) => attemptQuiet(() => settleClaim(c.claim as unknown as Claim, { ruleset: program, ...(c.ytd ? { ytd: c.ytd as never } : {}) }))) ?? claims[0]!;
      medical.push({ file, program, ...good });
    } else if (file.includes('/assistance/')) assistance.push({ file, program });
    else entitlements.push({ file, program });
  }
  someAssistance = compile(bundledRuleset('cn/assistance/example/gansu'));
  someMedical = compile(bundledRuleset('cn/medical/nanchang'));
}, 120_000);

function attemptQuiet(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

describe('medical facades under hostile arguments', () => {
  it('have a subject for every medical ruleset', () => {
    expect(medical.length).toBe(files.filter((f) => f.includes('/medical/')).length);
  });

  for (const file of files.filter((f) => f.includes('/medical/'))) {
    it(
      `${file}: settleClaim`,
      () => {
        const s = medical.find((m) => m.file === file)!;
        const options = { ruleset: s.program, ...(s.ytd ? { ytd: s.ytd } : {}) };
        hostile({ label: `${file} settleClaim`, fn: settleClaim as never, args: [{ name: 'claim', value: s.claim, schema: claimSchema }, { name: 'options', value: options, options: true }] }, someAssistance);
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      `${file}: settleIntoLedger`,
      () => {
        const s = medical.find((m) => m.file === file)!;
        const claim = s.claim as unknown as Claim;
        const open = attemptQuiet(() => openYearLedger('p1', claim.dischargeDate, { ruleset: s.program })) ? openYearLedger('p1', claim.dischargeDate, { ruleset: s.program }) : undefined;
        // A ledger with one claim settled before (discharged on the first day of the year), when it settles.
        let ledger: unknown = open ? JSON.parse(JSON.stringify(open)) : { format: 'minsheng/medical-ledger@1' };
        if (open) {
          const earlier = { ...claim, id: 'c0', dischargeDate: open.policyYear.start };
          delete (earlier as { admissionDate?: string }).admissionDate;
          try {
            ledger = JSON.parse(JSON.stringify(settleIntoLedger(earlier, open, { ruleset: s.program }).ledger));
          } catch {
            // the open ledger then
          }
        }
        hostile(
          {
            label: `${file} settleIntoLedger`,
            fn: settleIntoLedger as never,
            args: [
              { name: 'claim', value: s.claim, schema: claimSchema },
              { name: 'ledger', value: ledger, schema: yearLedgerSchema, prefix: ['ledger'] },
              { name: 'options', value: { ruleset: s.program }, options: true },
            ],
          },
          someAssistance,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      `${file}: settleYear`,
      () => {
        const s = medical.find((m) => m.file === file)!;
        const { personId: _, ...own } = s.claim;
        const second = { ...own, id: 'c2' };
        const person = { id: 'p1', ...(typeof own['birthDate'] === 'string' ? { birthDate: own['birthDate'] } : {}) };
        hostile(
          {
            label: `${file} settleYear`,
            fn: settleYear as never,
            args: [
              { name: 'person', value: person, schema: insuredPersonSchema, prefix: ['person'] },
              { name: 'claims', value: [own, second], schema: yearClaimSchema },
              { name: 'options', value: { ruleset: s.program }, options: true },
            ],
          },
          someAssistance,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );

    it(
      `${file}: openYearLedger`,
      () => {
        const s = medical.find((m) => m.file === file)!;
        hostile(
          {
            label: `${file} openYearLedger`,
            fn: openYearLedger as never,
            args: [
              { name: 'personId', value: 'p1', kind: 'id' },
              { name: 'date', value: s.claim['dischargeDate'], kind: 'date' },
              { name: 'options', value: { ruleset: s.program }, options: true },
            ],
          },
          someAssistance,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});

describe('assessHousehold under hostile arguments', () => {
  for (const file of files.filter((f) => f.includes('/assistance/'))) {
    it(
      file,
      () => {
        const { program } = assistance.find((a) => a.file === file)!;
        const place = program.ruleset.jurisdiction;
        const household = {
          members: [
            { id: 'm1', birthDate: '1950-03-10', relation: 'applicant', hukou: { place, type: 'urban' }, residence: { place, since: '2000-01-01' }, disabilityLevel: 'level2', workAbility: 'none' },
            { birthDate: '2015-07-01', relation: 'grandchild', hukou: { place, type: 'urban' }, schoolEnrolment: 'primary', seriousIllness: true },
          ],
          incomes: [
            { kind: 'wages', monthlyAmount: '300.50', member: 0, note: 'part-time' },
            { kind: 'childcareSubsidy', monthlyAmount: 300 },
          ],
          assets: { financial: '2000', vehicles: 0, extraHousingUnits: 0 },
          rigidExpenses12m: { medical: '1200', education: 0, disabilityCare: '10.10' },
          legalSupporter: 'unable',
        };
        hostile(
          {
            label: `${file} assessHousehold`,
            fn: assessHousehold as never,
            args: [
              { name: 'household', value: household, schema: householdSchema },
              { name: 'options', value: { ruleset: program, date: '2025-06-01' }, options: true },
            ],
          },
          someMedical,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});

describe('listEntitlements under hostile arguments', () => {
  for (const file of files.filter((f) => f.includes('/entitlements/'))) {
    it(
      file,
      () => {
        const { program } = entitlements.find((a) => a.file === file)!;
        const place = program.ruleset.jurisdiction;
        const person = {
          birthDate: '2023-12-15',
          hukou: { place },
          residence: { place, since: '2024-01-01' },
          enrolments: { residentPension: false, residentMedicalInsurance: true },
          bloodDonation: { donor: false, immediateRelativeOfDonor: true },
          socialInsuranceMonths: 24,
        };
        hostile(
          {
            label: `${file} listEntitlements`,
            fn: listEntitlements as never,
            args: [
              { name: 'person', value: person, schema: personSchema },
              { name: 'options', value: { ruleset: program, date: '2025-06-01', place }, options: true },
            ],
          },
          someMedical,
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});
