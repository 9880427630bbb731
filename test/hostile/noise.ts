/**
 * The hostile-input toolkit: values no argument may accept, boundary numbers, invalid dates, unknown keys,
 * deep and wide structures — and the one assertion every hostile call must satisfy:
 *
 *   the call returns a result deep-equal to the one without the noise, or throws a MinshengError with a code;
 *   no other exception escapes (no TypeError, RangeError …); the error's message is at most 2,000 characters
 *   (each issue's too); the error stays small (at most 101 issues, short paths); the call takes at most
 *   {@link TIME_LIMIT_MS}; the heap does not grow across a run.
 *
 * Runs: `HOSTILE_RUNS` (default {@link RUNS}) per property; `HOSTILE_RUNS=100000 npx vitest run test/hostile`.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MinshengError, MAX_KEY_IN_PATH, type Issue } from '../../src/errors';

/** Runs of every property: modest in `npm test`, as many as asked with HOSTILE_RUNS. */
export const RUNS = Number.parseInt(process.env['HOSTILE_RUNS'] ?? '', 10) > 0 ? Number.parseInt(process.env['HOSTILE_RUNS']!, 10) : 40;
/** The longest one hostile call may take (the 10 MB and 100,000-deep values included). */
export const TIME_LIMIT_MS = 3000;
/** Largest growth of the heap across one property's runs (after a garbage collection). */
export const HEAP_LIMIT_BYTES = 64 * 1024 * 1024;
/** Test timeout of one property: generous enough for HOSTILE_RUNS=100000. */
export const PROPERTY_TIMEOUT_MS = Math.max(60_000, RUNS * 60);

// ───────────────────────────── hostile constants (built once) ─────────────────────────────

/** 10 MB of text. */
export const HUGE_STRING = 'x'.repeat(10_000_000);
/** 10 million digits. */
export const HUGE_DIGITS = '9'.repeat(10_000_000);
/** A megabyte-long key. */
export const HUGE_KEY = 'k'.repeat(1_000_000);

function deepObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let cur = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    cur['a'] = next;
    cur = next;
  }
  return root;
}

function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let cur = root;
  for (let i = 0; i < depth; i++) {
    const next: unknown[] = [];
    cur.push(next);
    cur = next;
  }
  return root;
}

/** An object nested 100,000 deep, and a list. */
export const DEEP_OBJECT = deepObject(100_000);
export const DEEP_ARRAY = deepArray(100_000);
/** An object with 100,000 keys. */
export const WIDE_OBJECT: Record<string, number> = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
/** A list of 1,000,001 holes, and one of 200,000 numbers. */
export const SPARSE_ARRAY: unknown[] = new Array(1_000_001);
export const LONG_ARRAY: number[] = Array.from({ length: 200_000 }, (_, i) => i);

class Opaque {
  readonly x = 1;
}

/** An object whose prototype carries `fields` (what a `{ __proto__: {…} }` literal makes). */
export function withPrototype(fields: Record<string, unknown>, own: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.assign(Object.create(fields) as Record<string, unknown>, own);
}

/** An object with an own `__proto__` key, as `JSON.parse('{"__proto__": …}')` makes it. */
export function withOwnProto(value: unknown, own: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ...own };
  Object.defineProperty(o, '__proto__', { value, enumerable: true, configurable: true, writable: true });
  return o;
}

/** Values no argument of any kind takes (every kind: records, lists, amounts, dates, enums, text). */
const NEVER_EVERYWHERE: readonly [string, unknown][] = [
  ['a function', () => 1],
  ['a symbol', Symbol('s')],
  ['a bigint', 10n],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['10 MB string', HUGE_STRING],
  ['10 M digits', HUGE_DIGITS],
  ['a 100,000-deep object', DEEP_OBJECT],
  ['a 100,000-deep list', DEEP_ARRAY],
  ['a 100,000-key object', WIDE_OBJECT],
  ['a Date', new Date(0)],
  ['a Map', new Map([['a', 1]])],
  ['a class instance', new Opaque()],
  ['a RegExp', /x/],
  ['a typed array', new Uint8Array(3)],
  ['a prototype-polluting object', withPrototype({ polluted: true })],
  ['an own __proto__ key', withOwnProto({ polluted: true })],
];

