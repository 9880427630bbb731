/**
 * A semantic diff of two resolved rulesets (two versions of one ruleset, or a region against its
 * parent): sources, inputs, rules and parameters added, removed or changed — formulas compared as
 * parsed (layout and comments do not count), parameter timelines aligned by `from` with table keys
 * compared one by one, numbers compared by value (`0.80` = `0.8`), and for every change which layer
 * set the old and the new. Pure.
 */
import { isPlainDecimal } from '../money/plain-decimal';
import { Decimal } from '../money/decimal';
import { parseFormula, printFormula } from '../expr/parse';
import { effectiveUntil, layerKey, type Layer, type ResolvedParameter, type ResolvedParameterValue, type ResolvedRuleset } from '../ruleset/resolved';
import type { Label } from '../ruleset/schema';

/** How an item differs. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One field of an item that differs (`old`/`new` absent when the field is absent on that side). */
export interface FieldChange {
  readonly field: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

/** Identification of one side. */
export interface DiffSide {
  readonly id: string;
  readonly version: string;
  readonly jurisdiction: string;
  readonly label: Label;
  readonly hash: string;
  readonly chain: readonly string[];
}

/** A source, input or rule that differs. */
export interface ItemChange {
  readonly name: string;
  readonly change: ChangeKind;
  /** For `changed`: the fields that differ. */
  readonly fields: readonly FieldChange[];
  readonly label?: Label;
  /** The layer that set it on each side (`id@version`). */
  readonly layerA?: string;
  readonly layerB?: string;
}

/** One dated value of a parameter as it appears on one side. */
export interface DatedValueView {
  readonly value: unknown;
  /** Last day in force (explicit or implied by the next value). */
  readonly until?: string;
  readonly source?: string;
  readonly layer: string;
}

/** A dated value added, removed or changed (aligned by `from`). */
export interface ValueChange {
  readonly from: string;
  readonly change: ChangeKind;
  readonly old?: DatedValueView;
  readonly new?: DatedValueView;
  /** For tables: the keys whose value differs. */
  readonly keys?: readonly { readonly key: string; readonly old?: unknown; readonly new?: unknown }[];
  /** Other fields that differ (`until`, `source`, `layer`). */
  readonly fields: readonly FieldChange[];
}

/** A parameter that differs: its declaration and/or its timeline. */
export interface ParameterChange {
  readonly name: string;
  readonly change: ChangeKind;
  readonly type: string;
  readonly by?: string;
  readonly label?: Label;
  readonly fields: readonly FieldChange[];
  readonly values: readonly ValueChange[];
}

/** The semantic difference of ruleset A → B. */
export interface RulesetDiff {
  readonly a: DiffSide;
  readonly b: DiffSide;
  /** Same content hash: nothing differs. */
  readonly identical: boolean;
  readonly sources: readonly ItemChange[];
  readonly inputs: readonly ItemChange[];
  readonly rules: readonly ItemChange[];
  readonly parameters: readonly ParameterChange[];
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A value in a canonical form for comparing: numbers by value, object keys sorted. */
export function normalizeValue(value: unknown): unknown {
  if (typeof value === 'number' || (typeof value === 'string' && isPlainDecimal(value))) {
    try {
      return `#${new Decimal(String(value)).toString()}`;
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = normalizeValue((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizeValue(a)) === JSON.stringify(normalizeValue(b));
}

/** A formula in canonical text (so layout and comments do not count); unparsable text as it is. */
export function canonicalFormula(text: string): string {
  try {
    return printFormula(parseFormula(text, { maxLength: Number.MAX_SAFE_INTEGER, maxDepth: 256 }));
  } catch {
    return text.replace(/\s+/g, ' ').trim();
  }
}

function layerId(layer: Layer | undefined): string | undefined {
  return layer?.id;
}

function compareFields(a: Record<string, unknown>, b: Record<string, unknown>, fields: readonly string[], map: (field: string, v: unknown) => unknown = (_, v) => v): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const va = map(f, a[f]);
    const vb = map(f, b[f]);
    if (same(va, vb)) continue;
    out.push({ field: f, ...(va !== undefined ? { old: va } : {}), ...(vb !== undefined ? { new: vb } : {}) });
  }
  return out;
}

function itemChanges<T extends { layer?: Layer }>(
  a: Readonly<Record<string, T>>,
  b: Readonly<Record<string, T>>,
  fields: readonly string[],
  map?: (field: string, v: unknown) => unknown,
): ItemChange[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const out: ItemChange[] = [];
  for (const name of names) {
    const x = own(a, name);
    const y = own(b, name);
    const label = ((y ?? x) as { label?: Label } | undefined)?.label;
    const layers = {
      ...(x?.layer ? { layerA: layerKey(x.layer) } : {}),
      ...(y?.layer ? { layerB: layerKey(y.layer) } : {}),
      ...(label ? { label } : {}),
    };
    if (!x) out.push({ name, change: 'added', fields: [], ...layers });
    else if (!y) out.push({ name, change: 'removed', fields: [], ...layers });
    else {
      const changed = compareFields(x as Record<string, unknown>, y as Record<string, unknown>, fields, map);
      const layerChanged = layerId(x.layer) !== layerId(y.layer);
      if (layerChanged) changed.push({ field: 'layer', old: x.layer ? layerKey(x.layer) : undefined, new: y.layer ? layerKey(y.layer) : undefined });
      if (changed.length > 0) out.push({ name, change: 'changed', fields: changed, ...layers });
    }
  }
  return out;
}

function view(values: readonly ResolvedParameterValue[], i: number): DatedValueView {
  const v = values[i]!;
  const until = effectiveUntil(values, i);
  return { value: v.value, ...(until ? { until } : {}), ...(v.source ? { source: v.source } : {}), layer: layerKey(v.layer) };
}

function timelineChanges(pa: ResolvedParameter | undefined, pb: ResolvedParameter | undefined): ValueChange[] {
  const va = pa?.values ?? [];
  const vb = pb?.values ?? [];
  const froms = [...new Set([...va.map((v) => v.from), ...vb.map((v) => v.from)])].sort();
  const out: ValueChange[] = [];
  for (const from of froms) {
    const i = va.findIndex((v) => v.from === from);
    const j = vb.findIndex((v) => v.from === from);
    if (i < 0) {
      out.push({ from, change: 'added', new: view(vb, j), fields: [] });
      continue;
    }
    if (j < 0) {
      out.push({ from, change: 'removed', old: view(va, i), fields: [] });
      continue;
    }
    const a = view(va, i);
    const b = view(vb, j);
    const fields: FieldChange[] = [];
    if (a.until !== b.until) fields.push({ field: 'until', ...(a.until ? { old: a.until } : {}), ...(b.until ? { new: b.until } : {}) });
    if (a.source !== b.source) fields.push({ field: 'source', ...(a.source ? { old: a.source } : {}), ...(b.source ? { new: b.source } : {}) });
    if (va[i]!.layer.id !== vb[j]!.layer.id) fields.push({ field: 'layer', old: a.layer, new: b.layer });
    let keys: { key: string; old?: unknown; new?: unknown }[] | undefined;
    const tableA = a.value && typeof a.value === 'object' && !Array.isArray(a.value) ? (a.value as Record<string, unknown>) : undefined;
    const tableB = b.value && typeof b.value === 'object' && !Array.isArray(b.value) ? (b.value as Record<string, unknown>) : undefined;
    if (tableA && tableB) {
      keys = [];
      for (const key of [...new Set([...Object.keys(tableA), ...Object.keys(tableB)])]) {
        const x = own(tableA, key);
        const y = own(tableB, key);
        if (!same(x, y)) keys.push({ key, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) });
      }
    }
    const valueChanged = keys ? keys.length > 0 : !same(a.value, b.value);
    if (valueChanged || fields.length > 0) out.push({ from, change: 'changed', old: a, new: b, ...(keys && keys.length > 0 ? { keys } : {}), fields });
  }
  return out;
}

function parameterChanges(a: ResolvedRuleset, b: ResolvedRuleset): ParameterChange[] {
  const names = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])];
  const out: ParameterChange[] = [];
  for (const name of names) {
    const pa = own(a.parameters, name);
    const pb = own(b.parameters, name);
    const p = (pb ?? pa)!;
    const base = { name, type: p.type, ...(p.by ? { by: p.by } : {}), ...(p.label ? { label: p.label } : {}) };
    const values = timelineChanges(pa, pb);
    if (!pa) {
      out.push({ ...base, change: 'added', fields: [], values });
      continue;
    }
    if (!pb) {
      out.push({ ...base, change: 'removed', fields: [], values });
      continue;
    }
    const fields = compareFields(pa as unknown as Record<string, unknown>, pb as unknown as Record<string, unknown>, ['type', 'by', 'unit', 'regional', 'label']);
    if (fields.length > 0 || values.length > 0) out.push({ ...base, change: 'changed', fields, values });
  }
  return out;
}

