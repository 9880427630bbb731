/**
 * The test-case runner for rule authors: a ruleset's `tests:` (and its sibling `<name>.cases.yaml`)
 * evaluated against the compiled program, comparing only the outputs each case names.
 *
 * Comparison rules:
 * - money is compared exactly as a string with 2 decimals; a number in `expect` for a money output is
 *   written that way first (7125 → '7125.00'; 0.045 stays '0.045' and so never matches a rounded amount);
 * - rates, decimals and integers are compared by value ('0.6' matches '0.60');
 * - enums, dates and booleans are compared as they are (a YAML number for an enum is read as its text);
 * - only the rules a case expects are computed (and what they read), so a figure a region has not
 *   published fails only the cases that depend on it;
 * - an expected name the program has no rule for fails with 'no such output'; a rule that is not listed
 *   among the outputs (`output: false`) may be expected too;
 * - `expectError: <code>` passes when the evaluation throws a MinshengError with an issue of that code;
 * - `note` and `discrepancy` are carried to the result for printing; neither makes a case fail;
 * - a `reconcile` case evaluates nothing: it checks published figures against each other and passes when
 *   exactly the checks it lists as `discrepancies` fail (engine/reconcile.ts).
 *
 * A failing case is evaluated again with tracing to find the first differing rule (in evaluation
 * order), so a report can show why that number came out as it did.
 */
import { PLAIN_DECIMAL } from '../money/plain-decimal';
import { isOptions, requireArgument, formatPath, isMinshengError, type Issue, type IssueCode } from '../errors';
import { Decimal } from '../money/decimal';
import type { TestCase } from '../ruleset/schema';
import type { EvaluationResult, Program } from './program';
import type { OutputValue, RuleTrace } from './trace';
import { reconcile, type Reconciliation } from './reconcile';

/** One expected output that did not come out as expected. */
export interface CaseMismatch {
  /** The output (rule) name as written in `expect`. */
  readonly output: string;
  /** The expected value, normalized (a number for a money output → its 2-decimal string). */
  readonly expected: OutputValue;
  /** What the program computed; `undefined` when it has no such output. */
  readonly actual: OutputValue | undefined;
  /** Why it is a mismatch when the values alone do not say it ('no such output', a formatting hint). */
  readonly reason?: string;
}

/** The error an evaluation threw, as data. */
export interface CaseError {
  readonly code: IssueCode | 'internal';
  readonly message: string;
  readonly issues: readonly Issue[];
}

/** The outcome of one test case. */
export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly mismatches: readonly CaseMismatch[];
  /** The error the evaluation threw (expected or not). */
  readonly error?: CaseError;
  /** The code the case expected the evaluation to fail with. */
  readonly expectError?: string;
  /** Why the case failed, in one line, when that is not a mismatch (an error, or no error where one was expected). */
  readonly failure?: string;
  /** The case's `note` (the arithmetic) and `discrepancy` (a published figure that does not add up): printed, never failures. */
  readonly note?: string;
  readonly discrepancy?: string;
  /** The evaluation date used (the case's `date`, else the ruleset's `dateInput`). */
  readonly date?: string;
  /** Every output computed (when the evaluation succeeded). */
  readonly outputs?: Readonly<Record<string, OutputValue>>;
  /** For a failing case: the trace of the first rule (in evaluation order) whose value differs. */
  readonly firstDifferingRule?: RuleTrace;
  /** For a failing case with a trace: the whole trace (so the first differing rule can be explained with what it read). */
  readonly trace?: readonly RuleTrace[];
  /** The file the case came from, when known. */
  readonly file?: string;
  /** For a `reconcile` case: every check of the published figures and its result. */
  readonly reconciliation?: Reconciliation;
}

/** Options of {@link runCases}. */
export interface RunCasesOptions {
  /** The file the cases come from, recorded in each result. */
  readonly file?: string;
  /** Re-run failing cases with tracing to find the first differing rule (default true; only failures pay for it). */
  readonly trace?: boolean;
}

/**
 * Runs test cases against a compiled program.
 *
 * @param program the compiled ruleset
 * @param cases test cases (usually `program.ruleset.tests`)
 * @returns one result per case, in order
 * @example
 * const program = compile(await loadRuleset('rulesets/bench/settlement.yaml'));
 * runCases(program, program.ruleset.tests).every((r) => r.passed); //=> true
 * @category Testing
 */
