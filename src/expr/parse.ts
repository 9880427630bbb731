/**
 * Formula text → {@link Expr} (hand-written lexer + Pratt parser), and {@link Expr} → canonical text.
 *
 * Precedence, low → high: `if … then … else …` < `or` < `and` < `not` < comparisons / `in` / `not in`
 * (non-associative) < `+ -` < `* /` < unary `-` < postfix (`.field`, `[index]`, call).
 * `if` and `not` may also start an operand anywhere (`1 + if a then 1 else 2`); they then extend as far
 * right as possible, like in most expression languages.
 *
 * @module
 */
import { MinshengError, type IssueCode, type SourceSpan } from '../errors';
import type { BinaryOp, CompareOp, Expr } from './ast';

/** Options of {@link parseFormula}. */
export interface ParseFormulaOptions {
  /** Longest accepted formula, in UTF-16 code units (default 4000). Longer → `expr/limit`. */
  maxLength?: number | undefined;
  /**
   * Deepest accepted nesting (default 64). Every parenthesis, bracket, call, list, unary operator, `if`
   * branch and operator operand opens one level; a chain like `a + b + c` does not accumulate levels.
   * Deeper → `expr/limit`.
   */
  maxDepth?: number | undefined;
}

const DEFAULT_MAX_LENGTH = 4000;
const DEFAULT_MAX_DEPTH = 64;

const KEYWORDS: ReadonlySet<string> = new Set(['if', 'then', 'else', 'and', 'or', 'not', 'in', 'true', 'false']);

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// ───────────────────────────────────────────── tokens ─────────────────────────────────────────────

type TokenType = 'number' | 'string' | 'name' | 'keyword' | 'op' | 'eof';

interface Token {
  readonly type: TokenType;
  /** op / keyword / name: its text; number: normalised decimal text; string: decoded value. */
  readonly value: string;
  /** Source text of the token. */
  readonly raw: string;
  readonly percent: boolean;
  readonly span: SourceSpan;
}

/** Full-width punctuation typed by Chinese input methods, with the ASCII to use instead. */
const FULL_WIDTH: Readonly<Record<string, string>> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '［': '[',
  '］': ']',
  '【': '[',
  '】': ']',
  '＋': '+',
  '－': '-',
  '＊': '*',
  '／': '/',
  '＝': '=',
  '＜': '<',
  '＞': '>',
  '％': '%',
  '．': '.',
  '。': '.',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '　': ' ',
};

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function syntaxError(code: IssueCode, message: string, span: SourceSpan): never {
  throw new MinshengError({ code, message, span });
}

/** Renders one character for a message: printable as-is, otherwise as U+XXXX. */
function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${ch}'`;
}

