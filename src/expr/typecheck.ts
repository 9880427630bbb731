/**
 * Static type checking: turns a parsed formula into a typed tree whose names are resolved (input,
 * parameter, rule, list item), or reports every problem with its span. Nothing here runs a formula.
 */
import type { Issue, SourceSpan } from '../errors';
import { closest } from '../suggest';
import type { Expr } from './ast';
import { Decimal } from '../money/decimal';
import { ROUNDING_MODES, type RoundingMode } from '../money/round';
import { parseDate, type DayNumber } from '../period/date';
import type { DateFn } from '../period/date-functions';
import {
  BOOLEAN,
  DATE,
  DECIMAL,
  INTEGER,
  MONEY,
  describeType,
  divideType,
  isAssignable,
  isNumeric,
  multiplyType,
  unifyNumeric,
  type Type,
} from './types';

/** A resolved, typed formula node. */
export type TExpr =
  | { kind: 'const'; type: Type; value: Decimal | boolean | string | DayNumber; span: SourceSpan }
  | { kind: 'input'; name: string; type: Type; span: SourceSpan }
  | { kind: 'rule'; name: string; type: Type; span: SourceSpan }
  | { kind: 'param'; name: string; type: Type; span: SourceSpan }
  | { kind: 'lookup'; param: string; key: TExpr; type: Type; span: SourceSpan }
  | { kind: 'field'; target: TExpr; field: string; type: Type; span: SourceSpan }
  | { kind: 'it'; type: Type; span: SourceSpan }
  | { kind: 'evaluationDate'; type: Type; span: SourceSpan }
  | { kind: 'neg'; operand: TExpr; type: Type; span: SourceSpan }
  | { kind: 'not'; operand: TExpr; type: Type; span: SourceSpan }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: TExpr; right: TExpr; type: Type; span: SourceSpan }
  | { kind: 'logical'; op: 'and' | 'or'; left: TExpr; right: TExpr; type: Type; span: SourceSpan }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: TExpr; right: TExpr; operand: Type; type: Type; span: SourceSpan }
  | { kind: 'if'; test: TExpr; then: TExpr; else: TExpr; type: Type; span: SourceSpan }
  | { kind: 'in'; negated: boolean; value: TExpr; items: TExpr[]; type: Type; span: SourceSpan }
  | { kind: 'minmax'; fn: 'min' | 'max'; args: TExpr[]; type: Type; span: SourceSpan }
  | { kind: 'clamp'; value: TExpr; lo: TExpr; hi: TExpr; type: Type; span: SourceSpan }
  | { kind: 'abs'; operand: TExpr; type: Type; span: SourceSpan }
  | { kind: 'round'; operand: TExpr; places: number; mode: RoundingMode; type: Type; span: SourceSpan }
  | { kind: 'scale'; amount: TExpr; bands: string; type: Type; span: SourceSpan }
  | { kind: 'aggregate'; fn: 'sum' | 'count' | 'exists' | 'every'; list: TExpr; body: TExpr; type: Type; span: SourceSpan }
  | { kind: 'dateDiff'; fn: 'age' | 'daysBetween' | 'monthsBetween' | 'yearsBetween'; from: TExpr; to: TExpr | null; type: Type; span: SourceSpan }
  | { kind: 'dateFn'; fn: DateFn; date: TExpr; amount: TExpr | null; type: Type; span: SourceSpan };


/** What names a formula can see. */
export interface Scope {
  readonly inputs: ReadonlyMap<string, Type>;
  readonly parameters: ReadonlyMap<string, Type>;
  readonly rules: ReadonlyMap<string, Type>;
}

export interface Checked {
  readonly expr: TExpr;
  /** Rules this formula reads (for the dependency graph). */
  readonly ruleRefs: ReadonlySet<string>;
  readonly paramRefs: ReadonlySet<string>;
  readonly inputRefs: ReadonlySet<string>;
}

