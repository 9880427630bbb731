/**
 * Checking the arguments of public functions: zod schemas declare their shape, and {@link zodIssues} turns
 * what zod finds into the library's {@link Issue}s — stable codes, the path, a did-you-mean for an unknown
 * key, a short quote of a wrong value. Nothing a caller passes can make a check throw anything but a
 * {@link MinshengError}.
 *
 * Here too: what is wrong with bad options of `program.evaluate` ({@link checkEvaluateOptions}); well-formed
 * ones pass the quick check of ./evaluate-options.ts, a few property reads, without zod.
 */
import { isPlainObject } from '../ruleset/plain-object';
import { MAX_OUTPUT_NAME, MAX_OUTPUTS, OPTION_NAMES, wellFormedOptions } from './evaluate-options';
import { z } from 'zod';
import { MinshengError, MAX_ISSUES, capIssues, describeValue, pathKey, quote, unknownKeyIssue, type Issue, type IssueCode } from '../errors';
import { closest } from '../suggest';

type Path = readonly (string | number)[];
type ZodIssue = z.core.$ZodIssue;

/** Marks the message zod stores for unknown keys of a {@link strictRecord}: the declared keys follow. */
const KNOWN_KEYS = '\u0000known:';
/** Marks the message zod stores for a schema made with {@link expecting}: what it expects follows. */
const NOUN = '\u0000noun:';

/**
 * The `error` parameter of a zod schema that names what it expects, for "expected …, got …" messages.
 *
 * @example
 * const date = z.string(expecting('a date written YYYY-MM-DD'));
 */
export function expecting(noun: string): { error: () => string } {
  const message = `${NOUN}${noun}`;
  return { error: () => message };
}

/**
 * A record with exactly these fields: an unknown key is reported with the closest declared one
 * (`unknown field 'vehicle' in assets (did you mean 'vehicles'?)`), and an object that is not plain (a class
 * instance, an object with a borrowed prototype, whose inherited fields would be read) is refused.
 *
 * @param noun what the record is, for a value that is not an object (`an item { amount, class }`)
 * @example
 * const assets = strictRecord({ financial: money.optional(), vehicles: count.optional() });
 */
export function strictRecord<S extends z.core.$ZodLooseShape>(shape: S, noun?: string) {
  const known = `${KNOWN_KEYS}${Object.keys(shape).join('\n')}`;
  const what = noun ?? `an object { ${Object.keys(shape).slice(0, 6).join(', ')}${Object.keys(shape).length > 6 ? ', …' : ''} }`;
  const expected = `${NOUN}${what}`;
  const plain = z.custom<unknown>((v) => typeof v !== 'object' || v === null || Array.isArray(v) || isPlainObject(v), {
    error: () => `${NOUN}${what} made with {…} or JSON.parse (not a class instance or an object with a prototype)`,
  });
  const record = z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? known : issue.code === 'invalid_type' ? expected : undefined) });
  return Object.assign(plain.pipe(record), { shape, record });
}

/** Options of {@link zodIssues}. */
export interface ZodIssueOptions {
  /** Put before every issue path (e.g. `['ledger']`). */
  readonly path?: Path;
  /**
   * The code of every structural problem (unknown key, wrong type, missing value, value not allowed, too
   * long); default: `input/unknown-field`, `input/type`, `input/missing`, `input/enum`, `input/limit`.
   * Problems a refinement reports keep the code it names (`params: { code }`).
   */
  readonly code?: IssueCode;
}

const NOUNS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
  bigint: 'a big integer',
  date: 'a date',
  null: 'null',
};

function noun(expected: unknown): string {
  return NOUNS[String(expected)] ?? String(expected);
}

/** What a union expected, from the first problem of each of its options: `a string or a number`. */
function unionNoun(issue: ZodIssue): string {
  const errors = (issue as { errors?: readonly (readonly ZodIssue[])[] }).errors ?? [];
  const nouns = [...new Set(errors.map((e) => (e[0]?.code === 'invalid_type' ? noun(e[0].expected) : undefined)).filter((n): n is string => n !== undefined))];
  return nouns.length > 0 ? nouns.join(' or ') : 'a value of another kind';
}

function valuesText(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => (typeof v === 'string' ? v : String(v)));
  return `${shown.join(', ')}${values.length > 12 ? `, … (${values.length} in all)` : ''}`;
}

