/**
 * Parameters at compile time: their static types (a table keyed by an enum input, bands), their raw values
 * converted once to runtime values, and the checks on the values (see {@link policyBoundWarnings}).
 */
import { MinshengError, type Issue } from '../errors';
import { Decimal, toDecimal } from '../money/decimal';
import type { Timeline } from '../period/effective';
import type { Band } from '../expr/compile';
import type { ParamEntry } from '../expr/runtime';
import type { Type } from '../expr/types';
import type { ResolvedParameter, ResolvedRuleset } from '../ruleset/resolved';
import { enumDeclAt } from '../ruleset/enum-decl';
import { fileOf } from './compiled-rule';
import { checkConstraints, checkRanges } from '../analyze';

export function parameterType(param: ResolvedParameter, inputs: ResolvedRuleset['inputs']): Type | Issue {
  const scalar = (t: string): Type => (t === 'scale' ? { kind: 'bands' } : ({ kind: t } as Type));
  if (!param.type) return { code: 'ruleset/schema', message: `parameter ${param.name} has no type`, path: ['parameters', param.name] };
  if (!param.by) return scalar(param.type);
  const { decl: by } = enumDeclAt(inputs, param.by);
  if (!by || by.type !== 'enum') {
    return { code: 'expr/type', message: `parameter ${param.name} is keyed by '${param.by}', which is not an enum input`, path: ['parameters', param.name, 'by'] };
  }
  return { kind: 'table', keys: by.of, by: param.by, value: scalar(param.type) };
}

/** Converts one raw parameter value to its runtime form. */
export function convertParamValue(param: ResolvedParameter, raw: unknown, path: (string | number)[]): unknown {
  const one = (v: unknown, p: (string | number)[]): unknown => {
    switch (param.type) {
      case 'boolean':
        if (typeof v !== 'boolean') throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs true or false`, path: p });
        return v;
      case 'scale': {
        if (!Array.isArray(v)) throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs a list of bands { above, rate }`, path: p });
        const bands: Band[] = v.map((b: { above?: unknown; rate?: unknown }, i) => ({ above: toDecimal(b?.above, [...p, i, 'above']), rate: toDecimal(b?.rate, [...p, i, 'rate']) }));
        for (let i = 1; i < bands.length; i++) {
          if (!bands[i]!.above.gt(bands[i - 1]!.above)) throw new MinshengError({ code: 'ruleset/schema', message: `bands of ${param.name} must be in increasing order of 'above'`, path: [...p, i, 'above'] });
        }
        return Object.freeze(bands);
      }
      default: {
        const d = toDecimal(v, p);
        if (param.type === 'integer' && !d.isInteger()) throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} needs a whole number`, path: p });
        return d;
      }
    }
  };
  if (!param.by) return one(raw, path);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MinshengError({ code: 'ruleset/schema', message: `parameter ${param.name} is a table by ${param.by}: give an object of key → value`, path });
  }
  const table: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) table[key] = one(v, [...path, key]);
  return Object.freeze(table);
}

/**
 * The checks on parameter values, run by `compile` once the values are converted:
 * - ranges (`ruleset/range`, errors): a rate outside [0, 1], negative money, a value outside a declared `min`/`max`;
 * - the constraints sources `require` (`ruleset/constraint`, with the constraint's severity), for every
 *   effective period;
 * - the `atLeast:`/`atMost:` bounds (`ruleset/policy-floor`, warnings): every value, per key of a table and per
 *   band rate of a scale, against the bound in force at the value's `from`.
 * Errors are pushed to `errors` (compile then throws them, followed by the warnings of these checks); otherwise
 * the warnings are returned.
 */
export function policyBoundWarnings(resolved: ResolvedRuleset, timelines: ReadonlyMap<string, Timeline<ParamEntry>>, errors: Issue[]): Issue[] {
  const warnings: Issue[] = [];
  const checked = [...checkRanges(resolved, timelines), ...checkConstraints(resolved, timelines)];
  const failed = checked.filter((i) => i.severity !== 'warning');
  // When the values are invalid, their warnings go with the errors: one report lists everything wrong with them.
  if (failed.length > 0) errors.push(...failed, ...checked.filter((i) => i.severity === 'warning'));
  else warnings.push(...checked);
  for (const param of Object.values(resolved.parameters)) {
    for (const [bound, below] of [['atLeast', true], ['atMost', false]] as const) {
      const boundName = param[bound];
      if (boundName === undefined) continue;
      const limitTimeline = timelines.get(boundName);
      if (!limitTimeline) {
        errors.push({ code: 'expr/unknown-name', message: `parameter ${param.name}: ${bound} names '${boundName}', which is not a parameter`, path: ['parameters', param.name, bound], file: fileOf(param.layer) });
        continue;
      }
      const values = timelines.get(param.name)?.values ?? [];
      values.forEach((dated, index) => {
        const limit = limitTimeline.at(dated.from);
        if (!limit) return;
        const breaches: string[] = [];
        const compare = (value: unknown, limitValue: unknown, what: string) => {
          if (!(value instanceof Decimal) || !(limitValue instanceof Decimal)) return;
          if (below ? value.lt(limitValue) : value.gt(limitValue)) breaches.push(`${what} ${value.toString()} is ${below ? 'below' : 'above'} ${limitValue.toString()}`);
        };
        const limitAt = (key: string | undefined): unknown => {
          const v = limit.value.value;
          if (v instanceof Decimal) return v;
          return key !== undefined && v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
        };
        const v = dated.value.value;
        if (param.type === 'scale') (v as readonly Band[]).forEach((band) => compare(band.rate, limitAt(undefined), `the rate of the band above ${band.above.toString()}`));
        else if (param.by) for (const [key, x] of Object.entries(v as Record<string, unknown>)) compare(x, limitAt(key), `[${key}]`);
        else compare(v, limitAt(undefined), 'the value');
        if (breaches.length === 0) return;
        const source = limit.value.source;
        warnings.push({
          code: 'ruleset/policy-floor',
          severity: 'warning',
          message: `${param.name} from ${dated.value.from}: ${breaches.join('; ')} — ${boundName} (in force from ${limit.value.from}${source ? `, source ${source}` : ''}) ${below ? 'is a floor' : 'is a ceiling'}`,
          path: ['parameters', param.name, 'values', index],
          file: fileOf(resolved.parameters[param.name]!.values[index]?.layer ?? param.layer),
          ...(source ? { source } : {}),
        });
      });
    }
  }
  return warnings;
}