export const BUILTINS = [
  'min', 'max', 'clamp', 'abs', 'round', 'scale', 'sum', 'count', 'exists', 'every',
  'age', 'daysBetween', 'monthsBetween', 'yearsBetween',
  'startOfYear', 'endOfYear', 'addDays', 'addMonths', 'year', 'month',
] as const;

class Checker {
  readonly issues: Issue[] = [];
  readonly ruleRefs = new Set<string>();
  readonly paramRefs = new Set<string>();
  readonly inputRefs = new Set<string>();
  private readonly itStack: Type[] = [];

  constructor(private readonly scope: Scope) {}

  error(span: SourceSpan, message: string, code: Issue['code'] = 'expr/type'): TExpr {
    this.issues.push({ code, message, span });
    return { kind: 'const', type: { kind: 'decimal', literal: { integral: true } }, value: new Decimal(0), span, poisoned: true } as TExpr;
  }

  check(node: Expr): TExpr {
    switch (node.kind) {
      case 'number': {
        const value = new Decimal(node.text);
        // A percentage is a rate, never an amount: `cost > 10%` is a type error, not 0.10 yuan.
        if (node.percent) return { kind: 'const', type: { kind: 'rate' }, value, span: node.span };
        return { kind: 'const', type: { kind: 'decimal', literal: { integral: value.isInteger() } }, value, span: node.span };
      }
      case 'string':
        return { kind: 'const', type: { kind: 'enum', values: null }, value: node.value, span: node.span };
      case 'boolean':
        return { kind: 'const', type: BOOLEAN, value: node.value, span: node.span };
      case 'date': {
        let day: DayNumber;
        try {
          day = parseDate(node.value);
        } catch {
          return this.error(node.span, `'${node.value}' is not a calendar date (YYYY-MM-DD)`);
        }
        return { kind: 'const', type: DATE, value: day, span: node.span };
      }
      case 'name':
        return this.name(node.path, node.span);
      case 'member': {
        const target = this.check(node.target);
        return this.field(target, node.field, node.span);
      }
      case 'index':
        return this.index(node);
      case 'unary': {
        const operand = this.check(node.operand);
        if (node.op === 'not') {
          if (!this.expectBoolean(operand, "'not'")) return operand;
          return { kind: 'not', operand, type: BOOLEAN, span: node.span };
        }
        if (!isNumeric(operand.type)) return this.error(node.span, `cannot negate ${describeType(operand.type)}`);
        if (operand.kind === 'const' && operand.value instanceof Decimal) return { ...operand, value: operand.value.neg(), span: node.span };
        return { kind: 'neg', operand, type: operand.type, span: node.span };
      }
      case 'binary': {
        const left = this.check(node.left);
        const right = this.check(node.right);
        if (isPoisoned(left) || isPoisoned(right)) return left;
        const type = node.op === '*' ? multiplyType(left.type, right.type) : node.op === '/' ? divideType(left.type, right.type) : unifyNumeric(left.type, right.type);
        if (!type) {
          return this.error(node.span, `cannot compute ${describeType(left.type)} ${node.op} ${describeType(right.type)}${hintFor(node.op, left.type, right.type)}`);
        }
        return { kind: 'arith', op: node.op, left, right, type, span: node.span };
      }
      case 'logical': {
        const left = this.check(node.left);
        const right = this.check(node.right);
        this.expectBoolean(left, `'${node.op}'`);
        this.expectBoolean(right, `'${node.op}'`);
        return { kind: 'logical', op: node.op, left, right, type: BOOLEAN, span: node.span };
      }
      case 'compare':
        return this.compare(node.op, this.check(node.left), this.check(node.right), node.span);
      case 'if': {
        const test = this.check(node.test);
        this.expectBoolean(test, "'if'");
        const then = this.check(node.then);
        const otherwise = this.check(node.else);
        const type = this.unify(then.type, otherwise.type);
        if (!type) return this.error(node.span, `the branches of 'if' differ: 'then' is ${describeType(then.type)}, 'else' is ${describeType(otherwise.type)}`);
        return { kind: 'if', test, then, else: otherwise, type, span: node.span };
      }
      case 'in': {
        const value = this.check(node.value);
        if (node.list.kind !== 'list') return this.error(node.list.span, "'in' needs a list written in brackets, e.g. x in ['a', 'b']");
        const items = node.list.items.map((item) => this.check(item));
        for (const item of items) {
          const probe = this.compare('==', value, item, item.span);
          if (isPoisoned(probe)) return probe;
        }
        return { kind: 'in', negated: node.negated, value, items: items.map((i) => narrowEnumLiteral(i, value.type)), type: BOOLEAN, span: node.span };
      }
      case 'list':
        return this.error(node.span, 'a list literal can only appear after in');
      case 'call':
        return this.call(node);
    }
  }

