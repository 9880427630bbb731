/**
 * Differential suite: generated condition trees and facts, run by json-rules-engine 7.3 itself and by
 * importConditions + importFacts + the compiled formula. The import must give json-rules-engine's answer or
 * refuse with a coded MinshengError — and it must answer every canonical case (see jre-harness.ts).
 *
 * JRE_RUNS=n raises the number of generated trees per property (default 150).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Condition } from '../../src/interop/json-rules-engine';
import { BAD_DATES, CODES, DATES, HUGE_NUMS, NUMS, NUMTEXTS, WORDS, notCanonical, runJre, runOurs, type Named, type OurResult, type JreResult } from './jre-harness';

const RUNS = Number(process.env['JRE_RUNS'] ?? 150);

/** Codes the import may refuse with (import, facts, the formula's own input and type checks). */
const REFUSAL_CODES = new Set([
  'input/type', 'input/invalid', 'input/enum', 'input/missing', 'input/unknown-field',
  'expr/unknown-name', 'expr/cycle', 'expr/type', 'value/invalid-number', 'value/invalid-date', 'value/precision', 'value/limit',
]);

type C = Record<string, unknown>;

// ───────────────────────────── canonical generators ─────────────────────────────

const num = fc.constantFrom(...NUMS);
const exactText = fc.constantFrom(...NUMTEXTS.filter((t) => t !== '5.00000000000000000001'));
const word = fc.constantFrom(...WORDS);
const code = fc.constantFrom(...CODES);
const date = fc.constantFrom(...DATES);
const ORDER = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'] as const;
const EQ = ['equal', 'notEqual'] as const;
const DEC = ['decimalEqual', 'decimalNotEqual', 'decimalLessThan', 'decimalLessThanInclusive', 'decimalGreaterThan', 'decimalGreaterThanInclusive'] as const;

const numericSubject = fc.constantFrom<C>({ fact: 'n' }, { fact: 'm' }, { fact: 'o', path: '$.a.b' });
const wordSubject = fc.constantFrom<C>({ fact: 's' }, { fact: 'o', path: '$.a.s' });
const dateSubject = fc.constantFrom<C>({ fact: 'd' }, { fact: 'o', path: '$.a.d' });
const numListSubject = fc.constantFrom<C>({ fact: 'l' }, { fact: 'o', path: '$.a.l' });
const leaf = (subject: fc.Arbitrary<C>, operator: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) =>
  fc.tuple(subject, operator, value).map(([s, operator, value]) => ({ ...s, operator, value }) as C);

const cleanLeaf: fc.Arbitrary<C> = fc.oneof(
  leaf(numericSubject, fc.constantFrom(...EQ, ...ORDER), fc.oneof(num, numericSubject)),
  leaf(numericSubject, fc.constantFrom(...ORDER), exactText),
  leaf(numericSubject, fc.constantFrom('in', 'notIn'), fc.array(num, { maxLength: 3 })),
  leaf(numericSubject, fc.constantFrom(...DEC), fc.oneof(num, fc.constantFrom(...NUMTEXTS), numericSubject)),
  leaf(numericSubject, fc.constantFrom('decimalIn', 'decimalNotIn'), fc.array(fc.oneof(num, fc.constantFrom(...NUMTEXTS)), { maxLength: 3 })),
  leaf(fc.constant({ fact: 'e' }), fc.constantFrom(...EQ), code),
  leaf(fc.constant({ fact: 'e' }), fc.constantFrom('in', 'notIn'), fc.array(code, { maxLength: 3 })),
  leaf(wordSubject, fc.constantFrom(...EQ), fc.oneof(word, wordSubject)),
  leaf(wordSubject, fc.constantFrom('in', 'notIn'), fc.array(word, { maxLength: 3 })),
  leaf(dateSubject, fc.constantFrom(...EQ, ...ORDER), fc.oneof(date, dateSubject)),
  leaf(dateSubject, fc.constantFrom('in', 'notIn'), fc.array(date, { maxLength: 2 })),
  leaf(fc.constant({ fact: 'b' }), fc.constantFrom(...EQ), fc.oneof(fc.boolean(), fc.constant({ fact: 'b' }))),
  leaf(numListSubject, fc.constantFrom('contains', 'doesNotContain'), fc.oneof(num, numericSubject)),
  leaf(fc.constant({ fact: 'w' }), fc.constantFrom('contains', 'doesNotContain'), fc.oneof(word, wordSubject)),
  fc.constantFrom<C>({ condition: 'smallN' }, { condition: 'urbanOrRecent' }),
);

