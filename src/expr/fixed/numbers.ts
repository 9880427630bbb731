/**
 * Arithmetic on the fast path: negation, abs, + − × ÷, min/max, clamp, round and marginal-rate bands, all on safe integers at a static scale (quotients as exact ratios, see ratio.ts).
 */
import { POW10, renderFixed, roundDiv } from '../../money/fen';
import { BANDS_TYPE, type OutputValue } from '../runtime';
import type { TExpr } from '../typecheck';
import { addOrSubtract, divide, multiply, roundRatio, signed } from './ratio';
import { readKey, record, SITE_BANDS, TraceSite } from './trace-log';
import { FALLBACK, MAX_SCALE, align, binary, check, constantAt, fallback, paramAt, readLeaf, type FixedEnv, type FixedFn, type FixedNode, type Sub, type FixedBands, type CapLeft, type FixedLeaf, type LeafChain, LeafSource, NO_VALUE, UNKNOWN } from './frame';

/** Compiles one numbers node, or returns null when the fast path does not model it. */
export function compileNumbers(node: Extract<TExpr, { kind: 'neg' | 'abs' | 'arith' | 'minmax' | 'clamp' | 'round' | 'scale' }>, sub: Sub, env: FixedEnv): FixedNode | null {
  // min/max, clamp and bands do not take quotients (ratios): the decimal path computes those.
  const c: Sub = (n) => {
    const x = sub(n);
    return x?.ratio ? null : x;
  };
  switch (node.kind) {
    case 'neg': {
      const o = sub(node.operand);
      if (!o) return null;
      if (o.ratio) return signed(o, false);
      const fn = o.fn;
      return { fn: (f) => -(fn(f) as number), scale: o.scale };
    }
    case 'abs': {
      const o = sub(node.operand);
      if (!o) return null;
      if (o.ratio) return signed(o, true);
      const fn = o.fn;
      return { fn: (f) => Math.abs(fn(f) as number), scale: o.scale };
    }
    case 'arith': {
      const l = sub(node.left);
      const r = sub(node.right);
      if (!l || !r || l.scale < 0 || r.scale < 0) return null;
      if (node.op === '/') return divide(l, r);
      if (l.ratio || r.ratio) return node.op === '*' ? multiply(l, r, MAX_SCALE) : addOrSubtract(l, r, node.op === '-');
      if (node.op === '*') {
        const scale = l.scale + r.scale;
        if (scale > MAX_SCALE) return null;
        const exact = exactProduct(l, r, scale, node.type.kind === 'money' ? 2 : 0);
        if (exact) return exact;
        return { fn: binary('*', l, l.fn, r, r.fn), scale, product: [l, r] };
      }
      const scale = Math.max(l.scale, r.scale);
      const a = align(l, scale);
      const b = align(r, scale);
      const minus = node.op === '-';
      // The chain of leaves this extends (`a + b + c …`, each read in place): the left operand's, or the left
      // operand itself when it is a leaf; then the right operand when it is a leaf.
      const left = a !== l.fn ? undefined : l.chain ?? (l.leaf ? { leaves: [l.leaf], minus: [false] } : undefined);
      const chain: LeafChain | undefined = left && b === r.fn && r.leaf && left.leaves.length < MAX_CHAIN ? { leaves: [...left.leaves, r.leaf], minus: [...left.minus, minus] } : undefined;
      if (chain && chain.leaves.length >= 3) return { fn: chain.leaves.length === 3 ? threeLeaves(chain) : leafSum(chain), scale, chain };
      return { fn: binary(node.op, l, a, r, b), scale, ...(chain ? { chain } : {}) };
    }
    case 'minmax': {
      const args = node.args.map(c);
      if (args.some((a) => !a)) return null;
      const scale = Math.max(...args.map((a) => a!.scale));
      const fns = args.map((a) => align(a!, scale));
      const pickMax = node.fn === 'max';
      if (fns.length === 2) {
        const [a, b] = fns as [FixedFn, FixedFn];
        // max(0, x) and the like: the constant is compared in place (no call). Values are integers, so the
        // conditional is Math.max/min (a −0 can only become 0, which prints and compares the same).
        const k = args.findIndex((x) => x!.constant !== undefined);
        const c = k >= 0 ? constantAt(args[k]!, fns[k]!) : undefined;
        if (typeof c === 'number' && args[1 - k]!.constant === undefined) {
          const x = fns[1 - k]!;
          const leaf = x === args[1 - k]!.fn ? args[1 - k]!.leaf : undefined;
          const chain = x === args[1 - k]!.fn ? args[1 - k]!.chain : undefined;
          const difference = chain?.leaves.length === 2 && chain.minus[1] ? ([chain.leaves[0]!, chain.leaves[1]!] as const) : undefined;
          // max(0, cap − ytd), "what is left of the cap": the difference of two leaves, compared in one closure.
          if (difference) {
            const [[lf, la, ls], [rf, ra, rs]] = [[difference[0].from, difference[0].at, difference[0].site], [difference[1].from, difference[1].at, difference[1].site]] as const;
            return pickMax
              ? { fn: (f) => { const v = check((readLeaf(f, lf, la, ls) as number) - (readLeaf(f, rf, ra, rs) as number)); return v > c ? v : c; }, scale, capLeft: { floor: c, difference } }
              : { fn: (f) => { const v = check((readLeaf(f, lf, la, ls) as number) - (readLeaf(f, rf, ra, rs) as number)); return v < c ? v : c; }, scale };
          }
          if (leaf) {
            const [from, at, site] = [leaf.from, leaf.at, leaf.site];
            return pickMax
              ? { fn: (f) => { const v = readLeaf(f, from, at, site) as number; return v > c ? v : c; }, scale }
              : { fn: (f) => { const v = readLeaf(f, from, at, site) as number; return v < c ? v : c; }, scale };
          }
          return pickMax
            ? { fn: (f) => { const v = x(f) as number; return v > c ? v : c; }, scale }
            : { fn: (f) => { const v = x(f) as number; return v < c ? v : c; }, scale };
        }
        // min(payout, max(0, cap − ytd)), "within what is left of the cap": the cap's part in the same closure.
        const k2 = !pickMax ? args.findIndex((x, i) => x!.capLeft !== undefined && fns[i] === x!.fn) : -1;
        if (k2 >= 0) return { fn: withinCapLeft(fns[1 - k2]!, args[k2]!.capLeft!, k2 === 0), scale };
        return { fn: binary(pickMax ? 'max' : 'min', args[0]!, a, args[1]!, b), scale };
      }
      return {
        fn: (f) => {
          let best = fns[0]!(f) as number;
          for (let i = 1; i < fns.length; i++) {
            const v = fns[i]!(f) as number;
            if (pickMax ? v > best : v < best) best = v;
          }
          return best;
        },
        scale,
      };
    }
    case 'clamp': {
      const v = c(node.value);
      const lo = c(node.lo);
      const hi = c(node.hi);
      if (!v || !lo || !hi) return null;
      const scale = Math.max(v.scale, lo.scale, hi.scale);
      const [a, l, h] = [align(v, scale), align(lo, scale), align(hi, scale)];
      return {
        fn: (f) => {
          const x = a(f) as number;
          const low = l(f) as number;
          const high = h(f) as number;
          if (low > high) throw FALLBACK;
          return x < low ? low : x > high ? high : x;
        },
        scale,
      };
    }
    case 'round': {
      const o = sub(node.operand);
      if (!o) return null;
      if (o.ratio) return roundRatio(o, node.places, node.mode);
      if (o.scale <= node.places) return o;
      const d = POW10[o.scale - node.places]!;
      const { mode } = node;
      // round(a × b): the product (often beyond a small integer at scale 4) is rounded where it is computed,
      // without a call and a heap number in between. Same operations, same order, same checks.
      const operand = node.operand;
      if (operand.kind === 'arith' && operand.op === '*' && o.product) {
        const [l, r] = o.product;
        const a = l.fn;
        const b = r.fn;
        if (l.leaf && r.leaf) {
          const [lf, la, ls, rf, ra, rs] = [l.leaf.from, l.leaf.at, l.leaf.site, r.leaf.from, r.leaf.at, r.leaf.site];
          return { fn: (f) => roundDiv(check((readLeaf(f, lf, la, ls) as number) * (readLeaf(f, rf, ra, rs) as number)), d, mode), scale: node.places };
        }
        if (r.leaf) {
          const [rf, ra, rs] = [r.leaf.from, r.leaf.at, r.leaf.site];
          return { fn: (f) => roundDiv(check((a(f) as number) * (readLeaf(f, rf, ra, rs) as number)), d, mode), scale: node.places };
        }
        return { fn: (f) => roundDiv(check((a(f) as number) * (b(f) as number)), d, mode), scale: node.places };
      }
      const fn = o.fn;
      return { fn: (f) => roundDiv(fn(f) as number, d, mode), scale: node.places };
    }
    case 'scale': {
      const amount = c(node.amount);
      const scales = env.bandScales.get(node.bands);
      if (!amount || !scales) return null;
      const common = Math.max(amount.scale, scales.above);
      const scale = common + scales.rate;
      if (scale > MAX_SCALE) return null;
      const a = align(amount, common);
      const name = node.bands;
      const at = env.paramIndex.get(name)!;
      const key = `@${common}`;
      const rateScale = scales.rate;
      // The day's bands as the trace shows them: rendered once per day by the builder and shared by the traces
      // of that day, so frozen.
      const site = env.traced
        ? TraceSite.read(SITE_BANDS, readKey(env, 'parameter', name), name, at, BANDS_TYPE, (byScale) => {
            const bands = (byScale as Record<string, FixedBands>)[key]!;
            return Object.freeze(bands.above.map((x, i) => Object.freeze({ above: renderFixed(x, common, 'decimal'), rate: renderFixed(bands.rate[i]!, rateScale, 'decimal') }))) as unknown as OutputValue;
          })
        : undefined;
      return {
        fn: (f) => {
          // Read the bands before the amount, as the decimal path does (the trace lists reads in order).
          const bands = (paramAt(f, at) as Record<string, FixedBands>)[key];
          if (!bands) fallback(`bands ${name} at scale ${common}`);
          if (site) record(f.log!, site);
          const x = a(f) as number;
          const { above, rate } = bands;
          let total = 0;
          for (let i = 0; i < above.length; i++) {
            const lower = above[i]!;
            if (x <= lower) break;
            const next = above[i + 1];
            const top = next !== undefined && x > next ? next : x;
            total = check(total + check((top - lower) * rate[i]!));
          }
          return total;
        },
        scale,
      };
    }
  }
}

