/**
 * Booleans on the fast path: not, and/or (short-circuit, like the decimal path), comparisons, if/then/else and `in`. Traced variants record comparisons and branches in the frame's log.
 */
import { compareSite } from '../runtime';
import { fixedRenderer } from './render';
import type { TExpr } from '../typecheck';
import { compareRatios, ratioComparer, ratioRenderer, SIGN_TEST } from './ratio';
import { align, binary, COMPARE, constantAt, LeafSource, readLeaf, type BinaryOp, type FixedEnv, type FixedNode, type Sub } from './frame';
import { record, TraceSite, type FixedTraceLog } from './trace-log';

/** A comparison and its payload: both raw sides and the result (rendered by the trace builder). */
function logComparison(log: FixedTraceLog, site: TraceSite, x: unknown, y: unknown, result: boolean): void {
  const events = log.events;
  let n = log.n;
  events[n++] = site;
  events[n++] = x;
  events[n++] = y;
  events[n++] = result;
  log.n = n;
}

/** Compiles one logic node, or returns null when the fast path does not model it. */
export function compileLogic(node: Extract<TExpr, { kind: 'not' | 'logical' | 'compare' | 'if' | 'in' }>, sub: Sub, env: FixedEnv): FixedNode | null {
  // Only comparisons take quotients (ratios); a branch or list holding one is left to the decimal path.
  const c: Sub = (n) => {
    const x = sub(n);
    return x?.ratio ? null : x;
  };
  switch (node.kind) {
    case 'not': {
      const o = c(node.operand);
      if (!o) return null;
      const fn = o.fn;
      return { fn: (f) => !fn(f), scale: -1 };
    }
    case 'logical': {
      const l = c(node.left);
      const r = c(node.right);
      if (!l || !r) return null;
      const a = l.fn;
      const b = r.fn;
      return node.op === 'and' ? { fn: (f) => (a(f) as boolean) && (b(f) as boolean), scale: -1 } : { fn: (f) => (a(f) as boolean) || (b(f) as boolean), scale: -1 };
    }
    case 'compare': {
      const l = sub(node.left);
      const r = sub(node.right);
      if (!l || !r) return null;
      if (l.ratio || r.ratio) {
        if (!env.traced) return { fn: compareRatios(l, r, node.op), scale: -1 };
        const renderLeft = l.ratio ? ratioRenderer(l.scale, node.operand, l.ratio) : fixedRenderer(l.scale, node.operand);
        const renderRight = r.ratio ? ratioRenderer(r.scale, node.operand, r.ratio) : fixedRenderer(r.scale, node.operand);
        if (!renderLeft || !renderRight) return null;
        const cmp = ratioComparer(l, r);
        const test = SIGN_TEST[node.op]!;
        const site = TraceSite.comparison(compareSite(node), renderLeft, renderRight);
        return {
          fn: (f) => {
            const { sign, x, y } = cmp(f);
            const result = test(sign);
            logComparison(f.log!, site, x, y, result);
            return result;
          },
          scale: -1,
        };
      }
      const scale = Math.max(l.scale, r.scale);
      const a = scale >= 0 ? align(l, scale) : l.fn;
      const b = scale >= 0 ? align(r, scale) : r.fn;
      if (env.traced) {
        const test = COMPARE[node.op]!;
        const render = fixedRenderer(scale >= 0 ? scale : -1, node.operand);
        const site = TraceSite.comparison(compareSite(node), render, render);
        return {
          fn: (f) => {
            const x = a(f);
            const y = b(f);
            const result = test(x, y);
            logComparison(f.log!, site, x, y, result);
            return result;
          },
          scale: -1,
        };
      }
      return { fn: binary(node.op as BinaryOp, l, a, r, b), scale: -1 };
    }
    case 'if': {
      const t = c(node.test);
      const x = c(node.then);
      const y = c(node.else);
      if (!t || !x || !y) return null;
      const scale = Math.max(x.scale, y.scale);
      const test = t.fn;
      const a = scale >= 0 ? align(x, scale) : x.fn;
      const b = scale >= 0 ? align(y, scale) : y.fn;
      if (env.traced) {
        const [then, otherwise] = TraceSite.branch(node.test.span);
        return {
          fn: (f) => {
            const taken = test(f) as boolean;
            record(f.log!, taken ? then : otherwise);
            return taken ? a(f) : b(f);
          },
          scale,
        };
      }
      // `if vulnerable then … else 0`: a leaf test read in place, a constant else-branch returned in place.
      const tl = t.leaf;
      const k = constantAt(y, b);
      const constElse = k !== undefined;
      if (tl) {
        const [from, at] = [tl.from, tl.at];
        return constElse ? { fn: (f) => (readLeaf(f, from, at) ? a(f) : k), scale } : { fn: (f) => (readLeaf(f, from, at) ? a(f) : b(f)), scale };
      }
      if (constElse) return { fn: (f) => (test(f) ? a(f) : k), scale };
      return { fn: (f) => (test(f) ? a(f) : b(f)), scale };
    }
    case 'in': {
      const v = c(node.value);
      const items = node.items.map(c);
      if (!v || items.some((i) => !i)) return null;
      const scale = Math.max(v.scale, ...items.map((i) => i!.scale));
      const value = scale >= 0 ? align(v, scale) : v.fn;
      const fns = items.map((i) => (scale >= 0 ? align(i!, scale) : i!.fn));
      const negated = node.negated;
      // x in ['dibao', 'tekun']: the constants are held in an array and the value read in place when it is a leaf.
      const constants = items.map((i, k) => constantAt(i!, fns[k]!));
      if (!env.traced && constants.every((k) => k !== undefined)) {
        const leaf = value === v.fn ? v.leaf : undefined;
        const [from, at] = leaf ? [leaf.from, leaf.at] : [LeafSource.Input, -1];
        return {
          fn: (f) => {
            const x = leaf ? readLeaf(f, from, at) : value(f);
            for (let i = 0; i < constants.length; i++) if (constants[i] === x) return !negated;
            return negated;
          },
          scale: -1,
        };
      }
      return {
        fn: (f) => {
          const x = value(f);
          for (const item of fns) if (item(f) === x) return !negated;
          return negated;
        },
        scale: -1,
      };
    }
  }
}
