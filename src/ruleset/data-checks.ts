/**
 * Checks of parsed (not yet validated) ruleset data that the zod schema cannot make, in one iterative
 * walk: unsafe keys, nesting depth, list lengths, values that are not JSON data, cycles, numbers beyond
 * the numeric limits or past ±`Number.MAX_SAFE_INTEGER`, strings that are not valid Unicode (a lone
 * surrogate); then counts (rules, parameters, values), formula length, input nesting, and the numeric
 * strings of parameter values and input bounds against `NUMBER_LIMITS`.
 */
import { quote, type Issue } from '../errors';
import { decimalShape, jsNumberProblem, numberLimitProblem } from '../money/decimal';
import { NUMBER_LIMITS, type Limits } from '../limits';
import { DECIMAL_PATTERN, describeValue } from './schema';
import { isPlainObject } from './plain-object';
import { MAX_ISSUES, loneSurrogateAt, type PathSeg } from './text';

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function surrogateMessage(what: 'text' | 'key', value: string, at: number): string {
  const unit = value.charCodeAt(at).toString(16);
  return `expected valid Unicode ${what === 'key' ? 'in a key' : 'text'}, found a lone surrogate \\u${unit} at character ${at + 1} of ${quote(value, 40)} (a broken encoding; it would print as a replacement character)`;
}

/** A JS number of the data that cannot be taken exactly (see `jsNumberProblem`), as a ruleset issue. */
function numberProblem(value: number): Pick<Issue, 'code' | 'message'> | undefined {
  const problem = jsNumberProblem(value);
  if (!problem) return undefined;
  if (problem.code === 'value/invalid-number') return { code: 'ruleset/schema', message: `expected a finite number, found ${String(value)}` };
  if (problem.code === 'value/precision') {
    return { code: 'ruleset/schema', message: `the number ${String(value)} is beyond ±${Number.MAX_SAFE_INTEGER}, where numbers lose digits: write it as a decimal string` };
  }
  return { code: 'ruleset/limit', message: `the number ${String(value)} is out of range: ${problem.why}` };
}

interface WalkFrame {
  value: unknown;
  path: PathSeg[];
  depth: number;
  leave?: object;
}

/**
 * One iterative pass over parsed data: unsafe keys, nesting depth, list lengths, non-JSON values and
 * cycles (`fatal`: validation stops); numbers that are not finite, beyond ±`Number.MAX_SAFE_INTEGER` or
 * beyond `NUMBER_LIMITS`, and texts or keys with a lone surrogate (`soft`: reported with the schema
 * issues). Shared subtrees (YAML aliases) are visited once.
 */
