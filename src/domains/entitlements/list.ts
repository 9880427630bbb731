/**
 * listEntitlements: the public services and cash benefits one person can claim in one place on one date, each
 * with the reason and the rule behind it.
 *
 * Thin by design: the rules live in the entitlements rulesets (`rulesets/cn/entitlements/`). This module
 * validates the person, works out whether their hukou and residence are in `place`, evaluates with tracing, and shapes one {@link Entitlement} per benefit the ruleset encodes.
 */
import { z } from 'zod';
import { MinshengError, type Issue } from '../../errors';
import type { Program, Provenance } from '../../engine/program';
import { programFor, type RulesetRef } from '../program-for';
import type { OutputValue, RuleTrace } from '../../engine/trace';
import { formatDate, parseDate } from '../../period/date';
import { checkArg, date as dateSchema, flag, place, requirePlainObject, rulesetRef, strictRecord, wholeNumber } from '../fields';
import { staleFigureWarnings } from '../../engine/stale';
import type { Label } from '../../ruleset/schema';
import { placeWithin } from '../assistance/household';
import { citationOf, type Citation } from '../assistance/assess';

/** A person whose entitlements are listed. */
export interface Person {
  /** `YYYY-MM-DD`; required. */
  readonly birthDate: string;
  /** 户籍地 (GB/T 2260 code, e.g. `CN-330100`); required. */
  readonly hukou: { readonly place: string };
  /** 常住地 and since when. Without it the person is taken to live at the hukou place; without `since`, the stay counts from `date` (0 months). */
  readonly residence?: { readonly place: string; readonly since?: string };
  /** Scheme memberships. */
  readonly enrolments?: { readonly residentPension?: boolean; readonly residentMedicalInsurance?: boolean };
  /**
   * Voluntary blood donation in the family: the person is the donor, the donor's spouse or an immediate relative;
   * `donatedVolumeMl` (the donor's total) and `donationDate` (the latest donation) where a province ties the
   * exemption to volumes (Sichuan).
   */
  readonly bloodDonation?: {
    readonly donor?: boolean;
    readonly spouseOfDonor?: boolean;
    readonly immediateRelativeOfDonor?: boolean;
    readonly donatedVolumeMl?: number;
    readonly donationDate?: string;
  };
  /** `female` / `male`; unstated by default (then sex-specific services are not listed as eligible). */
  readonly sex?: 'female' | 'male';
  /** HPV vaccine doses already received (any vaccine, self-paid included). Default 0. */
  readonly hpvDosesReceived?: number;
  /** A current pregnancy, with the completed weeks. */
  readonly pregnancy?: { readonly gestationWeeks: number };
  /** Months of social-insurance contributions in `place` (used where a region allocates by points). */
  readonly socialInsuranceMonths?: number;
}

/** {@link Person} as a zod schema (dates after the listing date are checked after it). */
export const personSchema = strictRecord(
  {
    birthDate: dateSchema,
    hukou: strictRecord({ place: place('input/enum') }, 'a hukou { place }'),
    residence: strictRecord({ place: place('input/enum'), since: dateSchema.optional() }, 'a residence { place, since? }').optional(),
    enrolments: strictRecord({ residentPension: flag.optional(), residentMedicalInsurance: flag.optional() }, 'enrolments { residentPension?, residentMedicalInsurance? }').optional(),
    bloodDonation: strictRecord(
      {
        donor: flag.optional(),
        spouseOfDonor: flag.optional(),
        immediateRelativeOfDonor: flag.optional(),
        donatedVolumeMl: wholeNumber(0, 100000, 'a whole number of millilitres').optional(),
        donationDate: dateSchema.optional(),
      },
      'blood donation { donor?, spouseOfDonor?, immediateRelativeOfDonor?, donatedVolumeMl?, donationDate? }',
    ).optional(),
    sex: z.enum(['female', 'male']).optional(),
    hpvDosesReceived: wholeNumber(0, 10, 'a whole number of doses').optional(),
    pregnancy: strictRecord({ gestationWeeks: wholeNumber(0, 45, 'completed weeks of pregnancy (0 to 45)') }, 'a pregnancy { gestationWeeks }').optional(),
    socialInsuranceMonths: wholeNumber(0, 12 * 150, 'a whole number of months').optional(),
  },
  'a person { birthDate, hukou, residence?, enrolments?, bloodDonation?, sex?, hpvDosesReceived?, pregnancy?, socialInsuranceMonths? }',
);

/** Options of {@link listEntitlements}. */
export interface ListOptions {
  /** An entitlements ruleset (`cn/entitlements/national` or a regional one), resolved or compiled. */
  readonly ruleset: RulesetRef;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Where the person wants to claim: GB/T 2260 code inside the ruleset's jurisdiction. */
  readonly place: string;
}

