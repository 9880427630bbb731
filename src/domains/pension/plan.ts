/**
 * planResidentPension: the resident basic pension (城乡居民基本养老保险) a person can expect at 60 at each
 * contribution tier — the government's matching subsidy per tier (多缴多得), the personal account at 60 and the
 * monthly pension = basic pension + account ÷ 139 — so a planner sees what a higher tier buys.
 *
 * Thin by design: the rules live in `rulesets/cn/pension/`. Each tier is one evaluation. Two figures per tier:
 * `monthlyPensionAtLeast` (the national floors only: what the rules guarantee whatever the province) and
 * `monthlyPension` (with the province's figures — `null`, naming them, where they are not published).
 */
import { z } from 'zod';
import { MinshengError, type Issue } from '../../errors';
import type { Provenance } from '../../engine/program';
import type { RuleTrace } from '../../engine/trace';
import { programFor, type RulesetRef } from '../program-for';
import { checkArg, date as dateSchema, money, requirePlainObject, rulesetRef, strictRecord, wholeNumber } from '../fields';
import { formatDate, parseDate } from '../../period/date';
import { parseMoney, formatMoney } from '../../money/money';
import { staleFigureWarnings } from '../../engine/stale';
import type { MoneyInput } from '../../money/money';
import type { Threshold } from '../assistance/assess';
import { needsOf, reasonOf, thresholdsOf, valueOf, type Evaluated, type RuleReason } from '../enrolment/reasons';

/** The twelve national contribution tiers (yuan a year). */
export const PENSION_TIERS = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000] as const;
/** A contribution tier in yuan a year. */
export type PensionTier = (typeof PENSION_TIERS)[number];
/** 困难群体 for whom local government pays part or all of the lowest tier (代缴). */
export type PensionHardshipGroup = 'none' | 'dibao' | 'tekun' | 'relapsedPoor' | 'severeDisability';

/** The person a pension is planned for. */
export interface PensionPerson {
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** Years of contributions so far (default 0). */
  readonly yearsContributed?: number;
  /** Personal-account balance now (default 0). */
  readonly accountBalance?: MoneyInput;
  readonly hardshipGroup?: PensionHardshipGroup;
}

/** {@link PensionPerson} as a zod schema. */
export const pensionPersonSchema = strictRecord(
  {
    birthDate: dateSchema,
    yearsContributed: wholeNumber(0, 100, 'a whole number of years').optional(),
    accountBalance: money.optional(),
    hardshipGroup: z.enum(['none', 'dibao', 'tekun', 'relapsedPoor', 'severeDisability']).optional(),
  },
  'a person { birthDate, yearsContributed?, accountBalance?, hardshipGroup? }',
);

/** Options of {@link planResidentPension}. */
export interface PensionPlanOptions {
  /** A pension ruleset (`cn/pension/national` or a province's), by id or compiled. */
  readonly ruleset: RulesetRef;
  /** `YYYY-MM-DD`: the figures in force on that day. */
  readonly date: string;
  /** Tiers to compare (default: all twelve). */
  readonly tiers?: readonly PensionTier[];
  /** Further years of contributions (default: whole years until 60, at least 0). */
  readonly yearsToContribute?: number;
}

/** {@link PensionPlanOptions} as a zod schema. */
export const pensionPlanOptionsSchema: z.ZodType<unknown> = strictRecord(
  {
    ruleset: rulesetRef,
    date: dateSchema,
    tiers: z.array(z.union(PENSION_TIERS.map((t) => z.literal(t)) as unknown as [z.ZodLiteral<PensionTier>, ...z.ZodLiteral<PensionTier>[]])).min(1).max(PENSION_TIERS.length).optional(),
    yearsToContribute: wholeNumber(0, 100, 'a whole number of years').optional(),
  },
  'options { ruleset, date, tiers?, yearsToContribute? }',
);

