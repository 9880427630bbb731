/**
 * assessEnrolment: which basic medical-insurance scheme a person may join in one place, what the resident premium
 * is for them, the premium subsidy and the fiscal subsidy, whether a waiting period still stops their benefits,
 * and the continuous-enrolment raise of their critical-illness limit — each with reasons and citations.
 *
 * Thin by design: the rules live in the enrolment rulesets (`rulesets/cn/enrolment/`). A figure the region has
 * not published is never guessed: the answer that needs it is `null` with the figure named in `needs`.
 */
import { z } from 'zod';
import { MinshengError, type Issue } from '../../errors';
import type { Provenance } from '../../engine/program';
import type { RuleTrace } from '../../engine/trace';
import { programFor, type RulesetRef } from '../program-for';
import { checkArg, date as dateSchema, flag, place, requirePlainObject, rulesetRef, strictRecord, wholeNumber } from '../fields';
import { formatDate, parseDate } from '../../period/date';
import { staleFigureWarnings } from '../../engine/stale';
import { placeWithin } from '../assistance/household';
import type { Threshold } from '../assistance/assess';
import { needsOf, reasonOf, thresholdsOf, valueOf, type Evaluated, type RuleReason } from './reasons';

/** 救助类别 for 资助参保: 特困, 低保, 返贫致贫 and other hardship households identified locally. */
export type EnrolmentCategory = 'none' | 'tekun' | 'dibao' | 'relapsedPoor' | 'hardship';
/** How the person works: for an employer, or flexibly (flexible, migrant and platform work). */
export type Employment = 'employee' | 'flexible';

/** The person whose enrolment is assessed. */
export interface EnrolmentPerson {
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** 户籍地 (GB/T 2260 code). */
  readonly hukou: { readonly place: string };
  /** 常住地; without it the person is taken to live at the hukou place. */
  readonly residence?: { readonly place: string };
  /** Where and how they work; absent when not working. */
  readonly work?: { readonly place: string; readonly employment: Employment };
  /** A student (pays the children-and-students premium where a region has one). */
  readonly student?: boolean;
  readonly newborn?: boolean;
  /** Default `none`. */
  readonly assistanceCategory?: EnrolmentCategory;
  /** Enrolment history in the resident scheme. */
  readonly enrolment?: {
    /** Enrolled outside the collection period, or after a break. */
    readonly late?: boolean;
    /** When the premium was paid (needed when `late`). */
    readonly paidOn?: string;
    readonly yearsWithoutCover?: number;
    readonly continuousYears?: number;
    readonly zeroClaimLastYear?: boolean;
  };
}

/** {@link EnrolmentPerson} as a zod schema. */
export const enrolmentPersonSchema = strictRecord(
  {
    birthDate: dateSchema,
    hukou: strictRecord({ place: place('input/enum') }, 'a hukou { place }'),
    residence: strictRecord({ place: place('input/enum') }, 'a residence { place }').optional(),
    work: strictRecord({ place: place('input/enum'), employment: z.enum(['employee', 'flexible']) }, 'work { place, employment }').optional(),
    student: flag.optional(),
    newborn: flag.optional(),
    assistanceCategory: z.enum(['none', 'tekun', 'dibao', 'relapsedPoor', 'hardship']).optional(),
    enrolment: strictRecord(
      {
        late: flag.optional(),
        paidOn: dateSchema.optional(),
        yearsWithoutCover: wholeNumber(0, 100, 'a whole number of years').optional(),
        continuousYears: wholeNumber(0, 150, 'a whole number of years').optional(),
        zeroClaimLastYear: flag.optional(),
      },
      'enrolment { late?, paidOn?, yearsWithoutCover?, continuousYears?, zeroClaimLastYear? }',
    ).optional(),
  },
  'a person { birthDate, hukou, residence?, work?, student?, newborn?, assistanceCategory?, enrolment? }',
);

/** Options of {@link assessEnrolment}. */
export interface EnrolmentOptions {
  /** An enrolment ruleset (`cn/enrolment/national`, `cn/enrolment/shanghai` …), by id or compiled. */
  readonly ruleset: RulesetRef;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Where the person would enrol: GB/T 2260 code inside the ruleset's jurisdiction. */
  readonly place: string;
}

/** {@link EnrolmentOptions} as a zod schema. */
export const enrolmentOptionsSchema: z.ZodType<unknown> = strictRecord({ ruleset: rulesetRef, date: dateSchema, place: place('input/enum') }, 'options { ruleset, date, place }');

/** A yes/no answer; `null` when it needs a figure the region has not published (named in `needs`). */
export interface Answer {
  readonly value: boolean | null;
  readonly needs: readonly string[];
  readonly reasons: readonly RuleReason[];
  /** For a `false` answer: what would have made it `true`. */
  readonly wouldQualifyWith: readonly Threshold[];
}