/** Products of two parameters' values considered by {@link exactProduct} (beyond this many, not tried). */
const MAX_DOMAIN_PRODUCTS = 4096;

/**
 * A product of two parameters (a deductible × the share a dibao member pays) at a smaller scale, when every
 * product of the values they take is a whole number at it: money comes out in fen, as an input is, so what
 * reads it needs no closure to align the two. The product is computed as before and divided exactly (each
 * product of those values is a multiple of the divisor). Undefined when no value pair allows it.
 */
function exactProduct(l: FixedNode, r: FixedNode, scale: number, floor: number): FixedNode | undefined {
  const [a, b] = [l.domain, r.domain];
  if (!a || !b || scale <= floor || a.length * b.length > MAX_DOMAIN_PRODUCTS) return undefined;
  let zeros = scale - floor;
  for (const x of a) {
    for (const y of b) {
      let n = x * y;
      if (n === 0) continue;
      if (!Number.isSafeInteger(n)) return undefined;
      let z = 0;
      while (z < zeros && n % 10 === 0) {
        n /= 10;
        z++;
      }
      zeros = z;
      if (zeros === 0) return undefined;
    }
  }
  const d = POW10[zeros]!;
  const product = binary('*', l, l.fn, r, r.fn);
  return { fn: (f) => (product(f) as number) / d, scale: scale - zeros };
}

