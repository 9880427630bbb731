/**
 * Hostile ruleset files: alias bombs, deep nesting, long digit strings, bad UTF-8 bytes, lone
 * surrogates, duplicate keys, prototype keys, extends cycles, huge formulas. Whatever the input, reading
 * it must either give a ruleset or throw a MinshengError whose issues all have a code and a short
 * message, within a second, without touching Object.prototype.
 *
 * Runs a modest number of cases by default; `HOSTILE_RUNS=500 npx vitest run test/ruleset/hostile.prop.test.ts`
 * runs more of each.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isMinshengError } from '../../src/errors';
import { parseCasesText, parseRulesetObject, parseRulesetText } from '../../src/ruleset/load';
import { resolveRuleset } from '../../src/ruleset/overlay';
import { RulesetRegistry } from '../../src/ruleset/registry';
import type { RulesetFile } from '../../src/ruleset/schema';
import { decodeUtf8 } from '../../src/ruleset/text';

const RUNS = Number.parseInt(process.env['HOSTILE_RUNS'] ?? '', 10) > 0 ? Number.parseInt(process.env['HOSTILE_RUNS']!, 10) : 40;
const TIME_LIMIT_MS = 1000;
const MAX_MESSAGE = 2000;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Runs `fn` (one hostile input): a result, or a MinshengError with coded, short, valid issues, in time. */
function survives(fn: () => unknown): void {
  const started = performance.now();
  try {
    fn();
  } catch (e) {
    if (!isMinshengError(e)) throw e; // a TypeError, RangeError, … fails the property with the input
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) {
      expect(issue.code).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(issue.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
      expect(LONE.test(issue.message)).toBe(false);
    }
  } finally {
    expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
  }
}

afterEach(() => {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

function notPolluted(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

const HEADER_YAML = 'id: test/h\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 测试, en: Test }\n';
const HEADER_JSON = '"id":"test/h","jurisdiction":"CN","version":"1.0.0","label":{"zh":"测试","en":"Test"}';

// ───────────────────────────── hostile pieces ─────────────────────────────

const unsafeKey = fc.constantFrom('__proto__', 'constructor', 'prototype');

/** A number as text: long digit runs, fractions, exponents, signs. */
const digitText = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    int: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 400 }), fc.constantFrom(0, 5_000, 200_000)),
    frac: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.constantFrom(500, 50_000)),
    exp: fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
    digit: fc.constantFrom('9', '1', '0', '7'),
  })
  .map(({ sign, int, frac, exp, digit }) => `${sign}${int === 0 ? '0' : digit.repeat(int)}${frac > 0 ? `.${'0'.repeat(frac - 1)}1` : ''}${exp === undefined ? '' : `e${exp}`}`);

/** A string with a lone surrogate, raw or as an escape (YAML double quotes and JSON read `\uD800`). */
const surrogateText = fc.record({ at: fc.nat(20), unit: fc.constantFrom('\\ud800', '\\udbff', '\\udc00', '\\udfff', '\ud800', '\udc00'), base: fc.string({ maxLength: 20 }) }).map(
  ({ at, unit, base }) => {
    const safe = base.replace(/["\\\n\r\u0000-\u001f]/g, 'x');
    const i = Math.min(at, safe.length);
    return `${safe.slice(0, i)}${unit}${safe.slice(i)}`;
  },
);

/** A formula: long, deeply parenthesised, or long chains of operators. */
const formulaText = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `a${i % 7}`).join(' + ')),
  fc.integer({ min: 3990, max: 4100 }).map((n) => '1'.repeat(n)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `x${'-'.repeat(n)}1`),
);

// YAML ------------------------------------------------------------------------

const aliasBomb = fc.record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 1, max: 12 }), flow: fc.boolean() }).map(({ levels, width, flow }) => {
  const lines = ['tests:', '  - name: t', '    expect: {}', '    input:', `      l0: &l0 [${Array(width).fill('lol').join(', ')}]`];
  for (let i = 1; i <= levels; i++) {
    const items = Array(width).fill(`*l${i - 1}`);
    lines.push(flow ? `      l${i}: &l${i} [${items.join(', ')}]` : `      l${i}: &l${i}\n${items.map((x) => `        - ${x}`).join('\n')}`);
  }
  return `${HEADER_YAML}${lines.join('\n')}\n`;
});