/** The plan for one tier. */
export interface TierPlan {
  readonly tier: PensionTier;
  readonly annualContribution: string;
  /** The national floor of the government subsidy for this tier. */
  readonly subsidyFloor: string;
  /** The province's subsidy for this tier; `null` where not published (`needs`). */
  readonly governmentSubsidy: string | null;
  readonly accountAt60AtLeast: string;
  readonly accountAt60: string | null;
  readonly personalAccountPensionAtLeast: string;
  /** National minimum basic pension + the floor account ÷ 139: guaranteed whatever the province adds. */
  readonly monthlyPensionAtLeast: string;
  /** With the province's subsidy, top-up and long-contribution bonus; `null` where not published. */
  readonly monthlyPension: string | null;
  /** `monthlyPensionAtLeast` over the first tier compared (what this tier buys, at least). */
  readonly extraAtLeastOverFirstTier: string;
  readonly needs: readonly string[];
  readonly reasons: readonly RuleReason[];
}

/** The result of {@link planResidentPension}. */
export interface PensionPlan {
  readonly date: string;
  readonly provenance: Provenance;
  readonly age: number;
  readonly yearsToContribute: number;
  /** Years of contributions at 60. */
  readonly totalYears: number;
  /** At least the minimum years by 60. */
  readonly meetsMinimumYears: boolean;
  /** Payable now (of age, enough years). */
  readonly payableNow: boolean;
  /** The national minimum basic pension in force (yuan a month). */
  readonly basicPensionMinimum: string;
  /** Months the account is divided by at 60. */
  readonly accountDivisor: number;
  /** Local government pays part or all of the lowest tier for this person (代缴). */
  readonly contributionsPaidOnBehalf: boolean;
  readonly tiers: readonly TierPlan[];
  /** When the minimum years are not met: the years that would meet them. */
  readonly wouldQualifyWith: readonly Threshold[];
  readonly reasons: readonly RuleReason[];
  /** The trace of the first tier's evaluation, for auditors. */
  readonly trace: readonly RuleTrace[];
  readonly warnings: readonly Issue[];
}

const REQUIRED_RULES = ['annualContribution', 'subsidyFloor', 'governmentSubsidy', 'accountAt60AtLeast', 'accountAt60', 'personalAccountPensionAtLeast', 'monthlyPensionAtLeast', 'monthlyPension', 'basicPensionMinimum', 'meetsMinimumYears', 'pensionPayableNow', 'totalYears', 'personAge', 'yearsUntilPensionAge', 'accountDivisor'];

/**
 * Plans the resident basic pension at each contribution tier: contribution, government subsidy (the national
 * floor and the province's figure), personal account at 60, and the monthly pension at least and exactly.
 *
 * @param person birth date, years contributed, account balance, hardship group
 * @param options the pension ruleset (id or program), the date, the tiers to compare, further years to contribute
 * @returns one {@link TierPlan} per tier, eligibility with "would qualify with …", and the reasons with citations
 * @throws MinshengError `options/invalid` (not a pension ruleset, bad options), `input/*`, `value/*`,
 *   `eval/outside-validity`
 * @example
 * const plan = planResidentPension({ birthDate: '1980-06-01' }, { ruleset: 'cn/pension/national', date: '2025-06-01', tiers: [100, 500, 2000] });
 * plan.tiers.map((t) => t.monthlyPensionAtLeast); //=> ['157.03', '203.43', '365.30']
 * plan.tiers[1].monthlyPension;                    //=> null (the province's subsidy and top-up are not published)
 * @category Pension
 */