const NAMED: Named = {
  smallN: { all: [{ fact: 'n', operator: 'lessThanInclusive', value: 2 }, { fact: 'n', operator: 'greaterThan', value: -1 }] },
  urbanOrRecent: { any: [{ fact: 's', operator: 'equal', value: 'urban' }, { not: { fact: 'd', operator: 'lessThan', value: '2022-01-01' } }] },
  viaRef: { condition: 'smallN' },
  cycleA: { condition: 'cycleB' },
  cycleB: { all: [{ condition: 'cycleA' }] },
  bareLeaf: { fact: 'n', operator: 'equal', value: 1 } as unknown as Condition,
};

/** Trees of all / any / not (lists may be empty) over `leafArb`, with the occasional priority. */
function treeOf(leafArb: fc.Arbitrary<C>, extraNodes: fc.Arbitrary<C>[] = []): fc.Arbitrary<C> {
  const { node } = fc.letrec<{ node: C }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafArb,
      fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }, { noNullPrototype: true }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }, { noNullPrototype: true }),
      fc.record({ not: tie('node') }, { noNullPrototype: true }),
      fc.tuple(tie('node'), fc.integer({ min: 1, max: 3 })).map(([n, priority]) => ({ ...n, priority })),
      ...extraNodes,
    ),
  }));
  return node;
}

const rootOf = (node: fc.Arbitrary<C>) =>
  fc.oneof(
    fc.record({ all: fc.array(node, { maxLength: 4 }) }, { noNullPrototype: true }),
    fc.record({ any: fc.array(node, { maxLength: 4 }) }, { noNullPrototype: true }),
    fc.record({ not: node }, { noNullPrototype: true }),
    fc.constantFrom<C>({ condition: 'smallN' }, { condition: 'viaRef' }),
  );

const cleanFacts: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    n: num,
    m: num,
    e: code,
    s: word,
    d: date,
    b: fc.boolean(),
    l: fc.array(num, { maxLength: 4 }),
    w: fc.array(word, { maxLength: 3 }),
    o: fc.record({ a: fc.record({ b: num, s: word, d: date, l: fc.array(num, { maxLength: 3 }) }) }),
  },
  { noNullPrototype: true },
);

// ───────────────────────────── wild generators ─────────────────────────────

const anyScalar = fc.oneof(num, fc.constantFrom(...HUGE_NUMS), fc.constantFrom(...NUMTEXTS), word, code, date, fc.constantFrom(...BAD_DATES), fc.boolean(), fc.constantFrom('zzz', '1', ''));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: anyScalar },
  { weight: 2, arbitrary: fc.array(anyScalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, { a: 1 }, [[1]], [{ fact: 'n' }]) },
  { weight: 2, arbitrary: fc.constantFrom<C>({ fact: 'n' }, { fact: 's' }, { fact: 'd' }, { fact: 'l' }, { fact: 'o', path: '$.a.b' }, { fact: 'zz' }, { fact: 'n', params: { x: 1 } }, { fact: 'o', path: '$.a' }) },
);
const anySubject = fc.constantFrom<C>(
  { fact: 'n' }, { fact: 'm' }, { fact: 'e' }, { fact: 's' }, { fact: 'd' }, { fact: 'b' }, { fact: 'l' }, { fact: 'w' },
  { fact: 'o', path: '$.a.b' }, { fact: 'o', path: '$.a.s' }, { fact: 'o', path: '$.a.l' }, { fact: 'o', path: '$.a.zz' }, { fact: 'o', path: '$.a' },
  { fact: 'o', path: '$..b' }, { fact: 'n', path: '$.a' }, { fact: 'zz' }, { fact: 'if' }, { fact: 'n', params: { id: 1 } },
);
const anyOperator = fc.constantFrom('equal', 'notEqual', ...ORDER, 'in', 'notIn', 'contains', 'doesNotContain', ...DEC, 'decimalIn', 'decimalNotIn', 'regex');
const wildLeaf: fc.Arbitrary<C> = fc.oneof(
  { weight: 3, arbitrary: cleanLeaf },
  { weight: 3, arbitrary: leaf(anySubject, anyOperator, anyValue) },
  // the contains '1' on [1, 2] family: text against numbers and numbers against text
  { weight: 1, arbitrary: leaf(fc.constantFrom<C>({ fact: 'l' }, { fact: 'w' }, { fact: 'n' }, { fact: 'e' }), fc.constantFrom('contains', 'equal', 'in', 'lessThan'), fc.oneof(fc.constantFrom(...NUMTEXTS), num, code, fc.array(fc.constantFrom(...NUMTEXTS), { minLength: 1, maxLength: 2 }))) },
  { weight: 1, arbitrary: fc.constantFrom<C>({ fact: 'n', operator: 'equal' }, { operator: 'equal', value: 1 }) },
);
const mixedNode = (node: fc.Arbitrary<C>) =>
  fc.oneof(
    fc.tuple(fc.array(node, { maxLength: 2 }), fc.array(node, { maxLength: 2 })).map(([any, all]) => ({ any, all })),
    fc.tuple(fc.array(node, { maxLength: 2 }), cleanLeaf).map(([all, l]) => ({ all, ...l })),
    fc.tuple(node).map(([n]) => ({ condition: 'smallN', not: n })),
    fc.constantFrom<C>({ not: [] }, { all: {} }, { any: 'x' }),
  );
