/**
 * `extends`: resolves a ruleset file on top of its parents into a {@link ResolvedRuleset}, following
 * "Overlays" in docs/guide/ruleset-format.md.
 *
 * Layers are applied root first. Within a layer: sources, inputs, parameters, rules. All problems of
 * the whole chain are collected and thrown together; every issue names the file of the layer that
 * caused it (`file`) and the path inside that file.
 */
import { MinshengError, abbreviateList, clipMessage, type Issue, type IssueCode } from '../errors';
import { resolveLimits, type Limits } from '../limits';
import { closest } from '../suggest';
import { Decimal } from '../money/decimal';
import { frozenDataCopy } from './frozen';
import { parseRulesetObject, recordOrigin, rulesetOrigin } from './load';
import { markContentHashed } from './marks';
import type { RulesetRegistry } from './registry';
import type {
  Layer,
  ResolvedInput,
  ParameterBounds,
  ResolvedParameter,
  ResolvedParameterValue,
  ResolvedRule,
  ResolvedRuleset,
  ResolvedSource,
} from './resolved';
import {
  PARAMETER_TYPES,
  checkParameterValue,
  type InputDecl,
  type Label,
  type NumLike,
  type ParameterType,
  type ParameterValue,
  type RuleDecl,
  type RulesetFile,
  type SourceDecl,
} from './schema';
import { enumDeclAt } from './enum-decl';
import { contentHash } from './hash';
import { isPlainObject } from './plain-object';
import { maxSatisfyingVersion, parseExtends } from './version';

/** Options of {@link resolveRuleset}. */
export interface ResolveOptions {
  /** Only `maxExtendsDepth` (and `maxDepth` for copying values) are used here. */
  readonly limits?: Partial<Limits>;
}

type PathSeg = string | number;

interface LayerInfo {
  readonly file: RulesetFile;
  readonly origin: string;
  readonly layer: Layer;
  readonly index: number;
}

interface Declared<T> {
  decl: T;
  layer: LayerInfo;
  replaced?: LayerInfo;
}

interface ValueState {
  from: string;
  until?: string;
  value: unknown;
  source?: string;
  note?: string;
  layer: LayerInfo;
  replaced?: LayerInfo;
  keyLayers?: Map<string, LayerInfo>;
  /** Index in its layer's `values`, for messages. */
  index: number;
}

interface ParamState {
  name: string;
  type?: ParameterType;
  by?: string;
  label?: Label;
  description?: Label;
  unit?: string;
  regional?: boolean;
  atLeast?: string;
  atMost?: string;
  /** Declared range of every value (checked by analyze/parameters): a child may narrow it, never widen it. */
  min?: NumLike;
  max?: NumLike;
  bounds?: ParameterBounds;
  layer: LayerInfo;
  byLayer: LayerInfo;
  replaced?: LayerInfo;
  values: ValueState[];
}

function describeLayer(info: LayerInfo): string {
  return `${info.layer.id}@${info.layer.version} (${info.origin})`;
}

/**
 * Resolves `file` and its `extends` chain (parents looked up in `registry`).
 *
 * @throws MinshengError with every issue of the chain: `ruleset/missing-parent`,
 *   `ruleset/extends-cycle`, `ruleset/limit` (chain longer than `maxExtendsDepth`),
 *   `ruleset/shadowing`, `ruleset/replaces-nothing`, `ruleset/incompatible-override`,
 *   `ruleset/duplicate-id`, `ruleset/unknown-source`, `ruleset/timeline`, `ruleset/schema`.
 * @example
 * const registry = new RulesetRegistry();
 * await addRulesetDirectory(registry, 'rulesets');
 * const resolved = resolveRuleset(registry.find('cn/medical/gansu')!, registry);
 * resolved.parameters['basic.deductible'].values.at(-1)?.layer.id; // 'cn/medical/gansu'
 */
export function resolveRuleset(file: RulesetFile, registry?: RulesetRegistry, options: ResolveOptions = {}): ResolvedRuleset {
  const limits = resolveLimits(options.limits);
  const chain = buildChain(file, registry, limits);
  return new Resolver(chain, limits).run();
}

// ───────────────────────────── chain ─────────────────────────────

