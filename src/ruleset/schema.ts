/**
 * The zod schema of ruleset files (format v1, see docs/guide/ruleset-format.md) and of sibling
 * `<name>.cases.yaml` files. Objects are strict: an unknown key is an error at its own path.
 *
 * Checks that need the whole chain of `extends` (inherited types, shadowing, timelines across layers,
 * citations) live in `overlay.ts`; everything a single file can get wrong is reported here.
 *
 * Custom issues carry `params.code` with the {@link IssueCode} the loader reports (default
 * `ruleset/schema`), e.g. a duplicate source id is `ruleset/duplicate-id`.
 */
import * as z from 'zod';
import semver from 'semver';
import type { IssueCode } from '../errors';
import { isCalendarDate, minDaysInMonth } from '../period/date';
import { isPlainObject } from './plain-object';

// ───────────────────────────── primitive checks (shared with load.ts / overlay.ts) ─────────────────────────────

/** `YYYY-MM-DD`; the calendar check is {@link isCalendarDate}. */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A plain decimal: optional sign, digits, optional fraction. No exponent, no grouping, no spaces. */
export const DECIMAL_PATTERN = /^[+-]?\d+(\.\d+)?$/;
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const DOTTED_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const RULESET_ID_PATTERN = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;
export const JURISDICTION_PATTERN = /^CN(-\d{2,6})?$/;
export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
export const ISSUE_CODE_PATTERN = /^[a-z]+\/[a-z-]+$/;

/**
 * Words of the formula language that cannot name an input, a record field, a rule or a parameter
 * segment: a formula could not refer to them.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'if', 'then', 'else', 'and', 'or', 'not', 'in', 'true', 'false', 'it', 'evaluationDate',
]);

/** True for a real calendar date written `YYYY-MM-DD` (years 0001–9999); the calendar is `period/date.ts`'s. */
export { isCalendarDate };

/**
 * The decimal text of a number-like value as the compiler will read it (`String(n)` for numbers), or
 * `undefined` when it is not a finite plain decimal.
 *
 * @example
 * numericText(0.75);   // '0.75'
 * numericText('200');  // '200'
 * numericText(1e21);   // undefined (String(1e21) is '1e+21')
 * numericText('1_000'); // undefined
 */
export function numericText(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const s = String(value);
    return DECIMAL_PATTERN.test(s) ? s : undefined;
  }
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return value;
  return undefined;
}

/**
 * Exact comparison of two {@link DECIMAL_PATTERN} strings: -1, 0 or 1.
 *
 * @example
 * compareDecimalText('0.1', '0.10'); // 0
 * compareDecimalText('9', '10');     // -1
 */
export function compareDecimalText(a: string, b: string): number {
  const pa = splitDecimal(a);
  const pb = splitDecimal(b);
  const zeroA = /^0*$/.test(pa.int + pa.frac);
  const zeroB = /^0*$/.test(pb.int + pb.frac);
  const signA = zeroA ? 0 : pa.neg ? -1 : 1;
  const signB = zeroB ? 0 : pb.neg ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  let mag: number;
  if (pa.int.length !== pb.int.length) mag = pa.int.length < pb.int.length ? -1 : 1;
  else if (pa.int !== pb.int) mag = pa.int < pb.int ? -1 : 1;
  else {
    const len = Math.max(pa.frac.length, pb.frac.length);
    const fa = pa.frac.padEnd(len, '0');
    const fb = pb.frac.padEnd(len, '0');
    mag = fa === fb ? 0 : fa < fb ? -1 : 1;
  }
  return signA < 0 ? -mag : mag;
}

function splitDecimal(s: string): { neg: boolean; int: string; frac: string } {
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const [int = '', frac = ''] = body.split('.');
  return { neg, int: int.replace(/^0+(?=\d)/, '').replace(/^0+$/, '0'), frac: frac.replace(/0+$/, '') };
}

/**
 * Short description of a value for "found …" in messages.
 *
 * @example
 * describeValue('x'); // 'the string "x"'
 * describeValue([1]); // 'a list of 1 item'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const s = value.length > 40 ? `${value.slice(0, 37)}…` : value;
    return value === '' ? 'an empty string' : `the string ${JSON.stringify(s)}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${String(value)}` : `the number ${String(value)} (not finite)`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

// ───────────────────────────── parameter values ─────────────────────────────

export const PARAMETER_TYPES = ['money', 'rate', 'decimal', 'integer', 'boolean', 'scale'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** A problem with a parameter value, relative to the value. */
export interface ValueProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Checks the shape of one dated parameter value against the parameter's `type` and `by`:
 * a scalar for scalar types, a mapping key → scalar for `by` tables (a table may be partial: an
 * overlay fills missing keys from its parent), and for `scale` a non-empty list of
 * `{ above, rate }` bands sorted by `above` (strictly ascending, not negative).
 *
 * @example
 * checkParameterValue('money', undefined, 200);                  // []
 * checkParameterValue('money', 'hospitalLevel', { primary: 'x' }); // [{ path: ['primary'], message: 'expected a money amount …' }]
 */
