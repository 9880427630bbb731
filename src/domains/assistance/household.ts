/**
 * The household a social-assistance assessment is about: typed (each type with its zod schema), validated,
 * and mapped onto the inputs of an assistance ruleset (`cn/assistance/*`). Validation reports every problem
 * at once, each with its path (`members[1].birthDate`), and guesses nothing: a missing required field is an
 * error, not a default, and a key the type does not declare (`assets.vehicle` for `vehicles`) is an error
 * with the closest declared name — at any depth.
 */
import { z } from 'zod';
import { parseMoney } from '../../money/money';
import { formatDate, parseDate } from '../../period/date';
import { checkArg, date as dateSchema, flag, id, money, place, requirePlainObject, strictRecord, text, wholeNumber, MAX_NOTE } from '../fields';
import { expecting } from '../../engine/options';

import type { MoneyInput } from '../../money/money';
export type { MoneyInput };

/** How a member is related to the applicant (申请人). */
export type Relation = 'applicant' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandparent' | 'grandchild' | 'other';
/** 残疾等级: level1 is the most severe; none when the member has no certified disability. */
export type DisabilityLevel = 'none' | 'level1' | 'level2' | 'level3' | 'level4';
/**
 * 残疾类别 (GB/T 26341): 特困's "no capacity to work" depends on the type as well as the level (intellectual or
 * mental levels 1–3, physical 1–2, visual 1 — see the assistance ruleset's `tekun.maxDisabilityLevel`).
 */
export type DisabilityType = 'intellectual' | 'mental' | 'physical' | 'visual' | 'hearing' | 'speech' | 'multiple';
/** 劳动能力. */
export type WorkAbility = 'full' | 'partial' | 'none';
/** School enrolment (在学情况). */
export type SchoolEnrolment = 'none' | 'preschool' | 'primary' | 'juniorSecondary' | 'seniorSecondary' | 'vocational' | 'higher';
/**
 * Kinds of household income. Which kinds count is data in the assistance ruleset, per scheme (`income.counted`
 * for 低保 and the edge and rigid-expenditure tests, `income.countedTekun` for 特困):
 * - `wages`, `operating`, `property`, `transfer` (other transfer income, e.g. support paid by relatives);
 * - `retirementPension` 离退休金 (counted by both);
 * - `residentBasicPensionCentral` the centrally set basic pension of the resident pension scheme (not counted for
 *   特困; not for 低保 in 2021–2025), `residentPensionOther` the rest of a resident pension (local top-up,
 *   personal-account pension);
 * - `medicalInsuranceReimbursement`, `preferentialPension` 优待抚恤金, `elderlyAllowance` 高龄津贴,
 *   `familyPlanningAward` 计划生育奖励与扶助金, `rewardSubsidy` 奖学金/见义勇为等奖励性补助, `socialAssistance`
 *   政府发放的社会救助款物, `childcareSubsidy` the national 育儿补贴 (never counted).
 */
export type IncomeKind =
  | 'wages'
  | 'operating'
  | 'property'
  | 'transfer'
  | 'retirementPension'
  | 'residentBasicPensionCentral'
  | 'residentPensionOther'
  | 'medicalInsuranceReimbursement'
  | 'preferentialPension'
  | 'elderlyAllowance'
  | 'familyPlanningAward'
  | 'rewardSubsidy'
  | 'socialAssistance'
  | 'childcareSubsidy';

/** A place: `CN` or `CN-` + a GB/T 2260 division code (`CN-31` Shanghai, `CN-360100` Nanchang), with an urban/rural type. */
export interface HukouPlace {
  /** GB/T 2260 code, e.g. `CN-62` (Gansu) or `CN-360100` (Nanchang). */
  readonly place: string;
  /** 城镇 / 农村 户籍: which of the place's standards applies. */
  readonly type: 'urban' | 'rural';
}

/** Where a member lives, and since when (`YYYY-MM-DD`). */
export interface Residence {
  readonly place: string;
  readonly since?: string;
}

