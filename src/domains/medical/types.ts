/**
 * Types of the medical-settlement facade, each with its zod schema (`claimSchema` next to `Claim` …): the
 * facade checks every argument against them, so an unknown key at any depth, a value of the wrong kind or a
 * missing field is refused with its path and code — never ignored, never a TypeError. Money crosses this API
 * as strings with 2 decimals (`"7125.00"`); inputs also accept numbers, read through their shortest decimal
 * text (0.1 stays 0.1).
 */
import { z } from 'zod';
import type { Issue } from '../../errors';
import type { Program, Provenance } from '../../engine/program';
import type { OutputValue, RuleTrace } from '../../engine/trace';
import { MAX_ITEMS, date, flag, id, isPlainObject, money, rulesetRef, strictRecord, text, wholeNumber } from '../fields';
import { isProgram } from '../program-for';
import { expecting } from '../../engine/options';
import { statusHistorySchema, type StatusHistory, type StatusOnDate } from './status';

import type { MoneyInput } from '../../money/money';
export type { MoneyInput };

export const VISIT_TYPES = ['inpatient', 'outpatient', 'chronicOutpatient'] as const;
export const HOSPITAL_LEVELS = ['primary', 'secondary', 'tertiary'] as const;
export const CROSS_REGION = ['none', 'filedLongTerm', 'referred', 'unfiled'] as const;
export const CATEGORIES = ['ordinary', 'extremelyPoorPerson', 'minimumLivingAllowance', 'lowIncomeMarginalHousehold', 'relapsedOrNewlyPoor', 'illnessImpoverishedPatient'] as const;
export const CATALOGUE_CLASSES = ['A', 'B', 'C'] as const;

/** Visit type: inpatient stay, general outpatient (门诊统筹), chronic/special-disease outpatient (门诊慢特病). */
export type VisitType = 'inpatient' | 'outpatient' | 'chronicOutpatient';

/** Hospital level: 一级及以下 (grassroots), 二级, 三级. */
export type HospitalLevel = 'primary' | 'secondary' | 'tertiary';

/** Care outside the pooling region (异地就医): local, filed long-term residence, referred, unfiled temporary. */
export type CrossRegion = 'none' | 'filedLongTerm' | 'referred' | 'unfiled';

/**
 * Medical-assistance category at settlement time (domain.md §9 identifiers): 特困 `extremelyPoorPerson`,
 * 低保 `minimumLivingAllowance`, 低保边缘 `lowIncomeMarginalHousehold`, 返贫致贫/易返贫致贫 `relapsedOrNewlyPoor`,
 * 因病致贫重病患者 `illnessImpoverishedPatient`.
 */
export type Category =
  | 'ordinary'
  | 'extremelyPoorPerson'
  | 'minimumLivingAllowance'
  | 'lowIncomeMarginalHousehold'
  | 'relapsedOrNewlyPoor'
  | 'illnessImpoverishedPatient';

/** Catalogue class: 甲类 A (wholly in policy), 乙类 B (self-pay-first share), 丙类/目录外 C (self-funded). */
export type CatalogueClass = 'A' | 'B' | 'C';

/** One line of an itemised bill. */
export interface ClaimItem {
  readonly amount: MoneyInput;
  readonly class: CatalogueClass;
  /** Of `amount`, the part above the item's price limit (超限价, paid by the patient). Default 0. */
  readonly overPriceLimit?: MoneyInput;
  /** Free text (catalogue code, name); not used by the rules. */
  readonly code?: string;
}

/** {@link ClaimItem} as a zod schema. */
export const claimItemSchema = strictRecord(
  { amount: money, class: z.enum(CATALOGUE_CLASSES), overPriceLimit: money.optional(), code: text().optional() },
  'an item { amount, class, overPriceLimit?, code? }',
);