export function walkData(root: unknown, file: string, limits: Limits): { fatal: Issue[]; soft: Issue[] } {
  const issues: Issue[] = [];
  const soft: Issue[] = [];
  let depthReported = false;
  const active = new Set<object>();
  const done = new Set<object>();
  const stack: WalkFrame[] = [{ value: root, path: [], depth: 0 }];
  while (stack.length > 0 && issues.length <= MAX_ISSUES) {
    const frame = stack.pop()!;
    if (frame.leave) {
      active.delete(frame.leave);
      done.add(frame.leave);
      continue;
    }
    const { value, path } = frame;
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'string') {
      const at = loneSurrogateAt(value);
      if (at >= 0 && soft.length < MAX_ISSUES) soft.push({ code: 'ruleset/schema', message: surrogateMessage('text', value, at), file, path });
      continue;
    }
    if (typeof value === 'number') {
      const problem = soft.length < MAX_ISSUES ? numberProblem(value) : undefined;
      if (problem) soft.push({ ...problem, file, path });
      continue;
    }
    if (value === undefined) {
      if (typeof path[path.length - 1] === 'number') issues.push({ code: 'ruleset/schema', message: 'expected a value, found nothing (undefined)', file, path });
      continue;
    }
    if (typeof value !== 'object') {
      issues.push({ code: 'ruleset/schema', message: `expected JSON data, found ${describeValue(value)}`, file, path });
      continue;
    }
    if (active.has(value)) {
      issues.push({ code: 'ruleset/schema', message: 'expected JSON data, found a value that contains itself (a cycle)', file, path });
      continue;
    }
    if (done.has(value)) continue;
    const depth = frame.depth + 1;
    if (depth > limits.maxDepth) {
      if (!depthReported) {
        issues.push({ code: 'ruleset/limit', message: `nesting deeper than ${limits.maxDepth} levels (limits.maxDepth)`, file, path });
        depthReported = true;
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) {
        issues.push({ code: 'ruleset/limit', message: `list of ${value.length} items is longer than the limit of ${limits.maxListItems} (limits.maxListItems)`, file, path });
        continue;
      }
      active.add(value);
      stack.push({ value: undefined, path, depth, leave: value });
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i], depth });
      continue;
    }
    if (!isPlainObject(value)) {
      issues.push({ code: 'ruleset/schema', message: `expected JSON data, found ${describeValue(value)}`, file, path });
      continue;
    }
    active.add(value);
    stack.push({ value: undefined, path, depth, leave: value });
    const keys = Object.keys(value);
    if (keys.length > limits.maxListItems) {
      issues.push({ code: 'ruleset/limit', message: `mapping with ${keys.length} keys is larger than the limit of ${limits.maxListItems} (limits.maxListItems)`, file, path });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const bad = loneSurrogateAt(key);
      if (bad >= 0) {
        if (soft.length < MAX_ISSUES) soft.push({ code: 'ruleset/schema', message: surrogateMessage('key', key, bad), file, path: [...path, key] });
        continue;
      }
      if (UNSAFE_KEYS.has(key)) {
        issues.push({
          code: 'ruleset/unsafe-key',
          message: `the key '${key}' is not allowed anywhere in a ruleset (it could alter object prototypes)`,
          file,
          path: [...path, key],
        });
        continue;
      }
      stack.push({ value: value[key], path: [...path, key], depth });
    }
  }
  // The stack is LIFO with reversed pushes, so issues come out in document order.
  return { fatal: issues, soft };
}

