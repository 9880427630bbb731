import type { Expr } from '../../src/expr/ast';

/** Deep copy of an AST without `span` / `calleeSpan`, for structural comparison. */
export function strip(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(strip);
  if (e !== null && typeof e === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) {
      if (k === 'span' || k === 'calleeSpan') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return e;
}

/** The MinshengError `fn` throws (anything else, or no throw, fails the test). */
export { errorOf } from '../helpers/errors';

/** Every node of an AST, iteratively (deep chains must not overflow). */
export function nodes(root: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    out.push(e);
    stack.push(...children(e));
  }
  return out;
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
    case 'logical':
    case 'compare':
      return [e.left, e.right];
    case 'if':
      return [e.test, e.then, e.else];
    case 'in':
      return [e.value, e.list];
    case 'call':
      return e.args;
    case 'index':
      return [e.target, e.index];
    case 'member':
      return [e.target];
    case 'list':
      return e.items;
    default:
      return [];
  }
}
