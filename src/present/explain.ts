/**
 * An evaluation result → plain text for people: the outputs with their labels and values (money
 * right-aligned in one column), then for every output rule *why*: its text, its formula, the branches
 * it took, and everything it read — inputs, parameters (with the date they are in force from and their
 * citation) and other rules, expanded as an indented tree — and finally the sources cited.
 *
 * Used by the CLI (`minsheng eval … --trace`) and by generated docs. Pure: returns lines, prints nothing.
 */
import { requireArgument, isOptions } from '../errors';
import type { EvaluationResult, Program } from '../engine/program';
import type { OutputValue, RuleTrace, TraceUse, ValueType } from '../engine/trace';
import { formatValue } from './format';
import type { Label } from '../ruleset/schema';
import { displayWidth, pad, truncate, wrap } from './text-layout';

/** Which language(s) labels and headings are written in. */
export type ExplainLanguage = 'zh' | 'en' | 'both';

/** Wraps parts of an explanation (e.g. in terminal colour codes); each function returns its text styled. */
export interface ExplainStyle {
  heading(text: string): string;
  name(text: string): string;
  value(text: string): string;
  dim(text: string): string;
}

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** Labels and headings in Chinese, English or both (default `'both'`). */
  readonly lang?: ExplainLanguage;
  /** The program that produced the result: gives labels, input/parameter types and source titles. */
  readonly program?: Program;
  /** Maximum line width in terminal columns (CJK characters count 2). Default 100. */
  readonly width?: number;
  /** How headings, names, values and notes are styled (default: plain text). The CLI passes terminal colours. */
  readonly style?: ExplainStyle;
  /** Leave out the header (ruleset, version, date, hash). Default false. */
  readonly noHeader?: boolean;
}

/**
 * Explains one evaluation result as text lines: header, outputs table, and — when the result carries a
 * trace — the why-tree of every output rule and the sources it cites.
 *
 * @param result what `program.evaluate(input, { trace: true })` returned (a result without a trace gives the outputs only)
 * @param options language, the program (for labels and source titles), width, color
 * @returns the lines, without trailing newlines
 * @example
 * const result = program.evaluate(claim, { date: '2025-06-01', trace: true });
 * console.log(explain(result, { lang: 'both', program }).join('\n'));
 * //=> bench/settlement@1.1.0 · 评估日期 evaluation date 2025-06-01 …
 * @category Explain
 */
export function explain(result: EvaluationResult, options: ExplainOptions = {}): string[] {
  requireArgument(
    typeof result === 'object' && result !== null && typeof result.outputs === 'object' && result.outputs !== null && typeof result.provenance === 'object' && result.provenance !== null,
    'explain',
    'result',
    'an evaluation result (program.evaluate(…))',
    result,
  );
  requireArgument(isOptions(options), 'explain', 'options', 'an object { lang?, program?, width?, style? }', options);
  options ??= {};
  const ctx = context(options);
  const out: string[] = [];
  if (!options.noHeader) out.push(...header(result, ctx), '');
  out.push(ctx.style.heading(ctx.t('结果', 'Outputs')));
  const rows: Line[] = [];
  for (const [name, value] of Object.entries(result.outputs)) {
    const label = ctx.ruleLabel(name, result.trace);
    rows.push(row([`  ${name}`, ...ctx.labelCells(label), formatCell(value, result.trace?.find((t) => t.name === name)?.valueType ?? ctx.outputType(name))], ['name', 'label', 'label', 'value']));
  }
  out.push(...render(rows, ctx));
  if (result.trace && result.trace.length > 0) {
    out.push('', ctx.style.heading(ctx.t('依据', 'Why')));
    // The outputs of this result (all outputs, or the ones asked for) each get a tree; every other
    // rule is expanded under the first output that reads it.
    const shown = new Set(Object.keys(result.outputs));
    const tree: Tree = { byName: new Map(result.trace.map((t) => [t.name, t])), expanded: new Set(), cited: new Map(), ctx, lines: [], topLevel: shown, listed: new Set() };
    for (const trace of result.trace) {
      if (!shown.has(trace.name)) continue;
      if (tree.lines.length > 0) tree.lines.push(text(''));
      ruleTree(trace, tree);
    }
    out.push(...render(tree.lines, ctx));
    if (tree.cited.size > 0) out.push('', ctx.style.heading(ctx.t('来源', 'Sources')), ...sourcesSection(tree.cited, ctx));
  }
  return out;
}

