/**
 * Date functions on the fast path: ages and whole days/months/years between dates, and the date builders (start/end of year, add days/months, year, month) — the same `period/` functions the decimal path calls.
 */
import type { DayNumber } from '../../period/date';
import { DATE_DIFFS, DATE_FNS } from '../../period/date-functions';
import type { TExpr } from '../typecheck';
import { type FixedEnv, type FixedNode, type Sub } from './frame';

/** Compiles one dates node, or returns null when the fast path does not model it. */
export function compileDates(node: Extract<TExpr, { kind: 'dateDiff' | 'dateFn' }>, c: Sub, env: FixedEnv): FixedNode | null {
  switch (node.kind) {
    case 'dateDiff': {
      const from = c(node.from);
      const to = node.to ? c(node.to) : null;
      if (!from || (node.to && !to)) return null;
      const fn = DATE_DIFFS[node.fn];
      const a = from.fn;
      const b = to?.fn;
      return { fn: (f) => fn(a(f) as DayNumber, b ? (b(f) as DayNumber) : f.day), scale: 0 };
    }
    case 'dateFn': {
      const date = c(node.date);
      const amount = node.amount ? c(node.amount) : null;
      if (!date || (node.amount && (!amount || amount.scale !== 0))) return null;
      const fn = DATE_FNS[node.fn];
      const d = date.fn;
      const a = amount?.fn;
      const numeric = node.fn === 'year' || node.fn === 'month';
      return { fn: (f) => fn(d(f) as DayNumber, a ? (a(f) as number) : 0), scale: numeric ? 0 : -1 };
    }
  }
}
