import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinshengError, isMinshengError } from '../../src/errors';
import { parseRulesetObject, parseRulesetText } from '../../src/ruleset/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { HEADER } from './helpers';

/** Runs `fn`; any throw must be a MinshengError with at least one issue, each with a code and the file. */
function onlyMinshengErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isMinshengError(e)) throw e;
    expect(e).toBeInstanceOf(MinshengError);
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.code).toMatch(/^ruleset\//);
  }
}

const keys = fc.constantFrom('id', 'jurisdiction', 'version', 'extends', 'label', 'zh', 'en', 'inputs', 'parameters', 'rules', 'tests', 'type', 'of', 'fields', 'items', 'values', 'from', 'until', 'value', 'by', 'formula', 'source', 'sources', 'name', 'input', 'expect', 'expectError', 'above', 'rate', '__proto__', 'constructor', 'toString', 'money', 'enum', 'scale', 'a');
const scalars = fc.oneof(fc.constantFrom('money', 'rate', 'enum', 'record', 'list', 'scale', '2025-01-01', '2025-02-30', '1.0.0', 'a@^1', 'test/x', 'CN', 0.75, -1, 1e21, true, null), fc.string(), fc.double());
/** Random values shaped like rulesets: the format's own keys, nested. */
const rulesetLike = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalars, tie('object'), fc.array(tie('value'), { maxLength: 4 })),
  object: fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
})).object;

describe('parseRulesetObject (property)', () => {
  it('never throws anything but MinshengError on random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => onlyMinshengErrors(() => parseRulesetObject(v, { file: 'fuzz' }))), { numRuns: 500 });
  });

  it('never throws anything but MinshengError on random values of any kind', () => {
    fc.assert(fc.property(fc.anything(), (v) => onlyMinshengErrors(() => parseRulesetObject(v, { file: 'fuzz' }))), { numRuns: 500 });
  });

  it('never throws anything but MinshengError on ruleset-shaped values, through resolveRuleset too', () => {
    fc.assert(
      fc.property(rulesetLike, (extra) =>
        onlyMinshengErrors(() => {
          const { extends: _ignored, ...rest } = { ...HEADER, ...extra } as Record<string, unknown>;
          resolveRuleset(parseRulesetObject(rest, { file: 'fuzz' }));
        }),
      ),
      { numRuns: 500 },
    );
  });

  it('never pollutes Object.prototype', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify({ ...HEADER, tests: [{ name: 't', input: { __proto__: v }, expect: {} }] }).replace('"input":{}', `"input":{"__proto__":${JSON.stringify(v) ?? 'null'}}`);
        onlyMinshengErrors(() => parseRulesetText(text, { file: 'p.json' }));
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseRulesetText (property)', () => {
  it('never throws anything but MinshengError on random text, as YAML or JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('x.yaml', 'x.json'), (text, file) => onlyMinshengErrors(() => parseRulesetText(text, { file }))),
      { numRuns: 500 },
    );
  });

  it('never throws anything but MinshengError on YAML-ish fragments', () => {
    const token = fc.constantFrom('a: ', 'id: x', '\n', '  ', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '!!str ', '!t ', '"', "'", '#', '? ', ': ', '|\n', '>\n', '2025-01-01', '__proto__: ', '<<: ', '---\n', '...\n', '%YAML 1.2\n');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (parts) => onlyMinshengErrors(() => parseRulesetText(parts.join(''), { file: 'x.yaml' }))),
      { numRuns: 1000 },
    );
  });
});