export function checkParameterValue(type: ParameterType, by: string | undefined, value: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  if (by !== undefined) {
    if (!isPlainObject(value)) {
      problems.push({ path: [], message: `expected a table (a mapping from the values of input '${by}' to ${typeNoun(type)}), found ${describeValue(value)}` });
      return problems;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) problems.push({ path: [], message: `expected a table with at least one entry, found an empty mapping` });
    for (const key of keys) checkUnkeyedValue(type, value[key], [key], problems);
    return problems;
  }
  checkUnkeyedValue(type, value, [], problems);
  return problems;
}

function typeNoun(type: ParameterType): string {
  switch (type) {
    case 'money': return 'money amounts';
    case 'rate': return 'rates';
    case 'decimal': return 'numbers';
    case 'integer': return 'whole numbers';
    case 'boolean': return 'booleans';
    case 'scale': return 'lists of bands';
  }
}

function checkUnkeyedValue(type: ParameterType, value: unknown, path: (string | number)[], out: ValueProblem[]): void {
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, message: `expected a boolean (true or false), found ${describeValue(value)}` });
      return;
    case 'scale':
      checkBands(value, path, out);
      return;
    default:
      checkNumber(type, value, path, out);
  }
}

function checkNumber(type: 'money' | 'rate' | 'decimal' | 'integer', value: unknown, path: (string | number)[], out: ValueProblem[]): void {
  const text = numericText(value);
  const noun = type === 'money' ? 'a money amount' : type === 'rate' ? 'a rate' : type === 'integer' ? 'a whole number' : 'a number';
  if (text === undefined) {
    out.push({ path, message: `expected ${noun} (a finite number or a numeric string such as "0.75", no exponent), found ${describeValue(value)}` });
    return;
  }
  const frac = text.split('.')[1] ?? '';
  if (type === 'money' && frac.length > 2) out.push({ path, message: `expected a money amount with at most 2 decimals, found ${text}` });
  if (type === 'integer' && !/^0*$/.test(frac)) out.push({ path, message: `expected a whole number, found ${text}` });
}

function checkBands(value: unknown, path: (string | number)[], out: ValueProblem[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    out.push({ path, message: `expected a non-empty list of bands { above, rate }, found ${describeValue(value)}` });
    return;
  }
  let previous: string | undefined;
  value.forEach((band: unknown, i) => {
    const at = [...path, i];
    if (!isPlainObject(band)) {
      out.push({ path: at, message: `expected a band { above, rate }, found ${describeValue(band)}` });
      previous = undefined;
      return;
    }
    for (const key of Object.keys(band)) {
      if (key !== 'above' && key !== 'rate') out.push({ path: [...at, key], message: `unknown key '${key}' in a band (allowed: above, rate)` });
    }
    const above = numericText(band['above']);
    const rate = numericText(band['rate']);
    if (above === undefined) out.push({ path: [...at, 'above'], message: `expected 'above' to be a number or numeric string, found ${describeValue(band['above'])}` });
    if (rate === undefined) out.push({ path: [...at, 'rate'], message: `expected 'rate' to be a number or numeric string, found ${describeValue(band['rate'])}` });
    if (above !== undefined) {
      if (compareDecimalText(above, '0') < 0) out.push({ path: [...at, 'above'], message: `expected 'above' not to be negative, found ${above}` });
      if (previous !== undefined && compareDecimalText(above, previous) <= 0) {
        out.push({ path: [...at, 'above'], message: `expected bands sorted by 'above' in strictly ascending order, found ${above} after ${previous}` });
      }
    }
    previous = above;
  });
}

// ───────────────────────────── building blocks ─────────────────────────────

type Ctx = z.core.$RefinementCtx<unknown>;
const always = { when: () => true };

function addIssue(ctx: Ctx, path: readonly (string | number)[], message: string, code: IssueCode = 'ruleset/schema'): void {
  ctx.addIssue({ code: 'custom', message, path: [...path], params: { code } });
}

const nonBlank = (what: string) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .min(1, { error: `expected ${what}, found an empty string` })
    .refine((s) => s.trim().length > 0, { error: `expected ${what}, found only whitespace` });

const notReserved = (s: string) => !RESERVED_NAMES.has(s);

// ───────────────────────────── inputs ─────────────────────────────

/** `{ zh, en }` text. */
export type Label = { zh: string; en: string };
/** A number in a file: a JS number (as YAML/JSON parse it) or an exact decimal string. */
export type NumLike = number | string;