function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 27)}...` : s;
}

/** How a token is named in messages. */
function describe(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'end of formula';
    case 'number':
      return `number ${t.raw}`;
    case 'string':
      return `string ${clip(t.raw)}`;
    case 'name':
      return `name '${clip(t.raw)}'`;
    default:
      return `'${t.value}'`;
  }
}

/** "column 5" on line 1, "line 2, column 5" elsewhere. */
function where(span: SourceSpan): string {
  return span.line === 1 ? `column ${span.column}` : `line ${span.line}, column ${span.column}`;
}

/** Moves the decimal point of `int.frac` two places left, exactly: ('60','') → '0.60', ('12','5') → '0.125'. */
function percentText(int: string, frac: string): string {
  let ip: string;
  let fp: string;
  if (int.length > 2) {
    ip = int.slice(0, -2);
    fp = int.slice(-2) + frac;
  } else {
    ip = '0';
    fp = int.padStart(2, '0') + frac;
  }
  ip = ip.replace(/^0+(?=\d)/, '');
  return `${ip}.${fp}`;
}

/** On-demand tokenizer with arbitrary lookahead (the parser never needs more than three tokens). */
class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly buffer: Token[] = [];
  /** Type / value of the last scanned token, to tell `x.5` (field) from `.5` (bad number). */
  private prev: Token | undefined;

  constructor(private readonly text: string) {}

  peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.scan());
    return this.buffer[k]!;
  }

  next(): Token {
    const t = this.peek(0);
    this.buffer.shift();
    return t;
  }

  private span(start: number, end: number, line = this.line, lineStart = this.lineStart): SourceSpan {
    return { start, end, line, column: start - lineStart + 1 };
  }

  private fail(message: string, start: number, end: number, line?: number, lineStart?: number): never {
    return syntaxError('expr/syntax', message, this.span(start, end, line, lineStart));
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at;
  }

  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.newline(this.pos);
      } else if (c === 13) {
        this.pos++;
        if (text.charCodeAt(this.pos) !== 10) this.newline(this.pos);
      } else if (c === 32 || c === 9) {
        this.pos++;
      } else if (c === 35 /* # */) {
        while (this.pos < text.length) {
          const d = text.charCodeAt(this.pos);
          if (d === 10 || d === 13) break;
          this.pos++;
        }
      } else {
        return;
      }
    }
  }

  private make(type: TokenType, value: string, start: number, percent = false, line = this.line, lineStart = this.lineStart): Token {
    const t: Token = { type, value, raw: this.text.slice(start, this.pos), percent, span: this.span(start, this.pos, line, lineStart) };
    this.prev = t;
    return t;
  }

  private scan(): Token {
    this.skipTrivia();
    const text = this.text;
    const start = this.pos;
    if (start >= text.length) return this.make('eof', '', start);
    const c = text.charCodeAt(start);

    if (isDigit(c)) return this.scanNumber();
    if (isIdentStart(c)) {
      while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
      this.rejectNonAscii(this.pos, start);
      const word = text.slice(start, this.pos);
      return this.make(KEYWORDS.has(word) ? 'keyword' : 'name', word, start);
    }
    if (c === 39 || c === 34) return this.scanString();

    const c2 = text.charCodeAt(start + 1);
    const two = (op: string): Token => {
      this.pos += 2;
      return this.make('op', op, start);
    };
    const one = (op: string): Token => {
      this.pos += 1;
      return this.make('op', op, start);
    };
    switch (c) {
      case 61 /* = */:
        if (c2 === 61) return two('==');
        return this.fail("'=' is not an operator: use == to compare", start, start + 1);
      case 33 /* ! */:
        if (c2 === 61) return two('!=');
        return this.fail("'!' is not an operator: use 'not' (or != to compare)", start, start + 1);
      case 60 /* < */:
        return c2 === 61 ? two('<=') : one('<');
      case 62 /* > */:
        return c2 === 61 ? two('>=') : one('>');
      case 43:
        return one('+');
      case 45:
        return one('-');
      case 42:
        return one('*');
      case 47:
        return one('/');
      case 40:
        return one('(');
      case 41:
        return one(')');
      case 91:
        return one('[');
      case 93:
        return one(']');
      case 44:
        return one(',');
      case 46 /* . */: {
        const p = this.prev;
        const afterOperand = p !== undefined && (p.type === 'name' || (p.type === 'op' && (p.value === ')' || p.value === ']')));
        if (isDigit(c2) && !afterOperand) {
          return this.fail('a number must start with a digit: write 0.5, not .5', start, start + 1);
        }
        return one('.');
      }
      case 38 /* & */:
        return this.fail("'&' is not an operator: use 'and'", start, c2 === 38 ? start + 2 : start + 1);
      case 124 /* | */:
        return this.fail("'|' is not an operator: use 'or'", start, c2 === 124 ? start + 2 : start + 1);
      case 37 /* % */:
        return this.fail("'%' must directly follow a number, as in 60%", start, start + 1);
      case 63 /* ? */:
      case 58 /* : */:
        return this.fail(`'${text[start]}' is not an operator: write if … then … else …`, start, start + 1);
      default:
        break;
    }
    const cp = text.codePointAt(start) ?? c;
    const ch = String.fromCodePoint(cp);
    const end = start + ch.length;
    const ascii = FULL_WIDTH[ch];
    if (ascii !== undefined) {
      return this.fail(`full-width ${showChar(ch)} is not allowed: use ASCII '${ascii}'`, start, end);
    }
    this.rejectNonAscii(start, start);
    return this.fail(`unexpected character ${showChar(ch)}`, start, end);
  }

  /** A Unicode letter/digit at `at` (right after an identifier starting at `from`, or alone) is an error. */
  private rejectNonAscii(at: number, from: number): void {
    if (at >= this.text.length) return;
    const cp = this.text.codePointAt(at) ?? 0;
    if (cp < 0x80) return;
    const ch = String.fromCodePoint(cp);
    if (/[\p{L}\p{N}\p{M}]/u.test(ch)) {
      this.fail(
        `identifiers are ASCII (letters, digits, '_'); found ${showChar(ch)} — Chinese text belongs in labels, not in formulas`,
        from,
        at + ch.length,
      );
    }
  }

  /** Digits with single '_' between them. Returns the digits without underscores. */
  private scanDigits(numberStart: number): string {
    const text = this.text;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (isDigit(c)) {
        out += text[this.pos];
        this.pos++;
      } else if (c === 95 /* _ */) {
        if (!isDigit(text.charCodeAt(this.pos + 1))) {
          this.fail("misplaced '_' in number: '_' may only separate digits, as in 1_000", numberStart, this.pos + 1);
        }
        this.pos++;
      } else {
        return out;
      }
    }
  }

  private scanNumber(): Token {
    const text = this.text;
    const start = this.pos;
    const int = this.scanDigits(start);
    let frac = '';
    if (text.charCodeAt(this.pos) === 46 /* . */) {
      if (!isDigit(text.charCodeAt(this.pos + 1))) {
        const shown = text.slice(start, this.pos + 1);
        this.fail(`'${shown}' is not a number: a decimal point must be followed by digits`, start, this.pos + 1);
      }
      this.pos++;
      frac = this.scanDigits(start);
    }
    let percent = false;
    if (text.charCodeAt(this.pos) === 37 /* % */) {
      percent = true;
      this.pos++;
    }
    const c = text.charCodeAt(this.pos);
    if (!percent && c === 46) {
      this.fail(`unexpected '.' after number ${text.slice(start, this.pos)}`, this.pos, this.pos + 1);
    }
    if (isIdentPart(c) || c === 37) {
      this.fail(
        `unexpected ${showChar(text[this.pos]!)} right after number ${text.slice(start, this.pos)}; separate them with an operator`,
        start,
        this.pos + 1,
      );
    }
    this.rejectNonAscii(this.pos, start);
    const value = percent ? percentText(int, frac) : frac ? `${int}.${frac}` : int;
    return this.make('number', value, start, percent);
  }

  private scanString(): Token {
    const text = this.text;
    const start = this.pos;
    const line = this.line;
    const lineStart = this.lineStart;
    const quote = text.charCodeAt(start);
    this.pos++;
    let value = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= text.length) {
        this.fail(
          `unterminated string: the ${quote === 39 ? "'" : '"'} at ${where(this.span(start, start, line, lineStart))} is never closed`,
          start,
          text.length,
          line,
          lineStart,
        );
      }
      const c = text.charCodeAt(this.pos);
      if (c === quote) {
        value += text.slice(chunk, this.pos);
        this.pos++;
        return this.make('string', value, start, false, line, lineStart);
      }
      if (c === 92 /* \ */) {
        value += text.slice(chunk, this.pos);
        const e = text.charCodeAt(this.pos + 1);
        if (e !== 39 && e !== 34 && e !== 92) {
          const shown = this.pos + 1 < text.length ? showChar(String.fromCodePoint(text.codePointAt(this.pos + 1)!)) : 'end of formula';
          this.fail(`unknown escape in string: '\\' followed by ${shown}; only \\' \\" and \\\\ are allowed`, this.pos, this.pos + 2);
        }
        value += text[this.pos + 1];
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      this.pos++;
      if (c === 10) this.newline(this.pos);
      else if (c === 13 && text.charCodeAt(this.pos) !== 10) this.newline(this.pos);
    }
  }
}

