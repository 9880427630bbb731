/**
 * json-rules-engine interop: bring condition JSON into rulesets, and take boolean rules out as
 * json-rules-engine rules — so teams already on json-rules-engine can use these rulesets and move theirs over.
 *
 * - {@link importConditions}: `all` / `any` / `not`, `{ fact, operator, value, path }` and `{ condition }`
 *   references → formula text for a boolean rule; {@link importFacts}: json-rules-engine facts → its inputs.
 *   Together they give json-rules-engine 7.3's answer or refuse with a coded error, never a different answer
 *   (see `jre-import.ts` for the semantics reproduced, with json-rules-engine source references).
 * - {@link exportRules}: boolean rules of a resolved ruleset → json-rules-engine rules. Numbers are compared
 *   with the decimal-exact operators that {@link registerDecimalOperators} adds to an engine.
 *
 * The library never imports json-rules-engine at run time: the caller passes its own `Engine` instance.
 */
import { requireArgument, MinshengError } from '../errors';
import { Decimal, toDecimal } from '../money/decimal';
import { parseFormula } from '../expr/parse';
import type { Expr } from '../expr/ast';
import { parseDate } from '../period/date';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { InputDecl } from '../ruleset/schema';

export { IMPORTABLE_OPERATORS, importConditions, importFacts, type ImportOptions } from './jre-import';

// ───────────────────────────── condition JSON (the json-rules-engine shape) ─────────────────────────────

/** A fact reference used as a comparison value: `{ fact: 'income', path: '$.monthly' }`. */
export interface FactReference {
  readonly fact: string;
  readonly path?: string;
}

/** A leaf condition. */
export interface ConditionLeaf {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
  readonly path?: string;
  readonly params?: Record<string, unknown>;
  readonly priority?: number;
  readonly name?: string;
}

/** A json-rules-engine condition: `all`, `any`, `not`, a reference to a named condition, or a leaf. */
export type Condition =
  | { readonly all: readonly Condition[]; readonly name?: string; readonly priority?: number }
  | { readonly any: readonly Condition[]; readonly name?: string; readonly priority?: number }
  | { readonly not: Condition; readonly name?: string; readonly priority?: number }
  | { readonly condition: string; readonly name?: string; readonly priority?: number }
  | ConditionLeaf;

/** A json-rules-engine rule as {@link exportRules} produces it. */
export interface JsonRule {
  readonly name: string;
  readonly conditions: Condition;
  readonly event: { readonly type: string; readonly params?: Record<string, unknown> };
}

/** The part of a json-rules-engine `Engine` this module uses (so json-rules-engine is not a runtime dependency). */
export interface OperatorHost {
  addOperator(name: string, callback: (factValue: unknown, jsonValue: unknown) => boolean): void;
}

// ───────────────────────────── decimal operators ─────────────────────────────

function decimalOrNull(value: unknown): Decimal | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  try {
    return toDecimal(value);
  } catch {
    return null;
  }
}

function decimalCompare(test: (a: Decimal, b: Decimal) => boolean) {
  return (factValue: unknown, jsonValue: unknown): boolean => {
    const a = decimalOrNull(factValue);
    const b = decimalOrNull(jsonValue);
    return a !== null && b !== null && test(a, b);
  };
}

function decimalMember(factValue: unknown, jsonValue: unknown): boolean {
  const a = decimalOrNull(factValue);
  if (a === null || !Array.isArray(jsonValue)) return false;
  return jsonValue.some((v) => {
    const b = decimalOrNull(v);
    return b !== null && a.eq(b);
  });
}

/**
 * Adds decimal-exact comparison operators to a json-rules-engine `Engine`: `decimalEqual`, `decimalNotEqual`,
 * `decimalLessThan`, `decimalLessThanInclusive`, `decimalGreaterThan`, `decimalGreaterThanInclusive`,
 * `decimalIn`, `decimalNotIn`. Both sides may be numbers or decimal strings (`"812.50"`); they are compared with
 * the library's exact Decimal, so `"0.3"` equals `0.1 + 0.2`'s intended value only when written as `"0.3"`,
 * and no binary rounding decides a threshold. A side that is not a number makes the condition false.
 *
 * @param engine a json-rules-engine `Engine` (anything with `addOperator(name, callback)`)
 * @returns the same engine
 * @example
 * import { Engine } from 'json-rules-engine';
 * const engine = registerDecimalOperators(new Engine());
 * engine.addRule({ conditions: { all: [{ fact: 'perCapita', operator: 'decimalLessThanInclusive', value: '812.50' }] }, event: { type: 'edge' } });
 * (await engine.run({ perCapita: '812.50' })).events.length; //=> 1
 */
