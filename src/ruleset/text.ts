/**
 * What the YAML and JSON readers of ruleset files share: positions, limit errors, text encoding (UTF-8
 * bytes, lone surrogates) and the check of number literals against their source text. Browser-safe.
 */
import { MinshengError, clipMessage, type Issue, type IssueCode, type SourceSpan } from '../errors';
import { decimalShape, numberLimitProblem, sameDecimal } from '../money/decimal';
import { NUMBER_LIMITS } from '../limits';

/** One step of a path inside a file: a mapping key or a list index. */
export type PathSeg = string | number;
/** Finds the span of the value at a path, when the format keeps positions. */
export type Locate = (path: readonly PathSeg[]) => SourceSpan | undefined;

/** Parsed (not yet validated) data, with a way to find positions and the issues found while reading. */
export interface Parsed {
  value: unknown;
  locate?: Locate;
  /** Problems that do not stop validation (number literals), reported with the schema issues. */
  issues?: Issue[];
}

/** At most this many issues are reported for one file; the last one says how many more there were. */
export const MAX_ISSUES = 100;

/**
 * Line and column (1-based) of `start` in `text`.
 *
 * @example
 * spanAt('a\nbc', 3, 4); // { start: 3, end: 4, line: 2, column: 2 }
 */
export function spanAt(text: string, start: number, end: number): SourceSpan {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(start, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < stop; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { start, end, line, column: start - lineStart + 1 };
}

/**
 * A `ruleset/limit` error for the whole file, at `span` when the place is known. `message` may say where
 * with `{at}`, replaced by `line L, column C` (or by `an unknown place`).
 */
export function limitError(file: string, message: string, span?: SourceSpan): MinshengError {
  const where = span ? `line ${span.line}, column ${span.column}` : 'an unknown place';
  return new MinshengError({ code: 'ruleset/limit', message: clipMessage(message.replace('{at}', where)), file, path: [], ...(span ? { span } : {}) });
}

/** The first line of an error's message, cut to a reasonable length. */
export function errorText(e: unknown): string {
  const text = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
  return clipMessage(text, 300);
}

export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError;
}

// ───────────────────────────── size and encoding ─────────────────────────────

/**
 * The index of the UTF-16 unit at which the UTF-8 size of `text` passes `cap` bytes, or -1 when the
 * whole text fits. Looks at no more than `cap + 1` units.
 *
 * @example
 * utf8Overflow('民民', 5); // 1 (the second character ends at byte 6)
 */
export function utf8Overflow(text: string, cap: number): number {
  if (text.length * 3 <= cap) return -1; // at most 3 bytes per unit: surely within
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let size = 3;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) size = 4;
    }
    bytes += size;
    if (bytes > cap) return i;
    if (size === 4) i++;
  }
  return -1;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the bytes of a file as UTF-8, refusing invalid sequences (no silent replacement characters).
 * A byte-order mark is dropped.
 *
 * @throws MinshengError `ruleset/syntax` naming the byte offset, line and column of the first invalid byte.
 * @example
 * decodeUtf8(new Uint8Array([0x61, 0xff]), 'x.yaml'); // throws: invalid UTF-8 at byte 1 (line 1, column 2)
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    const offset = Math.max(0, invalidUtf8Offset(bytes));
    const prefix = STRICT_UTF8.decode(bytes.subarray(0, offset));
    const span = spanAt(prefix, prefix.length, prefix.length + 1);
    const byte = bytes[offset];
    const shown = byte === undefined ? '' : ` (0x${byte.toString(16).padStart(2, '0')})`;
    throw new MinshengError({
      code: 'ruleset/syntax',
      message: `invalid UTF-8 at byte ${offset}${shown}, line ${span.line}, column ${span.column}: the file must be UTF-8 text`,
      file,
      path: [],
      span,
    });
  }
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (WHATWG rules), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f; // no UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Index of the first lone (unpaired) UTF-16 surrogate in `s`, or -1. A string with one is not valid
 * Unicode text: it cannot be written as UTF-8 and prints as a replacement character.
 *
 * @example
 * loneSurrogateAt('a\uD800b'); // 1
 * loneSurrogateAt('民😀');      // -1
 */