const wildTree: fc.Arbitrary<C> = fc.letrec<{ node: C }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: wildLeaf },
    { weight: 1, arbitrary: fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }, { noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }, { noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.record({ not: tie('node') }, { noNullPrototype: true }) },
    { weight: 1, arbitrary: mixedNode(tie('node')) },
  ),
})).node;
// References json-rules-engine cannot resolve only as the whole tree: it throws them synchronously, which
// would leave the rejections of sibling conditions unhandled (a json-rules-engine quirk, not a finding).
const wildRoot: fc.Arbitrary<C> = fc.oneof(
  { weight: 5, arbitrary: rootOf(wildTree) },
  { weight: 1, arbitrary: mixedNode(wildTree) },
  { weight: 1, arbitrary: wildLeaf },
  { weight: 1, arbitrary: fc.constantFrom<C>({ condition: 'nope' }, { condition: 'cycleA' }, { condition: 'bareLeaf' }, { not: { condition: 'nope' } }) },
);

/** Canonical facts, each sometimes replaced by another JSON value, numbers by decimal text, or left out. */
const wildFacts: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(cleanFacts, fc.array(fc.tuple(fc.constantFrom('n', 'm', 'e', 's', 'd', 'b', 'l', 'w', 'o'), fc.oneof(anyValue, fc.constant('<missing>'), fc.constant('<text>'), fc.constant('<o.a>'))), { maxLength: 3 }))
  .map(([facts, changes]) => {
    const out: Record<string, unknown> = structuredClone(facts);
    for (const [k, change] of changes) {
      if (change === '<missing>') delete out[k];
      else if (change === '<text>') out[k] = typeof out[k] === 'number' ? String(out[k]) : Array.isArray(out[k]) ? (out[k] as unknown[]).map(String) : out[k];
      else if (change === '<o.a>') out['o'] = { a: { b: String((facts['o'] as { a: { b: number } }).a.b), s: 1 } };
      else out[k] = change;
    }
    return out;
  });

// ───────────────────────────── coercion generators ─────────────────────────────