/** {@link ListOptions} as a zod schema. */
export const listOptionsSchema: z.ZodType<unknown> = strictRecord({ ruleset: rulesetRef, date: dateSchema, place: place('input/enum') }, 'options { ruleset, date, place }');

/** What kind of benefit an entitlement is. */
export type EntitlementKind = 'cash' | 'fiscal-subsidy' | 'fee-exemption' | 'service-access' | 'allocation';

/** One reason: a rule that decided the entitlement, with its value and citation. */
export interface EntitlementReason {
  readonly rule: string;
  readonly label?: Label;
  readonly text?: Label;
  readonly value: OutputValue;
  readonly comparisons: readonly { readonly expression: string; readonly left: OutputValue; readonly op: string; readonly right: OutputValue; readonly result: boolean }[];
  readonly source?: Citation;
}

/** One benefit or service and whether the person can claim it here. */
export interface Entitlement {
  /** Catalogue id (seeds/public-services-catalogue.yaml): an item, a related entitlement or a provision mechanism. */
  readonly id: string;
  readonly name: Label;
  readonly kind: EntitlementKind;
  /** The person qualifies (wherever it is claimed). */
  readonly eligible: boolean;
  /** It can be claimed in `place` (e.g. the childcare subsidy is claimed at the hukou place). */
  readonly claimableHere: boolean;
  /** Amount in yuan (2 decimals) for `period`, where the benefit has one. */
  readonly amount?: string;
  readonly period?: 'month' | 'year' | 'calendar-year';
  /** Further figures (months, totals, points, tier). */
  readonly details: Readonly<Record<string, OutputValue>>;
  /** Where it is provided: by residence, by hukou, or not published. */
  readonly provisionBasis: 'residence' | 'hukou' | 'unknown';
  /** The weakest status among the citations behind it (`verified` > `seed` > `secondary` > `inferred`). */
  readonly status: string;
  readonly reasons: readonly EntitlementReason[];
  /** Caveats a reader must see (inferred figures, example weights, not cash). */
  readonly notes: readonly string[];
}

/** The result of {@link listEntitlements}. */
export interface EntitlementList {
  readonly date: string;
  readonly place: string;
  readonly provenance: Provenance;
  readonly hukouHere: boolean;
  readonly residesHere: boolean;
  readonly entitlements: readonly Entitlement[];
  readonly trace: readonly RuleTrace[];
  /**
   * Problems that did not stop the listing: `eval/stale-figures` when figures of the ruleset are its latest
   * and took effect more than two years before the date. Empty when there are none.
   */
  readonly warnings: readonly Issue[];
}

interface Spec {
  readonly id: string;
  readonly name: Label;
  readonly kind: EntitlementKind;
  readonly eligible: string;
  readonly claimableHere?: string;
  readonly amount?: string;
  /** The amount is another bundled ruleset's rule (one figure, one home): the resident pension's is cn/pension/national's. */
  readonly amountFrom?: { readonly ruleset: string; readonly rule: string };
  readonly period?: Entitlement['period'];
  readonly details?: readonly string[];
  /** Details reported only where the ruleset has them (a region's additions, e.g. Sichuan's blood volumes). */
  readonly optionalDetails?: readonly string[];
  readonly provisionBasis: Entitlement['provisionBasis'];
  readonly reasons: readonly string[];
  readonly notes?: readonly string[];
}

