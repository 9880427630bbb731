/**
 * Reading an input straight from one JSON object's UTF-8 bytes into the fast path's input array, for
 * `simulate`: no JSON.parse, no object built, no second pass to convert it. On the benchmark's rows
 * JSON.parse alone cost ~1.1 µs, more than the evaluation itself.
 *
 * Only a strict subset of JSON is read here: one object whose keys are written without escapes, each a
 * declared input (or the row's id field) at most once, whose values are numbers, strings without escapes,
 * `true`, `false` or `null`. Anything else — text JSON.parse would refuse included — returns null, and the
 * row takes the general route (JSON.parse, then evaluate), which decides. So a row read here gives exactly
 * the array `convert(JSON.parse(text))` gives; test/engine/json-row.test.ts checks that on mutated rows.
 */
import { FALLBACK } from '../expr/compile-fixed';
import { Kind, type InputTable } from './fast-path';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Whole-yuan digits accepted for money written as a number: below 10^13 yuan, `v × 100` rounds to the exact fen. */
const MAX_YUAN_DIGITS = 13;

/** What {@link JsonRowReader.read} found besides the inputs. */
export interface JsonRowReader {
  /**
   * The inputs of the row starting at `bytes[start]` and ending at the next line feed or at `end`, converted
   * for the fast path (into `into` when given); null when the row is not of the subset read here (the caller
   * then finds the line's end itself).
   */
  read(bytes: Uint8Array, start: number, end: number, into?: unknown[]): unknown[] | null;
  /** The value of the extra field (the row's id) in the row last read, undefined when absent. */
  extra: unknown;
  /** Where the row last read ends: at its line feed, or at `end` (a carriage return before it is read as a space). */
  end: number;
}

/** Positions in a remembered key order: not seen yet. */
const UNSEEN = -2;

/**
 * A reader for rows of these inputs. `extraField`, when given and not an input, is read as a plain JSON
 * value into {@link JsonRowReader.extra} and not passed to the inputs (simulate's `id`).
 */