  private unify(a: Type, b: Type): Type | null {
    if (isNumeric(a) || isNumeric(b)) return unifyNumeric(a, b);
    if (a.kind === 'enum' && b.kind === 'enum') {
      if (!a.values) return b;
      if (!b.values) return a;
      return { kind: 'enum', values: [...new Set([...a.values, ...b.values])] };
    }
    return a.kind === b.kind && (a.kind === 'boolean' || a.kind === 'date') ? a : null;
  }

  private expectBoolean(node: TExpr, where: string): boolean {
    if (isPoisoned(node) || node.type.kind === 'boolean') return true;
    this.error(node.span, `${where} needs a boolean (true/false), got ${describeType(node.type)}`);
    return false;
  }

  private compare(op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: TExpr, right: TExpr, span: SourceSpan): TExpr {
    if (isPoisoned(left) || isPoisoned(right)) return left;
    const ordered = op !== '==' && op !== '!=';
    let operand: Type | null = null;
    if (isNumeric(left.type) && isNumeric(right.type)) operand = unifyNumeric(left.type, right.type);
    else if (left.type.kind === 'date' && right.type.kind === 'date') operand = DATE;
    else if (!ordered && left.type.kind === 'boolean' && right.type.kind === 'boolean') operand = BOOLEAN;
    else if (!ordered && left.type.kind === 'enum' && right.type.kind === 'enum') {
      const known = left.type.values ?? right.type.values;
      const other = left.type.values ? right : left;
      if (known && other.kind === 'const' && typeof other.value === 'string' && !known.includes(other.value)) {
        return this.error(other.span, `'${other.value}' is not one of ${known.map((v) => `'${v}'`).join(', ')}`);
      }
      operand = left.type.values ? left.type : right.type;
    }
    if (!operand) {
      return this.error(span, `cannot compare ${describeType(left.type)} ${op} ${describeType(right.type)}`);
    }
    return { kind: 'compare', op, left, right, operand, type: BOOLEAN, span };
  }

  private name(path: readonly string[], span: SourceSpan): TExpr {
    const head = path[0]!;
    if (head === 'it' && this.itStack.length > 0) {
      let node: TExpr = { kind: 'it', type: this.itStack[this.itStack.length - 1]!, span };
      for (const field of path.slice(1)) node = this.field(node, field, span);
      return node;
    }
    if (head === 'evaluationDate' && path.length === 1) return { kind: 'evaluationDate', type: DATE, span };
    // Parameters have dotted names: the longest dotted prefix that names one wins.
    for (let k = path.length; k >= 1; k--) {
      const candidate = path.slice(0, k).join('.');
      const paramType = this.scope.parameters.get(candidate);
      if (paramType) {
        this.paramRefs.add(candidate);
        let node: TExpr = { kind: 'param', name: candidate, type: paramType, span };
        for (const field of path.slice(k)) node = this.field(node, field, span);
        return node;
      }
    }
    let node: TExpr;
    const ruleType = this.scope.rules.get(head);
    const inputType = this.scope.inputs.get(head);
    if (ruleType) {
      this.ruleRefs.add(head);
      node = { kind: 'rule', name: head, type: ruleType, span };
    } else if (inputType) {
      this.inputRefs.add(head);
      node = { kind: 'input', name: head, type: inputType, span };
    } else {
      const known = [...this.scope.inputs.keys(), ...this.scope.rules.keys(), ...this.scope.parameters.keys()];
      const near = closest(path.join('.'), known);
      const hint = head === 'it' ? " ('it' is only defined inside sum, count, exists and every)" : near ? ` — did you mean '${near}'?` : '';
      this.issues.push({ code: 'expr/unknown-name', message: `unknown name '${path.join('.')}'${hint}`, span });
      return { kind: 'const', type: DECIMAL, value: new Decimal(0), span, poisoned: true } as TExpr;
    }
    for (const field of path.slice(1)) node = this.field(node, field, span);
    return node;
  }

