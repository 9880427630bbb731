/**
 * The quick check of `program.evaluate`'s options, without zod: well-formed options (nearly every call) cost a
 * few property reads here, and only bad ones are examined by ./options.ts (zod), which says what is wrong. Apart
 * so that the engine does not load zod (see ./build.ts).
 */
import { isPlainObject } from '../ruleset/plain-object';

/** Longest rule name `outputs` may list, and most names. */
export const MAX_OUTPUT_NAME = 200;
export const MAX_OUTPUTS = 10_000;

/** The option names of `program.evaluate`, in the order messages list them. */
export const OPTION_NAMES = ['date', 'trace', 'outputs', 'unknowns', 'money'] as const;
const OPTION_KEYS: ReadonlySet<string> = new Set(OPTION_NAMES);

/** True when the options are certainly well formed (absent, or a plain object of known options with values of the right kind). */
export function wellFormedOptions(options: unknown): boolean {
  if (options === undefined) return true;
  if (!isPlainObject(options)) return false;
  for (const key in options) if (!OPTION_KEYS.has(key)) return false;
  const o = options as { date?: unknown; trace?: unknown; outputs?: unknown; unknowns?: unknown; money?: unknown };
  if (o.date !== undefined && (typeof o.date !== 'string' || o.date.length > 100)) return false;
  if (o.trace !== undefined && typeof o.trace !== 'boolean') return false;
  if (o.unknowns !== undefined && o.unknowns !== 'throw' && o.unknowns !== 'report') return false;
  if (o.money !== undefined && o.money !== 'text' && o.money !== 'fen') return false;
  if (o.outputs !== undefined) {
    if (!Array.isArray(o.outputs) || o.outputs.length > MAX_OUTPUTS) return false;
    for (let i = 0; i < o.outputs.length; i++) {
      const name: unknown = o.outputs[i];
      if (typeof name !== 'string' || name.length > MAX_OUTPUT_NAME) return false;
    }
  }
  return true;
}
