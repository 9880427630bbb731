/**
 * Splitting an amount into parts that add up exactly (e.g. a reimbursement across funds, a subsidy across
 * household members).
 */
import { fail } from '../errors';
import { Decimal, toDecimal } from './decimal';
import { checkPlaces } from './round';

/** Exact decimal `d` (finite) with at most `scale` decimals → the integer d·10^scale as a BigInt. */
function scaledInt(d: Decimal, scale: number): bigint {
  const text = d.toFixed(scale); // exact: d has at most `scale` decimals, nothing is rounded
  const dot = text.indexOf('.');
  return BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1));
}

/** BigInt n·10^-places → Decimal, exactly. */
function unscale(n: bigint, places: number): Decimal {
  return places === 0 ? new Decimal(n.toString()) : new Decimal(`${n}e-${places}`);
}

/**
 * Splits `total` into parts proportional to `ratios`, each with `places` decimals, that add up **exactly**
 * to `total` (largest-remainder / Hamilton method).
 *
 * Every part is first the exact share rounded toward zero to `places` decimals; the units left over
 * (fewer than the number of parts) go one each to the parts with the largest discarded remainders,
 * ties to the earlier part. So every part differs from its exact share `total·ratio/Σratios` by less than
 * one unit (0.01 for `places` = 2), parts with equal ratios differ by at most one unit, and a zero ratio
 * gets exactly zero. A negative total is split like its absolute value, then negated.
 * All arithmetic is exact (integers), whatever the number of digits in the ratios.
 *
 * @param total the amount to split; must have at most `places` decimals
 * @param ratios non-negative weights, at least one of them positive (any scale: 1:2 = 0.25:0.5)
 * @param places decimals of the parts, integer from 0 to 20, default 2
 * @throws MinshengError `value/precision` (total has more decimals than `places`), `value/negative`
 *   (a negative ratio), `eval/domain` (no ratios, or bad `places`), `eval/division-by-zero` (all ratios zero),
 *   `value/invalid-number` (a ratio or the total is not a finite number)
 * @example
 * allocate(new Decimal('100'), [1, 1, 1].map((n) => new Decimal(n))).map(String); // ['33.34', '33.33', '33.33']
 * allocate(new Decimal('10'), [new Decimal('0.7'), new Decimal('0.3')]).map(String); // ['7', '3']
 * allocate(new Decimal('0.05'), [new Decimal(1), new Decimal(2)]).map(String);    // ['0.02', '0.03']
 */
export function allocate(total: Decimal, ratios: readonly Decimal[], places = 2): Decimal[] {
  if (places !== 2) checkPlaces(places, 'allocate');
  const t = toDecimal(total);
  const n = ratios.length;
  if (n === 0) fail({ code: 'eval/domain', message: 'allocate: needs at least one ratio' });
  if (t.decimalPlaces() > places) {
    fail({
      code: 'value/precision',
      message: `allocate: total ${t.toString()} has ${t.decimalPlaces()} decimal places; at most ${places} allowed`,
    });
  }
  const rs: Decimal[] = new Array<Decimal>(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const r = toDecimal(ratios[i], [i]);
    if (r.isNegative()) {
      fail({ code: 'value/negative', message: `allocate: ratio ${r.toString()} (index ${i}) is negative`, path: [i] });
    }
    rs[i] = r;
    const dp = r.decimalPlaces();
    if (dp > scale) scale = dp;
  }
  // Integer weights w_i = r_i·10^scale, integer total T = |total|·10^places.
  const w: bigint[] = new Array<bigint>(n);
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const wi = scaledInt(rs[i]!, scale);
    w[i] = wi;
    sum += wi;
  }
  if (sum === 0n) fail({ code: 'eval/division-by-zero', message: 'allocate: all ratios are zero' });
  const negative = t.isNegative();
  const T = scaledInt(negative ? t.negated() : t, places);

  // floor share and remainder numerator (share_i = T·w_i/sum = q_i + rem_i/sum).
  const q: bigint[] = new Array<bigint>(n);
  const rem: bigint[] = new Array<bigint>(n);
  let assigned = 0n;
  for (let i = 0; i < n; i++) {
    const p = T * w[i]!;
    const qi = p / sum;
    q[i] = qi;
    rem[i] = p - qi * sum;
    assigned += qi;
  }
  let left = Number(T - assigned); // 0 ≤ left < n
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i);
    // Largest remainder first; stable sort keeps index order among equal remainders.
    order.sort((a, b) => {
      const ra = rem[a]!;
      const rb = rem[b]!;
      return ra > rb ? -1 : ra < rb ? 1 : 0;
    });
    for (let k = 0; k < n && left > 0; k++, left--) {
      const i = order[k]!;
      q[i] = q[i]! + 1n;
    }
  }
  const parts: Decimal[] = new Array<Decimal>(n);
  for (let i = 0; i < n; i++) {
    const qi = q[i]!;
    parts[i] = unscale(negative && qi !== 0n ? -qi : qi, places);
  }
  return parts;
}
