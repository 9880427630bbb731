/**
 * minsheng-rules — China's people's-livelihood (民生) policies as versioned, citable, executable rulesets.
 *
 * The public API. Everything else is internal and may change without notice.
 *
 * - Load and compile: {@link loadRuleset} / {@link parseRuleset} → {@link compile} → `program.evaluate`.
 * - Domains: {@link settleClaim}, {@link settle}, {@link settleYear}, {@link openLedger} (medical),
 *   {@link assessHousehold} (social assistance), {@link listEntitlements} (services and cash benefits).
 * - Explain and test: {@link explain}, {@link runCases}; interop with json-rules-engine.
 * @packageDocumentation
 */
export { MinshengError, formatIssues } from './errors';
export type { Issue, IssueCode, SourceSpan } from './errors';

export { loadRuleset } from './ruleset/api';
export type { LoadOptions } from './ruleset/api';
export { RulesetRegistry } from './ruleset/registry';
export { parseRuleset } from './ruleset/parse-api';
export { rulesetJsonSchema } from './ruleset/json-schema';
export type { ResolvedRuleset, ResolvedParameter, Layer } from './ruleset/resolved';
export type { RulesetFile, TestCase, Label } from './ruleset/schema';

export { compile } from './engine/program';
export type { Program, EvaluateOptions, EvaluationResult, Provenance, SafeResult, CompileOptions } from './engine/program';
export type { RuleTrace, TraceUse, TraceBranch, TraceComparison, OutputValue } from './engine/trace';
export { explain } from './engine/explain';
export type { ExplainOptions, ExplainLanguage } from './engine/explain';
export { runCases } from './engine/cases';
export type { CaseResult, CaseMismatch, CaseError, RunCasesOptions } from './engine/cases';

export { settleClaim, settle, settleYear, openLedger } from './domains/medical';
export type {
  Claim,
  ClaimItem,
  BillTotals,
  Settlement,
  OutOfPocketReasons,
  PlatformFields,
  YearLedger,
  YearToDate,
  Person as InsuredPerson,
  SettleClaimOptions,
  SettleOptions,
} from './domains/medical';
export { assessHousehold } from './domains/assistance';
export type { Household, HouseholdMember, IncomeItem, HouseholdAssessment, SchemeAssessment, AssessmentReason, Threshold, AssessOptions } from './domains/assistance';
export { listEntitlements } from './domains/entitlements';
export type { Person, Entitlement, EntitlementList, ListOptions } from './domains/entitlements';

export { importConditions, exportRules, registerDecimalOperators } from './interop/json-rules-engine';
export type { Condition, JsonRule } from './interop/json-rules-engine';

// Types that the public API refers to (exported so that they are documented and nameable).
export type { Diagnostics } from './engine/program';
export type { Limits } from './ruleset/limits';
export type { AddDirectoryOptions } from './ruleset/registry';
export type { ResolvedInput, ResolvedParameterValue, ResolvedRule, ResolvedSource } from './ruleset/resolved';
export type { InputDecl, NumberInputDecl, BooleanInputDecl, DateInputDecl, EnumInputDecl, RecordInputDecl, ListInputDecl, RuleDecl, SourceDecl, NumLike } from './ruleset/schema';
export type { CatalogueClass, Category, CrossRegion, HospitalLevel, MoneyInput, RulesetChoice, VisitType } from './domains/medical';
export type { AssistanceScheme, Citation, ReasonComparison } from './domains/assistance';
export type {
  DisabilityLevel,
  HouseholdAssets,
  HukouPlace,
  IncomeKind,
  Relation,
  Residence,
  RigidExpenses,
  SchoolEnrolment,
  WorkAbility,
} from './domains/assistance';
export type { EntitlementKind, EntitlementReason } from './domains/entitlements';
export type { ConditionLeaf, ExportOptions, ExportResult, ImportOptions, OperatorHost } from './interop/json-rules-engine';
