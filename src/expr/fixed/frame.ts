/**
 * The frame, node and environment types of the exact fixed-point fast path, and its small shared helpers.
 *
 * Every numeric node gets a scale (decimal places) at compile time and
 * its value is the JS integer `value × 10^scale`, so + − × compare and rounding are integer operations —
 * exact as long as every intermediate stays a safe integer. Any operation that would leave that range,
 * and anything the fast path does not model (rate and decimal inputs, more than 12 decimals), makes the
 * compiler return null or the evaluation throw {@link FALLBACK}; the caller then uses the decimal.js
 * path, which stays the reference (and is what the differential tests compare against).
 */
import { POW10 } from '../../money/fen';
import type { DayNumber } from '../../period/date';
import { record, type FixedTraceLog, type TraceSite } from './trace-log';
import type { TExpr } from '../typecheck';

/** Thrown inside the fast path to hand the evaluation to the decimal path. Not an Error: no stack capture. */
export const FALLBACK: unique symbol = Symbol('minsheng.fallback');

/**
 * Thrown when a parameter has no value in force (a figure a region has not published). The rule that read it
 * keeps {@link UNKNOWN} as its value, as the decimal path keeps its error: only a rule or an output that reads it
 * hands the evaluation over, so a figure on a branch not taken does not push an evaluation off the fast path.
 */
export const NO_VALUE: unique symbol = Symbol('minsheng.no-value');

/** The value of a rule that read a figure with no value in force (see {@link NO_VALUE}). */
export const UNKNOWN: unique symbol = Symbol('minsheng.unknown');

const MAX = Number.MAX_SAFE_INTEGER;
/** Beyond this many decimal places a product is unlikely to stay in range; do not try. */
export const MAX_SCALE = 12;

export interface FixedFrame {
  /** Converted inputs by {@link FixedEnv.inputIndex} (an element load, not a keyed property load). */
  readonly inputs: readonly unknown[];
  readonly day: DayNumber;
  readonly values: unknown[];
  /** The current list item inside sum/count/exists/every. */
  it: unknown;
  /** Fixed-point parameter value in force at `day` (throws NO_VALUE when none). */
  param(name: string): unknown;
  /**
   * Every parameter's fixed-point value in force at `day`, by {@link FixedEnv.paramIndex} ({@link NO_VALUE}
   * where none is): resolved once per evaluation date and program, not per read.
   */
  readonly params: readonly unknown[];
  /** On the traced path: where reads, branches and comparisons are recorded (see fixed/trace-log.ts). */
  readonly log: FixedTraceLog | undefined;
}

export type FixedFn = (frame: FixedFrame) => unknown;

/** A compiled node: its closure and, for numbers, its scale (−1 for booleans, enums and dates). */
export interface FixedNode {
  readonly fn: FixedFn;
  readonly scale: number;
  /** For records and lists: the shape of what the value holds. */
  readonly shape?: FixedShape;
  /**
   * Set when the value is an exact quotient `{ n, d }` (see fixed/ratio.ts): `'direct'` for a plain
   * `a / b` of fixed values (printable unrounded), `'derived'` for anything computed from quotients.
   */
  readonly ratio?: 'direct' | 'derived';
  /** Set on a constant: its value (a number at the node's scale; aligned at compile time, not per call). */
  readonly constant?: number | string | boolean;
  /** Set on a plain product `a × b` (not of quotients): its factors, so that `round` can fuse with it. */
  readonly product?: readonly [FixedNode, FixedNode];
  /**
   * Set on an untraced plain read of an input, a rule or a parameter: where it reads, so that an operator
   * reads it in place ({@link readLeaf}, inlined) instead of calling the read's closure.
   */
  readonly leaf?: FixedLeaf;
  /** Set on a plain read of a record input: where it reads, so that a field read reads the record in place. */
  readonly whole?: FixedLeaf;
  /**
   * Set on a chain `a ± b ± …` of leaves at one scale: its leaves, so that a longer chain is one closure (and
   * max(0, a − b) of two reads them in one closure, see minmax).
   */
  readonly chain?: LeafChain;
  /** Set on max(floor, a − b) of two leaves (what is left of a cap), so that min(x, it) is one closure. */
  readonly capLeft?: CapLeft;
  /** Set on a read of a numeric parameter (plain or a table's entry): every value it can take, at its scale. */
  readonly domain?: readonly number[];
}

/** The leaves of a chain of `+` and `−` in the order written, and which are subtracted (`minus[0]` is false). */
export interface LeafChain {
  readonly leaves: readonly FixedLeaf[];
  readonly minus: readonly boolean[];
}