  private field(target: TExpr, field: string, span: SourceSpan): TExpr {
    if (isPoisoned(target)) return target;
    if (target.type.kind !== 'record') return this.error(span, `${describeType(target.type)} has no field '${field}'`);
    const type = target.type.fields[field];
    if (!type) {
      const near = closest(field, Object.keys(target.type.fields));
      return this.error(span, `no field '${field}' in ${describeType(target.type)}${near ? ` — did you mean '${near}'?` : ''}`, 'expr/unknown-name');
    }
    return { kind: 'field', target, field, type, span };
  }

  private index(node: Extract<Expr, { kind: 'index' }>): TExpr {
    const target = this.check(node.target);
    if (isPoisoned(target)) return target;
    if (target.kind !== 'param' || target.type.kind !== 'table') {
      return this.error(node.span, `only a table parameter can be indexed with [...]; this is ${describeType(target.type)}`);
    }
    const table = target.type;
    const key = narrowEnumLiteral(this.check(node.index), { kind: 'enum', values: table.keys });
    if (isPoisoned(key)) return key;
    if (key.type.kind !== 'enum') return this.error(node.index.span, `the key of ${target.name} must be a ${table.by} value, got ${describeType(key.type)}`);
    const keyValues = key.type.values;
    if (keyValues) {
      const missing = keyValues.filter((v) => !table.keys.includes(v));
      if (missing.length > 0) return this.error(node.index.span, `${target.name} has no entry for ${missing.map((v) => `'${v}'`).join(', ')} (keys: ${table.keys.join(', ')})`);
    } else if (key.kind === 'const' && !table.keys.includes(key.value as string)) {
      return this.error(node.index.span, `${target.name} has no entry for '${String(key.value)}' (keys: ${table.keys.join(', ')})`);
    }
    return { kind: 'lookup', param: target.name, key, type: table.value, span: node.span };
  }

