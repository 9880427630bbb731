/**
 * minsheng-rules — China's people's-livelihood (民生) policies as versioned, citable, executable rulesets.
 *
 * The Node entry: everything of `minsheng-rules/browser` plus loading rulesets from files and folders.
 * Everything not exported here is internal and may change without notice.
 *
 * - Load and compile: {@link loadRuleset} (a file or an id), {@link bundledRuleset} (synchronous, no file
 *   system), {@link parseRuleset} (text) → {@link compile} → `program.evaluate`.
 * - Domains: {@link settleClaim}, {@link settleYear}, {@link openYearLedger} and {@link settleIntoLedger}
 *   (medical), {@link assessHousehold} (social assistance), {@link listEntitlements} (services and cash benefits).
 * - Explain and test: {@link explain}, {@link runCases}; interop with json-rules-engine.
 * @packageDocumentation
 */
export { loadRuleset, addRulesetDirectory } from './node/load';
export type { LoadOptions, AddDirectoryOptions } from './node/load';

export { MinshengError, formatIssues, isMinshengError } from './errors';
export type { Issue, IssueCode, SourceSpan } from './errors';

export { parseRuleset } from './ruleset/parse-api';
export { RulesetRegistry } from './ruleset/registry';
export { rulesetJsonSchema } from './ruleset/json-schema';
export { bundledRuleset, bundledRegistry, bundledRulesetIds } from './bundled/bundled-rulesets';
export type { ResolvedRuleset, ResolvedParameter, ResolvedParameterValue, ResolvedInput, ResolvedRule, ResolvedSource, Layer, ParameterBounds } from './ruleset/resolved';
export type { RulesetFile, TestCase, Label, InputDecl, NumberInputDecl, BooleanInputDecl, DateInputDecl, EnumInputDecl, RecordInputDecl, ListInputDecl, RuleDecl, SourceDecl, NumLike } from './ruleset/schema';
export type { Limits } from './limits';

export { compile } from './engine/program';
export type { Program, EvaluateOptions, EvaluationResult, Provenance, SafeResult, CompileOptions, Diagnostics, UnknownOutput, BoundUse } from './engine/program';
export type { RuleTrace, TraceUse, TraceBranch, TraceComparison, OutputValue, ValueType } from './engine/trace';
export { runCases } from './engine/cases';
export type { CaseResult, CaseMismatch, CaseError, RunCasesOptions } from './engine/cases';

export { explain } from './present/explain';
export type { ExplainOptions, ExplainLanguage, ExplainStyle } from './present/explain';
export { formatValue } from './present/format';
export type { FormatType, FormatOptions, ValueKind } from './present/format';
export { traceHtml, explanationHtml } from './docs/views';
export type { ViewOptions } from './docs/views';

export { settleClaim, settleIntoLedger, settleYear, openYearLedger } from './domains/medical';
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
  HouseholdAssets,
  HukouPlace,
  IncomeKind,
  Relation,
  Residence,
  RigidExpenses,
  SchoolEnrolment,
  WorkAbility,
} from './domains/assistance';
export { listEntitlements } from './domains/entitlements';
export type { Person, Entitlement, EntitlementList, ListOptions, EntitlementKind, EntitlementReason } from './domains/entitlements';

export { importConditions, importFacts, exportRules, registerDecimalOperators } from './interop/json-rules-engine';
export type { Condition, JsonRule, ConditionLeaf, ExportOptions, ExportResult, ImportOptions, OperatorHost } from './interop/json-rules-engine';