interface InputBase {
  optional?: boolean | undefined;
  label?: Label | undefined;
  description?: Label | undefined;
  /** Only on top-level inputs of a child ruleset: re-declares the parent's input of the same name. */
  replaces?: boolean | undefined;
}
/** A number input: `money`, `rate`, `decimal` or `integer`. */
export interface NumberInputDecl extends InputBase {
  type: 'money' | 'rate' | 'decimal' | 'integer';
  default?: NumLike | undefined;
  min?: NumLike | undefined;
  max?: NumLike | undefined;
  allowNegative?: boolean | undefined;
}
export interface BooleanInputDecl extends InputBase {
  type: 'boolean';
  default?: boolean | undefined;
}
export interface DateInputDecl extends InputBase {
  type: 'date';
  default?: string | undefined;
}
export interface EnumInputDecl extends InputBase {
  type: 'enum';
  of: string[];
  /** Each value in words (`primary: { zh: 一级及以下, en: primary and below }`); pages show these instead of the raw value. */
  labels?: Record<string, Label> | undefined;
  default?: string | undefined;
}
export interface RecordInputDecl extends InputBase {
  type: 'record';
  fields: Record<string, InputDecl>;
  default?: Record<string, unknown> | undefined;
}
export interface ListInputDecl extends InputBase {
  type: 'list';
  items: InputDecl;
  default?: unknown[] | undefined;
}
/** An input declaration, discriminated on `type`. */
export type InputDecl = NumberInputDecl | BooleanInputDecl | DateInputDecl | EnumInputDecl | RecordInputDecl | ListInputDecl;
export type InputType = InputDecl['type'];
export const INPUT_TYPES: readonly InputType[] = ['money', 'rate', 'decimal', 'integer', 'boolean', 'date', 'enum', 'record', 'list'];

function checkEnumLabels(of: readonly string[], labels: Record<string, unknown> | undefined, ctx: Ctx): void {
  for (const key of Object.keys(labels ?? {})) {
    if (!of.includes(key)) addIssue(ctx, ['labels', key], `expected a label only for a value of the enum (${of.join(', ')}), found '${key}'`);
  }
}

// ───────────────────────────── sources, parameters, rules, tests ─────────────────────────────

export const SOURCE_STATUSES = ['verified', 'seed', 'secondary', 'inferred'] as const;

export const CONSTRAINT_SEVERITIES = ['error', 'warning'] as const;

export type { ConstraintDecl } from './types';

export type { SourceDecl } from './types';

export type { ParameterValue } from './types';

export type { ParameterDecl } from './types';

function checkParameterDecl(raw: unknown, ctx: Ctx): void {
  if (!isPlainObject(raw)) return;
  const min = numericText(raw['min']);
  const max = numericText(raw['max']);
  if (min !== undefined && max !== undefined && compareDecimalText(min, max) > 0) addIssue(ctx, ['max'], `expected 'max' (${max}) not to be below 'min' (${min})`);
  if ((raw['min'] !== undefined || raw['max'] !== undefined) && raw['type'] === 'boolean') {
    addIssue(ctx, [raw['min'] !== undefined ? 'min' : 'max'], 'a boolean parameter has no range: min and max are for numbers, rates and scales');
  }
  const values = raw['values'];
  if (!Array.isArray(values)) return;
  values.forEach((entry: unknown, i) => {
    if (!isPlainObject(entry)) return;
    const from = entry['from'];
    const until = entry['until'];
    if (isCalendarDate(from) && isCalendarDate(until) && until < from) {
      addIssue(ctx, ['values', i, 'until'], `expected 'until' (${until}) not to be before 'from' (${from})`, 'ruleset/timeline');
    }
  });
}