/** Bill totals, when the bill is not itemised. */
export interface BillTotals {
  /** 医疗总费用. */
  readonly total: MoneyInput;
  /** 甲类 + 乙类 amount (including any part above price limits). Not above `total`. */
  readonly inCatalogue: MoneyInput;
  /** Of `inCatalogue`, the class-B amount within price limits. Default 0. */
  readonly classB?: MoneyInput;
  /** Of `inCatalogue`, the part above price limits. Default 0. */
  readonly overPriceLimit?: MoneyInput;
}

/** {@link BillTotals} as a zod schema: `total` and `inCatalogue` are required (nothing is taken as 0). */
export const billTotalsSchema = strictRecord({ total: money, inCatalogue: money, classB: money.optional(), overPriceLimit: money.optional() }, 'bill totals { total, inCatalogue, classB?, overPriceLimit? }');

/**
 * One claim: an admission, an outpatient visit or a chronic-outpatient visit. Give `items` or `bill`, not both.
 * Region-specific inputs (e.g. Shanghai `majorIllness`, Nanchang `enrolment`) go in `regional`.
 */
export interface Claim {
  /** Your identifier, echoed in the settlement. */
  readonly id?: string;
  readonly personId: string;
  readonly visitType?: VisitType;
  readonly hospitalLevel: HospitalLevel;
  readonly crossRegion?: CrossRegion;
  readonly admissionDate?: string;
  /** `YYYY-MM-DD`: picks the rules in force and the policy year. */
  readonly dischargeDate: string;
  /** Needed by regions whose terms depend on age; taken from the person in {@link settleYear}. */
  readonly birthDate?: string;
  /** Default `ordinary`; taken from the person in {@link settleYear} when absent. */
  readonly category?: Category;
  readonly items?: readonly ClaimItem[];
  readonly bill?: BillTotals;
  /** Extra inputs a regional ruleset declares (checked by the ruleset). */
  readonly regional?: Readonly<Record<string, unknown>>;
  /** Employee insurance: 在职 `active` (default) or 退休 `retired` (retiree rates). */
  readonly employment?: EmploymentStatus;
  /**
   * Employee insurance: which inpatient admission of the policy year this is (1 = first). Default: the year to
   * date's admissions + 1 (so a ledger supplies it). Give it only when settling without the year's earlier claims.
   */
  readonly admissionOrdinal?: number;
  /** Employee insurance: the stay is a transfer from another hospital (转院), with the deductible paid there. */
  readonly referral?: Referral;
  /** Who may pay the patient's share: the own personal account and a relative's account (家庭共济). */
  readonly account?: AccountUse;
  /** Employee insurance: the person is covered by the civil-servant medical subsidy (公务员医疗补助). */
  readonly civilServant?: boolean;
  /** Chronic-outpatient claims: the disease's code on the region's list (门诊慢特病病种), e.g. `malignantTumour`. */
  readonly chronicDisease?: string;
}

export const EMPLOYMENT_STATUSES = ['active', 'retired'] as const;

/** Employment status in employee insurance: 在职 `active`, 退休 `retired`. */
export type EmploymentStatus = 'active' | 'retired';

/** A transfer from another hospital (转院). */
export interface Referral {
  /** The deductible already paid at the referring hospital (used where the region counts it continuously). Default 0. */
  readonly deductiblePaid?: MoneyInput;
}

/** The personal accounts that may pay the patient's share of a claim. */
export interface AccountUse {
  /** Balance of the person's own employee personal account (个人账户). Default 0. */
  readonly balance?: MoneyInput;
  /** A spouse's, parent's or child's account authorised for this person (家庭共济). */
  readonly family?: { readonly balance: MoneyInput; readonly crossProvince?: boolean };
}

const referralSchema = strictRecord({ deductiblePaid: money.optional() }, 'a referral { deductiblePaid? }');
const accountUseSchema = strictRecord(
  { balance: money.optional(), family: strictRecord({ balance: money, crossProvince: flag.optional() }, 'a family account { balance, crossProvince? }').optional() },
  'account use { balance?, family? }',
);

