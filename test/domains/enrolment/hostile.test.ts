/**
 * assessEnrolment, assessSocialInsuranceSubsidy and planResidentPension under hostile arguments: every argument, and every field of the person
 * and the options, replaced in turn by each hostile value. Each call must return or throw a MinshengError with a
 * code and a path — never a TypeError, never a silently wrong number.
 */
import { describe, expect, it } from 'vitest';
import { assessEnrolment, assessSocialInsuranceSubsidy } from '../../../src/domains/enrolment';
import { planResidentPension } from '../../../src/domains/pension';
import { isMinshengError } from '../../../src/errors';
import { DEEP_OBJECT, HUGE_STRING, WIDE_OBJECT, withOwnProto, withPrototype } from '../../hostile/noise';

const HOSTILE: readonly [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['-1', -1],
  ['NaN', Number.NaN],
  ['1e308', 1e308],
  ["''", ''],
  ["'x'", 'x'],
  ['a symbol', Symbol('s')],
  ['a bigint', 1n],
  ['a function', () => 1],
  ['{}', {}],
  ['[]', []],
  ['10 MB string', HUGE_STRING],
  ['a 100,000-deep object', DEEP_OBJECT],
  ['a 100,000-key object', WIDE_OBJECT],
  ['a Date', new Date(0)],
  ['a prototype-polluting object', withPrototype({ polluted: true })],
  ['an own __proto__ key', withOwnProto({ polluted: true })],
];

function settles(call: () => unknown): string {
  try {
    call();
    return 'returned';
  } catch (e) {
    if (isMinshengError(e)) {
      expect(e.issues.length).toBeGreaterThan(0);
      for (const issue of e.issues) expect(Array.isArray(issue.path ?? [])).toBe(true);
      return e.code;
    }
    throw e;
  }
}

const PERSON = { birthDate: '1959-05-20', hukou: { place: 'CN-31' }, residence: { place: 'CN-31' }, work: { place: 'CN-31', employment: 'flexible' }, student: false, newborn: false, assistanceCategory: 'tekun', enrolment: { late: true, paidOn: '2024-03-01', yearsWithoutCover: 1, continuousYears: 3, zeroClaimLastYear: true } };
const OPTIONS = { ruleset: 'cn/enrolment/shanghai', date: '2024-10-01', place: 'CN-31' };
const PENSIONER = { birthDate: '1980-06-01', yearsContributed: 3, accountBalance: '1200.50', hardshipGroup: 'dibao' };
const PLAN = { ruleset: 'cn/pension/national', date: '2025-06-01', tiers: [100, 500], yearsToContribute: 12 };

describe('assessEnrolment under hostile arguments', () => {
  it('answers the valid call', () => expect(settles(() => assessEnrolment(PERSON as never, OPTIONS as never))).toBe('returned'));
  for (const [name, value] of HOSTILE) {
    it(`settles with ${name} as an argument or any field`, () => {
      settles(() => assessEnrolment(value as never, OPTIONS as never));
      settles(() => assessEnrolment(PERSON as never, value as never));
      for (const key of Object.keys(PERSON)) settles(() => assessEnrolment({ ...PERSON, [key]: value } as never, OPTIONS as never));
      for (const key of Object.keys(PERSON.enrolment)) settles(() => assessEnrolment({ ...PERSON, enrolment: { ...PERSON.enrolment, [key]: value } } as never, OPTIONS as never));
      for (const key of Object.keys(OPTIONS)) settles(() => assessEnrolment(PERSON as never, { ...OPTIONS, [key]: value } as never));
    });
  }
});

describe('planResidentPension under hostile arguments', () => {
  it('answers the valid call', () => expect(settles(() => planResidentPension(PENSIONER as never, PLAN as never))).toBe('returned'));
  for (const [name, value] of HOSTILE) {
    it(`settles with ${name} as an argument or any field`, () => {
      settles(() => planResidentPension(value as never, PLAN as never));
      settles(() => planResidentPension(PENSIONER as never, value as never));
      for (const key of Object.keys(PENSIONER)) settles(() => planResidentPension({ ...PENSIONER, [key]: value } as never, PLAN as never));
      for (const key of Object.keys(PLAN)) settles(() => planResidentPension(PENSIONER as never, { ...PLAN, [key]: value } as never));
      settles(() => planResidentPension(PENSIONER as never, { ...PLAN, tiers: [100, value] } as never));
    });
  }
});

const APPLICANT = { group: 'collegeGraduate', work: 'flexible', leftSchoolOn: '2024-07-01', contributionsPaid: '6000', monthsSubsidisedBefore: 2 };
const SUBSIDY = { ruleset: 'cn/employment/national', date: '2025-06-01' };

describe('assessSocialInsuranceSubsidy under hostile arguments', () => {
  it('answers the valid call', () => expect(settles(() => assessSocialInsuranceSubsidy(APPLICANT as never, SUBSIDY as never))).toBe('returned'));
  for (const [name, value] of HOSTILE) {
    it(`settles with ${name} as an argument or any field`, () => {
      settles(() => assessSocialInsuranceSubsidy(value as never, SUBSIDY as never));
      settles(() => assessSocialInsuranceSubsidy(APPLICANT as never, value as never));
      for (const key of Object.keys(APPLICANT)) settles(() => assessSocialInsuranceSubsidy({ ...APPLICANT, [key]: value } as never, SUBSIDY as never));
      for (const key of Object.keys(SUBSIDY)) settles(() => assessSocialInsuranceSubsidy(APPLICANT as never, { ...SUBSIDY, [key]: value } as never));
    });
  }
});