function originOf(file: RulesetFile, registry?: RulesetRegistry): string {
  return registry?.origin(file) ?? rulesetOrigin(file) ?? `${file.id}@${file.version}`;
}

/**
 * Files the loader produced are trusted; anything else (built in code, copied with a spread) is
 * validated first, so a malformed object fails with issues rather than a TypeError.
 */
function validated(file: RulesetFile, registry: RulesetRegistry | undefined, limits: Limits): RulesetFile {
  if (rulesetOrigin(file) !== undefined) return file;
  const origin = registry?.origin(file) ?? (isRecord(file) ? `${String(file.id)}@${String(file.version)}` : 'ruleset');
  const checked = parseRulesetObject(file, { file: origin, limits });
  recordOrigin(checked, origin);
  return checked;
}

/** `ruleset/extends-cycle` naming the rulesets of the cycle (a long one is abbreviated). */
function cycleError(cycle: readonly RulesetFile[], origin: string): MinshengError {
  const names = abbreviateList(cycle.map((f) => `${f.id}@${f.version}`), ' → ');
  return new MinshengError({ code: 'ruleset/extends-cycle', message: clipMessage(`extends forms a cycle: ${names}`), file: origin, path: ['extends'] });
}

function satisfies(version: string, range: string): boolean {
  try {
    return maxSatisfyingVersion([version], range) !== undefined;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function buildChain(input: RulesetFile, registry: RulesetRegistry | undefined, limits: Limits): LayerInfo[] {
  const leaf = validated(input, registry, limits);
  const files: RulesetFile[] = [leaf];
  let current = leaf;
  while (current.extends !== undefined) {
    const origin = originOf(current, registry);
    if (files.length >= limits.maxExtendsDepth) {
      throw new MinshengError({
        code: 'ruleset/limit',
        message: clipMessage(`extends chain longer than ${limits.maxExtendsDepth} rulesets (limits.maxExtendsDepth): ${abbreviateList(files.map((f) => f.id), ' → ')} → …`),
        file: origin,
        path: ['extends'],
      });
    }
    const { id, range } = parseExtends(current.extends, { file: origin, path: ['extends'] });
    const found = registry?.find(id, range);
    const parent = found ? validated(found, registry, limits) : undefined;
    // A parent that is a ruleset of this very chain is a cycle, even when the registry does not hold it
    // (a file loaded from a path, whose folder was scanned for the other members of the cycle).
    const inChain = parent ? -1 : files.findIndex((f) => f.id === id && satisfies(f.version, range));
    if (inChain >= 0) throw cycleError([...files.slice(inChain), files[inChain]!], origin);
    if (!parent) {
      const versions = registry?.versions(id) ?? [];
      const why = !registry
        ? 'no registry was given to look parents up in'
        : versions.length === 0
          ? `no ruleset with id ${id} is registered`
          : `registered versions of ${id} are ${versions.join(', ')}, none satisfies ${range}`;
      throw new MinshengError({ code: 'ruleset/missing-parent', message: clipMessage(`parent ${id}@${range} not found: ${why}`), file: origin, path: ['extends'] });
    }
    const seen = files.findIndex((f) => f.id === parent.id && f.version === parent.version);
    if (seen >= 0) throw cycleError([...files.slice(seen), parent], origin);
    files.push(parent);
    current = parent;
  }
  files.reverse();
  return files.map((f, index) => {
    const origin = originOf(f, registry);
    const layer: Layer = Object.freeze({ id: f.id, version: f.version, file: origin });
    return { file: f, origin, layer, index };
  });
}

// ───────────────────────────── merge ─────────────────────────────

class Resolver {
  private readonly issues: Issue[] = [];
  private readonly sources = new Map<string, Declared<SourceDecl>>();
  private readonly inputs = new Map<string, Declared<InputDecl>>();
  private readonly rules = new Map<string, Declared<RuleDecl>>();
  private readonly params = new Map<string, ParamState>();
  /** First segment of each parameter name → a parameter that starts with it. */
  private readonly paramHeads = new Map<string, string>();

  constructor(
    private readonly chain: readonly LayerInfo[],
    private readonly limits: Limits,
  ) {}

  private report(code: IssueCode, info: LayerInfo, path: PathSeg[], message: string, source?: string): void {
    // Names in messages come from the file and have no length limit: keep every message short.
    this.issues.push({ code, message: clipMessage(message), file: info.origin, path, ...(source !== undefined ? { source } : {}) });
  }

  run(): ResolvedRuleset {
    for (const info of this.chain) {
      this.applySources(info);
      this.applyInputs(info);
      this.applyParameters(info);
      this.applyRules(info);
    }
    this.checkTimelines();
    this.checkSources();
    this.checkTables();
    const leaf = this.chain[this.chain.length - 1]!;
    const dateInputLayer = this.nearest((f) => f.dateInput !== undefined);
    if (dateInputLayer) this.checkDateInput(dateInputLayer);
    if (this.issues.length > 0) throw new MinshengError(this.issues);
    return this.build(leaf, dateInputLayer);
  }

  private nearest(has: (f: RulesetFile) => boolean): LayerInfo | undefined {
    for (let i = this.chain.length - 1; i >= 0; i--) if (has(this.chain[i]!.file)) return this.chain[i];
    return undefined;
  }

  // sources ------------------------------------------------------------------

  private applySources(info: LayerInfo): void {
    (info.file.sources ?? []).forEach((source, i) => {
      const existing = this.sources.get(source.id);
      if (existing) {
        this.report('ruleset/duplicate-id', info, ['sources', i, 'id'], `source id '${source.id}' is already declared by ${describeLayer(existing.layer)}`, source.id);
        return;
      }
      this.sources.set(source.id, { decl: source, layer: info });
    });
  }

  // inputs and rules -------------------------------------------------------------

  private applyInputs(info: LayerInfo): void {
    for (const [name, decl] of Object.entries(info.file.inputs ?? {})) {
      this.applyNamed(info, 'inputs', 'input', name, decl, this.inputs);
    }
  }

  private applyRules(info: LayerInfo): void {
    for (const [name, decl] of Object.entries(info.file.rules ?? {})) {
      this.applyNamed(info, 'rules', 'rule', name, decl, this.rules);
    }
  }

  private applyNamed<T extends { type: string; replaces?: boolean | undefined }>(
    info: LayerInfo,
    section: 'inputs' | 'rules',
    noun: string,
    name: string,
    decl: T,
    target: Map<string, Declared<T>>,
  ): void {
    const path = [section, name];
    const other = section === 'inputs' ? this.rules : this.inputs;
    const head = this.paramHeads.get(name);
    if (other.has(name) || head !== undefined) {
      const what = other.has(name) ? (section === 'inputs' ? 'a rule' : 'an input') : head === name ? 'a parameter' : `the first part of parameter '${head}'`;
      const owner = other.get(name)?.layer ?? this.params.get(head ?? '')?.layer;
      this.report(
        'ruleset/shadowing',
        info,
        path,
        `${noun} '${name}' has the name of ${what}${owner ? ` declared by ${describeLayer(owner)}` : ''}; formulas could not tell them apart, so rename one`,
      );
      return;
    }
    const existing = target.get(name);
    if (existing) {
      if (decl.replaces !== true) {
        this.report(
          'ruleset/shadowing',
          info,
          path,
          `${noun} '${name}' is already declared by ${describeLayer(existing.layer)}; add 'replaces: true' to re-declare it`,
        );
        return;
      }
      if (existing.decl.type !== decl.type) {
        this.report(
          'ruleset/incompatible-override',
          info,
          [...path, 'type'],
          `${noun} '${name}' is ${existing.decl.type} in ${describeLayer(existing.layer)}; a replacement must keep the type, found ${decl.type}`,
        );
        return;
      }
      target.set(name, { decl, layer: info, replaced: existing.layer });
      return;
    }
    if (decl.replaces === true) {
      this.report('ruleset/replaces-nothing', info, [...path, 'replaces'], `${noun} '${name}' says 'replaces: true', but no parent declares ${noun} '${name}'`);
    }
    target.set(name, { decl, layer: info });
  }

  // parameters -----------------------------------------------------------------

  private applyParameters(info: LayerInfo): void {
    for (const [name, decl] of Object.entries(info.file.parameters ?? {})) {
      const path: PathSeg[] = ['parameters', name];
      const head = name.split('.')[0]!;
      const clash = this.inputs.has(head) ? 'an input' : this.rules.has(head) ? 'a rule' : undefined;
      if (clash) {
        const owner = this.inputs.get(head)?.layer ?? this.rules.get(head)?.layer;
        this.report(
          'ruleset/shadowing',
          info,
          path,
          `parameter '${name}' ${head === name ? 'has the name of' : `starts with the name of`} ${clash} ('${head}'${owner ? `, declared by ${describeLayer(owner)}` : ''}); formulas could not tell them apart, so rename one`,
        );
        continue;
      }
      let state = this.params.get(name);
      if (state) {
        if (decl.type !== undefined && decl.type !== state.type) {
          this.report(
            'ruleset/incompatible-override',
            info,
            [...path, 'type'],
            `parameter '${name}' is ${String(state.type)} in ${describeLayer(state.layer)}; an override cannot make it ${decl.type}`,
          );
          continue;
        }
        if (decl.by !== undefined && decl.by !== state.by) {
          this.report(
            'ruleset/incompatible-override',
            info,
            [...path, 'by'],
            state.by === undefined
              ? `parameter '${name}' is a single value in ${describeLayer(state.layer)}; an override cannot make it a table by '${decl.by}'`
              : `parameter '${name}' is a table by '${state.by}' in ${describeLayer(state.byLayer)}; an override cannot key it by '${decl.by}'`,
          );
          continue;
        }
        if (decl.label !== undefined) state.label = decl.label;
        if (decl.description !== undefined) state.description = decl.description;
        if (decl.unit !== undefined) state.unit = decl.unit;
        if (decl.regional !== undefined) state.regional = decl.regional;
        for (const bound of ['atLeast', 'atMost'] as const) {
          const given = decl[bound];
          if (given === undefined) continue;
          // A region may add a floor but never move or drop one its parent set.
          if (state[bound] !== undefined && state[bound] !== given) {
            this.report('ruleset/incompatible-override', info, [...path, bound], `parameter '${name}' is bound by ${bound} '${state[bound]}' in a parent; a child cannot change it to '${given}'`);
          } else state[bound] = given;
        }
        if (decl.bounds !== undefined) state.bounds = decl.bounds;
        for (const end of ['min', 'max'] as const) {
          const given = (decl as { min?: NumLike; max?: NumLike })[end];
          if (given === undefined) continue;
          const old = state[end];
          const widens = old !== undefined && (end === 'min' ? new Decimal(String(given)).lt(String(old)) : new Decimal(String(given)).gt(String(old)));
          if (widens) {
            this.report('ruleset/incompatible-override', info, [...path, end], `parameter '${name}' has ${end} ${String(old)} in a parent; a child may narrow the range but not widen it to ${String(given)}`);
          } else state[end] = given;
        }
        if (decl.mode === 'replace') {
          state.replaced = state.values[state.values.length - 1]?.layer ?? state.layer;
          state.values = [];
        }
      } else {
        if (decl.mode === 'replace') {
          this.report('ruleset/replaces-nothing', info, [...path, 'mode'], `parameter '${name}' says 'mode: replace', but no parent declares parameter '${name}'`);
        }
        if (decl.type === undefined) {
          // Most often a typo in the name of the parameter meant to be overridden: say which, never "add a type"
          // (doing that would give a valid ruleset whose override silently does nothing).
          const near = closest(name, [...this.params.keys()]);
          this.report(
            'ruleset/unknown-parameter',
            info,
            path,
            near
              ? `no parent declares parameter '${name}' — did you mean '${near}'? An override must name a parameter of a parent`
              : `no parent declares parameter '${name}': an override must name a parameter of a parent (${this.params.size} declared), and a new parameter must give its type`,
          );
        }
        state = {
          name,
          layer: info,
          byLayer: info,
          values: [],
          ...(decl.type !== undefined ? { type: decl.type } : {}),
          ...(decl.by !== undefined ? { by: decl.by } : {}),
          ...(decl.label !== undefined ? { label: decl.label } : {}),
          ...(decl.description !== undefined ? { description: decl.description } : {}),
          ...(decl.unit !== undefined ? { unit: decl.unit } : {}),
          ...(decl.regional !== undefined ? { regional: decl.regional } : {}),
          ...(decl.atLeast !== undefined ? { atLeast: decl.atLeast } : {}),
          ...(decl.atMost !== undefined ? { atMost: decl.atMost } : {}),
          ...((decl as { min?: NumLike }).min !== undefined ? { min: (decl as { min: NumLike }).min } : {}),
          ...((decl as { max?: NumLike }).max !== undefined ? { max: (decl as { max: NumLike }).max } : {}),
          ...(decl.bounds !== undefined ? { bounds: decl.bounds } : {}),
        };
        this.params.set(name, state);
        if (!this.paramHeads.has(head)) this.paramHeads.set(head, name);
      }
      this.mergeValues(info, state, decl.values ?? []);
    }
  }

  private mergeValues(info: LayerInfo, state: ParamState, values: readonly ParameterValue[]): void {
    const base = [...state.values];
    const seen = new Map<string, number>();
    values.forEach((entry, index) => {
      const at: PathSeg[] = ['parameters', state.name, 'values', index];
      const twin = seen.get(entry.from);
      if (twin !== undefined) {
        this.report('ruleset/timeline', info, [...at, 'from'], `parameter '${state.name}' has two values from ${entry.from} (values ${twin} and ${index})`);
        return;
      }
      seen.set(entry.from, index);
      if (state.type !== undefined && (PARAMETER_TYPES as readonly string[]).includes(state.type)) {
        for (const problem of checkParameterValue(state.type, state.by, entry.value)) {
          this.report('ruleset/schema', info, [...at, 'value', ...problem.path], `parameter '${state.name}': ${problem.message}`);
        }
      }
      const next: ValueState = {
        from: entry.from,
        value: entry.value,
        layer: info,
        index,
        ...(entry.until !== undefined ? { until: entry.until } : {}),
        ...(entry.source !== undefined ? { source: entry.source } : {}),
        ...(entry.note !== undefined ? { note: entry.note } : {}),
      };
      // A partial table takes the keys it omits from the parent's value in force at its `from`.
      const parent = valueInForce(base, entry.from);
      if (state.by !== undefined && parent && isPlainObject(entry.value) && isPlainObject(parent.value)) {
        const missing = Object.keys(parent.value).filter((k) => !Object.hasOwn(entry.value as object, k));
        if (missing.length > 0) {
          const merged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
          const keyLayers = new Map<string, LayerInfo>();
          for (const k of Object.keys(parent.value)) {
            merged[k] = parent.value[k];
            keyLayers.set(k, parent.keyLayers?.get(k) ?? parent.layer);
          }
          for (const k of Object.keys(entry.value)) {
            merged[k] = entry.value[k];
            keyLayers.set(k, info);
          }
          next.value = merged;
          next.keyLayers = keyLayers;
        }
      }
      const same = state.values.findIndex((v) => v.from === entry.from);
      if (same >= 0) {
        next.replaced = state.values[same]!.layer;
        state.values[same] = next;
      } else {
        let pos = state.values.length;
        while (pos > 0 && state.values[pos - 1]!.from > entry.from) pos--;
        state.values.splice(pos, 0, next);
      }
    });
  }

  // checks on the merged result ---------------------------------------------------

  private checkTimelines(): void {
    for (const state of this.params.values()) {
      for (let i = 1; i < state.values.length; i++) {
        const prev = state.values[i - 1]!;
        const cur = state.values[i]!;
        if (prev.until !== undefined && prev.until >= cur.from) {
          const other = prev.layer === cur.layer ? `value ${prev.index}` : `the value from ${prev.from} in ${describeLayer(prev.layer)}`;
          this.report(
            'ruleset/timeline',
            cur.layer,
            ['parameters', state.name, 'values', cur.index],
            `parameter '${state.name}': the value from ${cur.from} overlaps ${other}, which lasts until ${prev.until}`,
          );
        }
      }
    }
  }

  private checkSources(): void {
    const visible = (id: string, layer: LayerInfo) => {
      const declared = this.sources.get(id);
      return declared !== undefined && declared.layer.index <= layer.index;
    };
    const check = (id: string | undefined, layer: LayerInfo, path: PathSeg[]) => {
      if (id === undefined || visible(id, layer)) return;
      const later = this.sources.get(id);
      this.report(
        'ruleset/unknown-source',
        layer,
        path,
        later
          ? `source '${id}' is declared only by ${describeLayer(later.layer)}, a child of ${describeLayer(layer)}`
          : `source '${id}' is not declared in 'sources' of ${describeLayer(layer)} or any parent`,
        id,
      );
    };
    for (const info of this.chain) {
      for (const [name, p] of Object.entries(info.file.parameters ?? {})) {
        (p.values ?? []).forEach((v, i) => check(v.source, info, ['parameters', name, 'values', i, 'source']));
        check(p.bounds?.source, info, ['parameters', name, 'bounds', 'source']);
      }
      for (const [name, r] of Object.entries(info.file.rules ?? {})) check(r.source, info, ['rules', name, 'source']);
    }
  }

  private checkTables(): void {
    for (const state of this.params.values()) {
      if (state.by === undefined) continue;
      const inputs: Record<string, InputDecl> = Object.create(null) as Record<string, InputDecl>;
      for (const [name, i] of this.inputs) inputs[name] = i.decl;
      const { decl } = enumDeclAt(inputs, state.by);
      if (!decl || decl.type !== 'enum') {
        this.report(
          'ruleset/schema',
          state.byLayer,
          ['parameters', state.name, 'by'],
          decl
            ? `parameter '${state.name}' is a table by '${state.by}', but input '${state.by}' is ${decl.type}, not enum`
            : `parameter '${state.name}' is a table by '${state.by}', but no input '${state.by}' is declared (an enum input, or an enum field of a record or list input, e.g. incomes.kind)`,
        );
        continue;
      }
      const input = { decl };
      const allowed = new Set(input.decl.of);
      for (const v of state.values) {
        if (!isPlainObject(v.value)) continue;
        for (const key of Object.keys(v.value)) {
          if (allowed.has(key)) continue;
          const layer = v.keyLayers?.get(key) ?? v.layer;
          this.report(
            'ruleset/schema',
            layer,
            ['parameters', state.name, 'values', v.index, 'value', key],
            `parameter '${state.name}': '${key}' is not a value of enum input '${state.by}' (${input.decl.of.join(', ')})`,
          );
        }
      }
    }
  }

  private checkDateInput(info: LayerInfo): void {
    const name = info.file.dateInput!;
    const input = this.inputs.get(name);
    if (!input || input.decl.type !== 'date') {
      this.report(
        'ruleset/schema',
        info,
        ['dateInput'],
        input ? `dateInput '${name}' must name an input of type date, but it is ${input.decl.type}` : `dateInput '${name}' names no declared input`,
      );
    }
  }

  // output -----------------------------------------------------------------------

  private build(leaf: LayerInfo, dateInputLayer: LayerInfo | undefined): ResolvedRuleset {
    const copy = (v: unknown) => freezeCopy(v, this.limits.maxDepth * 4);
    const withLayers = <T>(decl: T, layer: LayerInfo, replaced?: LayerInfo) => {
      const out = copy(omitKey(decl, 'replaces')) as Record<string, unknown>;
      const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      Object.assign(record, out, { layer: layer.layer }, replaced ? { replaced: replaced.layer } : {});
      return Object.freeze(record);
    };

    const sources = nullRecord<ResolvedSource>();
    for (const [id, s] of this.sources) sources[id] = withLayers(s.decl, s.layer) as unknown as ResolvedSource;
    const inputs = nullRecord<ResolvedInput>();
    for (const [name, d] of this.inputs) inputs[name] = withLayers(d.decl, d.layer, d.replaced) as unknown as ResolvedInput;
    const rules = nullRecord<ResolvedRule>();
    for (const [name, d] of this.rules) rules[name] = withLayers(d.decl, d.layer, d.replaced) as unknown as ResolvedRule;
    const parameters = nullRecord<ResolvedParameter>();
    for (const [name, p] of this.params) {
      const values: ResolvedParameterValue[] = p.values.map((v) => {
        let keyLayers: Record<string, Layer> | undefined;
        if (v.keyLayers) {
          keyLayers = nullRecord<Layer>();
          for (const [k, l] of v.keyLayers) keyLayers[k] = l.layer;
          Object.freeze(keyLayers);
        }
        return Object.freeze({
          from: v.from,
          ...(v.until !== undefined ? { until: v.until } : {}),
          value: copy(v.value),
          ...(v.source !== undefined ? { source: v.source } : {}),
          ...(v.note !== undefined ? { note: v.note } : {}),
          layer: v.layer.layer,
          ...(v.replaced ? { replaced: v.replaced.layer } : {}),
          ...(keyLayers ? { keyLayers } : {}),
        });
      });
      parameters[name] = Object.freeze({
        name,
        type: p.type!,
        ...(p.by !== undefined ? { by: p.by } : {}),
        ...(p.label !== undefined ? { label: copy(p.label) as Label } : {}),
        ...(p.description !== undefined ? { description: copy(p.description) as Label } : {}),
        ...(p.unit !== undefined ? { unit: p.unit } : {}),
        ...(p.regional !== undefined ? { regional: p.regional } : {}),
        ...(p.atLeast !== undefined ? { atLeast: p.atLeast } : {}),
        ...(p.atMost !== undefined ? { atMost: p.atMost } : {}),
        ...(p.min !== undefined ? { min: p.min } : {}),
        ...(p.max !== undefined ? { max: p.max } : {}),
        ...(p.bounds !== undefined ? { bounds: p.bounds } : {}),
        layer: p.layer.layer,
        ...(p.replaced ? { replaced: p.replaced.layer } : {}),
        values: Object.freeze(values),
      });
    }

    const file = leaf.file;
    const validityLayer = this.nearest((f) => f.validity !== undefined);
    const policyYearLayer = this.nearest((f) => f.policyYear !== undefined);
    // Test cases are copied in V8's fast mode: their inputs are read on every evaluation of a case.
    const tests = (file.tests ?? []).map((t) => {
      const clone = frozenDataCopy(t, this.limits.maxDepth * 4) as object;
      const origin = rulesetOrigin(t);
      if (origin !== undefined) recordOrigin(clone, origin);
      return clone;
    });
    const body = {
      id: file.id,
      version: file.version,
      jurisdiction: file.jurisdiction,
      label: copy(file.label) as Label,
      ...(file.description !== undefined ? { description: copy(file.description) as Label } : {}),
      ...(validityLayer ? { validity: copy(validityLayer.file.validity) as { from: string; until?: string } } : {}),
      ...(dateInputLayer ? { dateInput: dateInputLayer.file.dateInput! } : {}),
      policyYear: (policyYearLayer ? copy(policyYearLayer.file.policyYear) : Object.freeze({ startMonth: 1, startDay: 1 })) as {
        startMonth: number;
        startDay: number;
      },
      chain: Object.freeze(this.chain.map((c) => c.layer)),
      sources: Object.freeze(sources),
      inputs: Object.freeze(inputs),
      parameters: Object.freeze(parameters),
      rules: Object.freeze(rules),
    };
    const hash = contentHash(withoutFiles(body, new Set(this.chain.map((c) => c.layer))));
    const resolved: ResolvedRuleset = Object.freeze({ ...body, tests: Object.freeze(tests) as ResolvedRuleset['tests'], hash });
    recordOrigin(resolved, leaf.origin);
    markContentHashed(resolved);
    return resolved;
  }
}

/** The value in force on `day` in a sorted timeline (respecting explicit `until`). */
function valueInForce(values: readonly ValueState[], day: string): ValueState | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]!;
    if (v.from <= day) return v.until === undefined || v.until >= day ? v : undefined;
  }
  return undefined;
}

function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function omitKey(value: unknown, key: string): unknown {
  if (!isPlainObject(value) || !Object.hasOwn(value, key)) return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) if (k !== key) out[k] = value[k];
  return out;
}

/** Deep copy into frozen arrays and frozen null-prototype objects; `undefined` properties dropped. */
function freezeCopy(value: unknown, maxDepth: number, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > maxDepth) {
    throw new MinshengError({ code: 'ruleset/limit', message: `value nested deeper than ${maxDepth} levels (or cyclic)`, path: [] });
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => freezeCopy(v, maxDepth, depth + 1)));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = freezeCopy(v, maxDepth, depth + 1);
  }
  return Object.freeze(out);
}

/** The hashed form: layers without their `file`. */
function withoutFiles(value: unknown, layers: ReadonlySet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (layers.has(value)) {
    const l = value as Layer;
    return { id: l.id, version: l.version };
  }
  if (Array.isArray(value)) return value.map((v: unknown) => withoutFiles(v, layers));
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = withoutFiles((value as Record<string, unknown>)[k], layers);
  return out;
}
