import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MinshengError } from '../../src/errors';
import { DEFAULT_LIMITS } from '../../src/limits';
import { parseCasesText, parseRulesetObject, parseRulesetText, rulesetOrigin, yamlNestingBound } from '../../src/ruleset/load';
import { BAD, HEADER, fixture, issuesOf, summary } from './helpers';

const yaml = (body: string) => `id: test/x\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 测试, en: Test }\n${body}`;

/** Every file directly in bad/ and the issues (code @ path) it must produce, in order. */
const BAD_FILES: Record<string, string[]> = {
  'unknown-key.yaml': ['ruleset/schema @ ["rules","paid","formula"]', 'ruleset/schema @ ["rules","paid","formual"]'],
  'wrong-type.yaml': ['ruleset/schema @ ["inputs","cost","type"]', 'ruleset/schema @ ["rules","paid","output"]'],
  'proto-key.yaml': ['ruleset/unsafe-key @ ["inputs","__proto__"]'],
  'proto-key.json': ['ruleset/unsafe-key @ ["tests",0,"input","__proto__"]'],
  'deep-nesting.json': [`ruleset/limit @ ${JSON.stringify(['tests', 0, 'input', ...Array<string>(61).fill('a')])}`],
  'deep-nesting.yaml': [`ruleset/limit @ ${JSON.stringify(['tests', 0, 'input', ...Array<string>(61).fill('a')])}`],
  'duplicate-key.yaml': ['ruleset/syntax @ ["rules","paid"]'],
  'duplicate-key.json': ['ruleset/syntax @ ["label","zh"]'],
  'bad-date.yaml': ['ruleset/schema @ ["parameters","cap","values",0,"from"]'],
  'formula-too-long.yaml': ['ruleset/limit @ ["rules","paid","formula"]'],
  'alias-bomb.yaml': ['ruleset/limit @ []'],
  'syntax-error.json': ['ruleset/syntax @ []'],
  'custom-tag.yaml': ['ruleset/syntax @ ["description"]'],
  'missing-type.yaml': ['ruleset/schema @ ["parameters","cap","type"]'],
  'unsorted-scale.yaml': ['ruleset/schema @ ["parameters","bands","values",0,"value",1,"above"]'],
  'wrong-value.yaml': [
    'ruleset/schema @ ["parameters","deductible","values",0,"value","b"]',
    'ruleset/schema @ ["parameters","flag","values",0,"value"]',
    'ruleset/schema @ ["parameters","infinite","values",0,"value"]',
  ],
  'expect-and-error.yaml': ['ruleset/schema @ ["tests",0,"expectError"]', 'ruleset/duplicate-id @ ["tests",1,"name"]'],
  'duplicate-source.yaml': ['ruleset/duplicate-id @ ["sources",1,"id"]'],
  'version-number.yaml': ['ruleset/schema @ ["jurisdiction"]', 'ruleset/schema @ ["version"]', 'ruleset/schema @ ["extends"]'],
  'enum-rule.yaml': ['ruleset/schema @ ["inputs","if"]', 'ruleset/schema @ ["inputs","level","of",2]', 'ruleset/schema @ ["rules","kind","of"]'],
  'unsafe-integer.json': ['ruleset/schema @ ["tests",0,"input","months"]'],
  'number-limits.yaml': [
    'ruleset/limit @ ["parameters","cap","values",0,"value"]',
    'ruleset/limit @ ["parameters","ceiling","values",0,"value"]',
    'ruleset/schema @ ["parameters","rate","values",0,"value"]',
  ],
  'lone-surrogate.json': ['ruleset/schema @ ["label","zh"]'],
};