/** One co-resident household member (共同生活家庭成员). */
export interface HouseholdMember {
  /** Your own identifier, echoed in messages. */
  readonly id?: string;
  /** `YYYY-MM-DD`; required. */
  readonly birthDate: string;
  /** Relation to the applicant; required. Exactly one member should be the applicant (else the first member is used). */
  readonly relation: Relation;
  readonly disabilityLevel?: DisabilityLevel;
  /** Required with a disability level other than `none`: the rules for 特困 depend on it. */
  readonly disabilityType?: DisabilityType;
  readonly seriousIllness?: boolean;
  /** Default `full`. */
  readonly workAbility?: WorkAbility;
  /** 户籍地; required. The applicant's hukou decides which standard applies. */
  readonly hukou: HukouPlace;
  readonly residence?: Residence;
  readonly schoolEnrolment?: SchoolEnrolment;
}

/** One source of household income, as a monthly amount (the monthly average of the assessment period). */
export interface IncomeItem {
  readonly kind: IncomeKind;
  readonly monthlyAmount: MoneyInput;
  /** Index into `members` of who receives it (informational). */
  readonly member?: number;
  readonly note?: string;
}

/** Household property (家庭财产). */
export interface HouseholdAssets {
  /** Deposits, securities and other financial assets, total. */
  readonly financial?: MoneyInput;
  /** Motor vehicles other than those the local rules exempt. */
  readonly vehicles?: number;
  /** Housing units beyond the first home. */
  readonly extraHousingUnits?: number;
}

/** Rigid expenses (刚性支出) over the last 12 months. */
export interface RigidExpenses {
  readonly medical?: MoneyInput;
  readonly education?: MoneyInput;
  readonly disabilityCare?: MoneyInput;
}

/** A household to assess. */
export interface Household {
  readonly members: readonly HouseholdMember[];
  readonly incomes?: readonly IncomeItem[];
  readonly assets?: HouseholdAssets;
  readonly rigidExpenses12m?: RigidExpenses;
  /**
   * 法定赡养、抚养、扶养义务人: `none` (there is none), `unable` (there is one without the capacity to support),
   * `able` (default). 特困 is only considered for `none` or `unable`.
   */
  readonly legalSupporter?: 'none' | 'unable' | 'able';
}

