import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import type { Expr } from '../../src/expr/ast';
import { parseFormula, printFormula } from '../../src/expr/parse';
import { errorOf, nodes, strip } from './helpers';

const p = (text: string): unknown => strip(parseFormula(text));
const num = (text: string, percent = false) => ({ kind: 'number', text, percent });
const str = (value: string) => ({ kind: 'string', value });
const name = (...path: string[]) => ({ kind: 'name', path });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
const cmp = (op: string, left: unknown, right: unknown) => ({ kind: 'compare', op, left, right });
const log = (op: string, left: unknown, right: unknown) => ({ kind: 'logical', op, left, right });
const un = (op: string, operand: unknown) => ({ kind: 'unary', op, operand });
const call = (callee: string, ...args: unknown[]) => ({ kind: 'call', callee, args });

/** Message of the expr/syntax error `text` raises. */
function syntax(text: string): string {
  const e = errorOf(() => parseFormula(text));
  expect(e.code).toBe('expr/syntax');
  expect(e.issues[0]!.span).toBeDefined();
  return e.issues[0]!.message;
}

describe('parseFormula', () => {
  describe('numbers', () => {
    it('returns a NumberLit with the exact digits and span', () => {
      expect(parseFormula('123')).toEqual({ kind: 'number', text: '123', percent: false, span: { start: 0, end: 3, line: 1, column: 1 } });
      expect(p('0.75')).toEqual(num('0.75'));
      expect(p('007')).toEqual(num('007'));
    });

    it('returns digits without grouping underscores', () => {
      expect(p('1_000')).toEqual(num('1000'));
      expect(p('1_000_000.000_1')).toEqual(num('1000000.0001'));
    });

    it('returns percent literals as the exact rate (decimal point moved two places, no floating point)', () => {
      expect(p('60%')).toEqual(num('0.60', true)); // 60 / 100
      expect(p('5%')).toEqual(num('0.05', true));
      expect(p('12.5%')).toEqual(num('0.125', true));
      expect(p('100%')).toEqual(num('1.00', true));
      expect(p('0%')).toEqual(num('0.00', true));
      expect(p('0.5%')).toEqual(num('0.005', true));
      expect(p('1_000%')).toEqual(num('10.00', true));
      expect(p('007%')).toEqual(num('0.07', true));
      expect(p('0123.40%')).toEqual(num('1.2340', true));
      expect(p('33.333333333333333333%')).toEqual(num('0.33333333333333333333', true));
    });

    it('returns a Unary minus over a literal (negative numbers are not folded)', () => {
      expect(p('-5')).toEqual(un('-', num('5')));
      expect(p('-60%')).toEqual(un('-', num('0.60', true)));
    });

    it('throws expr/syntax for malformed numbers', () => {
      expect(syntax('1.')).toMatch(/'1\.' is not a number: a decimal point must be followed by digits/);
      expect(syntax('1. + 2')).toMatch(/decimal point/);
      expect(syntax('.5')).toMatch(/write 0\.5/);
      expect(syntax('a + .5')).toMatch(/write 0\.5/);
      expect(syntax('1__000')).toMatch(/misplaced '_'/);
      expect(syntax('1000_')).toMatch(/misplaced '_'/);
      expect(syntax('1_.5')).toMatch(/misplaced '_'/);
      expect(syntax('1._5')).toMatch(/decimal point/);
      expect(syntax('1.5.3')).toMatch(/unexpected '\.' after number 1\.5/);
      expect(syntax('12abc')).toMatch(/unexpected 'a' right after number 12/);
      expect(syntax('60%%')).toMatch(/unexpected '%' right after number 60%/);
      expect(syntax('60 %')).toMatch(/'%' must directly follow a number/);
      expect(syntax('%')).toMatch(/'%' must directly follow a number/);
    });
  });

  describe('strings', () => {
    it('returns StringLit for single- and double-quoted strings', () => {
      expect(parseFormula("'dibao'")).toEqual({ kind: 'string', value: 'dibao', span: { start: 0, end: 7, line: 1, column: 1 } });
      expect(p('"tekun"')).toEqual(str('tekun'));
      expect(p("''")).toEqual(str(''));
      expect(p("'低保 # not a comment'")).toEqual(str('低保 # not a comment'));
    });

    it('decodes \\\' \\" and \\\\ escapes', () => {
      expect(p("'it\\'s'")).toEqual(str("it's"));
      expect(p('"say \\"hi\\""')).toEqual(str('say "hi"'));
      expect(p("'a\\\\b'")).toEqual(str('a\\b'));
      expect(p(`"it's"`)).toEqual(str("it's"));
    });

    it('throws expr/syntax for unterminated strings and unknown escapes', () => {
      expect(syntax("x == 'abc")).toBe("unterminated string: the ' at column 6 is never closed");
      expect(syntax('"abc')).toMatch(/unterminated string/);
      expect(syntax("'abc\\")).toMatch(/unknown escape/);
      expect(syntax("'a\\nb'")).toMatch(/unknown escape in string: '\\' followed by 'n'/);
    });

    it('reports an unterminated string at its opening quote', () => {
      const e = errorOf(() => parseFormula("a +\n  'abc\n def"));
      expect(e.issues[0]!.span).toEqual({ start: 6, end: 15, line: 2, column: 3 });
    });
  });

  describe('names', () => {
    it('returns a NameRef for an identifier', () => {
      expect(parseFormula('basicPaid')).toEqual({ kind: 'name', path: ['basicPaid'], span: { start: 0, end: 9, line: 1, column: 1 } });
      expect(p('_x1')).toEqual(name('_x1'));
    });

    it('returns one NameRef whose span covers a whole dotted chain', () => {
      expect(parseFormula('ytd.basic.paid')).toEqual({
        kind: 'name',
        path: ['ytd', 'basic', 'paid'],
        span: { start: 0, end: 14, line: 1, column: 1 },
      });
      expect(parseFormula('x + a . b').kind).toBe('binary');
    });

    it('returns BoolLit for true and false', () => {
      expect(p('true')).toEqual({ kind: 'boolean', value: true });
      expect(p('false')).toEqual({ kind: 'boolean', value: false });
    });

    it('throws expr/syntax for non-ASCII identifiers, pointing to labels', () => {
      expect(syntax('基本 + 1')).toMatch(/identifiers are ASCII .* Chinese text belongs in labels/);
      expect(syntax('rate基')).toMatch(/identifiers are ASCII/);
      expect(syntax('café')).toMatch(/identifiers are ASCII/);
    });

    it('throws expr/syntax for keywords or non-names after a dot', () => {
      expect(syntax('a.if')).toBe("'if' is a keyword and cannot be used as a field name");
      expect(syntax('a.')).toBe("expected a field name after '.', found end of formula");
      expect(syntax('a.1')).toBe("expected a field name after '.', found number 1");
      expect(syntax('a..b')).toMatch(/expected a field name/);
    });
  });

  describe('operators and precedence', () => {
    it('returns * / above + - above comparisons above not above and above or', () => {
      expect(p('1 + 2 * 3')).toEqual(bin('+', num('1'), bin('*', num('2'), num('3'))));
      expect(p('a + b < c * d')).toEqual(cmp('<', bin('+', name('a'), name('b')), bin('*', name('c'), name('d'))));
      expect(p('a or b and c')).toEqual(log('or', name('a'), log('and', name('b'), name('c'))));
      expect(p('not a and b')).toEqual(log('and', un('not', name('a')), name('b')));
      expect(p('not a == b')).toEqual(un('not', cmp('==', name('a'), name('b'))));
      expect(p('a < b and c >= d or e')).toEqual(
        log('or', log('and', cmp('<', name('a'), name('b')), cmp('>=', name('c'), name('d'))), name('e')),
      );
    });

    it('returns left-associative arithmetic and logic', () => {
      expect(p('1 - 2 - 3')).toEqual(bin('-', bin('-', num('1'), num('2')), num('3')));
      expect(p('8 / 4 / 2')).toEqual(bin('/', bin('/', num('8'), num('4')), num('2')));
      expect(p('a or b or c')).toEqual(log('or', log('or', name('a'), name('b')), name('c')));
    });

    it('returns unary minus binding tighter than * and looser than postfix', () => {
      expect(p('-a * b')).toEqual(bin('*', un('-', name('a')), name('b')));
      expect(p('-a[0]')).toEqual(un('-', { kind: 'index', target: name('a'), index: num('0') }));
      expect(p('--5')).toEqual(un('-', un('-', num('5'))));
      expect(p('a - -b')).toEqual(bin('-', name('a'), un('-', name('b'))));
    });

    it('returns every comparison operator', () => {
      for (const op of ['==', '!=', '<', '<=', '>', '>=']) expect(p(`a ${op} b`)).toEqual(cmp(op, name('a'), name('b')));
      expect(p('a<=b')).toEqual(cmp('<=', name('a'), name('b')));
    });

    it('returns parenthesised comparisons compared again', () => {
      expect(p('(a < b) == c')).toEqual(cmp('==', cmp('<', name('a'), name('b')), name('c')));
    });

    it('throws expr/syntax for chained comparisons', () => {
      expect(syntax('a < b < c')).toMatch(/^comparisons cannot be chained; use and/);
      expect(syntax('a == b != c')).toMatch(/cannot be chained/);
      expect(syntax('a + 1 < b * 2 <= c')).toMatch(/cannot be chained/);
      expect(syntax('a < b in [1]')).toMatch(/cannot be chained/);
      expect(syntax('a in [1] == b')).toMatch(/cannot be chained/);
      expect(syntax('not a < b < c')).toMatch(/cannot be chained/);
    });

    it('throws expr/syntax with a hint for = ! && || ? :', () => {
      expect(syntax('a = b')).toBe("'=' is not an operator: use == to compare");
      expect(syntax('!a')).toMatch(/use 'not'/);
      expect(syntax('a && b')).toMatch(/use 'and'/);
      expect(syntax('a || b')).toMatch(/use 'or'/);
      expect(syntax('a ? b : c')).toMatch(/if … then … else/);
      expect(syntax('+5')).toMatch(/unexpected '\+'/);
    });

    it('throws expr/syntax for full-width punctuation from Chinese input methods', () => {
      expect(syntax('max（a, b)')).toBe("full-width '（' is not allowed: use ASCII '('");
      expect(syntax('max(a， b)')).toMatch(/full-width '，'.*','/);
      expect(syntax('a\u3000+ b')).toMatch(/full-width/);
    });

    it('throws expr/syntax for stray characters', () => {
      expect(syntax('a $ b')).toBe("unexpected character '$'");
      expect(syntax('a \u0000 b')).toBe('unexpected character U+0000');
      expect(syntax('a ; b')).toMatch(/unexpected character ';'/);
    });
  });

  describe('in / not in', () => {
    it('returns In over a list literal', () => {
      expect(p("x in ['dibao', 'tekun']")).toEqual({
        kind: 'in',
        negated: false,
        value: name('x'),
        list: { kind: 'list', items: [str('dibao'), str('tekun')] },
      });
      expect(p('x not in [1, 2]')).toEqual({
        kind: 'in',
        negated: true,
        value: name('x'),
        list: { kind: 'list', items: [num('1'), num('2')] },
      });
    });

    it('returns In over any expression and below arithmetic', () => {
      expect(p('a + 1 in allowed')).toEqual({ kind: 'in', negated: false, value: bin('+', name('a'), num('1')), list: name('allowed') });
      expect(p('not x in []')).toEqual(un('not', { kind: 'in', negated: false, value: name('x'), list: { kind: 'list', items: [] } }));
      expect(p('a in b and c')).toEqual(log('and', { kind: 'in', negated: false, value: name('a'), list: name('b') }, name('c')));
    });

    it('throws expr/syntax for a not that is not followed by in', () => {
      expect(syntax('a not b')).toBe("expected 'in' after 'not' (as in x not in [...]), found name 'b'");
      expect(syntax('a * b not c')).toMatch(/expected 'in' after 'not'/);
    });
  });

  describe('if / then / else', () => {
    it('returns If with all three parts', () => {
      expect(p('if a > b then x else y')).toEqual({ kind: 'if', test: cmp('>', name('a'), name('b')), then: name('x'), else: name('y') });
    });

    it('returns else-if chains nested in else', () => {
      expect(p('if a then 1 else if b then 2 else 3')).toEqual({
        kind: 'if',
        test: name('a'),
        then: num('1'),
        else: { kind: 'if', test: name('b'), then: num('2'), else: num('3') },
      });
    });

    it('returns an if in operand position extending as far right as possible', () => {
      expect(p('1 + if a then 1 else 2')).toEqual(bin('+', num('1'), { kind: 'if', test: name('a'), then: num('1'), else: num('2') }));
      expect(p('if a then 1 else 2 + 3')).toEqual({ kind: 'if', test: name('a'), then: num('1'), else: bin('+', num('2'), num('3')) });
      expect(p('(if a then 1 else 2) + 3')).toEqual(bin('+', { kind: 'if', test: name('a'), then: num('1'), else: num('2') }, num('3')));
      expect(p('max(if a then 1 else 2, 3)')).toEqual(call('max', { kind: 'if', test: name('a'), then: num('1'), else: num('2') }, num('3')));
    });

    it('throws expr/syntax when then or else is missing or stray', () => {
      expect(syntax('if a then b')).toBe("expected 'else' for 'if' at column 1 (every if needs an else), found end of formula");
      expect(syntax('if a b else c')).toBe("expected 'then' after the condition of 'if' at column 1, found name 'b'");
      expect(syntax('a then b')).toBe("unexpected 'then' with no 'if' waiting for it");
      expect(syntax('then')).toBe("unexpected 'then', expected a value");
      expect(syntax('if then 1 else 2')).toMatch(/unexpected 'then'/);
      expect(syntax('if a then else 2')).toMatch(/unexpected 'else'/);
    });
  });

  describe('calls, dates, indexes, members, lists', () => {
    it('returns Call with the callee name and its span', () => {
      expect(parseFormula('max(a, 0)')).toEqual({
        kind: 'call',
        callee: 'max',
        calleeSpan: { start: 0, end: 3, line: 1, column: 1 },
        args: [
          { kind: 'name', path: ['a'], span: { start: 4, end: 5, line: 1, column: 5 } },
          { kind: 'number', text: '0', percent: false, span: { start: 7, end: 8, line: 1, column: 8 } },
        ],
        span: { start: 0, end: 9, line: 1, column: 1 },
      });
      expect(p('now()')).toEqual(call('now'));
      expect(p('round(x, 2, \'half-even\')')).toEqual(call('round', name('x'), num('2'), str('half-even')));
    });

    it('returns DateLit for date() of one YYYY-MM-DD string literal, Call otherwise', () => {
      expect(parseFormula("date('2025-01-01')")).toEqual({ kind: 'date', value: '2025-01-01', span: { start: 0, end: 18, line: 1, column: 1 } });
      expect(p('date("2025-02-30")')).toEqual({ kind: 'date', value: '2025-02-30' }); // calendar validity: type checker
      expect(p('date(x)')).toEqual(call('date', name('x')));
      expect(p("date('2025-01-01', 1)")).toEqual(call('date', str('2025-01-01'), num('1')));
      expect(p("date(('2025-01-01'))")).toEqual(call('date', str('2025-01-01')));
      expect(p('date')).toEqual(name('date'));
    });

    it('throws expr/syntax for a date literal of the wrong shape', () => {
      expect(syntax("date('2025-1-1')")).toBe("a date literal must look like date('2025-01-01') (YYYY-MM-DD), found '2025-1-1'");
      expect(syntax("date('01/02/2025')")).toMatch(/YYYY-MM-DD/);
    });

    it('returns Index for a dotted name looked up by a value', () => {
      expect(p('basic.deductible[hospitalLevel]')).toEqual({
        kind: 'index',
        target: name('basic', 'deductible'),
        index: name('hospitalLevel'),
      });
      expect(p('a[0][1]')).toEqual({ kind: 'index', target: { kind: 'index', target: name('a'), index: num('0') }, index: num('1') });
      expect(p('[1, 2][0]')).toEqual({ kind: 'index', target: { kind: 'list', items: [num('1'), num('2')] }, index: num('0') });
    });

    it('returns Member only after ), ] or another member', () => {
      const idx = { kind: 'index', target: name('rate'), index: name('level') };
      expect(p('rate[level].cap')).toEqual({ kind: 'member', target: idx, field: 'cap' });
      expect(p('rate[level].cap.max')).toEqual({ kind: 'member', target: { kind: 'member', target: idx, field: 'cap' }, field: 'max' });
      expect(p('(a).b')).toEqual({ kind: 'member', target: name('a'), field: 'b' });
      expect(p('f(x).y')).toEqual({ kind: 'member', target: call('f', name('x')), field: 'y' });
      expect(parseFormula('f(x).y').span).toEqual({ start: 0, end: 6, line: 1, column: 1 });
    });

    it('returns ListLit, possibly empty or multi-line', () => {
      expect(p('[]')).toEqual({ kind: 'list', items: [] });
      expect(p("[\n  'a',  # first\n  'b'\n]")).toEqual({ kind: 'list', items: [str('a'), str('b')] });
    });

    it('throws expr/syntax for calls of anything but a plain name', () => {
      expect(syntax('a.b(x)')).toBe("'a.b' cannot be called: only plain function names like max(…) can");
      expect(syntax('f(x)(y)')).toMatch(/result of a call cannot be called/);
      expect(syntax('(f)(x)')).toMatch(/unexpected '\(' after a complete expression/);
    });

    it('throws expr/syntax for a member after a literal or plain value', () => {
      expect(syntax("'s'.x")).toMatch(/'\.field' can only follow a name, '\)' or '\]'/);
      expect(syntax('true.x')).toMatch(/'\.field' can only follow/);
    });

    it('throws expr/syntax naming the opening bracket that is not closed', () => {
      expect(syntax('(1 + 2')).toBe("expected ')' to close '(' at column 1, found end of formula");
      expect(syntax('max(1, (2 + 3)')).toBe("expected ',' or ')' to close '(' at column 4, found end of formula");
      expect(syntax('f(a b)')).toBe("expected ',' or ')' to close '(' at column 2, found name 'b'");
      expect(syntax('[1, 2')).toBe("expected ',' or ']' to close '[' at column 1, found end of formula");
      expect(syntax('a[1')).toBe("expected ']' to close '[' at column 2, found end of formula");
      expect(syntax('f(a,)')).toBe("expected a value, found ')'");
      expect(syntax('[,]')).toBe("expected a value, found ','");
    });

    it('throws expr/syntax for unmatched closers and stray tokens', () => {
      expect(syntax('a)')).toBe("unexpected ')' with no matching '('");
      expect(syntax('a]')).toBe("unexpected ']' with no matching '['");
      expect(syntax('a, b')).toMatch(/commas only separate/);
      expect(syntax('a b')).toBe("unexpected name 'b' after a complete expression; is an operator missing?");
      expect(syntax('1 2')).toMatch(/unexpected number 2 after a complete expression/);
      expect(syntax('1 +')).toBe('expected a value, found end of formula');
      expect(syntax('')).toBe('the formula is empty');
      expect(syntax('  # just a comment\n')).toBe('the formula is empty');
    });
  });

  describe('spans, lines and comments', () => {
    it('returns spans with 0-based [start, end) offsets and 1-based line/column of start', () => {
      const e = parseFormula('a + b * 2');
      expect(e.span).toEqual({ start: 0, end: 9, line: 1, column: 1 });
      if (e.kind !== 'binary') throw new Error('binary expected');
      expect(e.right.span).toEqual({ start: 4, end: 9, line: 1, column: 5 });
    });

    it('returns spans widened to cover parentheses', () => {
      const e = parseFormula('x * (a + b)');
      if (e.kind !== 'binary') throw new Error('binary expected');
      expect(e.right.span).toEqual({ start: 4, end: 11, line: 1, column: 5 });
    });

    it('counts lines and columns across newlines (LF and CRLF) and comments', () => {
      const text = 'if age >= 60  # elderly\n  then 80%\r\n  else 60%';
      const e = parseFormula(text);
      if (e.kind !== 'if') throw new Error('if expected');
      expect(e.span).toEqual({ start: 0, end: text.length, line: 1, column: 1 });
      expect(e.then.span).toEqual({ start: 31, end: 34, line: 2, column: 8 });
      expect(e.else.span).toEqual({ start: 43, end: 46, line: 3, column: 8 });
      expect(text.slice(e.else.span.start, e.else.span.end)).toBe('60%');
    });

    it('reports errors at the offending token with line and column', () => {
      const e = errorOf(() => parseFormula('max(1,\n  2 +)'));
      expect(e.issues[0]!.span).toEqual({ start: 12, end: 13, line: 2, column: 6 }); // line 2 starts at offset 7
      expect(e.message).toContain('(line 2, column 6)');
      const open = errorOf(() => parseFormula('1 +\n  (2 *\n  3'));
      expect(open.issues[0]!.message).toBe("expected ')' to close '(' at line 2, column 3, found end of formula");
      expect(open.issues[0]!.span).toEqual({ start: 14, end: 14, line: 3, column: 4 });
    });

    it('returns the same AST whatever the whitespace and comments', () => {
      expect(p('a+b*c')).toEqual(p('  a +\n\t b  # times\n * c  # end'));
    });
  });

  describe('limits', () => {
    const limit = (text: string, opts?: Parameters<typeof parseFormula>[1]): MinshengError => {
      const e = errorOf(() => parseFormula(text, opts));
      expect(e.code).toBe('expr/limit');
      return e;
    };
    const unlimited = { maxLength: Number.POSITIVE_INFINITY };

    it('throws expr/limit beyond maxLength (default 4000)', () => {
      expect(parseFormula('1'.repeat(4000)).kind).toBe('number');
      expect(limit('1'.repeat(4001)).issues[0]!.message).toBe('formula is 4001 characters long; the limit is 4000');
      limit('a + b', { maxLength: 4 });
    });

    it('accepts 64 levels of nesting and throws expr/limit at 65 (default maxDepth)', () => {
      const nest = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
      expect(strip(parseFormula(nest(64)))).toEqual(num('1'));
      expect(limit(nest(65)).issues[0]!.message).toMatch(/nests deeper than 64 levels/);
      expect(parseFormula(nest(3), { maxDepth: 3 }).kind).toBe('number');
      limit(nest(4), { maxDepth: 3 });
    });

    it('throws expr/limit (never a stack overflow) for 100,000 nested constructs', () => {
      const n = 100_000;
      for (const text of [
        `${'('.repeat(n)}1${')'.repeat(n)}`,
        '('.repeat(n),
        `${'-'.repeat(n)}1`,
        `${'not '.repeat(n)}a`,
        '['.repeat(n),
        'f('.repeat(n),
        'a['.repeat(n),
        `${'if a then 1 else '.repeat(n)}1`,
        'if '.repeat(n),
        `${'1 + ('.repeat(n)}1`,
      ]) {
        limit(text, unlimited);
        limit(text); // and by length with the default limits
      }
    });

    it('returns a 100,000-term chain iteratively (no depth accumulates)', () => {
      const n = 100_000;
      const e = parseFormula(`${'1+'.repeat(n - 1)}1`, unlimited);
      expect(e.kind).toBe('binary');
      expect(e.span.end).toBe(2 * n - 1);
      expect(nodes(e)).toHaveLength(2 * n - 1); // n literals + (n - 1) additions
      expect(parseFormula(`${'a and '.repeat(n)}b`, unlimited).kind).toBe('logical');
      expect(parseFormula(`${'a[0]'.repeat(1)}${'[0]'.repeat(n)}`, unlimited).kind).toBe('index');
    });

    it('returns long chains at the default length limit and prints them back', () => {
      const text = `${'1 + '.repeat(999)}1`; // 3997 characters
      expect(printFormula(parseFormula(text))).toBe(text);
    });
  });

  it('throws only MinshengError, also for non-string input', () => {
    const e = errorOf(() => parseFormula(undefined as unknown as string));
    expect(e.code).toBe('expr/syntax');
  });
});