export function jsonRowReader(table: InputTable, extraField?: string): JsonRowReader {
  const { count, generic, kinds, absent, enumValues } = table;
  const names = table.names.map((n) => encoder.encode(n));
  const extraName = extraField !== undefined && !table.index.has(extraField) ? encoder.encode(extraField) : undefined;
  /** Per enum input: the allowed values as bytes (compared to a string token without decoding it). */
  const enumBytes = table.enumValues.map((values) => (values ? [...new Set(values.values())].map((v) => [encoder.encode(v), v] as const) : undefined));
  /** Each input's key as it is most often written, `name":`, for {@link matchesBytes}. */
  const keys = table.names.map((name) => literalBytes(name, '":'));
  const extraKey = extraName ? literalBytes(extraField!, '":') : undefined;
  /** Per enum input: its values as a row writes them in a string, `value"` (after the opening quote), for {@link matchesBytes}. */
  const enumLiterals = enumBytes.map((allowed) =>
    allowed?.flatMap(([, value]) => {
      const literal = literalBytes(value, '"');
      return literal ? [{ literal, value }] : [];
    }),
  );
  let lastBytes: Uint8Array | undefined;
  let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /**
   * The key order of the last row (input positions, −1 for the extra field): a batch repeats it. Its entries are
   * distinct (a key is added only after checking the row's keys before it), so a row whose keys all match it
   * names no field twice.
   */
  const seenAt: number[] = [];
  /** Which inputs a row that leaves some out has set (see the end of `read`). */
  const filled = new Uint8Array(count);

  const reader: JsonRowReader = {
    extra: undefined,
    end: 0,
    read(b, start, end, into) {
      reader.extra = undefined;
      const out = into ?? new Array<unknown>(count);
      // Keys read (inputs and the extra field), each named once: seenAt[0 .. n) are this row's keys in order.
      let n = 0;
      let extraSeen = false;
      let enumValue: { readonly literal: LiteralBytes; readonly value: string } | undefined;
      let p = skipInline(b, start, end);
      if (p >= end || b[p] !== 123 /* { */) return null;
      p = skipInline(b, p + 1, end);
      if (p < end && b[p] === 125 /* } */) p++;
      else {
        for (; ; n++) {
          // The key: a batch repeats the same order, so first compared with the one remembered at this place,
          // with its closing quote and colon (`name":`); else scanned and looked up.
          if (p >= end || b[p] !== 34 /* " */) return null;
          p++;
          if (b !== lastBytes) {
            lastBytes = b;
            view = new DataView(b.buffer, b.byteOffset, b.byteLength);
          }
          let at = n < seenAt.length ? seenAt[n]! : UNSEEN;
          const key = at === UNSEEN ? undefined : at < 0 ? extraKey : keys[at];
          if (key !== undefined && matchesBytes(view, p, end, key)) p += key.length;
          else {
            const keyStart = p;
            for (; ; p++) {
              if (p >= end) return null;
              const c = b[p]!;
              if (c === 34) break;
              if (c === 92 /* \ */ || c < 32) return null;
            }
            const found = findKey(b, keyStart, p);
            if (found === undefined) return null;
            // A key given twice hands over (JSON.parse keeps the last).
            for (let k = 0; k < n; k++) if (seenAt[k] === found) return null;
            at = found;
            seenAt.length = n;
            seenAt.push(at);
            p = skipInline(b, p + 1, end);
            if (p >= end || b[p] !== 58 /* : */) return null;
            p++;
          }
          if (p < end && b[p]! <= 32) p = skipInline(b, p, end);
          if (p >= end) return null;
          const kind = at >= 0 ? kinds[at] : Kind.Generic;
          if (kind !== Kind.Generic && isDigit(b[p]!)) {
            // The common cases read in one pass: money written as a number, an enum value written as a whole
            // number (hospital level 2 for "2").
            let whole = 0;
            const digits = p;
            if (b[p] === 48) p++;
            else {
              for (; p < end; p++) {
                const d = b[p]! - 48;
                if (d < 0 || d > 9) break;
                whole = whole * 10 + d;
              }
            }
            if (p - digits > MAX_YUAN_DIGITS) return null;
            if (kind === Kind.Enum) {
              // A fraction or an exponent after the digits fails at the separator below (the general route then
              // decides: JSON.parse reads 2.0 as 2).
              const value = enumValues[at]!.get(whole);
              if (value === undefined) return null;
              out[at] = value;
            } else {
              let fen = whole * 100;
              if (p < end && b[p] === 46) {
                const d1 = p + 1 < end ? b[p + 1]! - 48 : -1;
                if (d1 < 0 || d1 > 9) return null;
                fen += d1 * 10;
                p += 2;
                if (p < end && isDigit(b[p]!)) fen += b[p++]! - 48;
              }
              // Anything but a delimiter next — a third decimal, an exponent, "01" — fails at the separator below
              // (the general route decides).
              out[at] = fen;
            }
          } else if (at >= 0 && b[p] === 34 && (enumValue = enumLiteral(at, view, p + 1, end)) !== undefined) {
            // An enum value written as a string without escapes, compared at once (no scan, no decoding).
            out[at] = enumValue.value;
            p += 1 + enumValue.literal.length;
          } else {
            const tokenEnd = plainValueEnd(b, p, end);
            if (tokenEnd < 0) return null;
            if (at < 0) {
              extraSeen = true;
              reader.extra = plainValue(b, p, tokenEnd);
            } else {
              const x = convertToken(at, b, p, tokenEnd);
              if (x === FALLBACK) return null;
              out[at] = x;
            }
            p = tokenEnd;
          }
          // The separator: most often a comma and the next key's quote, with no space.
          if (p >= end) return null;
          let c = b[p]!;
          if (c !== 44 && c !== 125) {
            p = skipInline(b, p, end);
            if (p >= end) return null;
            c = b[p]!;
          }
          if (c === 125) {
            p++;
            n++;
            break;
          }
          if (c !== 44 /* , */) return null;
          p++;
          if (p < end && b[p] !== 34) p = skipInline(b, p, end);
        }
      }
      // Only whitespace may follow, to the line's end.
      p = skipInline(b, p, end);
      if (p < end && b[p] !== 10) return null;
      // Inputs the row leaves out take their default, or hand over when required (FALLBACK).
      const given = extraSeen ? n - 1 : n;
      if (given < count) {
        filled.fill(0);
        for (let k = 0; k < n; k++) if (seenAt[k]! >= 0) filled[seenAt[k]!] = 1;
        for (let i = 0; i < count; i++) {
          if (filled[i] === 1) continue;
          if (absent[i] === FALLBACK) return null;
          out[i] = absent[i];
        }
      }
      reader.end = p;
      return out;
    },
  };

  /** The value of enum input `at` whose literal (see enumLiterals) `b[p…]` holds, undefined when none or not an enum. */
  function enumLiteral(at: number, view: DataView, p: number, end: number): { readonly literal: LiteralBytes; readonly value: string } | undefined {
    const literals = enumLiterals[at];
    if (literals === undefined) return undefined;
    for (let k = 0; k < literals.length; k++) if (matchesBytes(view, p, end, literals[k]!.literal)) return literals[k];
    return undefined;
  }

  /** The input position of the key `b[start, end)`, −1 for the extra field, undefined for any other. */
  function findKey(b: Uint8Array, start: number, end: number): number | undefined {
    for (let i = 0; i < count; i++) if (sameBytes(b, start, end, names[i]!)) return i;
    return extraName && sameBytes(b, start, end, extraName) ? -1 : undefined;
  }

  /** The token `b[start, end)` (a valid plain value) converted as the object converter converts its value. */
  function convertToken(i: number, b: Uint8Array, start: number, end: number): unknown {
    const c = b[start]!;
    const kind = kinds[i];
    if (kind === Kind.Money) {
      // A number was read by `read` (a negative one is refused there too); true and false are refused.
      if (c === 34) return moneyTextFen(b, start + 1, end - 1);
      return c === 110 /* null */ ? absent[i] : FALLBACK;
    }
    if (kind === Kind.Enum) {
      if (c === 34) {
        const allowed = enumBytes[i]!;
        for (let k = 0; k < allowed.length; k++) if (sameBytes(b, start + 1, end - 1, allowed[k]![0])) return allowed[k]![1];
        return FALLBACK;
      }
      if (c === 110) return absent[i];
      const n = wholeNumber(b, start, end);
      return n < 0 ? FALLBACK : (enumValues[i]!.get(n) ?? FALLBACK);
    }
    return generic[i]!(plainValue(b, start, end));
  }

  return reader;
}

