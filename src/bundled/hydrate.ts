/**
 * The bundled rulesets' pre-resolved form: `scripts/gen-bundled.mjs` resolves every bundled file (with its
 * `extends` chain) at build time and stores the result as JSON; loading one is `JSON.parse` and a copy into
 * the exact shapes `resolveRuleset` builds (frozen, null-prototype records, one object per layer). No YAML
 * parsing, no schema check, no overlay and no hashing at run time. test/bundled proves that every
 * hydrated ruleset equals what loading its YAML gives (same objects, same hash) and that a stale
 * generated file is caught.
 *
 * The stored JSON (`BundledFile.resolved`) is the resolved ruleset with:
 * - `chain`: `{ id, version, file }` with `file` relative to `rulesets/` (the loader prefixes its folder);
 * - every other layer (`layer`, `replaced`, `keyLayers` values) as its index in `chain`;
 * - `base`: for a child, the index in `BUNDLED_FILES` of its parent, and in `sources`, `inputs`,
 *   `parameters` and `rules` the entries equal to the parent's as `0` (a parent's chain is a prefix of
 *   its child's, so the layer indexes agree): a regional ruleset stores only what it changes;
 * - `defaultPolicyYear: true` when no layer declares `policyYear` (the resolver's default object);
 * - `tests`: the file's inline tests (without origins; they are the file's own).
 * Browser-safe.
 */
import { frozenDataCopy } from '../ruleset/frozen';
import { recordOrigin } from '../ruleset/load';
import { markContentHashed, markPrechecked } from '../ruleset/marks';
import type { Layer, ResolvedRuleset } from '../ruleset/resolved';
import type { BundledFile } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const RECORDS = ['sources', 'inputs', 'parameters', 'rules'] as const;

/**
 * FNV-1a (32 bits) of a text's UTF-16 code units, with its length: tells whether a file on disk is the
 * text the generated form was resolved from. Not a security check (the package's own files).
 */
export function textFingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** How to hydrate one bundled ruleset. */
export interface HydrateOptions {
  /** The `file` of a layer (and the origin of the ruleset and its tests) from its path under `rulesets/`. */
  readonly fileOf: (path: string) => string;
  /** Append the tests of the file's `.cases.yaml` (Node's `loadRuleset` reads it; `bundledRuleset` does not). */
  readonly cases?: boolean;
}

/** Parsed and expanded (parents' entries filled in) stored forms, by entry: plain data, never handed out. */
const expanded = new WeakMap<BundledFile, JsonObject>();
const casesParsed = new WeakMap<BundledFile, Json[]>();

function expand(files: readonly BundledFile[], entry: BundledFile, depth = 0): JsonObject {
  let data = expanded.get(entry);
  if (data) return data;
  data = JSON.parse(entry.resolved) as JsonObject;
  const base = data['base'];
  if (typeof base === 'number') {
    const parentEntry = files[base];
    if (!parentEntry || depth > 64) throw new Error(`bundled ruleset ${entry.id}: broken base ${base} (run npm run gen)`);
    const parent = expand(files, parentEntry, depth + 1);
    for (const key of RECORDS) {
      const own = data[key] as JsonObject;
      const inherited = parent[key] as JsonObject;
      for (const name of Object.keys(own)) if (own[name] === 0) own[name] = inherited[name]!;
    }
  }
  expanded.set(entry, data);
  return data;
}

/** The paths under `rulesets/` of the files a bundled entry was resolved from, root first (its stored chain). */
export function bundledChainPaths(files: readonly BundledFile[], entry: BundledFile): readonly string[] {
  return (expand(files, entry)['chain'] as JsonObject[]).map((l) => l['file'] as string);
}

/**
 * The resolved ruleset of a bundled entry, from its stored form: a fresh, deeply frozen object graph on
 * every call, equal to what `resolveRuleset` gives for the same files (see the module comment).
 */
