/**
 * Seeded synthetic inputs generated from the declared input types, for measuring the impact of a
 * ruleset change when no real population is at hand. Deterministic: the same declarations, seed and
 * count give the same inputs. Amounts are drawn as whole fen (never through binary fractions of yuan).
 *
 * Heuristics (documented because they shape the population):
 * - money: 10% exactly 0, otherwise log-uniform between 1 yuan and `max` (default 200,000); each money
 *   field after the first one of the same record (in declared order) is drawn at or below the one
 *   before it, so parts do not exceed totals (total ≥ in-catalogue ≥ class B …);
 * - rate: 0–1 (or `min`–`max`) in steps of 0.01; decimal: 0–1,000; integer: 0–`max` (default 5);
 * - enum: uniform over its values; boolean: 50/50;
 * - the ruleset's date input is the evaluation date; other dates fall in the 80 years before it;
 * - optional inputs are left out half of the time, inputs with a default 30% of the time;
 * - lists have 0–3 items.
 *
 * {@link validSyntheticInputs} keeps only inputs the rulesets accept (their declared types, ranges and input
 * checks such as "class B plus the part above price limits ≤ in-catalogue"): a draw a ruleset refuses with an
 * `input/…` error is drawn again, so the population holds no invalid input.
 */
import { MinshengError } from '../errors';
import type { InputDecl } from '../ruleset/schema';
import { addDays, formatDate, parseDate } from '../period/date';

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fen (an integer) → a yuan string with 2 decimals, exactly. */
function fenToYuan(fen: number): string {
  const s = String(Math.max(0, Math.round(fen))).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Yuan (number or numeric string) → fen, rounded down. */
function yuanToFen(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.floor(n * 100) : fallback;
}

interface Ctx {
  readonly rnd: () => number;
  readonly date: string;
  readonly dateInput?: string;
}

function money(decl: InputDecl, ctx: Ctx, ceilingFen: number | undefined): string {
  const r = ctx.rnd();
  const maxFen = Math.min(ceilingFen ?? Infinity, 'max' in decl && decl.max !== undefined ? yuanToFen(decl.max, 20_000_000) : 20_000_000);
  const minFen = 'min' in decl && decl.min !== undefined ? yuanToFen(decl.min, 0) : 0;
  if (r < 0.1 || maxFen <= 100) return fenToYuan(Math.max(minFen, ceilingFen !== undefined ? Math.min(minFen, maxFen) : minFen));
  if (ceilingFen !== undefined) {
    // A part of the amount before it: 25% equal to it, otherwise a uniform share.
    const share = ctx.rnd() < 0.25 ? 1 : ctx.rnd();
    return fenToYuan(Math.max(minFen, Math.floor(maxFen * share)));
  }
  const lo = Math.log(Math.max(100, minFen));
  const hi = Math.log(maxFen);
  return fenToYuan(Math.floor(Math.exp(lo + (hi - lo) * ctx.rnd())));
}

function value(name: string, decl: InputDecl, ctx: Ctx, ceiling: { fen?: number }, top: boolean): unknown {
  switch (decl.type) {
    case 'money': {
      const v = money(decl, ctx, ceiling.fen);
      ceiling.fen = Math.round(Number(v) * 100);
      return v;
    }
    case 'rate': {
      const lo = 'min' in decl && decl.min !== undefined ? Number(decl.min) : 0;
      const hi = 'max' in decl && decl.max !== undefined ? Number(decl.max) : 1;
      return (Math.round((lo + (hi - lo) * ctx.rnd()) * 100) / 100).toFixed(2);
    }
    case 'decimal':
      return (Math.round(ctx.rnd() * 100_000) / 100).toFixed(2);
    case 'integer': {
      const lo = decl.min !== undefined ? Number(decl.min) : 0;
      const hi = decl.max !== undefined ? Number(decl.max) : 5;
      return lo + Math.floor(ctx.rnd() * (hi - lo + 1));
    }
    case 'boolean':
      return ctx.rnd() < 0.5;
    case 'enum':
      return decl.of[Math.floor(ctx.rnd() * decl.of.length)]!;
    case 'date':
      if (top && name === ctx.dateInput) return ctx.date;
      return formatDate(addDays(parseDate(ctx.date), -Math.floor(ctx.rnd() * 80 * 365)));
    case 'record':
      return record(decl.fields, ctx, false);
    case 'list': {
      const n = Math.floor(ctx.rnd() * 4);
      return Array.from({ length: n }, () => value('', decl.items, ctx, {}, false));
    }
  }
}

function record(fields: Readonly<Record<string, InputDecl>>, ctx: Ctx, top: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const ceiling: { fen?: number } = {};
  for (const [name, decl] of Object.entries(fields)) {
    const isDateInput = top && name === ctx.dateInput;
    if (!isDateInput) {
      if (decl.default !== undefined && ctx.rnd() < 0.3) continue;
      if (decl.optional && decl.default === undefined && ctx.rnd() < 0.5) continue;
    }
    out[name] = value(name, decl, ctx, ceiling, top);
  }
  return out;
}

/** Options of {@link syntheticInputs}. */
export interface PopulationOptions {
  /** How many inputs. */
  readonly count: number;
  readonly seed?: number;
  /** The evaluation date (`YYYY-MM-DD`): the value of the date input, and the anchor of other dates. */
  readonly date: string;
  /** The input that carries the evaluation date, if the rulesets have one. */
  readonly dateInput?: string;
}

/** The default seed of synthetic populations. */
export const DEFAULT_POPULATION_SEED = 20260101;

/**
 * Generates `count` inputs from the declarations (see the module comment for how values are drawn).
 *
 * @example
 * syntheticInputs(program.ruleset.inputs, { count: 1000, date: '2025-06-01' }).length; //=> 1000
 */
export function syntheticInputs(decls: Readonly<Record<string, InputDecl>>, options: PopulationOptions): Record<string, unknown>[] {
  const ctx: Ctx = { rnd: mulberry32(options.seed ?? DEFAULT_POPULATION_SEED), date: options.date, ...(options.dateInput ? { dateInput: options.dateInput } : {}) };
  return Array.from({ length: options.count }, () => record(decls, ctx, true));
}

/** Options of {@link validSyntheticInputs}. */
export interface ValidPopulationOptions extends PopulationOptions {
  /** The code of an `input/…` error when a ruleset refuses the input, else undefined. */
  readonly validate: (input: Record<string, unknown>) => string | undefined;
  /** Draws per input before giving up (default 200). */
  readonly maxDrawsPerInput?: number;
  /** Called every 100 inputs (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A generated population of valid inputs and what was drawn to get it. */
export interface ValidPopulation {
  readonly inputs: Record<string, unknown>[];
  /** Inputs drawn in all (kept + rejected). */
  readonly drawn: number;
  /** Rejected draws by the code the ruleset refused them with. */
  readonly rejected: Readonly<Record<string, number>>;
}

/**
 * Like {@link syntheticInputs}, but each input is drawn again until `validate` accepts it, so every input
 * is valid for the rulesets. Deterministic for the same declarations, seed, count and validator.
 *
 * @throws MinshengError `options/invalid` when `maxDrawsPerInput` draws in a row are all refused (the
 *   declarations cannot describe what the checks require)
 * @example
 * const { inputs, rejected } = validSyntheticInputs(decls, { count: 1000, date: '2026-01-01', validate });
 */
export function validSyntheticInputs(decls: Readonly<Record<string, InputDecl>>, options: ValidPopulationOptions): ValidPopulation {
  const ctx: Ctx = { rnd: mulberry32(options.seed ?? DEFAULT_POPULATION_SEED), date: options.date, ...(options.dateInput ? { dateInput: options.dateInput } : {}) };
  const max = options.maxDrawsPerInput ?? 200;
  const inputs: Record<string, unknown>[] = [];
  const rejected: Record<string, number> = {};
  let drawn = 0;
  while (inputs.length < options.count) {
    if (options.onProgress && inputs.length % 100 === 0) options.onProgress(inputs.length, options.count);
    let tries = 0;
    for (;;) {
      const input = record(decls, ctx, true);
      drawn++;
      const code = options.validate(input);
      if (code === undefined) {
        inputs.push(input);
        break;
      }
      rejected[code] = (rejected[code] ?? 0) + 1;
      if (++tries >= max) {
        throw new MinshengError({
          code: 'options/invalid',
          message: `no valid input in ${max} draws in a row (refused: ${Object.entries(rejected).map(([c, n]) => `${c} ${n}`).join(', ')}): the declared inputs do not describe what the rulesets' checks require`,
          path: [],
        });
      }
    }
  }
  options.onProgress?.(inputs.length, options.count);
  return { inputs, drawn, rejected };
}