export function registerDecimalOperators<E extends OperatorHost>(engine: E): E {
  engine.addOperator('decimalEqual', decimalCompare((a, b) => a.eq(b)));
  engine.addOperator('decimalNotEqual', (a, b) => {
    const x = decimalOrNull(a);
    const y = decimalOrNull(b);
    return x !== null && y !== null && !x.eq(y);
  });
  engine.addOperator('decimalLessThan', decimalCompare((a, b) => a.lt(b)));
  engine.addOperator('decimalLessThanInclusive', decimalCompare((a, b) => a.lte(b)));
  engine.addOperator('decimalGreaterThan', decimalCompare((a, b) => a.gt(b)));
  engine.addOperator('decimalGreaterThanInclusive', decimalCompare((a, b) => a.gte(b)));
  engine.addOperator('decimalIn', decimalMember);
  engine.addOperator('decimalNotIn', (a, b) => decimalOrNull(a) !== null && Array.isArray(b) && !decimalMember(a, b));
  return engine;
}

// ───────────────────────────── export: boolean rules → json-rules-engine rules ─────────────────────────────

/** Options of {@link exportRules}. */
export interface ExportOptions {
  /** Date whose parameter values are written into the conditions (`YYYY-MM-DD`). */
  readonly date: string;
  /** Rules to export (default: every boolean rule that can be expressed; the others are listed in `skipped`). */
  readonly rules?: readonly string[];
  /** Event of each exported rule (default `{ type: <rule name> }`). */
  readonly event?: (rule: string) => JsonRule['event'];
}

/** The result of {@link exportRules}. */
export interface ExportResult {
  readonly rules: readonly JsonRule[];
  /** The facts the rules read: inputs and (non-boolean) rule values the caller must supply. */
  readonly facts: readonly string[];
  /** Boolean rules that could not be expressed, with the reason. */
  readonly skipped: readonly { readonly rule: string; readonly reason: string }[];
}

class NotExportable extends Error {}

const DECIMAL_OPERATOR: Record<string, string> = {
  '==': 'decimalEqual',
  '!=': 'decimalNotEqual',
  '<': 'decimalLessThan',
  '<=': 'decimalLessThanInclusive',
  '>': 'decimalGreaterThan',
  '>=': 'decimalGreaterThanInclusive',
};
const FLIP: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

type Side =
  | { kind: 'fact'; fact: string; path?: string; numeric: boolean }
  | { kind: 'value'; value: string | boolean; numeric: boolean };

class Exporter {
  facts = new Set<string>();
  private readonly stack: string[] = [];

  constructor(private readonly resolved: ResolvedRuleset, private readonly day: string) {}

  rule(name: string): Condition {
    const decl = this.resolved.rules[name];
    if (!decl) throw new MinshengError({ code: 'expr/unknown-name', message: `no rule '${name}' in ${this.resolved.id}`, path: ['rules', name] });
    if (decl.type !== 'boolean') throw new NotExportable(`rule ${name} is ${decl.type}, not boolean`);
    if (this.stack.includes(name)) throw new NotExportable(`rules refer to each other in a cycle: ${[...this.stack, name].join(' → ')}`);
    this.stack.push(name);
    try {
      return this.condition(parseFormula(decl.formula));
    } finally {
      this.stack.pop();
    }
  }