/** An amount in yuan (2 decimals); `null` when it needs an unpublished figure (named in `needs`). */
export interface Amount {
  readonly amount: string | null;
  readonly needs: readonly string[];
  readonly reasons: readonly RuleReason[];
}

/** The result of {@link assessEnrolment}. */
export interface EnrolmentAssessment {
  readonly date: string;
  readonly place: string;
  readonly provenance: Provenance;
  /** 职工医保: may join here, and must (an employer's employee working here). */
  readonly employeeScheme: Answer & { readonly mandatory: boolean };
  /** 城乡居民医保: may join here. */
  readonly residentScheme: Answer;
  /** The individual premium of the resident scheme for this person (yuan/year). */
  readonly premium: Amount & { readonly group: string | null };
  /** 资助参保: the part of the premium paid for them. */
  readonly premiumSubsidy: Amount & { readonly eligible: boolean };
  /** What they pay themselves. */
  readonly netPremium: Amount;
  /** The national fiscal subsidy per insured resident (paid into the fund, not to the person). */
  readonly fiscalSubsidy: Amount;
  /** Benefits usable on the date (false during a waiting period after late or interrupted enrolment). */
  readonly benefitsAvailable: Answer & { readonly waitingPeriodApplies: boolean | null };
  /** Raise of the critical-illness limit earned by continuous enrolment and a claim-free year. */
  readonly criticalIllnessLimitRaise: Amount;
  readonly trace: readonly RuleTrace[];
  /** `eval/stale-figures` and other problems that did not stop the assessment. */
  readonly warnings: readonly Issue[];
}

const REQUIRED_RULES = ['mayJoinEmployeeSchemeHere', 'mustJoinEmployeeScheme', 'mayJoinResidentSchemeHere', 'individualPremium', 'premiumSubsidy', 'netPremium', 'fiscalSubsidyPerInsured', 'benefitsAvailable', 'ciiLimitRaise'];

function answer(e: Evaluated, rule: string, reasons: readonly string[]): Answer {
  const v = valueOf(e, rule);
  const value = typeof v === 'boolean' ? v : null;
  return { value, needs: needsOf(e, rule), reasons: reasons.map((r) => reasonOf(e, r)), wouldQualifyWith: value === false ? reasons.flatMap((r) => thresholdsOf(e, r)) : [] };
}

function amount(e: Evaluated, rule: string, reasons: readonly string[]): Amount {
  const v = valueOf(e, rule);
  return { amount: typeof v === 'string' ? v : null, needs: needsOf(e, rule), reasons: reasons.map((r) => reasonOf(e, r)) };
}

/**
 * The waiting-period answer. When it is "not yet", the threshold is the months since payment the period needs —
 * the region's figure where published, else the cited floor every region's period is at least (so "at least").
 */
function waiting(e: Evaluated): Answer {
  const base = answer(e, 'benefitsAvailable', ['waitingPeriodApplies', 'monthsSincePaid', 'benefitsAvailable']);
  if (base.value !== false || base.wouldQualifyWith.length > 0) return base;
  const months = valueOf(e, 'monthsSincePaid');
  const known = valueOf(e, 'waitingMonths');
  const floor = e.bounded?.['benefitsAvailable']?.find((b) => b.parameter === 'waitingPeriod.fixedMonths')?.atLeast;
  const need = typeof known === 'number' ? String(known) : floor;
  if (need === undefined || typeof months !== 'number') return base;
  const qualifier = typeof known === 'number' ? '' : ' at least (the region\'s period is not published; this is its cited floor)';
  const threshold: Threshold = {
    test: 'benefitsAvailable',
    quantity: 'monthsSincePaid',
    quantityLabel: e.program.ruleset.rules['monthsSincePaid']?.label ?? { zh: '缴费后已过月数', en: 'Months since the premium was paid' },
    op: '>=',
    value: need,
    current: String(months),
    message: `would qualify with Months since the premium was paid >= ${need}${qualifier} (now ${months})`,
  };
  return { ...base, wouldQualifyWith: [threshold] };
}

/**
 * Assesses a person's basic medical-insurance enrolment in `place` on `date`: the schemes open to them, the
 * resident premium, 资助参保, the fiscal subsidy, the waiting period and the continuous-enrolment incentive.
 *
 * @param person birth date, hukou, residence, work, assistance category and enrolment history
 * @param options the enrolment ruleset (id or program), the date and the place (GB/T 2260)
 * @returns every answer with its reasons and citations; answers needing an unpublished figure are `null` with `needs`
 * @throws MinshengError `options/invalid` (not an enrolment ruleset, bad options), `input/*` (a missing or wrong
 *   field, a place outside the ruleset, dates after `date`), `value/*`, `eval/outside-validity`
 * @example
 * const a = assessEnrolment(
 *   { birthDate: '1959-05-20', hukou: { place: 'CN-31' } },
 *   { ruleset: 'cn/enrolment/shanghai', date: '2024-10-01', place: 'CN-31' },
 * );
 * a.premium.amount; //=> '765.00' (aged 65, Shanghai 2024)
 * @category Enrolment
 */