describe('parseRulesetText on test/fixtures/rulesets/bad', () => {
  it('has an expectation for every file in the folder', () => {
    const files = readdirSync(BAD, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
    expect(files).toEqual(Object.keys(BAD_FILES).sort());
  });

  it.each(Object.entries(BAD_FILES))('%s fails with exactly the expected issues', (name, expected) => {
    const issues = issuesOf(() => parseRulesetText(fixture(`bad/${name}`), { file: `bad/${name}` }));
    expect(summary(issues)).toEqual(expected);
    for (const issue of issues) {
      expect(issue.file).toBe(`bad/${name}`);
      expect(issue.message.length).toBeGreaterThan(10);
    }
  });
});

describe('parseRulesetText messages', () => {
  it('names the unknown key and suggests the known one', () => {
    const [, unknown] = issuesOf(() => parseRulesetText(fixture('bad/unknown-key.yaml'), { file: 'u.yaml' }));
    expect(unknown!.message).toBe("unknown key 'formual' in rules.paid (did you mean 'formula'?)");
    expect(unknown!.span).toMatchObject({ line: 10, column: 14 });
  });

  it('says what was expected and what was found', () => {
    const issues = issuesOf(() => parseRulesetText(fixture('bad/wrong-type.yaml'), { file: 'w.yaml' }));
    expect(issues[0]!.message).toMatch(/expected 'type' to be one of money, rate, .*list, found the string "currency"/);
    expect(issues[1]!.message).toBe('expected a boolean (true or false), found the string "yes"');
  });

  it('reports a duplicate YAML key with its line and column', () => {
    const [issue] = issuesOf(() => parseRulesetText(fixture('bad/duplicate-key.yaml'), { file: 'd.yaml' }));
    expect(issue!.message).toBe('duplicate key "paid" (keys must be unique) at line 9, column 3');
    expect(issue!.span).toMatchObject({ line: 9, column: 3 });
  });

  it('converts a JSON syntax error position to line and column', () => {
    const [issue] = issuesOf(() => parseRulesetText(fixture('bad/syntax-error.json'), { file: 's.json' }));
    // the trailing comma on line 5 is accepted as a separator; the '}' on line 6 is not a key
    expect(issue!.message).toBe(`expected a double-quoted key, found "}" at line 6, column 1`);
    expect(issue!.span).toMatchObject({ line: 6, column: 1 });
  });

  it('rejects a calendar date that does not exist (2025-02-30)', () => {
    const [issue] = issuesOf(() => parseRulesetText(fixture('bad/bad-date.yaml'), { file: 'b.yaml' }));
    expect(issue!.message).toBe('expected a real calendar date, found the string "2025-02-30"');
  });

  it('says a version written as a YAML number must be quoted', () => {
    const issues = issuesOf(() => parseRulesetText(fixture('bad/version-number.yaml'), { file: 'v.yaml' }));
    expect(issues.find((i) => i.path?.[0] === 'version')!.message).toMatch(/quote it in YAML.*found the number 1$/);
  });

  it('hints at an unquoted comma in a flow mapping', () => {
    const issues = issuesOf(() =>
      parseRulesetText(yaml('rules:\n  r: { type: money, formula: "1", text: { zh: 中文, en: one, two } }\n'), { file: 'c.yaml' }),
    );
    expect(summary(issues)).toEqual(['ruleset/schema @ ["rules","r","text","two"]']);
    expect(issues[0]!.message).toMatch(/quote texts that contain commas/);
  });

  it('reports all issues at once, capped at 100 for one file', () => {
    const rules = Array.from({ length: 150 }, (_, i) => `  r${i}: { type: money, formula: "1", bad: 1 }`).join('\n');
    const issues = issuesOf(() => parseRulesetText(yaml(`rules:\n${rules}\n`), { file: 'many.yaml' }));
    expect(issues).toHaveLength(100);
    expect(issues[99]!.message).toMatch(/and 50 more issues not shown/);
  });
});

describe('parseRulesetText', () => {
  it('keeps unquoted YAML dates as strings and numbers as numbers', () => {
    const file = parseRulesetText(
      yaml('parameters:\n  cap:\n    type: money\n    values:\n      - { from: 2025-01-01, value: 0.75 }\n      - { from: 2026-01-01, value: "1000.50" }\n'),
      { file: 'x.yaml' },
    );
    expect(file.parameters!['cap']!.values).toEqual([
      { from: '2025-01-01', value: 0.75 },
      { from: '2026-01-01', value: '1000.50' },
    ]);
  });

  it('records the file a ruleset came from', () => {
    const file = parseRulesetText(yaml(''), { file: 'somewhere/x.yaml' });
    expect(rulesetOrigin(file)).toBe('somewhere/x.yaml');
  });

  it('picks JSON from the extension, or from the explicit format', () => {
    const json = JSON.stringify(HEADER);
    expect(parseRulesetText(json, { file: 'x.json' }).id).toBe('test/x');
    expect(parseRulesetText(json, { file: 'x.txt', format: 'json' }).id).toBe('test/x');
    expect(parseRulesetText(`\uFEFF${json}`, { file: 'x.json' }).id).toBe('test/x');
  });

  it('checks the byte size before parsing: 3 MB is over the 2 MB default', () => {
    const text = `# ${'x'.repeat(3_000_000)}\n${yaml('')}`;
    expect(summary(issuesOf(() => parseRulesetText(text, { file: 'big.yaml' })))).toEqual(['ruleset/limit @ []']);
    // multi-byte characters count as bytes: 700 000 × '民' is 2.1 MB in UTF-8
    const wide = `# ${'民'.repeat(700_000)}\n${yaml('')}`;
    expect(summary(issuesOf(() => parseRulesetText(wide, { file: 'wide.yaml' })))).toEqual(['ruleset/limit @ []']);
    expect(parseRulesetText(wide, { file: 'wide.yaml', limits: { maxFileBytes: 3_000_000 } }).id).toBe('test/x');
  });

  it('survives JSON nested a million levels deep (limit, not a stack overflow)', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const issues = issuesOf(() => parseRulesetText(deep, { file: 'deep.json' }));
    expect(issues[0]!.code).toBe('ruleset/limit');
    expect(issues[0]!.path).toHaveLength(DEFAULT_LIMITS.maxDepth);
  });

  it('survives YAML nested very deeply, before the recursive YAML composer sees it', () => {
    for (const deep of [
      `a: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`,
      `a: ${'{a: '.repeat(300_000)}1${'}'.repeat(300_000)}\n`,
      `${'- '.repeat(500_000)}x\n`,
    ]) {
      const started = Date.now();
      expect(summary(issuesOf(() => parseRulesetText(deep, { file: 'deep.yaml' })))).toEqual(['ruleset/limit @ []']);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('bounds YAML nesting from brackets, indentation and compact list indicators', () => {
    expect(yamlNestingBound('a: {b: [1, {c: d}]}\n')).toBe(3);
    expect(yamlNestingBound('a:\n  b:\n    - - x\n')).toBe(8);
    expect(yamlNestingBound('note: "[[["\n')).toBe(3); // over-estimates, never under
  });

  it('rejects constructor and prototype keys too', () => {
    const issues = issuesOf(() =>
      parseRulesetText(yaml('tests:\n  - { name: t, input: { constructor: 1, x: { prototype: 2 } }, expect: {} }\n'), { file: 'x.yaml' }),
    );
    expect(summary(issues)).toEqual(['ruleset/unsafe-key @ ["tests",0,"input","constructor"]', 'ruleset/unsafe-key @ ["tests",0,"input","x","prototype"]']);
  });

  it('counts rules, parameters and values against the limits', () => {
    const rules = Array.from({ length: 4 }, (_, i) => `  r${i}: { type: money, formula: "1" }`).join('\n');
    expect(summary(issuesOf(() => parseRulesetText(yaml(`rules:\n${rules}\n`), { file: 'x.yaml', limits: { maxRules: 3 } })))).toEqual([
      'ruleset/limit @ ["rules"]',
    ]);
    const params = 'parameters:\n  a: { type: money }\n  b: { type: money, values: [{ from: 2025-01-01, value: 1 }, { from: 2026-01-01, value: 2 }] }\n';
    expect(summary(issuesOf(() => parseRulesetText(yaml(params), { file: 'x.yaml', limits: { maxParameters: 1, maxValuesPerParameter: 1 } })))).toEqual([
      'ruleset/limit @ ["parameters"]',
      'ruleset/limit @ ["parameters","b","values"]',
    ]);
  });

  it('bounds the nesting of input declarations', () => {
    const nested = 'inputs:\n  a: { type: list, items: { type: list, items: { type: record, fields: { x: { type: money } } } } }\n';
    expect(summary(issuesOf(() => parseRulesetText(yaml(nested), { file: 'x.yaml', limits: { maxInputDepth: 3 } })))).toEqual([
      'ruleset/limit @ ["inputs","a","items","items","fields","x"]',
    ]);
    expect(() => parseRulesetText(yaml(nested), { file: 'x.yaml' })).not.toThrow();
  });

  it('allows replaces only on top-level inputs', () => {
    const body = 'inputs:\n  a: { type: record, fields: { x: { type: money, replaces: true } } }\n';
    expect(summary(issuesOf(() => parseRulesetText(yaml(body), { file: 'x.yaml' })))).toEqual(['ruleset/schema @ ["inputs","a","fields","x","replaces"]']);
  });

  it('lets a child omit type and by, and checks them in the overlay instead', () => {
    const child = 'extends: test/base@^1\nparameters:\n  p.rate:\n    values: [{ from: 2026-01-01, value: { a: 0.1 } }]\n  p.cap:\n    type: money\n    values: [{ from: 2026-01-01, value: { a: 1 } }]\n';
    expect(() => parseRulesetText(yaml(child), { file: 'child.yaml' })).not.toThrow();
  });

  it('accepts plain decimal numbers and numeric strings only', () => {
    const param = (v: string) => yaml(`parameters:\n  p: { type: decimal, values: [{ from: 2025-01-01, value: ${v} }] }\n`);
    for (const ok of ['0.1', '"0.1"', '-3', '"+12.50"', '1000000']) expect(() => parseRulesetText(param(ok), { file: 'x.yaml' }), ok).not.toThrow();
    for (const bad of ['1e-7', '"1e5"', '"1_000"', '" 1"', '.nan', 'true', 'null']) {
      expect(summary(issuesOf(() => parseRulesetText(param(bad), { file: 'x.yaml' }))), bad).toEqual(['ruleset/schema @ ["parameters","p","values",0,"value"]']);
    }
    // 1e21 is beyond the numeric range (|value| < 10^18), written as a number or as a string
    for (const big of ['1e21', '"1000000000000000000000"']) {
      expect(summary(issuesOf(() => parseRulesetText(param(big), { file: 'x.yaml' }))), big).toEqual(['ruleset/limit @ ["parameters","p","values",0,"value"]']);
    }
  });
});

describe('parseRulesetObject', () => {
  it('validates data built in code', () => {
    expect(parseRulesetObject({ ...HEADER, rules: { a: { type: 'money', formula: '1' } } }, { file: 'code' }).rules!['a']!.formula).toBe('1');
  });

  it('rejects a __proto__ key that was defined as an own property', () => {
    const input: Record<string, unknown> = { ...HEADER };
    Object.defineProperty(input, '__proto__', { value: { polluted: true }, enumerable: true });
    expect(summary(issuesOf(() => parseRulesetObject(input, { file: 'code' })))).toEqual(['ruleset/unsafe-key @ ["__proto__"]']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects values that are not JSON data, and cycles', () => {
    const cyclic: Record<string, unknown> = { ...HEADER, tests: [] };
    const input: Record<string, unknown> = { a: 1 };
    input['self'] = input;
    (cyclic['tests'] as unknown[]).push({ name: 't', input, expect: {} });
    expect(summary(issuesOf(() => parseRulesetObject(cyclic, { file: 'code' })))).toEqual(['ruleset/schema @ ["tests",0,"input","self"]']);
    const weird = { ...HEADER, tests: [{ name: 't', input: { when: new Date(0), f: () => 1, n: 10n }, expect: {} }] };
    expect(summary(issuesOf(() => parseRulesetObject(weird, { file: 'code' })))).toEqual([
      'ruleset/schema @ ["tests",0,"input","when"]',
      'ruleset/schema @ ["tests",0,"input","f"]',
      'ruleset/schema @ ["tests",0,"input","n"]',
    ]);
  });

  it('says what it found when the top level is not a mapping', () => {
    for (const v of [null, 1, 'x', [], undefined]) {
      const [issue] = issuesOf(() => parseRulesetObject(v, { file: 'code' }));
      expect(issue!.code).toBe('ruleset/schema');
      expect(issue!.message).toMatch(/^expected a mapping, found/);
    }
  });

  it('throws MinshengError instances', () => {
    expect(() => parseRulesetObject({}, { file: 'code' })).toThrow(MinshengError);
  });
});

describe('parseCasesText', () => {
  it('validates a cases file with its own name in issues', () => {
    const ok = parseCasesText('cases:\n  - { name: a, input: {}, expect: { x: "1.00" } }\n', { file: 'x.cases.yaml' });
    expect(ok.cases[0]!.name).toBe('a');
    const issues = issuesOf(() => parseCasesText('cases:\n  - { name: a, input: {} }\n  - { name: a, input: {}, expect: {}, extra: 1 }\n', { file: 'y.cases.yaml' }));
    // sorted by position in the file: the name comes before the extra key on line 3
    expect(summary(issues)).toEqual(['ruleset/schema @ ["cases",0]', 'ruleset/duplicate-id @ ["cases",1,"name"]', 'ruleset/schema @ ["cases",1,"extra"]']);
    expect(issues.every((i) => i.file === 'y.cases.yaml')).toBe(true);
  });
});