/**
 * Bytes read from a row as one unit — a key with its closing quote and colon (`name":`), an enum value with its
 * closing quote (`dibao"`) — as 8-byte words (8 bytes or more), 4-byte words (4–7 bytes) or bytes (shorter), for
 * {@link matchesBytes}.
 */
interface LiteralBytes {
  readonly length: number;
  readonly bytes: Uint8Array;
  /**
   * The whole 8-byte groups as little-endian doubles, then (when the length is not a multiple of 8) the last
   * eight bytes, overlapping the group before: every byte is compared, eight at a time. Two doubles other than
   * zero and NaN are equal exactly when their bits are, so a literal with a word that is either uses `ints`.
   */
  readonly doubles: Float64Array | undefined;
  /** The same as 32-bit integers, four bytes at a time: for 4–7 bytes, or when the doubles cannot be compared. */
  readonly ints: Int32Array | undefined;
}

/**
 * `text` (a name or an enum value) followed by `closing`, as {@link LiteralBytes}; undefined when the text holds a
 * quote, a backslash or a control character, which JSON writes escaped (such a key or value is scanned instead,
 * and handed over).
 */
function literalBytes(text: string, closing: string): LiteralBytes | undefined {
  const bytes = encoder.encode(text + closing);
  if (!encoder.encode(text).every((c) => c >= 32 && c !== 34 && c !== 92)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = <T>(size: number, read: (at: number) => T): T[] => {
    const whole = Math.floor(bytes.length / size);
    return Array.from({ length: whole + (bytes.length % size !== 0 ? 1 : 0) }, (_, i) => read(i < whole ? i * size : bytes.length - size));
  };
  const doubles = bytes.length >= 8 ? Float64Array.from(words(8, (at) => view.getFloat64(at, true))) : undefined;
  const comparable = doubles !== undefined && doubles.every((d) => d === d && d !== 0);
  return {
    length: bytes.length,
    bytes,
    doubles: comparable ? doubles : undefined,
    ints: !comparable && bytes.length >= 4 ? Int32Array.from(words(4, (at) => view.getInt32(at, true))) : undefined,
  };
}

/**
 * Whether `b[p…]` is exactly the literal, eight or four bytes at a time (see {@link literalBytes}). Then a key
 * is the name, and a string value the enum value: text without quotes, backslashes or control characters is
 * written the same way in JSON.
 */
function matchesBytes(view: DataView, p: number, end: number, literal: LiteralBytes): boolean {
  const length = literal.length;
  if (p + length > end) return false;
  const doubles = literal.doubles;
  if (doubles !== undefined) {
    const last = doubles.length - 1;
    for (let w = 0; w < last; w++) if (view.getFloat64(p + w * 8, true) !== doubles[w]) return false;
    return view.getFloat64(p + length - 8, true) === doubles[last];
  }
  const ints = literal.ints;
  if (ints !== undefined) {
    const last = ints.length - 1;
    for (let w = 0; w < last; w++) if (view.getInt32(p + w * 4, true) !== ints[w]) return false;
    return view.getInt32(p + length - 4, true) === ints[last];
  }
  const bytes = literal.bytes;
  for (let k = 0; k < length; k++) if (view.getUint8(p + k) !== bytes[k]) return false;
  return true;
}

/**
 * Skips JSON whitespace except the line feed: a row never holds one (rows are lines), so a row read from
 * a block of lines stops at its own end.
 */
function skipInline(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c !== 32 && c !== 9 && c !== 13) break;
    p++;
  }
  return p;
}