// ───────────────────────────────────────────── parser ─────────────────────────────────────────────

/** Binding powers (higher binds tighter). */
const BP = { if: 0, or: 10, and: 20, not: 30, compare: 40, add: 50, mul: 60, unary: 70, postfix: 80, primary: 90 } as const;

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

function join(a: SourceSpan, b: SourceSpan): SourceSpan {
  return { start: a.start, end: b.end, line: a.line, column: a.column };
}

class Parser {
  private depth = -1;

  constructor(
    private readonly lex: Lexer,
    private readonly maxDepth: number,
  ) {}

  parseFormula(): Expr {
    if (this.lex.peek().type === 'eof') syntaxError('expr/syntax', 'the formula is empty', this.lex.peek().span);
    const expr = this.parseExpr(BP.if);
    const t = this.lex.peek();
    if (t.type !== 'eof') this.leftover(t);
    return expr;
  }

  /** A token after a complete expression that nothing could use. */
  private leftover(t: Token): never {
    let msg: string;
    if (t.type === 'op' && (t.value === ')' || t.value === ']')) {
      msg = `unexpected '${t.value}' with no matching '${t.value === ')' ? '(' : '['}'`;
    } else if (t.type === 'op' && t.value === ',') {
      msg = "unexpected ',': commas only separate call arguments and list items";
    } else if (t.type === 'keyword' && (t.value === 'then' || t.value === 'else')) {
      msg = `unexpected '${t.value}' with no 'if' waiting for it`;
    } else if (t.type === 'op' && t.value === '.') {
      msg = "unexpected '.': '.field' can only follow a name, ')' or ']'";
    } else {
      msg = `unexpected ${describe(t)} after a complete expression; is an operator missing?`;
    }
    return syntaxError('expr/syntax', msg, t.span);
  }

