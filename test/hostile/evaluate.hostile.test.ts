/**
 * program.evaluate / safeEvaluate under hostile input, for every bundled ruleset (and the benchmark one), on
 * the fast path and on the decimal path: the input of one of the ruleset's own cases, with noise — an
 * unknown key at any depth (typos, `__proto__`, `constructor`, a megabyte-long key), a value of the wrong
 * kind (10 MB strings, 100,000-deep objects, functions, NaN …), invalid dates, boundary numbers, records
 * given through a prototype — and options misused. See noise.ts for what every call must satisfy.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type EvaluateOptions, type Program } from '../../src/engine/program';
import { findRulesetFiles, loadRulesetCases } from '../../src/node/cases-files';
import type { TestCase } from '../../src/ruleset/schema';
import { DEEP_ARRAY, DEEP_OBJECT, HUGE_KEY, HUGE_STRING, LONG_ARRAY, PROPERTY_TIMEOUT_MS, RUNS, WIDE_OBJECT, assertHostile, attempt, expectHostileOutcome, noiseFor, withOwnProto, withPrototype, type Noise, type Outcome } from './noise';
import { inputSlots } from './slots';

interface Subject {
  readonly file: string;
  readonly fast: Program;
  readonly decimal: Program;
  readonly input: Record<string, unknown>;
  readonly options: EvaluateOptions | undefined;
}

const files = findRulesetFiles('rulesets');
const subjects: Subject[] = [];

beforeAll(async () => {
  for (const file of files) {
    const { program, cases } = await loadRulesetCases(file);
    const decimal = compile(program.ruleset, { fastPath: false });
    // The first case that evaluates (computing what it expects) is the base every noise is added to; for a
    // ruleset whose cases all expect errors (figures a region has not published), the first case.
    const optionsOf = (c: TestCase): EvaluateOptions | undefined =>
      c.date || c.expect ? { ...(c.date ? { date: c.date } : {}), ...(c.expect ? { outputs: Object.keys(c.expect) } : {}) } : undefined;
    const base = cases.find((c: TestCase) => c.expect !== undefined && program.safeEvaluate(c.input, optionsOf(c)).success) ?? cases[0];
    if (!base) throw new Error(`${file}: no case to serve as the base input`);
    subjects.push({ file, fast: program, decimal, input: base.input as Record<string, unknown>, options: optionsOf(base) });
  }
}, 120_000);

const baselines = new WeakMap<Program, Outcome>();

function check(subject: Subject, program: Program, noise: Noise, options: EvaluateOptions | undefined = subject.options): void {
  const context = `${subject.file} (${program === subject.decimal ? 'decimal path' : 'fast path'})`;
  let baseline = baselines.get(program);
  if (!baseline) {
    baseline = attempt(() => program.evaluate(subject.input, subject.options), `${context}, baseline`);
    baselines.set(program, baseline);
  }
  const outcome = attempt(() => program.evaluate(noise.value, options), context);
  expectHostileOutcome(outcome, noise, baseline, context);
  // safeEvaluate never throws, and agrees.
  const safe = attempt(() => program.safeEvaluate(noise.value, options), `${context}, safeEvaluate`);
  expect(safe.ok).toBe(true);
  const s = safe.ok ? (safe.value as { success: boolean; result?: unknown; error?: { issues: unknown } }) : undefined;
  if (outcome.ok) expect(s?.result).toEqual(outcome.value);
  else expect(s?.error?.issues).toEqual(outcome.error.issues);
}

describe('program.evaluate under hostile input', () => {
  it('has a base input for every bundled ruleset', () => {
    expect(subjects.length).toBe(files.length);
  });

  for (const file of files) {
    it(
      `${file}: noise in the input is refused with a code, or changes nothing`,
      () => {
        const subject = subjects.find((s) => s.file === file)!;
        const slots = inputSlots(subject.fast.ruleset.inputs, subject.input);
        assertHostile(fc.tuple(noiseFor(subject.input, slots), fc.boolean()), ([noise, decimalPath]) => check(subject, decimalPath ? subject.decimal : subject.fast, noise));
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});

/** Options misused: never a result that differs, never anything but a MinshengError. */
const BAD_OPTIONS: readonly [string, (good: EvaluateOptions | undefined) => unknown][] = [
  ["'trace'", () => 'trace'],
  ['true', () => true],
  ['0', () => 0],
  ['null', () => null],
  ['[]', () => []],
  ['a function', () => () => ({})],
  ['a symbol', () => Symbol('o')],
  ['10 MB string', () => HUGE_STRING],
  ['a 100,000-deep object', () => DEEP_OBJECT],
  ['a 100,000-key object', () => WIDE_OBJECT],
  ["{ outputs: 'basicPaid' }", (g) => ({ ...g, outputs: 'basicPaid' })],
  ['{ outputs: [1] }', (g) => ({ ...g, outputs: [1] })],
  ['{ outputs: [undefined] }', (g) => ({ ...g, outputs: [undefined] })],
  ["{ outputs: ['noSuchRule'] }", (g) => ({ ...g, outputs: ['noSuchRule'] })],
  ['{ outputs: [10 MB] }', (g) => ({ ...g, outputs: [HUGE_STRING] })],
  ['{ outputs: 200,000 numbers }', (g) => ({ ...g, outputs: LONG_ARRAY })],
  ['{ outputs: a deep list }', (g) => ({ ...g, outputs: DEEP_ARRAY })],
  ["{ trace: 'yes' }", (g) => ({ ...g, trace: 'yes' })],
  ['{ trace: 1 }', (g) => ({ ...g, trace: 1 })],
  ['{ date: 20250601 }', (g) => ({ ...g, date: 20250601 })],
  ["{ date: '2025-02-30' }", (g) => ({ ...g, date: '2025-02-30' })],
  ["{ date: '2025-6-1' }", (g) => ({ ...g, date: '2025-6-1' })],
  ['{ date: new Date() }', (g) => ({ ...g, date: new Date(0) })],
  ['{ date: 10 MB }', (g) => ({ ...g, date: HUGE_STRING })],
  ["{ unknowns: 'ignore' }", (g) => ({ ...g, unknowns: 'ignore' })],
  ['{ output: [...] } (typo)', (g) => ({ ...g, output: ['x'] })],
  ['{ dates: … } (typo)', (g) => ({ ...g, dates: '2025-06-01' })],
  ['{ Trace: true } (case)', (g) => ({ ...g, Trace: true })],
  ['an own __proto__ key', (g) => withOwnProto({ trace: true }, { ...g })],
  ['options on a prototype', (g) => withPrototype({ ...g, trace: true })],
  ['a megabyte-long key', (g) => ({ ...g, [HUGE_KEY]: 1 })],
  ['a class instance', () => new (class Options {})()],
];