/** The benefits the entitlements rulesets encode, by catalogue id; a spec is used when its rules exist. */
const SPECS: readonly Spec[] = [
  {
    id: 'childcare-subsidy',
    name: { zh: '育儿补贴', en: 'Childcare subsidy' },
    kind: 'cash',
    eligible: 'childcareSubsidyEligible',
    claimableHere: 'childcareSubsidyClaimableHere',
    amount: 'childcareSubsidyThisYear',
    period: 'calendar-year',
    details: ['childcareSubsidyMonthsThisYear', 'childcareSubsidyMonthsTotal', 'childcareSubsidyTotal', 'childcareMonthlyAmount'],
    provisionBasis: 'hukou',
    reasons: ['childcareSubsidyEligible', 'childcareSubsidyMonthsTotal', 'childcareSubsidyMonthsThisYear', 'childcareSubsidyClaimableHere'],
    notes: ['How birth month and third-birthday month count is inferred from the published figures (7,200 for a December-2023 birth; 10,800 at most).'],
  },
  {
    id: 'resident-basic-pension',
    name: { zh: '城乡居民基础养老金', en: 'Resident basic pension (national minimum)' },
    kind: 'cash',
    eligible: 'residentPensionEligible',
    amountFrom: { ruleset: 'cn/pension/national', rule: 'basicPensionMinimum' },
    period: 'month',
    provisionBasis: 'unknown',
    reasons: ['residentPensionEligible'],
    notes: ['The national minimum comes from cn/pension/national (planResidentPension): 123 yuan/month in 2024 and 143 from 2025 are INFERRED; only the +20 increase is published.'],
  },
  {
    id: 'basic-public-health-services',
    name: { zh: '基本公共卫生服务', en: 'Basic public health services' },
    kind: 'fiscal-subsidy',
    eligible: 'basicPublicHealthServicesEligible',
    amount: 'basicPublicHealthSubsidy',
    period: 'year',
    provisionBasis: 'residence',
    reasons: ['basicPublicHealthServicesEligible', 'residenceBasedAccess'],
    notes: ['99 yuan per person per year funds the providers; it is not paid to the person.'],
  },
  {
    id: 'resident-basic-medical-insurance',
    name: { zh: '城乡居民医保财政补助', en: 'Resident medical-insurance fiscal subsidy' },
    kind: 'fiscal-subsidy',
    eligible: 'residentInsuranceSubsidyEligible',
    amount: 'residentInsuranceFiscalSubsidy',
    period: 'year',
    provisionBasis: 'unknown',
    reasons: ['residentInsuranceSubsidyEligible'],
    notes: ['700 yuan per insured person per year is paid into the insurance fund, not to the person.'],
  },
  {
    id: 'blood-donor-fee-exemption',
    name: { zh: '无偿献血者及其配偶、直系亲属用血费用减免', en: 'Blood-use fee exemption for donors, their spouses and immediate family' },
    kind: 'fee-exemption',
    eligible: 'bloodDonorFeeExemptionEligible',
    details: ['bloodFeeExemptionScope'],
    optionalDetails: ['bloodFreeVolumeMl', 'bloodFreeUnlimited'],
    provisionBasis: 'unknown',
    reasons: ['bloodDonorFeeExemptionEligible', 'bloodFeeExemptionScope', 'bloodFreeVolumeMl', 'bloodFreeUnlimited'],
    notes: ['The donor is exempt (Blood Donation Law); the spouse and immediate relatives are exempted or get a reduction as their province rules. Volumes are encoded only where a province publishes them (Sichuan).'],
  },
  {
    id: 'hpv-vaccination-girls',
    name: { zh: '适龄女孩HPV疫苗免费接种', en: 'Free HPV vaccination for eligible girls' },
    kind: 'service-access',
    eligible: 'hpvVaccinationEligible',
    details: ['hpvFreeDosesRemaining', 'hpvDoseIntervalMonths'],
    provisionBasis: 'unknown',
    reasons: ['hpvVaccinationEligible', 'hpvFreeDosesRemaining'],
    notes: ['National immunization programme from 2025-11-10: girls born on or after 2011-11-10, aged 13 or over, 2 bivalent doses 6 months apart, free. Whether the cut-off day itself is included ("以后") is our reading.'],
  },
  {
    id: 'prenatal-checks',
    name: { zh: '孕期妇女产前检查（孕产妇健康管理）', en: 'Prenatal check-ups (maternal health management)' },
    kind: 'service-access',
    eligible: 'prenatalChecksEligible',
    details: ['prenatalFreeChecksTotal', 'prenatalFreeChecksRemaining', 'prenatalCheckDueNow'],
    provisionBasis: 'residence',
    reasons: ['prenatalChecksEligible', 'prenatalCheckDueNow', 'prenatalFreeChecksRemaining'],
    notes: ['Free for pregnant women living in the area: before week 13, weeks 16–20 and 21–24, weeks 28–36 and 37–40 (as publicised in 2018; the seeds give no schedule).'],
  },
  {
    id: 'zhejiang-points-tiered-access',
    name: { zh: '紧缺基本公共服务积分梯度供给', en: 'Points-based tiered access to scarce public services' },
    kind: 'allocation',
    eligible: 'residenceBasedAccess',
    details: ['scarceServicePoints', 'scarceServiceTier', 'socialInsuranceYears', 'residenceYears'],
    provisionBasis: 'residence',
    reasons: ['scarceServiceTier', 'scarceServicePoints', 'residenceBasedAccess'],
    notes: ['EXAMPLE WEIGHTS: the scoring rules are not published; points and tier use example values.'],
  },
];

const STATUS_ORDER = ['verified', 'seed', 'secondary', 'inferred'];