/** Counts and per-item limits, on raw (not yet validated) data. `fatal` issues stop validation. */
export function checkRulesetLimits(raw: unknown, file: string, limits: Limits): { fatal: Issue[]; other: Issue[] } {
  const fatal: Issue[] = [];
  const other: Issue[] = [];
  if (!isPlainObject(raw)) return { fatal, other };
  const rules = raw['rules'];
  if (isPlainObject(rules)) {
    const names = Object.keys(rules);
    if (names.length > limits.maxRules) {
      fatal.push({ code: 'ruleset/limit', message: `${names.length} rules is more than the limit of ${limits.maxRules} (limits.maxRules)`, file, path: ['rules'] });
    }
    for (const name of names) {
      const rule = rules[name];
      const formula = isPlainObject(rule) ? rule['formula'] : undefined;
      if (typeof formula === 'string' && formula.length > limits.maxFormulaLength) {
        other.push({
          code: 'ruleset/limit',
          message: `formula of ${formula.length} characters is longer than the limit of ${limits.maxFormulaLength} (limits.maxFormulaLength)`,
          file,
          path: ['rules', name, 'formula'],
        });
      }
    }
  }
  const params = raw['parameters'];
  if (isPlainObject(params)) {
    const names = Object.keys(params);
    if (names.length > limits.maxParameters) {
      fatal.push({ code: 'ruleset/limit', message: `${names.length} parameters is more than the limit of ${limits.maxParameters} (limits.maxParameters)`, file, path: ['parameters'] });
    }
    for (const name of names) {
      const p = params[name];
      const values = isPlainObject(p) ? p['values'] : undefined;
      if (Array.isArray(values) && values.length > limits.maxValuesPerParameter) {
        fatal.push({
          code: 'ruleset/limit',
          message: `${values.length} dated values is more than the limit of ${limits.maxValuesPerParameter} per parameter (limits.maxValuesPerParameter)`,
          file,
          path: ['parameters', name, 'values'],
        });
      } else if (Array.isArray(values)) {
        values.forEach((entry, i) => {
          if (isPlainObject(entry)) checkParameterNumbers(entry['value'], ['parameters', name, 'values', i, 'value'], file, { fatal, other });
        });
      }
    }
  }
  const inputs = raw['inputs'];
  if (isPlainObject(inputs)) {
    const stack: { decl: unknown; depth: number; path: PathSeg[] }[] = Object.keys(inputs)
      .reverse()
      .map((name) => ({ decl: inputs[name], depth: 1, path: ['inputs', name] }));
    while (stack.length > 0) {
      const { decl, depth, path } = stack.pop()!;
      if (!isPlainObject(decl)) continue;
      if (depth > limits.maxInputDepth) {
        other.push({ code: 'ruleset/limit', message: `input declarations nested deeper than ${limits.maxInputDepth} levels (limits.maxInputDepth)`, file, path });
        continue;
      }
      for (const bound of ['min', 'max', 'default']) checkNumericText(decl[bound], [...path, bound], file, { fatal, other });
      if (depth > 1 && decl['replaces'] !== undefined) {
        other.push({ code: 'ruleset/schema', message: "unexpected key 'replaces': only a top-level input can replace a parent's input", file, path: [...path, 'replaces'] });
      }
      const fields = decl['fields'];
      if (decl['type'] === 'record' && isPlainObject(fields)) {
        for (const f of Object.keys(fields).reverse()) stack.push({ decl: fields[f], depth: depth + 1, path: [...path, 'fields', f] });
      }
      if (decl['type'] === 'list') stack.push({ decl: decl['items'], depth: depth + 1, path: [...path, 'items'] });
    }
  }
  return { fatal, other };
}

interface NumberIssues {
  fatal: Issue[];
  other: Issue[];
}

/** The numeric texts of one parameter value: a scalar, a `by` table of scalars, or scale bands. */
function checkParameterNumbers(value: unknown, path: PathSeg[], file: string, out: NumberIssues): void {
  if (Array.isArray(value)) {
    value.forEach((band, i) => {
      if (!isPlainObject(band)) return;
      checkNumericText(band['above'], [...path, i, 'above'], file, out);
      checkNumericText(band['rate'], [...path, i, 'rate'], file, out);
    });
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) checkNumericText(value[key], [...path, key], file, out);
  } else checkNumericText(value, path, file, out);
}

/**
 * A decimal string where the ruleset expects a number must be within `NUMBER_LIMITS`, as the engine
 * will read it with `toDecimal` (`ruleset/limit` here, with the file position, rather than at compile).
 * Text longer than `NUMBER_LIMITS.maxTextLength` stops validation (`fatal`): the schema's checks of
 * numbers are not meant for 50 000 digits. Strings that are not decimals are left to the schema.
 */
function checkNumericText(value: unknown, path: PathSeg[], file: string, out: NumberIssues): void {
  if (typeof value !== 'string' || out.fatal.length + out.other.length >= MAX_ISSUES || !DECIMAL_PATTERN.test(value)) return;
  if (value.length > NUMBER_LIMITS.maxTextLength) {
    out.fatal.push({
      code: 'ruleset/limit',
      message: `number written with ${value.length} characters is longer than the limit of ${NUMBER_LIMITS.maxTextLength} (NUMBER_LIMITS.maxTextLength), starting ${quote(value, 40)}`,
      file,
      path,
    });
    return;
  }
  const problem = numberLimitProblem(decimalShape(value)!);
  if (problem) out.other.push({ code: 'ruleset/limit', message: `the number ${quote(value, 40)} is out of range: ${problem}`, file, path });
}
