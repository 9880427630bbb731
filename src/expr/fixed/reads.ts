/**
 * Reading values on the fast path: constants, inputs and their fields, list items, other rules, parameters (plain and table lookups) and the evaluation date. Traced variants record each read in the frame's log (the trace builder keeps the first of each per rule and renders it for its type).
 */
import { Decimal } from '../../money/decimal';
import { toFixedInt } from '../../money/fen';
import { valueTypeOf } from '../runtime';
import { fixedRenderer } from './render';
import { ratioRenderer } from './ratio';
import type { TExpr } from '../typecheck';
import { LeafSource, MAX_SCALE, fallback, fieldLeafAt, nodeOf, paramAt, readLeaf, type FixedEnv, type FixedNode, type Sub } from './frame';
import { NO_VALUE, UNKNOWN } from './frame';
import { readKey, record, SITE_INPUT, SITE_LOOKUP, SITE_PARAM, SITE_RULE, TraceSite } from './trace-log';

/** Compiles one reads node, or returns null when the fast path does not model it. */
export function compileReads(node: Extract<TExpr, { kind: 'const' | 'input' | 'field' | 'it' | 'rule' | 'param' | 'lookup' | 'evaluationDate' }>, c: Sub, env: FixedEnv): FixedNode | null {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      if (v instanceof Decimal) {
        const scale = Math.max(0, v.decimalPlaces());
        if (scale > MAX_SCALE) return null;
        const n = toFixedInt(v, scale);
        return n === null ? null : { fn: () => n, scale, constant: n };
      }
      return typeof v === 'string' || typeof v === 'boolean' ? { fn: () => v, scale: -1, constant: v } : { fn: () => v, scale: -1 };
    }
    case 'input': {
      const shape = env.inputShapes.get(node.name);
      if (shape === undefined) return null;
      const name = node.name;
      const at = env.inputIndex.get(name)!;
      if (env.traced) {
        const site = TraceSite.read(SITE_INPUT, readKey(env, 'input', name), name, at, valueTypeOf(node.type), fixedRenderer(shape, node.type), typeof shape !== 'number');
        const traced = nodeOf((f) => {
          const v = f.inputs[at];
          if (v === undefined) fallback(`optional input ${name} absent`);
          record(f.log!, site);
          return v;
        }, shape);
        return { ...traced, ...(typeof shape === 'number' ? { leaf: { from: LeafSource.Input, at, site } } : { whole: { from: LeafSource.Input, at, site } }) };
      }
      const read = nodeOf((f) => {
        const v = f.inputs[at];
        return v === undefined ? fallback(`optional input ${name} absent`) : v;
      }, shape);
      return { ...read, ...(typeof shape === 'number' ? { leaf: { from: LeafSource.Input, at } } : { whole: { from: LeafSource.Input, at } }) };
    }
    case 'field': {
      const target = c(node.target);
      if (!target?.shape || typeof target.shape === 'number' || !('fields' in target.shape)) return null;
      const shape = target.shape.fields[node.field];
      if (shape === undefined) return null;
      const fn = target.fn;
      const field = node.field;
      const at = target.shape.names.indexOf(field);
      // `ytd.basicPaid`, a field of a record input: the record is read in place (one call, not two).
      const whole = target.whole;
      if (whole) {
        const [from, recordAt, site] = [whole.from, whole.at, whole.site];
        const read = nodeOf((f) => {
          const v = (readLeaf(f, from, recordAt, site) as readonly unknown[])[at];
          return v === undefined ? fallback(`optional field ${field} absent`) : v;
        }, shape);
        // A scalar field is a leaf too: `ytd.basicPaid + basicPaid` reads both in place.
        const leafAt = from === LeafSource.Input && typeof shape === 'number' ? fieldLeafAt(recordAt, at) : undefined;
        return leafAt === undefined ? read : { ...read, leaf: { from: LeafSource.Field, at: leafAt, ...(site ? { site } : {}) } };
      }
      return nodeOf((f) => {
        const v = (fn(f) as readonly unknown[])[at];
        return v === undefined ? fallback(`optional field ${field} absent`) : v;
      }, shape);
    }
    case 'it': {
      const shape = env.itShapes[env.itShapes.length - 1];
      return shape === undefined ? null : nodeOf((f) => f.it, shape);
    }
    case 'rule': {
      const index = env.ruleIndex.get(node.name)!;
      const scale = env.ruleScales.get(node.name);
      if (scale === undefined) return null;
      const ratio = env.ruleRatios.get(node.name);
      if (env.traced) {
        const r = ratio ? ratioRenderer(scale, node.type, ratio) : fixedRenderer(scale, node.type);
        if (!r) return null;
        const site = TraceSite.read(SITE_RULE, readKey(env, 'rule', node.name), node.name, index, valueTypeOf(node.type), r);
        return {
          fn: (f) => {
            const v = f.values[index];
            if (v === UNKNOWN) throw NO_VALUE;
            record(f.log!, site);
            return v;
          },
          scale,
          ...(ratio ? { ratio } : { leaf: { from: LeafSource.Rule, at: index, site } }),
        };
      }
      return {
        fn: (f) => {
          const v = f.values[index];
          if (v === UNKNOWN) throw NO_VALUE;
          return v;
        },
        scale,
        ...(ratio ? { ratio } : { leaf: { from: LeafSource.Rule, at: index } }),
      };
    }
    case 'param': {
      const scale = env.paramScales.get(node.name);
      if (scale === undefined || node.type.kind === 'table' || node.type.kind === 'bands') return null;
      const name = node.name;
      const at = env.paramIndex.get(name)!;
      if (env.traced) {
        const site = TraceSite.read(SITE_PARAM, readKey(env, 'parameter', name), name, at, valueTypeOf(node.type), fixedRenderer(scale, node.type));
        return {
          fn: (f) => {
            const v = paramAt(f, at);
            record(f.log!, site);
            return v;
          },
          scale,
          leaf: { from: LeafSource.Parameter, at, site },
          ...domainOf(env, name),
        };
      }
      return {
        fn: (f) => {
          const v = f.params[at];
          if (v === NO_VALUE) throw NO_VALUE;
          return v;
        },
        scale,
        leaf: { from: LeafSource.Parameter, at },
        ...domainOf(env, name),
      };
    }
    case 'lookup': {
      const scale = env.paramScales.get(node.param);
      const key = c(node.key);
      if (scale === undefined || !key) return null;
      const name = node.param;
      const at = env.paramIndex.get(name)!;
      const keyFn = key.fn;
      if (env.traced) {
        const site = TraceSite.read(SITE_LOOKUP, readKey(env, 'parameter', name), name, at, valueTypeOf(node.type), fixedRenderer(scale, node.type));
        if (key.leaf) {
          site.keyFrom = key.leaf.from;
          site.keyAt = key.leaf.at;
        }
        return {
          fn: (f) => {
            const table = paramAt(f, at) as Record<string, unknown>;
            const k = keyFn(f) as string;
            const v = table[k];
            if (v === undefined) fallback(`no ${name}[${k}]`);
            const log = f.log!;
            record(log, site);
            log.events[log.n++] = k;
            return v;
          },
          scale,
          ...domainOf(env, name),
        };
      }
      const keyLeaf = key.leaf;
      if (keyLeaf) {
        const [from, keyAt] = [keyLeaf.from, keyLeaf.at];
        return {
          fn: (f) => {
            const v = (paramAt(f, at) as Record<string, unknown>)[readLeaf(f, from, keyAt) as string];
            if (v === undefined) fallback(`no ${name}[${String(keyFn(f))}]`);
            return v;
          },
          scale,
          ...domainOf(env, name),
        };
      }
      return {
        fn: (f) => {
          const v = (paramAt(f, at) as Record<string, unknown>)[keyFn(f) as string];
          if (v === undefined) fallback(`no ${name}[${String(keyFn(f))}]`);
          return v;
        },
        scale,
        ...domainOf(env, name),
      };
    }
    case 'evaluationDate':
      return { fn: (f) => f.day, scale: -1 };
  }
}

/** The parameter's {@link FixedNode.domain}, as properties to spread into its read's node. */
function domainOf(env: FixedEnv, name: string): { domain?: readonly number[] } {
  const domain = env.paramDomains?.get(name);
  return domain ? { domain } : {};
}
