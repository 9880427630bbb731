/**
 * importConditions + importFacts, construct by construct, each checked against json-rules-engine 7.3 itself:
 * the import gives json-rules-engine's answer or refuses with a code (and the row records what
 * json-rules-engine does that the import refuses to reproduce).
 */
import { describe, expect, it } from 'vitest';
import { importConditions, importFacts, type Condition } from '../../src/interop/json-rules-engine';
import { MinshengError } from '../../src/errors';
import { runJre, runOurs, type Named } from './jre-harness';

const NAMED: Named = {
  small: { all: [{ fact: 'n', operator: 'lessThanInclusive', value: 2 }] },
  viaSmall: { condition: 'small' },
  loopA: { condition: 'loopB' },
  loopB: { any: [{ condition: 'loopA' }] },
  bareLeaf: { fact: 'n', operator: 'equal', value: 1 } as unknown as Condition,
};

const FACTS = { n: 5, m: 5, e: '2', s: 'urban', d: '2021-12-31', b: true, l: [1, 2], w: ['a', 'urban'], o: { a: { b: 1, s: 'rural', d: '2022-06-15', l: [] } } };

type Jre = boolean | 'throws';
type Expected = boolean | { code: string; path: string };

interface Row {
  name: string;
  conditions: unknown;
  facts?: Record<string, unknown>;
  /** json-rules-engine 7.3's own behaviour, asserted too. */
  jre: Jre;
  ours: Expected;
}

const all = (...items: unknown[]) => ({ all: items });
const facts = (over: Record<string, unknown>) => ({ ...FACTS, ...over });

function refusal(code: string, path: string) {
  return { code, path };
}