const claimShape = {
  id: id.optional(),
  personId: id,
  visitType: z.enum(VISIT_TYPES).optional(),
  hospitalLevel: z.enum(HOSPITAL_LEVELS),
  crossRegion: z.enum(CROSS_REGION).optional(),
  admissionDate: date.optional(),
  dischargeDate: date,
  birthDate: date.optional(),
  category: z.enum(CATEGORIES).optional(),
  items: z.array(claimItemSchema, expecting('a list of items')).max(MAX_ITEMS).optional(),
  bill: billTotalsSchema.optional(),
  // The regional ruleset checks the values (unknown keys included) when the claim is evaluated.
  regional: z.custom<Readonly<Record<string, unknown>>>((v) => isPlainObject(v), expecting('an object of the inputs the regional ruleset declares')).optional(),
  employment: z.enum(EMPLOYMENT_STATUSES).optional(),
  admissionOrdinal: wholeNumber(1, 1000, 'the admission of the year (1 = first)').optional(),
  referral: referralSchema.optional(),
  account: accountUseSchema.optional(),
  civilServant: flag.optional(),
  chronicDisease: id.optional(),
};

/** {@link Claim} as a zod schema (the consistency of the bill is checked after it). */
export const claimSchema = strictRecord(claimShape, 'a claim { personId, hospitalLevel, dischargeDate, items or bill, … }');

/** A claim in {@link settleYear}: the person's id may be left out (it is the person's). */
export const yearClaimSchema = strictRecord({ ...claimShape, personId: id.optional() }, 'a claim { hospitalLevel, dischargeDate, items or bill, … }');

/** The insured person, for a year of claims. */
export interface InsuredPerson {
  readonly id: string;
  readonly birthDate?: string;
  readonly category?: Category;
}

/** {@link InsuredPerson} as a zod schema. */
export const insuredPersonSchema = strictRecord({ id, birthDate: date.optional(), category: z.enum(CATEGORIES).optional() }, 'a person { id, birthDate?, category? }');

/**
 * Year-to-date accumulators of one person in one policy year (domain.md §5). Plain JSON: money as strings.
 */
export interface YearToDate {
  /** Inpatient admissions settled so far. */
  readonly admissions: number;
  readonly inpatientDeductiblePaid: string;
  readonly outpatientDeductiblePaid: string;
  readonly chronicDeductiblePaid: string;
  /** Pooling fund paid against the basic annual cap (inpatient and chronic outpatient). */
  readonly basicPaid: string;
  /** General-outpatient pooling paid against its own cap. */
  readonly outpatientBasicPaid: string;
  /** Cumulative compliant self-pay counted by critical-illness insurance. */
  readonly criticalBase: string;
  readonly criticalPaid: string;
  readonly assistanceBase: string;
  readonly assistancePaid: string;
  readonly extraHelpBase: string;
  readonly extraHelpPaid: string;
  /** Employee large-amount tier paid (against its own annual cap). */
  readonly largeAmountPaid: string;
  /** Civil-servant subsidy paid. */
  readonly civilServantPaid: string;
  /**
   * Pooling paid for chronic-outpatient care, per disease code (against each disease's annual limit). Only the
   * diseases with a payment are listed.
   */
  readonly chronicByDisease?: Readonly<Record<string, string>>;
}

export const YTD_MONEY_FIELDS = [
  'inpatientDeductiblePaid',
  'outpatientDeductiblePaid',
  'chronicDeductiblePaid',
  'basicPaid',
  'outpatientBasicPaid',
  'criticalBase',
  'criticalPaid',
  'assistanceBase',
  'assistancePaid',
  'extraHelpBase',
  'extraHelpPaid',
  'largeAmountPaid',
  'civilServantPaid',
] as const;

