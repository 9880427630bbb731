/**
 * minsheng-rules — China's people's-livelihood (民生) policies as versioned, citable, executable rulesets.
 *
 * The public API. Everything else is internal and may change without notice.
 * @packageDocumentation
 */
export { MinshengError, formatIssues } from './errors';
export type { Issue, IssueCode, SourceSpan } from './errors';
export { loadRuleset, createRegistry } from './ruleset/api';
export type { LoadOptions } from './ruleset/api';
export { RulesetRegistry } from './ruleset/registry';
export { parseRuleset } from './ruleset/parse-api';
export { compile } from './engine/program';
export type { Program, EvaluateOptions, EvaluationResult, Provenance, SafeResult, CompileOptions } from './engine/program';
export type { RuleTrace, TraceUse, TraceBranch, TraceComparison, OutputValue } from './engine/trace';
export { explain } from './engine/explain';
export type { ExplainOptions, ExplainLanguage } from './engine/explain';
export { runCases } from './engine/cases';
export type { CaseResult, CaseMismatch, CaseError, RunCasesOptions } from './engine/cases';
export type { ResolvedRuleset, ResolvedParameter } from './ruleset/resolved';
export type { RulesetFile, TestCase, Label } from './ruleset/schema';