/**
 * The library issues for what zod found. Parse with `{ reportInput: true }` so wrong values can be quoted.
 *
 * @example
 * const r = schema.safeParse(value, { reportInput: true });
 * if (!r.success) throw new MinshengError(zodIssues(r.error.issues, { code: 'options/invalid' }));
 */
export function zodIssues(issues: readonly ZodIssue[], options: ZodIssueOptions = {}): Issue[] {
  const out: Issue[] = [];
  const prefix = options.path ?? [];
  const structural = (code: IssueCode): IssueCode => options.code ?? code;
  for (const issue of issues) {
    if (out.length >= MAX_ISSUES) break;
    const path: (string | number)[] = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : pathKey(String(p))))];
    const input = (issue as { input?: unknown }).input;
    const named = issue.message.startsWith(NOUN) ? issue.message.slice(NOUN.length) : undefined;
    const make = (code: IssueCode, message: string, at: Path = path): Issue => ({ code, message, path: [...at] });
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = issue.message.startsWith(KNOWN_KEYS) ? issue.message.slice(KNOWN_KEYS.length).split('\n').filter((k) => k !== '') : [];
        const keys = issue.keys.slice(0, 20);
        for (const key of keys) out.push(unknownKeyIssue(key, known, path, structural('input/unknown-field')));
        if (issue.keys.length > keys.length) out.push(make(structural('input/unknown-field'), `… and ${issue.keys.length - keys.length} more unknown fields`));
        break;
      }
      case 'invalid_type':
      case 'invalid_union': {
        const expected = named ?? (issue.code === 'invalid_type' ? noun(issue.expected) : unionNoun(issue));
        out.push(
          input === undefined
            ? make(structural('input/missing'), `required, missing (expected ${expected})`)
            : make(structural('input/type'), `expected ${expected}, got ${describeValue(input)}`),
        );
        break;
      }
      case 'invalid_value': {
        const values = issue.values;
        if (input === undefined) {
          out.push(make(structural('input/missing'), `required, missing (one of ${valuesText(values)})`));
          break;
        }
        const strings = values.filter((v): v is string => typeof v === 'string');
        const hint = typeof input === 'string' && input.length <= 100 ? closest(input, strings) : undefined;
        out.push(make(structural('input/enum'), `must be one of ${valuesText(values)}, got ${describeValue(input)}${hint ? ` (did you mean '${hint}'?)` : ''}`));
        break;
      }
      case 'too_big': {
        const what = issue.origin === 'array' || issue.origin === 'set' ? 'items' : issue.origin === 'string' ? 'characters' : undefined;
        const size = Array.isArray(input) ? input.length : typeof input === 'string' ? input.length : undefined;
        out.push(
          what
            ? make(structural('input/limit'), `at most ${String(issue.maximum)} ${what}${size !== undefined ? `, got ${size}` : ''}`)
            : make(structural('input/type'), `must be at most ${String(issue.maximum)}, got ${describeValue(input)}`),
        );
        break;
      }
      case 'too_small': {
        const what = issue.origin === 'array' || issue.origin === 'set' ? 'item' : issue.origin === 'string' ? 'character' : undefined;
        const min = Number(issue.minimum);
        out.push(
          what
            ? make(structural(min === 1 ? 'input/missing' : 'input/type'), `at least ${min} ${what}${min === 1 ? '' : 's'} expected${input !== undefined ? `, got ${describeValue(input)}` : ''}`)
            : make(structural('input/type'), `must be at least ${String(issue.minimum)}, got ${describeValue(input)}`),
        );
        break;
      }
      case 'custom': {
        const params = (issue as { params?: { code?: unknown } }).params;
        if (named !== undefined) {
          // z.custom(…, expecting(…)): a value of the wrong kind.
          const code = typeof params?.code === 'string' ? (params.code as IssueCode) : 'input/type';
          out.push(input === undefined ? make(structural('input/missing'), `required, missing (expected ${named})`) : make(code === 'input/type' ? structural(code) : code, `expected ${named}, got ${describeValue(input)}`));
          break;
        }
        const code = typeof params?.code === 'string' ? (params.code as IssueCode) : structural('input/invalid');
        out.push(make(code, issue.message.length > 500 ? `${issue.message.slice(0, 499)}…` : issue.message));
        break;
      }
      default:
        out.push(make(structural('input/type'), `invalid value ${input === undefined ? '' : describeValue(input)}`.trim()));
    }
  }
  return out;
}