/** The kinds of value a declared field can hold. */
export type Kind = 'record' | 'list' | 'money' | 'number' | 'decimal' | 'int' | 'date' | 'enum' | 'bool' | 'id' | 'text' | 'opaque';

const INVALID_DATES: readonly unknown[] = [
  '2025-02-30',
  '2025-02-29',
  '2025-13-01',
  '2025-00-10',
  '2025-1-1',
  '20250101',
  '2025/01/01',
  ' 2025-01-01',
  '2025-01-01 ',
  '2025-01-01T00:00:00Z',
  '1899-12-31',
  '2201-01-01',
  '0000-01-01',
  '9999-12-31',
  '２０２５-01-01',
  '',
  20250101,
  1735689600000,
];

const BAD_TEXT_NUMBERS: readonly unknown[] = ['abc', '', ' ', '1e400', '1,000', '¥100', '0x1A', '١٢٣', 'Infinity', 'NaN', '1 2', '--1', '1..2', HUGE_DIGITS, `0.${'0'.repeat(200)}1`];

/**
 * Values a field of this kind must refuse: the answer is an error, never a result.
 * `numericEnum`: the enum has numeric labels (a number may then match).
 */
export function neverValid(kind: Kind, numericEnum = false): readonly [string, unknown][] {
  const scalars: [string, unknown][] = [
    ['true', true],
    ['false', false],
    ['0', 0],
    ['1.5', 1.5],
    ['"zzz"', 'zzz'],
  ];
  const objects: [string, unknown][] = [
    ['{ a: 1 }', { a: 1 }],
    ['[1, 2]', [1, 2]],
  ];
  const common = [...NEVER_EVERYWHERE];
  switch (kind) {
    case 'record':
      return [...common, ...scalars, ['[1, 2]', [1, 2]], ['[]', []]];
    case 'list':
      return [...common, ...scalars, ['{ a: 1 }', { a: 1 }], ['1,000,001 holes', SPARSE_ARRAY], ['[DEEP_OBJECT]', [DEEP_OBJECT]], ['[symbol]', [Symbol('x')]]];
    case 'money':
    case 'number':
    case 'int':
    case 'decimal':
      return [
        ...common,
        ...objects,
        ['true', true],
        ...BAD_TEXT_NUMBERS.map((v): [string, unknown] => [JSON.stringify(String(v).slice(0, 20)), v]),
        ['2^53 + 2', 2 ** 53 + 2],
        ['1e300', 1e300],
        ...(kind === 'money' ? ([['0.001', 0.001], ['-1', -1], ['-0.5', '-0.5']] as [string, unknown][]) : []),
        ...(kind === 'int' ? ([['0.5', 0.5], ['-1', -1], ['"3"', '3']] as [string, unknown][]) : []),
      ];
    case 'date':
      return [...common, ...objects, ['true', true], ...INVALID_DATES.map((v): [string, unknown] => [JSON.stringify(v), v])];
    case 'enum':
      return [...common, ...objects, ['true', true], ['"zzz"', 'zzz'], ['""', ''], ['-1', -1], ['1.5', 1.5], ...(numericEnum ? [] : ([['0', 0], ['2', 2]] as [string, unknown][]))];
    case 'bool':
      return [...common, ...objects, ['"true"', 'true'], ['0', 0], ['1', 1], ['"no"', 'no']];
    case 'id':
      return [...common, ...objects, ['true', true], ['0', 0], ['""', ''], ['300 chars', 'i'.repeat(300)]];
    case 'text':
      return [...common, ...objects, ['true', true], ['0', 0], ['3000 chars', 't'.repeat(3000)]];
    case 'opaque':
      return [];
  }
}