export function hydrateBundled(files: readonly BundledFile[], entry: BundledFile, options: HydrateOptions): ResolvedRuleset {
  const data = expand(files, entry);
  const chain = (data['chain'] as JsonObject[]).map((l) => Object.freeze({ id: l['id'] as string, version: l['version'] as string, file: options.fileOf(l['file'] as string) }));
  const layerAt = (i: Json): Layer => {
    const layer = chain[i as number];
    if (!layer) throw new Error(`bundled ruleset ${entry.id}: no layer ${String(i)} (run npm run gen)`);
    return layer;
  };
  const origin = chain[chain.length - 1]!.file;

  const root: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const value = data[key]!;
    switch (key) {
      case 'base':
      case 'defaultPolicyYear':
        break;
      case 'policyYear':
        root[key] = data['defaultPolicyYear'] === true ? Object.freeze({ ...(value as JsonObject) }) : frozenCopy(value);
        break;
      case 'chain':
        root[key] = Object.freeze(chain);
        break;
      case 'sources':
      case 'inputs':
      case 'rules':
        root[key] = freezeRecord(value as JsonObject, (decl) => declWithLayers(decl as JsonObject, layerAt));
        break;
      case 'parameters':
        root[key] = freezeRecord(value as JsonObject, (param) => parameter(param as JsonObject, layerAt));
        break;
      case 'tests': {
        // Test cases are copied in V8's fast mode: their inputs are read on every evaluation of a case.
        const tests = (value as Json[]).map((t) => withOrigin(frozenDataCopy(t, Infinity) as object, origin));
        if (options.cases && entry.cases) {
          let stored = casesParsed.get(entry);
          if (!stored) casesParsed.set(entry, (stored = JSON.parse(entry.cases.tests) as Json[]));
          const casesOrigin = options.fileOf(entry.cases.path);
          for (const t of stored) tests.push(withOrigin(frozenDataCopy(t, Infinity) as object, casesOrigin));
        }
        root[key] = Object.freeze(tests);
        break;
      }
      default:
        // id, version, jurisdiction, dateInput, hash: strings; label, description, validity: copied frozen.
        root[key] = frozenCopy(value);
    }
  }
  const resolved = Object.freeze(root) as unknown as ResolvedRuleset;
  recordOrigin(resolved, origin);
  markPrechecked(resolved);
  markContentHashed(resolved);
  return resolved;
}

function withOrigin(value: object, origin: string): object {
  recordOrigin(value, origin);
  return value;
}

/** A frozen null-prototype record of `record`'s entries, each converted by `convert`. */
function freezeRecord(record: JsonObject, convert: (value: Json) => unknown): Readonly<Record<string, unknown>> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(record)) out[name] = convert(record[name]!);
  return Object.freeze(out);
}

/** A source, input or rule: its declaration copied, then `layer` (and `replaced`): one null-prototype record. */
function declWithLayers(decl: JsonObject, layerAt: (i: Json) => Layer): unknown {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(decl)) out[key] = key === 'layer' || key === 'replaced' ? layerAt(decl[key]!) : frozenCopy(decl[key]!);
  return Object.freeze(out);
}

/** A parameter: a plain frozen object whose `bounds` is kept as the file gave it (a plain, unfrozen copy). */
function parameter(param: JsonObject, layerAt: (i: Json) => Layer): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(param)) {
    const value = param[key]!;
    if (key === 'layer' || key === 'replaced') out[key] = layerAt(value);
    else if (key === 'bounds') out[key] = plainCopy(value);
    else if (key === 'values') out[key] = Object.freeze((value as JsonObject[]).map((v) => parameterValue(v, layerAt)));
    else out[key] = frozenCopy(value);
  }
  return Object.freeze(out);
}

function parameterValue(v: JsonObject, layerAt: (i: Json) => Layer): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const value = v[key]!;
    if (key === 'layer' || key === 'replaced') out[key] = layerAt(value);
    else if (key === 'keyLayers') out[key] = freezeRecord(value as JsonObject, layerAt);
    else out[key] = frozenCopy(value);
  }
  return Object.freeze(out);
}

/** Deep copy into frozen arrays and frozen null-prototype objects (the resolver's `freezeCopy`). */
function frozenCopy(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = frozenCopy(value[key]!);
  return Object.freeze(out);
}

function plainCopy(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plainCopy);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = plainCopy(value[key]!);
  return out;
}
