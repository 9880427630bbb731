/**
 * How the domain facades get their compiled program: a {@link Program} the caller compiled, or the id of
 * a bundled ruleset (compiled once per process). Anything else is refused with a code, never a TypeError.
 */
import { bundledRuleset } from '../bundled/bundled-rulesets';
import { MinshengError, describeValue, type IssueCode } from '../errors';
import { compile, type Program } from '../engine/program';
import { CompiledProgram } from '../engine/evaluator';

/** A compiled ruleset, or the id of a bundled one (`cn/medical/nanchang`, optionally `@range`). */
export type RulesetRef = Program | string;

const byId = new Map<string, Program>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * True when `value` is a program built by `compile` — or, from another copy of the library (a second
 * bundle), an object with every member of one — not just something with an `evaluate`.
 */
export function isProgram(value: unknown): value is Program {
  if (value instanceof CompiledProgram) return true;
  if (!isObject(value) || Array.isArray(value)) return false;
  const p = value as Record<string, unknown>;
  const r = p['ruleset'];
  return (
    typeof p['evaluate'] === 'function' &&
    typeof p['safeEvaluate'] === 'function' &&
    typeof p['diagnostics'] === 'function' &&
    typeof p['id'] === 'string' &&
    typeof p['version'] === 'string' &&
    isObject(p['ruleTypes']) &&
    Array.isArray(p['outputs']) &&
    isObject(r) &&
    typeof r['id'] === 'string' &&
    isObject(r['inputs']) &&
    isObject(r['parameters']) &&
    isObject(r['rules']) &&
    isObject(r['sources']) &&
    isObject(r['policyYear']) &&
    typeof r['jurisdiction'] === 'string'
  );
}

/** Longest ruleset id (with a range) taken. */
const MAX_ID_LENGTH = 256;

/**
 * The program a facade evaluates with.
 *
 * @param ref a compiled program or a bundled ruleset id
 * @param code the code for a `ruleset` option that is neither (default `options/invalid`)
 * @throws MinshengError `options/invalid` (neither a program nor an id), `ruleset/io` (no bundled ruleset
 *   has that id)
 */
export function programFor(ref: unknown, code: IssueCode = 'options/invalid'): Program {
  if (isProgram(ref)) return ref;
  if (typeof ref === 'string' && ref.length > 0 && ref.length <= MAX_ID_LENGTH) {
    let program = byId.get(ref);
    if (!program) {
      program = compile(bundledRuleset(ref));
      if (byId.size < 64) byId.set(ref, program);
    }
    return program;
  }
  throw new MinshengError({
    code,
    message: `options.ruleset must be a compiled program (compile(…)) or a bundled ruleset id such as 'cn/medical/nanchang'; got ${describeValue(ref)}`,
    path: ['ruleset'],
  });
}