const RELATIONS = ['applicant', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const satisfies readonly Relation[];
const DISABILITY_LEVELS = ['none', 'level1', 'level2', 'level3', 'level4'] as const satisfies readonly DisabilityLevel[];
const DISABILITY_TYPES = ['intellectual', 'mental', 'physical', 'visual', 'hearing', 'speech', 'multiple'] as const satisfies readonly DisabilityType[];
const WORK_ABILITIES = ['full', 'partial', 'none'] as const satisfies readonly WorkAbility[];
const SCHOOL = ['none', 'preschool', 'primary', 'juniorSecondary', 'seniorSecondary', 'vocational', 'higher'] as const satisfies readonly SchoolEnrolment[];
export const INCOME_KINDS = [
  'wages',
  'operating',
  'property',
  'transfer',
  'retirementPension',
  'residentBasicPensionCentral',
  'residentPensionOther',
  'medicalInsuranceReimbursement',
  'preferentialPension',
  'elderlyAllowance',
  'familyPlanningAward',
  'rewardSubsidy',
  'socialAssistance',
  'childcareSubsidy',
] as const satisfies readonly IncomeKind[];

/** Most members (and income items) of one household. */
const MAX_MEMBERS = 1000;

/** {@link HukouPlace} as a zod schema; an unknown place code is `household/invalid`. */
export const hukouPlaceSchema = strictRecord({ place: place('household/invalid'), type: z.enum(['urban', 'rural']) }, 'a hukou { place, type }');

/** {@link Residence} as a zod schema. */
export const residenceSchema = strictRecord({ place: place('household/invalid'), since: dateSchema.optional() }, 'a residence { place, since? }');

/** {@link HouseholdMember} as a zod schema (dates after the assessment date are checked after it). */
export const householdMemberSchema = strictRecord(
  {
    id: id.optional(),
    birthDate: dateSchema,
    relation: z.enum(RELATIONS),
    disabilityLevel: z.enum(DISABILITY_LEVELS).optional(),
    disabilityType: z.enum(DISABILITY_TYPES).optional(),
    seriousIllness: flag.optional(),
    workAbility: z.enum(WORK_ABILITIES).optional(),
    hukou: hukouPlaceSchema,
    residence: residenceSchema.optional(),
    schoolEnrolment: z.enum(SCHOOL).optional(),
  },
  'a member { birthDate, relation, hukou, … }',
);

/** {@link IncomeItem} as a zod schema. */
export const incomeItemSchema = strictRecord(
  { kind: z.enum(INCOME_KINDS), monthlyAmount: money, member: wholeNumber(0, MAX_MEMBERS - 1, 'the index of a household member').optional(), note: text(MAX_NOTE).optional() },
  'an income item { kind, monthlyAmount, member?, note? }',
);

/** A count of vehicles or housing units: a whole number from 0 to 1000. */
const count = wholeNumber(0, 1000, 'a whole number from 0 to 1000');

/** {@link HouseholdAssets} as a zod schema (an absent or null amount is none). */
export const householdAssetsSchema = strictRecord({ financial: money.nullish(), vehicles: count.nullish(), extraHousingUnits: count.nullish() }, 'assets { financial?, vehicles?, extraHousingUnits? }');

/** {@link RigidExpenses} as a zod schema (an absent or null amount is none). */
export const rigidExpensesSchema = strictRecord({ medical: money.nullish(), education: money.nullish(), disabilityCare: money.nullish() }, 'rigid expenses { medical?, education?, disabilityCare? }');

/** {@link Household} as a zod schema. */
export const householdSchema = strictRecord(
  {
    members: z
      .array(householdMemberSchema, expecting('a list of members'))
      .max(MAX_MEMBERS)
      .check((ctx) => {
        if (ctx.value.length === 0) ctx.issues.push({ code: 'custom', input: ctx.value, params: { code: 'household/invalid' }, message: 'a household needs at least one member' });
      }),
    incomes: z.array(incomeItemSchema, expecting('a list of income items')).max(MAX_MEMBERS).optional(),
    assets: householdAssetsSchema.optional(),
    rigidExpenses12m: rigidExpensesSchema.optional(),
    legalSupporter: z.enum(['none', 'unable', 'able']).optional(),
  },
  'a household { members, incomes?, assets?, rigidExpenses12m?, legalSupporter? }',
);

/** The ruleset input built from a valid household. */
export interface AssistanceInput {
  standardArea: 'urban' | 'rural';
  members: { birthDate: string; disabilityLevel: DisabilityLevel; disabilityType: DisabilityType | 'none'; seriousIllness: boolean; workAbility: WorkAbility }[];
  incomes: { kind: IncomeKind; monthlyAmount: string }[];
  assets: { financial: string; vehicles: number; extraHousingUnits: number };
  rigidExpenses12m: { medical: string; education: string; disabilityCare: string };
  hasAbleSupporter: boolean;
}

/** A validated household: the ruleset input plus what the facade needs for messages. */
export interface ValidatedHousehold {
  readonly input: AssistanceInput;
  /** Index of the member whose hukou decides the standard. */
  readonly applicant: number;
  readonly hukouPlace: string;
}

/** The significant digits of a GB/T 2260 code: `CN-360100` → `3601`, `CN-31` → `31`, `CN` → ``. */
export function placePrefix(code: string): string {
  let digits = code.startsWith('CN-') ? code.slice(3) : '';
  while (digits.length > 2 && digits.endsWith('00')) digits = digits.slice(0, -2);
  return digits;
}

/** Whether `place` lies inside `jurisdiction` (both GB/T 2260 codes with the CN prefix). */
export function placeWithin(place: string, jurisdiction: string): boolean {
  return placePrefix(place).startsWith(placePrefix(jurisdiction));
}

/**
 * Validates a household for an assessment on `date` and maps it onto assistance-ruleset inputs.
 *
 * @throws MinshengError with every problem: `household/invalid` (no members, dates after the assessment
 *   date, an unknown region, two applicants, an income of a member who is not there), `input/missing` (a
 *   required field), `input/unknown-field` (a key the type does not declare, with the closest declared one),
 *   `input/enum` / `input/type` (a wrong value), `value/negative` / `value/precision` / `value/invalid-number`
 *   (amounts), `value/invalid-date`.
 * @example
 * validateHousehold({ members: [{ birthDate: '1980-01-01', relation: 'applicant', hukou: { place: 'CN-62', type: 'rural' } }] }, '2025-06-01')
 *   .input.standardArea; //=> 'rural'
 */
export function validateHousehold(household: unknown, onDate: string): ValidatedHousehold {
  const day = parseDate(onDate, ['date']);
  requirePlainObject(household, 'household/invalid', 'the household must be an object with members');
  const h = checkArg(household, householdSchema, {
    extra: (parsed, issues) => {
      let applicant = -1;
      parsed.members.forEach((m, i) => {
        const after = (value: string | undefined, path: (string | number)[]) => {
          if (value !== undefined && parseDate(value) > day) issues.push({ code: 'household/invalid', message: `${value} is after the assessment date ${formatDate(day)}`, path });
        };
        after(m.birthDate, ['members', i, 'birthDate']);
        after(m.residence?.since, ['members', i, 'residence', 'since']);
        // A level without its type cannot be judged for 特困 (the type decides which levels count): refuse, don't guess.
        if (m.disabilityLevel !== undefined && m.disabilityLevel !== 'none' && m.disabilityType === undefined) {
          issues.push({ code: 'household/invalid', message: `disabilityType is needed with disabilityLevel ${m.disabilityLevel} (intellectual, mental, physical, visual, hearing, speech or multiple)`, path: ['members', i, 'disabilityType'] });
        }
        if (m.relation === 'applicant') {
          if (applicant >= 0) issues.push({ code: 'household/invalid', message: `two applicants: members[${applicant}] and members[${i}]`, path: ['members', i, 'relation'] });
          else applicant = i;
        }
      });
      (parsed.incomes ?? []).forEach((income, i) => {
        if (income.member !== undefined && income.member >= parsed.members.length) {
          issues.push({ code: 'household/invalid', message: `member must be the index of a household member (0 to ${parsed.members.length - 1}), got ${income.member}`, path: ['incomes', i, 'member'] });
        }
      });
    },
  });
  const applicant = h.members.findIndex((m) => m.relation === 'applicant');
  const chosen = applicant >= 0 ? applicant : 0;
  const amount = (v: unknown): string => (v === undefined || v === null ? '0' : parseMoney(v).toString());
  const a = h.assets ?? {};
  const rx = h.rigidExpenses12m ?? {};
  const applicantHukou = h.members[chosen]!.hukou;
  return {
    applicant: chosen,
    hukouPlace: applicantHukou.place,
    input: {
      standardArea: applicantHukou.type,
      members: h.members.map((m) => ({
        birthDate: formatDate(parseDate(m.birthDate)),
        disabilityLevel: m.disabilityLevel ?? 'none',
        disabilityType: m.disabilityLevel === undefined || m.disabilityLevel === 'none' ? 'none' : (m.disabilityType ?? 'none'),
        seriousIllness: m.seriousIllness ?? false,
        workAbility: m.workAbility ?? 'full',
      })),
      incomes: (h.incomes ?? []).map((i) => ({ kind: i.kind, monthlyAmount: amount(i.monthlyAmount) })),
      assets: { financial: amount(a.financial), vehicles: a.vehicles ?? 0, extraHousingUnits: a.extraHousingUnits ?? 0 },
      rigidExpenses12m: { medical: amount(rx.medical), education: amount(rx.education), disabilityCare: amount(rx.disabilityCare) },
      hasAbleSupporter: (h.legalSupporter ?? 'able') === 'able',
    },
  };
}
