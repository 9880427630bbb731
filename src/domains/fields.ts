/**
 * The zod building blocks of the facades' argument schemas (claims, ledgers, households, persons and their
 * options) and the one way the facades check an argument against its schema ({@link checkArg}). Every
 * record rejects unknown keys with a did-you-mean; amounts, dates and counts report the library's value
 * codes; messages quote a short prefix of any value.
 */
import { z } from 'zod';
import { MinshengError, describeValue, type IssueCode } from '../errors';
import { checkArg, expecting, strictRecord, throwing } from '../engine/options';
import { isPlainObject } from '../ruleset/plain-object';
import { parseMoney } from '../money/money';
import { parseDate } from '../period/date';
import { DEFAULT_LIMITS } from '../limits';
import { isProgram } from './program-for';
import type { Program } from '../engine/program';

export { checkArg, strictRecord, isPlainObject };

type Path = readonly (string | number)[];

/** Longest identifier or code a facade takes (a person id, a claim id, a ruleset id). */
export const MAX_ID = 256;
/** Longest free text (a note). */
export const MAX_NOTE = 2000;
/** Most items of a list argument (the ruleset limit of list inputs). */
export const MAX_ITEMS = DEFAULT_LIMITS.maxListItems;

/** An identifier: a non-empty string of at most {@link MAX_ID} characters. */
export const id = z.string(expecting('a non-empty string')).min(1).max(MAX_ID);
/** Free text, not used by the rules. */
export const text = (max: number = MAX_ID) => z.string(expecting('a string')).max(max);

/** An amount: a decimal string or a number, at most 2 decimals, not negative (`parseMoney`). */
export const money = z.union([z.string(), z.number()], expecting('an amount (a decimal string such as "1234.50", or a number)')).check(throwing((v: unknown) => parseMoney(v)));

/** A date `YYYY-MM-DD` in 1900–2200 (`parseDate`). */
export const date = z.string(expecting('a date written YYYY-MM-DD')).max(100).check(throwing((v: unknown) => parseDate(v)));

/** true or false. */
export const flag = z.boolean(expecting('true or false'));

/** A GB/T 2260 place code: `CN` or `CN-` and 2 to 6 digits. A wrong code is reported with `code`. */
export function place(code: IssueCode) {
  return z.string(expecting("a GB/T 2260 place code such as 'CN-31'")).check((ctx) => {
    if (!/^CN(-\d{2,6})?$/.test(ctx.value)) {
      ctx.issues.push({ code: 'custom', input: ctx.value, params: { code }, message: `unknown region ${describeValue(ctx.value)}: expected 'CN' or 'CN-' followed by a GB/T 2260 code, e.g. 'CN-31'` });
    }
  });
}

/** A whole number from `min` to `max`, with the value codes (`value/negative` below 0). */
export function wholeNumber(min: number, max: number, what = 'a whole number') {
  return z.number(expecting(what)).check((ctx) => {
    const n = ctx.value;
    if (!Number.isInteger(n)) ctx.issues.push({ code: 'custom', input: n, params: { code: Number.isFinite(n) ? 'value/precision' : 'value/invalid-number' }, message: `must be ${what}, got ${describeValue(n)}` });
    else if (n < 0 && min >= 0) ctx.issues.push({ code: 'custom', input: n, params: { code: 'value/negative' }, message: `must not be negative, got ${n}` });
    else if (n < min || n > max) ctx.issues.push({ code: 'custom', input: n, params: { code: 'input/limit' }, message: `must be from ${min} to ${max}, got ${n}` });
  });
}

/** `ruleset` option of a facade: a compiled program, or the id of a bundled ruleset. */
export const rulesetRef = z.custom<Program | string>((v) => isProgram(v) || (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID), {
  ...expecting("a compiled program (compile(…)) or a bundled ruleset id such as 'cn/medical/nanchang'"),
  params: { code: 'options/invalid' },
});

/** Throws when `value` is not a plain object (a record made by `{…}` or `JSON.parse`). */
export function requirePlainObject(value: unknown, code: IssueCode, message: string, path: Path = []): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new MinshengError({ code, message: `${message}, got ${describeValue(value)}${typeof value === 'object' && value !== null && !Array.isArray(value) ? ' (not a plain object)' : ''}`, path: [...path] });
}

/** Parses an amount already checked by {@link money}. */
export function amount(value: unknown) {
  return parseMoney(value);
}
