/**
 * Aggregates over list inputs on the fast path: sum, count, exists and every, with `it` bound to the current item.
 */
import type { TExpr } from '../typecheck';
import { check, type FixedEnv, type FixedNode, type Sub } from './frame';

/** Compiles one lists node, or returns null when the fast path does not model it. */
export function compileLists(node: Extract<TExpr, { kind: 'aggregate' }>, c: Sub, env: FixedEnv): FixedNode | null {
  switch (node.kind) {
    case 'aggregate': {
      const list = c(node.list);
      if (!list?.shape || typeof list.shape === 'number' || !('item' in list.shape)) return null;
      env.itShapes.push(list.shape.item);
      const body = c(node.body);
      env.itShapes.pop();
      if (!body) return null;
      const items = list.fn;
      const fn = body.fn;
      switch (node.fn) {
        case 'sum':
          if (body.scale < 0) return null;
          return {
            fn: (f) => {
              const saved = f.it;
              let total = 0;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                total = check(total + (fn(f) as number));
              }
              f.it = saved;
              return total;
            },
            scale: body.scale,
          };
        case 'count':
          return {
            fn: (f) => {
              const saved = f.it;
              let n = 0;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                if (fn(f)) n++;
              }
              f.it = saved;
              return n;
            },
            scale: 0,
          };
        default: {
          const wantAll = node.fn === 'every';
          return {
            fn: (f) => {
              const saved = f.it;
              let result = wantAll;
              for (const item of items(f) as unknown[]) {
                f.it = item;
                if (Boolean(fn(f)) !== wantAll) {
                  result = !wantAll;
                  break;
                }
              }
              f.it = saved;
              return result;
            },
            scale: -1,
          };
        }
      }
    }
  }
}