const admissions = wholeNumber(0, 100_000, 'a whole number of admissions');
/** Per-disease chronic accumulators: at most 100 disease codes, each an amount. */
const chronicByDisease = z
  .record(id, money, expecting('an object { <disease code>: amount }'))
  .check((ctx) => {
    if (Object.keys(ctx.value).length > 100) ctx.issues.push({ code: 'custom', input: ctx.value, params: { code: 'input/limit' }, message: 'at most 100 chronic diseases' });
  });
const ytdShape = { admissions, ...Object.fromEntries(YTD_MONEY_FIELDS.map((f) => [f, money])), chronicByDisease: chronicByDisease.optional() } as {
  admissions: typeof admissions;
  chronicByDisease: z.ZodOptional<typeof chronicByDisease>;
} & Record<(typeof YTD_MONEY_FIELDS)[number], typeof money>;

/** {@link YearToDate} as a zod schema: every accumulator (as a ledger stores them). */
export const yearToDateSchema = strictRecord(ytdShape, 'year-to-date accumulators { admissions, basicPaid, … }');

/** Accumulators given as an option: any of them (the others are 0). */
export const partialYearToDateSchema = strictRecord(yearToDateSchema.record.partial().shape, 'year-to-date accumulators { admissions?, basicPaid?, … }');

/** Why the patient pays what is left; the five parts sum exactly to `outOfPocket.total`. */
export interface OutOfPocketReasons {
  /** Out-of-catalogue (class C) items and amounts above price limits. */
  readonly selfPayItems: string;
  /** Class-B and cross-region self-pay-first shares. */
  readonly selfPayFirst: string;
  /** In-policy cost below the deductible. */
  readonly belowDeductible: string;
  /** The patient's share above the deductible (1 − rate). */
  readonly coinsurance: string;
  /** In-policy cost the pooling fund would have paid but for the annual cap. */
  readonly aboveCap: string;
}

/**
 * The result lines of the national settlement platform (setlinfo of interfaces 2207/2304), so billing vendors
 * can diff against real settlements. Every field is an output of the ruleset (none is filled in by the code).
 * Residents have no personal account (`acct_pay` is `"0.00"`), but a relative's account may pay for them
 * (`acct_mulaid_pay`, family mutual aid). `psn_part_amt = acct_pay + acct_mulaid_pay + psn_cash_pay` (our
 * reading of how the two account lines relate; the platform documents name them but not the identity).
 */
export interface PlatformFields {
  readonly medfee_sumamt: string;
  readonly fulamt_ownpay_amt: string;
  readonly overlmt_selfpay: string;
  readonly preselfpay_amt: string;
  readonly inscp_scp_amt: string;
  readonly act_pay_dedc: string;
  readonly hifp_pay: string;
  /** The pooling fund's payment rate. */
  readonly pool_prop_selfpay: string;
  readonly cvlserv_pay: string;
  readonly hifes_pay: string;
  readonly hifmi_pay: string;
  readonly hifob_pay: string;
  readonly hifdm_pay: string;
  readonly maf_pay: string;
  readonly oth_pay: string;
  readonly fund_pay_sumamt: string;
  readonly hosp_part_amt: string;
  readonly psn_part_amt: string;
  readonly acct_pay: string;
  /** Paid from a relative's personal account (个人账户共济支付). */
  readonly acct_mulaid_pay: string;
  readonly psn_cash_pay: string;
}