/** Boundary and over-long numbers: any answer will do (a result or a MinshengError), but nothing else. */
export const BOUNDARY_NUMBERS: readonly unknown[] = [
  0,
  -0,
  -1,
  0.1,
  0.01,
  0.001,
  1e-7,
  5e-324,
  0.1 + 0.2,
  2 ** 31,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e15,
  1e21,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  '0',
  '-0',
  '0.00',
  '1e3',
  '1E-2',
  ' 12 ',
  '+5',
  '.5',
  '5.',
  '00012',
  '9'.repeat(18),
  '9'.repeat(19),
  `${'9'.repeat(18)}.99`,
  `0.${'0'.repeat(19)}1`,
  `0.${'0'.repeat(20)}1`,
  `1${'0'.repeat(33)}`,
  '1'.repeat(35),
  '1'.repeat(101),
  '12345678901234567890.12',
];

// ───────────────────────────── shapes: where noise can go ─────────────────────────────

/** A place in an argument: its path and what it holds. */
export interface Slot {
  readonly path: readonly (string | number)[];
  readonly kind: Kind;
  /** For a record: the keys it declares (noise keys avoid them). */
  readonly declared?: readonly string[];
  /** For an enum: whether some label is a number. */
  readonly numericEnum?: boolean;
}

/** Reads the value at `path`. */
export function getAt(value: unknown, path: readonly (string | number)[]): unknown {
  let cur = value;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}

/** A copy of `value` (plain data) with `path` set to `replacement` (the root when `path` is empty). */
export function setAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: unknown = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = replacement;
  return copy;
}

/** A copy of `value` with `key` added to the record at `path` (an own `__proto__` too). */
export function addKey(value: unknown, path: readonly (string | number)[], key: string, keyValue: unknown): unknown {
  const copy: unknown = structuredClone(value);
  const record = getAt(copy, path) as Record<string, unknown>;
  Object.defineProperty(record, key, { value: keyValue, enumerable: true, configurable: true, writable: true });
  return copy;
}

// ───────────────────────────── noise ─────────────────────────────

/** One piece of noise applied to an argument. */
export interface Noise {
  /** What was done, for the failure message. */
  readonly what: string;
  /** The argument with the noise. */
  readonly value: unknown;
  /** `refuse`: must be an error (or the unchanged result); `any`: a result or an error, nothing else. */
  readonly expect: 'refuse' | 'any';
  /** For an unknown key: the issue that must be among the error's issues. */
  readonly unknownAt?: readonly (string | number)[];
}

