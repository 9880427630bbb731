import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMinshengError, type SourceSpan } from '../../src/errors';
import type { CompareOp, Expr } from '../../src/expr/ast';
import { FORMULA_KEYWORDS, parseFormula, printFormula } from '../../src/expr/parse';
import { children, nodes, strip } from './helpers';

const S: SourceSpan = { start: 0, end: 0, line: 1, column: 1 };

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/).filter((s) => !FORMULA_KEYWORDS.includes(s));

const numberLit: fc.Arbitrary<Expr> = fc.oneof(
  fc.stringMatching(/^[0-9]{1,6}(\.[0-9]{1,4})?$/).map((text): Expr => ({ kind: 'number', text, percent: false, span: S })),
  // percent literals exactly as the parser produces them
  fc.stringMatching(/^[0-9]{1,4}(\.[0-9]{1,3})?$/).map((digits) => parseFormula(`${digits}%`)),
);

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  numberLit,
  fc.string({ unit: 'binary', maxLength: 8 }).map((value): Expr => ({ kind: 'string', value, span: S })),
  fc.boolean().map((value): Expr => ({ kind: 'boolean', value, span: S })),
  fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/).map((value): Expr => ({ kind: 'date', value, span: S })),
  fc.array(ident, { minLength: 1, maxLength: 3 }).map((path): Expr => ({ kind: 'name', path, span: S })),
);

/** Random ASTs of bounded depth covering every node kind. */
function exprArb(depth: number): fc.Arbitrary<Expr> {
  if (depth === 0) return leaf;
  const sub = exprArb(depth - 1);
  const list = fc.array(sub, { maxLength: 3 });
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    fc.record({ op: fc.constantFrom('-' as const, 'not' as const), operand: sub }).map((r): Expr => ({ kind: 'unary', ...r, span: S })),
    fc
      .record({ op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), left: sub, right: sub })
      .map((r): Expr => ({ kind: 'binary', ...r, span: S })),
    fc
      .record({ op: fc.constantFrom('and' as const, 'or' as const), left: sub, right: sub })
      .map((r): Expr => ({ kind: 'logical', ...r, span: S })),
    fc
      .record({ op: fc.constantFrom<CompareOp>('==', '!=', '<', '<=', '>', '>='), left: sub, right: sub })
      .map((r): Expr => ({ kind: 'compare', ...r, span: S })),
    fc.record({ test: sub, then: sub, else: sub }).map((r): Expr => ({ kind: 'if', ...r, span: S })),
    fc.record({ negated: fc.boolean(), value: sub, list: sub }).map((r): Expr => ({ kind: 'in', ...r, span: S })),
    fc
      .record({ callee: fc.oneof(ident, fc.constant('date')), args: list })
      .map((r): Expr => ({ kind: 'call', ...r, calleeSpan: S, span: S })),
    fc.record({ target: sub, index: sub }).map((r): Expr => ({ kind: 'index', ...r, span: S })),
    fc.record({ target: sub, field: ident }).map((r): Expr => ({ kind: 'member', ...r, span: S })),
    list.map((items): Expr => ({ kind: 'list', items, span: S })),
  );
}

const ast = exprArb(4);

/** parseFormula either returns an AST or throws MinshengError expr/syntax | expr/limit — nothing else. */
function parsesOrFailsCleanly(text: string, opts?: Parameters<typeof parseFormula>[1]): void {
  try {
    parseFormula(text, opts);
  } catch (e) {
    if (!isMinshengError(e) || (e.code !== 'expr/syntax' && e.code !== 'expr/limit')) throw e;
    expect(e.issues[0]!.span).toBeDefined();
  }
}

/** Pieces formulas are made of, for near-valid random text. */
const formulaAlphabet = fc.constantFrom(
  ...['(', ')', '[', ']', ',', '.', '+', '-', '*', '/', '<', '>', '=', '==', '!=', '<=', '>=', '!', '%', '_', '#', "'", '"', '\\'],
  ...[' ', '\n', '\r\n', '\t', '0', '1', '9', '1.5', '60%', '1_000', 'a', 'b.c', 'x_1', 'max', 'date', "'2025-01-01'", '基'],
  ...FORMULA_KEYWORDS.map((k) => ` ${k} `),
);
const formulaText = fc.array(formulaAlphabet, { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseFormula (properties)', () => {
  it('returns the same AST (ignoring spans) for the printed form of any AST', () => {
    fc.assert(
      fc.property(ast, (e) => {
        const text = printFormula(e);
        expect(strip(parseFormula(text, { maxLength: 1_000_000 }))).toEqual(strip(e));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns canonical text: printing is idempotent through parsing', () => {
    fc.assert(
      fc.property(ast, (e) => {
        const text = printFormula(e);
        expect(printFormula(parseFormula(text, { maxLength: 1_000_000 }))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('returns spans inside the text, nested in their parents, with line/column matching the offset', () => {
    fc.assert(
      fc.property(ast, fc.constantFrom(' ', '\n', ' # c\n  ', '\r\n'), (e, sep) => {
        // Re-space the printed text outside string literals by replacing the separator after commas.
        const text = printFormula(e).split(', ').join(`,${sep}`);
        const parsed = parseFormula(text, { maxLength: 1_000_000 });
        const lineStarts = [0];
        for (let i = 0; i < text.length; i++) {
          const c = text[i];
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) lineStarts.push(i + 1);
        }
        for (const node of nodes(parsed)) {
          const { start, end, line, column } = node.span;
          expect(0 <= start && start <= end && end <= text.length).toBe(true);
          expect(lineStarts[line - 1]! + column - 1).toBe(start);
          expect(line === lineStarts.length || lineStarts[line]! > start).toBe(true);
          for (const child of children(node)) {
            expect(child.span.start >= start && child.span.end <= end).toBe(true);
          }
          // a parenthesised node's span covers its parentheses
          if (node.kind === 'name') expect(text.slice(start, end).replace(/[\s()]/g, '')).toBe(node.path.join('.'));
          if (node.kind === 'call') expect(text.slice(node.calleeSpan.start, node.calleeSpan.end)).toBe(node.callee);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('returns an AST or throws expr/syntax | expr/limit for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => parsesOrFailsCleanly(s)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => parsesOrFailsCleanly(s)), { numRuns: 1000 });
  });

  it('returns an AST or throws expr/syntax | expr/limit for text over the formula alphabet', () => {
    fc.assert(fc.property(formulaText, (s) => parsesOrFailsCleanly(s)), { numRuns: 5000 });
    fc.assert(
      fc.property(formulaText, fc.integer({ min: 1, max: 8 }), (s, maxDepth) => parsesOrFailsCleanly(s, { maxDepth, maxLength: 30 })),
      { numRuns: 1000 },
    );
  });

  it('returns an AST or throws expr/syntax | expr/limit for near-valid formulas (one edit away)', () => {
    fc.assert(
      fc.property(ast, fc.nat(), fc.constantFrom('', '(', ')', ',', "'", '.', '%', 'not', ' if ', '#', '=', '_'), (e, at, insert) => {
        const text = printFormula(e);
        const i = text.length === 0 ? 0 : at % text.length;
        parsesOrFailsCleanly(text.slice(0, i) + insert + text.slice(i + 1));
        parsesOrFailsCleanly(text.slice(0, i) + insert + text.slice(i));
      }),
      { numRuns: 2000 },
    );
  });
});