/**
 * Explains one rule of a trace as a tree (the rule, its formula and everything it read, with the
 * intermediate rules it depends on expanded). Used to show "the first differing rule" of a failing test case.
 *
 * @param name the rule to explain
 * @param trace the whole trace of the evaluation
 * @example
 * explainRule('basicPaid', result.trace!, { program, lang: 'en' }).join('\n');
 * @category Explain
 */
export function explainRule(name: string, trace: readonly RuleTrace[], options: ExplainOptions = {}): string[] {
  const ctx = context(options);
  const byName = new Map(trace.map((t) => [t.name, t]));
  const rule = byName.get(name);
  if (!rule) return [];
  // Expand every rule it reads, outputs included: here the reader is hunting for the first wrong number.
  const tree: Tree = { byName, expanded: new Set(), cited: new Map(), ctx, lines: [], topLevel: new Set(), listed: new Set() };
  ruleTree(rule, tree);
  return render(tree.lines, ctx);
}

// ───────────────────────────── context ─────────────────────────────

type Style = ExplainStyle;

const PLAIN: Style = { heading: (s) => s, name: (s) => s, value: (s) => s, dim: (s) => s };

interface Ctx {
  readonly lang: ExplainLanguage;
  readonly width: number;
  readonly style: Style;
  readonly program: Program | undefined;
  t(zh: string, en: string): string;
  /** Labels in both columns of the outputs table. */
  labelCells(label: Label | undefined): [string, string];
  /** The one label of a tree row (Chinese in `both`). */
  label(label: Label | undefined): string;
  /** A rule heading's label line: `zh · en` in `both`. */
  labelLine(label: Label | undefined): string | undefined;
  ruleLabel(name: string, trace: readonly RuleTrace[] | undefined): Label | undefined;
  /** A rule's value type from the program (when the result carries no trace). */
  outputType(name: string): ValueType | undefined;
}

function context(options: ExplainOptions): Ctx {
  const lang = options.lang ?? 'both';
  const program = options.program;
  return {
    lang,
    width: Math.max(40, options.width ?? 100),
    style: options.style ?? PLAIN,
    program,
    t: (zh, en) => (lang === 'zh' ? zh : lang === 'en' ? en : `${zh} ${en}`),
    labelCells: (label) => {
      if (!label) return ['', ''];
      if (lang === 'zh') return [label.zh, ''];
      if (lang === 'en') return [label.en, ''];
      return [label.zh, label.en];
    },
    label: (label) => (!label ? '' : lang === 'en' ? label.en : label.zh),
    labelLine: (label) => (!label ? undefined : lang === 'zh' ? label.zh : lang === 'en' ? label.en : `${label.zh} · ${label.en}`),
    ruleLabel: (name, trace) => trace?.find((t) => t.name === name)?.label ?? program?.ruleset.rules[name]?.label,
    outputType: (name) => program?.valueTypes[name],
  };
}

// ───────────────────────────── header and sources ─────────────────────────────

function header(result: EvaluationResult, ctx: Ctx): string[] {
  const p = result.provenance;
  const lines = [`${ctx.style.heading(`${p.ruleset}@${p.version}`)} · ${ctx.t('评估日期', 'evaluation date')} ${p.date}`];
  const label = ctx.program?.ruleset.label;
  if (label) {
    if (ctx.lang !== 'en') lines.push(...wrap(label.zh, ctx.width));
    if (ctx.lang !== 'zh') lines.push(...wrap(label.en, ctx.width));
  }
  if (p.chain.length > 1) lines.push(ctx.style.dim(`${ctx.t('继承链', 'extends chain')} ${p.chain.join(' → ')}`));
  lines.push(ctx.style.dim(`${ctx.lang === 'zh' ? '内容哈希' : 'hash'} ${p.hash}`));
  return lines;
}

