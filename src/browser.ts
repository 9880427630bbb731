/**
 * minsheng-rules for browsers and other runtimes without a file system (`minsheng-rules/browser`): the
 * whole core — parse, compile, evaluate, explain, the domain facades, json-rules-engine interop — and the
 * bundled rulesets as data. No Node built-in is imported, directly or through a dependency (a test bundles
 * this entry with esbuild for the browser and settles the demo claim in headless Chromium).
 *
 * The Node entry (`minsheng-rules`) exports all of this plus file loading (`loadRuleset`,
 * `addRulesetDirectory`).
 *
 * @example
 * import { bundledRuleset, compile, settleClaim } from 'minsheng-rules/browser';
 * const nanchang = compile(bundledRuleset('cn/medical/nanchang'));
 * settleClaim(claim, { ruleset: nanchang }).tiers.basic; //=> '72240.00'
 * @packageDocumentation
 */
export { MinshengError, formatIssues, isMinshengError } from './errors';
export type { Issue, IssueCode, SourceSpan } from './errors';

export { parseRuleset } from './ruleset/parse-api';
export { RulesetRegistry } from './ruleset/registry';
export { rulesetJsonSchema } from './ruleset/json-schema';
export { bundledRuleset, bundledRegistry, bundledRulesetIds } from './bundled/bundled-rulesets';
export type { ResolvedRuleset, ResolvedParameter, ResolvedParameterValue, ResolvedInput, ResolvedRule, ResolvedSource, Layer, ParameterBounds } from './ruleset/resolved';
export type { RulesetFile, TestCase, Label, InputDecl, NumberInputDecl, BooleanInputDecl, DateInputDecl, EnumInputDecl, RecordInputDecl, ListInputDecl, RuleDecl, SourceDecl, NumLike } from './ruleset/schema';
export type { ParameterDecl, ParameterValue, ParameterBoundsDecl, ConstraintDecl, ReconcileDecl } from './ruleset/types';
export type { Limits } from './limits';

export { compile } from './engine/program';
export type { Program, EvaluateOptions, EvaluationResult, Provenance, SafeResult, CompileOptions, Diagnostics, InputSchema, InputSchemaResult, UnknownOutput, BoundUse, RulesetTypes, UntypedRuleset, OutputValues, FenOutputs } from './engine/program';
export type { RuleTrace, TraceUse, TraceBranch, TraceComparison, OutputValue, ValueType } from './engine/trace';
export { runCases } from './engine/cases';
export type { CaseResult, CaseMismatch, CaseError, RunCasesOptions } from './engine/cases';
export type { Reconciliation, ReconcileCheck } from './engine/reconcile';

export { explain } from './present/explain';
export type { ExplainOptions, ExplainLanguage, ExplainStyle } from './present/explain';
export { formatValue } from './present/format';
export type { FormatType, FormatOptions, ValueKind } from './present/format';
export { traceHtml, explanationHtml, docsAnchor } from './docs/views';
export type { ViewOptions } from './docs/views';
export { settlementLetterHtml } from './docs/letter';
export type { LetterOptions, LetterRuleset } from './docs/letter';
export type { WordsLanguage } from './present/words';
export type { Lang } from './docs/i18n';
export { parseTargetSet, parseIndicatorCsv, assessTarget, scorecard } from './compare/scorecard';
export type { TargetSet, PolicyTarget, TargetSource, Observation, TargetStatus, TargetResult, Scorecard, TargetDirection, IndicatorUnit } from './compare/scorecard';
export { scorecardHtml, scorecardText } from './docs/scorecard-render';
export type { ScorecardHtmlOptions } from './docs/scorecard-render';

export { settleClaim, settleIntoLedger, settleYear, openYearLedger, reverseClaim, resettleClaim, readYearToDate, rebuildLedger, medicalCategoryOn, statusFromAssessment } from './domains/medical';
export type { LedgerEntry, LedgerOptions, ReplayOptions, LedgerSettlement, LedgerChange, ClaimDifference, FieldDifference, YearToDateReading, AssistanceStatus, StatusPeriod, StatusHistory, StatusOnDate } from './domains/medical';
export type {
  Claim,
  ClaimItem,
  BillTotals,
  Settlement,
  OutOfPocketReasons,
  PlatformFields,
  YearLedger,
  YearToDate,
  InsuredPerson,
  SettleClaimOptions,
  SettleOptions,
  CatalogueClass,
  Category,
  CrossRegion,
  HospitalLevel,
  MoneyInput,
  RulesetChoice,
  VisitType,
  EmploymentStatus,
  AccountUse,
  Referral,
} from './domains/medical';
export type { RulesetRef } from './domains/program-for';
export { assessHousehold } from './domains/assistance';
export type {
  Household,
  HouseholdMember,
  IncomeItem,
  HouseholdAssessment,
  SchemeAssessment,
  AssessmentReason,
  Threshold,
  AssessOptions,
  AssistanceScheme,
  Citation,
  ReasonComparison,
  DisabilityLevel,
  DisabilityType,
  HouseholdAssets,
  HukouPlace,
  IncomeKind,
  Relation,
  Residence,
  RigidExpenses,
  SchoolEnrolment,
  WorkAbility,
} from './domains/assistance';
export { listCatalogue } from './domains/catalogue';
export type { Catalogue, CatalogueArea, CatalogueFacade, CatalogueItem, CatalogueOptions, EncodedIn, ProvisionBasis } from './domains/catalogue';
export { listEntitlements } from './domains/entitlements';
export { assessEnrolment, assessSocialInsuranceSubsidy } from './domains/enrolment';
export type { EnrolmentAssessment, EnrolmentOptions, EnrolmentPerson, EnrolmentCategory, Employment, Answer, Amount, RuleReason, SubsidyApplicant, SubsidyAssessment, SubsidyGroup, SubsidyOptions } from './domains/enrolment';
export { planResidentPension, PENSION_TIERS } from './domains/pension';
export type { PensionPlan, PensionPlanOptions, PensionPerson, PensionTier, PensionHardshipGroup, TierPlan } from './domains/pension';
export type { Person, Entitlement, EntitlementList, ListOptions, EntitlementKind, EntitlementReason } from './domains/entitlements';

export { importConditions, importFacts, exportRules, registerDecimalOperators } from './interop/json-rules-engine';
export type { Condition, JsonRule, ConditionLeaf, ExportOptions, ExportResult, ImportOptions, OperatorHost } from './interop/json-rules-engine';
