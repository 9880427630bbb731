/**
 * Random formulas either compile or give a located MinshengError — never a crash; evaluation of what
 * compiles is deterministic and fails only with MinshengError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/engine/program';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { MinshengError } from '../../src/errors';

const tokens = [
  'cost', 'share', 'level', 'born', 'flag', 'items', 'it.amount', 'it.kind', 'table[level]', 'bands', 'rate', 'other',
  '0', '1', '2.5', '60%', "'a'", "'b'", "'zz'", 'true', 'false', "date('2025-01-01')", 'evaluationDate',
  '+', '-', '*', '/', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'not', 'in', 'if', 'then', 'else',
  '(', ')', '[', ']', ',', 'min(', 'max(', 'round(', 'abs(', 'clamp(', 'scale(', 'sum(', 'count(', 'exists(',
  'age(', 'daysBetween(', 'addMonths(', 'endOfYear(', 'year(',
];

function rulesetWith(formula: string, type: string): string {
  return JSON.stringify({
    id: 'test/random',
    jurisdiction: 'CN',
    version: '1.0.0',
    label: { zh: '随机', en: 'Random' },
    sources: [{ id: 'src', title: 'Test', issuer: 'tests', status: 'inferred' }],
    inputs: {
      cost: { type: 'money' },
      share: { type: 'rate' },
      level: { type: 'enum', of: ['a', 'b'] },
      born: { type: 'date' },
      flag: { type: 'boolean' },
      items: { type: 'list', items: { type: 'record', fields: { amount: { type: 'money' }, kind: { type: 'enum', of: ['a', 'b'] } } } },
    },
    parameters: {
      table: { type: 'money', by: 'level', values: [{ from: '2025-01-01', value: { a: 1, b: 2 }, source: 'src' }] },
      bands: { type: 'scale', values: [{ from: '2025-01-01', value: [{ above: 10, rate: 0.5 }, { above: 100, rate: 0.7 }], source: 'src' }] },
      rate: { type: 'rate', values: [{ from: '2025-01-01', value: 0.3, source: 'src' }] },
    },
    rules: { other: { type: 'money', formula: 'cost * 2', source: 'src' }, r: { type, formula, source: 'src' } },
  });
}

const input = { cost: '100.50', share: '0.25', level: 'b', born: '1990-05-20', flag: true, items: [{ amount: 3, kind: 'a' }, { amount: '7.25', kind: 'b' }] };

describe('compiling random formulas', () => {
  it('either compiles or reports located MinshengErrors; what compiles evaluates deterministically', () => {
    const soup = fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 14 }).map((t) => t.join(' '));
    // Shaped formulas: mostly well-formed, often well-typed, so evaluation is exercised too.
    const { shaped } = fc.letrec((tie) => ({
      shaped: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('cost', 'other', 'table[level]', '0', '2.5', '60%', 'share', 'rate', 'scale(cost, bands)', "sum(items, it.amount)", 'count(items, it.kind == \'a\')'),
        fc.tuple(tie('shaped'), fc.constantFrom('+', '-', '*', '/'), tie('shaped')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(fc.constantFrom('min', 'max'), tie('shaped'), tie('shaped')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('shaped'), fc.constantFrom(0, 1, 2), fc.constantFrom("'half-even'", "'down'", "'up'", "'floor'")).map(([a, p, m]) => `round(${a}, ${p}, ${m})`),
        fc.tuple(fc.constantFrom('cost > 50', 'flag', "level == 'a'", 'age(born) >= 35', "level in ['a']"), tie('shaped'), tie('shaped')).map(([c, a, b]) => `if ${c} then ${a} else ${b}`),
      ),
    }));
    const formula = fc.oneof(soup, shaped);
    const type = fc.constantFrom('money', 'rate', 'decimal', 'integer', 'boolean', 'date');
    let compiled = 0;
    fc.assert(
      fc.property(formula, type, (f, t) => {
        let program;
        let reference;
        try {
          const resolved = parseRuleset(rulesetWith(f, t), { file: 'random.json' });
          program = compile(resolved);
          reference = compile(resolved, { fastPath: false });
        } catch (error) {
          expect(error).toBeInstanceOf(MinshengError);
          const issue = (error as MinshengError).issues[0]!;
          expect(issue.path).toBeDefined();
          if (issue.code.startsWith('expr/') && issue.code !== 'expr/cycle') expect(issue.span).toBeDefined();
          return;
        }
        compiled++;
        // Fast path (when the formula fits it) and decimal path agree, untraced and traced, error or not.
        for (const trace of [false, true]) {
          const a = program.safeEvaluate(input, { date: '2025-06-01', trace });
          const b = reference.safeEvaluate(input, { date: '2025-06-01', trace });
          expect(a).toEqual(b);
        }
      }),
      { numRuns: 4000 },
    );
    // The generator must produce a useful share of well-typed formulas, or the test proves little.
    expect(compiled).toBeGreaterThan(40);
  });

  it('rejects a formula nested beyond the limit with expr/limit, not a stack overflow', () => {
    const deep = `${'('.repeat(5000)}cost${')'.repeat(5000)}`;
    expect(() => compile(parseRuleset(rulesetWith(deep, 'money'), { file: 'deep.json' }))).toThrow(MinshengError);
  });

  it('compiles a long chain of 1,500 rules without recursion trouble', () => {
    const rules: Record<string, unknown> = { r0: { type: 'money', formula: 'cost', source: 'src' } };
    for (let i = 1; i < 1500; i++) rules[`r${i}`] = { type: 'money', formula: `r${i - 1} + 1`, source: 'src' };
    const file = JSON.parse(rulesetWith('cost', 'money')) as { rules: unknown };
    file.rules = rules;
    const program = compile(parseRuleset(JSON.stringify(file), { file: 'chain.json' }));
    expect(program.evaluate(input, { date: '2025-06-01', outputs: ['r1499'] }).outputs).toEqual({ r1499: '1599.50' });
  });
});