const ROWS: Row[] = [
  // ── the findings of the issue ──
  { name: 'empty any is true', conditions: { any: [] }, jre: true, ours: true },
  { name: 'not of empty any is false', conditions: { not: { any: [] } }, jre: false, ours: false },
  { name: 'empty all is true', conditions: { all: [] }, jre: true, ours: true },
  { name: 'nested empty any inside all is true', conditions: all({ any: [] }, { fact: 'n', operator: 'equal', value: 5 }), jre: true, ours: true },
  {
    name: 'any + all on one object: json-rules-engine evaluates only any → refused',
    conditions: { any: [{ fact: 'n', operator: 'equal', value: 1 }], all: [{ fact: 'n', operator: 'equal', value: 5 }] },
    jre: false,
    ours: refusal('input/invalid', 'all'),
  },
  {
    name: 'any + all nested → refused where it is',
    conditions: all({ fact: 'b', operator: 'equal', value: true }, { any: [], all: [{ fact: 'n', operator: 'equal', value: 1 }] }),
    jre: true,
    ours: refusal('input/invalid', 'all.1.all'),
  },
  { name: "contains '1' on [1, 2]: strict, no match → refused (the list holds numbers)", conditions: all({ fact: 'l', operator: 'contains', value: '1' }), jre: false, ours: refusal('input/type', 'l.0') },
  { name: 'a bare leaf as the root → refused, as json-rules-engine does', conditions: { fact: 'n', operator: 'equal', value: 5 }, jre: 'throws', ours: refusal('input/type', '') },
  { name: 'a bare leaf as a named condition → refused', conditions: { condition: 'bareLeaf' }, jre: 'throws', ours: refusal('input/type', 'conditions.bareLeaf') },

  // ── shape ──
  { name: 'condition + all at the root: json-rules-engine uses all there → refused', conditions: { condition: 'small', all: [] }, jre: true, ours: refusal('input/invalid', 'condition') },
  { name: 'condition + all nested: json-rules-engine uses the reference there → refused', conditions: all({ condition: 'small', all: [] }), jre: false, ours: refusal('input/invalid', 'all.0.all') },
  { name: 'leaf keys on an all → refused', conditions: { all: [], fact: 'n', operator: 'equal', value: 1 }, jre: true, ours: refusal('input/invalid', 'fact') },
  { name: "'not' with a list", conditions: { not: [{ fact: 'n', operator: 'equal', value: 5 }] }, jre: 'throws', ours: refusal('input/type', 'not') },
  { name: "'all' not a list", conditions: { all: { fact: 'n', operator: 'equal', value: 5 } }, jre: 'throws', ours: refusal('input/type', 'all') },
  { name: 'a leaf without value', conditions: all({ fact: 'n', operator: 'equal' }), jre: 'throws', ours: refusal('input/type', 'all.0.value') },
  { name: 'unknown operator', conditions: all({ fact: 'n', operator: 'regex', value: '^5' }), jre: 'throws', ours: refusal('input/enum', 'all.0.operator') },
  { name: 'params (a computed fact) → refused', conditions: all({ fact: 'n', operator: 'equal', value: 5, params: { year: 2025 } }), jre: true, ours: refusal('input/invalid', 'all.0.params') },
  { name: 'priority and name are accepted', conditions: { all: [{ fact: 'n', operator: 'equal', value: 5, priority: 2, name: 'five' }], priority: 3 }, jre: true, ours: true },
  { name: 'a named condition reference', conditions: { any: [{ condition: 'viaSmall' }, { fact: 'b', operator: 'equal', value: false }] }, jre: false, ours: false },
  { name: 'an unknown reference', conditions: { condition: 'nope' }, jre: 'throws', ours: refusal('expr/unknown-name', 'condition') },
  { name: 'a reference cycle', conditions: { condition: 'loopA' }, jre: 'throws', ours: refusal('expr/cycle', 'conditions.loopB.any.0.condition') },

  // ── equal / notEqual: strict ===
  { name: 'equal number', conditions: all({ fact: 'n', operator: 'equal', value: 5 }), jre: true, ours: true },
  { name: 'equal: 0.1 + 0.2 is not 0.3 for either', conditions: all({ fact: 'n', operator: 'equal', value: 0.3 }), facts: facts({ n: 0.1 + 0.2 }), jre: false, ours: false },
  { name: "equal: fact '5' vs 5 → refused ('5' === 5 is false)", conditions: all({ fact: 'n', operator: 'equal', value: 5 }), facts: facts({ n: '5' }), jre: false, ours: refusal('input/type', 'n') },
  { name: "notEqual: fact '5' vs 5 → refused", conditions: all({ fact: 'n', operator: 'notEqual', value: 5 }), facts: facts({ n: '5' }), jre: true, ours: refusal('input/type', 'n') },
  { name: "equal text code '2' matches the text '2'", conditions: all({ fact: 'e', operator: 'equal', value: '2' }), jre: true, ours: true },
  { name: "equal text code '2' vs the number 2 → refused", conditions: all({ fact: 'e', operator: 'equal', value: '2' }), facts: facts({ e: 2 }), jre: false, ours: refusal('input/type', 'e') },
  { name: 'equal boolean', conditions: all({ fact: 'b', operator: 'notEqual', value: false }), jre: true, ours: true },
  { name: 'equal date text', conditions: all({ fact: 'd', operator: 'equal', value: '2021-12-31' }), jre: true, ours: true },
  { name: 'equal null → refused', conditions: all({ fact: 'n', operator: 'equal', value: null }), jre: false, ours: refusal('input/type', 'all.0.value') },
  { name: 'equal a list → refused (identity)', conditions: all({ fact: 'l', operator: 'equal', value: [1, 2] }), jre: false, ours: refusal('input/type', 'all.0.value') },
  { name: 'equal two facts', conditions: all({ fact: 'n', operator: 'equal', value: { fact: 'm' } }), jre: true, ours: true },
  { name: "equal two facts '5' and '5.0' → refused", conditions: all({ fact: 'n', operator: 'equal', value: { fact: 'm' } }), facts: facts({ n: '5', m: '5.0' }), jre: false, ours: refusal('input/type', 'n') },
  { name: 'equal two enum facts', conditions: all({ fact: 's', operator: 'equal', value: { fact: 'o', path: '$.a.s' } }), jre: false, ours: false },

  // ── lessThan & co.: JavaScript < with coercion
  { name: 'lessThan number', conditions: all({ fact: 'n', operator: 'lessThan', value: 10 }), jre: true, ours: true },
  { name: 'lessThanInclusive at the edge', conditions: all({ fact: 'n', operator: 'lessThanInclusive', value: 5 }), jre: true, ours: true },
  { name: 'greaterThan at the edge', conditions: all({ fact: 'n', operator: 'greaterThan', value: 5 }), jre: false, ours: false },
  { name: 'greaterThanInclusive at the edge', conditions: all({ fact: 'n', operator: 'greaterThanInclusive', value: 5 }), jre: true, ours: true },
  { name: "lessThan: fact '5' vs 10 coerces to numbers — answered", conditions: all({ fact: 'n', operator: 'lessThan', value: 10 }), facts: facts({ n: '5' }), jre: true, ours: true },
  { name: "lessThan: 5 vs '10' coerces to numbers — answered", conditions: all({ fact: 'n', operator: 'lessThan', value: '10' }), jre: true, ours: true },
  { name: "lessThan: '5' vs '10' compares text ('5' > '1') → refused", conditions: all({ fact: 'n', operator: 'lessThan', value: '10' }), facts: facts({ n: '5' }), jre: false, ours: refusal('input/type', 'n') },
  { name: 'lessThan: text that is not exactly a JavaScript number → refused', conditions: all({ fact: 'n', operator: 'lessThanInclusive', value: '4.99999999999999999999' }), jre: true, ours: refusal('value/precision', 'all.0.value') },
  { name: 'lessThan: fact text not exactly a JavaScript number → refused', conditions: all({ fact: 'n', operator: 'lessThan', value: 5 }), facts: facts({ n: '4.99999999999999999999' }), jre: false, ours: refusal('input/type', 'n') },
  { name: "lessThan on text: false unless the fact starts with a number (parseFloat) → refused", conditions: all({ fact: 's', operator: 'lessThan', value: 'zebra' }), jre: false, ours: refusal('input/invalid', 'all.0.value') },
  { name: "lessThan on text: '10a' < '9a' character by character → refused", conditions: all({ fact: 's', operator: 'lessThan', value: '9a' }), facts: facts({ s: '10a' }), jre: true, ours: refusal('input/invalid', 'all.0.value') },
  { name: 'lessThan true (1) → refused', conditions: all({ fact: 'n', operator: 'lessThan', value: true }), facts: facts({ n: 0 }), jre: true, ours: refusal('input/invalid', 'all.0.value') },
  { name: 'greaterThan: fact [5] coerces to 5 → refused', conditions: all({ fact: 'n', operator: 'greaterThan', value: 1 }), facts: facts({ n: [5] }), jre: true, ours: refusal('input/type', 'n') },
  { name: "lessThan: fact '5abc' → refused", conditions: all({ fact: 'n', operator: 'lessThan', value: 10 }), facts: facts({ n: '5abc' }), jre: false, ours: refusal('input/type', 'n') },
  { name: 'lessThan dates (YYYY-MM-DD text orders like dates)', conditions: all({ fact: 'd', operator: 'lessThan', value: '2022-01-01' }), jre: true, ours: true },
  { name: 'lessThan an impossible date → refused', conditions: all({ fact: 'd', operator: 'lessThan', value: '2022-02-30' }), jre: true, ours: refusal('value/invalid-date', 'all.0.value') },
  { name: 'lessThan two number facts', conditions: all({ fact: 'o', path: '$.a.b', operator: 'lessThan', value: { fact: 'n' } }), jre: true, ours: true },
  { name: "lessThan two facts '9' and '10' (text) → refused", conditions: all({ fact: 'n', operator: 'lessThan', value: { fact: 'm' } }), facts: facts({ n: '9', m: '10' }), jre: false, ours: refusal('input/type', 'n') },

  // ── in / notIn: indexOf (strict)
  { name: 'in', conditions: all({ fact: 'n', operator: 'in', value: [1, 5] }), jre: true, ours: true },
  { name: 'notIn', conditions: all({ fact: 'n', operator: 'notIn', value: [1, 2] }), jre: true, ours: true },
  { name: 'in [] is false', conditions: all({ fact: 'n', operator: 'in', value: [] }), jre: false, ours: false },
  { name: 'notIn [] is true', conditions: all({ fact: 'n', operator: 'notIn', value: [] }), jre: true, ours: true },
  { name: "in: fact '5' vs [5] → refused", conditions: all({ fact: 'n', operator: 'in', value: [5] }), facts: facts({ n: '5' }), jre: false, ours: refusal('input/type', 'n') },
  { name: 'in dates', conditions: all({ fact: 'd', operator: 'in', value: ['2021-12-31', '2022-01-01'] }), jre: true, ours: true },
  { name: 'notIn dates', conditions: all({ fact: 'd', operator: 'notIn', value: ['2021-12-31'] }), jre: false, ours: false },
  { name: 'in text: a substring test in json-rules-engine → refused', conditions: all({ fact: 's', operator: 'in', value: 'suburban' }), jre: true, ours: refusal('input/type', 'all.0.value') },
  { name: 'in a list mixing numbers and text → refused', conditions: all({ fact: 'n', operator: 'in', value: [5, 'a'] }), jre: true, ours: refusal('input/type', 'all.0.value') },
  { name: 'in a list holding a { fact } (compared as an object) → refused', conditions: all({ fact: 'n', operator: 'in', value: [{ fact: 'm' }] }), jre: false, ours: refusal('input/invalid', 'all.0.value.0') },
  { name: 'in a { fact } list → refused', conditions: all({ fact: 'n', operator: 'in', value: { fact: 'l' } }), jre: false, ours: refusal('input/invalid', 'all.0.value') },

  // ── contains / doesNotContain: Array.isArray, then indexOf
  { name: 'contains', conditions: all({ fact: 'w', operator: 'contains', value: 'urban' }), jre: true, ours: true },
  { name: 'doesNotContain', conditions: all({ fact: 'l', operator: 'doesNotContain', value: 3 }), jre: true, ours: true },
  { name: 'contains on an empty list', conditions: all({ fact: 'o', path: '$.a.l', operator: 'contains', value: 1 }), jre: false, ours: false },
  { name: 'doesNotContain on a non-list is false in json-rules-engine → refused', conditions: all({ fact: 'n', operator: 'doesNotContain', value: 1 }), jre: false, ours: refusal('input/type', 'n') },
  { name: "contains 1 on ['1', 2] → refused", conditions: all({ fact: 'l', operator: 'contains', value: 1 }), facts: facts({ l: ['1', 2] }), jre: false, ours: refusal('input/type', 'l.0') },
  { name: 'contains a fact', conditions: all({ fact: 'w', operator: 'contains', value: { fact: 's' } }), jre: true, ours: true },

  // ── paths and missing facts
  { name: 'nested path', conditions: all({ fact: 'o', path: '$.a.b', operator: 'equal', value: 1 }), jre: true, ours: true },
  { name: 'a path that finds nothing reads undefined (notEqual true) → refused', conditions: all({ fact: 'o', path: '$.a.zz', operator: 'notEqual', value: 1 }), jre: true, ours: refusal('input/missing', 'o.a.zz') },
  { name: 'a path on a number reads the number → refused', conditions: all({ fact: 'n', path: '$.a', operator: 'equal', value: 5 }), jre: true, ours: refusal('input/type', 'n') },
  { name: "JSONPath beyond member chains ('$..b') → refused", conditions: all({ fact: 'o', path: '$..b', operator: 'equal', value: 1 }), jre: false, ours: refusal('input/invalid', 'all.0.path') },
  { name: 'a missing fact: json-rules-engine throws → refused', conditions: all({ fact: 'zz', operator: 'equal', value: 1 }), jre: 'throws', ours: refusal('input/missing', 'zz') },
  { name: 'a null fact (notEqual true in json-rules-engine) → refused', conditions: all({ fact: 'n', operator: 'notEqual', value: 1 }), facts: facts({ n: null }), jre: true, ours: refusal('input/missing', 'n') },
  {
    name: 'a missing fact json-rules-engine never reaches (priority short-circuit) → still refused',
    conditions: all({ fact: 'b', operator: 'equal', value: false, priority: 9 }, { fact: 'zz', operator: 'equal', value: 1 }),
    jre: false,
    ours: refusal('input/missing', 'zz'),
  },

  // ── decimal operators (registerDecimalOperators)
  { name: "decimalEqual: '5.00' and 5 are one number", conditions: all({ fact: 'n', operator: 'decimalEqual', value: '5.00' }), jre: true, ours: true },
  { name: "decimalLessThanInclusive on text facts", conditions: all({ fact: 'n', operator: 'decimalLessThanInclusive', value: '812.50' }), facts: facts({ n: '812.5' }), jre: true, ours: true },
  { name: 'decimalIn', conditions: all({ fact: 'n', operator: 'decimalIn', value: ['5.0', 7] }), jre: true, ours: true },
  { name: 'decimalNotIn []', conditions: all({ fact: 'n', operator: 'decimalNotIn', value: [] }), jre: true, ours: true },
  { name: 'decimalEqual text that is not a number → refused', conditions: all({ fact: 'n', operator: 'decimalEqual', value: 'five' }), jre: false, ours: refusal('value/invalid-number', 'all.0.value') },
];

