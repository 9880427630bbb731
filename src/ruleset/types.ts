/**
 * The ruleset format's types as plain interfaces. They are what a parsed file looks like after
 * `schema.ts` has checked it, written out by hand instead of `z.infer<…>` so that the public
 * declarations (dist/*.d.ts) never mention zod: a consumer type-checking without `skipLibCheck` or
 * `esModuleInterop` would otherwise have to type-check zod's own declarations.
 *
 * test/ruleset/types.test.ts proves each interface equal to `z.infer` of its schema, so the two cannot drift.
 */
import type { InputDecl, Label, NumLike } from './schema';

/** See `ConstraintDeclSchema`: a requirement a source imposes on the figures of every ruleset citing it. */
export interface ConstraintDecl {
  id: string;
  severity: 'error' | 'warning';
  /** A boolean formula over parameters only. */
  formula: string;
  message: Label;
  from?: string | undefined;
  until?: string | undefined;
  note?: string | undefined;
}

/** A citation (`sources:` entry). */
export interface SourceDecl {
  id: string;
  title: string;
  issuer?: string | undefined;
  /** 文号. */
  docNumber?: string | undefined;
  date?: string | undefined;
  url?: string | undefined;
  /** The article or section relied on (第三条, §2.1). */
  section?: string | undefined;
  status: 'verified' | 'seed' | 'secondary' | 'inferred';
  note?: string | undefined;
  requires?: ConstraintDecl[] | undefined;
}

/** One dated value of a parameter. */
export interface ParameterValue {
  from: string;
  until?: string | undefined;
  /** A number/numeric string/boolean; for `by` tables a mapping enum value → scalar; for `scale` a list of `{ above, rate }`. */
  value: unknown;
  source?: string | undefined;
  note?: string | undefined;
}

/** What is known about a figure that is not published (a cited floor or ceiling). */
export interface ParameterBoundsDecl {
  atLeast?: NumLike | undefined;
  atMost?: NumLike | undefined;
  source: string;
  note?: string | undefined;
}

/** One parameter declaration. `type` and `by` may be omitted when overriding a parent's parameter. */
export interface ParameterDecl {
  type?: 'money' | 'rate' | 'decimal' | 'integer' | 'boolean' | 'scale' | undefined;
  by?: string | undefined;
  label?: Label | undefined;
  description?: Label | undefined;
  unit?: string | undefined;
  regional?: boolean | undefined;
  atLeast?: string | undefined;
  atMost?: string | undefined;
  min?: NumLike | undefined;
  max?: NumLike | undefined;
  mode?: 'merge' | 'replace' | undefined;
  bounds?: ParameterBoundsDecl | undefined;
  values?: ParameterValue[] | undefined;
}

/** One rule: a named formula. */
export interface RuleDecl {
  type: 'money' | 'rate' | 'decimal' | 'integer' | 'boolean' | 'date' | 'enum';
  /** For type enum: the values the formula may produce. */
  of?: string[] | undefined;
  label?: Label | undefined;
  text?: Label | undefined;
  explain?: Label | undefined;
  labels?: Record<string, Label> | undefined;
  direction?: 'benefit' | 'cost' | undefined;
  formula: string;
  output?: boolean | undefined;
  source?: string | undefined;
  replaces?: boolean | undefined;
  note?: string | undefined;
  check?: Label | undefined;
  checkPath?: (string | number)[] | undefined;
}

/** A reconciliation of published figures (a test case's `reconcile:`). */
export interface ReconcileDecl {
  source?: string | undefined;
  figures: Record<string, number | string>;
  derive?: Record<string, string> | undefined;
  checks: { id: string; holds: string; note?: string | undefined }[];
  discrepancies: string[];
}

/** One test case (inline `tests:` or a cases file's `cases:`). Exactly one of `expect` / `expectError` / `reconcile`. */
export interface TestCase {
  name: string;
  label?: Label | undefined;
  date?: string | undefined;
  input: Record<string, unknown>;
  expect?: Record<string, unknown> | undefined;
  expectError?: string | undefined;
  note?: string | undefined;
  notes?: Label | undefined;
  discrepancy?: string | undefined;
  reconcile?: ReconcileDecl | undefined;
}

/** A whole ruleset file (format v1) as parsed. */
export interface RulesetFile {
  $schema?: string | undefined;
  id: string;
  jurisdiction: string;
  version: string;
  extends?: string | undefined;
  label: Label;
  description?: Label | undefined;
  validity?: { from: string; until?: string | undefined } | undefined;
  dateInput?: string | undefined;
  policyYear?: { startMonth: number; startDay: number } | undefined;
  sources?: SourceDecl[] | undefined;
  inputs?: Record<string, InputDecl> | undefined;
  parameters?: Record<string, ParameterDecl> | undefined;
  rules?: Record<string, RuleDecl> | undefined;
  tests?: TestCase[] | undefined;
}

/** A sibling cases file `<name>.cases.yaml`. */
export interface CasesFile {
  $schema?: string | undefined;
  ruleset?: string | undefined;
  cases: TestCase[];
}