export function assessEnrolment(person: EnrolmentPerson, options: EnrolmentOptions): EnrolmentAssessment {
  requirePlainObject(options, 'options/invalid', 'assessEnrolment needs options { ruleset, date, place }');
  checkArg(options, enrolmentOptionsSchema, { code: 'options/invalid' });
  const program = programFor(options.ruleset);
  const missing = REQUIRED_RULES.filter((r) => !Object.hasOwn(program.ruleTypes, r));
  if (missing.length > 0) {
    throw new MinshengError({ code: 'options/invalid', message: `ruleset ${program.id} is not an enrolment ruleset (it has no rule ${missing.slice(0, 3).join(', ')}); use one that extends cn/enrolment/national`, path: ['ruleset'] });
  }
  if (!placeWithin(options.place, program.ruleset.jurisdiction)) {
    throw new MinshengError({ code: 'input/enum', message: `place ${options.place} is outside the ruleset's region ${program.ruleset.jurisdiction}: assess with that region's ruleset`, path: ['place'] });
  }
  const day = parseDate(options.date, ['date']);
  requirePlainObject(person, 'input/type', 'the person must be an object { birthDate, hukou, … }');
  const p = checkArg(person, enrolmentPersonSchema, {
    extra: (parsed, issues: Issue[]) => {
      if (parseDate(parsed.birthDate) > day) issues.push({ code: 'input/type', message: `${parsed.birthDate} is after the date ${options.date}`, path: ['birthDate'] });
      const paid = parsed.enrolment?.paidOn;
      if (paid !== undefined && parseDate(paid) > day) issues.push({ code: 'input/type', message: `${paid} is after the date ${options.date}`, path: ['enrolment', 'paidOn'] });
      if (parsed.enrolment?.late === true && paid === undefined && parsed.newborn !== true) {
        issues.push({ code: 'input/missing', message: 'a late or interrupted enrolment needs the date the premium was paid (enrolment.paidOn)', path: ['enrolment', 'paidOn'] });
      }
    },
  });
  const hukouHere = placeWithin(p.hukou.place, options.place);
  const residesHere = p.residence ? placeWithin(p.residence.place, options.place) : hukouHere;
  const worksHere = p.work ? placeWithin(p.work.place, options.place) : false;
  const input: Record<string, unknown> = {
    birthDate: formatDate(parseDate(p.birthDate)),
    hukouHere,
    residesHere,
    worksHere,
    employment: p.work?.employment ?? 'none',
    student: p.student ?? false,
    newborn: p.newborn ?? false,
    category: p.assistanceCategory ?? 'none',
    lateEnrolment: p.enrolment?.late ?? false,
    ...(p.enrolment?.paidOn !== undefined ? { paidOn: formatDate(parseDate(p.enrolment.paidOn)) } : {}),
    yearsWithoutCover: p.enrolment?.yearsWithoutCover ?? 0,
    continuousYears: p.enrolment?.continuousYears ?? 0,
    zeroClaimLastYear: p.enrolment?.zeroClaimLastYear ?? false,
  };
  const result = program.evaluate(input, { date: options.date, trace: true, unknowns: 'report' });
  const trace = result.trace ?? [];
  const e: Evaluated = { program, byName: new Map(trace.map((t) => [t.name, t])), outputs: result.outputs, unknown: result.unknown ?? {}, bounded: result.determinedByBounds ?? {} };
  const group = valueOf(e, 'premiumGroup');
  const applies = valueOf(e, 'waitingPeriodApplies');
  const must = valueOf(e, 'mustJoinEmployeeScheme') === true;
  return {
    date: result.provenance.date,
    place: options.place,
    provenance: result.provenance,
    employeeScheme: { ...answer(e, 'mayJoinEmployeeSchemeHere', ['mayJoinEmployeeSchemeHere', 'mustJoinEmployeeScheme']), mandatory: must },
    residentScheme: answer(e, 'mayJoinResidentSchemeHere', ['mayJoinResidentSchemeHere']),
    premium: { ...amount(e, 'individualPremium', ['premiumGroup', 'individualPremium']), group: typeof group === 'string' ? group : null },
    premiumSubsidy: { ...amount(e, 'premiumSubsidy', ['premiumSubsidyEligible', 'premiumSubsidy']), eligible: valueOf(e, 'premiumSubsidyEligible') === true },
    netPremium: amount(e, 'netPremium', ['netPremium']),
    fiscalSubsidy: amount(e, 'fiscalSubsidyPerInsured', ['fiscalSubsidyPerInsured']),
    benefitsAvailable: { ...waiting(e), waitingPeriodApplies: typeof applies === 'boolean' ? applies : null },
    criticalIllnessLimitRaise: amount(e, 'ciiLimitRaise', ['incentiveYears', 'ciiLimitRaise']),
    trace,
    warnings: staleFigureWarnings(program, result.provenance.date),
  };
}

