/**
 * zod issues of the ruleset schema → library {@link Issue}s: stable codes (`ruleset/schema`, or the
 * code a check names in `params.code`), "expected …, found …" messages, and the did-you-mean hint for
 * unknown keys. User text in messages is quoted and cut short.
 */
import type * as z from 'zod';
import { closest } from '../suggest';
import { formatPath, quote, type Issue, type IssueCode } from '../errors';
import { KNOWN_KEYS, describeValue } from './schema';
import { isPlainObject } from './plain-object';
import type { PathSeg } from './text';

type ZodIssue = z.core.$ZodIssue;

function isCustomMessage(message: string): boolean {
  return /^(expected|missing|duplicate|unexpected|unknown)\b/.test(message);
}

const NOUNS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean (true or false)',
  record: 'a mapping',
  nonoptional: 'a value',
};

function noun(expected: unknown): string {
  return NOUNS[String(expected)] ?? String(expected);
}

function found(issue: ZodIssue): string {
  return 'input' in issue ? `, found ${describeValue(issue.input)}` : '';
}

function normPath(path: readonly PropertyKey[]): PathSeg[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** The library issues for one zod issue (an unknown-keys issue becomes one issue per key). */
export function mapZodIssue(issue: ZodIssue, file: string): Issue[] {
  const path = normPath(issue.path);
  const last = path[path.length - 1];
  const make = (message: string, code: IssueCode = 'ruleset/schema', at: PathSeg[] = path): Issue => ({ code, message, file, path: at });
  const missing = (what: string) => make(`missing required key '${String(last)}': ${what}`);
  const custom = isCustomMessage(issue.message) ? issue.message : undefined;

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const hint = suggestKey(key);
        const where = path.length > 0 ? ` in ${shortPath(path)}` : ' at the top level';
        const parent = issue.input;
        const strayText = isPlainObject(parent) && parent[key] === null;
        const advice = hint
          ? ` (did you mean '${hint}'?)`
          : strayText
            ? ' (if this is the rest of a text cut at a comma: inside { … } a comma ends a value, so quote texts that contain commas)'
            : '';
        return make(`unknown key ${quoteKey(key)}${where}${advice}`, 'ruleset/schema', [...path, key]);
      });
    case 'invalid_type':
      if (issue.input === undefined && last !== undefined) return [missing(custom ?? `expected ${noun(issue.expected)}`)];
      return [make(`${custom ?? `expected ${noun(issue.expected)}`}${found(issue)}`)];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const disc = issue.discriminator;
        const options = Array.isArray((issue as { options?: unknown }).options) ? ((issue as { options: unknown[] }).options).map(String) : [];
        const parent = issue.input;
        const actual = isPlainObject(parent) ? parent[disc] : undefined;
        const at = path[path.length - 1] === disc ? path : [...path, disc];
        if (!isPlainObject(parent)) return [make(`expected a mapping with '${disc}'${found(issue)}`, 'ruleset/schema', path[path.length - 1] === disc ? path.slice(0, -1) : path)];
        if (actual === undefined) return [make(`missing required key '${disc}': expected one of ${options.join(', ')}`, 'ruleset/schema', at)];
        return [make(`expected '${disc}' to be one of ${options.join(', ')}, found ${describeValue(actual)}`, 'ruleset/schema', at)];
      }
      if (issue.input === undefined && last !== undefined) return [missing(custom ?? 'expected a value')];
      return [make(`${custom ?? 'expected a value of another kind'}${found(issue)}`)];
    }
    case 'invalid_value': {
      if (issue.input === undefined && last !== undefined) return [missing(`expected one of ${issue.values.map((v) => String(v)).join(', ')}`)];
      const expected = custom ?? `expected one of ${issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
      return [make(`${expected}${found(issue)}`)];
    }
    case 'invalid_format':
      return [make(`${custom ?? `expected a string in the ${issue.format} format${issue.pattern ? ` ${issue.pattern}` : ''}`}${found(issue)}`)];
    case 'too_small': {
      let expected = custom;
      if (!expected) {
        if (issue.origin === 'array' || issue.origin === 'set') expected = `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`;
        else if (issue.origin === 'string') expected = `expected at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}`;
        else expected = `expected a number ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
      }
      return [make(`${expected}${found(issue)}`)];
    }
    case 'too_big': {
      let expected = custom;
      if (!expected) {
        if (issue.origin === 'array' || issue.origin === 'set') expected = `expected at most ${String(issue.maximum)} items`;
        else if (issue.origin === 'string') expected = `expected at most ${String(issue.maximum)} characters`;
        else expected = `expected a number ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
      }
      return [make(`${expected}${found(issue)}`)];
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message;
      const why = inner && isCustomMessage(inner) ? inner : 'expected a valid name';
      return [make(`invalid name ${quote(String(last))}: ${why}`)];
    }
    case 'custom': {
      const params = (issue as { params?: { code?: unknown } }).params;
      const code = typeof params?.code === 'string' ? (params.code as IssueCode) : 'ruleset/schema';
      // Refinements report their input ("found …"); checks that add their own issue say it themselves.
      const withFound = 'input' in issue && !/\bfound\b/.test(issue.message);
      return [make(withFound ? `${issue.message}${found(issue)}` : issue.message, code)];
    }
    default:
      return [make(`${issue.message}${found(issue)}`)];
  }
}

/** `'formual'` for a short plain key, a quoted prefix for anything else. */
function quoteKey(key: string): string {
  return key.length <= 60 && !/['\\\n]/.test(key) ? `'${key}'` : quote(key);
}

function shortPath(path: readonly PathSeg[]): string {
  const text = formatPath(path);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function suggestKey(key: string): string | undefined {
  // Distance 1 for short keys, 2 for longer ones.
  return closest(key, KNOWN_KEYS, key.length <= 4 ? 1 : 2);
}