/** One settled claim. */
export interface Settlement {
  readonly claimId?: string;
  readonly personId: string;
  readonly dischargeDate: string;
  /** Label of the policy year the claim belongs to (by discharge date), e.g. `'2025'`. */
  readonly policyYear: string;
  readonly visitType: VisitType;
  readonly totalCost: string;
  /** How the bill splits (M1). `eligibleAmount` is the in-policy amount the funds work on. */
  readonly split: {
    readonly fullySelfFunded: string;
    readonly overPriceLimit: string;
    readonly classBSelfPayFirst: string;
    readonly crossRegionSelfPayFirst: string;
    readonly selfPayFirst: string;
    readonly eligibleAmount: string;
  };
  readonly deductibleApplied: string;
  /** The pooling fund's rate for this claim, e.g. `"0.6"`. */
  readonly basicPayRate: string;
  /** What each tier pays, in settlement order. */
  readonly tiers: {
    readonly basic: string;
    readonly criticalIllness: string;
    readonly medicalAssistance: string;
    /** Regional extra help (倾斜救助 etc.), `oth_pay`. */
    readonly extraHelp: string;
    /** Employee large-amount tier (职工大额医疗费用补助), `hifob_pay`. */
    readonly largeAmount: string;
    /** Civil-servant medical subsidy (公务员医疗补助), `cvlserv_pay`. */
    readonly civilServantSubsidy: string;
  };
  readonly fundPaid: string;
  /**
   * The patient's share: why it was not covered (`reasons`, summing to `total`) and who pays it (`paidBy`:
   * own personal account, a relative's account, cash — summing to `total`).
   */
  readonly outOfPocket: {
    readonly total: string;
    readonly reasons: OutOfPocketReasons;
    readonly paidBy: { readonly personalAccount: string; readonly familyMutualAid: string; readonly cash: string };
  };
  /** The accumulators after this claim. */
  readonly ytdAfter: YearToDate;
  readonly platformFields: PlatformFields;
  readonly provenance: Provenance;
  /** Every output of the ruleset, as evaluated. */
  readonly outputs: Readonly<Record<string, OutputValue>>;
  /** Present when asked for with `trace: true`. */
  readonly trace?: readonly RuleTrace[];
  /**
   * Problems that did not stop the settlement: `eval/stale-figures` when figures of the ruleset are its
   * latest and took effect more than two years before the discharge date (the region has probably
   * published newer ones). Empty when there are none.
   */
  readonly warnings: readonly Issue[];
  /** With a `statusHistory` option: the assistance status that applied on the discharge date and the category it gave. */
  readonly assistanceStatus?: StatusOnDate;
}

/**
 * One claim settled into a {@link YearLedger}: the claim as settled (so the ledger can be replayed from its own
 * content), what it paid, and the accumulators after it (so a reversal starts from the claim before).
 */
export interface LedgerEntry {
  readonly claimId?: string;
  readonly dischargeDate: string;
  /** The claim as settled (the person's birth date and category filled in). */
  readonly claim: Claim;
  /** The assistance status that set the claim's category on its discharge date, when a status history was given. */
  readonly status?: string;
  readonly fundPaid: string;
  readonly outOfPocket: string;
  /** The settlement's platform fields (what a 冲正 reverses; reversals report differences by these names). */
  readonly platformFields: Readonly<Record<string, string>>;
  readonly ytdAfter: YearToDate;
}

/** A person's year ledger: plain JSON, safe to store and to send back (it rebuilds from its own content). */
export interface YearLedger {
  readonly format: 'minsheng/medical-ledger@2';
  readonly personId: string;
  /** The ruleset id the ledger accumulates under (`cn/medical/nanchang`). */
  readonly ruleset: string;
  readonly policyYear: { readonly label: string; readonly start: string; readonly end: string };
  /** The accumulators after the last settled claim (those of a fresh year when none is). */
  readonly ytd: YearToDate;
  /** The claims settled into this ledger, in discharge-date order. */
  readonly settled: readonly LedgerEntry[];
}

export const LEDGER_FORMAT = 'minsheng/medical-ledger@2';

const DECIMAL_TEXT = /^-?\d{1,15}(\.\d{1,12})?$/;
/** Platform fields as a ledger stores them: up to 60 snake_case names, each a decimal text. */
const platformFieldsSchema = z.custom<Readonly<Record<string, string>>>(
  (v) => isPlainObject(v) && Object.keys(v).length <= 60 && Object.entries(v).every(([k, x]) => /^[a-z][a-z0-9_]{0,39}$/.test(k) && typeof x === 'string' && DECIMAL_TEXT.test(x)),
  expecting('platform fields { hifp_pay: "…", … } (snake_case names, decimal texts)'),
);