export function planResidentPension(person: PensionPerson, options: PensionPlanOptions): PensionPlan {
  requirePlainObject(options, 'options/invalid', 'planResidentPension needs options { ruleset, date }');
  const o = checkArg(options, pensionPlanOptionsSchema, { code: 'options/invalid' }) as PensionPlanOptions;
  const program = programFor(options.ruleset);
  const missing = REQUIRED_RULES.filter((r) => !Object.hasOwn(program.ruleTypes, r));
  if (missing.length > 0) {
    throw new MinshengError({ code: 'options/invalid', message: `ruleset ${program.id} is not a resident-pension ruleset (it has no rule ${missing.slice(0, 3).join(', ')}); use one that extends cn/pension/national`, path: ['ruleset'] });
  }
  const day = parseDate(o.date, ['date']);
  requirePlainObject(person, 'input/type', 'the person must be an object { birthDate, … }');
  const p = checkArg(person, pensionPersonSchema, {
    extra: (parsed, issues: Issue[]) => {
      if (parseDate(parsed.birthDate) > day) issues.push({ code: 'input/type', message: `${parsed.birthDate} is after the date ${o.date}`, path: ['birthDate'] });
    },
  });
  const birthDate = formatDate(parseDate(p.birthDate));
  const tiers = [...new Set(o.tiers ?? PENSION_TIERS)].sort((a, b) => a - b);
  const base = {
    birthDate,
    yearsContributed: p.yearsContributed ?? 0,
    accountBalance: p.accountBalance !== undefined ? formatMoney(parseMoney(p.accountBalance)) : '0.00',
    category: p.hardshipGroup ?? 'none',
  };
  // Whole years until pension age by default, as the ruleset computes them.
  const probe = program.evaluate({ ...base, tier: `t${tiers[0]}`, yearsToContribute: 0 }, { date: o.date, outputs: ['personAge', 'yearsUntilPensionAge'] });
  const age = Number(probe.outputs['personAge']);
  const yearsToContribute = o.yearsToContribute ?? Number(probe.outputs['yearsUntilPensionAge']);

  const evaluations = tiers.map((tier) => {
    const result = program.evaluate({ ...base, tier: `t${tier}`, yearsToContribute }, { date: o.date, trace: true, unknowns: 'report' });
    const trace = result.trace ?? [];
    const e: Evaluated = { program, byName: new Map(trace.map((t) => [t.name, t])), outputs: result.outputs, unknown: result.unknown ?? {} };
    return { tier, result, trace, e };
  });
  const first = evaluations[0]!;
  const str = (e: Evaluated, rule: string): string | null => {
    const v = valueOf(e, rule);
    return typeof v === 'string' ? v : null;
  };
  const firstFloor = parseMoney(str(first.e, 'monthlyPensionAtLeast') ?? '0');
  const tierPlans: TierPlan[] = evaluations.map(({ tier, e }) => {
    const atLeast = str(e, 'monthlyPensionAtLeast');
    if (atLeast === null) throw new MinshengError(e.unknown['monthlyPensionAtLeast']?.issues ?? [{ code: 'eval/no-value-in-force', message: 'the pension floor cannot be computed', path: ['ruleset'] }]);
    const needs = [...new Set(['governmentSubsidy', 'accountAt60', 'monthlyPension'].flatMap((r) => needsOf(e, r)))];
    return {
      tier,
      annualContribution: str(e, 'annualContribution')!,
      subsidyFloor: str(e, 'subsidyFloor')!,
      governmentSubsidy: str(e, 'governmentSubsidy'),
      accountAt60AtLeast: str(e, 'accountAt60AtLeast')!,
      accountAt60: str(e, 'accountAt60'),
      personalAccountPensionAtLeast: str(e, 'personalAccountPensionAtLeast')!,
      monthlyPensionAtLeast: atLeast,
      monthlyPension: str(e, 'monthlyPension'),
      extraAtLeastOverFirstTier: formatMoney(parseMoney(atLeast).minus(firstFloor)),
      needs,
      reasons: ['annualContribution', 'subsidyFloor', 'governmentSubsidy', 'accountAt60AtLeast', 'personalAccountPensionAtLeast', 'monthlyPensionAtLeast', 'monthlyPension'].map((r) => reasonOf(e, r)),
    };
  });
  const fe = first.e;
  const meets = valueOf(fe, 'meetsMinimumYears') === true;
  return {
    date: first.result.provenance.date,
    provenance: first.result.provenance,
    age,
    yearsToContribute,
    totalYears: Number(valueOf(fe, 'totalYears')),
    meetsMinimumYears: meets,
    payableNow: valueOf(fe, 'pensionPayableNow') === true,
    basicPensionMinimum: str(fe, 'basicPensionMinimum')!,
    accountDivisor: Number(valueOf(fe, 'accountDivisor')),
    contributionsPaidOnBehalf: valueOf(fe, 'contributionsPaidOnBehalf') === true,
    tiers: tierPlans,
    wouldQualifyWith: meets ? [] : thresholdsOf(fe, 'meetsMinimumYears'),
    reasons: ['meetsMinimumYears', 'pensionPayableNow', 'basicPensionMinimum', 'contributionsPaidOnBehalf'].filter((r) => Object.hasOwn(program.ruleTypes, r)).map((r) => reasonOf(fe, r)),
    trace: first.trace,
    warnings: staleFigureWarnings(program, first.result.provenance.date),
  };
}
