/**
 * How the domain facades get their compiled program: a {@link Program} the caller compiled, or the id of
 * a bundled ruleset (compiled once per process). Anything else is refused with a code, never a TypeError.
 */
import { bundledRuleset } from '../bundled/bundled-rulesets';
import { MinshengError, type IssueCode } from '../errors';
import { compile, type Program } from '../engine/program';

/** A compiled ruleset, or the id of a bundled one (`cn/medical/nanchang`, optionally `@range`). */
export type RulesetRef = Program | string;

const byId = new Map<string, Program>();

/** True when `value` is a program built by `compile` (not just something with an `evaluate`). */
export function isProgram(value: unknown): value is Program {
  return typeof value === 'object' && value !== null && typeof (value as { evaluate?: unknown }).evaluate === 'function' && typeof (value as { ruleset?: unknown }).ruleset === 'object';
}

/**
 * The program a facade evaluates with.
 *
 * @param ref a compiled program or a bundled ruleset id
 * @param code the facade's error code for a missing or wrong `ruleset` option
 */
export function programFor(ref: unknown, code: IssueCode): Program {
  if (isProgram(ref)) return ref;
  if (typeof ref === 'string') {
    let program = byId.get(ref);
    if (!program) {
      program = compile(bundledRuleset(ref));
      if (byId.size < 64) byId.set(ref, program);
    }
    return program;
  }
  const found = ref === null ? 'null' : Array.isArray(ref) ? 'an array' : typeof ref;
  throw new MinshengError({ code, message: `options.ruleset must be a compiled program (compile(…)) or a bundled ruleset id such as 'cn/medical/nanchang'; found ${found}`, path: ['ruleset'] });
}