export function runCases(program: Program, cases: readonly TestCase[], options: RunCasesOptions = {}): CaseResult[] {
  requireArgument(typeof program === 'object' && program !== null && typeof (program as { evaluate?: unknown }).evaluate === 'function', 'runCases', 'program', 'a compiled program (compile(…))', program);
  requireArgument(Array.isArray(cases) && cases.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c)), 'runCases', 'cases', 'a list of test cases', cases);
  requireArgument(isOptions(options), 'runCases', 'options', 'an object { file?, trace? }', options);
  options ??= {};
  return cases.map((c) => runCase(program, c, options));
}

/**
 * Runs one test case. Never throws for a MinshengError (it becomes the result's `error`); an
 * unexpected error (a bug) is reported as an `internal` error.
 *
 * @example
 * runCase(program, { name: 'x', date: '2025-06-01', input: { … }, expect: { basicPaid: 7125 } }).passed; //=> true
 * @category Testing
 */
export function runCase(program: Program, testCase: TestCase, options: RunCasesOptions = {}): CaseResult {
  const base = {
    name: testCase.name,
    ...(testCase.note !== undefined ? { note: testCase.note } : {}),
    ...(testCase.discrepancy !== undefined ? { discrepancy: testCase.discrepancy } : {}),
    ...(testCase.date !== undefined ? { date: testCase.date } : {}),
    ...(testCase.expectError !== undefined ? { expectError: testCase.expectError } : {}),
    ...(options.file !== undefined ? { file: options.file } : {}),
  };
  if (testCase.reconcile !== undefined) return reconcileCase(testCase, base);
  const expect = testCase.expect ?? {};
  // Compute only what the case expects (and what that reads): a figure a region has not published
  // does not fail a case about the outputs that do not depend on it. Rules that are not outputs may be
  // expected too. An unknown name is reported as a mismatch, not passed to the engine.
  const known = Object.keys(expect).filter((n) => program.ruleTypes[n] !== undefined);
  const evalOptions = {
    ...(testCase.date !== undefined ? { date: testCase.date } : {}),
    ...(testCase.expect !== undefined ? { outputs: known } : {}),
  };

  let result: EvaluationResult;
  try {
    result = program.evaluate(testCase.input, evalOptions);
  } catch (thrown) {
    const error = caseError(thrown);
    if (testCase.expectError !== undefined) {
      const code = testCase.expectError;
      const passed = error.code !== 'internal' && error.issues.some((i) => i.code === code);
      return { ...base, passed, mismatches: [], error, ...(passed ? {} : { failure: `expected the error ${code}, got [${error.code}] ${error.message}${where(error.issues[0])}` }) };
    }
    return { ...base, passed: false, mismatches: [], error, failure: `the evaluation failed: [${error.code}] ${error.message}${where(error.issues[0])}` };
  }
  const withDate = { ...base, date: result.provenance.date, outputs: result.outputs };
  if (testCase.expectError !== undefined) {
    return { ...withDate, passed: false, mismatches: [], failure: `expected the error ${testCase.expectError}, but the evaluation succeeded` };
  }

  const mismatches = compareOutputs(program, expect, result);
  if (mismatches.length === 0) return { ...withDate, passed: true, mismatches };

  let trace = result.trace;
  if (!trace && options.trace !== false) {
    try {
      trace = program.evaluate(testCase.input, { ...evalOptions, trace: true }).trace;
    } catch {
      // The traced path failing where the untraced one did not would be an engine bug; report the mismatch anyway.
      trace = undefined;
    }
  }
  const differing = new Set(mismatches.map((m) => m.output));
  const first = trace?.find((t) => differing.has(t.name));
  return {
    ...withDate,
    passed: false,
    mismatches,
    ...(first ? { firstDifferingRule: first } : {}),
    ...(trace && options.trace !== false ? { trace } : {}),
  };
}

