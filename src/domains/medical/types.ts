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
}

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
] as const;

const admissions = wholeNumber(0, 100_000, 'a whole number of admissions');
const ytdShape = { admissions, ...Object.fromEntries(YTD_MONEY_FIELDS.map((f) => [f, money])) } as { admissions: typeof admissions } & Record<(typeof YTD_MONEY_FIELDS)[number], typeof money>;

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
 * can diff against real settlements. Residents have no personal account: `acct_pay` is `"0.00"`.
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
  };
  readonly fundPaid: string;
  readonly outOfPocket: { readonly total: string; readonly reasons: OutOfPocketReasons };
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
}

/** {@link SettleClaimOptions} as a zod schema. */
export const settleClaimOptionsSchema = strictRecord(
  { ruleset: rulesetChoiceSchema, date: date.optional(), ytd: partialYearToDateSchema.optional(), trace: flag.optional() },
  'options { ruleset, date?, ytd?, trace? }',
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