/** Every value a number or enum fact may be written as: numbers, numeric text, codes as numbers, dates, words. */
const numberish = fc.oneof(
  // values that collide: one number, many spellings ('5' is not 5 for ===; 5.000…01 is 5 for Number(); '10' < '9' as text)
  { weight: 5, arbitrary: fc.constantFrom(5, '5', '5.0', ' 5', '+5', '5.00000000000000000001', '4.99999999999999999999') },
  { weight: 2, arbitrary: fc.constantFrom(10, '10', '9', 2, '2') },
  { weight: 2, arbitrary: fc.oneof(num, fc.constantFrom(...NUMTEXTS)) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...HUGE_NUMS), fc.constantFrom(1, 3), code) },
);
const numberOrCodeSubject = fc.constantFrom<C>({ fact: 'n' }, { fact: 'm' }, { fact: 'o', path: '$.a.b' }, { fact: 'e' });
const coercionLeaf: fc.Arbitrary<C> = fc.oneof(
  { weight: 4, arbitrary: leaf(numberOrCodeSubject, fc.constantFrom(...EQ, ...ORDER), numberish) },
  { weight: 3, arbitrary: leaf(numberOrCodeSubject, fc.constantFrom(...EQ, ...ORDER), fc.oneof(numericSubject, fc.constant({ fact: 'e' }))) },
  { weight: 2, arbitrary: leaf(numberOrCodeSubject, fc.constantFrom('in', 'notIn'), fc.array(numberish, { maxLength: 3 })) },
  { weight: 1, arbitrary: leaf(numberOrCodeSubject, fc.constantFrom(...DEC), fc.oneof(numberish, numericSubject)) },
  { weight: 1, arbitrary: leaf(numberOrCodeSubject, fc.constantFrom('decimalIn', 'decimalNotIn'), fc.array(numberish, { maxLength: 3 })) },
  { weight: 2, arbitrary: leaf(fc.constantFrom<C>({ fact: 'l' }, { fact: 'o', path: '$.a.l' }, { fact: 'w' }), fc.constantFrom('contains', 'doesNotContain'), fc.oneof(numberish, word, numericSubject, fc.constant({ fact: 'e' }))) },
  { weight: 1, arbitrary: leaf(dateSubject, fc.constantFrom(...EQ, ...ORDER), fc.oneof(date, dateSubject, fc.constantFrom(...NUMTEXTS))) },
);
/** One number, many spellings: every pair of these is the same number to a formula, not to json-rules-engine. */
const spelling = fc.constantFrom(5, 5, '5', '5.0', ' 5', '+5', '5.00000000000000000001', '4.99999999999999999999');
const spellingLeaf: fc.Arbitrary<C> = leaf(
  fc.constant({ fact: 'n' }),
  fc.constantFrom(...EQ, ...EQ, ...ORDER, ...ORDER, 'in', 'notIn', ...DEC, 'decimalIn'),
  fc.oneof(spelling, fc.constant({ fact: 'm' }), fc.array(spelling, { minLength: 1, maxLength: 2 })),
);
const spellingFacts = fc.tuple(cleanFacts, spelling, spelling).map(([facts, n, m]) => ({ ...facts, n, m }));

/** Mostly one leaf (nothing masks its answer), sometimes a tree. */
const coercionRoot = fc.oneof({ weight: 3, arbitrary: coercionLeaf.map((l) => ({ all: [l] })) }, { weight: 1, arbitrary: rootOf(treeOf(coercionLeaf)) });
/** All facts present; numbers and codes written every which way. */
const coercionFacts: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(cleanFacts, numberish, numberish, numberish, numberish, fc.array(numberish, { maxLength: 3 }), fc.array(numberish, { maxLength: 3 }))
  .map(([facts, n, m, e, b, l, ol]) => ({ ...facts, n, m, e, l, o: { a: { ...(facts['o'] as { a: object }).a, b, l: ol } } }));

// ───────────────────────────── the properties ─────────────────────────────

function describeCase(conditions: unknown, facts: unknown, jre: JreResult, ours: OurResult): string {
  return JSON.stringify({ conditions, facts, jre, ours: ours.kind === 'refused' ? { code: ours.code, path: ours.path, message: ours.error.message } : ours });
}

interface Tally {
  compared: number;
  /** Answered though not canonical (e.g. numeric text ordered against a number): agreement checked, not required. */
  comparedNonCanonical: number;
  refused: number;
  jreThrew: number;
}

