/**
 * Renders fast-path values (fixed-point integers, day numbers, records and lists of them) to exactly the
 * text the decimal path's `renderValue` gives the same value of the same type, so traces and outputs do
 * not depend on which path ran (the differential tests compare them).
 */
import { POW10, renderFen, renderFixed, roundDiv } from '../../money/fen';
import { formatDate } from '../../period/date';
import type { OutputValue } from '../runtime';
import type { Type } from '../types';
import type { FixedShape } from './frame';

/** A renderer for a value of static type `type` held on the fast path with `shape`. */
export function fixedRenderer(shape: FixedShape, type: Type | undefined): (value: unknown) => OutputValue {
  const t = type?.kind === 'table' ? type.value : type;
  if (typeof shape === 'number') {
    if (shape >= 0) {
      const kind = t?.kind === 'money' || t?.kind === 'integer' ? t.kind : 'decimal';
      // Money in fen, the common output: straight to its text.
      if (kind === 'money' && shape === 2) return (v) => (v === undefined ? null : renderFen(v as number));
      if (kind === 'money' && shape > 2) {
        // An unrounded money product (fen × a rate): half-up to the fen, as the decimal path prints it.
        const d = POW10[shape - 2]!;
        return (v) => (v === undefined ? null : renderFen(roundDiv(v as number, d, 'half-up')));
      }
      return (v) => (v === undefined ? null : renderFixed(v as number, shape, kind));
    }
    return (v) => (v === undefined || v === null ? null : typeof v === 'number' ? formatDate(v) : (v as OutputValue));
  }
  if ('fields' in shape) {
    const fieldTypes = t?.kind === 'record' ? t.fields : undefined;
    const fields = Object.entries(shape.fields).map(([name, s]) => [name, fixedRenderer(s, fieldTypes?.[name])] as const);
    return (v) => {
      const out: Record<string, OutputValue> = {};
      for (const [name, r] of fields) out[name] = r((v as Record<string, unknown>)[name]);
      return out;
    };
  }
  const item = fixedRenderer(shape.item, t?.kind === 'list' ? t.item : undefined);
  return (v) => (v as unknown[]).map(item);
}