describe('program.evaluate with misused options', () => {
  for (const file of files) {
    it(`${file}: options misused are refused with a code`, () => {
      const subject = subjects.find((s) => s.file === file)!;
      for (const [label, make] of BAD_OPTIONS) {
        for (const program of [subject.fast, subject.decimal]) {
          const noise: Noise = { what: `options ${label}`, value: subject.input, expect: 'refuse' };
          check(subject, program, noise, make(subject.options) as EvaluateOptions);
        }
      }
      // Whatever the input, options that are not options are refused as such.
      const e = attempt(() => subject.fast.evaluate(subject.input, 'trace' as never), file);
      expect(e.ok || e.error.code).toBe('options/invalid');
      const typo = attempt(() => subject.fast.evaluate(subject.input, { ...subject.options, output: ['x'] } as never), file);
      expect(typo.ok ? '' : typo.error.message).toMatch(/unknown option 'output' \(did you mean 'outputs'\?\)/);
    });
  }
});

describe('program.evaluate with hostile inputs as a whole', () => {
  const WHOLE: readonly [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ["'x'", 'x'],
    ['42', 42],
    ['[]', []],
    ['a function', () => 1],
    ['10 MB string', HUGE_STRING],
    ['a 100,000-deep object', DEEP_OBJECT],
    ['a 100,000-deep list', DEEP_ARRAY],
    ['a 100,000-key object', WIDE_OBJECT],
    ['Object.create(null)', Object.create(null)],
    ['an own __proto__ key', withOwnProto({ x: 1 })],
  ];
  for (const file of files) {
    it(`${file}: a non-input is refused with a code`, () => {
      const subject = subjects.find((s) => s.file === file)!;
      for (const [label, value] of WHOLE) {
        for (const program of [subject.fast, subject.decimal]) check(subject, program, { what: `the input is ${label}`, value, expect: 'refuse' });
      }
    });
  }
});

it('runs every property this many times (HOSTILE_RUNS)', () => {
  expect(RUNS).toBeGreaterThan(0);
});

/**
 * KNOWN GAP in src/engine/fast-path.ts (not this suite author's file): the fast path's converters take a
 * record with a prototype — the top level reads its inherited fields, a nested record ignores them — while
 * the decimal path refuses it (input/type). A two-line fix: `if (!isPlainObject(raw)) return null` in
 * `convert` and `if (!isPlainObject(v)) return FALLBACK` in the record converter (isPlainObject from
 * src/engine/options.ts). `it.fails` until then: when this test starts failing, the gap is closed — make it `it`.
 */
describe('records through a prototype on the fast path', () => {
  it('are refused as the decimal path refuses them', async () => {
    const { bundledRuleset } = await import('../../src/bundled/bundled-rulesets');
    const fast = compile(bundledRuleset('cn/medical/nanchang'));
    const input = { dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: 1000, inCatalogue: 1000 } };
    // The accumulators on a prototype: the fast path reads 0 paid so far (a different result), the decimal path refuses.
    const nested = { ...input, ytd: Object.create({ basicPaid: '100' }) as object };
    expect(fast.safeEvaluate(nested).success).toBe(false);
    const top = Object.assign(Object.create({ hospitalLevel: 'tertiary' }) as object, { dischargeDate: '2025-07-20', birthDate: '1975-01-01', bill: { total: 1000, inCatalogue: 1000 } });
    expect(fast.safeEvaluate(top).success).toBe(false);
  });
});