/** Validates the person (the options are valid) and builds the entitlements-ruleset input. */
function toInput(person: unknown, options: ListOptions, jurisdiction: string): { input: Record<string, unknown>; hukouHere: boolean; residesHere: boolean; months?: number } {
  const day = parseDate(options.date, ['date']);
  if (!placeWithin(options.place, jurisdiction)) {
    throw new MinshengError({ code: 'input/enum', message: `place ${options.place} is outside the ruleset's region ${jurisdiction}: list entitlements with that region's ruleset`, path: ['place'] });
  }
  requirePlainObject(person, 'input/type', 'the person must be an object { birthDate, hukou, … }');
  const p = checkArg(person, personSchema, {
    extra: (parsed, issues: Issue[]) => {
      const after = (value: string | undefined, path: (string | number)[]) => {
        if (value !== undefined && parseDate(value) > day) issues.push({ code: 'input/type', message: `${value} is after the date ${options.date}`, path });
      };
      after(parsed.birthDate, ['birthDate']);
      after(parsed.residence?.since, ['residence', 'since']);
      after(parsed.bloodDonation?.donationDate, ['bloodDonation', 'donationDate']);
    },
  });
  const birthDate = formatDate(parseDate(p.birthDate));
  const hukouHere = placeWithin(p.hukou.place, options.place);
  const residencePlace = p.residence?.place;
  const residesHere = residencePlace !== undefined ? placeWithin(residencePlace, options.place) : hukouHere;
  // Living here with no start date: counted from the assessment date (0 months), never assumed longer.
  const since = p.residence?.since;
  const residenceSince = since ?? (residencePlace !== undefined ? options.date : birthDate);
  const input: Record<string, unknown> = {
    birthDate,
    hukouHere,
    residesHere,
    ...(residesHere ? { residenceSince } : {}),
    residentPensionEnrolled: p.enrolments?.residentPension ?? false,
    residentMedicalEnrolled: p.enrolments?.residentMedicalInsurance ?? false,
    bloodDonor: p.bloodDonation?.donor ?? false,
    donorRelative: p.bloodDonation?.immediateRelativeOfDonor ?? false,
    donorSpouse: p.bloodDonation?.spouseOfDonor ?? false,
    donatedVolumeMl: p.bloodDonation?.donatedVolumeMl ?? 0,
    ...(p.bloodDonation?.donationDate !== undefined ? { donationDate: formatDate(parseDate(p.bloodDonation.donationDate)) } : {}),
    sex: p.sex ?? 'unspecified',
    hpvDosesReceived: p.hpvDosesReceived ?? 0,
    pregnant: p.pregnancy !== undefined,
    gestationWeeks: p.pregnancy?.gestationWeeks ?? 0,
  };
  return { input, hukouHere, residesHere, ...(p.socialInsuranceMonths !== undefined ? { months: p.socialInsuranceMonths } : {}) };
}

/** A rule of another bundled ruleset as an amount, its reason and the statuses of what it read. */
function amountFromRuleset(from: { readonly ruleset: string; readonly rule: string }, birthDate: string, date: string): { value: OutputValue; reason: EntitlementReason; statuses: string[] } {
  const other = programFor(from.ruleset);
  const t = other.evaluate({ birthDate }, { date, outputs: [from.rule], trace: true }).trace?.find((x) => x.name === from.rule);
  if (!t) throw new MinshengError({ code: 'options/invalid', message: `ruleset ${from.ruleset} computes no ${from.rule}`, path: ['ruleset'] });
  const source = citationOf(other, t.source);
  const statuses = [source?.status, ...t.uses.map((u) => (u.kind === 'parameter' && u.source ? citationOf(other, u.source)?.status : undefined))].filter((s): s is string => s !== undefined);
  const reason: EntitlementReason = {
    rule: `${from.ruleset}#${from.rule}`,
    ...(t.label ? { label: t.label } : {}),
    ...(t.text ? { text: t.text } : {}),
    value: t.value,
    comparisons: [],
    ...(source ? { source } : {}),
  };
  return { value: t.value, reason, statuses };
}


