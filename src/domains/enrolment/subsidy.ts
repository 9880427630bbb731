/**
 * assessSocialInsuranceSubsidy: whether a college graduate or a person with employment difficulties gets a
 * social-insurance subsidy (社会保险补贴) on the contributions they paid, how much, and why.
 *
 * Thin by design: the rules live in `rulesets/cn/employment/`. The share a region pays is not published
 * nationally: the amount is then `null`, naming the figure, while the eligibility and the national ceiling (two
 * thirds of the contributions, for graduates) are still answered.
 */
import { z } from 'zod';
import { MinshengError, type Issue } from '../../errors';
import type { Provenance } from '../../engine/program';
import type { RuleTrace } from '../../engine/trace';
import { programFor, type RulesetRef } from '../program-for';
import { checkArg, date as dateSchema, money, requirePlainObject, rulesetRef, strictRecord, wholeNumber } from '../fields';
import { formatDate, parseDate } from '../../period/date';
import { formatMoney, parseMoney, type MoneyInput } from '../../money/money';
import { staleFigureWarnings } from '../../engine/stale';
import type { Threshold } from '../assistance/assess';
import { needsOf, reasonOf, thresholdsOf, valueOf, type Evaluated, type RuleReason } from './reasons';

/** Who may get the subsidy. */
export type SubsidyGroup = 'none' | 'collegeGraduate' | 'employmentDifficulty';

/** The person applying. */
export interface SubsidyApplicant {
  readonly group: SubsidyGroup;
  /** `flexible` (灵活就业), `employer` (hired by an employer) or `none`. */
  readonly work: 'flexible' | 'employer' | 'none';
  /** For a graduate: the date they left school (`YYYY-MM-DD`). */
  readonly leftSchoolOn?: string;
  /** Social-insurance contributions actually paid in the period applied for. */
  readonly contributionsPaid: MoneyInput;
  /** Months already subsidised (default 0). */
  readonly monthsSubsidisedBefore?: number;
}

/** {@link SubsidyApplicant} as a zod schema. */
export const subsidyApplicantSchema = strictRecord(
  {
    group: z.enum(['none', 'collegeGraduate', 'employmentDifficulty']),
    work: z.enum(['flexible', 'employer', 'none']),
    leftSchoolOn: dateSchema.optional(),
    contributionsPaid: money,
    monthsSubsidisedBefore: wholeNumber(0, 1200, 'a whole number of months').optional(),
  },
  'an applicant { group, work, leftSchoolOn?, contributionsPaid, monthsSubsidisedBefore? }',
);

/** Options of {@link assessSocialInsuranceSubsidy}. */
export interface SubsidyOptions {
  /** A social-insurance subsidy ruleset (`cn/employment/national` or a region's), by id or compiled. */
  readonly ruleset: RulesetRef;
  /** `YYYY-MM-DD`. */
  readonly date: string;
}

/** {@link SubsidyOptions} as a zod schema. */
export const subsidyOptionsSchema: z.ZodType<unknown> = strictRecord({ ruleset: rulesetRef, date: dateSchema }, 'options { ruleset, date }');

/** The result of {@link assessSocialInsuranceSubsidy}. */
export interface SubsidyAssessment {
  readonly date: string;
  readonly provenance: Provenance;
  readonly eligible: boolean;
  /** The subsidy (yuan); `null` when the region's share is not published (`needs`). */
  readonly amount: string | null;
  /** For graduates: the national ceiling, two thirds of the contributions paid. */
  readonly ceiling: string | null;
  /** For graduates: subsidised months left of the 24. */
  readonly monthsLeft: number | null;
  readonly needs: readonly string[];
  readonly reasons: readonly RuleReason[];
  /** For an applicant who does not qualify: what would have made the failed test pass. */
  readonly wouldQualifyWith: readonly Threshold[];
  readonly trace: readonly RuleTrace[];
  readonly warnings: readonly Issue[];
}

const REQUIRED_RULES = ['graduateEligible', 'difficultyEligible', 'graduateSubsidyCeiling', 'graduateMonthsLeft', 'subsidyAmount', 'monthsSinceLeavingSchool'];