function sourcesSection(cited: Cited, ctx: Ctx): string[] {
  const sources = ctx.program?.ruleset.sources;
  const ids = [...cited.keys()].filter((id) => id !== NO_SOURCE).sort();
  const lines: string[] = [];
  const indent = '    ';
  const room = ctx.width - indent.length;
  for (const id of ids) {
    const source = sources?.[id] as { title?: string; issuer?: string; docNumber?: string; date?: string; url?: string; status?: string } | undefined;
    // Without the program the titles are unknown, not missing.
    const title = source?.title ?? (ctx.program ? ctx.t('（规则集未声明此来源）', '(not declared in the ruleset)') : '');
    const head = wrap(`[${id}] ${title}`.trimEnd(), ctx.width - 2);
    lines.push(`  ${head[0] ?? ''}`, ...head.slice(1).map((l) => indent + l));
    const meta = [source?.issuer, source?.docNumber, source?.date, source?.status].filter((x): x is string => typeof x === 'string' && x.length > 0);
    if (meta.length > 0) lines.push(indent + ctx.style.dim(meta.join(' · ')));
    if (source?.url) lines.push(indent + ctx.style.dim(source.url));
    lines.push(...inForce(cited.get(id)!, ctx).flatMap((l) => wrap(l, room).map((w) => indent + w)));
  }
  const uncited = cited.get(NO_SOURCE);
  if (uncited && uncited.size > 0) {
    lines.push(`  ${ctx.t('无来源', 'without a source')}`, ...inForce(uncited, ctx).flatMap((l) => wrap(l, room).map((w) => indent + w)));
  }
  return lines;
}

/** `参数 parameters in force since 2025-01-01: a, b` — one line per date. */
function inForce(byDate: ReadonlyMap<string, ReadonlySet<string>>, ctx: Ctx): string[] {
  return [...byDate.keys()].sort().map((from) => {
    const names = [...byDate.get(from)!].sort().join(', ');
    return ctx.lang === 'zh' ? `${from} 起施行的参数：${names}` : `${ctx.t('参数', 'parameters')} in force since ${from}: ${names}`;
  });
}

// ───────────────────────────── the why-tree ─────────────────────────────

type CellStyle = 'plain' | 'name' | 'label' | 'value' | 'cite';
type Line = { readonly kind: 'row'; readonly cells: string[]; readonly styles: CellStyle[] } | { readonly kind: 'text'; readonly text: string };

/**
 * Tree rows: name, value (right-aligned), citation or kind, label (cut to fit). In `both`, a row's
 * label is the Chinese one: the names are English already, and rule headings carry both labels.
 */
const ROW_STYLES: CellStyle[] = ['name', 'value', 'cite', 'label'];
/** At most this many distinct branch/comparison outcomes per rule. */
const MAX_DECISIONS = 12;
/** Values wider than this (bands, lists) go on their own line under the row. */
const MAX_VALUE_WIDTH = 16;

function row(cells: string[], styles: CellStyle[]): Line {
  return { kind: 'row', cells, styles };
}
function text(t: string): Line {
  return { kind: 'text', text: t };
}
function treeRow(name: string, value: string, citation: string, label: string): Line {
  return row([name, value, citation, label], ROW_STYLES);
}

/** What the explanation cites: per source id, the parameters read from it and the dates they are in force from. */
type Cited = Map<string, Map<string, Set<string>>>;

function cite(cited: Cited, source: string | undefined, parameter?: string, from?: string): void {
  if (!source) return;
  let entry = cited.get(source);
  if (!entry) cited.set(source, (entry = new Map()));
  if (parameter !== undefined && from !== undefined) {
    let names = entry.get(from);
    if (!names) entry.set(from, (names = new Set()));
    names.add(parameter);
  }
}

interface Tree {
  readonly byName: ReadonlyMap<string, RuleTrace>;
  readonly expanded: Set<string>;
  readonly cited: Cited;
  readonly ctx: Ctx;
  readonly lines: Line[];
  /** Rules that get a tree of their own (not expanded where they are read). */
  readonly topLevel: ReadonlySet<string>;
  /** Inputs whose (long) value was already listed: later rows give only its size. */
  readonly listed: Set<string>;
}

/** The tree of one rule: a heading row, its labels, text and formula, then everything it read. */
function ruleTree(rule: RuleTrace, tree: Tree): void {
  tree.expanded.add(rule.name);
  cite(tree.cited, rule.source);
  tree.lines.push(treeRow(`■ ${rule.name}`, formatCell(rule.value, rule.valueType), bracket(rule.source), ''));
  const heading = tree.ctx.labelLine(rule.label);
  ruleBody(rule, '  ', tree, heading);
}

