/**
 * The one place values are formatted for people: money with thousands separators and 2 decimals, rates
 * as percentages, bands as `above → rate`, dates and enums as they are — always by the value's *type*
 * (a trace value's `type`, an input's declaration), never by what its text looks like. Works on the
 * strings values cross the API as, never through a JS number. Pure; used by explain, the docs site, the
 * domain facades' reasons and the playground.
 */
import { nestsDeeperThan } from '../errors';
import type { OutputValue, ValueKind, ValueType } from '../expr/runtime';
import { PLAIN_DECIMAL } from '../money/plain-decimal';
import type { InputDecl } from '../ruleset/schema';

export type { ValueKind } from '../expr/runtime';

/** A type to format by: a trace value's {@link ValueType}, or a declared kind (`money`, `rate`, `scale`…). */
export type FormatType = ValueType | ValueKind | 'scale' | 'text' | (string & {}) | undefined;

/** Options of {@link formatValue}. */
export interface FormatOptions {
  /** Group thousands with commas (default true): `1,234,567.50`. */
  readonly grouping?: boolean;
}

function groupDigits(int: string, grouping: boolean): string {
  return grouping ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
}

/** A money amount as people read it: `1234567.5` → `1,234,567.50` (always 2 decimals; a value with more keeps them). Not to be confused with `money/money.ts` `formatMoney` (a Decimal → its exact 2-decimal API text). */
export function formatAmount(value: string | number, options: FormatOptions = {}): string {
  const m = PLAIN_DECIMAL.exec(String(value));
  if (!m) return String(value);
  const [, sign, int, frac = ''] = m;
  const decimals = frac.length >= 2 ? frac : frac.padEnd(2, '0');
  return `${sign === '-' ? '-' : ''}${groupDigits(int!, options.grouping ?? true)}.${decimals}`;
}

/** Groups the integer part of a plain decimal: `15000` → `15,000`, `0.125` unchanged. */
export function formatNumber(value: string | number, options: FormatOptions = {}): string {
  const m = PLAIN_DECIMAL.exec(String(value));
  if (!m) return String(value);
  const [, sign, int, frac] = m;
  return `${sign === '-' ? '-' : ''}${groupDigits(int!, options.grouping ?? true)}${frac ? `.${frac}` : ''}`;
}

/** `0.75` → `75%`, `0.125` → `12.5%`, `1` → `100%` (exact: moves the decimal point on the digits). */
export function formatRate(value: string | number): string {
  const m = PLAIN_DECIMAL.exec(String(value));
  if (!m) return String(value);
  const [, sign, int, frac = ''] = m;
  const digits = `${int}${frac.padEnd(2, '0')}`;
  const whole = digits.slice(0, int!.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(int!.length + 2).replace(/0+$/, '');
  return `${sign === '-' ? '-' : ''}${whole}${rest ? `.${rest}` : ''}%`;
}

/** One band list (`[{ above, rate }]`) as `15,000 → 60% · 65,000 → 70%`. */
export function formatBands(value: unknown): string {
  if (!Array.isArray(value)) return formatAny(value);
  return value
    .map((b: unknown) => {
      const band = (b ?? {}) as { above?: unknown; rate?: unknown };
      return `${formatNumber(String(band.above))} → ${formatRate(String(band.rate))}`;
    })
    .join(' · ');
}

/** Any value compactly, without a type (records as `key: value`, lists in brackets). */
export function formatAny(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatAny).join(', ')}]`;
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatAny(v)}`)
      .join(', ');
  }
  return String(value);
}

/**
 * A value as people read it, by its type.
 *
 * @param value a value as it crosses the API (an output, a trace value)
 * @param type its {@link ValueType} (from the trace) or a declared kind
 * @example
 * formatValue('98325', { kind: 'money' }); //=> '98,325.00'
 * formatValue('0.6', 'rate');              //=> '60%'
 * formatValue([{ above: '15000', rate: '0.6' }], { kind: 'bands' }); //=> '15,000 → 60%'
 */
export function formatValue(value: OutputValue | unknown, type?: FormatType, options: FormatOptions = {}): string {
  if (value === null || value === undefined) return '—';
  // Values from outside may nest without end: past 32 levels, say so instead of recursing.
  if (typeof value === 'object' && nestsDeeperThan(value, 32)) return '[nested too deep to show]';
  const t = typeof type === 'object' && type !== null ? type : undefined;
  const kind = t ? t.kind : typeof type === 'string' ? type : undefined;
  if (typeof value === 'string' || typeof value === 'number') {
    switch (kind) {
      case 'money':
        return formatAmount(value, options);
      case 'rate':
        return formatRate(value);
      case 'decimal':
      case 'integer':
        return formatNumber(value, options);
      default:
        return String(value);
    }
  }
  if (kind === 'scale' || kind === 'bands') return formatBands(value);
  if (t?.kind === 'record' && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatValue(v, Object.hasOwn(t.fields, k) ? t.fields[k] : undefined, options)}`)
      .join(', ');
  }
  if (t?.kind === 'list' && Array.isArray(value)) return `[${value.map((v) => formatValue(v, t.item, options)).join(', ')}]`;
  return formatAny(value);
}

/** The unit a money amount is read with in sentences. */
export function moneyUnit(lang: 'zh' | 'en'): string {
  return lang === 'zh' ? '元' : ' yuan';
}

/** A value with its unit for sentences: `7,125.00 元` / `7,125.00 yuan`; booleans as 是/否, yes/no. */
export function formatWithUnit(value: OutputValue | unknown, type: FormatType, lang: 'zh' | 'en'): string {
  const text = formatValue(value, type);
  const kind = typeof type === 'object' && type !== null ? type.kind : type;
  if (kind === 'money' && text !== '—') return `${text}${lang === 'zh' ? ' 元' : ' yuan'}`;
  if (kind === 'boolean' && typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  return text;
}

/** The kind of a declared type name as written in `Program.ruleTypes` (`enum(a|b)` → `enum`). */
export function kindOf(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const paren = type.indexOf('(');
  return paren < 0 ? type : type.slice(0, paren);
}

/** A case's input value for people, by its declaration. */
export function inputValueText(decl: InputDecl | undefined, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (!decl) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (decl.type === 'record' && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${inputValueText(Object.prototype.hasOwnProperty.call(decl.fields, k) ? decl.fields[k] : undefined, v)}`)
      .join('; ');
  }
  if (decl.type === 'list' && Array.isArray(value)) {
    return value.map((v) => `{${inputValueText(decl.items, v)}}`).join(' ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return formatValue(String(value), decl.type);
}
