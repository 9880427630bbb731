/**
 * Static analysis of resolved rulesets: parameter ranges, the constraints sources impose (national floors,
 * relations between parameters), effective-date gaps, and an abstract interpretation of every rule over
 * intervals (conditions always or never true, constant outputs, unused rules and parameters).
 *
 * The compiler runs it: errors make `compile` throw, warnings are `program.warnings`.
 */
export { checkRanges, timelineGaps } from './parameters';
export { checkConstraints, compileConstraints, constraintParameterReads, type CompiledConstraint } from './constraints';
export { analyzeRules, ruleValues, type AnalysedRule, type RuleAnalysisInput } from './rules';
export { abstractEnv, parameterRange, periods, validityWindow, type Period, type Timelines } from './env';
export { evaluate as evaluateAbstract, inputAV, type AbstractEnv } from './interpret';
export { Reasoner, type PathStep } from './reasoner';
export { showAV, type AV } from './domain';
export { evaluateWithBounds, type BoundedProgram, type FigureBounds } from './bounded';
