/**
 * Rules and results in words, never in formula syntax: a formula becomes a phrase ("the smaller of the
 * pooling payout before the cap and the pooling cap left this year"), a decided condition a sentence with
 * the values it compared ("the in-policy amount 20,000.00 yuan is above 0"), an author's explanation
 * template (`explain: { zh, en }` with `{name}` placeholders) is filled with the values of the evaluation,
 * and a citation reads as its title, issuer, 文号, article, date and status. Pure; read from the parsed
 * formula (its AST), never by rewriting its text. Used by the docs pages, the settlement letter and the CLI.
 */
import type { Compare, Expr } from '../expr/ast';
import { parseFormula } from '../expr/parse';
import type { OutputValue, RuleTrace, TraceComparison, ValueType } from '../engine/trace';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { InputDecl, Label } from '../ruleset/schema';
import { formatNumber, formatRate, formatWithUnit } from './format';

/** One language of a sentence. */
export type WordsLanguage = 'zh' | 'en';

/** What the words need from a ruleset (a {@link ResolvedRuleset} has it all). */
export type WordsRuleset = Pick<ResolvedRuleset, 'inputs' | 'parameters' | 'rules' | 'sources'>;

// ───────────────────────────── labels ─────────────────────────────

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Lower-cases the first letter of an English label used mid-sentence (not an acronym such as `CII`). */
function inSentence(text: string, lang: WordsLanguage): string {
  if (lang === 'zh' || text.length < 2) return text;
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Capitalises the first letter of an English sentence. */
export function sentenceCase(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** The declaration of an input path (`ytd.criticalBase` → the `criticalBase` field of `ytd`). */
function inputDeclAt(ruleset: WordsRuleset, path: readonly string[]): InputDecl | undefined {
  let decl: InputDecl | undefined = own(ruleset.inputs, path[0]!);
  for (const segment of path.slice(1)) {
    while (decl?.type === 'list') decl = decl.items;
    decl = decl?.type === 'record' ? own(decl.fields, segment) : undefined;
  }
  return decl;
}

/**
 * An enum value in words: the label an enum input (or an enum rule) of the ruleset gives it, else the value.
 *
 * @example
 * enumLabel(ruleset, 'tertiary', 'zh'); //=> '三级'
 */
export function enumLabel(ruleset: WordsRuleset, value: string, lang: WordsLanguage, within?: readonly string[]): string {
  if (within) {
    const decl = inputDeclAt(ruleset, within);
    const l = decl?.type === 'enum' ? own(decl.labels, value) : own(own(ruleset.rules, within[0]!)?.labels, value);
    if (l) return l[lang];
  }
  const stack: InputDecl[] = Object.values(ruleset.inputs);
  while (stack.length > 0) {
    const decl = stack.pop()!;
    if (decl.type === 'enum') {
      const l = own(decl.labels, value);
      if (l) return l[lang];
    } else if (decl.type === 'record') stack.push(...Object.values(decl.fields));
    else if (decl.type === 'list') stack.push(decl.items);
  }
  for (const rule of Object.values(ruleset.rules)) {
    const l = own(rule.labels, value);
    if (l) return l[lang];
  }
  return value;
}

/** The label of a name path (rule, parameter, input or record field), or the name itself. */
export function nameLabel(ruleset: WordsRuleset, path: readonly string[], lang: WordsLanguage): string {
  for (let n = path.length; n >= 1; n--) {
    const p = own(ruleset.parameters, path.slice(0, n).join('.'));
    if (p) return p.label?.[lang] ?? path.slice(0, n).join('.');
  }
  const rule = own(ruleset.rules, path[0]!);
  if (rule) return rule.label?.[lang] ?? path[0]!;
  const input = inputDeclAt(ruleset, path);
  if (input?.label) return input.label[lang];
  const head = own(ruleset.inputs, path[0]!);
  if (head?.label && path.length > 1) return lang === 'zh' ? `${head.label.zh}·${path.slice(1).join('.')}` : `${path.slice(1).join('.')} of ${inSentence(head.label.en, lang)}`;
  return path.join('.');
}

// ───────────────────────────── values of an evaluation ─────────────────────────────

/** A value with its type, as a trace records it. */
interface Typed {
  readonly value: OutputValue;
  readonly type: ValueType;
}

/** The values a rule read, by name (a parameter table by `name[key]`), from its trace. */
export function valuesOf(rule: RuleTrace | undefined, trace?: readonly RuleTrace[]): Map<string, Typed> {
  const out = new Map<string, Typed>();
  if (!rule) return out;
  for (const use of rule.uses) {
    const key = use.kind === 'parameter' && use.key !== undefined ? `${use.name}[${use.key}]` : use.name;
    if (!out.has(key)) out.set(key, { value: use.value, type: use.type });
    if (use.kind === 'parameter' && !out.has(use.name)) out.set(use.name, { value: use.value, type: use.type });
  }
  for (const t of trace ?? []) if (!out.has(t.name)) out.set(t.name, { value: t.value, type: t.valueType });
  out.set('value', { value: rule.value, type: rule.valueType });
  return out;
}

/** The value of a name path among the values read (`ytd.criticalBase` reads the field of the record `ytd`). */
function valueAt(values: ReadonlyMap<string, Typed>, path: readonly string[]): Typed | undefined {
  for (let n = path.length; n >= 1; n--) {
    let found: Typed | undefined = values.get(path.slice(0, n).join('.'));
    if (!found) continue;
    for (const field of path.slice(n)) {
      const v: OutputValue = found.value;
      if (found.type.kind !== 'record' || v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, field)) return undefined;
      const type: ValueType | undefined = own(found.type.fields, field);
      if (!type) return undefined;
      found = { value: (v as Record<string, OutputValue>)[field]!, type };
    }
    return found;
  }
  return undefined;
}

/** A value in words: money with its unit, rates as percents, booleans as yes/no, enums by their labels. */
function valueWords(ruleset: WordsRuleset, typed: Typed, lang: WordsLanguage, within?: readonly string[]): string {
  if (typed.type.kind === 'enum' && typeof typed.value === 'string') return quote(enumLabel(ruleset, typed.value, lang, within), lang);
  if (typed.type.kind === 'list' && Array.isArray(typed.value)) return lang === 'zh' ? `${typed.value.length} 项` : `${typed.value.length} ${typed.value.length === 1 ? 'item' : 'items'}`;
  if (typed.type.kind === 'bands' && Array.isArray(typed.value)) return bandsWords(typed.value, lang);
  if (typed.type.kind === 'record') return lang === 'zh' ? '（多项）' : '(several fields)';
  return formatWithUnit(typed.value, typed.type, lang);
}

/** Marginal bands in words: `above 15,000 yuan: 60%; above 65,000 yuan: 70%`. */
function bandsWords(bands: readonly unknown[], lang: WordsLanguage): string {
  return bands
    .map((b) => {
      const band = (b ?? {}) as { above?: unknown; rate?: unknown };
      const above = formatNumber(String(band.above));
      const rate = formatRate(String(band.rate));
      return lang === 'zh' ? `超过 ${above} 元的部分按 ${rate}` : `${rate} of the part above ${above} yuan`;
    })
    .join(lang === 'zh' ? '；' : '; ');
}

function quote(text: string, lang: WordsLanguage): string {
  return lang === 'zh' ? `“${text}”` : `“${text}”`;
}

// ───────────────────────────── formulas in words ─────────────────────────────

/** What the phrases are built from. */
export interface WordsScope {
  readonly ruleset: WordsRuleset;
  readonly lang: WordsLanguage;
  /** Values of this evaluation (see {@link valuesOf}); names are followed by their value when known. */
  readonly values?: ReadonlyMap<string, Typed>;
  /** Comparisons this evaluation made (their results decide which part of an `and`/`or` held). */
  readonly comparisons?: readonly TraceComparison[];
  /** The formula text the spans point into. */
  readonly text?: string;
}

const ZERO = /^0+(\.0+)?$/;

/** A phrase for an expression (no formula operator, no function call syntax). */
function phrase(e: Expr, s: WordsScope, withValues: boolean, depth = 0): string {
  const zh = s.lang === 'zh';
  const sub = (x: Expr, v = withValues) => phrase(x, s, v, depth + 1);
  // Compound parts of a compound phrase are bracketed so the reading stays unambiguous.
  const part = (x: Expr) => (x.kind === 'binary' || x.kind === 'if' || x.kind === 'logical' ? (zh ? `（${sub(x)}）` : `(${sub(x)})`) : sub(x));
  // The left side of a chain of the same kind (a − b − c, a × b × c) reads on without brackets.
  const chain = (x: Expr, op: string) =>
    x.kind === 'binary' && ((op === '+' || op === '-') ? x.op === '+' || x.op === '-' : (op === '*' && x.op === '*')) ? sub(x) : part(x);
  switch (e.kind) {
    case 'number':
      return e.percent ? `${formatNumber(e.text.replace(/_/g, ''))}%` : ZERO.test(e.text) ? (zh ? '零' : 'zero') : formatNumber(e.text.replace(/_/g, ''));
    case 'string':
      return quote(enumLabel(s.ruleset, e.value, s.lang), s.lang);
    case 'boolean':
      return zh ? (e.value ? '是' : '否') : e.value ? 'yes' : 'no';
    case 'date':
      return e.value;
    case 'name': {
      if (e.path[0] === 'it' && e.path.length === 1) return zh ? '该项' : 'the item';
      if (e.path[0] === 'it') return zh ? `该项的${nameOfField(s, e.path.slice(1))}` : `the item's ${nameOfField(s, e.path.slice(1))}`;
      if (e.path[0] === 'evaluationDate') return zh ? '评估日期' : 'the evaluation date';
      const label = inSentence(nameLabel(s.ruleset, e.path, s.lang), s.lang);
      const typed = withValues && s.values ? valueAt(s.values, e.path) : undefined;
      if (!typed || typed.type.kind === 'record' || typed.type.kind === 'list') return label;
      return zh ? `${label}（${valueWords(s.ruleset, typed, s.lang, e.path)}）` : `${label} (${valueWords(s.ruleset, typed, s.lang, e.path)})`;
    }
    case 'unary':
      if (e.op === 'not') return zh ? `并非${sub(e.operand)}` : `not ${sub(e.operand)}`;
      return zh ? `负的${part(e.operand)}` : `minus ${part(e.operand)}`;
    case 'binary': {
      const words = zh ? { '+': '加', '-': '减去', '*': '乘以', '/': '除以' } : { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divided by' };
      return `${chain(e.left, e.op)} ${words[e.op]} ${part(e.right)}`;
    }
    case 'logical':
      return zh ? `${sub(e.left)}${e.op === 'and' ? '，并且' : '，或者'}${sub(e.right)}` : `${sub(e.left)} ${e.op} ${sub(e.right)}`;
    case 'compare':
      return compareWords(e, s, true, withValues, depth);
    case 'in': {
      const items = e.list.kind === 'list' ? listWords(e.list.items.map((x) => sub(x)), s.lang, 'or') : sub(e.list);
      if (zh) return `${sub(e.value)}${e.negated ? '不是' : '是'}${items}${e.list.kind === 'list' && e.list.items.length > 1 ? '之一' : ''}`;
      return `${sub(e.value)} is ${e.negated ? 'none' : 'one'} of ${items}`;
    }
    case 'if': {
      // An `if … else if …` chain reads as one list of cases.
      const rungs: string[] = [];
      let x: Expr = e;
      let first = true;
      while (x.kind === 'if') {
        const test = sub(x.test);
        const then = sub(x.then);
        rungs.push(zh ? `${first ? '若' : '若是'}${test}，为${then}` : `${first ? 'if' : 'if instead'} ${test}, ${then}`);
        first = false;
        x = x.else;
      }
      rungs.push(zh ? `否则为${sub(x)}` : `otherwise ${sub(x)}`);
      return rungs.join(zh ? '；' : '; ');
    }
    case 'list':
      return listWords(e.items.map((x) => sub(x)), s.lang, 'and');
    case 'index': {
      const target = sub(e.target, false);
      const index = e.index;
      const key = index.kind === 'name' && s.values ? valueAt(s.values, index.path) : undefined;
      const keyText = key && typeof key.value === 'string' && index.kind === 'name' ? quote(enumLabel(s.ruleset, key.value, s.lang, index.path), s.lang) : sub(index, false);
      const base = e.target.kind === 'name' ? e.target.path.join('.') : undefined;
      const typed = withValues && s.values && base !== undefined && key && typeof key.value === 'string' ? s.values.get(`${base}[${key.value}]`) : undefined;
      const value = typed ? (zh ? `（${valueWords(s.ruleset, typed, s.lang)}）` : ` (${valueWords(s.ruleset, typed, s.lang)})`) : '';
      return zh ? `${keyText}对应的${target}${value}` : `${target} for ${keyText}${value}`;
    }
    case 'member':
      return zh ? `${sub(e.target)}的${e.field}` : `the ${e.field} of ${sub(e.target)}`;
    case 'call':
      return callWords(e.callee, e.args, s, sub, part);
    default:
      return '';
  }
}

function nameOfField(s: WordsScope, path: readonly string[]): string {
  // Item fields of list inputs: the first list input with such a field gives the label.
  for (const decl of Object.values(s.ruleset.inputs)) {
    let d: InputDecl | undefined = decl;
    while (d?.type === 'list') d = d.items;
    if (d?.type !== 'record') continue;
    let f: InputDecl | undefined = d;
    for (const segment of path) f = f?.type === 'record' ? own(f.fields, segment) : undefined;
    if (f?.label) return inSentence(f.label[s.lang], s.lang);
  }
  return path.join('.');
}

function listWords(items: readonly string[], lang: WordsLanguage, joiner: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  if (lang === 'zh') return items.join('、');
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

const COMPARE_WORDS: Record<WordsLanguage, Record<Compare['op'], readonly [string, string]>> = {
  // [holds, does not hold]
  en: { '>': ['is above', 'is not above'], '>=': ['is at least', 'is below'], '<': ['is below', 'is not below'], '<=': ['is at most', 'is above'], '==': ['is', 'is not'], '!=': ['is not', 'is'] },
  zh: { '>': ['高于', '不高于'], '>=': ['不低于', '低于'], '<': ['低于', '不低于'], '<=': ['不高于', '高于'], '==': ['等于', '不等于'], '!=': ['不等于', '等于'] },
};

function compareWords(e: Compare, s: WordsScope, holds: boolean, withValues: boolean, depth: number): string {
  const words = COMPARE_WORDS[s.lang][e.op][holds ? 0 : 1];
  const left = phrase(e.left, s, withValues, depth + 1);
  const right = phrase(e.right, s, withValues, depth + 1);
  // A compared side that is not a plain name gets the value the evaluation compared.
  const recorded = withValues ? findComparison(e, s) : undefined;
  const withValue = (text: string, x: Expr, v: OutputValue | undefined) =>
    recorded && v !== undefined && x.kind !== 'name' && x.kind !== 'number' && x.kind !== 'string' && x.kind !== 'index'
      ? s.lang === 'zh'
        ? `${text}（${valueWords(s.ruleset, { value: v, type: recorded.type }, s.lang)}）`
        : `${text} (${valueWords(s.ruleset, { value: v, type: recorded.type }, s.lang)})`
      : text;
  const l = withValue(left, e.left, recorded?.left);
  const r = withValue(right, e.right, recorded?.right);
  return s.lang === 'zh' ? `${l}${words}${r}` : `${l} ${words} ${r}`;
}

function findComparison(e: Compare, s: WordsScope): TraceComparison | undefined {
  if (!s.comparisons || s.text === undefined) return undefined;
  const text = s.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ');
  return s.comparisons.find((c) => c.expression.replace(/\s+/g, ' ') === text);
}

function callWords(callee: string, args: readonly Expr[], s: WordsScope, sub: (x: Expr, v?: boolean) => string, part: (x: Expr) => string): string {
  const zh = s.lang === 'zh';
  const a = args.map((x) => sub(x));
  switch (callee) {
    case 'min':
    case 'max': {
      const small = callee === 'min';
      // max(0, x): "x, but not below zero" reads better than "the larger of zero and x".
      const zeroAt = callee === 'max' && args.length === 2 ? args.findIndex((x) => x.kind === 'number' && ZERO.test(x.text)) : -1;
      if (zeroAt >= 0) {
        const other = a[1 - zeroAt]!;
        return zh ? `${other}（不低于零）` : `${other}, but not below zero`;
      }
      if (zh) return `${a.join('与')}中${a.length > 2 ? (small ? '最小' : '最大') : small ? '较小' : '较大'}者`;
      return `the ${a.length > 2 ? (small ? 'smallest' : 'largest') : small ? 'smaller' : 'larger'} of ${listWords(a, 'en', 'and')}`;
    }
    case 'clamp':
      return zh ? `${a[0]}（限制在${a[1]}至${a[2]}之间）` : `${a[0]}, kept between ${a[1]} and ${a[2]}`;
    case 'abs':
      return zh ? `${part(args[0]!)}的绝对值` : `the absolute value of ${a[0]}`;
    case 'round': {
      const places = args[1]?.kind === 'number' ? args[1].text : a[1];
      const mode = args[2]?.kind === 'string' ? args[2].value : 'half-up';
      const modeWords = zh ? ({ 'half-up': '四舍五入', 'half-even': '银行家舍入', 'half-down': '五舍六入', up: '进位', down: '舍去', ceiling: '向上取整', floor: '向下取整' } as Record<string, string>)[mode] ?? mode : mode.replace('-', ' ');
      if (zh) return `${part(args[0]!)}${modeWords}${places === '2' ? '到分' : places === '0' ? '到元' : `保留 ${places} 位小数`}`;
      return `${a[0]}, rounded (${modeWords}) to ${places === '2' ? 'the fen' : places === '0' ? 'whole yuan' : `${places} decimal places`}`;
    }
    case 'scale':
      return zh ? `${part(args[0]!)}按${sub(args[1]!, false)}分段累进计算的金额` : `${a[0]} worked through the bands of ${sub(args[1]!, false)}`;
    case 'sum':
      return zh ? `${sub(args[0]!, false)}各项${a[1] ?? ''}之和` : `the sum over ${sub(args[0]!, false)} of ${a[1] ?? 'each item'}`;
    case 'count':
      return zh ? `${sub(args[0]!, false)}中${a[1] ? `满足${a[1]}的` : ''}项数` : `the number of items of ${sub(args[0]!, false)}${a[1] ? ` where ${a[1]}` : ''}`;
    case 'exists':
      return zh ? `${sub(args[0]!, false)}${a[1] ? `中有一项满足${a[1]}` : '至少有一项'}` : `${sub(args[0]!, false)} ${a[1] ? `has an item where ${a[1]}` : 'has at least one item'}`;
    case 'every':
      return zh ? `${sub(args[0]!, false)}每一项都满足${a[1] ?? ''}` : `every item of ${sub(args[0]!, false)} has ${a[1] ?? ''}`;
    case 'age':
      return zh ? `按${a[0]}计算${a[1] ? `到${a[1]}` : '到评估日期'}的周岁` : `the age in whole years from ${a[0]}${a[1] ? ` to ${a[1]}` : ' at the evaluation date'}`;
    case 'daysBetween':
    case 'monthsBetween':
    case 'yearsBetween': {
      const unit = callee === 'daysBetween' ? ['天数', 'days'] : callee === 'monthsBetween' ? ['整月数', 'whole months'] : ['整年数', 'whole years'];
      return zh ? `从${a[0]}到${a[1]}的${unit[0]}` : `the ${unit[1]} from ${a[0]} to ${a[1]}`;
    }
    default:
      return zh ? `${a.join('、')}的${callee}` : `${callee} of ${listWords(a, 'en', 'and')}`;
  }
}

function parsed(formula: string): Expr | undefined {
  try {
    return parseFormula(formula, { maxLength: Number.MAX_SAFE_INTEGER, maxDepth: 256 });
  } catch {
    return undefined;
  }
}

/**
 * A formula as a phrase in words, names replaced by their labels (followed by their values when a scope
 * carries them). A formula that does not parse gives `undefined` (the caller says nothing rather than
 * showing code).
 *
 * @example
 * formulaWords('min(basicBeforeCap, basicCapLeft)', { ruleset, lang: 'en' });
 * //=> 'the smaller of pooling payout before the cap and pooling cap left this year'
 */
export function formulaWords(formula: string, scope: WordsScope): string | undefined {
  const ast = parsed(formula);
  return ast ? phrase(ast, { ...scope, text: formula }, scope.values !== undefined) : undefined;
}

/**
 * A decided condition as a sentence with the values it compared: for a condition that did not hold, the
 * negation ("the in-policy amount (20,000.00 yuan) is not zero"); the parts of an `and` that held (of an
 * `or` that failed) each stated.
 */
export function conditionWords(condition: string, holds: boolean, scope: WordsScope): string | undefined {
  const ast = parsed(condition);
  if (!ast) return undefined;
  const s: WordsScope = { ...scope, text: condition };
  return truth(ast, holds, s);
}

function truth(e: Expr, holds: boolean, s: WordsScope): string {
  const zh = s.lang === 'zh';
  const withValues = s.values !== undefined;
  if (e.kind === 'compare') return compareWords(e, s, holds, withValues, 0);
  if (e.kind === 'unary' && e.op === 'not') return truth(e.operand, !holds, s);
  if (e.kind === 'logical' && ((e.op === 'and' && holds) || (e.op === 'or' && !holds))) {
    const parts = [truth(e.left, holds, s), truth(e.right, holds, s)];
    return zh ? parts.join('，并且') : parts.join(', and ');
  }
  if (e.kind === 'in') {
    const items = e.list.kind === 'list' ? listWords(e.list.items.map((x) => phrase(x, s, false)), s.lang, 'or') : phrase(e.list, s, false);
    const inList = e.negated ? !holds : holds;
    const value = phrase(e.value, s, withValues);
    return zh ? `${value}${inList ? '是' : '不是'}${items}${e.list.kind === 'list' && e.list.items.length > 1 ? '之一' : ''}` : `${value} is ${inList ? 'one' : 'none'} of ${items}`;
  }
  if (e.kind === 'name') {
    const label = inSentence(nameLabel(s.ruleset, e.path, s.lang), s.lang);
    return zh ? `${label}：${holds ? '是' : '否'}` : `${label}: ${holds ? 'yes' : 'no'}`;
  }
  const text = phrase(e, s, withValues);
  return zh ? `“${text}”${holds ? '成立' : '不成立'}` : `“${text}” ${holds ? 'holds' : 'does not hold'}`;
}

// ───────────────────────────── templates ─────────────────────────────

/** A piece of a filled template: text, or a value (pages set values in bold). */
export type TemplatePiece = string | { readonly value: string; readonly name: string };

/**
 * Fills an explanation template: `{value}` is the rule's value, `{name}` (or `{dotted.name}`, `{table[key]}`
 * is not needed: a table reads as the entry the rule looked up) the value of what the rule read, formatted
 * by its type with its unit. An unknown placeholder becomes the name's label (never the braces).
 *
 * @example
 * fillTemplate('{eligibleAmount} minus the deductible {deductibleApplied}, times {basicPayRate}', rule, ruleset, 'en');
 */
export function fillTemplate(template: string, rule: RuleTrace, ruleset: WordsRuleset, lang: WordsLanguage, trace?: readonly RuleTrace[]): TemplatePiece[] {
  const values = valuesOf(rule, trace);
  const out: TemplatePiece[] = [];
  const re = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    const name = m[1]!;
    const path = name.split('.');
    const typed = valueAt(values, path);
    out.push(typed ? { value: valueWords(ruleset, typed, lang, path), name } : inSentence(nameLabel(ruleset, path, lang), lang));
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

// ───────────────────────────── one rule, one explanation ─────────────────────────────

/** A rule's result explained in words, in parts a page lays out and links. */
export interface RuleWords {
  /** The rule's label (or name). */
  readonly label: string;
  /** Its value in words (money with its unit). */
  readonly value: string;
  /** The author's template filled in, when the rule has one. */
  readonly template?: readonly TemplatePiece[];
  /** The rule as the policy words it (its `text`), when it has one. */
  readonly text?: string;
  /** Without a template: how the value is worked out, in words. */
  readonly how?: string;
  /** Without a template: each condition decided on the way, as a sentence with its values. */
  readonly decided: readonly string[];
}

/**
 * Explains one traced rule in words (see {@link RuleWords}): the template when the ruleset gives one,
 * else the formula as a phrase and the conditions decided, with the values of this evaluation.
 *
 * @example
 * const w = ruleWords(trace.find((t) => t.name === 'basicPaid')!, program.ruleset, 'en', trace);
 * w.how; //=> 'the smaller of pooling payout before the cap (19,920.00 yuan) and …'
 */
export function ruleWords(rule: RuleTrace, ruleset: WordsRuleset, lang: WordsLanguage, trace?: readonly RuleTrace[]): RuleWords {
  const decl = own(ruleset.rules, rule.name);
  const label = (rule.label ?? decl?.label)?.[lang] ?? rule.name;
  const value = valueWords(ruleset, { value: rule.value, type: rule.valueType }, lang, [rule.name]);
  const text = rule.text?.[lang];
  const base = { label, value, ...(text ? { text } : {}) };
  if (decl?.explain) return { ...base, template: fillTemplate(decl.explain[lang], rule, ruleset, lang, trace), decided: [] };
  const scope: WordsScope = { ruleset, lang, values: valuesOf(rule), comparisons: rule.comparisons };
  // A yes/no rule reads as the condition stated as it turned out ("… is not below …"), not as a question.
  const how =
    !rule.formula.trim() || /^'?[\d.]+'?$/.test(rule.formula.trim())
      ? undefined
      : typeof rule.value === 'boolean'
        ? conditionWords(rule.formula, rule.value, scope)
        : formulaWords(rule.formula, scope);
  const seen = new Set<string>();
  const decided: string[] = [];
  for (const b of rule.branches) {
    const key = `${b.condition}\u0000${b.taken}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sentence = conditionWords(b.condition, b.taken === 'then', scope);
    if (sentence) decided.push(sentence);
  }
  return { ...base, ...(how ? { how } : {}), decided };
}

/** A {@link RuleWords} as one plain paragraph (for the CLI and tests). */
export function ruleWordsText(w: RuleWords, lang: WordsLanguage): string {
  const zh = lang === 'zh';
  const parts = [zh ? `${w.label}：${w.value}。` : `${w.label}: ${w.value}.`];
  if (w.template) parts.push(w.template.map((p) => (typeof p === 'string' ? p : p.value)).join(''));
  else {
    if (w.text) parts.push(w.text);
    if (w.decided.length > 0) parts.push(zh ? `本例中${w.decided.join('；')}。` : `Here ${w.decided.join('; ')}.`);
    if (w.how) parts.push(zh ? `计算方法：${w.how}。` : `It is ${w.how}.`);
  }
  return parts.join(zh ? '' : ' ');
}

// ───────────────────────────── citations ─────────────────────────────

/** How a source was checked, in words. */
export function statusWords(status: string, lang: WordsLanguage): string {
  const words: Record<string, Label> = {
    verified: { zh: '已核对原文', en: 'verified against the official text' },
    seed: { zh: '据初读摘录', en: 'from a first reading' },
    secondary: { zh: '二手资料', en: 'secondary report' },
    inferred: { zh: '推算所得', en: 'inferred' },
  };
  return words[status]?.[lang] ?? status;
}

/** A citation in parts: the title, and the details (issuer, 文号, article, date, status) in words. */
export interface CitationWords {
  readonly id: string;
  readonly title: string;
  readonly details: string;
  readonly url?: string;
  readonly status?: string;
}

/**
 * A citation of the ruleset's sources in words. An id the ruleset does not declare keeps the id as its
 * title and says so.
 *
 * @example
 * citationWords(ruleset, 'gov-2021-42-medical-assistance', 'zh').title; //=> '国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见'
 */
export function citationWords(ruleset: Pick<WordsRuleset, 'sources'>, id: string, lang: WordsLanguage): CitationWords {
  const source = own(ruleset.sources, id);
  if (!source) return { id, title: id, details: lang === 'zh' ? '规则集未声明此来源' : 'not declared in the ruleset' };
  const parts = [source.issuer, source.docNumber, source.section, source.date, statusWords(source.status, lang)].filter((x): x is string => typeof x === 'string' && x !== '');
  return { id, title: source.title, details: parts.join(lang === 'zh' ? '，' : ', '), ...(source.url ? { url: source.url } : {}), status: source.status };
}

/** A citation as plain text: `《title》（issuer，文号，date，status）` / `“title” (issuer, …)`. */
export function citationText(c: CitationWords, lang: WordsLanguage): string {
  return lang === 'zh' ? `《${c.title}》（${c.details}）` : `“${c.title}” (${c.details})`;
}