export function loneSurrogateAt(s: string): number {
  const m = LONE_SURROGATE.exec(s);
  return m ? m.index : -1;
}

// ───────────────────────────── number literals ─────────────────────────────

/** A problem with one number literal of a file. */
export interface LiteralProblem {
  readonly code: IssueCode;
  readonly message: string;
}

const SHORT_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const PLAIN_DECIMAL_FORM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Checks a number literal of a YAML or JSON file (`source`, as written) against the JS number the parser
 * made of it (`value`): a number literal must be within `NUMBER_LIMITS` (`ruleset/limit`) and must be
 * held exactly by the JS number (`ruleset/schema`: `9007199254740993` would be read as `…992`,
 * `123456789.123456789` as `123456789.12345679`; such values must be written as strings).
 * Non-finite values of literals that are not decimal (`.inf`, `.nan`) are left to the data checks.
 *
 * @example
 * numberLiteralProblem('9007199254740993', 9007199254740993)?.code; // 'ruleset/schema'
 * numberLiteralProblem('0.1', 0.1);                                 // undefined
 */
export function numberLiteralProblem(source: string, value: number): LiteralProblem | undefined {
  const literal = source.trim();
  // Fast path, most literals: at most 15 digits, no exponent. A double holds any 15 significant digits
  // exactly (DBL_DIG), and 15 digits are within every limit.
  if (literal.length <= 17 && SHORT_DECIMAL.test(literal) && literal.replace(/[^\d]/g, '').length <= 15) return undefined;
  const shown = literal.length > 40 ? `${literal.slice(0, 39)}…` : literal;
  if (literal.length > NUMBER_LIMITS.maxTextLength) {
    return {
      code: 'ruleset/limit',
      message: `number written with ${literal.length} characters is longer than the limit of ${NUMBER_LIMITS.maxTextLength} (NUMBER_LIMITS.maxTextLength), starting ${shown}`,
    };
  }
  const shape = PLAIN_DECIMAL_FORM.test(literal) ? decimalShape(literal) : undefined;
  if (shape) {
    const beyond = numberLimitProblem(shape);
    if (beyond) return { code: 'ruleset/limit', message: `the number ${shown} is out of range: ${beyond}` };
  }
  if (!Number.isFinite(value)) return undefined;
  if (!shape) {
    // 0x…, 0o…: the value's own digits against the limits.
    const beyond = numberLimitProblem(decimalShape(String(value))!);
    if (beyond) return { code: 'ruleset/limit', message: `the number ${shown} is out of range: ${beyond}` };
  }
  // Within the limits, the plain text of a decimal literal is short (at most 40 characters).
  const asString = shape ? `write it as a string: "${plainText(shape)}"` : 'write it as a decimal string';
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return {
      code: 'ruleset/schema',
      message: `the number ${shown} is beyond ±${Number.MAX_SAFE_INTEGER}, where numbers lose digits: ${asString}`,
    };
  }
  if (shape) {
    const read = decimalShape(String(value));
    if (read && !sameDecimal(shape, read)) {
      return {
        code: 'ruleset/schema',
        message: `the number ${shown} has more digits than a number can hold (it would be read as ${String(value)}): ${asString}`,
      };
    }
  }
  return undefined;
}

/** Plain decimal text of a shape (no exponent): `{ digits: '15', power: -1 }` → `1.5`. */
function plainText(shape: { negative: boolean; digits: string; power: number }): string {
  const { digits, power } = shape;
  let body: string;
  if (digits === '') body = '0';
  else if (power >= 0) body = digits + '0'.repeat(power);
  else if (-power >= digits.length) body = `0.${'0'.repeat(-power - digits.length)}${digits}`;
  else body = `${digits.slice(0, digits.length + power)}.${digits.slice(digits.length + power)}`;
  return shape.negative ? `-${body}` : body;
}
