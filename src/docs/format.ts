/**
 * Values for people: money with thousands separators and 2 decimals, rates as percentages, bands as
 * `above → rate`. Works on the strings values cross the API as (never through a JS number). Pure.
 */
import type { OutputValue } from '../engine/trace';
import type { InputDecl } from '../ruleset/schema';

/** The kinds a value is formatted by (declared types of inputs, parameters, rules). */
export type ValueKind = 'money' | 'rate' | 'decimal' | 'integer' | 'boolean' | 'date' | 'enum' | 'scale' | 'record' | 'list' | 'text';

const NUMERIC = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** `1234567.5` → `1,234,567.50` (money: always 2 decimals; a value with more keeps them). */
export function formatMoney(value: string | number): string {
  const m = NUMERIC.exec(String(value));
  if (!m) return String(value);
  const [, sign, int, frac = ''] = m;
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = frac.length >= 2 ? frac : frac.padEnd(2, '0');
  return `${sign === '-' ? '-' : ''}${grouped}.${decimals}`;
}

/** Groups the integer part of a plain decimal: `15000` → `15,000`, `0.125` unchanged. */
export function formatNumber(value: string | number): string {
  const m = NUMERIC.exec(String(value));
  if (!m) return String(value);
  const [, sign, int, frac] = m;
  return `${sign === '-' ? '-' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** `0.75` → `75%`, `0.125` → `12.5%`, `1` → `100%` (exact: moves the decimal point on the digits). */
export function formatRate(value: string | number): string {
  const m = NUMERIC.exec(String(value));
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

/** Any value compactly (records as `key: value`, lists in brackets). */
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

/** A value of a known kind as people read it. */
export function formatValue(value: OutputValue | unknown, kind: ValueKind | string | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number') {
    switch (kind) {
      case 'money':
        return formatMoney(value);
      case 'rate':
        return formatRate(value);
      case 'decimal':
      case 'integer':
        return formatNumber(value);
      default:
        return String(value);
    }
  }
  if (kind === 'scale') return formatBands(value);
  return formatAny(value);
}

/** The unit a money amount is read with in sentences. */
export function moneyUnit(lang: 'zh' | 'en'): string {
  return lang === 'zh' ? '元' : ' yuan';
}

/** A value with its unit for sentences: `7,125.00 元` / `7,125.00 yuan`. */
export function formatWithUnit(value: OutputValue | unknown, kind: string | undefined, lang: 'zh' | 'en'): string {
  const text = formatValue(value, kind);
  if (kind === 'money' && text !== '—') return `${text}${lang === 'zh' ? ' 元' : ' yuan'}`;
  if (kind === 'boolean' && typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  return text;
}

/** The kind of a rule type as written in `Program.ruleTypes` (`enum(a|b)` → `enum`). */
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

