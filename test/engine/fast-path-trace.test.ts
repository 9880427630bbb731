/**
 * The traced fast path records what the rules read and decide into a log reused by every evaluation of a
 * program, and builds the trace afterwards with per-day and per-site caches (src/engine/trace.ts
 * `buildFastTrace`). These tests pin what that must not change: the trace is the decimal path's trace to the
 * byte (JSON, so key order too), on the benchmark workload and every bundled golden case; a result's trace
 * does not change when the program evaluates other inputs or other days afterwards; each rule lists a read
 * once, in the order first read; and what a trace shares between results is frozen.
 */
import { describe, expect, it } from 'vitest';
import { compile, type EvaluateOptions, type Program } from '../../src/engine/program';
import { createRegistry } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { loadRuleset } from '../../src/node/load';
import { generateClaims } from '../../bench/workload/generate.mjs';
import { programOf, rulesetYaml } from './helpers';
import { parseRuleset } from '../../src/ruleset/parse-api';
import type { FastPath } from '../../src/engine/fast-path';
import type { FixedTraceLog } from '../../src/expr/fixed/trace-log';

function json(p: Program, input: unknown, options: EvaluateOptions): string {
  const r = p.safeEvaluate(input, options);
  return JSON.stringify(r.success ? r.result : r.error.issues);
}