/**
 * min(x, max(floor, a − b)) — a payout within what is left of a cap — in one closure, operands evaluated in the
 * order written (`capFirst`: the max comes first), with the same range check as the closures it replaces.
 */
function withinCapLeft(x: FixedFn, capLeft: CapLeft, capFirst: boolean): FixedFn {
  const { floor } = capLeft;
  const [[lf, la, ls], [rf, ra, rs]] = [[capLeft.difference[0].from, capLeft.difference[0].at, capLeft.difference[0].site], [capLeft.difference[1].from, capLeft.difference[1].at, capLeft.difference[1].site]] as const;
  if (capFirst) {
    return (f) => {
      const d = check((readLeaf(f, lf, la, ls) as number) - (readLeaf(f, rf, ra, rs) as number));
      const left = d > floor ? d : floor;
      const v = x(f) as number;
      return Math.min(left, v);
    };
  }
  return (f) => {
    const v = x(f) as number;
    const d = check((readLeaf(f, lf, la, ls) as number) - (readLeaf(f, rf, ra, rs) as number));
    const left = d > floor ? d : floor;
    return Math.min(v, left);
  };
}

/** A chain of `+` and `−` longer than this is split into closures of at most this many leaves. */
const MAX_CHAIN = 32;

/**
 * `a ± b ± c` of three leaves at one scale (a total less two payouts) in one closure: the same reads and range
 * checks in the same order as the two nested closures.
 */