/**
 * Assesses a social-insurance subsidy for a college graduate in flexible work (within two years of leaving school,
 * at most two thirds of the contributions, at most 24 months) or a person with employment difficulties.
 *
 * @param applicant the group, the kind of work, when a graduate left school, the contributions paid
 * @param options the subsidy ruleset (id or program) and the date
 * @returns eligibility, the amount (or the unpublished figure it needs), the ceiling, reasons with citations
 * @throws MinshengError `options/invalid`, `input/*` (a graduate without `leftSchoolOn`, dates after `date`), `value/*`
 * @example
 * const s = assessSocialInsuranceSubsidy(
 *   { group: 'collegeGraduate', work: 'flexible', leftSchoolOn: '2024-07-01', contributionsPaid: '6000' },
 *   { ruleset: 'cn/employment/national', date: '2025-06-01' },
 * );
 * s.eligible; //=> true
 * s.ceiling;  //=> '4000.00' (two thirds of 6,000)
 * s.amount;   //=> null (the region's share is not published: s.needs is ['graduate.subsidyShare'])
 * @category Enrolment
 */
export function assessSocialInsuranceSubsidy(applicant: SubsidyApplicant, options: SubsidyOptions): SubsidyAssessment {
  requirePlainObject(options, 'options/invalid', 'assessSocialInsuranceSubsidy needs options { ruleset, date }');
  checkArg(options, subsidyOptionsSchema, { code: 'options/invalid' });
  const program = programFor(options.ruleset);
  const missing = REQUIRED_RULES.filter((r) => !Object.hasOwn(program.ruleTypes, r));
  if (missing.length > 0) {
    throw new MinshengError({ code: 'options/invalid', message: `ruleset ${program.id} is not a social-insurance subsidy ruleset (it has no rule ${missing.slice(0, 3).join(', ')}); use one that extends cn/employment/national`, path: ['ruleset'] });
  }
  const day = parseDate(options.date, ['date']);
  requirePlainObject(applicant, 'input/type', 'the applicant must be an object { group, work, contributionsPaid, … }');
  const a = checkArg(applicant, subsidyApplicantSchema, {
    extra: (parsed, issues: Issue[]) => {
      if (parsed.leftSchoolOn !== undefined && parseDate(parsed.leftSchoolOn) > day) issues.push({ code: 'input/type', message: `${parsed.leftSchoolOn} is after the date ${options.date}`, path: ['leftSchoolOn'] });
      if (parsed.group === 'collegeGraduate' && parsed.leftSchoolOn === undefined) issues.push({ code: 'input/missing', message: 'a graduate needs the date they left school (leftSchoolOn)', path: ['leftSchoolOn'] });
    },
  });
  const input: Record<string, unknown> = {
    group: a.group,
    flexiblyEmployed: a.work === 'flexible',
    employedByEmployer: a.work === 'employer',
    ...(a.leftSchoolOn !== undefined ? { leftSchoolOn: formatDate(parseDate(a.leftSchoolOn)) } : {}),
    contributionsPaid: formatMoney(parseMoney(a.contributionsPaid)),
    monthsSubsidisedBefore: a.monthsSubsidisedBefore ?? 0,
  };
  const result = program.evaluate(input, { date: options.date, trace: true, unknowns: 'report' });
  const trace = result.trace ?? [];
  const e: Evaluated = { program, byName: new Map(trace.map((t) => [t.name, t])), outputs: result.outputs, unknown: result.unknown ?? {}, bounded: result.determinedByBounds ?? {} };
  const test = a.group === 'employmentDifficulty' ? 'difficultyEligible' : 'graduateEligible';
  const eligible = valueOf(e, test) === true;
  const amount = valueOf(e, 'subsidyAmount');
  const graduate = a.group === 'collegeGraduate';
  return {
    date: result.provenance.date,
    provenance: result.provenance,
    eligible,
    amount: typeof amount === 'string' ? amount : null,
    ceiling: graduate ? (valueOf(e, 'graduateSubsidyCeiling') as string | null) : null,
    monthsLeft: graduate ? Number(valueOf(e, 'graduateMonthsLeft')) : null,
    needs: needsOf(e, 'subsidyAmount'),
    reasons: [test, ...(graduate ? ['monthsSinceLeavingSchool', 'graduateSubsidyCeiling'] : []), 'subsidyAmount'].map((r) => reasonOf(e, r)),
    wouldQualifyWith: eligible ? [] : thresholdsOf(e, test),
    trace,
    warnings: staleFigureWarnings(program, result.provenance.date),
  };
}