/**
 * Lists the public services and cash benefits a person can claim in `place` on `date`, each with whether they
 * qualify, whether it can be claimed here (residence- vs hukou-based provision), the amount where there is
 * one, the rules and citations behind it, and the caveats (inferred figures, example weights).
 *
 * @param person birth date, hukou place, residence (and since when), enrolments, blood donation in the family
 * @param options the entitlements ruleset, the date, and the place (GB/T 2260 code) where they would claim
 * @returns the entitlements the ruleset encodes, in a fixed order
 * @throws MinshengError `input/missing` / `input/type` / `input/enum` (a missing or wrong field, an unknown
 *   region, a place outside the ruleset), `value/invalid-date`, `value/negative`
 * @example
 * const ruleset = await loadRuleset('cn/entitlements/national');
 * const list = listEntitlements(
 *   { birthDate: '2023-12-15', hukou: { place: 'CN-62' } },
 *   { ruleset, date: '2025-06-01', place: 'CN-62' },
 * );
 * const childcare = list.entitlements.find((e) => e.id === 'childcare-subsidy')!;
 * childcare.amount;                        //=> '3600.00' (12 months in 2025)
 * childcare.details.childcareSubsidyTotal; //=> '7200.00' (24 months in all)
 */
export function listEntitlements(person: Person, options: ListOptions): EntitlementList {
  requirePlainObject(options, 'options/invalid', 'listEntitlements needs options { ruleset, date, place }');
  checkArg(options, listOptionsSchema, { code: 'options/invalid' });
  const program = programFor(options.ruleset);
  if (!Object.hasOwn(program.ruleTypes, 'residenceBasedAccess')) {
    throw new MinshengError({ code: 'options/invalid', message: `ruleset ${program.id} is not an entitlements ruleset (no rule residenceBasedAccess); use one that extends cn/entitlements/national`, path: ['ruleset'] });
  }
  const { input, hukouHere, residesHere, months } = toInput(person, options, program.ruleset.jurisdiction);
  if (Object.hasOwn(program.ruleset.inputs, 'socialInsuranceMonths')) input['socialInsuranceMonths'] = months ?? 0;
  const result = program.evaluate(input, { date: options.date, trace: true });
  const trace = result.trace ?? [];
  const byName = new Map(trace.map((t) => [t.name, t]));
  const out = result.outputs;
  const valueOf = (name: string): OutputValue => byName.get(name)?.value ?? out[name] ?? null;

  const entitlements: Entitlement[] = [];
  for (const spec of SPECS) {
    const needed = [spec.eligible, ...(spec.amount ? [spec.amount] : []), ...(spec.details ?? [])];
    if (!needed.every((n) => n in program.ruleTypes)) continue;
    const present = [...(spec.details ?? []), ...(spec.optionalDetails ?? []).filter((n) => n in program.ruleTypes)];
    const eligible = valueOf(spec.eligible) === true;
    const claimableHere = spec.claimableHere ? valueOf(spec.claimableHere) === true : eligible;
    const reasons: EntitlementReason[] = spec.reasons
      .filter((r) => byName.has(r))
      .map((r) => {
        const t = byName.get(r)!;
        const source = citationOf(program, t.source);
        return {
          rule: r,
          ...(t.label ? { label: t.label } : {}),
          ...(t.text ? { text: t.text } : {}),
          value: t.value,
          comparisons: t.comparisons.map((c) => ({ expression: c.expression, left: c.left, op: c.op, right: c.right, result: c.result })),
          ...(source ? { source } : {}),
        };
      });
    // The weakest status among the rules behind it and the parameter values they read.
    const statuses = new Set<string>();
    for (const r of [...spec.reasons, ...(spec.amount ? [spec.amount] : []), ...present]) {
      const t = byName.get(r);
      if (!t) continue;
      const s = citationOf(program, t.source)?.status;
      if (s) statuses.add(s);
      for (const use of t.uses) if (use.kind === 'parameter' && use.source) statuses.add(citationOf(program, use.source)!.status);
    }
    const borrowed = spec.amountFrom && eligible ? amountFromRuleset(spec.amountFrom, String(input['birthDate']), result.provenance.date) : undefined;
    if (borrowed) {
      reasons.push(borrowed.reason);
      for (const s of borrowed.statuses) statuses.add(s);
    }
    const status = [...STATUS_ORDER].reverse().find((s) => statuses.has(s)) ?? 'unknown';
    const amount = spec.amount ? valueOf(spec.amount) : borrowed?.value;
    const details: Record<string, OutputValue> = {};
    for (const d of present) details[d] = valueOf(d);
    entitlements.push({
      id: spec.id,
      name: spec.name,
      kind: spec.kind,
      eligible,
      claimableHere,
      ...(typeof amount === 'string' && eligible ? { amount, ...(spec.period ? { period: spec.period } : {}) } : {}),
      details,
      provisionBasis: spec.provisionBasis,
      status,
      reasons,
      notes: spec.notes ?? [],
    });
  }
  return { date: result.provenance.date, place: options.place, provenance: result.provenance, hukouHere, residesHere, entitlements, trace, warnings: staleFigureWarnings(program, result.provenance.date) };
}
