/**
 * Rules whose trace follows from a few values. Most policy formulas read the same names in the same order on
 * every evaluation (`min(round(max(0, eligible − deductible) × rate, 2), cap − ytd)`), or one of two orders
 * chosen by a yes/no figure (`if vulnerable then … else …`). For such a rule the traced path records its sites
 * once per outcome of those tests; the trace builder keeps them as a template, and afterwards the rule runs
 * untraced (its fused closures, no recording) and its trace is built from the template.
 */
import type { TExpr } from '../typecheck';
import { LeafSource, type FixedFrame } from './frame';
import type { TraceSite } from './trace-log';

/** At most this many `if` tests per rule: 2^4 templates. */
const MAX_TEMPLATE_TESTS = 4;

/**
 * The `if` tests that decide which sites a formula records, in formula order — each a boolean input, rule or
 * parameter read in place — or null when anything else could change them: a comparison (its sides are part of
 * the trace), `and`/`or` (the right side is read only sometimes), an `in` list of reads, a list's items, a table
 * looked up by a computed key, dates (not needed so far). An empty list: the same sites every time.
 */
export function readsDecidedBy(node: TExpr): TExpr[] | null {
  const tests: TExpr[] = [];
  return collect(node, tests) ? tests : null;
}

function collect(node: TExpr, tests: TExpr[]): boolean {
  switch (node.kind) {
    case 'const':
    case 'input':
    case 'rule':
    case 'param':
      return true;
    case 'lookup':
      return node.key.kind === 'input' || node.key.kind === 'rule' || (node.key.kind === 'field' && node.key.target.kind === 'input');
    case 'field':
      return collect(node.target, tests);
    case 'neg':
    case 'not':
    case 'abs':
    case 'round':
      return collect(node.operand, tests);
    case 'arith':
      return collect(node.left, tests) && collect(node.right, tests);
    case 'minmax':
      return node.args.every((arg) => collect(arg, tests));
    case 'clamp':
      return collect(node.value, tests) && collect(node.lo, tests) && collect(node.hi, tests);
    case 'scale':
      return collect(node.amount, tests);
    case 'in':
      return collect(node.value, tests) && node.items.every((item) => item.kind === 'const');
    case 'if': {
      const test = node.test;
      if ((test.kind !== 'input' && test.kind !== 'rule' && test.kind !== 'param') || tests.length >= MAX_TEMPLATE_TESTS) return false;
      tests.push(test);
      return collect(node.then, tests) && collect(node.else, tests);
    }
    default:
      return false;
  }
}

/** A rule's templates: where its tests are read, and the sites recorded for each outcome so far. */
export interface ReadTemplates {
  readonly tests: readonly { readonly from: LeafSource; readonly at: number }[];
  /** By outcome (bit j set: test j was true); undefined until that outcome was recorded once. */
  readonly byOutcome: (readonly TraceSite[] | undefined)[];
  /** For a rule that reads nothing: its trace node (shared, frozen) and the value it shows. */
  constantNode: unknown;
  constantValue: unknown;
}

/**
 * The outcome of a rule's tests on a frame (each test's value as it is, read whatever branch the rule will take:
 * a template covers every test of the formula), or −1 when one is not a plain true or false (a rule with no
 * value in force, an absent input): the rule then records, as it would without templates.
 */
export function outcomeOf(templates: ReadTemplates, f: FixedFrame): number {
  const tests = templates.tests;
  let outcome = 0;
  for (let j = 0; j < tests.length; j++) {
    const { from, at } = tests[j]!;
    const v = from === LeafSource.Rule ? f.values[at] : from === LeafSource.Input ? f.inputs[at] : f.params[at];
    if (v === true) outcome |= 1 << j;
    else if (v !== false) return -1;
  }
  return outcome;
}