  private expect(value: string, context: () => string): Token {
    const t = this.lex.peek();
    if ((t.type === 'op' || t.type === 'keyword') && t.value === value) return this.lex.next();
    return syntaxError('expr/syntax', `${context()}, found ${describe(t)}`, t.span);
  }

  /** Pratt loop. Depth counts nested calls; binary chains loop here and do not accumulate depth. */
  private parseExpr(minBp: number): Expr {
    if (++this.depth > this.maxDepth) {
      const t = this.lex.peek();
      syntaxError('expr/limit', `formula nests deeper than ${this.maxDepth} levels; simplify it or split it into rules`, t.span);
    }
    let left = this.parsePrefix();
    let compared = false;
    for (;;) {
      const t = this.lex.peek();
      if (t.type === 'op') {
        const op = t.value;
        if (op === '+' || op === '-' || op === '*' || op === '/') {
          const bp = op === '+' || op === '-' ? BP.add : BP.mul;
          if (bp < minBp) break;
          this.lex.next();
          const right = this.parseExpr(bp + 1);
          left = { kind: 'binary', op: op as BinaryOp, left, right, span: join(left.span, right.span) };
          continue;
        }
        if (COMPARE_OPS.has(op)) {
          if (BP.compare < minBp) break;
          if (compared) this.chained(t);
          this.lex.next();
          const right = this.parseExpr(BP.compare + 1);
          left = { kind: 'compare', op: op as CompareOp, left, right, span: join(left.span, right.span) };
          compared = true;
          continue;
        }
        break;
      }
      if (t.type === 'keyword') {
        const kw = t.value;
        if (kw === 'or' || kw === 'and') {
          const bp = kw === 'or' ? BP.or : BP.and;
          if (bp < minBp) break;
          this.lex.next();
          const right = this.parseExpr(bp + 1);
          left = { kind: 'logical', op: kw, left, right, span: join(left.span, right.span) };
          continue;
        }
        if (kw === 'in' || kw === 'not') {
          if (BP.compare < minBp) break;
          if (kw === 'not') {
            const after = this.lex.peek(1);
            if (!(after.type === 'keyword' && after.value === 'in')) {
              syntaxError('expr/syntax', `expected 'in' after 'not' (as in x not in [...]), found ${describe(after)}`, after.span);
            }
          }
          if (compared) this.chained(t);
          this.lex.next();
          if (kw === 'not') this.lex.next();
          const list = this.parseExpr(BP.compare + 1);
          left = { kind: 'in', negated: kw === 'not', value: left, list, span: join(left.span, list.span) };
          compared = true;
          continue;
        }
      }
      break;
    }
    this.depth--;
    return left;
  }

  private chained(t: Token): never {
    return syntaxError('expr/syntax', `comparisons cannot be chained; use and (as in a < b and b < c), found ${describe(t)}`, t.span);
  }

