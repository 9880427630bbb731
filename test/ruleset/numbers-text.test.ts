/**
 * Findings of the loader review: numbers that lost digits, text that was not valid Unicode, limit errors
 * without a position, messages without a length bound.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, abbreviateList, clipMessage, quote } from '../../src/errors';
import { NUMBER_LIMITS } from '../../src/limits';
import { parseCasesText, parseRulesetObject, parseRulesetText } from '../../src/ruleset/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { RulesetRegistry } from '../../src/ruleset/registry';
import { decodeUtf8, invalidUtf8Offset, loneSurrogateAt, numberLiteralProblem } from '../../src/ruleset/text';
import { HEADER, issuesOf, summary } from './helpers';

const yaml = (body: string) => `id: test/x\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 测试, en: Test }\n${body}`;
const param = (type: string, v: string) => yaml(`parameters:\n  p: { type: ${type}, values: [{ from: 2025-01-01, value: ${v} }] }\n`);
const json = (extra: string) => `{"id":"test/x","jurisdiction":"CN","version":"1.0.0","label":{"zh":"测试","en":"Test"}${extra}}`;
const VALUE = ['parameters', 'p', 'values', 0, 'value'];

describe('number literals of ruleset text never lose digits', () => {
  it('refuses a JSON integer beyond MAX_SAFE_INTEGER (9007199254740993 would be read as …992)', () => {
    const text = json(',"tests":[{"name":"t","input":{"months":9007199254740993},"expect":{}}]');
    const [issue, ...rest] = issuesOf(() => parseRulesetText(text, { file: 'x.json' }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'ruleset/schema', path: ['tests', 0, 'input', 'months'], span: { line: 1 } });
    expect(issue!.message).toMatch(/^the number 9007199254740993 is beyond ±9007199254740991, where numbers lose digits: write it as a string: "9007199254740993"/);
  });

  it('refuses a literal whose digits a JS number cannot hold, in YAML and JSON', () => {
    for (const [text, file] of [
      [param('decimal', '123456789.123456789'), 'x.yaml'],
      [json(',"parameters":{"p":{"type":"decimal","values":[{"from":"2025-01-01","value":123456789.123456789}]}}'), 'x.json'],
    ] as const) {
      const issues = issuesOf(() => parseRulesetText(text, { file }));
      expect(summary(issues), file).toEqual([`ruleset/schema @ ${JSON.stringify(VALUE)}`]);
      expect(issues[0]!.message).toBe('the number 123456789.123456789 has more digits than a number can hold (it would be read as 123456789.12345679): write it as a string: "123456789.123456789"');
      expect(issues[0]!.span).toBeDefined();
    }
    // written as a string, the same value is exact
    const file = parseRulesetText(param('decimal', '"123456789.123456789"'), { file: 'x.yaml' });
    expect(file.parameters!['p']!.values![0]!.value).toBe('123456789.123456789');
  });

  it('refuses money 500.000000000000000000000001 instead of reading 500', () => {
    const issues = issuesOf(() => parseRulesetText(param('money', '500.000000000000000000000001'), { file: 'x.yaml' }));
    expect(summary(issues)).toEqual([`ruleset/limit @ ${JSON.stringify(VALUE)}`]);
    expect(issues[0]!.message).toMatch(/out of range: 24 decimal places, at most 20/);
    expect(issues[0]!.span).toMatchObject({ line: 6 });
    // quoted, it is refused as well (beyond the numeric limits, and more than 2 decimals for money)
    expect(summary(issuesOf(() => parseRulesetText(param('money', '"500.000000000000000000000001"'), { file: 'x.yaml' })))).toEqual([
      `ruleset/limit @ ${JSON.stringify(VALUE)}`,
    ]);
  });

  it('refuses 1e308 and 1e400 literals and very long digit strings, with positions', () => {
    for (const v of ['1e308', '1e400', '9'.repeat(5000), `"${'9'.repeat(5000)}"`, '0.0000000000000000000001']) {
      const issues = issuesOf(() => parseRulesetText(param('decimal', v), { file: 'x.yaml' }));
      expect(summary(issues), v.slice(0, 20)).toEqual([`ruleset/limit @ ${JSON.stringify(VALUE)}`]);
      expect(issues[0]!.message.length).toBeLessThan(300);
    }
    const issues = issuesOf(() => parseRulesetText(json(`,"tests":[{"name":"t","input":{"n":1e400,"m":${'7'.repeat(1000)}},"expect":{}}]`), { file: 'x.json' }));
    expect(summary(issues)).toEqual(['ruleset/limit @ ["tests",0,"input","n"]', 'ruleset/limit @ ["tests",0,"input","m"]']);
  });

  it('accepts every literal a number holds exactly, whatever its spelling', () => {
    for (const v of ['0.1', '-3', '+12', '1000000', '0.75', '2.50', '1e2', '9007199254740991', '0.00000000000000000001']) {
      expect(() => parseRulesetText(yaml(`tests:\n  - { name: t, input: { n: ${v} }, expect: {} }\n`), { file: 'x.yaml' }), v).not.toThrow();
    }
    expect(() => parseRulesetText(json(',"tests":[{"name":"t","input":{"a":0.1,"b":-0,"c":1E2,"d":12.50},"expect":{}}]'), { file: 'x.json' })).not.toThrow();
  });

  it('checks numeric strings of parameter values and input bounds against the limits', () => {
    const body = `inputs:\n  n: { type: integer, max: "${'1'.repeat(19)}" }\nparameters:\n  s: { type: scale, values: [{ from: 2025-01-01, value: [{ above: 0, rate: "0.${'1'.repeat(21)}" }] }] }\n  t: { type: money, by: n, values: [{ from: 2025-01-01, value: { a: "${'1'.repeat(40)}" } }] }\n`;
    expect(summary(issuesOf(() => parseRulesetText(yaml(body), { file: 'x.yaml' })))).toEqual([
      'ruleset/limit @ ["inputs","n","max"]',
      'ruleset/limit @ ["parameters","s","values",0,"value",0,"rate"]',
      'ruleset/limit @ ["parameters","t","values",0,"value","a"]',
    ]);
  });

  it('refuses a 50 000-digit band before the schema compares it (found by the fuzz suite: 1.5 s before)', () => {
    const long = `"9.${'0'.repeat(50_000)}1"`;
    const text = yaml(`parameters:\n  s: { type: scale, values: [{ from: 2025-01-01, value: [{ above: ${long}, rate: ${long} }] }] }\n`);
    const started = performance.now();
    const issues = issuesOf(() => parseRulesetText(text, { file: 'x.yaml' }));
    expect(performance.now() - started).toBeLessThan(300);
    expect(summary(issues)).toEqual(['ruleset/limit @ ["parameters","s","values",0,"value",0,"above"]', 'ruleset/limit @ ["parameters","s","values",0,"value",0,"rate"]']);
    expect(issues[0]!.span).toMatchObject({ line: 6 });
  });

  it('checks JS numbers of data built in code: beyond MAX_SAFE_INTEGER or the limits', () => {
    const object = (n: number) => ({ ...HEADER, tests: [{ name: 't', input: { n }, expect: {} }] });
    expect(summary(issuesOf(() => parseRulesetObject(object(2 ** 53), { file: 'code' })))).toEqual(['ruleset/schema @ ["tests",0,"input","n"]']);
    expect(summary(issuesOf(() => parseRulesetObject(object(1e-30), { file: 'code' })))).toEqual(['ruleset/limit @ ["tests",0,"input","n"]']);
    expect(() => parseRulesetObject(object(Number.MAX_SAFE_INTEGER), { file: 'code' })).not.toThrow();
  });

  it('numberLiteralProblem: hex and octal YAML integers must be safe too', () => {
    expect(numberLiteralProblem('0x1F', 31)).toBeUndefined();
    expect(numberLiteralProblem('0x20000000000001', 2 ** 53)?.code).toBe('ruleset/schema');
    expect(numberLiteralProblem('.inf', Infinity)).toBeUndefined(); // the data walk reports it
    expect(numberLiteralProblem('9'.repeat(NUMBER_LIMITS.maxTextLength + 1), 1e101)?.code).toBe('ruleset/limit');
  });
});

describe('text must be valid Unicode', () => {
  it('refuses a lone surrogate in a label, from a JSON or YAML escape or raw text', () => {
    for (const [text, file] of [
      [json('').replace('"zh":"测试"', '"zh":"坏\\ud800"'), 'x.json'],
      [yaml('').replace('zh: 测试', 'zh: "坏\\ud800"'), 'x.yaml'],
      [yaml('').replace('zh: 测试', 'zh: 坏\ud800'), 'x.yaml'],
      [yaml('').replace('zh: 测试', 'zh: "\\udc00坏"'), 'x.yaml'],
    ] as const) {
      const issues = issuesOf(() => parseRulesetText(text, { file }));
      expect(summary(issues), text).toEqual(['ruleset/schema @ ["label","zh"]']);
      expect(issues[0]!.message).toMatch(/lone surrogate \\u(d800|dc00)/);
      expect(issues[0]!.message).not.toMatch(/[\ud800-\udfff]/); // the message itself is valid text
    }
    // a pair is fine
    expect(parseRulesetText(yaml('').replace('zh: 测试', 'zh: "😀 \\ud83d\\ude00"'), { file: 'x.yaml' }).label.zh).toBe('😀 😀');
  });

  it('refuses a lone surrogate in a key', () => {
    const text = yaml('tests:\n  - { name: t, input: { "a\\ud800": 1 }, expect: {} }\n');
    expect(summary(issuesOf(() => parseRulesetText(text, { file: 'x.yaml' })))).toEqual(['ruleset/schema @ ["tests",0,"input","a\\ud800"]']);
  });

  it('decodes file bytes as strict UTF-8, naming the byte, line and column of a bad one', () => {
    const bytes = new TextEncoder().encode('id: a\nlabel: 坏x\n');
    const bad = new Uint8Array([...bytes.slice(0, 16), 0xff, ...bytes.slice(16)]);
    const [issue] = issuesOf(() => decodeUtf8(bad, 'bad.yaml'));
    expect(issue).toMatchObject({ code: 'ruleset/syntax', file: 'bad.yaml', span: { line: 2, column: 9 } });
    expect(issue!.message).toBe('invalid UTF-8 at byte 16 (0xff), line 2, column 9: the file must be UTF-8 text');
    expect(decodeUtf8(bytes, 'ok.yaml')).toBe('id: a\nlabel: 坏x\n');
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 'bom.yaml')).toBe('a');
  });

  it('finds the first invalid UTF-8 sequence: stray continuation, overlong, surrogate, truncated, too large', () => {
    expect(invalidUtf8Offset(new Uint8Array([0x61, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(new Uint8Array([0xc0, 0xaf]))).toBe(0); // overlong '/'
    expect(invalidUtf8Offset(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // encoded surrogate (CESU-8)
    expect(invalidUtf8Offset(new Uint8Array([0x61, 0x62, 0xe6, 0xb0]))).toBe(2); // cut short
    expect(invalidUtf8Offset(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(invalidUtf8Offset(new TextEncoder().encode('民生 😀'))).toBe(-1);
  });

  it('loneSurrogateAt', () => {
    expect(loneSurrogateAt('ab\ud800')).toBe(2);
    expect(loneSurrogateAt('\udc00')).toBe(0);
    expect(loneSurrogateAt('\ud83d\ude00\ude00')).toBe(2);
    expect(loneSurrogateAt('民生😀')).toBe(-1);
  });
});

describe('limit errors name a position in the file', () => {
  it('the size limit: the line where the limit is passed', () => {
    const text = `${yaml('')}${'# comment line\n'.repeat(100)}`;
    const [issue] = issuesOf(() => parseRulesetText(text, { file: 'big.yaml', limits: { maxFileBytes: 500 } }));
    expect(issue).toMatchObject({ code: 'ruleset/limit', path: [] });
    expect(issue!.span!.line).toBeGreaterThan(5);
    expect(issue!.message).toMatch(new RegExp(`limit of 500 bytes .*; the limit is passed at line ${issue!.span!.line}, column ${issue!.span!.column}$`));
  });

  it('the YAML nesting bound: the deepest point', () => {
    const text = `${yaml('')}tests:\n  - name: t\n    expect: {}\n    input: { a: ${'['.repeat(2000)}${']'.repeat(2000)} }\n`;
    const [issue] = issuesOf(() => parseRulesetText(text, { file: 'deep.yaml' }));
    expect(issue).toMatchObject({ code: 'ruleset/limit', span: { line: 8 } });
    const blocks = `a:\n${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
    const [block] = issuesOf(() => parseRulesetText(blocks, { file: 'deep.yaml' }));
    expect(block!.code).toBe('ruleset/limit');
    expect(block!.span!.line).toBeGreaterThan(1000);
  });

  it('the alias limit: the first alias', () => {
    const lines = ['tests:', '  - name: t', '    expect: {}', '    input:', '      a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++) lines.push(`      b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]`);
    const [issue] = issuesOf(() => parseRulesetText(yaml(`${lines.join('\n')}\n`), { file: 'bomb.yaml' }));
    expect(issue).toMatchObject({ code: 'ruleset/limit', span: { line: 10 } });
  });
});

describe('messages stay short', () => {
  it('quotes a prefix of a long key, name or value', () => {
    const long = 'k'.repeat(100_000);
    for (const text of [
      yaml(`${long}: 1\n`), // unknown key
      yaml(`inputs:\n  a${long}: { type: money }\n  a${long}: { type: money }\n`), // duplicate key
      json(`,"${long}":1,"${long}":2`), // duplicate JSON key
      yaml(`extends: "${long}"\n`),
      yaml(`rules:\n  r${long}: { type: money, formula: "1", bad: 1 }\n`),
    ]) {
      for (const issue of issuesOf(() => parseRulesetText(text, { file: text.startsWith('{') ? 'x.json' : 'x.yaml' }))) {
        expect(issue.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      }
    }
  });

  it('abbreviates a long extends chain and a long cycle', () => {
    const chain = new RulesetRegistry();
    for (let i = 0; i < 40; i++) {
      chain.add(parseRulesetObject({ ...HEADER, id: `test/c${i}`, ...(i > 0 ? { extends: `test/c${i - 1}@^1` } : {}) }, { file: `c${i}.yaml` }));
    }
    const [long] = issuesOf(() => resolveRuleset(chain.find('test/c39')!, chain));
    expect(long!.code).toBe('ruleset/limit');
    expect(long!.message).toBe('extends chain longer than 16 rulesets (limits.maxExtendsDepth): test/c39 → test/c38 → test/c37 → test/c36 → … → test/c24 (16 in all) → …');
    const cycle = new RulesetRegistry();
    for (let i = 0; i < 12; i++) cycle.add(parseRulesetObject({ ...HEADER, id: `test/c${i}`, extends: `test/c${(i + 11) % 12}@^1` }, { file: `c${i}.yaml` }));
    const [loop] = issuesOf(() => resolveRuleset(cycle.find('test/c0')!, cycle));
    expect(loop!.code).toBe('ruleset/extends-cycle');
    expect(loop!.message).toBe('extends forms a cycle: test/c0@1.0.0 → test/c11@1.0.0 → test/c10@1.0.0 → test/c9@1.0.0 → … → test/c0@1.0.0 (13 in all)');
  });

  it('reports two rulesets that extend each other as a cycle even when the registry lacks the first', () => {
    const registry = new RulesetRegistry();
    const a = parseRulesetObject({ ...HEADER, id: 'test/a', extends: 'test/b@^1' }, { file: 'a.yaml' });
    registry.add(parseRulesetObject({ ...HEADER, id: 'test/b', extends: 'test/a@^1' }, { file: 'b.yaml' }));
    const issues = issuesOf(() => resolveRuleset(a, registry));
    expect(summary(issues)).toEqual(['ruleset/extends-cycle @ ["extends"]']);
    expect(issues[0]!.message).toBe('extends forms a cycle: test/a@1.0.0 → test/b@1.0.0 → test/a@1.0.0');
    expect(issues[0]!.file).toBe('b.yaml');
  });

  it('helpers: quote, clipMessage, abbreviateList', () => {
    expect(quote('x'.repeat(10_000_000), 10)).toBe('"xxxxxxxx…');
    expect(quote({ a: 1 })).toBe('{"a":1}');
    expect(quote(12n)).toBe('12n');
    expect(clipMessage('a'.repeat(600))).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(abbreviateList(Array.from({ length: 1000 }, (_, i) => `r${i}`), ' → ')).toBe('r0 → r1 → r2 → r3 → … → r999 (1000 in all)');
    expect(abbreviateList(['a', 'b'], ', ')).toBe('a, b');
  });

  it('a cases file is checked the same way', () => {
    const issues = issuesOf(() => parseCasesText('cases:\n  - { name: t, input: { n: 9007199254740993 }, expect: {} }\n', { file: 'x.cases.yaml' }));
    expect(summary(issues)).toEqual(['ruleset/schema @ ["cases",0,"input","n"]']);
  });
});
