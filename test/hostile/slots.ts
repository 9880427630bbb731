/**
 * Where noise can go in an argument: the slots of a value as its declaration describes them — a ruleset's
 * declared inputs (for `program.evaluate`) or a facade's zod schema (claims, ledgers, households, persons).
 * Declared fields that are absent are slots too (noise may add them with a bad value).
 */
import type { z } from 'zod';
import type { InputDecl } from '../../src/ruleset/schema';
import { date, id, money } from '../../src/domains/fields';
import type { Kind, Slot } from './noise';

type Path = readonly (string | number)[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function declKind(decl: InputDecl): Kind {
  switch (decl.type) {
    case 'money':
      return decl.allowNegative === true ? 'decimal' : 'money';
    case 'rate':
    case 'decimal':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'date':
      return 'date';
    case 'enum':
      return 'enum';
    case 'record':
      return 'record';
    case 'list':
      return 'list';
  }
}

function declSlots(decl: InputDecl, value: unknown, path: Path, out: Slot[]): void {
  const kind = declKind(decl);
  if (decl.type === 'record') {
    const fields = decl.fields ?? {};
    if (isRecord(value)) {
      out.push({ path, kind, declared: Object.keys(fields) });
      for (const [name, field] of Object.entries(fields)) declSlots(field, value[name], [...path, name], out);
    } else out.push({ path, kind });
    return;
  }
  if (decl.type === 'list') {
    out.push({ path, kind });
    if (Array.isArray(value) && decl.items) value.forEach((item, i) => declSlots(decl.items!, item, [...path, i], out));
    return;
  }
  out.push({ path, kind, ...(decl.type === 'enum' ? { numericEnum: (decl.of ?? []).some((v) => /^-?\d+(\.\d+)?$/.test(v)) } : {}) });
}

/** The slots of an evaluate input under a ruleset's declared inputs (the root record included). */
export function inputSlots(decls: Readonly<Record<string, InputDecl>>, input: Record<string, unknown>): Slot[] {
  const out: Slot[] = [{ path: [], kind: 'record', declared: Object.keys(decls) }];
  for (const [name, decl] of Object.entries(decls)) declSlots(decl, input[name], [name], out);
  return out;
}

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly out?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly entries?: Record<string, string>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema under optional / nullable / pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default') && d.innerType) s = d.innerType;
    else if (d.type === 'pipe' && d.out) s = d.out;
    else return s;
  }
}

function zodKind(schema: z.ZodType): Kind {
  const s = unwrap(schema);
  if (s === money) return 'money';
  if (s === date) return 'date';
  if (s === id) return 'id';
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      return 'record';
    case 'array':
      return 'list';
    case 'enum':
      return 'enum';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'int';
    case 'string': {
      // zod 4 keeps length checks in `minLength` / `maxLength` (its `_zod.bag` stays empty for strings).
      const { minLength, maxLength } = s as z.ZodString;
      return maxLength !== null && (minLength ?? 0) < 1 ? 'text' : 'id';
    }
    default:
      return 'opaque';
  }
}

function zodSlotsOf(schema: z.ZodType, value: unknown, path: Path, out: Slot[]): void {
  const s = unwrap(schema);
  const kind = zodKind(s);
  const d = defOf(s);
  if (kind === 'record' && d.shape) {
    if (isRecord(value)) {
      out.push({ path, kind, declared: Object.keys(d.shape) });
      for (const [name, field] of Object.entries(d.shape)) zodSlotsOf(field, value[name], [...path, name], out);
    } else out.push({ path, kind });
    return;
  }
  if (kind === 'list' && d.element) {
    out.push({ path, kind });
    if (Array.isArray(value)) value.forEach((item, i) => zodSlotsOf(d.element!, item, [...path, i], out));
    return;
  }
  if (kind === 'enum') {
    out.push({ path, kind, numericEnum: Object.values(d.entries ?? {}).some((v) => /^-?\d+$/.test(String(v))) });
    return;
  }
  out.push({ path, kind });
}

/** The slots of a facade argument under its zod schema (the root record included). */
export function schemaSlots(schema: z.ZodType, value: unknown): Slot[] {
  const out: Slot[] = [];
  zodSlotsOf(schema, value, [], out);
  return out;
}
