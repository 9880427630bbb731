/**
 * The household a social-assistance assessment is about: typed, validated, and mapped onto the inputs of an
 * assistance ruleset (`cn/assistance/*`). Validation reports every problem at once, each with its path
 * (`members[1].birthDate`), and guesses nothing: a missing required field is an error, not a default.
 */
import { MinshengError, type Issue } from '../../errors';
import { parseMoney } from '../../money/money';
import { formatDate, parseDate, type DayNumber } from '../../period/date';

import type { MoneyInput } from '../../money/money';
export type { MoneyInput };

/** How a member is related to the applicant (申请人). */
export type Relation = 'applicant' | 'spouse' | 'child' | 'parent' | 'sibling' | 'grandparent' | 'grandchild' | 'other';
/** 残疾等级: level1 is the most severe; none when the member has no certified disability. */
export type DisabilityLevel = 'none' | 'level1' | 'level2' | 'level3' | 'level4';
/** 劳动能力. */
export type WorkAbility = 'full' | 'partial' | 'none';
/** School enrolment (在学情况). */
export type SchoolEnrolment = 'none' | 'preschool' | 'primary' | 'juniorSecondary' | 'seniorSecondary' | 'vocational' | 'higher';
/** Kinds of household income. `childcareSubsidy` is the national 育儿补贴, which the rules exclude from income. */
export type IncomeKind = 'wages' | 'operating' | 'property' | 'transfer' | 'childcareSubsidy';

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

