/**
 * The `reconcile` kind of test case: published figures checked against each other, not a ruleset evaluation.
 * A source (a press article, a worked example) prints amounts and rates; the case writes them down as published,
 * derives what they imply, and states checks as formulas over them. The checks the source fails are listed as
 * its `discrepancies`: the case passes when exactly those fail — so it fails loudly both when a figure is
 * "fixed" to match a story (a listed discrepancy now holds) and when a figure is mistyped (another check fails).
 *
 * Formulas use the ruleset formula language (parsed and type-checked by `expr/`, never eval'd); every figure and
 * derived value is a decimal, computed exactly.
 */
import { MinshengError, isMinshengError } from '../errors';
import { Decimal } from '../money/decimal';
import { compileExpr } from '../expr/compile';
import { parseFormula } from '../expr/parse';
import { renderValue, type EvalContext } from '../expr/runtime';
import { typecheck, type Scope } from '../expr/typecheck';
import { BOOLEAN, DECIMAL, type Type } from '../expr/types';
import type { TestCase } from '../ruleset/schema';

/** One check of a reconciliation, as evaluated. */
export interface ReconcileCheck {
  readonly id: string;
  readonly holds: string;
  /** Whether the formula is true for the published figures. */
  readonly result: boolean;
  /** Whether the case records it as a discrepancy of the source (it must then be false). */
  readonly recorded: boolean;
  readonly note?: string;
}

/** The outcome of a reconciliation case. */
export interface Reconciliation {
  readonly source?: string;
  /** The derived values, rendered (`inPolicyAboveDeductible: "121000"`). */
  readonly derived: Readonly<Record<string, string>>;
  readonly checks: readonly ReconcileCheck[];
  /** Why the case fails (empty when it passes). */
  readonly problems: readonly string[];
}

type ReconcileSpec = NonNullable<TestCase['reconcile']>;

const NO_PARAMS = new Map<string, Type>();
const NO_RULES = new Map<string, Type>();

/** Compiles one formula over the names in scope, failing with the formula's own path. */
function compileFormula(text: string, scope: Scope, expected: Type | undefined, path: (string | number)[]): { fn: (ctx: EvalContext) => unknown; type: Type } {
  let ast;
  try {
    ast = parseFormula(text);
  } catch (error) {
    if (isMinshengError(error)) throw new MinshengError(error.issues.map((i) => ({ ...i, path })));
    throw error;
  }
  const checked = typecheck(ast, scope, expected);
  if (!checked.ok) throw new MinshengError(checked.issues.map((i) => ({ ...i, path })));
  return { fn: compileExpr(checked.checked.expr, { ruleIndex: new Map(), traced: false }), type: checked.checked.expr.type };
}

/**
 * Runs a reconciliation: the derived values in order, then every check.
 *
 * @throws MinshengError `expr/*` (with the path of the formula) for a formula that does not parse or type-check,
 *   `eval/*` for one that fails (a division by zero)
 */
export function reconcile(spec: ReconcileSpec): Reconciliation {
  const inputs: Record<string, unknown> = {};
  const types = new Map<string, Type>();
  for (const [name, value] of Object.entries(spec.figures)) {
    inputs[name] = new Decimal(typeof value === 'number' ? String(value) : value);
    types.set(name, DECIMAL);
  }
  const ctx = (): EvalContext => ({
    inputs,
    day: 0,
    values: [],
    it: undefined,
    param: (name) => {
      throw new MinshengError({ code: 'expr/unknown-name', message: `a reconciliation has no parameters (${name})`, path: ['reconcile'] });
    },
    tracer: undefined,
  });
  const scope = (): Scope => ({ inputs: types, parameters: NO_PARAMS, rules: NO_RULES });
  const derived: Record<string, string> = {};
  for (const [name, text] of Object.entries(spec.derive ?? {})) {
    if (types.has(name)) throw new MinshengError({ code: 'ruleset/schema', message: `'${name}' is already a figure or a derived value`, path: ['reconcile', 'derive', name] });
    const { fn, type } = compileFormula(text, scope(), undefined, ['reconcile', 'derive', name]);
    const value = fn(ctx());
    inputs[name] = value;
    types.set(name, type);
    derived[name] = String(renderValue(value, type));
  }
  const recorded = new Set(spec.discrepancies);
  const ids = new Set<string>();
  const problems: string[] = [];
  const checks = spec.checks.map((check, i): ReconcileCheck => {
    if (ids.has(check.id)) throw new MinshengError({ code: 'ruleset/schema', message: `check id '${check.id}' is used twice`, path: ['reconcile', 'checks', i, 'id'] });
    ids.add(check.id);
    const { fn } = compileFormula(check.holds, scope(), BOOLEAN, ['reconcile', 'checks', i, 'holds']);
    const result = fn(ctx()) === true;
    const isRecorded = recorded.has(check.id);
    if (result && isRecorded) problems.push(`check ${check.id} now holds (${check.holds}), but the case records it as a discrepancy of the source: were the published figures changed?`);
    if (!result && !isRecorded) problems.push(`check ${check.id} does not hold (${check.holds}) and is not recorded as a discrepancy`);
    return { id: check.id, holds: check.holds, result, recorded: isRecorded, ...(check.note !== undefined ? { note: check.note } : {}) };
  });
  for (const id of recorded) if (!ids.has(id)) problems.push(`discrepancy ${id} names no check`);
  return { ...(spec.source !== undefined ? { source: spec.source } : {}), derived, checks, problems };
}