function side(r: ResolvedRuleset): DiffSide {
  return { id: r.id, version: r.version, jurisdiction: r.jurisdiction, label: r.label, hash: r.hash, chain: r.chain.map(layerKey) };
}

/**
 * The semantic difference A → B.
 *
 * @example
 * const d = diffRulesets(await loadRuleset('cn/medical/national'), await loadRuleset('cn/medical/nanchang'));
 * d.parameters.find((p) => p.name === 'basic.deductible')?.values[0]?.change; //=> 'added'
 */
export function diffRulesets(a: ResolvedRuleset, b: ResolvedRuleset): RulesetDiff {
  const ruleMap = (field: string, v: unknown) => (field === 'formula' && typeof v === 'string' ? canonicalFormula(v) : v);
  return {
    a: side(a),
    b: side(b),
    identical: a.hash === b.hash,
    sources: itemChanges(a.sources, b.sources, ['title', 'issuer', 'docNumber', 'date', 'url', 'status']),
    inputs: itemChanges(a.inputs, b.inputs, ['type', 'of', 'fields', 'items', 'default', 'optional', 'min', 'max', 'allowNegative', 'label']),
    rules: itemChanges(a.rules, b.rules, ['type', 'of', 'formula', 'output', 'source', 'label', 'text'], ruleMap),
    parameters: parameterChanges(a, b),
  };
}

/** Counts of a diff by kind, for summaries. */
export function diffCounts(d: RulesetDiff): Record<'sources' | 'inputs' | 'rules' | 'parameters', Record<ChangeKind, number>> {
  const count = (items: readonly { change: ChangeKind }[]) => ({
    added: items.filter((i) => i.change === 'added').length,
    removed: items.filter((i) => i.change === 'removed').length,
    changed: items.filter((i) => i.change === 'changed').length,
  });
  return { sources: count(d.sources), inputs: count(d.inputs), rules: count(d.rules), parameters: count(d.parameters) };
}
