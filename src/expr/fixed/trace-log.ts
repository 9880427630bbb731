/**
 * What the traced fast path records while its rules run: one flat list of events per evaluation, each a
 * static {@link TraceSite} (built when the formula is compiled) followed by its dynamic payload, if any.
 * Nothing is rendered and no trace object is built while the rules run: the engine turns the list into
 * the trace afterwards (src/engine/trace.ts `buildFastTrace`), rendering each value once and reusing what
 * is the same on every evaluation of a day (parameter citations, branch and comparison texts).
 *
 * Payloads: a table lookup is followed by its key; a comparison by its two raw sides and its result.
 * Reads of inputs and rules carry nothing (the values are in the evaluation's inputs and values, which
 * no later rule changes); a parameter read finds its value in the day's parameter table.
 *
 * A rule whose sites follow from a few values (see ./templates.ts) records them once per outcome: the builder
 * keeps them as a template, and when a template fits, the rule runs untraced and records nothing.
 */
import type { SourceSpan } from '../../errors';
import type { CompareSite, OutputValue, ValueType } from '../runtime';

/** An input was read (`at`: its position among the converted inputs). */
export const SITE_INPUT = 0;
/** Another rule's value was read (`at`: the rule's index). */
export const SITE_RULE = 1;
/** A plain parameter was read (`at`: its position in the day's parameter table). */
export const SITE_PARAM = 2;
/** A table parameter was looked up; the key follows. */
export const SITE_LOOKUP = 3;
/** Marginal-rate bands were read (`render` prints the day's bands). */
export const SITE_BANDS = 4;
/** An `if` was decided (one site for each way it can go). */
export const SITE_BRANCH = 5;
/** A comparison was evaluated; its left side, right side and result follow. */
export const SITE_COMPARE = 6;

const NO_RENDER = (): OutputValue => null;
/** No value of a comparison's side is this object. */
const NOT_SEEN: unknown = Object.freeze({});

/**
 * What a rule's trace lists once: an input, a rule or a parameter, by name. Every site of a program that reads
 * the same name shares one, so the builder knows a rule already listed it by a stamp instead of a search.
 */
export interface ReadKey {
  /** The serial number of the last rule build that listed it. */
  stamp: number;
}

const NO_KEY: ReadKey = { stamp: -1 };
const readKeys = new WeakMap<object, Map<string, ReadKey>>();

/** The {@link ReadKey} of `kind` `name` among the sites compiled with `env` (one program's traced closures). */
export function readKey(env: object, kind: 'input' | 'rule' | 'parameter', name: string): ReadKey {
  let keys = readKeys.get(env);
  if (!keys) readKeys.set(env, (keys = new Map()));
  const id = `${kind}\u0000${name}`;
  let key = keys.get(id);
  if (!key) keys.set(id, (key = { stamp: -1 }));
  return key;
}

/**
 * A place in a formula that the trace reports. One class for every kind (a monomorphic shape for the
 * builder's loop); the fields a kind does not use hold neutral values.
 */
export class TraceSite {
  /** Filled by the trace builder: what is the same on every evaluation (for parameters: of one day). */
  cacheKey: unknown = undefined;
  cache: unknown = undefined;
  /** For parameters: what was kept for each day's parameter table (`cacheKey`, `cache`: the last day's). */
  days: Map<unknown, unknown> | undefined = undefined;
  /**
   * For a table lookup whose key is a leaf (an input, a field of one, a rule): where the key is read
   * (`LeafSource`, position), so the trace builder can find the key without a recorded one; −1 otherwise.
   */
  keyFrom = -1;
  keyAt = -1;
  /**
   * For a comparison: the sides and result of its last evaluation, and the trace's comparison object for them
   * once they came twice in a row (frozen: every result that compares the same shares it).
   */
  seenLeft: unknown = NOT_SEEN;
  seenRight: unknown = NOT_SEEN;
  seenResult: unknown = NOT_SEEN;
  sharedComparison: unknown = undefined;

  private constructor(
    readonly tag: number,
    /** The input, rule or parameter read ('' for branches and comparisons). */
    readonly name: string,
    readonly at: number,
    readonly type: ValueType | undefined,
    /** Renders the value read (a comparison's left side; for bands, the parameter's value of the day). */
    readonly render: (value: unknown) => OutputValue,
    /** A comparison's right side. */
    readonly renderRight: (value: unknown) => OutputValue,
    /** An input held as a record or list: rendered once per evaluation, however many rules read it. */
    readonly composite: boolean,
    readonly span: SourceSpan | undefined,
    /** For a branch site: the way it went. */
    readonly taken: boolean,
    readonly compare: CompareSite | undefined,
    /** For a read (not a table lookup, listed once per key): what the rule lists once. */
    readonly key: ReadKey,
  ) {}

  static read(tag: typeof SITE_INPUT | typeof SITE_RULE | typeof SITE_PARAM | typeof SITE_LOOKUP | typeof SITE_BANDS, key: ReadKey, name: string, at: number, type: ValueType, render: (value: unknown) => OutputValue, composite = false): TraceSite {
    return new TraceSite(tag, name, at, type, render, NO_RENDER, composite, undefined, false, undefined, key);
  }

  /** The two sites of one `if` (then, else). */
  static branch(span: SourceSpan): readonly [TraceSite, TraceSite] {
    return [new TraceSite(SITE_BRANCH, '', -1, undefined, NO_RENDER, NO_RENDER, false, span, true, undefined, NO_KEY), new TraceSite(SITE_BRANCH, '', -1, undefined, NO_RENDER, NO_RENDER, false, span, false, undefined, NO_KEY)];
  }

  static comparison(site: CompareSite, renderLeft: (value: unknown) => OutputValue, renderRight: (value: unknown) => OutputValue): TraceSite {
    return new TraceSite(SITE_COMPARE, '', -1, site.type, renderLeft, renderRight, false, site.span, false, site, NO_KEY);
  }
}

/**
 * The events of one traced evaluation: `events[0 .. n)`, and where each traced rule's events start
 * (`starts[k]` for the k-th rule run; the next rule's start, or `n`, ends them).
 */
export class FixedTraceLog {
  readonly events: unknown[] = [];
  n = 0;
  readonly starts: number[] = [];
  /** Each rule's value as rendered (by rule index), left by the last trace build for the outputs (a new list each build). */
  texts: OutputValue[] = [];
  /**
   * By the position of each rule run (as `starts`), for a rule with templates: the template it ran with (it
   * recorded nothing), or null when it recorded its sites; then `outcomes` says which outcome of its tests the
   * recording is (−1: none to keep). Not written for a rule without templates.
   */
  readonly templates: (readonly TraceSite[] | null)[] = [];
  readonly outcomes: number[] = [];
}

/** Appends a site to the log (its payload, if any, is appended by the caller right after). */
export function record(log: FixedTraceLog, site: TraceSite): void {
  log.events[log.n++] = site;
}