  private condition(e: Expr): Condition {
    switch (e.kind) {
      case 'logical': {
        const key = e.op === 'and' ? 'all' : 'any';
        const flat: Condition[] = [];
        for (const side of [e.left, e.right]) {
          const c = this.condition(side);
          if (key in c && !('name' in c)) flat.push(...(c as unknown as Record<string, Condition[]>)[key]!);
          else flat.push(c);
        }
        return key === 'all' ? { all: flat } : { any: flat };
      }
      case 'unary':
        if (e.op !== 'not') throw new NotExportable('arithmetic negation is not a condition');
        return { not: this.condition(e.operand) };
      case 'compare':
        return this.compare(e.op, this.side(e.left), this.side(e.right));
      case 'in': {
        const subject = this.side(e.value);
        if (subject.kind !== 'fact' || e.list.kind !== 'list') throw new NotExportable("'in' needs a fact on the left and a literal list");
        const values = e.list.items.map((i) => {
          const s = this.side(i);
          if (s.kind !== 'value') throw new NotExportable("'in' lists must be literals");
          return s.value;
        });
        const operator = subject.numeric ? (e.negated ? 'decimalNotIn' : 'decimalIn') : e.negated ? 'notIn' : 'in';
        return { fact: subject.fact, ...(subject.path ? { path: subject.path } : {}), operator, value: values };
      }
      case 'name': {
        const s = this.side(e);
        if (s.kind === 'value') throw new NotExportable('a constant is not a condition');
        const decl = this.resolved.rules[e.path[0]!];
        if (decl?.type === 'boolean' && e.path.length === 1) {
          // Inline the referenced rule; when it cannot be expressed, read its value as a fact instead.
          const snapshot = new Set(this.facts);
          try {
            return this.rule(e.path[0]!);
          } catch (error) {
            if (!(error instanceof NotExportable)) throw error;
            this.facts = snapshot;
            this.facts.add(e.path[0]!);
            return { fact: e.path[0]!, operator: 'equal', value: true };
          }
        }
        return { fact: s.fact, ...(s.path ? { path: s.path } : {}), operator: 'equal', value: true };
      }
      default:
        throw new NotExportable(`${e.kind === 'call' ? `${e.callee}()` : e.kind === 'binary' ? 'arithmetic' : e.kind === 'if' ? 'if … then … else' : e.kind} cannot be written as a json-rules-engine condition`);
    }
  }

  private compare(op: string, left: Side, right: Side): Condition {
    let subject = left;
    let other = right;
    let o = op;
    if (subject.kind !== 'fact') {
      if (other.kind !== 'fact') throw new NotExportable('a comparison of two constants');
      [subject, other] = [other, subject];
      o = FLIP[op]!;
    }
    const fact = subject as Extract<Side, { kind: 'fact' }>;
    const numeric = fact.numeric || other.numeric;
    const operator = numeric ? DECIMAL_OPERATOR[o]! : o === '==' ? 'equal' : o === '!=' ? 'notEqual' : undefined;
    if (!operator) throw new NotExportable(`'${o}' on non-numbers (dates) has no json-rules-engine operator`);
    const value = other.kind === 'fact' ? { fact: other.fact, ...(other.path ? { path: other.path } : {}) } : other.value;
    return { fact: fact.fact, ...(fact.path ? { path: fact.path } : {}), operator, value };
  }

  private side(e: Expr): Side {
    switch (e.kind) {
      case 'number':
        return { kind: 'value', value: new Decimal(e.text).toString(), numeric: true };
      case 'unary':
        if (e.op === '-' && e.operand.kind === 'number') return { kind: 'value', value: new Decimal(e.operand.text).neg().toString(), numeric: true };
        throw new NotExportable('only literal numbers may be negated');
      case 'string':
        return { kind: 'value', value: e.value, numeric: false };
      case 'boolean':
        return { kind: 'value', value: e.value, numeric: false };
      case 'name':
        return this.name(e.path);
      default:
        throw new NotExportable(`${e.kind === 'binary' ? 'arithmetic' : e.kind === 'call' ? `${e.callee}()` : e.kind} is not a fact or a constant`);
    }
  }

  private name(path: readonly string[]): Side {
    for (let k = path.length; k >= 1; k--) {
      const candidate = path.slice(0, k).join('.');
      const param = this.resolved.parameters[candidate];
      if (!param) continue;
      if (k !== path.length || param.by || param.type === 'scale') throw new NotExportable(`parameter ${candidate} is a table or scale`);
      const value = valueAt(param.values, this.day);
      if (value === undefined) throw new NotExportable(`parameter ${candidate} has no value in force on ${this.day}`);
      if (typeof value === 'boolean') return { kind: 'value', value, numeric: false };
      return { kind: 'value', value: toDecimal(value).toString(), numeric: true };
    }
    const head = path[0]!;
    const input = this.resolved.inputs[head];
    const rule = this.resolved.rules[head];
    if (!input && !rule) throw new NotExportable(`unknown name ${path.join('.')}`);
    let type: string | undefined = rule?.type ?? input?.type;
    let decl: InputDecl | undefined = input;
    for (const field of path.slice(1)) {
      const f: InputDecl | undefined = decl?.type === 'record' ? decl.fields?.[field] : undefined;
      if (!f) throw new NotExportable(`no field ${field} in ${path.join('.')}`);
      decl = f;
      type = f.type;
    }
    if (type === 'date' || type === 'list' || type === 'record') throw new NotExportable(`${path.join('.')} is a ${type}`);
    if (!(rule?.type === 'boolean' && path.length === 1)) this.facts.add(head);
    const numeric = type === 'money' || type === 'rate' || type === 'decimal' || type === 'integer';
    return { kind: 'fact', fact: head, ...(path.length > 1 ? { path: `$.${path.slice(1).join('.')}` } : {}), numeric };
  }
}