const deepYaml = fc.record({ depth: fc.integer({ min: 1, max: 4000 }), kind: fc.constantFrom('flow-seq', 'flow-map', 'block-map', 'block-seq', 'mixed') }).map(({ depth, kind }) => {
  let body: string;
  switch (kind) {
    case 'flow-seq':
      body = `    input: { a: ${'['.repeat(depth)}1${']'.repeat(depth)} }`;
      break;
    case 'flow-map':
      body = `    input: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
      break;
    case 'block-map':
      body = `    input:\n${Array.from({ length: Math.min(depth, 1500) }, (_, i) => `${' '.repeat(6 + i)}k${i}:`).join('\n')} 1`;
      break;
    case 'block-seq':
      body = `    input:\n      a:\n${' '.repeat(8)}${'- '.repeat(depth)}x`;
      break;
    default:
      body = `    input:\n      a: ${'[{b: '.repeat(depth >> 1)}1${'}]'.repeat(depth >> 1)}`;
  }
  return `${HEADER_YAML}tests:\n  - name: t\n    expect: {}\n${body}\n`;
});

const yamlNumbers = fc.record({ text: digitText, quoted: fc.boolean(), type: fc.constantFrom('money', 'rate', 'decimal', 'integer'), where: fc.constantFrom('param', 'bound', 'input', 'band') }).map(
  ({ text, quoted, type, where }) => {
    const v = quoted ? `"${text}"` : text;
    switch (where) {
      case 'param':
        return `${HEADER_YAML}parameters:\n  p: { type: ${type}, values: [{ from: 2025-01-01, value: ${v} }] }\n`;
      case 'bound':
        return `${HEADER_YAML}inputs:\n  n: { type: ${type}, min: ${v}, max: ${v}, default: ${v} }\n`;
      case 'band':
        return `${HEADER_YAML}parameters:\n  s: { type: scale, values: [{ from: 2025-01-01, value: [{ above: ${v}, rate: ${v} }] }] }\n`;
      default:
        return `${HEADER_YAML}tests:\n  - { name: t, input: { n: ${v} }, expect: { r: ${v} } }\n`;
    }
  },
);

const yamlFragments = fc
  .array(
    fc.oneof(
      fc.constantFrom('a: ', 'id: x', '\n', '  ', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '!!str ', '!!float ', '!!int ', '!t ', '"', "'", '#', '? ', ': ', '|\n', '>\n', '<<: ', '---\n', '...\n', '%YAML 1.2\n', '.inf', '0x1F', '0o17'),
      unsafeKey.map((k) => `${k}: `),
      digitText.filter((t) => t.length < 500),
      surrogateText.map((s) => `"${s}"`),
    ),
    { maxLength: 40 },
  )
  .map((parts) => HEADER_YAML + parts.join(''));

const yamlDuplicates = fc.record({ key: fc.oneof(fc.constantFrom('rules', 'label', 'zh', 'a'), unsafeKey, fc.string({ minLength: 1, maxLength: 10 })), depth: fc.integer({ min: 0, max: 3 }) }).map(({ key, depth }) => {
  const k = JSON.stringify(key);
  const indent = '  '.repeat(depth);
  const open = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}n${i}:`).join('\n');
  return `${HEADER_YAML}tests:\n  - name: t\n    expect: {}\n    input:\n${open ? `${open.replace(/^/gm, '      ')}\n` : ''}      ${indent}${k}: 1\n      ${indent}${k}: 2\n`;
});

const yamlProto = fc.record({ key: unsafeKey, where: fc.constantFrom('top', 'input', 'rules', 'label', 'nested') }).map(({ key, where }) => {
  const payload = `{ polluted: true, toString: 1 }`;
  switch (where) {
    case 'top':
      return `${HEADER_YAML}${key}: ${payload}\n`;
    case 'rules':
      return `${HEADER_YAML}rules:\n  ${key}: { type: money, formula: "1" }\n`;
    case 'label':
      return HEADER_YAML.replace('label: { zh: 测试', `label: { ${key}: ${payload}, zh: 测试`);
    case 'nested':
      return `${HEADER_YAML}tests:\n  - { name: t, input: { a: [ { b: { ${key}: ${payload} } } ] }, expect: {} }\n`;
    default:
      return `${HEADER_YAML}tests:\n  - { name: t, input: { ${key}: ${payload} }, expect: {} }\n`;
  }
});

const yamlSurrogates = fc.record({ text: surrogateText, where: fc.constantFrom('label', 'key', 'name', 'source') }).map(({ text, where }) => {
  const q = `"${text}"`;
  switch (where) {
    case 'label':
      return HEADER_YAML.replace('zh: 测试', `zh: ${q}`);
    case 'key':
      return `${HEADER_YAML}tests:\n  - { name: t, input: { ${q}: 1 }, expect: {} }\n`;
    case 'name':
      return `${HEADER_YAML}tests:\n  - { name: ${q}, input: {}, expect: {} }\n`;
    default:
      return `${HEADER_YAML}sources:\n  - { id: s, title: ${q} }\n`;
  }
});

const yamlFormulas = formulaText.map((f) => `${HEADER_YAML}rules:\n  r: { type: money, formula: ${JSON.stringify(f)} }\n`);

const hostileYaml = fc.oneof(aliasBomb, deepYaml, yamlNumbers, yamlFragments, yamlDuplicates, yamlProto, yamlSurrogates, yamlFormulas);

// JSON ------------------------------------------------------------------------