  private call(node: Extract<Expr, { kind: 'call' }>): TExpr {
    const { callee, span } = node;
    const arity = (min: number, max = min): boolean => {
      if (node.args.length >= min && node.args.length <= max) return true;
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.issues.push({ code: 'expr/arity', message: `${callee}() takes ${want} argument${max === 1 ? '' : 's'}, got ${node.args.length}`, span });
      return false;
    };
    const poison = (): TExpr => ({ kind: 'const', type: DECIMAL, value: new Decimal(0), span, poisoned: true }) as TExpr;
    switch (callee) {
      case 'min':
      case 'max': {
        if (!arity(2, Infinity)) return poison();
        const args = node.args.map((a) => this.check(a));
        let type: Type | null = args[0]!.type;
        for (const a of args.slice(1)) type = type && unifyNumeric(type, a.type);
        if (args.some(isPoisoned)) return poison();
        if (!type) return this.error(span, `${callee}() needs numbers of one kind, got ${args.map((a) => describeType(a.type)).join(', ')}`);
        return { kind: 'minmax', fn: callee, args, type, span };
      }
      case 'clamp': {
        if (!arity(3)) return poison();
        const [value, lo, hi] = node.args.map((a) => this.check(a)) as [TExpr, TExpr, TExpr];
        const type = unifyNumeric(value.type, lo.type) && unifyNumeric(value.type, hi.type) ? unifyNumeric(unifyNumeric(value.type, lo.type)!, hi.type) : null;
        if ([value, lo, hi].some(isPoisoned)) return poison();
        if (!type) return this.error(span, `clamp() needs numbers of one kind, got ${[value, lo, hi].map((a) => describeType(a.type)).join(', ')}`);
        return { kind: 'clamp', value, lo, hi, type, span };
      }
      case 'abs': {
        if (!arity(1)) return poison();
        const operand = this.check(node.args[0]!);
        if (!isNumeric(operand.type)) return this.error(span, `abs() needs a number, got ${describeType(operand.type)}`);
        return { kind: 'abs', operand, type: operand.type, span };
      }
      case 'round': {
        if (!arity(2, 3)) return poison();
        const operand = this.check(node.args[0]!);
        const placesNode = node.args[1]!;
        const places = placesNode.kind === 'number' && /^\d+$/.test(placesNode.text) ? Number(placesNode.text) : NaN;
        if (!(places >= 0 && places <= 12)) return this.error(placesNode.span, 'round() needs the number of decimal places as a whole number literal from 0 to 12');
        let mode: RoundingMode = 'half-up';
        const modeNode = node.args[2];
        if (modeNode) {
          if (modeNode.kind !== 'string' || !(ROUNDING_MODES as readonly string[]).includes(modeNode.value)) {
            return this.error(modeNode.span, `round() mode must be one of ${ROUNDING_MODES.map((m) => `'${m}'`).join(', ')}`);
          }
          mode = modeNode.value as RoundingMode;
        }
        if (isPoisoned(operand)) return operand;
        if (!isNumeric(operand.type)) return this.error(span, `round() needs a number, got ${describeType(operand.type)}`);
        const type: Type = places === 0 && operand.type.kind !== 'money' && operand.type.kind !== 'rate' ? INTEGER : { kind: operand.type.kind };
        return { kind: 'round', operand, places, mode, type, span };
      }
      case 'scale': {
        if (!arity(2)) return poison();
        const amount = this.check(node.args[0]!);
        const bands = this.check(node.args[1]!);
        if (isPoisoned(amount) || isPoisoned(bands)) return poison();
        if (bands.kind !== 'param' || bands.type.kind !== 'bands') return this.error(node.args[1]!.span, 'the second argument of scale() must be a parameter of type scale');
        if (!isNumeric(amount.type)) return this.error(node.args[0]!.span, `scale() applies to a number, got ${describeType(amount.type)}`);
        const type: Type = amount.type.kind === 'money' ? MONEY : DECIMAL;
        return { kind: 'scale', amount, bands: bands.name, type, span };
      }
      case 'sum':
      case 'count':
      case 'exists':
      case 'every': {
        if (!arity(callee === 'sum' ? 2 : 1, 2)) return poison();
        const list = this.check(node.args[0]!);
        if (isPoisoned(list)) return list;
        if (list.type.kind !== 'list') return this.error(node.args[0]!.span, `${callee}() needs a list, got ${describeType(list.type)}`);
        this.itStack.push(list.type.item);
        const bodyNode = node.args[1];
        const body = bodyNode ? this.check(bodyNode) : ({ kind: 'const', type: BOOLEAN, value: true, span } as TExpr);
        this.itStack.pop();
        if (isPoisoned(body)) return body;
        if (callee === 'sum') {
          if (!isNumeric(body.type)) return this.error(body.span, `sum() adds numbers, got ${describeType(body.type)}`);
          return { kind: 'aggregate', fn: 'sum', list, body, type: body.type.literal ? DECIMAL : { kind: body.type.kind }, span };
        }
        if (body.type.kind !== 'boolean') return this.error(body.span, `${callee}() needs a condition (true/false), got ${describeType(body.type)}`);
        return { kind: 'aggregate', fn: callee, list, body, type: callee === 'count' ? INTEGER : BOOLEAN, span };
      }
      case 'age':
      case 'daysBetween':
      case 'monthsBetween':
      case 'yearsBetween': {
        const single = callee === 'age';
        if (!arity(single ? 1 : 2, 2)) return poison();
        const args = node.args.map((a) => this.check(a));
        if (args.some(isPoisoned)) return poison();
        for (const a of args) if (a.type.kind !== 'date') return this.error(a.span, `${callee}() needs dates, got ${describeType(a.type)}`);
        return { kind: 'dateDiff', fn: callee, from: args[0]!, to: args[1] ?? null, type: INTEGER, span };
      }
      case 'startOfYear':
      case 'endOfYear':
      case 'year':
      case 'month':
      case 'addDays':
      case 'addMonths': {
        const withAmount = callee === 'addDays' || callee === 'addMonths';
        if (!arity(withAmount ? 2 : 1)) return poison();
        const args = node.args.map((a) => this.check(a));
        if (args.some(isPoisoned)) return poison();
        if (args[0]!.type.kind !== 'date') return this.error(args[0]!.span, `${callee}() needs a date, got ${describeType(args[0]!.type)}`);
        const amount = args[1] ?? null;
        if (amount && !(isNumeric(amount.type) && (amount.type.kind === 'integer' || amount.type.literal?.integral))) {
          return this.error(amount.span, `${callee}() needs a whole number of ${callee === 'addDays' ? 'days' : 'months'}, got ${describeType(amount.type)}`);
        }
        const type = callee === 'year' || callee === 'month' ? INTEGER : DATE;
        return { kind: 'dateFn', fn: callee, date: args[0]!, amount, type, span };
      }
      case 'date':
        return this.error(span, "date() takes one literal text like date('2025-01-01')");
      default: {
        const near = closest(callee, BUILTINS);
        this.issues.push({ code: 'expr/unknown-name', message: `unknown function '${callee}'${near ? ` — did you mean '${near}'?` : ''}`, span: node.calleeSpan ?? span });
        return poison();
      }
    }
  }
}