/** A one-edit typo of `key` (`vehicles` → `vehicle`, `Vehicles`, `vehicels`, `vehiclesx`). */
function typos(key: string): string[] {
  const out = new Set<string>();
  if (key.length > 1) out.add(key.slice(0, -1));
  out.add(`${key}s`);
  out.add(key.charAt(0).toUpperCase() + key.slice(1));
  if (key.length > 3) out.add(key.slice(0, 1) + key.slice(2, 3) + key.slice(1, 2) + key.slice(3));
  if (key.length > 4) out.add(key.slice(0, 2) + key.slice(3));
  return [...out];
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', ' ', '0', '\u0000', '🙂', 'a.b', '[0]', HUGE_KEY];

const KEY_VALUES: readonly unknown[] = [1, 'x', null, true, {}, [], DEEP_OBJECT, HUGE_STRING, { polluted: true }];

/**
 * Noise for an argument whose slots are known: an unknown key in any record (a typo of a key there, a
 * special key, a random one), a slot replaced by a value of its kind it must refuse, a number slot replaced
 * by a boundary number.
 */
export function noiseFor(base: unknown, slots: readonly Slot[], prefix: readonly (string | number)[] = []): fc.Arbitrary<Noise> {
  const records = slots.filter((s) => s.kind === 'record' && s.declared);
  const replaceable = slots.filter((s) => neverValid(s.kind).length > 0);
  const numeric = slots.filter((s) => s.kind === 'money' || s.kind === 'number' || s.kind === 'int' || s.kind === 'decimal');
  const arbitraries: fc.Arbitrary<Noise>[] = [];
  if (records.length > 0) {
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...records),
          fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 12 }), fc.constant('typo')),
          fc.constantFrom(...KEY_VALUES),
          fc.nat(),
        )
        .map(([slot, rawKey, keyValue, pick]) => {
          const present = Object.keys(getAt(base, slot.path) as object);
          let key = rawKey;
          if (rawKey === 'typo') {
            const candidates = present.flatMap(typos);
            key = candidates.length > 0 ? candidates[pick % candidates.length]! : 'typo';
          }
          if (slot.declared!.includes(key) || present.includes(key)) key = `${key}__unknown`;
          return {
            what: `unknown key ${JSON.stringify(key.slice(0, 40))}${key.length > 40 ? '…' : ''} at ${JSON.stringify(slot.path)}`,
            value: addKey(base, slot.path, key, keyValue),
            expect: 'refuse' as const,
            unknownAt: [...prefix, ...slot.path, key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key],
          };
        }),
    );
  }
  if (replaceable.length > 0) {
    arbitraries.push(
      fc.tuple(fc.constantFrom(...replaceable), fc.nat()).map(([slot, pick]) => {
        const pool = neverValid(slot.kind, slot.numericEnum);
        const [label, v] = pool[pick % pool.length]!;
        return { what: `${JSON.stringify(slot.path)} (${slot.kind}) replaced by ${label}`, value: setAt(base, slot.path, v), expect: 'refuse' as const };
      }),
    );
  }
  if (numeric.length > 0) {
    arbitraries.push(
      fc.tuple(fc.constantFrom(...numeric), fc.constantFrom(...BOUNDARY_NUMBERS)).map(([slot, v]) => ({
        what: `${JSON.stringify(slot.path)} (${slot.kind}) replaced by the boundary number ${typeof v === 'string' ? JSON.stringify(v.slice(0, 30)) : String(v)}`,
        value: setAt(base, slot.path, v),
        expect: 'any' as const,
      })),
    );
  }
  // A record given through a prototype (all its fields, or some): inherited fields are neither read nor ignored.
  if (records.length > 0) {
    arbitraries.push(
      fc.tuple(fc.constantFrom(...records), fc.nat()).map(([slot, pick]) => {
        const record = getAt(base, slot.path) as Record<string, unknown>;
        const keys = Object.keys(record);
        const inherited = keys.length === 0 || pick % 3 === 0 ? keys : keys.filter((_, i) => (i + pick) % 2 === 0);
        const own = Object.fromEntries(keys.filter((k) => !inherited.includes(k)).map((k) => [k, record[k]]));
        const proto = Object.fromEntries(inherited.map((k) => [k, record[k]]));
        return {
          what: `${JSON.stringify(slot.path)} given with ${JSON.stringify(inherited)} on a prototype`,
          value: setAt(base, slot.path, withPrototype(proto, own)),
          expect: 'refuse' as const,
        };
      }),
    );
  }
  return fc.oneof(...arbitraries);
}

// ───────────────────────────── the assertion ─────────────────────────────

/** What a call gave. */
export type Outcome = { readonly ok: true; readonly value: unknown; readonly ms: number } | { readonly ok: false; readonly error: MinshengError; readonly ms: number };

/**
 * Calls `fn` and returns what it gave; fails the test (with `context`) when it throws anything but a
 * MinshengError or takes too long.
 */
