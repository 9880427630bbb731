/**
 * Medical-insurance one-stop settlement (一站式结算): typed entry points over the medical rulesets.
 * @module
 */
export { settleClaim } from './settle';
export { settleIntoLedger, settleYear, openYearLedger, reverseClaim, resettleClaim, readYearToDate, rebuildLedger } from './ledger';
export type { LedgerOptions, ReplayOptions, LedgerSettlement, LedgerChange, ClaimDifference, FieldDifference, YearToDateReading } from './ledger';
export { medicalCategoryOn, statusFromAssessment, statusHistorySchema } from './status';
export type { AssistanceStatus, StatusPeriod, StatusHistory, StatusOnDate } from './status';
export { checkClaim, EMPTY_YTD } from './claim';
export {
  billTotalsSchema,
  claimItemSchema,
  claimSchema,
  insuredPersonSchema,
  openLedgerOptionsSchema,
  settleClaimOptionsSchema,
  settleOptionsSchema,
  yearLedgerSchema,
  yearToDateSchema,
} from './types';
export type {
  AccountUse,
  BillTotals,
  EmploymentStatus,
  Referral,
  Category,
  CatalogueClass,
  Claim,
  ClaimItem,
  CrossRegion,
  HospitalLevel,
  MoneyInput,
  OutOfPocketReasons,
  InsuredPerson,
  LedgerEntry,
  PlatformFields,
  RulesetChoice,
  SettleClaimOptions,
  SettleOptions,
  Settlement,
  VisitType,
  YearLedger,
  YearToDate,
} from './types';