/** One case: never a different answer; canonical cases answered; json-rules-engine errors refused. */
async function compareCase(conditions: C, facts: Record<string, unknown>, tally: Tally): Promise<void> {
  const jre = await runJre(conditions, facts, NAMED);
  const ours = runOurs(conditions, facts, NAMED);
  const why = notCanonical(conditions, facts, NAMED);
  const info = () => describeCase(conditions, facts, jre, ours);
  if (jre.kind === 'throws') tally.jreThrew++;
  if (ours.kind === 'answer') {
    tally.compared++;
    if (why) tally.comparedNonCanonical++;
    // json-rules-engine threw (undefined fact, bad shape…): the import must not have answered
    expect(jre, info()).toEqual({ kind: 'answer', value: ours.value });
  } else {
    tally.refused++;
    expect(REFUSAL_CODES.has(ours.code), info()).toBe(true);
    expect(ours.error.issues.every((i) => i.path !== undefined), info()).toBe(true);
    // a refusal is legitimate only where the case depends on json-rules-engine's coercions or shape rules
    expect(why, `refused a canonical case: ${info()}`).toBeDefined();
  }
}

describe('json-rules-engine differential (generated conditions and facts)', () => {
  it('returns json-rules-engine\'s answer for every canonical case (numbers, text, dates, booleans, lists, nested paths, empty all/any, references)', async () => {
    const tally: Tally = { compared: 0, comparedNonCanonical: 0, refused: 0, jreThrew: 0 };
    await fc.assert(
      fc.asyncProperty(rootOf(treeOf(cleanLeaf)), fc.array(cleanFacts, { minLength: 1, maxLength: 3 }), async (conditions, factSets) => {
        expect(notCanonical(conditions, factSets[0]!, NAMED)).toBeUndefined();
        for (const facts of factSets) await compareCase(conditions, facts, tally);
      }),
      { numRuns: RUNS },
    );
    expect(tally.refused).toBe(0);
    expect(tally.jreThrew).toBe(0);
    if (process.env['JRE_STATS']) console.log('canonical cases', tally);
  });

  it('returns json-rules-engine\'s answer or a coded refusal where json-rules-engine coerces (numbers as text, codes as numbers, lists of both)', async () => {
    const tally: Tally = { compared: 0, comparedNonCanonical: 0, refused: 0, jreThrew: 0 };
    await fc.assert(
      fc.asyncProperty(coercionRoot, fc.array(coercionFacts, { minLength: 1, maxLength: 3 }), async (conditions, factSets) => {
        for (const facts of factSets) await compareCase(conditions, facts, tally);
      }),
      { numRuns: RUNS },
    );
    if (process.env['JRE_STATS']) console.log('coercion cases', tally);
    // numeric text ordered against numbers, decimal operators on text…: answered though not canonical
    expect(tally.comparedNonCanonical).toBeGreaterThan(0);
  });

  it('returns json-rules-engine\'s answer or a coded refusal for one number spelled many ways (5, \'5\', \'5.0\', \'+5\', 5.000…01)', async () => {
    const tally: Tally = { compared: 0, comparedNonCanonical: 0, refused: 0, jreThrew: 0 };
    await fc.assert(
      fc.asyncProperty(spellingLeaf.map((l) => ({ all: [l] })), fc.array(spellingFacts, { minLength: 1, maxLength: 3 }), async (conditions, factSets) => {
        for (const facts of factSets) await compareCase(conditions, facts, tally);
      }),
      { numRuns: RUNS },
    );
    if (process.env['JRE_STATS']) console.log('spelling cases', tally);
    expect(tally.comparedNonCanonical).toBeGreaterThan(0);
  });

  it('returns json-rules-engine\'s answer or a coded refusal on anything (numeric strings, mixed any+all, missing facts, bad paths, wrong types)', async () => {
    const tally: Tally = { compared: 0, comparedNonCanonical: 0, refused: 0, jreThrew: 0 };
    await fc.assert(
      fc.asyncProperty(wildRoot, fc.array(wildFacts, { minLength: 1, maxLength: 3 }), async (conditions, factSets) => {
        for (const facts of factSets) await compareCase(conditions, facts, tally);
      }),
      { numRuns: RUNS * 2 },
    );
    // the wild cases still compare often, and exercise json-rules-engine's errors
    const total = tally.compared + tally.refused;
    if (process.env['JRE_STATS']) console.log('wild cases', tally);
    expect(tally.compared / total).toBeGreaterThan(0.15);
    expect(tally.jreThrew).toBeGreaterThan(0);
  });
});