  private parsePrefix(): Expr {
    const t = this.lex.next();
    switch (t.type) {
      case 'number':
        return this.parsePostfix({ kind: 'number', text: t.value, percent: t.percent, span: t.span }, false);
      case 'string':
        return this.parsePostfix({ kind: 'string', value: t.value, span: t.span }, false);
      case 'name':
        return this.parseName(t);
      case 'keyword':
        switch (t.value) {
          case 'true':
          case 'false':
            return this.parsePostfix({ kind: 'boolean', value: t.value === 'true', span: t.span }, false);
          case 'if':
            return this.parseIf(t);
          case 'not': {
            const operand = this.parseExpr(BP.not);
            return { kind: 'unary', op: 'not', operand, span: join(t.span, operand.span) };
          }
          default:
            return syntaxError('expr/syntax', `unexpected '${t.value}', expected a value`, t.span);
        }
      case 'op':
        switch (t.value) {
          case '-': {
            const operand = this.parseExpr(BP.unary);
            return { kind: 'unary', op: '-', operand, span: join(t.span, operand.span) };
          }
          case '(': {
            const inner = this.parseExpr(BP.if);
            const close = this.expect(')', () => `expected ')' to close '(' at ${where(t.span)}`);
            return this.parsePostfix({ ...inner, span: join(t.span, close.span) }, true);
          }
          case '[': {
            const items = this.parseSequence(t, ']');
            return this.parsePostfix({ kind: 'list', items: items.items, span: join(t.span, items.close.span) }, true);
          }
          case '+':
            return syntaxError('expr/syntax', "unexpected '+', expected a value (there is no unary '+')", t.span);
          default:
            return syntaxError('expr/syntax', `expected a value, found ${describe(t)}`, t.span);
        }
      case 'eof':
        return syntaxError('expr/syntax', 'expected a value, found end of formula', t.span);
    }
  }

  /** Comma-separated expressions up to `close` (the opening token already consumed). */
  private parseSequence(open: Token, close: ')' | ']'): { items: Expr[]; close: Token } {
    const items: Expr[] = [];
    const next = this.lex.peek();
    if (next.type === 'op' && next.value === close) return { items, close: this.lex.next() };
    for (;;) {
      items.push(this.parseExpr(BP.if));
      const t = this.lex.peek();
      if (t.type === 'op' && t.value === ',') {
        this.lex.next();
        continue;
      }
      if (t.type === 'op' && t.value === close) return { items, close: this.lex.next() };
      return syntaxError('expr/syntax', `expected ',' or '${close}' to close '${open.value}' at ${where(open.span)}, found ${describe(t)}`, t.span);
    }
  }

  private parseIf(ifTok: Token): Expr {
    const test = this.parseExpr(BP.if);
    this.expect('then', () => `expected 'then' after the condition of 'if' at ${where(ifTok.span)}`);
    const then = this.parseExpr(BP.if);
    this.expect('else', () => `expected 'else' for 'if' at ${where(ifTok.span)} (every if needs an else)`);
    const otherwise = this.parseExpr(BP.if);
    return { kind: 'if', test, then, else: otherwise, span: join(ifTok.span, otherwise.span) };
  }

  /** A name, dotted chain, call, or `date('YYYY-MM-DD')`. */
  private parseName(first: Token): Expr {
    const lex = this.lex;
    const path = [first.value];
    let last = first;
    for (;;) {
      const dot = lex.peek();
      if (!(dot.type === 'op' && dot.value === '.')) break;
      const field = lex.peek(1);
      if (field.type !== 'name') this.badField(field);
      lex.next();
      last = lex.next();
      path.push(last.value);
    }
    const open = lex.peek();
    if (!(open.type === 'op' && open.value === '(')) {
      return this.parsePostfix({ kind: 'name', path, span: join(first.span, last.span) }, false);
    }
    if (path.length > 1) {
      return syntaxError('expr/syntax', `'${clip(path.join('.'))}' cannot be called: only plain function names like max(…) can`, open.span);
    }
    if (first.value === 'date') {
      const arg = lex.peek(1);
      const close = lex.peek(2);
      if (arg.type === 'string' && close.type === 'op' && close.value === ')') {
        if (!DATE_SHAPE.test(arg.value)) {
          syntaxError('expr/syntax', `a date literal must look like date('2025-01-01') (YYYY-MM-DD), found ${clip(arg.raw)}`, arg.span);
        }
        lex.next();
        lex.next();
        lex.next();
        return this.parsePostfix({ kind: 'date', value: arg.value, span: join(first.span, close.span) }, true);
      }
    }
    lex.next();
    const seq = this.parseSequence(open, ')');
    return this.parsePostfix(
      { kind: 'call', callee: first.value, calleeSpan: first.span, args: seq.items, span: join(first.span, seq.close.span) },
      true,
    );
  }

