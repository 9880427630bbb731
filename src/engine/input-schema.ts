/**
 * The declared inputs as a zod schema, for forms, docs and JSON Schema export (`program.inputSchema()`). Apart
 * from ./input, which converts inputs, so that the engine does not load zod (see ./build.ts).
 */
import { z } from 'zod';
import { PLAIN_DECIMAL } from '../money/plain-decimal';
import type { InputDecl } from '../ruleset/schema';

/** A zod schema equivalent to the declarations, for forms, docs and JSON Schema export. */
export function inputZodSchema(decls: Readonly<Record<string, InputDecl>>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, decl] of Object.entries(decls)) shape[name] = declZod(decl);
  return z.strictObject(shape);
}

function declZod(decl: InputDecl): z.ZodType {
  const describeIt = <T extends z.ZodType>(schema: T): T => (decl.label ? (schema.describe(`${decl.label.zh} / ${decl.label.en}`) as T) : schema);
  let schema: z.ZodType;
  const numeric = z.union([z.string().regex(PLAIN_DECIMAL), z.number()]);
  switch (decl.type) {
    case 'money':
    case 'rate':
    case 'decimal':
    case 'integer':
      schema = numeric;
      break;
    case 'boolean':
      schema = z.boolean();
      break;
    case 'date':
      schema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
      break;
    case 'enum':
      schema = z.enum((decl.of ?? ['']) as [string, ...string[]]);
      break;
    case 'record': {
      const shape: Record<string, z.ZodType> = {};
      for (const [name, d] of Object.entries(decl.fields ?? {})) shape[name] = declZod(d);
      schema = z.strictObject(shape);
      break;
    }
    case 'list':
      schema = z.array(decl.items ? declZod(decl.items) : z.unknown());
      break;
  }
  schema = describeIt(schema);
  return decl.optional || decl.default !== undefined ? schema.optional() : schema;
}
