/**
 * Stale figures: a result computed years after the last figures its ruleset publishes says so.
 *
 * The rule (cheap, and computed once per program): a parameter is *perishable* when the ruleset declares it
 * `regional` (each region publishes it, and regions revise such figures — standards, deductibles, caps —
 * every year or two) or when it has already changed (more than one dated value). When the value in force of
 * a perishable parameter on the evaluation date is the last of its timeline (open-ended) and took effect
 * {@link STALE_AFTER_YEARS} years or more before that date, the result carries an `eval/stale-figures`
 * warning naming it. Nothing is refused: the figure is the latest the ruleset knows, but the caller should
 * know that a newer one has probably been published since.
 */
import type { Issue } from '../errors';
import type { Program } from './program';

/** How many years after its `from` the last value of a perishable figure counts as stale. */
export const STALE_AFTER_YEARS = 2;

interface Perishable {
  readonly name: string;
  readonly from: string;
  /** `from` plus {@link STALE_AFTER_YEARS} years, as a `YYYY-MM-DD` text (compared as text). */
  readonly staleFrom: string;
}

/** Per program: its perishable figures, soonest stale first. */
const cache = new WeakMap<Program, readonly Perishable[]>();

function perishables(program: Program): readonly Perishable[] {
  let list = cache.get(program);
  if (list) return list;
  const found: Perishable[] = [];
  for (const [name, param] of Object.entries(program.ruleset.parameters)) {
    const values = param.values;
    const last = values[values.length - 1];
    if (!last || last.until !== undefined) continue;
    if (param.regional !== true && values.length < 2) continue;
    const year = Number(last.from.slice(0, 4));
    found.push({ name, from: last.from, staleFrom: `${String(year + STALE_AFTER_YEARS).padStart(4, '0')}${last.from.slice(4)}` });
  }
  found.sort((a, b) => (a.staleFrom < b.staleFrom ? -1 : a.staleFrom > b.staleFrom ? 1 : 0));
  list = Object.freeze(found);
  cache.set(program, list);
  return list;
}

/**
 * The `eval/stale-figures` warnings of an evaluation of `program` on `date` (`YYYY-MM-DD`): one per stale
 * figure, at most 10. Usually none, found with one comparison.
 *
 * @example
 * staleFigureWarnings(nanchang, '2028-03-01')[0]?.message;
 * //=> 'basic.deductible: the latest value cn/medical/nanchang@2026.1.0 publishes took effect on 2025-01-01, 2 or more years before 2028-03-01; a newer figure has probably been published'
 */
export function staleFigureWarnings(program: Program, date: string): Issue[] {
  const list = perishables(program);
  if (list.length === 0 || date < list[0]!.staleFrom) return [];
  const warnings: Issue[] = [];
  for (const p of list) {
    if (date < p.staleFrom || warnings.length >= 10) break;
    warnings.push({
      code: 'eval/stale-figures',
      message: `${p.name}: the latest value ${program.id}@${program.version} publishes took effect on ${p.from}, ${STALE_AFTER_YEARS} or more years before ${date}; a newer figure has probably been published`,
      path: ['parameters', p.name],
    });
  }
  return warnings;
}