const jsonLeaf = fc.oneof(
  digitText.map((t) => t.replace(/^\+/, '')), // JSON numbers have no '+': the rest are numbers or syntax errors
  surrogateText.map((s) => `"${s.replace(/[\ud800-\udfff]/g, '\\ud800')}"`),
  fc.constantFrom('true', 'false', 'null', '"x"', '1e400', '-0', '9007199254740993', '0.1'),
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
);
const jsonKey = fc.oneof(unsafeKey, fc.constantFrom('a', 'zh', 'rules', 'value'), surrogateText.map((s) => s.replace(/[\ud800-\udfff]/g, '\\udc00'))).map((k) =>
  k.includes('\\u') ? `"${k}"` : JSON.stringify(k),
);
const jsonTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    // keys may repeat: duplicate keys are part of the test
    fc.array(fc.tuple(jsonKey, tie('node')), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  ),
})).node;
const deepJson = fc.record({ depth: fc.integer({ min: 1, max: 100_000 }), obj: fc.boolean() }).map(({ depth, obj }) =>
  obj ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`,
);
const hostileJson = fc.oneof(
  jsonTree.map((t) => `{${HEADER_JSON},"tests":[{"name":"t","input":${t},"expect":{}}]}`),
  jsonTree.map((t) => `{${HEADER_JSON},"parameters":{"p":{"type":"decimal","values":[{"from":"2025-01-01","value":${t}}]}}}`),
  deepJson.map((t) => `{${HEADER_JSON},"tests":[{"name":"t","input":{"a":${t}},"expect":{}}]}`),
  unsafeKey.map((k) => `{${HEADER_JSON},"${k}":{"polluted":true}}`),
  formulaText.map((f) => `{${HEADER_JSON},"rules":{"r":{"type":"money","formula":${JSON.stringify(f)}}}}`),
  jsonTree,
);

// ───────────────────────────── properties ─────────────────────────────

describe('hostile ruleset files (fuzz)', () => {
  it('YAML: alias bombs, deep nesting, long digit strings, duplicate and prototype keys, lone surrogates, huge formulas', () => {
    fc.assert(
      fc.property(hostileYaml, (text) => {
        survives(() => parseRulesetText(text, { file: 'hostile.yaml' }));
        notPolluted();
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('JSON: the same, with duplicate keys and number literals that would lose digits', () => {
    fc.assert(
      fc.property(hostileJson, (text) => {
        survives(() => parseRulesetText(text, { file: 'hostile.json' }));
        notPolluted();
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('bytes: invalid UTF-8 anywhere in a file is refused with its position', () => {
    const withBadBytes = fc.record({
      text: fc.oneof(yamlNumbers, yamlProto, yamlSurrogates, fc.constant(HEADER_YAML)),
      bytes: fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4, min: 0x80, max: 0xff })), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(withBadBytes, ({ text, bytes }) => {
        let data = new TextEncoder().encode(text);
        for (const [at, insert] of bytes) {
          const i = at % (data.length + 1);
          data = new Uint8Array([...data.subarray(0, i), ...insert, ...data.subarray(i)]);
        }
        survives(() => parseRulesetText(decodeUtf8(data, 'bytes.yaml'), { file: 'bytes.yaml' }));
        survives(() => parseCasesText(decodeUtf8(data, 'bytes.cases.yaml'), { file: 'bytes.cases.yaml' }));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('extends: cycles, self-references, chains past the limit, ranges no version satisfies', () => {
    const graph = fc.array(fc.record({ parent: fc.option(fc.nat(40), { nil: undefined }), range: fc.constantFrom('^1', '^2', '*', '>=1.0.0 <1.0.1', '1.0.0') }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(graph, fc.boolean(), (nodes, partial) => {
        const files: RulesetFile[] = [];
        survives(() => {
          for (const [i, node] of nodes.entries()) {
            const extendsSpec = node.parent === undefined ? {} : { extends: `test/r${node.parent % nodes.length}@${node.range}` };
            files.push(parseRulesetObject({ id: `test/r${i}`, jurisdiction: 'CN', version: '1.0.0', label: { zh: '测', en: 'T' }, ...extendsSpec }, { file: `r${i}.yaml` }));
          }
        });
        const registry = new RulesetRegistry();
        // Sometimes leave the leaf out of the registry, as loading a file by its path does.
        for (const [i, file] of files.entries()) if (!(partial && i === 0)) registry.add(file);
        for (const file of files) survives(() => resolveRuleset(file, registry));
      }),
      { numRuns: RUNS },
    );
  });

  it('the bundled kinds of data pass through unchanged: a valid file still loads', () => {
    // A guard against a fuzz suite that only ever sees errors.
    const ok = parseRulesetText(`${HEADER_YAML}parameters:\n  p: { type: money, values: [{ from: 2025-01-01, value: "999999999999999999.99" }] }\n`, { file: 'ok.yaml' });
    expect(ok.parameters!['p']!.values![0]!.value).toBe('999999999999999999.99');
  });
});