function threeLeaves(chain: LeafChain): FixedFn {
  const [p, q, r] = chain.leaves as [FixedLeaf, FixedLeaf, FixedLeaf];
  const [pf, pa, ps, qf, qa, qs, rf, ra, rs] = [p.from, p.at, p.site, q.from, q.at, q.site, r.from, r.at, r.site];
  const [first, second] = [chain.minus[1]!, chain.minus[2]!];
  return (f) => {
    const x = readLeaf(f, pf, pa, ps) as number;
    const y = readLeaf(f, qf, qa, qs) as number;
    const xy = check(first ? x - y : x + y);
    const z = readLeaf(f, rf, ra, rs) as number;
    return check(second ? xy - z : xy + z);
  };
}

/**
 * A longer chain of leaves (the total of eight payouts, a base less five others) in one closure, read and
 * checked term by term in the order written. Rules only, untraced (the common case): their values read
 * straight from the frame.
 */
function leafSum(chain: LeafChain): FixedFn {
  const { leaves, minus } = chain;
  const n = leaves.length;
  const ats = leaves.map((x) => x.at);
  if (leaves.every((x) => x.from === LeafSource.Rule && x.site === undefined)) {
    return (f) => {
      const values = f.values;
      let s = values[ats[0]!];
      if (s === UNKNOWN) throw NO_VALUE;
      for (let k = 1; k < n; k++) {
        const v = values[ats[k]!];
        if (v === UNKNOWN) throw NO_VALUE;
        s = check(minus[k] ? (s as number) - (v as number) : (s as number) + (v as number));
      }
      return s;
    };
  }
  const froms = leaves.map((x) => x.from);
  const sites = leaves.map((x) => x.site);
  return (f) => {
    let s = readLeaf(f, froms[0]!, ats[0]!, sites[0]) as number;
    for (let k = 1; k < n; k++) {
      const v = readLeaf(f, froms[k]!, ats[k]!, sites[k]) as number;
      s = check(minus[k] ? s - v : s + v);
    }
    return s;
  };
}
