/**
 * Static types of the formula language. Numbers are split by meaning (money, rate, decimal, integer) so
 * that adding a rate to an amount of money is caught when the ruleset is compiled, not in production.
 */

export type NumericKind = 'money' | 'rate' | 'decimal' | 'integer';

export type Type =
  | { readonly kind: NumericKind; readonly literal?: { readonly integral: boolean } }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  /** `values: null` is an enum literal whose set is not known yet (a bare string). */
  | { readonly kind: 'enum'; readonly values: readonly string[] | null }
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Type>> }
  | { readonly kind: 'list'; readonly item: Type }
  /** A parameter keyed by an enum: only usable through `param[key]`. */
  | { readonly kind: 'table'; readonly keys: readonly string[]; readonly by: string; readonly value: Type }
  /** Marginal-rate bands: only usable as the second argument of `scale`. */
  | { readonly kind: 'bands' };

export const MONEY: Type = { kind: 'money' };
export const RATE: Type = { kind: 'rate' };
export const DECIMAL: Type = { kind: 'decimal' };
export const INTEGER: Type = { kind: 'integer' };
export const BOOLEAN: Type = { kind: 'boolean' };
export const DATE: Type = { kind: 'date' };
export const BANDS: Type = { kind: 'bands' };

export function isNumeric(t: Type): t is { kind: NumericKind; literal?: { integral: boolean } } {
  return t.kind === 'money' || t.kind === 'rate' || t.kind === 'decimal' || t.kind === 'integer';
}

/** How a type is written in messages: `money`, `enum(primary|secondary)`, `list of record`. */
export function describeType(t: Type): string {
  switch (t.kind) {
    case 'enum':
      return t.values ? `enum(${t.values.join('|')})` : 'text';
    case 'record':
      return `record {${Object.keys(t.fields).join(', ')}}`;
    case 'list':
      return `list of ${describeType(t.item)}`;
    case 'table':
      return `table of ${describeType(t.value)} by ${t.by}`;
    case 'bands':
      return 'bands (scale)';
    default:
      return isNumeric(t) && t.literal ? 'number' : t.kind;
  }
}

/**
 * The kind two numeric operands combine to for + − min max comparisons and if-branches, or `null` when
 * they must not be mixed. A literal takes the other side's kind; money only mixes with money.
 */
export function unifyNumeric(a: Type, b: Type): Type | null {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (a.literal && b.literal) {
    return { kind: a.literal.integral && b.literal.integral ? 'integer' : 'decimal', literal: { integral: a.literal.integral && b.literal.integral } };
  }
  if (a.literal) return adoptLiteral(a, b);
  if (b.literal) return adoptLiteral(b, a);
  if (a.kind === 'money' || b.kind === 'money') return a.kind === b.kind ? MONEY : null;
  return { kind: plainKind(a.kind, b.kind) };
}

function adoptLiteral(literal: { literal?: { integral: boolean } }, other: Type): Type {
  if (other.kind === 'integer' && !literal.literal?.integral) return DECIMAL;
  return { kind: other.kind as NumericKind };
}

/** rate, decimal and integer mix freely: rate wins, then decimal. */
function plainKind(a: NumericKind, b: NumericKind): NumericKind {
  if (a === 'rate' || b === 'rate') return 'rate';
  if (a === 'decimal' || b === 'decimal') return 'decimal';
  return 'integer';
}

/** Result of `a * b`, or null when not meaningful (money × money). */
export function multiplyType(a: Type, b: Type): Type | null {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (a.literal && b.literal) return unifyNumeric(a, b);
  if (a.kind === 'money' && b.kind === 'money') return null;
  if (a.kind === 'money' || b.kind === 'money') return MONEY;
  if (a.literal) return { kind: b.kind === 'integer' && !a.literal.integral ? 'decimal' : b.kind };
  if (b.literal) return { kind: a.kind === 'integer' && !b.literal.integral ? 'decimal' : a.kind };
  return { kind: plainKind(a.kind, b.kind) };
}

/** Result of `a / b`: money ÷ money is a plain ratio, money ÷ number is money, number ÷ money is an error. */
export function divideType(a: Type, b: Type): Type | null {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (a.kind === 'money') return b.kind === 'money' && !b.literal ? DECIMAL : MONEY;
  if (b.kind === 'money' && !b.literal) return null;
  return a.kind === 'rate' && !a.literal ? RATE : DECIMAL;
}

/** Whether a value of type `actual` may be stored where `expected` is declared (rule result, argument). */
export function isAssignable(actual: Type, expected: Type): boolean {
  if (isNumeric(expected)) {
    if (!isNumeric(actual)) return false;
    if (actual.literal) return expected.kind !== 'integer' || actual.literal.integral;
    switch (expected.kind) {
      case 'money':
        return actual.kind === 'money';
      case 'integer':
        return actual.kind === 'integer';
      default:
        return actual.kind !== 'money';
    }
  }
  if (expected.kind === 'enum') {
    if (actual.kind !== 'enum') return false;
    if (!expected.values || !actual.values) return true;
    return actual.values.every((v) => expected.values!.includes(v));
  }
  if (expected.kind === 'list') return actual.kind === 'list' && isAssignable(actual.item, expected.item);
  if (expected.kind === 'record') {
    return actual.kind === 'record' && Object.keys(expected.fields).every((k) => actual.fields[k] && isAssignable(actual.fields[k]!, expected.fields[k]!));
  }
  return actual.kind === expected.kind;
}