function ruleBody(rule: RuleTrace, prefix: string, tree: Tree, heading?: string): void {
  const { ctx, lines } = tree;
  const bar = rule.uses.length > 0 ? '│ ' : '  ';
  const room = ctx.width - displayWidth(prefix) - 2;
  if (heading) for (const l of wrap(heading, room)) lines.push(text(prefix + bar + ctx.style.heading(l)));
  if (rule.text) {
    const paragraphs = ctx.lang === 'zh' ? [rule.text.zh] : ctx.lang === 'en' ? [rule.text.en] : [rule.text.zh, rule.text.en];
    for (const p of paragraphs) for (const l of wrap(p, room)) lines.push(text(prefix + bar + l));
  }
  for (const l of wrapFormula(`= ${oneLine(rule.formula)}`, room)) lines.push(text(prefix + bar + ctx.style.dim(l)));
  // Inside sum()/count() the same branch runs once per item: say each distinct outcome once, with a count.
  // A branch on a comparison is said by the comparison (✓/✗ with both sides).
  const compared = new Set(rule.comparisons.map((c) => oneLine(c.expression)));
  const decisions = [
    ...rule.branches.filter((b) => !compared.has(oneLine(b.condition))).map((b) => `${ctx.t('分支', 'branch')}: if ${b.condition} → ${b.taken}`),
    ...rule.comparisons.map((c) => `${c.result ? '✓' : '✗'} ${oneLine(c.expression)}  (${formatCell(c.left, c.type)} ${c.op} ${formatCell(c.right, c.type)})`),
  ];
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d, (counts.get(d) ?? 0) + 1);
  let shownDecisions = 0;
  for (const [d, n] of counts) {
    if (shownDecisions++ === MAX_DECISIONS) {
      lines.push(text(`${prefix}${bar}${ctx.style.dim(`… ${counts.size - MAX_DECISIONS} more`)}`));
      break;
    }
    for (const l of wrapFormula(n > 1 ? `${d}  ×${n}` : d, room)) lines.push(text(prefix + bar + l));
  }
  rule.uses.forEach((use, i) => {
    const last = i === rule.uses.length - 1;
    useRow(use, prefix + (last ? '└─ ' : '├─ '), prefix + (last ? '   ' : '│  '), tree);
  });
}

function useRow(use: TraceUse, branch: string, next: string, tree: Tree): void {
  const { ctx, byName, expanded, lines } = tree;
  const program = ctx.program;
  if (use.kind === 'input') {
    const decl = program?.ruleset.inputs[use.name];
    const value = use.value;
    const again = tree.listed.has(use.name);
    tree.listed.add(use.name);
    pushLeaf(lines, branch + use.name, value, use.type, `${ctx.t('输入', 'input')}${again && Array.isArray(value) ? ' ↑' : ''}`, ctx.label(decl?.label), next, again);
    return;
  }
  if (use.kind === 'parameter') {
    const decl = program?.ruleset.parameters[use.name];
    const value = use.value;
    const layered = use.layer && program && program.ruleset.chain.length > 1 ? `${use.name} (${use.layer})` : use.name;
    cite(tree.cited, use.source ?? NO_SOURCE, layered, use.from);
    const name = use.key !== undefined ? `${use.name}[${use.key}]` : use.name;
    pushLeaf(lines, branch + name, value, use.type, bracket(use.source), ctx.label(decl?.label), next);
    return;
  }
  const rule = byName.get(use.name);
  const label = ctx.label(rule?.label ?? program?.ruleset.rules[use.name]?.label);
  const value = rule ? rule.value : use.value;
  if (!rule || expanded.has(use.name) || tree.topLevel.has(use.name)) {
    const note = !rule ? '' : expanded.has(use.name) ? ctx.t('↑ 见上', '↑ see above').replace('↑ see', 'see') : ctx.t('↓ 见下', '↓ see below').replace('↓ see', 'see');
    pushLeaf(lines, branch + use.name, value, use.type, note, label, next);
    return;
  }
  expanded.add(use.name);
  cite(tree.cited, rule.source);
  lines.push(treeRow(branch + use.name, formatCell(value, rule.valueType), bracket(rule.source), label));
  ruleBody(rule, next, tree);
}

const NO_SOURCE = '';

/**
 * A leaf row. A value too wide for the value column goes under the row: a list one item per line
 * (records as `field value · field value`), anything else on one line.
 */