  private badField(t: Token): never {
    if (t.type === 'keyword') {
      return syntaxError('expr/syntax', `'${t.value}' is a keyword and cannot be used as a field name`, t.span);
    }
    return syntaxError('expr/syntax', `expected a field name after '.', found ${describe(t)}`, t.span);
  }

  /**
   * `[index]` after anything; `.field` after `)`, `]` or a previous postfix (`dotOk`). A `(` here is
   * never a call (plain names are handled by parseName): it is left for the caller to report.
   */
  private parsePostfix(expr: Expr, dotOk: boolean): Expr {
    const lex = this.lex;
    let left = expr;
    let canDot = dotOk;
    for (;;) {
      const t = lex.peek();
      if (t.type !== 'op') return left;
      if (t.value === '[') {
        lex.next();
        const index = this.parseExpr(BP.if);
        const close = this.expect(']', () => `expected ']' to close '[' at ${where(t.span)}`);
        left = { kind: 'index', target: left, index, span: join(left.span, close.span) };
        canDot = true;
      } else if (t.value === '.') {
        if (!canDot) {
          return syntaxError('expr/syntax', "unexpected '.': '.field' can only follow a name, ')' or ']'", t.span);
        }
        const field = lex.peek(1);
        if (field.type !== 'name') this.badField(field);
        lex.next();
        lex.next();
        left = { kind: 'member', target: left, field: field.value, span: join(left.span, field.span) };
      } else if (t.value === '(' && (left.kind === 'call' || left.kind === 'date')) {
        return syntaxError('expr/syntax', 'the result of a call cannot be called: only plain function names like max(…) can', t.span);
      } else {
        return left;
      }
    }
  }
}

/**
 * Parses formula text into an {@link Expr}.
 *
 * Numbers: `123`, `1_000`, `0.75`, `60%` (→ text `'0.60'`, `percent: true`); `1.` and `.5` are errors.
 * Strings: `'…'` or `"…"` with escapes `\'`, `\"`, `\\`. Names are ASCII `[A-Za-z_][A-Za-z0-9_]*`;
 * `a.b.c` is one {@link NameRef}. `#` starts a comment up to the end of the line; newlines are whitespace.
 * A minus sign never folds into a literal: `-5` is `Unary('-', NumberLit '5')`.
 *
 * @throws MinshengError `expr/syntax` (with `span`) for malformed text; `expr/limit` when the text is longer
 *   than `maxLength` or nests deeper than `maxDepth`. Nothing else, for any input string.
 *
 * @example
 * parseFormula('x not in [\'dibao\', \'tekun\']')
 * // → { kind: 'in', negated: true, value: { kind: 'name', path: ['x'], … }, list: { kind: 'list', items: […] }, … }
 * parseFormula('a < b < c') // throws MinshengError expr/syntax: comparisons cannot be chained; use and …
 */
export function parseFormula(text: string, opts: ParseFormulaOptions = {}): Expr {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeof text !== 'string') {
    syntaxError('expr/syntax', `a formula must be a string, found ${text === null ? 'null' : typeof text}`, { start: 0, end: 0, line: 1, column: 1 });
  }
  if (text.length > maxLength) {
    syntaxError('expr/limit', `formula is ${text.length} characters long; the limit is ${maxLength}`, spanAt(text, maxLength));
  }
  return new Parser(new Lexer(text), maxDepth).parseFormula();
}

/** Span of the text from `offset` to the end, with line/column computed by scanning. */
function spanAt(text: string, offset: number): SourceSpan {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { start: offset, end: text.length, line, column: offset - lineStart + 1 };
}