/** An explanation template: text with `{name}` / `{dotted.name}` placeholders and no stray brace. */
const TEMPLATE_PATTERN = /^(?:[^{}]|\{[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\})*$/s;

export const RULE_TYPES = ['money', 'rate', 'decimal', 'integer', 'boolean', 'date', 'enum'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export type { RuleDecl } from './types';

export type { TestCase } from './types';

function checkUniqueTestNames(cases: unknown, base: (string | number)[], ctx: Ctx): void {
  if (!Array.isArray(cases)) return;
  const seen = new Set<string>();
  cases.forEach((c: unknown, i) => {
    if (!isPlainObject(c) || typeof c['name'] !== 'string') return;
    if (seen.has(c['name'])) addIssue(ctx, [...base, i, 'name'], `duplicate test name '${c['name']}'`, 'ruleset/duplicate-id');
    seen.add(c['name']);
  });
}

// ───────────────────────────── whole files ─────────────────────────────

/**
 * True for `id@range` with a valid ruleset id and a valid semver range.
 *
 * @example
 * isExtendsSpec('cn/medical/national@^2026.1'); // true
 * isExtendsSpec('cn/medical/national');         // false
 */
export function isExtendsSpec(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const at = value.indexOf('@');
  if (at <= 0) return false;
  const id = value.slice(0, at);
  const range = value.slice(at + 1).trim();
  return RULESET_ID_PATTERN.test(id) && range.length > 0 && semver.validRange(range) !== null;
}

export type { RulesetFile } from './types';

export type { CasesFile } from './types';

// ───────────────────────────── the schemas, built on first use ─────────────────────────────

/**
 * Builds every schema of the format. Constructing them took ~25 ms, a tenth of a cold start that settles a claim
 * with a bundled ruleset (which validates nothing): they are built the first time a file is checked.
 */
function buildSchemas() {
  const DateString = z
    .string({ error: 'expected a date written YYYY-MM-DD' })
    .regex(DATE_PATTERN, { error: 'expected a date written YYYY-MM-DD' })
    .refine(isCalendarDate, { error: 'expected a real calendar date' })
    .meta({ description: 'A calendar date, YYYY-MM-DD.' });
  const Identifier = z
    .string({ error: 'expected a name (letters, digits, _; not starting with a digit)' })
    .regex(IDENTIFIER_PATTERN, { error: 'expected a name made of letters, digits and _ (not starting with a digit)' })
    .refine(notReserved, { error: 'expected a name that is not a reserved word of the formula language' });
  const DottedName = z
    .string()
    .regex(DOTTED_NAME_PATTERN, { error: 'expected a parameter name: names (letters, digits, _) separated by dots' })
    .refine((s) => s.split('.').every(notReserved), { error: 'expected a parameter name without reserved words of the formula language' });
  const SourceRef = z
    .string({ error: 'expected a source id (a string)' })
    .regex(SOURCE_ID_PATTERN, { error: 'expected a source id: letters, digits, ".", "_", "-"' })
    .meta({ description: 'The id of an entry of `sources` (in this file or a parent).' });
  const PlainNumber = z
    .number()
    .refine((n) => DECIMAL_PATTERN.test(String(n)), { error: 'expected a plain decimal number; write very large or very small numbers as strings' });
  const NumericString = z.string().regex(DECIMAL_PATTERN);
  const NumLike = z
    .union([PlainNumber, NumericString], { error: 'expected a finite number or a numeric string such as "0.75"' })
    .meta({ description: 'A number, or a decimal string for exact values ("0.75").' });
  /** `{ zh, en }`, both non-empty. */
  const LabelSchema = z
    .strictObject({ zh: nonBlank('a Chinese text'), en: nonBlank('an English text') })
    .meta({ description: 'Text in Chinese (zh) and English (en).' });
  const EnumValues = z
    .array(nonBlank('an enum value'), { error: 'expected a list of enum values' })
    .min(1, { error: 'expected at least one enum value' })
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v)) addIssue(ctx, [i], `duplicate enum value '${v}'`);
        seen.add(v);
      });
    });
  const inputBase = {
    optional: z.boolean().optional().meta({ description: 'Absent is allowed; a rule that needs it then fails.' }),
    label: LabelSchema.optional(),
    description: LabelSchema.optional(),
    replaces: z.boolean().optional().meta({ description: 'In a child ruleset: re-declare the parent input of this name.' }),
  };
  const NumberInputSchema = z.strictObject({
    type: z.enum(['money', 'rate', 'decimal', 'integer']),
    ...inputBase,
    default: NumLike.optional(),
    min: NumLike.optional().meta({ description: 'Inclusive minimum.' }),
    max: NumLike.optional().meta({ description: 'Inclusive maximum.' }),
    allowNegative: z.boolean().optional(),
  });
  const BooleanInputSchema = z.strictObject({ type: z.literal('boolean'), ...inputBase, default: z.boolean().optional() });
  const DateInputSchema = z.strictObject({ type: z.literal('date'), ...inputBase, default: DateString.optional() });
  /** `labels:` of an enum: each value in words, keyed by the value. */
  const EnumLabels = z.record(z.string(), LabelSchema).meta({ description: 'Each enum value in words (zh, en), keyed by the value; pages show these instead of the raw value.' });
  const EnumInputSchema = z
    .strictObject({ type: z.literal('enum'), ...inputBase, of: EnumValues, labels: EnumLabels.optional(), default: z.string().optional() })
    .superRefine((decl, ctx) => {
      if (decl.default !== undefined && !decl.of.includes(decl.default)) {
        addIssue(ctx, ['default'], `expected the default to be one of ${decl.of.join(', ')}, found ${describeValue(decl.default)}`);
      }
      checkEnumLabels(decl.of, decl.labels, ctx);
    });
  /** The schema of one input declaration (recursive through `fields` and `items`). */
  const InputDeclSchema: z.ZodType<InputDecl> = z.lazy(() =>
    z.discriminatedUnion(
      'type',
      [
        NumberInputSchema,
        BooleanInputSchema,
        DateInputSchema,
        EnumInputSchema,
        z.strictObject({
          type: z.literal('record'),
          ...inputBase,
          fields: z.record(Identifier, InputDeclSchema),
          default: z.record(z.string(), z.unknown()).optional(),
        }),
        z.strictObject({ type: z.literal('list'), ...inputBase, items: InputDeclSchema, default: z.array(z.unknown()).optional() }),
      ],
      { error: `expected 'type' to be one of ${INPUT_TYPES.join(', ')}` },
    ),
  );
  /**
   * A requirement a source imposes on the figures of every ruleset that cites it or extends one that does: a
   * boolean formula over parameters (a national floor, a relation between two parameters), checked for every
   * effective period. `error` where the text is binding (the ruleset is invalid), `warning` where it is guidance.
   */
  const ConstraintDeclSchema = z
    .strictObject({
      id: z
        .string({ error: 'expected a constraint id (a string)' })
        .regex(SOURCE_ID_PATTERN, { error: 'expected a constraint id: letters, digits, ".", "_", "-"' })
        .meta({ description: 'Unique among the constraints of the resolved ruleset; named in every report.' }),
      severity: z.enum(CONSTRAINT_SEVERITIES).meta({ description: 'error: the text is binding (the ruleset is invalid); warning: it is guidance.' }),
      formula: nonBlank('a formula').meta({
        description:
          'A boolean formula over parameters only. A table entry is p[\'key\']; a scale p reads as p.deductible (where its first paying band starts) and p.rate (its marginal rate: the constraint is then checked on every stretch of amounts between band boundaries).',
      }),
      message: LabelSchema.meta({ description: 'What the source requires, in its words.' }),
      from: DateString.optional().meta({ description: 'First day the requirement applies (default: always).' }),
      until: DateString.optional().meta({ description: 'Last day the requirement applies (inclusive).' }),
      note: z.string().optional(),
    })
    .superRefine((raw: unknown, ctx) => {
      if (isPlainObject(raw) && isCalendarDate(raw['from']) && isCalendarDate(raw['until']) && raw['until'] < raw['from']) {
        addIssue(ctx, ['until'], `expected 'until' (${raw['until']}) not to be before 'from' (${raw['from']})`);
      }
    }, always);
  /** A citation. */
  const SourceDeclSchema = z.strictObject({
    id: SourceRef,
    title: nonBlank('a title'),
    issuer: nonBlank('an issuer').optional(),
    docNumber: nonBlank('a document number (文号)').optional(),
    date: DateString.optional(),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    section: nonBlank('an article or section').optional().meta({ description: 'The article or section relied on (第三条, §2.1), shown with every citation.' }),
    status: z.enum(SOURCE_STATUSES).meta({
      description: 'verified: checked against the official text; seed: from a first reading; secondary: from a secondary report; inferred: derived, not published as such.',
    }),
    note: z.string().optional(),
    requires: z
      .array(ConstraintDeclSchema)
      .optional()
      .meta({
        description:
          'Constraints this source imposes (floors, ceilings, relations between parameters), checked on this ruleset and every ruleset that extends it. A child cannot change or drop them: it cannot redeclare a parent\'s source.',
      }),
  });
  /** One dated value of a parameter. */
  const ParameterValueSchema = z.strictObject({
    from: DateString.meta({ description: 'First day this value is in force.' }),
    until: DateString.optional().meta({ description: 'Last day this value is in force (inclusive); default: the day before the next value.' }),
    value: z.unknown().meta({
      description: 'A number/numeric string/boolean; for `by` tables a mapping enum value → scalar; for `scale` a list of { above, rate } sorted by above.',
    }),
    source: SourceRef.optional(),
    note: z.string().optional(),
  });
  /** One parameter declaration. `type` and `by` may be omitted when overriding a parent's parameter. */
  const ParameterDeclSchema = z
    .strictObject({
      type: z.enum(PARAMETER_TYPES).optional(),
      by: DottedName.optional().meta({
        description: 'An enum input (or an enum field inside a record or list input, e.g. incomes.kind): the parameter is a table keyed by its values.',
      }),
      label: LabelSchema.optional(),
      description: LabelSchema.optional(),
      unit: nonBlank('a unit').optional(),
      regional: z.boolean().optional().meta({ description: 'Each region must publish a value (evaluation fails without one in force).' }),
      atLeast: DottedName.optional().meta({
        description: 'A policy floor: another parameter every value must be at least (per key of a table; each band rate of a scale). A value below it is a ruleset/policy-floor warning.',
      }),
      atMost: DottedName.optional().meta({ description: 'A policy ceiling: another parameter every value must be at most (ruleset/policy-floor warning).' }),
      min: NumLike.optional().meta({
        description: 'Smallest allowed value (per key of a table; each band rate of a scale). Default: 0 for money and rates. A value below it is a ruleset/range error.',
      }),
      max: NumLike.optional().meta({ description: 'Largest allowed value. Default: 1 for rates (and band rates). A value above it is a ruleset/range error.' }),
      mode: z.enum(['merge', 'replace']).optional().meta({ description: "merge (default): values merge into the parent's timeline by `from`; replace: drop the parent's values." }),
      bounds: z
        .strictObject({
          atLeast: NumLike.optional(),
          atMost: NumLike.optional(),
          source: nonBlank('a source id'),
          note: z.string().optional(),
        })
        .optional()
        .meta({
          description:
            'What is known about a figure that is not published (a cited floor or ceiling): on a date with no value in force, an output these bounds fully determine is computed exactly; others still fail naming the figure.',
        }),
      values: z.array(ParameterValueSchema).optional(),
    })
    .superRefine((raw: unknown, ctx) => checkParameterDecl(raw, ctx), always);
  /** One rule: a named formula. */
  const RuleDeclSchema = z
    .strictObject({
      type: z.enum(RULE_TYPES),
      of: EnumValues.optional().meta({ description: 'For type enum: the values the formula may produce.' }),
      label: LabelSchema.optional(),
      text: LabelSchema.optional().meta({ description: 'The rule as the policy document words it.' }),
      explain: LabelSchema.optional().meta({
        description:
          'An explanation of a result in words, with placeholders: {value} is the rule\'s value, {name} the value of an input, parameter or rule it reads (formatted by its type). Shown instead of the generated sentence.',
      }),
      labels: EnumLabels.optional().meta({ description: 'For type enum: each value the rule may produce in words.' }),
      direction: z.enum(['benefit', 'cost']).optional().meta({
        description:
          "What a higher value (or true) means for the person: 'benefit' (a payment, a subsidy, eligibility) or 'cost' (what they pay). Diffs call a change a gain or a loss by it; without it a change is only higher or lower.",
      }),
      formula: nonBlank('a formula').meta({ description: 'An expression over inputs, parameters and other rules.' }),
      output: z.boolean().optional().meta({ description: 'false: computed and traced but not listed among the outputs.' }),
      source: SourceRef.optional(),
      replaces: z.boolean().optional().meta({ description: 'In a child ruleset: re-declare the parent rule of this name.' }),
      note: z.string().optional(),
      check: LabelSchema.optional().meta({
        description: 'Makes this boolean rule an input check: when it is false the evaluation fails with input/invalid and this message.',
      }),
      checkPath: z.array(z.union([z.string(), z.number().int().min(0)])).optional().meta({ description: 'The input path a failed check points at, e.g. [bill, inCatalogue].' }),
    })
    .superRefine((raw: unknown, ctx) => {
      if (!isPlainObject(raw)) return;
      if (raw['check'] !== undefined && raw['type'] !== 'boolean') addIssue(ctx, ['check'], `a check must be a boolean rule (this rule is ${String(raw['type'])})`);
      if (raw['checkPath'] !== undefined && raw['check'] === undefined) addIssue(ctx, ['checkPath'], "unexpected key 'checkPath' without 'check'");
      if (raw['type'] === 'enum' && raw['of'] === undefined) addIssue(ctx, ['of'], "missing required key 'of' (a rule of type enum lists its values)");
      if (raw['type'] !== undefined && raw['type'] !== 'enum' && raw['of'] !== undefined) {
        addIssue(ctx, ['of'], `unexpected key 'of': only a rule of type enum lists values (this rule is ${String(raw['type'])})`);
      }
      if (raw['labels'] !== undefined && Array.isArray(raw['of']) && isPlainObject(raw['labels'])) checkEnumLabels(raw['of'] as string[], raw['labels'], ctx);
      if (raw['labels'] !== undefined && raw['type'] !== 'enum') addIssue(ctx, ['labels'], "unexpected key 'labels': only an enum lists its values' labels");
      if (isPlainObject(raw['explain'])) {
        for (const lang of ['zh', 'en'] as const) {
          const t = raw['explain'][lang];
          if (typeof t === 'string' && !TEMPLATE_PATTERN.test(t)) addIssue(ctx, ['explain', lang], 'expected placeholders as {name} or {dotted.name} with matching braces');
        }
      }
    }, always);
  /**
   * A reconciliation case: figures as a source publishes them, derived quantities and checks written as formulas
   * over them (the formula language, every figure a decimal), and the ids of the checks the source fails
   * (`discrepancies`). It evaluates no ruleset: it records, machine-checked, which published figures do not add up.
   */
  const ReconcileSchema = z.strictObject({
    source: z.string().optional().meta({ description: 'The source id the figures come from.' }),
    figures: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a figure name (letters, digits, _)' }), z.union([z.number(), z.string().regex(/^-?\d{1,15}(\.\d{1,12})?$/, { error: 'expected a decimal number' })])),
    derive: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a name (letters, digits, _)' }), z.string().max(2000)).optional(),
    checks: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'expected a check id (a-z, 0-9, -)' }), holds: z.string().max(2000), note: z.string().optional() })).min(1).max(200),
    discrepancies: z.array(z.string()).max(200),
  });
  /** One test case (inline `tests:` or a cases file's `cases:`). Exactly one of `expect` / `expectError` / `reconcile`. */
  const TestCaseSchema = z
    .strictObject({
      name: nonBlank('a test name'),
      label: LabelSchema.optional().meta({ description: 'The case name in words (zh, en); pages show it instead of `name`.' }),
      date: DateString.optional().meta({ description: 'Evaluation date (else the dateInput input).' }),
      input: z.record(z.string(), z.unknown()).default({}).meta({ description: 'The input evaluated (not used by a `reconcile` case).' }),
      expect: z.record(z.string(), z.unknown()).optional().meta({ description: 'Expected outputs (only those given are compared).' }),
      expectError: z.string().regex(ISSUE_CODE_PATTERN, { error: 'expected an issue code such as eval/no-value-in-force' }).optional(),
      note: z.string().optional(),
      notes: LabelSchema.optional().meta({ description: 'The note in each language (zh, en); the Chinese page shows zh, the English page en, `note` otherwise.' }),
      discrepancy: z.string().optional(),
      reconcile: ReconcileSchema.optional().meta({
        description: 'A reconciliation of published figures (no evaluation): the checks that must not hold are listed in `discrepancies`; the case fails when any other check fails or a listed one holds.',
      }),
    })
    .superRefine((raw: unknown, ctx) => {
      if (!isPlainObject(raw)) return;
      const kinds = (['expect', 'expectError', 'reconcile'] as const).filter((k) => raw[k] !== undefined);
      if (kinds.length > 1) addIssue(ctx, [kinds[1]!], `expected one of 'expect', 'expectError' or 'reconcile', found ${kinds.join(' and ')}`);
      if (kinds.length === 0) addIssue(ctx, [], "missing 'expect' (or 'expectError', or 'reconcile'): a test case needs exactly one of them");
      if (raw['reconcile'] !== undefined && isPlainObject(raw['input']) && Object.keys(raw['input']).length > 0) addIssue(ctx, ['input'], "a 'reconcile' case evaluates nothing: leave 'input' out");
    }, always);
  /**
   * The schema of a whole ruleset file. Prefer `parseRulesetText` / `parseRulesetObject`, which also
   * check unsafe keys and limits and turn zod issues into {@link IssueCode}d issues.
   *
   * @example
   * RulesetFileSchema.safeParse({ id: 'demo', jurisdiction: 'CN', version: '1.0.0', label: { zh: '示例', en: 'Demo' } }).success; // true
   */
  const RulesetFileSchema = z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors; ignored.' }),
      id: z
        .string({ error: 'expected a ruleset id (a string)' })
        .regex(RULESET_ID_PATTERN, { error: "expected a ruleset id: lowercase segments [a-z0-9-] separated by '/'" })
        .meta({ description: 'Lowercase segments [a-z0-9-] separated by "/", e.g. cn/medical/gansu.' }),
      jurisdiction: z
        .string({ error: 'expected a jurisdiction (a string)' })
        .regex(JURISDICTION_PATTERN, { error: 'expected CN or CN-<GB/T 2260 code>, e.g. CN-62' })
        .meta({ description: 'CN (national) or CN-<GB/T 2260 division code>.' }),
      version: z
        .string({ error: 'expected a semver version string such as 2026.1.0 (quote it in YAML if it looks like a number)' })
        .refine((v) => semver.valid(v) === v, { error: 'expected a semver version such as 2026.1.0' })
        .meta({ description: 'Semver of this publication, e.g. 2026.1.0.' }),
      extends: z
        .string({ error: 'expected parent id@range (a string)' })
        .refine(isExtendsSpec, { error: 'expected parent id@range with a valid semver range, e.g. cn/medical/national@^2026.1' })
        .optional()
        .meta({ description: 'Parent ruleset: id@semver-range.' }),
      label: LabelSchema,
      description: LabelSchema.optional(),
      validity: z
        .strictObject({ from: DateString, until: DateString.optional() })
        .superRefine((raw: unknown, ctx) => {
          if (isPlainObject(raw) && isCalendarDate(raw['from']) && isCalendarDate(raw['until']) && raw['until'] < raw['from']) {
            addIssue(ctx, ['until'], `expected 'until' (${raw['until']}) not to be before 'from' (${raw['from']})`);
          }
        }, always)
        .optional()
        .meta({ description: 'Evaluation dates outside this range fail with eval/outside-validity.' }),
      dateInput: Identifier.optional().meta({ description: 'The date input that supplies the evaluation date.' }),
      policyYear: z
        .strictObject({
          startMonth: z.number().int({ error: 'expected a whole month number' }).min(1).max(12),
          startDay: z.number().int({ error: 'expected a whole day number' }).min(1).max(31),
        })
        .superRefine((raw: unknown, ctx) => {
          if (!isPlainObject(raw)) return;
          const m = raw['startMonth'];
          const d = raw['startDay'];
          if (typeof m === 'number' && typeof d === 'number' && Number.isInteger(m) && m >= 1 && m <= 12 && d > minDaysInMonth(m)) {
            addIssue(ctx, ['startDay'], `expected a day that exists in month ${m} every year (at most ${minDaysInMonth(m)}), found ${d}`);
          }
        }, always)
        .optional()
        .meta({ description: 'Start of the policy year for yearly ledgers; default 1 January.' }),
      sources: z.array(SourceDeclSchema).optional(),
      inputs: z.record(Identifier, InputDeclSchema).optional(),
      parameters: z.record(DottedName, ParameterDeclSchema).optional(),
      rules: z.record(Identifier, RuleDeclSchema).optional(),
      tests: z.array(TestCaseSchema).optional(),
    })
    .superRefine((raw: unknown, ctx) => {
      if (!isPlainObject(raw)) return;
      const sources = raw['sources'];
      if (Array.isArray(sources)) {
        const seen = new Set<string>();
        sources.forEach((s: unknown, i) => {
          if (!isPlainObject(s) || typeof s['id'] !== 'string') return;
          if (seen.has(s['id'])) addIssue(ctx, ['sources', i, 'id'], `duplicate source id '${s['id']}'`, 'ruleset/duplicate-id');
          seen.add(s['id']);
        });
      }
      checkUniqueTestNames(raw['tests'], ['tests'], ctx);
      const params = raw['parameters'];
      const isRoot = raw['extends'] === undefined;
      if (isPlainObject(params)) {
        for (const [name, p] of Object.entries(params)) {
          if (!isPlainObject(p)) continue;
          if (isRoot && p['type'] === undefined) {
            addIssue(ctx, ['parameters', name, 'type'], "missing required key 'type' (only a parameter overriding a parent's may omit it, and this ruleset has no 'extends')");
          }
          // Value shapes need type and by; a child may inherit them, so its values are checked in overlay.ts.
          const type = (PARAMETER_TYPES as readonly unknown[]).includes(p['type']) ? (p['type'] as ParameterType) : undefined;
          const by = typeof p['by'] === 'string' ? p['by'] : undefined;
          const values = p['values'];
          if (type === undefined || (by === undefined && !isRoot) || !Array.isArray(values)) continue;
          values.forEach((entry: unknown, i) => {
            if (!isPlainObject(entry) || !('value' in entry)) return;
            for (const problem of checkParameterValue(type, by, entry['value'])) {
              addIssue(ctx, ['parameters', name, 'values', i, 'value', ...problem.path], problem.message);
            }
          });
        }
      }
    }, always)
    .meta({ title: 'minsheng-rules ruleset (format v1)' });
  /**
   * The schema of a sibling cases file `<name>.cases.yaml`.
   *
   * @example
   * CasesFileSchema.parse({ ruleset: 'cn/medical/gansu', cases: [{ name: 'a', input: {}, expect: { basicPaid: '1.00' } }] });
   */
  const CasesFileSchema = z
    .strictObject({
      $schema: z.string().optional(),
      ruleset: z
        .string()
        .refine((v) => RULESET_ID_PATTERN.test(v) || isExtendsSpec(v), { error: 'expected the ruleset id (or id@range) these cases are for' })
        .optional(),
      cases: z.array(TestCaseSchema),
    })
    .superRefine((raw: unknown, ctx) => {
      if (isPlainObject(raw)) checkUniqueTestNames(raw['cases'], ['cases'], ctx);
    }, always);
  return { LabelSchema, InputDeclSchema, ConstraintDeclSchema, SourceDeclSchema, ParameterValueSchema, ParameterDeclSchema, RuleDeclSchema, TestCaseSchema, RulesetFileSchema, CasesFileSchema };
}