function pushLeaf(lines: Line[], name: string, value: OutputValue, type: ValueType, citation: string, label: string, next: string, brief = false): void {
  const short = formatCell(value, type);
  if (displayWidth(short) <= MAX_VALUE_WIDTH) {
    lines.push(treeRow(name, short, citation, label));
    return;
  }
  if (Array.isArray(value) && type.kind !== 'bands') {
    lines.push(treeRow(name, `${value.length} ${value.length === 1 ? 'item' : 'items'}`, citation, label));
    if (brief) return;
    value.slice(0, MAX_LIST_ITEMS).forEach((item, i) => lines.push(text(`${next}  [${i}] ${flat(item)}`)));
    if (value.length > MAX_LIST_ITEMS) lines.push(text(`${next}  … ${value.length - MAX_LIST_ITEMS} more`));
    return;
  }
  lines.push(treeRow(name, '↓', citation, label));
  lines.push(text(`${next}  ${type.kind === 'bands' ? short : flat(value)}`));
}

const MAX_LIST_ITEMS = 12;

/** A record as `field value · field value`; other values as {@link formatValue} without the length cap. */
function flat(value: OutputValue): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${v !== null && typeof v === 'object' ? JSON.stringify(v) : formatValue(v)}`)
      .join(' · ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function bracket(source: string | undefined): string {
  return source ? `[${source}]` : '';
}

// ───────────────────────────── values ─────────────────────────────

/** A value as one short cell, by its type: money with 2 decimals, rates as percents, bands as `15,000 → 60%`. */
export function formatCell(value: OutputValue | undefined, type?: ValueType): string {
  if (value === undefined) return '';
  if (value === null) return '—';
  if (typeof value !== 'object' || type?.kind === 'bands') return formatValue(value, type, { grouping: false });
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

function oneLine(formula: string): string {
  return formula.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

/** Wraps a formula at spaces (keeping operators with what follows), continuation lines indented. */
function wrapFormula(formula: string, width: number): string[] {
  if (displayWidth(formula) <= width) return [formula];
  const lines = wrap(formula, width - 2);
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`));
}

// ───────────────────────────── layout ─────────────────────────────

/**
 * Lays out rows in columns (name, zh label, en label, value right-aligned, citation) and passes text
 * lines through. Labels are cut with '…' when a row would be wider than the width.
 */
function render(lines: readonly Line[], ctx: Ctx): string[] {
  const rows = lines.filter((l): l is Extract<Line, { kind: 'row' }> => l.kind === 'row');
  const columns = rows.reduce((n, r) => Math.max(n, r.cells.length), 0);
  const widths = new Array<number>(columns).fill(0);
  for (const r of rows) r.cells.forEach((c, i) => (widths[i] = Math.max(widths[i]!, displayWidth(c))));
  // Shrink label columns (the longest first) until a row fits the width.
  const gaps = 2;
  const used = () => widths.reduce((s, w, i) => s + w + (w > 0 && i < columns - 1 ? gaps : 0), 0);
  const columnsOf = (style: CellStyle) => rows[0]?.styles.map((s, i) => (s === style ? i : -1)).filter((i) => i >= 0) ?? [];
  const labels = columnsOf('label');
  const cites = columnsOf('cite');
  // Labels give way first (to 8 CJK characters), then long citations (to 20 columns), then labels again.
  const steps: [number[], number][] = [
    [labels, 16],
    [cites, 20],
    [labels, 8],
  ];
  for (const [cols, floor] of steps) {
    while (used() > ctx.width && cols.some((i) => widths[i]! > floor)) {
      const widest = cols.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest] = widths[widest]! - 1;
    }
  }
  const out: string[] = [];
  for (const line of lines) {
    if (line.kind === 'text') {
      out.push(line.text.trimEnd());
      continue;
    }
    const parts: string[] = [];
    line.cells.forEach((cell, i) => {
      const width = widths[i]!;
      if (width === 0) return;
      const style = line.styles[i] ?? 'plain';
      const fitted = style === 'label' || style === 'cite' ? truncate(cell, width) : cell;
      const padded = pad(fitted, width, style === 'value' ? 'right' : 'left');
      parts.push(stylize(padded, style, ctx.style));
    });
    out.push(parts.join(' '.repeat(gaps)).trimEnd());
  }
  return out;
}

function stylize(cell: string, style: CellStyle, s: Style): string {
  if (!cell.trim()) return cell;
  switch (style) {
    case 'name': {
      // Keep tree-drawing characters unstyled.
      const m = /^([\s│├└─■]*)(.*?)(\s*)$/.exec(cell)!;
      return m[1]! + s.name(m[2]!) + m[3]!;
    }
    case 'value': {
      const m = /^(\s*)(.*)$/.exec(cell)!;
      return m[1]! + s.value(m[2]!);
    }
    case 'cite':
      return s.dim(cell);
    default:
      return cell;
  }
}
