/**
 * The formula AST: what {@link parseFormula} produces and what the type checker and compiler consume.
 *
 * Every node is a plain object discriminated on `kind` and carries `span`: 0-based `[start, end)` offsets
 * into the formula text plus the 1-based line and column of `start` (columns count UTF-16 code units).
 * A parenthesised expression has no node of its own: the inner node's span is widened to cover the
 * parentheses.
 *
 * @example
 * // parseFormula('max(0, cost - 1_000) * 60%') →
 * // { kind: 'binary', op: '*',
 * //   left: { kind: 'call', callee: 'max', calleeSpan, args: [
 * //     { kind: 'number', text: '0', percent: false, span },
 * //     { kind: 'binary', op: '-', left: { kind: 'name', path: ['cost'], span },
 * //       right: { kind: 'number', text: '1000', percent: false, span }, span } ], span },
 * //   right: { kind: 'number', text: '0.60', percent: true, span }, span }
 *
 * @module
 */
import type { SourceSpan } from '../errors';

export type { SourceSpan };

/**
 * A number literal. `text` holds plain decimal digits (`/^\d+(\.\d+)?$/`): grouping underscores are
 * removed and a `%` suffix is applied exactly by moving the decimal point (`'60%'` → `'0.60'`,
 * `'5%'` → `'0.05'`, `'12.5%'` → `'0.125'`, `'100%'` → `'1.00'`), with `percent: true`.
 * Literals are never negative: `-5` is `Unary('-', NumberLit '5')`.
 */
export interface NumberLit {
  readonly kind: 'number';
  readonly text: string;
  readonly percent: boolean;
  readonly span: SourceSpan;
}

/** A string literal (`'dibao'` or `"dibao"`), escapes already decoded. Used for enum values. */
export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly span: SourceSpan;
}

/** `true` / `false`. */
export interface BoolLit {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: SourceSpan;
}

/**
 * `date('2025-01-01')` with a single string literal argument. `value` has the shape `YYYY-MM-DD`
 * (checked by the parser); whether it is a real calendar date is checked by the type checker.
 */
export interface DateLit {
  readonly kind: 'date';
  readonly value: string;
  readonly span: SourceSpan;
}

/**
 * A name or dotted chain `a.b.c` (one node, span covering the whole chain). The type checker decides which
 * prefix is a parameter / rule / input and which segments are record fields.
 */
export interface NameRef {
  readonly kind: 'name';
  readonly path: string[];
  readonly span: SourceSpan;
}

export type UnaryOp = '-' | 'not';
export type BinaryOp = '+' | '-' | '*' | '/';
export type LogicalOp = 'and' | 'or';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `-x` or `not x`. */
export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: SourceSpan;
}

/** Arithmetic, left-associative. */
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: SourceSpan;
}

/** Short-circuit `and` / `or`, left-associative. */
export interface Logical {
  readonly kind: 'logical';
  readonly op: LogicalOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: SourceSpan;
}

/** A comparison. Non-associative: `a < b < c` is a syntax error. */
export interface Compare {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: SourceSpan;
}

/** `if test then … else …` (`else` is mandatory). */
export interface If {
  readonly kind: 'if';
  readonly test: Expr;
  readonly then: Expr;
  readonly else: Expr;
  readonly span: SourceSpan;
}

/** `value in list` / `value not in list` (`negated: true`). `list` is any expression, usually a {@link ListLit}. */
export interface In {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly value: Expr;
  readonly list: Expr;
  readonly span: SourceSpan;
}

/** `f(a, b)` — the callee is always a plain identifier; `calleeSpan` locates it. */
export interface Call {
  readonly kind: 'call';
  readonly callee: string;
  readonly calleeSpan: SourceSpan;
  readonly args: Expr[];
  readonly span: SourceSpan;
}

/** `target[index]`. */
export interface Index {
  readonly kind: 'index';
  readonly target: Expr;
  readonly index: Expr;
  readonly span: SourceSpan;
}

/** `.field` after `)`, `]` or another member access, e.g. `rate[level].cap`. Plain `a.b` is a {@link NameRef}. */
export interface Member {
  readonly kind: 'member';
  readonly target: Expr;
  readonly field: string;
  readonly span: SourceSpan;
}

/** `[a, b, c]` (possibly empty). */
export interface ListLit {
  readonly kind: 'list';
  readonly items: Expr[];
  readonly span: SourceSpan;
}

/** Any formula expression, discriminated on `kind`. */
export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | DateLit
  | NameRef
  | Unary
  | Binary
  | Logical
  | Compare
  | If
  | In
  | Call
  | Index
  | Member
  | ListLit;

/** The `kind` tags of {@link Expr}. */
export type ExprKind = Expr['kind'];