let built: ReturnType<typeof buildSchemas> | undefined;

/**
 * The schemas of the format, built once, on first call.
 *
 * @example
 * rulesetSchemas().RulesetFileSchema.safeParse({ id: 'demo', jurisdiction: 'CN', version: '1.0.0', label: { zh: '示例', en: 'Demo' } }).success; // true
 */
export function rulesetSchemas(): ReturnType<typeof buildSchemas> {
  return (built ??= buildSchemas());
}

/** `rulesetSchemas().LabelSchema`, as a schema that builds the schemas when first used. */
export const LabelSchema = z.lazy(() => rulesetSchemas().LabelSchema);
/** `rulesetSchemas().InputDeclSchema`, as a schema that builds the schemas when first used. */
export const InputDeclSchema = z.lazy(() => rulesetSchemas().InputDeclSchema);
/** `rulesetSchemas().ConstraintDeclSchema`, as a schema that builds the schemas when first used. */
export const ConstraintDeclSchema = z.lazy(() => rulesetSchemas().ConstraintDeclSchema);
/** `rulesetSchemas().SourceDeclSchema`, as a schema that builds the schemas when first used. */
export const SourceDeclSchema = z.lazy(() => rulesetSchemas().SourceDeclSchema);
/** `rulesetSchemas().ParameterValueSchema`, as a schema that builds the schemas when first used. */
export const ParameterValueSchema = z.lazy(() => rulesetSchemas().ParameterValueSchema);
/** `rulesetSchemas().ParameterDeclSchema`, as a schema that builds the schemas when first used. */
export const ParameterDeclSchema = z.lazy(() => rulesetSchemas().ParameterDeclSchema);
/** `rulesetSchemas().RuleDeclSchema`, as a schema that builds the schemas when first used. */
export const RuleDeclSchema = z.lazy(() => rulesetSchemas().RuleDeclSchema);
/** `rulesetSchemas().TestCaseSchema`, as a schema that builds the schemas when first used. */
export const TestCaseSchema = z.lazy(() => rulesetSchemas().TestCaseSchema);
/** `rulesetSchemas().RulesetFileSchema`, as a schema that builds the schemas when first used. */
export const RulesetFileSchema = z.lazy(() => rulesetSchemas().RulesetFileSchema);
/** `rulesetSchemas().CasesFileSchema`, as a schema that builds the schemas when first used. */
export const CasesFileSchema = z.lazy(() => rulesetSchemas().CasesFileSchema);

/** Every key the format knows, for "did you mean …" hints on unknown keys. */
export const KNOWN_KEYS: readonly string[] = [
  '$schema', 'id', 'jurisdiction', 'version', 'extends', 'label', 'description', 'validity', 'dateInput', 'policyYear',
  'sources', 'inputs', 'parameters', 'rules', 'tests', 'zh', 'en', 'from', 'until', 'startMonth', 'startDay', 'title',
  'issuer', 'docNumber', 'date', 'url', 'status', 'note', 'type', 'optional', 'default', 'replaces', 'min', 'max',
  'allowNegative', 'of', 'fields', 'items', 'by', 'unit', 'regional', 'mode', 'values', 'value', 'source', 'text',
  'formula', 'output', 'name', 'input', 'expect', 'expectError', 'discrepancy', 'ruleset', 'cases', 'above', 'rate',
  'requires', 'severity', 'message', 'check', 'checkPath', 'bounds', 'atLeast', 'atMost', 'explain', 'labels', 'section', 'notes', 'direction',
  'reconcile', 'figures', 'derive', 'checks', 'holds', 'discrepancies',
];