function isPoisoned(node: TExpr): boolean {
  return (node as { poisoned?: boolean }).poisoned === true;
}

/** Give a bare string literal the enum type its context expects, so it can be traced and checked. */
function narrowEnumLiteral(node: TExpr, expected: Type): TExpr {
  if (node.kind === 'const' && node.type.kind === 'enum' && node.type.values === null && expected.kind === 'enum') {
    return { ...node, type: expected };
  }
  return node;
}

function hintFor(op: string, a: Type, b: Type): string {
  if ((op === '+' || op === '-') && (a.kind === 'money') !== (b.kind === 'money')) return ' (money can only be added to money)';
  if (op === '*' && a.kind === 'money' && b.kind === 'money') return ' (multiply money by a rate or a number, not by money)';
  return '';
}


/**
 * Type-checks a parsed formula against the names in scope and the type it must produce.
 * Returns the typed tree and the names it reads, or the issues found (spans relative to the formula).
 */
export function typecheck(
  expr: Expr,
  scope: Scope,
  expected?: Type,
): { ok: true; checked: Checked } | { ok: false; issues: Issue[]; ruleRefs: ReadonlySet<string> } {
  const checker = new Checker(scope);
  let typed = checker.check(expr);
  if (checker.issues.length === 0 && expected && !isAssignable(typed.type, expected)) {
    checker.issues.push({ code: 'expr/type', message: `the formula gives ${describeType(typed.type)} but the rule is declared ${describeType(expected)}`, span: expr.span });
  }
  // The rules it reads are still reported, so a cycle can be found even in a ruleset with other errors.
  if (checker.issues.length > 0) return { ok: false, issues: checker.issues, ruleRefs: checker.ruleRefs };
  if (expected && expected.kind === 'enum') typed = narrowEnumLiteral(typed, expected);
  return { ok: true, checked: { expr: typed, ruleRefs: checker.ruleRefs, paramRefs: checker.paramRefs, inputRefs: checker.inputRefs } };
}