describe('printFormula', () => {
  const canon = (text: string): string => printFormula(parseFormula(text));

  it('returns canonical spacing without comments or grouping underscores', () => {
    expect(canon('(a+b)*60%  # comment')).toBe('(a + b) * 60%');
    expect(canon('max( 0 ,1_000-x )')).toBe('max(0, 1000 - x)');
    expect(canon('if a\n  then b\n  else c')).toBe('if a then b else c');
  });

  it('returns only the parentheses precedence and associativity need', () => {
    expect(canon('(a - b) - c')).toBe('a - b - c');
    expect(canon('a - (b - c)')).toBe('a - (b - c)');
    expect(canon('((a * b)) + (c / d)')).toBe('a * b + c / d');
    expect(canon('(a + b) / c')).toBe('(a + b) / c');
    expect(canon('(a < b) == c')).toBe('(a < b) == c');
    expect(canon('(a and b) or c')).toBe('a and b or c');
    expect(canon('a and (b or c)')).toBe('a and (b or c)');
    expect(canon('not (a and b)')).toBe('not (a and b)');
    expect(canon('not (a < b)')).toBe('not a < b');
    expect(canon('-(a + b)')).toBe('-(a + b)');
    expect(canon('--a')).toBe('- -a');
    expect(canon('(-a)[0]')).toBe('(-a)[0]');
    expect(canon('x == (not y)')).toBe('x == (not y)');
  });

  it('returns if and not parenthesised when they are operands of tighter operators', () => {
    expect(canon('1 + if a then 1 else 2')).toBe('1 + (if a then 1 else 2)');
    expect(canon('(if a then 1 else 2) * 3')).toBe('(if a then 1 else 2) * 3');
    expect(canon('if a then 1 else if b then 2 else 3')).toBe('if a then 1 else if b then 2 else 3');
    expect(canon('f(if a then 1 else 2)')).toBe('f(if a then 1 else 2)');
  });

  it('returns literals in source form', () => {
    expect(canon('12.5%')).toBe('12.5%');
    expect(canon('100%')).toBe('100%');
    expect(canon('0%')).toBe('0%');
    expect(canon('007%')).toBe('7%');
    expect(canon('1_000%')).toBe('1000%');
    expect(canon('12.50%')).toBe('12.50%');
    expect(canon('"x"')).toBe("'x'");
    expect(canon(`"it's \\\\ ok"`)).toBe("'it\\'s \\\\ ok'");
    expect(canon("date('2025-01-01')")).toBe("date('2025-01-01')");
    expect(canon('true and false')).toBe('true and false');
  });

  it('returns postfix forms, members after a parenthesised target, and in / not in', () => {
    expect(canon('basic.deductible[ level ]')).toBe('basic.deductible[level]');
    expect(canon('rate[x].cap.max')).toBe('rate[x].cap.max');
    expect(canon('(a).b')).toBe('(a).b');
    expect(canon("x not in ['a','b']")).toBe("x not in ['a', 'b']");
    expect(canon('(a in b) in c')).toBe('(a in b) in c');
  });

  it('returns a Call of date over a string that re-parses as a Call, not a DateLit', () => {
    const call = parseFormula("date(('2025-01-01'))");
    expect(printFormula(call)).toBe("date(('2025-01-01'))");
    expect(strip(parseFormula(printFormula(call)))).toEqual(strip(call));
  });

  it('prints hand-built ASTs (spans are ignored)', () => {
    const s = { start: 0, end: 0, line: 1, column: 1 };
    const e: Expr = {
      kind: 'member',
      target: { kind: 'number', text: '0.6', percent: true, span: s },
      field: 'x',
      span: s,
    };
    expect(printFormula(e)).toBe('(60%).x');
  });
});
