/**
 * Content identity: canonical JSON and content hashes. Runs in browsers too (no node:crypto). Apart from the
 * version ranges (semver) so that the engine can hash without loading them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

type Frame =
  | { kind: 'value'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'leave'; obj: object };

/**
 * JSON with object keys sorted (UTF-16 code unit order) and no whitespace; `undefined` properties are
 * left out (like `JSON.stringify`). Works on null-prototype objects; iterative, so deep values do not
 * overflow the stack.
 *
 * @throws TypeError for values JSON cannot represent (non-finite numbers, bigint, functions, symbols,
 *   `undefined` at the top or in a list) and for cycles — a programming error, not a user's.
 * @example
 * canonicalJson({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [{ kind: 'value', value }];
  const active = new Set<object>();
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      out.push(frame.text);
      continue;
    }
    if (frame.kind === 'leave') {
      active.delete(frame.obj);
      continue;
    }
    const v = frame.value;
    if (v === null) out.push('null');
    else if (typeof v === 'string' || typeof v === 'boolean') out.push(JSON.stringify(v));
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number ${String(v)}`);
      out.push(JSON.stringify(v));
    } else if (typeof v === 'object') {
      if (active.has(v)) throw new TypeError('canonicalJson: cyclic value');
      active.add(v);
      stack.push({ kind: 'leave', obj: v });
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ kind: 'text', text: ']' });
        for (let i = v.length - 1; i >= 0; i--) {
          if (v[i] === undefined) throw new TypeError('canonicalJson: undefined in a list');
          stack.push({ kind: 'value', value: v[i] });
          if (i > 0) stack.push({ kind: 'text', text: ',' });
        }
      } else {
        const rec = v as Record<string, unknown>;
        const keys = Object.keys(rec)
          .filter((k) => rec[k] !== undefined)
          .sort();
        out.push('{');
        stack.push({ kind: 'text', text: '}' });
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          stack.push({ kind: 'value', value: rec[key] });
          stack.push({ kind: 'text', text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        }
      }
    } else {
      throw new TypeError(`canonicalJson: cannot represent a ${typeof v}`);
    }
  }
  return out.join('');
}

/**
 * `'sha256:'` + lowercase hex SHA-256 of the UTF-8 {@link canonicalJson} of `value`.
 *
 * @example
 * contentHash({ a: 1 }) === contentHash({ a: 1 }); // true, whatever the key order
 * contentHash({}); // 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
 */
export function contentHash(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}
