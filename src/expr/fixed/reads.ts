/**
 * Reading values on the fast path: constants, inputs and their fields, list items, other rules, parameters (plain and table lookups) and the evaluation date. Traced variants record each read once per rule, rendered for its type.
 */
import { Decimal } from '../../money/decimal';
import { toFixedInt } from '../../money/fen';
import { valueTypeOf, type OutputValue, type ParamEntry } from '../runtime';
import { fixedRenderer } from './render';
import { ratioRenderer } from './ratio';
import type { TExpr } from '../typecheck';
import { MAX_SCALE, fallback, nodeOf, paramAt, type FixedEnv, type FixedNode, type Sub } from './frame';
import { NO_VALUE, UNKNOWN } from './frame';

/** Compiles one reads node, or returns null when the fast path does not model it. */
export function compileReads(node: Extract<TExpr, { kind: 'const' | 'input' | 'field' | 'it' | 'rule' | 'param' | 'lookup' | 'evaluationDate' }>, c: Sub, env: FixedEnv): FixedNode | null {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      if (v instanceof Decimal) {
        const scale = Math.max(0, v.decimalPlaces());
        if (scale > MAX_SCALE) return null;
        const n = toFixedInt(v, scale);
        return n === null ? null : { fn: () => n, scale };
      }
      return { fn: () => v, scale: -1 };
    }
    case 'input': {
      const shape = env.inputShapes.get(node.name);
      if (shape === undefined) return null;
      const name = node.name;
      const at = env.inputIndex.get(name)!;
      if (env.traced) {
        const r = fixedRenderer(shape, node.type);
        const vt = valueTypeOf(node.type);
        const composite = typeof shape !== 'number';
        return nodeOf((f) => {
          const v = f.inputs[at];
          if (v === undefined) fallback(`optional input ${name} absent`);
          const t = f.tracer!;
          if (!t.seen('input', name)) t.read('input', name, vt, composite ? f.renderedInput(name, v, r) : r(v));
          return v;
        }, shape);
      }
      return nodeOf((f) => {
        const v = f.inputs[at];
        return v === undefined ? fallback(`optional input ${name} absent`) : v;
      }, shape);
    }
    case 'field': {
      const target = c(node.target);
      if (!target?.shape || typeof target.shape === 'number' || !('fields' in target.shape)) return null;
      const shape = target.shape.fields[node.field];
      if (shape === undefined) return null;
      const fn = target.fn;
      const field = node.field;
      return nodeOf((f) => {
        const v = (fn(f) as Record<string, unknown>)[field];
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
        const vt = valueTypeOf(node.type);
        const name = node.name;
        return {
          fn: (f) => {
            const v = f.values[index];
            if (v === UNKNOWN) throw NO_VALUE;
            const t = f.tracer!;
            if (!t.seen('rule', name)) t.read('rule', name, vt, r(v));
            return v;
          },
          scale,
          ...(ratio ? { ratio } : {}),
        };
      }
      return {
        fn: (f) => {
          const v = f.values[index];
          if (v === UNKNOWN) throw NO_VALUE;
          return v;
        },
        scale,
        ...(ratio ? { ratio } : {}),
      };
    }
    case 'param': {
      const scale = env.paramScales.get(node.name);
      if (scale === undefined || node.type.kind === 'table' || node.type.kind === 'bands') return null;
      const name = node.name;
      const at = env.paramIndex.get(name)!;
      if (env.traced) {
        const r = fixedRenderer(scale, node.type);
        const vt = valueTypeOf(node.type);
        // The value's text and citation are the same for every evaluation on one day: the per-day parameter
        // table (one object per day and program) keys them.
        let seenTable: unknown;
        let text: OutputValue = null;
        let entry: ParamEntry | undefined;
        return {
          fn: (f) => {
            const v = paramAt(f, at);
            const t = f.tracer!;
            if (!t.seen('parameter', name)) {
              if (seenTable !== f.params || entry === undefined) {
                entry = f.paramEntry(name);
                text = r(v);
                seenTable = f.params;
              }
              t.parameter(name, entry, undefined, vt, text);
            }
            return v;
          },
          scale,
        };
      }
      return {
        fn: (f) => {
          const v = f.params[at];
          if (v === NO_VALUE) throw NO_VALUE;
          return v;
        },
        scale,
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
        const r = fixedRenderer(scale, node.type);
        const vt = valueTypeOf(node.type);
        // As for a plain parameter: the citation and each key's text, once per day's parameter table.
        let seenTable: unknown;
        let entry: ParamEntry | undefined;
        const texts = new Map<string, OutputValue>();
        return {
          fn: (f) => {
            const table = paramAt(f, at) as Record<string, unknown>;
            const k = keyFn(f) as string;
            const v = table[k];
            if (v === undefined) fallback(`no ${name}[${k}]`);
            const t = f.tracer!;
            if (!t.seen('parameter', name, k)) {
              if (seenTable !== f.params || entry === undefined) {
                entry = f.paramEntry(name);
                texts.clear();
                seenTable = f.params;
              }
              let text = texts.get(k);
              if (text === undefined) texts.set(k, (text = r(v)));
              t.parameter(name, entry, k, vt, text);
            }
            return v;
          },
          scale,
        };
      }
      return {
        fn: (f) => {
          const v = (paramAt(f, at) as Record<string, unknown>)[keyFn(f) as string];
          if (v === undefined) fallback(`no ${name}[${String(keyFn(f))}]`);
          return v;
        },
        scale,
      };
    }
    case 'evaluationDate':
      return { fn: (f) => f.day, scale: -1 };
  }
}