function valueAt(values: readonly { from: string; until?: string; value: unknown }[], day: string): unknown {
  let found: unknown;
  for (const v of values) {
    if (v.from <= day && (v.until === undefined || day <= v.until)) found = v.value;
  }
  return found;
}

/**
 * Exports a ruleset's boolean rules as json-rules-engine rules. `and`/`or`/`not` become `all`/`any`/`not`;
 * a comparison becomes `{ fact, operator, value }` (numbers with the decimal operators of
 * {@link registerDecimalOperators}, values as exact decimal strings; rule-vs-rule comparisons use a
 * `{ fact }` value); a reference to another boolean rule is inlined (or, when that rule cannot be expressed,
 * read as a boolean fact); parameters are written in with their
 * value in force on `date`. Arithmetic, functions and `if` cannot be expressed: such rules are listed in
 * `skipped` (or, when named in `options.rules`, refused).
 *
 * Facts are the inputs and computed (non-boolean) rules the conditions read: give json-rules-engine their exact
 * values (e.g. from a traced evaluation), not values rounded for display.
 *
 * @throws MinshengError `expr/unknown-name` (a rule that does not exist), `input/type` (a named rule that
 *   cannot be expressed)
 * @example
 * const { rules, facts } = exportRules(resolved, { date: '2025-06-01', rules: ['edgeIncomeTestPassed'] });
 * rules[0].conditions;
 * //=> { all: [{ fact: 'perCapitaMonthlyIncome', operator: 'decimalLessThanInclusive', value: { fact: 'edgeIncomeCeiling' } }] }
 * facts; //=> ['perCapitaMonthlyIncome', 'edgeIncomeCeiling']
 */
export function exportRules(resolved: ResolvedRuleset, options: ExportOptions): ExportResult {
  requireArgument(typeof resolved === 'object' && resolved !== null && typeof resolved.rules === 'object' && resolved.rules !== null && typeof resolved.parameters === 'object' && resolved.parameters !== null, 'exportRules', 'ruleset', 'a resolved ruleset', resolved);
  requireArgument(typeof options === 'object' && options !== null && typeof options.date === 'string', 'exportRules', 'options', "an object { date: 'YYYY-MM-DD', rules? }", options);
  requireArgument(options.rules === undefined || (Array.isArray(options.rules) && options.rules.every((r) => typeof r === 'string')), 'exportRules', 'options.rules', 'a list of rule names', options.rules);
  parseDate(options.date, ['date']);
  const exporter = new Exporter(resolved, options.date);
  const names = options.rules ?? Object.keys(resolved.rules).filter((n) => resolved.rules[n]!.type === 'boolean');
  const rules: JsonRule[] = [];
  const skipped: { rule: string; reason: string }[] = [];
  for (const name of names) {
    const before = new Set(exporter.facts);
    try {
      const c = exporter.rule(name);
      const conditions: Condition = 'all' in c || 'any' in c || 'not' in c || 'condition' in c ? c : { all: [c] };
      rules.push({ name, conditions, event: options.event ? options.event(name) : { type: name } });
    } catch (error) {
      if (!(error instanceof NotExportable)) throw error;
      exporter.facts = before;
      if (options.rules) throw new MinshengError({ code: 'input/type', message: `rule ${name} cannot be exported to json-rules-engine: ${error.message}`, path: ['rules', name, 'formula'] });
      skipped.push({ rule: name, reason: error.message });
    }
  }
  return { rules, facts: [...exporter.facts], skipped };
}