const RELATIONS: readonly Relation[] = ['applicant', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'];
const DISABILITY_LEVELS: readonly DisabilityLevel[] = ['none', 'level1', 'level2', 'level3', 'level4'];
const WORK_ABILITIES: readonly WorkAbility[] = ['full', 'partial', 'none'];
const SCHOOL: readonly SchoolEnrolment[] = ['none', 'preschool', 'primary', 'juniorSecondary', 'seniorSecondary', 'vocational', 'higher'];
export const INCOME_KINDS: readonly IncomeKind[] = ['wages', 'operating', 'property', 'transfer', 'childcareSubsidy'];
const PLACE_PATTERN = /^CN(-\d{2,6})?$/;

type Path = (string | number)[];

/** The ruleset input built from a valid household. */
export interface AssistanceInput {
  standardArea: 'urban' | 'rural';
  members: { birthDate: string; disabilityLevel: DisabilityLevel; seriousIllness: boolean; workAbility: WorkAbility }[];
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: Path, issues: Issue[], fallback?: T): T | undefined {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) {
    issues.push({ code: 'input/missing', message: `required field is missing (one of ${allowed.join(', ')})`, path });
    return undefined;
  }
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ code: 'input/enum', message: `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, path });
  return undefined;
}

function money(value: unknown, path: Path, issues: Issue[], required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) issues.push({ code: 'input/missing', message: 'required amount is missing', path });
    return required ? undefined : '0';
  }
  try {
    return parseMoney(value, { path }).toString();
  } catch (error) {
    if (error instanceof MinshengError) issues.push(...error.issues);
    else throw error;
    return undefined;
  }
}

function count(value: unknown, path: Path, issues: Issue[]): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value < 0) {
    issues.push({ code: 'value/negative', message: `must not be negative, got ${value}`, path });
  } else {
    issues.push({ code: 'input/type', message: `must be a whole number from 0 to 1000, got ${JSON.stringify(value)}`, path });
  }
  return 0;
}

function flag(value: unknown, path: Path, issues: Issue[]): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  issues.push({ code: 'input/type', message: `must be true or false, got ${JSON.stringify(value)}`, path });
  return false;
}

function date(value: unknown, path: Path, issues: Issue[], notAfter?: DayNumber): string | undefined {
  if (value === undefined || value === null) {
    issues.push({ code: 'input/missing', message: 'required date is missing (YYYY-MM-DD)', path });
    return undefined;
  }
  try {
    const day = parseDate(value, path);
    if (notAfter !== undefined && day > notAfter) {
      issues.push({ code: 'household/invalid', message: `${formatDate(day)} is after the assessment date ${formatDate(notAfter)}`, path });
      return undefined;
    }
    return formatDate(day);
  } catch (error) {
    if (error instanceof MinshengError) issues.push(...error.issues);
    else throw error;
    return undefined;
  }
}

function place(value: unknown, path: Path, issues: Issue[]): string | undefined {
  if (value === undefined) {
    issues.push({ code: 'input/missing', message: "required place is missing (GB/T 2260 code such as 'CN-31')", path });
    return undefined;
  }
  if (typeof value === 'string' && PLACE_PATTERN.test(value)) return value;
  issues.push({ code: 'household/invalid', message: `unknown region ${JSON.stringify(value)}: expected 'CN' or 'CN-' followed by a GB/T 2260 code, e.g. 'CN-31'`, path });
  return undefined;
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
 *   date, an unknown region), `input/missing` (a required field), `input/enum` / `input/type` (a wrong value),
 *   `value/negative` / `value/precision` / `value/invalid-number` (amounts), `value/invalid-date`.
 * @example
 * validateHousehold({ members: [{ birthDate: '1980-01-01', relation: 'applicant', hukou: { place: 'CN-62', type: 'rural' } }] }, '2025-06-01')
 *   .input.standardArea; //=> 'rural'
 */
export function validateHousehold(household: unknown, onDate: string): ValidatedHousehold {
  const issues: Issue[] = [];
  const day = parseDate(onDate, ['date']);
  if (!isObject(household)) {
    throw new MinshengError({ code: 'household/invalid', message: 'the household must be an object with members', path: [] });
  }
  for (const key of Object.keys(household)) {
    if (!['members', 'incomes', 'assets', 'rigidExpenses12m', 'legalSupporter'].includes(key)) {
      issues.push({ code: 'input/unknown-field', message: `unknown field '${key}'`, path: [key] });
    }
  }
  const rawMembers = household['members'];
  if (!Array.isArray(rawMembers) || rawMembers.length === 0) {
    throw new MinshengError({ code: 'household/invalid', message: 'a household needs at least one member', path: ['members'] });
  }
  const members: AssistanceInput['members'] = [];
  const hukou: { place?: string; type?: 'urban' | 'rural' }[] = [];
  let applicant = -1;
  rawMembers.forEach((raw: unknown, i) => {
    const at: Path = ['members', i];
    if (!isObject(raw)) {
      issues.push({ code: 'input/type', message: 'a member must be an object', path: at });
      return;
    }
    const birthDate = date(raw['birthDate'], [...at, 'birthDate'], issues, day);
    const relation = oneOf(raw['relation'], RELATIONS, [...at, 'relation'], issues);
    if (relation === 'applicant') {
      if (applicant >= 0) issues.push({ code: 'household/invalid', message: `two applicants: members[${applicant}] and members[${i}]`, path: [...at, 'relation'] });
      else applicant = i;
    }
    const disabilityLevel = oneOf(raw['disabilityLevel'], DISABILITY_LEVELS, [...at, 'disabilityLevel'], issues, 'none');
    const workAbility = oneOf(raw['workAbility'], WORK_ABILITIES, [...at, 'workAbility'], issues, 'full');
    const seriousIllness = flag(raw['seriousIllness'], [...at, 'seriousIllness'], issues);
    if (raw['schoolEnrolment'] !== undefined) oneOf(raw['schoolEnrolment'], SCHOOL, [...at, 'schoolEnrolment'], issues);
    const h = raw['hukou'];
    if (!isObject(h)) {
      issues.push({ code: 'input/missing', message: 'required hukou { place, type } is missing', path: [...at, 'hukou'] });
      hukou.push({});
    } else {
      const p = place(h['place'], [...at, 'hukou', 'place'], issues);
      const t = oneOf(h['type'], ['urban', 'rural'] as const, [...at, 'hukou', 'type'], issues);
      hukou.push({ ...(p ? { place: p } : {}), ...(t ? { type: t } : {}) });
    }
    const r = raw['residence'];
    if (r !== undefined) {
      if (!isObject(r)) issues.push({ code: 'input/type', message: 'residence must be { place, since? }', path: [...at, 'residence'] });
      else {
        place(r['place'], [...at, 'residence', 'place'], issues);
        if (r['since'] !== undefined) date(r['since'], [...at, 'residence', 'since'], issues, day);
      }
    }
    if (birthDate && disabilityLevel && workAbility) members.push({ birthDate, disabilityLevel, seriousIllness, workAbility });
  });
  const chosen = applicant >= 0 ? applicant : 0;

  const incomes: AssistanceInput['incomes'] = [];
  const rawIncomes = household['incomes'];
  if (rawIncomes !== undefined && !Array.isArray(rawIncomes)) issues.push({ code: 'input/type', message: 'incomes must be a list', path: ['incomes'] });
  (Array.isArray(rawIncomes) ? rawIncomes : []).forEach((raw: unknown, i) => {
    const at: Path = ['incomes', i];
    if (!isObject(raw)) {
      issues.push({ code: 'input/type', message: 'an income item must be { kind, monthlyAmount }', path: at });
      return;
    }
    const kind = oneOf(raw['kind'], INCOME_KINDS, [...at, 'kind'], issues);
    const amount = money(raw['monthlyAmount'], [...at, 'monthlyAmount'], issues, true);
    const member = raw['member'];
    if (member !== undefined && !(typeof member === 'number' && Number.isInteger(member) && member >= 0 && member < rawMembers.length)) {
      issues.push({ code: 'household/invalid', message: `member must be the index of a household member (0 to ${rawMembers.length - 1}), got ${JSON.stringify(member)}`, path: [...at, 'member'] });
    }
    if (kind && amount !== undefined) incomes.push({ kind, monthlyAmount: amount });
  });

  const rawAssets = household['assets'] ?? {};
  const rawRigid = household['rigidExpenses12m'] ?? {};
  if (!isObject(rawAssets)) issues.push({ code: 'input/type', message: 'assets must be an object', path: ['assets'] });
  if (!isObject(rawRigid)) issues.push({ code: 'input/type', message: 'rigidExpenses12m must be an object', path: ['rigidExpenses12m'] });
  const a = isObject(rawAssets) ? rawAssets : {};
  const rx = isObject(rawRigid) ? rawRigid : {};
  const assets = {
    financial: money(a['financial'], ['assets', 'financial'], issues) ?? '0',
    vehicles: count(a['vehicles'], ['assets', 'vehicles'], issues),
    extraHousingUnits: count(a['extraHousingUnits'], ['assets', 'extraHousingUnits'], issues),
  };
  const rigidExpenses12m = {
    medical: money(rx['medical'], ['rigidExpenses12m', 'medical'], issues) ?? '0',
    education: money(rx['education'], ['rigidExpenses12m', 'education'], issues) ?? '0',
    disabilityCare: money(rx['disabilityCare'], ['rigidExpenses12m', 'disabilityCare'], issues) ?? '0',
  };
  const supporter = oneOf(household['legalSupporter'], ['none', 'unable', 'able'] as const, ['legalSupporter'], issues, 'able');

  if (issues.length > 0) throw new MinshengError(issues);
  const applicantHukou = hukou[chosen]!;
  return {
    applicant: chosen,
    hukouPlace: applicantHukou.place!,
    input: {
      standardArea: applicantHukou.type!,
      members,
      incomes,
      assets,
      rigidExpenses12m,
      hasAbleSupporter: supporter === 'able',
    },
  };
}