/**
 * A zod refinement that reports the {@link MinshengError} a check throws as issues with its codes and
 * messages (e.g. `parseMoney` → `value/negative`), at the value's path.
 *
 * @example
 * const money = z.union([z.string(), z.number()]).check(throwing((v) => parseMoney(v)));
 */
export function throwing(check: (value: never) => void): z.core.CheckFn<unknown> {
  return (ctx) => {
    try {
      check(ctx.value as never);
    } catch (error) {
      if (!(error instanceof MinshengError)) throw error;
      for (const issue of error.issues) ctx.issues.push({ code: 'custom', message: issue.message, input: ctx.value, params: { code: issue.code } });
    }
  };
}

/**
 * Checks an argument against its schema and returns it typed; throws one {@link MinshengError} with every
 * problem otherwise.
 *
 * @param value the argument as the caller passed it
 * @param schema its zod schema
 * @param options `path`: put before every issue path (`['ledger']`); `code`: the code of structural problems
 *   (default the `input/*` codes; `options/invalid` for options); `extra`: more checks, run on the parsed
 *   value when the schema passed (they push issues)
 * @example
 * const claim = checkArg(raw, claimSchema, { extra: (c, issues) => consistency(c, issues) });
 */
export function checkArg<S extends z.ZodType>(value: unknown, schema: S, options: { path?: Path; code?: IssueCode; extra?: (parsed: z.output<S>, issues: Issue[]) => void } = {}): z.output<S> {
  let result = schema.safeParse(value);
  // Parsed again, keeping the inputs, only to quote the wrong values (keeping them costs on every parse).
  if (!result.success) result = schema.safeParse(value, { reportInput: true });
  const issues: Issue[] = result.success ? [] : zodIssues(result.error.issues, options);
  if (result.success && options.extra) options.extra(result.data, issues);
  if (issues.length > 0) throw new MinshengError(capIssues(issues));
  return result.data as z.output<S>;
}

// ───────────────────────────── evaluate's options ─────────────────────────────

/**
 * The options of `program.evaluate` / `safeEvaluate` as a zod schema: `date` (a string, checked as a date
 * when used), `trace`, `outputs` (rule names), `unknowns`, `money`. Built on first use: well-formed options
 * never need it (see {@link wellFormedOptions}), and building zod schemas is most of what importing costs.
 */
let optionsSchema: z.ZodType | undefined;
function evaluateOptionsSchema(): z.ZodType {
  return (optionsSchema ??= z.strictObject(
    {
      date: z.string().max(100).optional(),
      trace: z.boolean().optional(),
      outputs: z.array(z.string().max(MAX_OUTPUT_NAME)).max(MAX_OUTPUTS).optional(),
      unknowns: z.enum(['throw', 'report']).optional(),
      money: z.enum(['text', 'fen']).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `${KNOWN_KEYS}${OPTION_NAMES.join('\n')}` : undefined) },
  ));
}


/**
 * Checks the options of `program.evaluate` (`undefined`, or an object of the known options with values of
 * the right kind). Well-formed options cost a few property reads.
 *
 * @throws MinshengError `options/invalid`: not an object, an unknown option (with the closest known one), a
 *   value of the wrong kind (`{ outputs: 'basicPaid' }`), too many or too long output names
 * @example
 * checkEvaluateOptions({ date: '2025-06-01', trace: true }); // fine
 * checkEvaluateOptions('trace');                            // throws options/invalid
 * checkEvaluateOptions({ output: ['basicPaid'] });          // throws options/invalid: did you mean 'outputs'?
 */
export function checkEvaluateOptions(options: unknown): void {
  if (wellFormedOptions(options)) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MinshengError({
      code: 'options/invalid',
      message: `the options must be an object such as { date: 'YYYY-MM-DD', trace: true }, got ${describeValue(options)}`,
      path: [],
    });
  }
  const result = evaluateOptionsSchema().safeParse(options, { reportInput: true });
  const issues = result.success ? [] : zodIssues(result.error.issues, { code: 'options/invalid' });
  if (issues.length === 0 && !isPlainObject(options)) {
    // Inherited options would be read; a plain object says what it means.
    issues.push({ code: 'options/invalid', message: `the options must be a plain object, got ${quote(Object.prototype.toString.call(options))}`, path: [] });
  }
  if (issues.length > 0) throw new MinshengError(issues);
}
