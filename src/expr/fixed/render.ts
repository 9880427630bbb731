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

/** Money held in fen, printed with 2 decimals (the common renderer: callers may recognise it and inline it). */
export const renderMoneyFen = (v: unknown): OutputValue => (v === undefined ? null : renderFen(v as number));

/** A whole number held at scale 0: the number itself (`+ 0` turns −0 into 0, as the decimal path prints it). */
export const renderWhole = (v: unknown): OutputValue => (v === undefined ? null : (v as number) + 0);

/** Texts kept per decimal renderer (see {@link fixedRenderer}). */
const DECIMAL_TEXTS = 64;

/** A renderer for a value of static type `type` held on the fast path with `shape`. */
export function fixedRenderer(shape: FixedShape, type: Type | undefined): (value: unknown) => OutputValue {
  const t = type?.kind === 'table' ? type.value : type;
  if (typeof shape === 'number') {
    if (shape >= 0) {
      const kind = t?.kind === 'money' || t?.kind === 'integer' ? t.kind : 'decimal';
      // Money in fen, the common output: straight to its text.
      if (kind === 'money' && shape === 2) return renderMoneyFen;
      if (kind === 'money' && shape > 2) {
        // An unrounded money product (fen × a rate): half-up to the fen, as the decimal path prints it.
        const d = POW10[shape - 2]!;
        return (v) => (v === undefined ? null : renderFen(roundDiv(v as number, d, 'half-up')));
      }
      if (kind === 'money') {
        // Whole yuan or tenths (a sum of whole amounts, a standard × 12): in fen while that stays exact.
        const factor = POW10[2 - shape]!;
        const limit = Math.floor(Number.MAX_SAFE_INTEGER / factor);
        return (v) => (v === undefined ? null : (v as number) <= limit && (v as number) >= -limit ? renderFen((v as number) * factor) : renderFixed(v as number, shape, kind));
      }
      if (kind === 'integer' && shape === 0) return renderWhole;
      // Rates and other decimals take few values (a rate by hospital level, a share): their texts are kept, up
      // to DECIMAL_TEXTS of them, instead of printing the same few numbers on every evaluation.
      const texts = new Map<number, OutputValue>();
      return (v) => {
        if (v === undefined) return null;
        let text = texts.get(v as number);
        if (text === undefined) {
          text = renderFixed(v as number, shape, kind);
          if (texts.size < DECIMAL_TEXTS) texts.set(v as number, text);
        }
        return text;
      };
    }
    return (v) => (v === undefined || v === null ? null : typeof v === 'number' ? formatDate(v) : (v as OutputValue));
  }
  if ('fields' in shape) {
    const fieldTypes = t?.kind === 'record' ? t.fields : undefined;
    // Held as an array in the order of `names` (see FixedShape).
    const fields = shape.names.map((name) => [name, fixedRenderer(shape.fields[name]!, fieldTypes?.[name])] as const);
    // Each record starts as a copy of a template with every field (one step for an object of that shape), so the
    // stores below fill fields in place instead of growing the object key by key — unless a name is an integer
    // (such keys enumerate first: the template would not keep the fields' order).
    const template: Record<string, OutputValue> = {};
    for (const [name] of fields) Object.defineProperty(template, name, { value: null, writable: true, enumerable: true, configurable: true });
    const inOrder = Object.keys(template).every((k, i) => k === fields[i]![0]);
    return (v) => {
      const out: Record<string, OutputValue> = inOrder ? { ...template } : {};
      for (let i = 0; i < fields.length; i++) out[fields[i]![0]] = fields[i]![1]((v as readonly unknown[])[i]);
      return out;
    };
  }
  const item = fixedRenderer(shape.item, t?.kind === 'list' ? t.item : undefined);
  return (v) => (v as unknown[]).map(item);
}
