/**
 * The exact fixed-point fast path. Every numeric node gets a scale (decimal places) at compile time and
 * its value is the JS integer `value × 10^scale`, so + − × compare and rounding are integer operations —
 * exact as long as every intermediate stays a safe integer; a quotient is an exact ratio of two safe
 * integers (fixed/ratio.ts). Any operation that would leave that range,
 * and anything the fast path does not model (rate and decimal inputs), makes the compiler return null
 * or the evaluation throw {@link FALLBACK}; the caller then uses the decimal.js path, which stays the
 * reference (and is what the differential tests compare against).
 *
 * One dispatcher here; each node family compiles in its own file under `fixed/`.
 */
import type { TExpr } from './typecheck';
import type { FixedEnv, FixedNode } from './fixed/frame';
import { compileReads } from './fixed/reads';
import { compileNumbers } from './fixed/numbers';
import { compileLogic } from './fixed/logic';
import { compileLists } from './fixed/lists';
import { compileDates } from './fixed/dates';

export { FALLBACK, NO_VALUE, UNKNOWN, type FixedBands, type FixedEnv, type FixedFn, type FixedFrame, type FixedNode, type FixedShape } from './fixed/frame';
export { fixedRenderer } from './fixed/render';

/** Compiles a typed node for the fast path, or returns null when the fast path cannot model it. */
export function compileFixed(node: TExpr, env: FixedEnv): FixedNode | null {
  const c = (n: TExpr): FixedNode | null => compileFixed(n, env);
  // Only arithmetic, rounding and comparisons take quotients (ratios); elsewhere a ratio child is not modelled.
  const strict = (n: TExpr): FixedNode | null => {
    const x = compileFixed(n, env);
    return x?.ratio ? null : x;
  };
  switch (node.kind) {
    case 'const':
    case 'input':
    case 'field':
    case 'it':
    case 'rule':
    case 'param':
    case 'lookup':
    case 'evaluationDate':
      return compileReads(node, strict, env);
    case 'neg':
    case 'abs':
    case 'arith':
    case 'minmax':
    case 'clamp':
    case 'round':
    case 'scale':
      return compileNumbers(node, c, env);
    case 'not':
    case 'logical':
    case 'compare':
    case 'if':
    case 'in':
      return compileLogic(node, c, env);
    case 'aggregate':
      return compileLists(node, strict, env);
    case 'dateDiff':
    case 'dateFn':
      return compileDates(node, strict, env);
  }
}