/** max(floor, a − b) of two leaves at one scale (see {@link FixedNode.capLeft}). */
export interface CapLeft {
  readonly floor: number;
  readonly difference: readonly [FixedLeaf, FixedLeaf];
}

/** Where a plain read takes its value from (see {@link readLeaf}). */
export interface FixedLeaf {
  readonly from: LeafSource;
  readonly at: number;
  /** On the traced path: the read's site, recorded in the frame's log as the read's own closure records it. */
  readonly site?: TraceSite;
}

export const enum LeafSource {
  Input,
  Rule,
  Parameter,
  /** A scalar field of a record input: `ytd.basicPaid` (see {@link fieldLeafAt}). */
  Field,
}

/**
 * What the read's own closure does, as a plain function an operator's closure calls directly (small enough
 * to be inlined): an absent optional input hands over, a rule or parameter with no value throws NO_VALUE.
 */
export function readLeaf(f: FixedFrame, from: LeafSource, at: number, site?: TraceSite): unknown {
  let v: unknown;
  if (from === LeafSource.Rule) {
    v = f.values[at];
    if (v === UNKNOWN) throw NO_VALUE;
  } else if (from === LeafSource.Input) {
    v = f.inputs[at];
    if (v === undefined) fallback('an optional input is absent');
  } else if (from === LeafSource.Parameter) {
    v = f.params[at];
    if (v === NO_VALUE) throw NO_VALUE;
  } else {
    // A field of a record input (see fieldLeafAt): the record, then its field.
    const record = f.inputs[at & FIELD_STRIDE_MASK] as readonly unknown[] | undefined;
    if (record === undefined) fallback('an optional input is absent');
    v = record[at >>> FIELD_SHIFT];
    if (v === undefined) fallback('an optional field is absent');
  }
  if (site !== undefined) record(f.log!, site);
  return v;
}

const FIELD_SHIFT = 16;
const FIELD_STRIDE_MASK = (1 << FIELD_SHIFT) - 1;

/**
 * Where a {@link LeafSource.Field} leaf reads: the record input's position and the field's in one number, or
 * undefined when either is too large to fit (the field is then read by its own closure).
 */
export function fieldLeafAt(input: number, field: number): number | undefined {
  return input <= FIELD_STRIDE_MASK && field >= 0 && field < 1 << (31 - FIELD_SHIFT) ? input + field * (1 << FIELD_SHIFT) : undefined;
}

/**
 * The value of a constant operand at the scale `aligned` computes it at (undefined when the operand is not
 * a constant, or its aligned value would not be a safe integer: then its closure hands over as it would).
 */