/** A `reconcile` case: published figures checked against each other (engine/reconcile.ts); no evaluation. */
function reconcileCase(testCase: TestCase, base: Omit<CaseResult, 'passed' | 'mismatches'>): CaseResult {
  let reconciliation: Reconciliation;
  try {
    reconciliation = reconcile(testCase.reconcile!);
  } catch (thrown) {
    const error = caseError(thrown);
    return { ...base, passed: false, mismatches: [], error, failure: `the reconciliation failed: [${error.code}] ${error.message}${where(error.issues[0])}` };
  }
  const failing = reconciliation.checks.filter((c) => !c.result);
  // Printed like any discrepancy: the prose, then what is machine-checked.
  const summary = failing.length === 0 ? 'every check holds' : `does not add up (${failing.length} of ${reconciliation.checks.length} checks): ${failing.map((c) => `${c.id}: not ${c.holds}`).join('; ')}`;
  const discrepancy = testCase.discrepancy !== undefined ? `${testCase.discrepancy.trimEnd()}\n${summary}` : summary;
  const passed = reconciliation.problems.length === 0;
  return { ...base, discrepancy, passed, mismatches: [], reconciliation, ...(passed ? {} : { failure: reconciliation.problems.join('; ') }) };
}

/**
 * Compares the expected outputs of a case with a result (see the module comment for the rules).
 *
 * @returns the mismatches, in the order of `expected`
 * @category Testing
 */
export function compareOutputs(program: Program, expected: Readonly<Record<string, unknown>>, result: EvaluationResult): CaseMismatch[] {
  const mismatches: CaseMismatch[] = [];
  for (const [name, raw] of Object.entries(expected)) {
    const type = program.ruleTypes[name];
    if (type === undefined) {
      mismatches.push({ output: name, expected: toOutputValue(raw), actual: undefined, reason: 'no such output' });
      continue;
    }
    const actual = Object.hasOwn(result.outputs, name) ? result.outputs[name] : result.trace?.find((t) => t.name === name)?.value;
    const want = normalizeExpected(raw, type);
    const verdict = compareValue(want, actual, type);
    if (verdict !== true) mismatches.push({ output: name, expected: want, actual, ...(verdict ? { reason: verdict } : {}) });
  }
  return mismatches;
}

/**
 * Writes an expected value the way the program renders that type: a number for money → its string
 * with 2 decimals (when it has at most 2), a number for an enum → its text.
 *
 * @example
 * normalizeExpected(7125, 'money'); //=> '7125.00'
 * normalizeExpected(0.045, 'money'); //=> '0.045'
 * @category Testing
 */
export function normalizeExpected(value: unknown, type: string): OutputValue {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (type === 'money') {
      const d = new Decimal(String(value));
      return d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString();
    }
    if (type === 'rate' || type === 'decimal') return new Decimal(String(value)).toString();
    if (type.startsWith('enum') || type === 'text') return String(value);
  }
  return toOutputValue(value);
}

const NUMERIC = PLAIN_DECIMAL;

/** `true` when equal, otherwise a reason ('' when the values speak for themselves). */
function compareValue(expected: OutputValue, actual: OutputValue | undefined, type: string): true | string {
  if (actual === undefined) return 'not computed';
  if (type === 'money') {
    if (expected === actual) return true;
    if (typeof expected === 'string' && typeof actual === 'string' && NUMERIC.test(expected.trim()) && NUMERIC.test(actual) && new Decimal(expected.trim()).eq(actual)) {
      return `same amount, but money is written with 2 decimals: '${actual}'`;
    }
    return '';
  }
  if (type === 'rate' || type === 'decimal' || type === 'integer') {
    const e = typeof expected === 'number' ? String(expected) : expected;
    const a = typeof actual === 'number' ? String(actual) : actual;
    if (typeof e === 'string' && typeof a === 'string' && NUMERIC.test(e.trim()) && NUMERIC.test(a)) return new Decimal(e.trim()).eq(a) ? true : '';
    return e === a ? true : '';
  }
  return deepEqual(expected, actual) ? true : '';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function toOutputValue(value: unknown): OutputValue {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toOutputValue);
  if (typeof value === 'object') {
    const out: Record<string, OutputValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toOutputValue(v);
    return out;
  }
  return String(value);
}

function where(issue: Issue | undefined): string {
  const path = formatPath(issue?.path);
  return path ? ` (at ${path})` : '';
}

/** A thrown value as a {@link CaseError}: a MinshengError's first issue, anything else an internal error. */
export function caseError(thrown: unknown): CaseError {
  if (isMinshengError(thrown)) {
    const first = thrown.issues[0]!;
    return { code: thrown.code, message: first.message, issues: thrown.issues };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'internal', message: `${message} (this is a bug in minsheng-rules)`, issues: [] };
}