/** {@link YearLedger} as a zod schema (its consistency with the claims and the ruleset is checked after it). */
export const yearLedgerSchema = strictRecord(
  {
    format: z.unknown().check((ctx) => {
      if (ctx.value !== LEDGER_FORMAT) {
        ctx.issues.push({ code: 'custom', input: ctx.value, params: { code: 'ledger/mismatch' }, message: `not a medical ledger (format ${ctx.value === undefined ? 'missing' : JSON.stringify(typeof ctx.value === 'string' ? ctx.value.slice(0, 40) : typeof ctx.value)}, expected ${LEDGER_FORMAT})` });
      }
    }),
    personId: id,
    ruleset: id,
    policyYear: strictRecord({ label: text(40), start: date, end: date }, 'a policy year { label, start, end }'),
    ytd: yearToDateSchema,
    settled: z
      .array(
        strictRecord(
          { claimId: id.optional(), dischargeDate: date, claim: claimSchema, status: text(40).optional(), fundPaid: money, outOfPocket: money, platformFields: platformFieldsSchema, ytdAfter: yearToDateSchema },
          'a settled claim { claimId?, dischargeDate, claim, status?, fundPaid, outOfPocket, platformFields, ytdAfter }',
        ),
        expecting('a list of settled claims'),
      )
      .max(MAX_ITEMS),
  },
  'a ledger (from openYearLedger, settleIntoLedger or settleYear)',
);

/**
 * The ruleset(s) to settle with: a compiled program, the id of a bundled ruleset (`cn/medical/nanchang`),
 * or several programs (e.g. successive years) picked by the discharge date.
 */
export type RulesetChoice = Program | string | readonly Program[];

/** {@link RulesetChoice} as a zod schema. */
export const rulesetChoiceSchema = z.union([rulesetRef, z.array(z.custom<Program>((v) => isProgram(v), expecting('a compiled program'))).min(1).max(100)], expecting("a compiled program, a bundled ruleset id such as 'cn/medical/nanchang', or a list of compiled programs"));

/** Options of {@link settleClaim}. */
export interface SettleClaimOptions {
  readonly ruleset: RulesetChoice;
  /** Evaluation date `YYYY-MM-DD`; default the claim's discharge date. */
  readonly date?: string;
  /** Accumulators before this claim (default: first claim of the year). */
  readonly ytd?: Partial<YearToDate>;
  /** Record the full explanation of every rule. */
  readonly trace?: boolean;
  /**
   * The person's assistance status over time (特困, 低保, edge, rigid-expense hardship, monitoring — see
   * `medicalCategoryOn`): the claim's category is the one its discharge date gives, and the settlement says which
   * status applied.
   */
  readonly statusHistory?: StatusHistory;
}

/** {@link SettleClaimOptions} as a zod schema. */
export const settleClaimOptionsSchema = strictRecord(
  { ruleset: rulesetChoiceSchema, date: date.optional(), ytd: partialYearToDateSchema.optional(), trace: flag.optional(), statusHistory: statusHistorySchema.optional() },
  'options { ruleset, date?, ytd?, trace?, statusHistory? }',
);

/** Options of {@link settleIntoLedger} and {@link settleYear}. */
export interface SettleOptions {
  readonly ruleset: RulesetChoice;
  readonly trace?: boolean;
}

/** {@link SettleOptions} as a zod schema. */
export const settleOptionsSchema = strictRecord({ ruleset: rulesetChoiceSchema, trace: flag.optional() }, 'options { ruleset, trace? }');

/** The options of {@link openYearLedger} as a zod schema. */
export const openLedgerOptionsSchema = strictRecord({ ruleset: rulesetChoiceSchema }, 'options { ruleset }');
