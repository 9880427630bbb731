/**
 * Types of the medical-settlement facade. Money crosses this API as strings with 2 decimals (`"7125.00"`);
 * inputs also accept numbers, read through their shortest decimal text (0.1 stays 0.1).
 */
import type { Program, Provenance } from '../../engine/program';
import type { OutputValue, RuleTrace } from '../../engine/trace';

import type { MoneyInput } from '../../money/money';
export type { MoneyInput };

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

/** The insured person, for a year of claims. */
export interface InsuredPerson {
  readonly id: string;
  readonly birthDate?: string;
  readonly category?: Category;
}

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
}

/** A person's year ledger: plain JSON, safe to store and to send back. */
export interface YearLedger {
  readonly format: 'minsheng/medical-ledger@1';
  readonly personId: string;
  /** The ruleset id the ledger accumulates under (`cn/medical/nanchang`). */
  readonly ruleset: string;
  readonly policyYear: { readonly label: string; readonly start: string; readonly end: string };
  readonly ytd: YearToDate;
  /** The claims settled into this ledger, in order. */
  readonly settled: readonly { readonly claimId?: string; readonly dischargeDate: string; readonly fundPaid: string; readonly outOfPocket: string }[];
}

/**
 * The ruleset(s) to settle with: a compiled program, the id of a bundled ruleset (`cn/medical/nanchang`),
 * or several programs (e.g. successive years) picked by the discharge date.
 */
export type RulesetChoice = Program | string | readonly Program[];

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

/** Options of {@link settleIntoLedger} and {@link settleYear}. */
export interface SettleOptions {
  readonly ruleset: RulesetChoice;
  readonly trace?: boolean;
}