// ───────────────────────────────────────────── printer ─────────────────────────────────────────────

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'if':
      return BP.if;
    case 'logical':
      return e.op === 'or' ? BP.or : BP.and;
    case 'unary':
      return e.op === 'not' ? BP.not : BP.unary;
    case 'compare':
    case 'in':
      return BP.compare;
    case 'binary':
      return e.op === '+' || e.op === '-' ? BP.add : BP.mul;
    case 'index':
    case 'member':
    case 'call':
      return BP.postfix;
    default:
      return BP.primary;
  }
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Inverse of {@link percentText}: '0.60' → '60%', '0.125' → '12.5%', '1.00' → '100%'. */
function percentSource(text: string): string {
  const dot = text.indexOf('.');
  const int = dot < 0 ? text : text.slice(0, dot);
  const frac = (dot < 0 ? '' : text.slice(dot + 1)).padEnd(2, '0');
  const whole = (int + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2);
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** Member targets must end in `)` / `]` or be a member themselves; anything else is parenthesised. */
const MEMBER_TARGETS: ReadonlySet<string> = new Set(['index', 'call', 'list', 'member', 'date']);

function print(e: Expr, ctx: number): string {
  const s = render(e);
  return precedence(e) < ctx ? `(${s})` : s;
}

function render(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.percent ? percentSource(e.text) : e.text;
    case 'string':
      return quote(e.value);
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'date':
      return `date(${quote(e.value)})`;
    case 'name':
      return e.path.join('.');
    case 'unary': {
      if (e.op === 'not') return `not ${print(e.operand, BP.not)}`;
      const operand = print(e.operand, BP.unary);
      return operand.startsWith('-') ? `- ${operand}` : `-${operand}`;
    }
    case 'binary': {
      const p = precedence(e);
      return `${print(e.left, p)} ${e.op} ${print(e.right, p + 1)}`;
    }
    case 'logical': {
      const p = precedence(e);
      return `${print(e.left, p)} ${e.op} ${print(e.right, p + 1)}`;
    }
    case 'compare':
      return `${print(e.left, BP.compare + 1)} ${e.op} ${print(e.right, BP.compare + 1)}`;
    case 'in':
      return `${print(e.value, BP.compare + 1)} ${e.negated ? 'not in' : 'in'} ${print(e.list, BP.compare + 1)}`;
    case 'if':
      return `if ${print(e.test, BP.if)} then ${print(e.then, BP.if)} else ${print(e.else, BP.if)}`;
    case 'call': {
      const only = e.args[0];
      // date('2025-01-01') would re-parse as a DateLit: keep a Call a Call.
      if (e.callee === 'date' && e.args.length === 1 && only !== undefined && only.kind === 'string') {
        return `date((${quote(only.value)}))`;
      }
      return `${e.callee}(${e.args.map((a) => print(a, BP.if)).join(', ')})`;
    }
    case 'index':
      return `${print(e.target, BP.postfix)}[${print(e.index, BP.if)}]`;
    case 'member': {
      const target = MEMBER_TARGETS.has(e.target.kind) ? render(e.target) : `(${render(e.target)})`;
      return `${target}.${e.field}`;
    }
    case 'list':
      return `[${e.items.map((a) => print(a, BP.if)).join(', ')}]`;
  }
}

/**
 * Renders an AST as canonical formula text: single spaces around operators, `', '` separators, single-quoted
 * strings, percent literals as written (`60%`), and only the parentheses precedence requires (`if` and
 * `not` are parenthesised whenever they are an operand of a tighter operator).
 * `parseFormula(printFormula(e))` equals `e` up to spans for every AST `parseFormula` can produce.
 *
 * @example
 * printFormula(parseFormula('(a+b)*60%  # comment')) // → '(a + b) * 60%'
 * printFormula(parseFormula('1 + (if x then 1 else 2)')) // → '1 + (if x then 1 else 2)'
 */
export function printFormula(expr: Expr): string {
  return render(expr);
}

/** The reserved words of the formula language (they cannot be names, path segments or field names). */
export const FORMULA_KEYWORDS: readonly string[] = [...KEYWORDS];