export function constantAt(node: FixedNode, aligned: FixedFn): number | string | boolean | undefined {
  const k = node.constant;
  if (k === undefined || typeof k !== 'number') return k;
  if (aligned === node.fn) return k;
  // align() made a constant closure of it (or one that hands over when out of range).
  try {
    const v = aligned(undefined as never) as number;
    return Number.isSafeInteger(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Binary operators with their operands read in place when they are leaves (no closure call for a leaf). */
export type BinaryOp = '+' | '-' | '*' | 'min' | 'max' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `a op b` with `a`, `b` the operands' closures at the common scale. A leaf operand whose closure is its own
 * (no alignment) is read in place. Operands are evaluated left to right, as by the general closures.
 */
export function binary(op: BinaryOp, l: FixedNode, a: FixedFn, r: FixedNode, b: FixedFn): FixedFn {
  const ll = a === l.fn ? l.leaf : undefined;
  const rl = b === r.fn ? r.leaf : undefined;
  const k = constantAt(r, b);
  // `x > 0`, `kind == 'a'`, `n + 1`: a constant right operand is held in the closure.
  if (k !== undefined && op !== '*' && op !== 'min' && op !== 'max') {
    if (ll) {
      const [lf, la, ls] = [ll.from, ll.at, ll.site];
      switch (op) {
        case '+': return (f) => check((readLeaf(f, lf, la, ls) as number) + (k as number));
        case '-': return (f) => check((readLeaf(f, lf, la, ls) as number) - (k as number));
        case '==': return (f) => readLeaf(f, lf, la, ls) === k;
        case '!=': return (f) => readLeaf(f, lf, la, ls) !== k;
        case '<': return (f) => (readLeaf(f, lf, la, ls) as number) < (k as number);
        case '<=': return (f) => (readLeaf(f, lf, la, ls) as number) <= (k as number);
        case '>': return (f) => (readLeaf(f, lf, la, ls) as number) > (k as number);
        case '>=': return (f) => (readLeaf(f, lf, la, ls) as number) >= (k as number);
      }
    }
    switch (op) {
      case '+': return (f) => check((a(f) as number) + (k as number));
      case '-': return (f) => check((a(f) as number) - (k as number));
      case '==': return (f) => a(f) === k;
      case '!=': return (f) => a(f) !== k;
      case '<': return (f) => (a(f) as number) < (k as number);
      case '<=': return (f) => (a(f) as number) <= (k as number);
      case '>': return (f) => (a(f) as number) > (k as number);
      case '>=': return (f) => (a(f) as number) >= (k as number);
    }
  }
  if (ll && rl) {
    const [lf, la, ls, rf, ra, rs] = [ll.from, ll.at, ll.site, rl.from, rl.at, rl.site];
    switch (op) {
      case '+': return (f) => check((readLeaf(f, lf, la, ls) as number) + (readLeaf(f, rf, ra, rs) as number));
      case '-': return (f) => check((readLeaf(f, lf, la, ls) as number) - (readLeaf(f, rf, ra, rs) as number));
      case '*': return (f) => check((readLeaf(f, lf, la, ls) as number) * (readLeaf(f, rf, ra, rs) as number));
      case 'min': return (f) => Math.min(readLeaf(f, lf, la, ls) as number, readLeaf(f, rf, ra, rs) as number);
      case 'max': return (f) => Math.max(readLeaf(f, lf, la, ls) as number, readLeaf(f, rf, ra, rs) as number);
      case '==': return (f) => readLeaf(f, lf, la, ls) === readLeaf(f, rf, ra, rs);
      case '!=': return (f) => readLeaf(f, lf, la, ls) !== readLeaf(f, rf, ra, rs);
      case '<': return (f) => (readLeaf(f, lf, la, ls) as number) < (readLeaf(f, rf, ra, rs) as number);
      case '<=': return (f) => (readLeaf(f, lf, la, ls) as number) <= (readLeaf(f, rf, ra, rs) as number);
      case '>': return (f) => (readLeaf(f, lf, la, ls) as number) > (readLeaf(f, rf, ra, rs) as number);
      case '>=': return (f) => (readLeaf(f, lf, la, ls) as number) >= (readLeaf(f, rf, ra, rs) as number);
    }
  }
  if (ll) {
    const [lf, la, ls] = [ll.from, ll.at, ll.site];
    switch (op) {
      case '+': return (f) => check((readLeaf(f, lf, la, ls) as number) + (b(f) as number));
      case '-': return (f) => check((readLeaf(f, lf, la, ls) as number) - (b(f) as number));
      case '*': return (f) => check((readLeaf(f, lf, la, ls) as number) * (b(f) as number));
      case 'min': return (f) => Math.min(readLeaf(f, lf, la, ls) as number, b(f) as number);
      case 'max': return (f) => Math.max(readLeaf(f, lf, la, ls) as number, b(f) as number);
      case '==': return (f) => readLeaf(f, lf, la, ls) === b(f);
      case '!=': return (f) => readLeaf(f, lf, la, ls) !== b(f);
      case '<': return (f) => (readLeaf(f, lf, la, ls) as number) < (b(f) as number);
      case '<=': return (f) => (readLeaf(f, lf, la, ls) as number) <= (b(f) as number);
      case '>': return (f) => (readLeaf(f, lf, la, ls) as number) > (b(f) as number);
      case '>=': return (f) => (readLeaf(f, lf, la, ls) as number) >= (b(f) as number);
    }
  }
  if (rl) {
    const [rf, ra, rs] = [rl.from, rl.at, rl.site];
    switch (op) {
      case '+': return (f) => check((a(f) as number) + (readLeaf(f, rf, ra, rs) as number));
      case '-': return (f) => check((a(f) as number) - (readLeaf(f, rf, ra, rs) as number));
      case '*': return (f) => check((a(f) as number) * (readLeaf(f, rf, ra, rs) as number));
      case 'min': return (f) => Math.min(a(f) as number, readLeaf(f, rf, ra, rs) as number);
      case 'max': return (f) => Math.max(a(f) as number, readLeaf(f, rf, ra, rs) as number);
      case '==': return (f) => a(f) === readLeaf(f, rf, ra, rs);
      case '!=': return (f) => a(f) !== readLeaf(f, rf, ra, rs);
      case '<': return (f) => (a(f) as number) < (readLeaf(f, rf, ra, rs) as number);
      case '<=': return (f) => (a(f) as number) <= (readLeaf(f, rf, ra, rs) as number);
      case '>': return (f) => (a(f) as number) > (readLeaf(f, rf, ra, rs) as number);
      case '>=': return (f) => (a(f) as number) >= (readLeaf(f, rf, ra, rs) as number);
    }
  }
  switch (op) {
    case '+': return (f) => check((a(f) as number) + (b(f) as number));
    case '-': return (f) => check((a(f) as number) - (b(f) as number));
    case '*': return (f) => check((a(f) as number) * (b(f) as number));
    case 'min': return (f) => Math.min(a(f) as number, b(f) as number);
    case 'max': return (f) => Math.max(a(f) as number, b(f) as number);
    case '==': return (f) => a(f) === b(f);
    case '!=': return (f) => a(f) !== b(f);
    case '<': return (f) => (a(f) as number) < (b(f) as number);
    case '<=': return (f) => (a(f) as number) <= (b(f) as number);
    case '>': return (f) => (a(f) as number) > (b(f) as number);
    case '>=': return (f) => (a(f) as number) >= (b(f) as number);
  }
}

/** How an input value is held on the fast path: a scale (−1: not a number), a record or a list. */
export type FixedShape =
  | number
  /** A record, held as an array of its fields' values in the order of `names`. */
  | { readonly fields: Readonly<Record<string, FixedShape>>; readonly names: readonly string[] }
  | { readonly item: FixedShape };

export function nodeOf(fn: FixedFn, shape: FixedShape): FixedNode {
  return typeof shape === 'number' ? { fn, scale: shape } : { fn, scale: -2, shape };
}

export interface FixedEnv {
  /** Shape of each input the fast path supports (money scale 2, integer 0, −1 non-numeric, records, lists). */
  readonly inputShapes: ReadonlyMap<string, FixedShape>;
  /** Position of each input in {@link FixedFrame.inputs}. */
  readonly inputIndex: ReadonlyMap<string, number>;
  /** The item shapes of the lists being aggregated, innermost last (compile-time `it`). */
  readonly itShapes: FixedShape[];
  /** Position of each parameter in {@link FixedFrame.params}. */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Scale of each parameter's values (the largest over its whole timeline). */
  readonly paramScales: ReadonlyMap<string, number>;
  /** Every value each numeric parameter takes over its whole timeline (every entry of a table), at its scale. */
  readonly paramDomains?: ReadonlyMap<string, readonly number[]>;
  /** For scale parameters: the scale of `above` and of `rate`. */
  readonly bandScales: ReadonlyMap<string, { above: number; rate: number }>;
  readonly ruleScales: ReadonlyMap<string, number>;
  /** Rules whose value is an exact quotient, and of which kind (see {@link FixedNode.ratio}). */
  readonly ruleRatios: ReadonlyMap<string, 'direct' | 'derived'>;
  readonly ruleIndex: ReadonlyMap<string, number>;
  /** Compile the traced variant: reads, branches and comparisons are recorded in `frame.log` (rendered after the rules ran). */
  readonly traced?: boolean;
}

export interface FixedBands {
  /** `above` at the scale `scale` of the amount it is applied to, per amount scale. */
  readonly above: readonly number[];
  readonly rate: readonly number[];
}

/** The value of parameter `i` in force (from the per-date table), or NO_VALUE thrown when none is. */
export function paramAt(f: FixedFrame, i: number): unknown {
  const v = f.params[i];
  if (v === NO_VALUE) throw NO_VALUE;
  return v;
}

export function check(n: number): number {
  if (n > MAX || n < -MAX) throw FALLBACK;
  return n;
}

/** Debug aid: set MINSHENG_DEBUG_FALLBACK=1 to log why the fast path handed an evaluation over. */
const DEBUG = typeof process !== 'undefined' && process.env?.['MINSHENG_DEBUG_FALLBACK'] === '1';
export function fallback(why: string): never {
  if (DEBUG) console.error(`[minsheng] fast path → decimal path: ${why}`);
  throw FALLBACK;
}

export function align(node: FixedNode, to: number): FixedFn {
  if (node.scale === to) return node.fn;
  const factor = POW10[to - node.scale]!;
  const fn = node.fn;
  // A constant (the 0 of max(0, …) against money) is aligned once, here.
  if (node.constant !== undefined) {
    const n = (node.constant as number) * factor;
    return Number.isSafeInteger(n) ? () => n : () => fallback('constant out of range');
  }
  return (f) => check((fn(f) as number) * factor);
}

export const COMPARE: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

/** Compiles a child node (the dispatcher, passed down so the families do not import each other). */
export type Sub = (node: TExpr) => FixedNode | null;
