/**
 * JSON request bodies: nesting is measured on the text before `JSON.parse` (a 100,000-deep body is refused
 * in one linear scan, before anything recursive sees it), then the text is parsed.
 */
import { MinshengError } from '../errors';

/**
 * Whether the JSON text nests objects and lists deeper than `max` (brackets inside strings do not count).
 *
 * @example
 * jsonDeeperThan('[[[]]]', 2); // true
 * jsonDeeperThan('{"a":"[[[["}', 1); // false
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  // Most bodies hold fewer opening brackets than the limit in all: counted with the native indexOf, they
  // cannot nest deeper, and the character-by-character scan is skipped.
  let openings = 0;
  for (let i = text.indexOf('{'); i >= 0 && openings <= max; i = text.indexOf('{', i + 1)) openings++;
  for (let i = text.indexOf('['); i >= 0 && openings <= max; i = text.indexOf('[', i + 1)) openings++;
  if (openings <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Parses a JSON body of at most `maxDepth` levels.
 *
 * @throws MinshengError `input/limit` (too deep) or `io/format` (not JSON), with the path `[]` (the body)
 */
export function parseJsonBody(text: string, maxDepth: number, what = 'the request body'): unknown {
  if (jsonDeeperThan(text, maxDepth)) {
    throw new MinshengError({ code: 'input/limit', message: `${what} nests objects or lists more than ${maxDepth} levels deep`, path: [] });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : 'not JSON';
    throw new MinshengError({ code: 'io/format', message: `${what} is not valid JSON: ${why}`, path: [] });
  }
}