describe('importConditions + importFacts against json-rules-engine 7.3, construct by construct', () => {
  for (const row of ROWS) {
    it(`${row.name}`, async () => {
      const factsUsed = row.facts ?? FACTS;
      const jre = await runJre(row.conditions, factsUsed, NAMED);
      expect(jre.kind === 'throws' ? 'throws' : jre.value).toBe(row.jre);
      const ours = runOurs(row.conditions, factsUsed, NAMED);
      if (typeof row.ours === 'boolean') {
        expect(ours).toEqual({ kind: 'answer', value: row.ours });
        expect(row.ours).toBe(row.jre);
      } else {
        expect(ours.kind === 'refused' ? { code: ours.code, path: ours.path } : ours).toEqual(row.ours);
      }
    });
  }
});

describe('importConditions text', () => {
  it('returns true for an empty any and all, constants for empty lists', () => {
    expect(importConditions({ any: [] })).toBe('true');
    expect(importConditions({ not: { any: [] } })).toBe('not (true)');
    expect(importConditions({ all: [{ fact: 'd', operator: 'in', value: [] }, { fact: 'd', operator: 'notIn', value: [] }] })).toBe('(false and true)');
    expect(importConditions({ all: [{ fact: 'd', operator: 'in', value: ['2021-12-31', '2022-01-01'] }] })).toBe("d in [date('2021-12-31'), date('2022-01-01')]");
  });

  it('returns exact numbers for JSON numbers, and text literals for text in equal', () => {
    expect(importConditions({ all: [{ fact: 'x', operator: 'lessThan', value: 1e-7 }] })).toBe('x < 0.0000001');
    expect(importConditions({ all: [{ fact: 'x', operator: 'equal', value: '2' }] })).toBe("x == '2'");
    expect(importConditions({ all: [{ fact: 'x', operator: 'lessThan', value: '+007.50' }] })).toBe('x < 7.5');
    expect(importConditions({ all: [{ fact: 'x', operator: 'contains', value: 'it\'s' }] })).toBe("exists(x, it == 'it\\'s')");
  });

  it('refuses with every issue located in the condition JSON', () => {
    try {
      importConditions({ all: [{ fact: 'x', operator: 'equal', value: 1 }, { any: [{ fact: 'x', operator: 'lessThan', value: 'abc' }] }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MinshengError);
      expect((e as MinshengError).issues[0]).toMatchObject({ code: 'input/invalid', path: ['all', 1, 'any', 0, 'value'] });
    }
  });
});

describe('importFacts', () => {
  const conditions = { all: [{ fact: 'household-size', operator: 'equal', value: 2 }, { fact: 'area', operator: 'in', value: ['urban'] }] };

  it('returns the facts renamed with factNames, the others unchanged', () => {
    expect(importFacts(conditions, { 'household-size': 2, area: 'urban', other: 1 }, { factNames: { 'household-size': 'size' } })).toEqual({ size: 2, area: 'urban', other: 1 });
  });

  it('refuses every problem together, located at the fact', () => {
    try {
      importFacts(conditions, { 'household-size': '2' }, { factNames: { 'household-size': 'size' } });
      expect.unreachable();
    } catch (e) {
      const issues = (e as MinshengError).issues.map((i) => [i.code, i.path]);
      expect(issues).toEqual([
        ['input/type', ['household-size']],
        ['input/missing', ['area']],
      ]);
    }
  });

  it('refuses two facts renamed to one name', () => {
    expect(() => importFacts({ all: [] }, { a: 1, b: 2 }, { factNames: { a: 'b' } })).toThrow(/both become 'b'/);
  });
});
