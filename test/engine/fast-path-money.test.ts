/**
 * The fast path's hand-written money reading and printing (src/engine/fast-path.ts moneyTextToFen,
 * src/money/fen.ts renderFen) against what they replaced: the regular expression and Decimal#toFixed(2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyTextToFen } from '../../src/engine/fast-path';
import { FALLBACK } from '../../src/expr/compile-fixed';
import Decimal from 'decimal.js';
import { renderFen, renderFenRecent, renderFixed } from '../../src/money/fen';
import { fixedRenderer } from '../../src/expr/fixed/render';
import { compile } from '../../src/engine/program';
import type { FastPath } from '../../src/engine/fast-path';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { parseDate } from '../../src/period/date';
import { rulesetYaml } from './helpers';

/** The reading the fast path used before (a match array and substrings per input). */
function byRegex(v: string): number | typeof FALLBACK {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return FALLBACK;
  const cents = m[2] === undefined ? 0 : m[2].length === 1 ? Number(m[2]) * 10 : Number(m[2]);
  const fen = Number(m[1]) * 100 + cents;
  return Number.isSafeInteger(fen) ? fen : FALLBACK;
}

describe('moneyTextToFen', () => {
  it('reads what the regular expression read, and refuses what it refused', () => {
    const samples = ['0', '0.0', '0.00', '1', '12.5', '12.50', '007.05', '53327.50', '', '.5', '5.', '5.123', '-1', '+1', ' 1', '1 ', '1e3', '1,000', '١٢', '１', '12.5a', '12..5', '0x10', '999999999999999', '9999999999999999', '999999999999999.99', '90071992547409.91', '90071992547409.92'];
    for (const s of samples) expect(moneyTextToFen(s), s).toBe(byRegex(s));
  });

  it('agrees with the regular expression on random texts', () => {
    const chars = fc.constantFrom('0', '1', '5', '9', '.', '-', ' ', 'e', '/', ':');
    fc.assert(fc.property(fc.array(chars, { maxLength: 20 }).map((cs) => cs.join('')), (s) => {
      expect(moneyTextToFen(s)).toBe(byRegex(s));
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 2 }), (n, places) => {
      const text = places === 0 ? String(n / 100n) : places === 1 ? `${n / 100n}.${(n / 10n) % 10n}` : `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;
      expect(moneyTextToFen(text)).toBe(byRegex(text));
    }), { numRuns: 5000 });
  });
});

describe('renderFen', () => {
  it('prints fen as the decimal path prints money, signs and zeros included', () => {
    expect(renderFen(-0)).toBe('0.00');
    for (const fen of [0, 1, 5, 9, 10, 99, 100, 101, -1, -99, -100, -101, 5332750, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(renderFen(fen), String(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    }
    fc.assert(fc.property(fc.maxSafeInteger(), (fen) => {
      expect(renderFen(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    }), { numRuns: 5000 });
  });

  it('prints amounts below ten million yuan (built digit by digit) as Decimal does, at every length', () => {
    // Every digit count of the yuan part, its first and last value, and the edges of the digit-by-digit range.
    const edges: number[] = [];
    for (let digits = 1; digits <= 10; digits++) {
      const low = 10 ** (digits + 1);
      edges.push(low - 1, low, low + 1, low + 99, 2 * low - 1);
    }
    edges.push(1e9 - 1, 1e9, 1e9 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5);
    for (const fen of edges) expect(renderFen(fen), String(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    for (let fen = 0; fen < 120_000; fen += 7) expect(renderFen(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 + 1000 }), (fen) => {
      expect(renderFen(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    }), { numRuns: 20_000 });
    // Values computed as doubles (a quotient, a product) print the same as the integers they equal.
    for (const fen of [123456789 / 1, 4.5e8 * 2, Math.trunc(98765432.9)]) expect(renderFen(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
  });

  it('prints the same through the cache of recent texts, when amounts share a slot and when they repeat', () => {
    // Amounts 1,024 fen apart share a slot (and -1 shares one with 1023): each print must replace the slot's
    // text, not hand out its neighbour's; a repeat must hand out the same text.
    const amounts = [123_456, 123_456 + 1024, 123_456, -1, 1023, -1, 2 ** 40 + 7, 7 + 1024, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER, 1023, 5, -5];
    for (let round = 0; round < 3; round++) {
      for (const fen of amounts) expect(renderFenRecent(fen), String(fen)).toBe(new Decimal(fen).div(100).toFixed(2));
    }
    fc.assert(fc.property(fc.array(fc.integer({ min: -3000, max: 3000 }), { minLength: 2, maxLength: 30 }), fc.integer({ min: -1e11, max: 1e11 }), (offsets, base) => {
      for (const k of offsets) {
        const fen = base + k * 1024 + (k & 3);
        expect(renderFenRecent(fen)).toBe(renderFen(fen));
      }
    }), { numRuns: 2000 });
  });

  it('is what renderFixed prints for money at every scale from 2', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 2, max: 5 }), (n, scale) => {
      fc.pre(n !== 0);
      const expected = new Decimal(n).div(10 ** scale).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      expect(renderFixed(n, scale, 'money')).toBe(expected);
    }), { numRuns: 3000 });
  });
});

describe('fixedRenderer for whole yuan, tenths and whole numbers', () => {
  it('prints money held at scale 0 or 1 as renderFixed does, in fen where that is exact and as text beyond', () => {
    const money = { kind: 'money' } as const;
    for (const scale of [0, 1]) {
      const render = fixedRenderer(scale, money);
      const limit = Math.floor(Number.MAX_SAFE_INTEGER / 10 ** (2 - scale));
      for (const n of [0, -0, 1, -1, 9, 10, 99, 12345, -12345, limit, -limit, limit + 1, -(limit + 1), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
        expect(render(n), `${n} at scale ${scale}`).toBe(renderFixed(n, scale, 'money'));
        expect(render(n)).toBe(new Decimal(n).div(10 ** scale).toFixed(2));
      }
      fc.assert(fc.property(fc.maxSafeInteger(), (n) => {
        expect(render(n)).toBe(renderFixed(n, scale, 'money'));
      }), { numRuns: 3000 });
      expect(render(undefined)).toBeNull();
    }
  });

  it('prints rates and decimals as renderFixed does, whether their text was kept or not', () => {
    // The renderer keeps the texts of the first 64 values it prints: repeats (kept) and values beyond (printed
    // each time) must read the same, −0 as 0, and one renderer's texts never leak into another's (other scale).
    const rate = fixedRenderer(2, { kind: 'rate' });
    const decimal = fixedRenderer(4, { kind: 'decimal' });
    const values = [0, -0, 5, 60, 75, 100, 105, -5, -100, 123456, ...Array.from({ length: 120 }, (_, i) => i * 37 - 900)];
    for (let pass = 0; pass < 3; pass++) {
      for (const n of values) {
        expect(rate(n), `${n} at scale 2, pass ${pass}`).toBe(renderFixed(n, 2, 'rate'));
        expect(decimal(n), `${n} at scale 4, pass ${pass}`).toBe(renderFixed(n, 4, 'decimal'));
      }
    }
    expect(rate(75)).toBe('0.75');
    expect(decimal(75)).toBe('0.0075');
    expect(rate(-0)).toBe('0');
    expect(rate(undefined)).toBeNull();
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
      expect(rate(n)).toBe(new Decimal(n).div(100).toString());
    }), { numRuns: 2000 });
  });

  it('prints a whole number as the number, −0 as 0', () => {
    const render = fixedRenderer(0, { kind: 'integer' });
    expect(Object.is(render(-0), 0)).toBe(true);
    for (const n of [0, 7, -7, Number.MAX_SAFE_INTEGER]) expect(render(n)).toBe(renderFixed(n, 0, 'integer'));
    expect(render(undefined)).toBeNull();
  });
});

describe('money parameters on the fast path', () => {
  // A whole-yuan figure is held in fen, as money inputs are, so that `cap − ytd` reads both in place; a figure
  // too large for fen keeps its own scale and still prints exactly.
  const program = compile(parseRuleset(rulesetYaml(`inputs:
  ytd: { type: money, default: 0 }
  level: { type: enum, of: ['1', '2'] }
parameters:
  cap: { type: money, values: [{ from: 2025-01-01, value: 200000, source: src }] }
  deductible: { type: money, by: level, values: [{ from: 2025-01-01, value: { '1': 200, '2': 500.5 }, source: src }] }
  huge: { type: money, values: [{ from: 2025-01-01, value: 9007199254740991, source: src }] }
rules:
  left: { type: money, formula: 'max(0, cap - ytd)', source: src }
  due: { type: money, formula: 'deductible[level]', source: src }
  big: { type: money, formula: 'huge', source: src }
`), { file: 'money-params.yaml' }));
  const fast = (program as unknown as { fast: FastPath }).fast;

  it('holds whole-yuan figures in fen and keeps a figure beyond 2^53 fen at its own scale', () => {
    const names = [...fast.timelines.keys()];
    const params = fast.paramsAt(parseDate('2025-06-01'));
    expect(params[names.indexOf('cap')]).toBe(20_000_000);
    expect({ ...(params[names.indexOf('deductible')] as object) }).toEqual({ '1': 20_000, '2': 50_050 });
    expect(params[names.indexOf('huge')]).toBe(9007199254740991);
    expect(program.evaluate({ ytd: '1234.56', level: '2' }, { date: '2025-06-01' }).outputs).toEqual({ left: '198765.44', due: '500.50', big: '9007199254740991.00' });
    expect(program.diagnostics()).toMatchObject({ fastPath: true, fastEvaluations: 1, fallbacks: 0 });
  });
});