export function attempt(fn: () => unknown, context: string): Outcome {
  const start = performance.now();
  try {
    const value = fn();
    const ms = performance.now() - start;
    expect(ms, `${context}: took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_LIMIT_MS);
    return { ok: true, value, ms };
  } catch (error) {
    const ms = performance.now() - start;
    if (!(error instanceof MinshengError)) {
      const e = error as Error;
      throw new Error(`${context}: escaped ${e?.name ?? typeof error}: ${String(e?.message ?? error).slice(0, 300)}\n${String(e?.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
    }
    expect(ms, `${context}: took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_LIMIT_MS);
    checkError(error, context);
    return { ok: false, error, ms };
  }
}

/** Async {@link attempt}. */
export async function attemptAsync(fn: () => Promise<unknown>, context: string): Promise<Outcome> {
  const start = performance.now();
  try {
    const value = await fn();
    return { ok: true, value, ms: performance.now() - start };
  } catch (error) {
    const ms = performance.now() - start;
    if (!(error instanceof MinshengError)) {
      const e = error as Error;
      throw new Error(`${context}: escaped ${e?.name ?? typeof error}: ${String(e?.message ?? error).slice(0, 300)}\n${String(e?.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
    }
    expect(ms, `${context}: took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_LIMIT_MS);
    checkError(error, context);
    return { ok: false, error, ms };
  }
}

const CODE = /^[a-z]+\/[a-z-]+$/;

/** A MinshengError as the library promises it: coded, short, small. */
export function checkError(error: MinshengError, context: string): void {
  expect(error.code, `${context}: code`).toMatch(CODE);
  expect(error.message.length, `${context}: message length`).toBeLessThanOrEqual(2000);
  expect(error.issues.length, `${context}: issue count`).toBeLessThanOrEqual(101);
  for (const issue of error.issues) {
    expect(issue.code, `${context}: issue code`).toMatch(CODE);
    expect(issue.message.length, `${context}: issue message length`).toBeLessThanOrEqual(2000);
    for (const part of issue.path ?? []) {
      expect(typeof part === 'number' || part.length <= MAX_KEY_IN_PATH + 1, `${context}: a path key of ${String(part).length} characters`).toBe(true);
    }
  }
  expect(JSON.stringify(error.issues).length, `${context}: serialised issues`).toBeLessThan(200_000);
}

/**
 * The hostile-input property for one call: an error (coded, short) or the baseline result; for an unknown
 * key, an `input/unknown-field` (or `options/invalid`) issue at its path.
 */
export function expectHostileOutcome(outcome: Outcome, noise: Noise, baseline: Outcome, context: string): void {
  const where = `${context} — ${noise.what}`;
  if (outcome.ok) {
    if (noise.expect === 'any') return;
    expect(baseline.ok, `${where}: accepted, but the input without the noise fails`).toBe(true);
    if (baseline.ok) expect(outcome.value, `${where}: accepted with a different result`).toEqual(baseline.value);
    return;
  }
  if (noise.unknownAt) {
    const found = outcome.error.issues.some((i: Issue) => (i.code === 'input/unknown-field' || i.code === 'options/invalid') && JSON.stringify(i.path) === JSON.stringify(noise.unknownAt));
    expect(found, `${where}: no unknown-field issue at ${JSON.stringify(noise.unknownAt).slice(0, 200)} in ${JSON.stringify(outcome.error.issues.map((i) => [i.code, i.path])).slice(0, 600)}`).toBe(true);
  }
}

// ───────────────────────────── heap ─────────────────────────────

let gcFn: (() => void) | undefined;
/** A full garbage collection (V8's gc, exposed for the test process). */
export function collect(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/** Heap used after a full collection. */
export function heapUsed(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Runs a property with {@link RUNS} runs and checks the heap did not grow by more than the bound. */
export function assertHostile<T>(arb: fc.Arbitrary<T>, check: (value: T) => void, runs = RUNS): void {
  const before = heapUsed();
  fc.assert(fc.property(arb, check), { numRuns: runs });
  const growth = heapUsed() - before;
  expect(growth, `heap grew by ${(growth / 1e6).toFixed(1)} MB`).toBeLessThan(HEAP_LIMIT_BYTES);
}

/** Async {@link assertHostile}. */
export async function assertHostileAsync<T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>, runs = RUNS): Promise<void> {
  const before = heapUsed();
  await fc.assert(fc.asyncProperty(arb, check), { numRuns: runs });
  const growth = heapUsed() - before;
  expect(growth, `heap grew by ${(growth / 1e6).toFixed(1)} MB`).toBeLessThan(HEAP_LIMIT_BYTES);
}
