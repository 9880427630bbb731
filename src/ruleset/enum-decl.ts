/** Finding the enum a parameter's `by` names, in the declared inputs. Apart from ./schema so that the engine does not load zod. */
import type { InputDecl } from './schema';

/**
 * The enum a parameter's `by` names: a top-level input, or a field reached through records and list items
 * (`incomes.kind` = the `kind` field of each item of the `incomes` list).
 *
 * @example
 * enumDeclAt({ level: { type: 'enum', of: ['a', 'b'] } }, 'level')?.of; //=> ['a', 'b']
 */
export function enumDeclAt(inputs: Readonly<Record<string, InputDecl>>, by: string): { decl: InputDecl | undefined; found: string } {
  const [head, ...rest] = by.split('.');
  let decl: InputDecl | undefined = Object.hasOwn(inputs, head!) ? inputs[head!] : undefined;
  for (const segment of rest) {
    while (decl?.type === 'list') decl = decl.items;
    decl = decl?.type === 'record' && Object.hasOwn(decl.fields, segment) ? decl.fields[segment] : undefined;
  }
  return { decl, found: decl ? decl.type : 'nothing' };
}
