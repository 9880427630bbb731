/**
 * `evaluate(…, { money: 'fen' })`: money outputs as integer numbers of fen. On every bundled ruleset's golden
 * cases, untraced and traced, on the fast path and on the decimal path, each money output is exactly its text
 * in fen and every other output is unchanged; the untraced fast path returns fen without building text.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compile, parseRuleset, type EvaluationResult, type Program, type SafeResult } from '../../src/index';
import { createRegistry } from '../../src/node/load';
import { resolveRuleset } from '../../src/ruleset/overlay';

const registry = await createRegistry();

/** Money as `minsheng types` declares it in a generated file. */
type Money = string & { readonly __minshengKind: 'money' };

/** The text outputs as the fen mode must return them. */
function inFen(program: Program, outputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(outputs)) {
    if (typeof v === 'string' && program.valueTypes[name]?.kind === 'money') {
      const negative = v.startsWith('-');
      const [whole, cents] = (negative ? v.slice(1) : v).split('.');
      const fen = BigInt(whole!) * 100n + BigInt(cents!);
      out[name] = Number(negative ? -fen : fen);
    } else out[name] = v;
  }
  return out;
}

function outcome(r: SafeResult): unknown {
  return r.success ? r.result.outputs : r.error.issues;
}

describe("money: 'fen'", () => {
  it.each(registry.list().map((f) => [`${f.id}@${f.version}`, f] as const))('%s: every money output is its text in fen, on both paths', (_name, file) => {
    const resolved = resolveRuleset(file, registry);
    for (const program of [compile(resolved), compile(resolved, { fastPath: false })]) {
      for (const c of resolved.tests) {
        for (const trace of [false, true]) {
          const options = { ...(c.date ? { date: c.date } : {}), trace };
          const text = program.safeEvaluate(c.input, options);
          const fen = program.safeEvaluate(c.input, { ...options, money: 'fen' });
          if (!text.success) {
            expect(outcome(fen)).toEqual(outcome(text));
            continue;
          }
          expect(fen.success && fen.result.outputs, `${file.id} ${c.name ?? ''}`).toEqual(inFen(program, text.result.outputs));
          // Only the outputs change: the trace and provenance are the text mode's.
          if (fen.success) {
            expect(fen.result.provenance).toEqual(text.result.provenance);
            if (trace) expect(fen.result.trace).toEqual(text.result.trace);
          }
        }
      }
    }
  });

  it('returns the bench workload in fen from the fast path (worked case: 7125.00 → 712500)', () => {
    const file = registry.list().find((f) => f.id === 'bench/settlement')!;
    const program = compile(resolveRuleset(file, registry));
    const claim = { hospitalLevel: '2', totalCost: 12000, eligibleCost: 10000, personCategory: 'none' };
    const before = program.diagnostics().fastEvaluations;
    const r = program.evaluate(claim, { date: '2025-06-01', money: 'fen' });
    expect(program.diagnostics().fastEvaluations - before).toBe(1);
    // (10,000 − 500) × 75% = 7,125.00 yuan = 712,500 fen.
    expect(r.outputs['basicPaid']).toBe(712500);
    expect(program.evaluate(claim, { date: '2025-06-01' }).outputs['basicPaid']).toBe('7125.00');
  });

  it('refuses an amount beyond 2^53 fen instead of returning it inexactly', () => {
    const program = compile(
      parseRuleset(
        `
id: test/huge
version: 1.0.0
jurisdiction: CN
label: { zh: 大额, en: Huge }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
  amount: { type: money, label: { zh: 金额, en: Amount } }
rules:
  doubled:
    type: money
    label: { zh: 两倍, en: Doubled }
    formula: amount * 2
    source: s
`,
        { file: 'huge.yaml' },
      ),
    );
    expect(program.evaluate({ amount: '12.34' }, { date: '2025-06-01', money: 'fen' }).outputs['doubled']).toBe(2468);
    const big = program.safeEvaluate({ amount: '90000000000000' }, { date: '2025-06-01', money: 'fen' });
    expect(big.success).toBe(false);
    expect(!big.success && big.error.issues[0]).toMatchObject({ code: 'eval/domain', path: ['outputs', 'doubled'] });
    // The text mode answers it exactly.
    expect(program.evaluate({ amount: '90000000000000' }, { date: '2025-06-01' }).outputs['doubled']).toBe('180000000000000.00');
  });

  it('refuses an unknown money mode', () => {
    const file = registry.list().find((f) => f.id === 'bench/settlement')!;
    const program = compile(resolveRuleset(file, registry));
    const r = program.safeEvaluate({}, { date: '2025-06-01', money: 'cents' as 'fen' });
    expect(!r.success && r.error.issues[0]!.code).toBe('options/invalid');
  });

  it('types money outputs as numbers with typed programs', () => {
    type Types = { input: { x: string }; outputs: { paid: Money; note: string; maybe: Money | null } };
    const program = null as unknown as Program<Types>;
    const run = () => program.evaluate({ x: '1' }, { money: 'fen' });
    expectTypeOf(run).returns.toEqualTypeOf<EvaluationResult<{ readonly paid: number; readonly note: string; readonly maybe: number | null }>>();
    const text = () => program.evaluate({ x: '1' });
    expectTypeOf(text).returns.toEqualTypeOf<EvaluationResult<Readonly<{ paid: Money; note: string; maybe: Money | null }>>>();
  });
});