describe('traced fast path: the decimal path trace, byte for byte', () => {
  it('on 400 claims of the benchmark workload, two dates interleaved', async () => {
    const resolved = await loadRuleset(new URL('../../rulesets/bench/settlement.yaml', import.meta.url).pathname, { noBundled: true });
    const fast = compile(resolved);
    const reference = compile(resolved, { fastPath: false });
    const claims = generateClaims(400, 7);
    for (const [k, claim] of claims.entries()) {
      const options = { date: k % 3 === 0 ? '2025-12-31' : '2025-06-01', trace: true };
      expect(json(fast, claim, options), JSON.stringify(claim)).toBe(json(reference, claim, options));
    }
    expect(fast.diagnostics()).toMatchObject({ fastEvaluations: 400, fallbacks: 0 });
    // The day's bands, as every trace of the day lists them: one frozen value.
    const bandsOf = (claim: unknown) =>
      fast.evaluate(claim, { date: '2025-06-01', trace: true }).trace!.flatMap((r) => r.uses).find((u) => u.name === 'critical.bands')!;
    const [a, b] = [bandsOf(claims[0]), bandsOf(claims[1])];
    expect(a).toBe(b);
    expect(Object.isFrozen(a) && Object.isFrozen(a.value) && Object.isFrozen((a.value as object[])[0])).toBe(true);
  });

  it('on every bundled ruleset golden case', async () => {
    const registry = await createRegistry();
    let compared = 0;
    for (const file of registry.list()) {
      const resolved = resolveRuleset(file, registry);
      const fast = compile(resolved);
      const reference = compile(resolved, { fastPath: false });
      for (const c of resolved.tests) {
        const options = c.date ? { date: c.date, trace: true } : { trace: true };
        expect(json(fast, c.input, options), `${file.id} case ${c.name ?? ''}`).toBe(json(reference, c.input, options));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

/** A parameter that changes value on 2025-07-01, a table parameter, a branch and comparisons (one in a list). */
const TIMELINE = rulesetYaml(`inputs:
  amount: { type: money }
  kind: { type: enum, of: [a, b] }
  items: { type: list, items: { type: record, fields: { cost: { type: money } } } }
parameters:
  cap:
    type: money
    values:
      - { from: 2025-01-01, until: 2025-06-30, value: 100, source: src }
      - { from: 2025-07-01, value: 250.5, source: src }
  perKind:
    type: money
    by: kind
    values: [{ from: 2025-01-01, value: { a: 1, b: 2 }, source: src }]
rules:
  capped:
    type: money
    formula: |
      if amount  >   cap
      then cap + perKind[kind]
      else amount + perKind[kind] + perKind[kind]
    source: src
  dear:
    type: integer
    formula: count(items, it.cost > cap) + (if capped >= amount then 1 else 0)
    source: src
`);

describe('traced fast path: what it reuses between evaluations', () => {
  const fast = programOf(TIMELINE);
  const reference = compile(parseRuleset(TIMELINE, { file: 'inline.yaml' }), { fastPath: false });

  it('gives each result its own trace: later evaluations (other inputs, other days) leave it as it was', () => {
    const inputs = [
      { amount: 150, kind: 'a', items: [{ cost: 99 }, { cost: 120 }] },
      { amount: 50, kind: 'b', items: [] },
      { amount: 300, kind: 'b', items: [{ cost: 260 }, { cost: 1 }, { cost: 251 }] },
    ];
    const dates = ['2025-06-01', '2025-07-01', '2025-06-30', '2025-08-15'];
    const kept: [ReturnType<Program['evaluate']>, string][] = [];
    for (let round = 0; round < 3; round++) {
      for (const [k, input] of inputs.entries()) {
        const options = { date: dates[(k + round) % dates.length]!, trace: true };
        const result = fast.evaluate(input, options);
        const want = json(reference, input, options);
        expect(JSON.stringify(result)).toBe(want);
        kept.push([result, want]);
      }
    }
    for (const [result, want] of kept) expect(JSON.stringify(result)).toBe(want);
    expect(fast.diagnostics()).toMatchObject({ fastEvaluations: 9, fallbacks: 0 });
  });

  it('lists each read once per rule, in the order first read; the day decides the parameter use', () => {
    const june = fast.evaluate({ amount: 50, kind: 'b', items: [] }, { date: '2025-06-01', trace: true }).trace!;
    const july = fast.evaluate({ amount: 50, kind: 'b', items: [] }, { date: '2025-07-01', trace: true }).trace!;
    // perKind[kind] is read twice on the else branch: listed once.
    expect(june[0]!.uses.map((u) => `${u.kind} ${u.name}`)).toEqual(['input amount', 'parameter cap', 'input kind', 'parameter perKind']);
    expect(june[0]!.branches).toEqual([{ condition: 'amount > cap', taken: 'else', span: expect.any(Object) }]);
    expect(june[0]!.value).toBe('54.00');
    expect(june[0]!.uses[1]).toMatchObject({ value: '100.00', from: '2025-01-01', until: '2025-06-30' });
    expect(july[0]!.uses[1]).toMatchObject({ value: '250.50', from: '2025-07-01' });
    expect(july[0]!.uses[1]).not.toHaveProperty('until');
  });

  it('freezes what results share (parameter uses, branches); the rest is each result’s own', () => {
    const a = fast.evaluate({ amount: 150, kind: 'a', items: [] }, { date: '2025-06-01', trace: true }).trace!;
    const b = fast.evaluate({ amount: 160, kind: 'a', items: [] }, { date: '2025-06-01', trace: true }).trace!;
    expect(a[0]!.uses[1]).toBe(b[0]!.uses[1]);
    expect(Object.isFrozen(a[0]!.uses[1])).toBe(true);
    expect(Object.isFrozen(a[0]!.branches)).toBe(true);
    expect(Object.isFrozen(a[0]!.branches[0])).toBe(true);
    expect(a[0]!.uses[0]).not.toBe(b[0]!.uses[0]);
    expect(a[0]!.uses).not.toBe(b[0]!.uses);
    expect(a[1]!.comparisons).not.toBe(b[1]!.comparisons);
  });

  it('shares a comparison, frozen, once a site compares the same sides twice in a row', () => {
    const traced = (input: unknown) => fast.evaluate(input, { date: '2025-06-01', trace: true }).trace!;
    const capped = (t: ReturnType<typeof traced>) => t[0]!.comparisons[0]!;
    const first = traced({ amount: 40, kind: 'a', items: [] });
    const second = traced({ amount: 40, kind: 'b', items: [] });
    const third = traced({ amount: 40, kind: 'a', items: [] });
    const other = traced({ amount: 120, kind: 'a', items: [] });
    const again = traced({ amount: 120, kind: 'b', items: [] });
    // `amount > cap`: 40 against 100 three times (the first of them the result's own), then 120 twice.
    expect([capped(first), capped(second), capped(third)].map(Object.isFrozen)).toEqual([false, true, true]);
    expect(capped(second)).toBe(capped(third));
    expect(capped(first)).not.toBe(capped(second));
    expect(capped(first)).toEqual(capped(second));
    expect(capped(other)).toMatchObject({ left: '120.00', right: '100.00', result: true });
    expect(Object.isFrozen(capped(other))).toBe(false);
    expect(capped(again)).toEqual(capped(other));
    expect(capped(third)).toMatchObject({ left: '40.00', right: '100.00', result: false });
  });
});

/**
 * Rules whose reads never change (no branch, no comparison, no `and`/`or`, lookups by a key read in place) and
 * rules whose reads do: tables looked up by an input, by a field of a record input and by a rule.
 */
const TEMPLATES = rulesetYaml(`inputs:
  amount: { type: money }
  level: { type: enum, of: [a, b, c] }
  person: { type: record, fields: { category: { type: enum, of: [none, dibao] }, paid: { type: money } } }
  band: { type: enum, of: [high, low], default: low }
parameters:
  rate:
    type: rate
    by: level
    values: [{ from: 2025-01-01, value: { a: 0.9, b: 0.75, c: 0.6 }, source: src }]
  capByCategory:
    type: money
    by: person.category
    values:
      - { from: 2025-01-01, until: 2025-06-30, value: { none: 1000, dibao: 3000 }, source: src }
      - { from: 2025-07-01, value: { none: 1200, dibao: 3600 }, source: src }
  rateByBand:
    type: rate
    by: band
    values: [{ from: 2025-01-01, value: { high: 0.05, low: 0 }, source: src }]
rules:
  share: { type: rate, formula: "rate[level]", source: src }
  cap: { type: money, formula: "capByCategory[person.category]", source: src }
  bandNow: { type: enum, of: [high, low], formula: "if amount > 500 then 'high' else band", source: src }
  bonus: { type: rate, formula: "rateByBand[bandNow] + share - share", source: src }
  paid: { type: money, formula: "min(round(amount * (share + bonus), 2), max(0, cap - person.paid))", source: src }
  left: { type: money, formula: "cap - paid - person.paid + cap", source: src }
  flagged: { type: boolean, formula: "amount > 1000 and level == 'a'", source: src }
  vulnerable: { type: boolean, formula: "person.category in ['dibao']", source: src }
  deductible: { type: money, formula: "if vulnerable then cap * share else (if vulnerable then 1 else cap) + paid", source: src }
  noProgramme: { type: money, formula: "0", source: src }
`);

describe('traced fast path: rules whose sites follow from their `if` tests', () => {
  it('are traced from the sites recorded once per outcome, run untraced, and give the decimal path trace', () => {
    const fast = programOf(TEMPLATES);
    const reference = compile(parseRuleset(TEMPLATES, { file: 'inline.yaml' }), { fastPath: false });
    const internals = fast as unknown as { rules: readonly { name: string }[]; fast: FastPath; spareTraced: { log: FixedTraceLog; values: unknown[] } };
    const at = (name: string) => internals.rules.findIndex((r) => r.name === name);
    const path = internals.fast;
    const withTemplate = new Map<string, number>();
    for (let k = 0; k < 60; k++) {
      const input = { amount: (k * 97) % 1500, level: ['a', 'b', 'c'][k % 3], person: { category: k % 4 === 0 ? 'dibao' : 'none', paid: (k * 31) % 900 } };
      const options = { date: k % 5 === 0 ? '2025-06-01' : '2025-07-15', trace: true };
      expect(json(fast, input, options), JSON.stringify(input)).toBe(json(reference, input, options));
      // Which rules this evaluation ran untraced, from a template (the log says so by the position each ran at).
      const log = internals.spareTraced.log;
      const order = fast.evaluate(input, options).trace!.map((r) => r.name);
      for (const [position, name] of order.entries()) if (log.templates[position]) withTemplate.set(name, (withTemplate.get(name) ?? 0) + 1);
    }
    expect(fast.diagnostics()).toMatchObject({ fastEvaluations: 120, fallbacks: 0 });
    // Every rule without a comparison or `and`, whatever its tables are keyed by: one template each outcome.
    for (const name of ['share', 'cap', 'bonus', 'paid', 'left', 'vulnerable']) {
      expect(path.readTemplates[at(name)]!.byOutcome.map(Array.isArray), name).toEqual([true]);
      expect(withTemplate.get(name), name).toBeGreaterThan(50);
    }
    expect(path.readTemplates[at('cap')]!.byOutcome[0]!.map((s) => s.name)).toEqual(['person', 'capByCategory']);
    // Two tests of one flag: the outcomes where they disagree never happen.
    expect(path.readTemplates[at('deductible')]!.byOutcome.map(Array.isArray)).toEqual([true, false, false, true]);
    expect(withTemplate.get('deductible')).toBeGreaterThan(50);
    for (const name of ['bandNow', 'flagged']) {
      expect(path.readTemplates[at(name)], name).toBeNull();
      expect(withTemplate.has(name), name).toBe(false);
    }
    // A rule that reads nothing: one frozen node for every result.
    const nodeOf = (amount: number) => fast.evaluate({ amount, level: 'a', person: { category: 'none', paid: 0 } }, { date: '2025-07-15', trace: true }).trace!.find((r) => r.name === 'noProgramme')!;
    const [first, second] = [nodeOf(10), nodeOf(2000)];
    expect(first).toBe(second);
    expect(Object.isFrozen(first) && Object.isFrozen(first.uses)).toBe(true);
    expect(first).toMatchObject({ value: '0.00', uses: [], branches: [], comparisons: [] });
  });
});

/** `pending` has no value in force before 2026: `waiting` reads it, `paid` reads `waiting` only when `flag`. */
const PENDING = rulesetYaml(`inputs:
  amount: { type: money }
  flag: { type: boolean }
parameters:
  pending:
    type: money
    values: [{ from: 2026-01-01, value: 5, source: src }]
rules:
  waiting:
    type: money
    output: false
    formula: amount + pending
    source: src
  alsoWaiting:
    type: money
    output: false
    formula: waiting * 2
    source: src
  paid:
    type: money
    formula: if flag then alsoWaiting else amount
    source: src
`);

describe('traced fast path: a figure with no value in force', () => {
  const fast = programOf(PENDING);
  const reference = compile(parseRuleset(PENDING, { file: 'inline.yaml' }), { fastPath: false });

  it('stays on the fast path when no output needs it: the rules that read it have no step, as on the decimal path', () => {
    const options = { date: '2025-06-01', trace: true };
    const before = fast.diagnostics();
    const got = fast.evaluate({ amount: 10, flag: false }, options);
    expect(fast.diagnostics().fastEvaluations - before.fastEvaluations).toBe(1);
    expect(JSON.stringify(got)).toBe(json(reference, { amount: 10, flag: false }, options));
    expect(got.trace!.map((r) => r.name)).toEqual(['paid']);
    // On 2026-01-01 the figure is published: every rule has its step.
    const later = { date: '2026-01-01', trace: true };
    expect(JSON.stringify(fast.evaluate({ amount: 10, flag: true }, later))).toBe(json(reference, { amount: 10, flag: true }, later));
  });

  it('hands over when an output needs it (the decimal path reports the missing figure)', () => {
    const options = { date: '2025-06-01', trace: true };
    const before = fast.diagnostics();
    const got = fast.safeEvaluate({ amount: 10, flag: true }, options);
    expect(fast.diagnostics().fallbacks - before.fallbacks).toBe(1);
    expect(got.success ? 'no error' : got.error.issues.map((i) => i.code)).toEqual(['eval/no-value-in-force']);
    expect(json(fast, { amount: 10, flag: true }, options)).toBe(json(reference, { amount: 10, flag: true }, options));
  });
});

describe('traced fast path: a traced evaluation nested in an input getter', () => {
  it('keeps the inner evaluation and its trace apart from the outer one (frame and log are reused)', () => {
    const fast = programOf(TIMELINE);
    const reference = compile(parseRuleset(TIMELINE, { file: 'inline.yaml' }), { fastPath: false });
    const options = { date: '2025-07-01', trace: true };
    fast.evaluate({ amount: 1, kind: 'a', items: [] }, options);
    const innerInput = { amount: 300, kind: 'b', items: [{ cost: 260 }] };
    let inner: string | undefined;
    const outerInput = {
      kind: 'a',
      items: [],
      get amount() {
        inner = JSON.stringify(fast.evaluate(innerInput, options));
        return 120;
      },
    };
    const outer = JSON.stringify(fast.evaluate(outerInput, options));
    expect(inner).toBe(json(reference, innerInput, options));
    expect(outer).toBe(json(reference, { kind: 'a', items: [], amount: 120 }, options));
    expect(fast.diagnostics()).toMatchObject({ fallbacks: 0 });
  });
});