function sameBytes(b: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
  return true;
}

/**
 * Where the plain value starting at `p` ends: a string without escapes or control characters, a number as
 * JSON writes it, true, false or null; −1 for anything else (an object, an array, an escape, invalid JSON).
 */
function plainValueEnd(b: Uint8Array, p: number, end: number): number {
  const c = b[p]!;
  if (c === 34) {
    for (let q = p + 1; q < end; q++) {
      const d = b[q]!;
      if (d === 34) return q + 1;
      if (d === 92 || d < 32) return -1;
    }
    return -1;
  }
  if (c === 116) return literal(b, p, end, TRUE);
  if (c === 102) return literal(b, p, end, FALSE);
  if (c === 110) return literal(b, p, end, NULL);
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  let q = p;
  if (b[q] === 45) q++;
  if (q >= end) return -1;
  if (b[q] === 48) q++;
  else if (isDigit(b[q]!)) while (q < end && isDigit(b[q]!)) q++;
  else return -1;
  if (q < end && b[q] === 46) {
    q++;
    if (q >= end || !isDigit(b[q]!)) return -1;
    while (q < end && isDigit(b[q]!)) q++;
  }
  if (q < end && (b[q] === 101 || b[q] === 69)) {
    q++;
    if (q < end && (b[q] === 43 || b[q] === 45)) q++;
    if (q >= end || !isDigit(b[q]!)) return -1;
    while (q < end && isDigit(b[q]!)) q++;
  }
  // A number ends at a delimiter ("01" or "1x" is not one number).
  return q < end && !isDelimiter(b[q]!) ? -1 : q;
}

/** What may follow a value: a comma, the closing brace, whitespace. */
function isDelimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 32 || c === 9 || c === 10 || c === 13;
}

const TRUE = encoder.encode('true');
const FALSE = encoder.encode('false');
const NULL = encoder.encode('null');

function literal(b: Uint8Array, p: number, end: number, word: Uint8Array): number {
  return p + word.length <= end && sameBytes(b, p, p + word.length, word) ? p + word.length : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The JS value JSON.parse gives for a plain value token (see {@link plainValueEnd}). */
function plainValue(b: Uint8Array, start: number, end: number): unknown {
  const c = b[start]!;
  if (c === 34) return utf8.decode(b.subarray(start + 1, end - 1));
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  // JSON's number grammar is a subset of Number()'s, which reads it to the same double.
  let text = '';
  for (let q = start; q < end; q++) text += String.fromCharCode(b[q]!);
  return Number(text);
}

/** Money text (the content of a string token) read as src/engine/fast-path.ts's moneyTextToFen reads it. */
function moneyTextFen(b: Uint8Array, start: number, end: number): number | typeof FALLBACK {
  let whole = 0;
  let i = start;
  for (; i < end; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === start || i - start > 15) return FALLBACK;
  let cents = 0;
  if (i < end) {
    if (b[i] !== 46 || end - i < 2 || end - i > 3) return FALLBACK;
    const d1 = b[i + 1]! - 48;
    if (d1 < 0 || d1 > 9) return FALLBACK;
    cents = d1 * 10;
    if (end - i === 3) {
      const d2 = b[i + 2]! - 48;
      if (d2 < 0 || d2 > 9) return FALLBACK;
      cents += d2;
    }
  }
  const fen = whole * 100 + cents;
  return Number.isSafeInteger(fen) ? fen : FALLBACK;
}

/** A number token that is a whole number without sign, fraction or exponent (at most 15 digits), else −1. */
function wholeNumber(b: Uint8Array, start: number, end: number): number {
  if (end - start > 15) return -1;
  let n = 0;
  for (let q = start; q < end; q++) {
    const d = b[q]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
