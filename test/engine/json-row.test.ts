/**
 * Reading a JSONL row straight from its bytes (src/engine/json-row.ts, simulate's route). The claim: a row it
 * reads gives exactly `convert(JSON.parse(text))` — the same inputs array — and any row it does not read
 * returns null (the general route then decides). Rows are valid rows put through mutations that the reader must
 * either read exactly or hand over: spaces, escapes, exponents, signs, third decimals, duplicated, unknown
 * and escaped keys, nested values, a byte-order mark, cut-off and trailing text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, loadRuleset, parseRuleset } from '../../src/index';
import { CompiledProgram } from '../../src/engine/evaluator';
import type { FastPath } from '../../src/engine/fast-path';
import { jsonRowReader } from '../../src/engine/json-row';

const RULESET = `
id: test/json-row
version: 1.0.0
jurisdiction: CN
label: { zh: 行读取测试, en: Row reader test }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
  level: { type: enum, of: ["1", "2", "3"], label: { zh: 等级, en: Level } }
  category: { type: enum, of: [none, 低保, edge, edge-family], default: none, label: { zh: 类别, en: Category } }
  k: { type: money, default: 0, label: { zh: 一个字母, en: One-letter name } }
  cost: { type: money, label: { zh: 费用, en: Cost } }
  paid: { type: money, default: 0, label: { zh: 已付, en: Paid } }
  capped: { type: money, max: 5000, optional: true, label: { zh: 有上限, en: Capped } }
  extra: { type: money, optional: true, label: { zh: 附加, en: Extra } }
  days: { type: integer, default: 0, label: { zh: 天数, en: Days } }
  urgent: { type: boolean, default: false, label: { zh: 急诊, en: Urgent } }
  admitted: { type: date, optional: true, label: { zh: 入院日期, en: Admitted } }
parameters:
  rate:
    type: rate
    by: level
    label: { zh: 比例, en: Rate }
    values: [{ from: 2025-01-01, value: { "1": 0.9, "2": 0.75, "3": 0.6 }, source: s }]
rules:
  payout:
    type: money
    label: { zh: 支付, en: Payout }
    formula: round(max(0, cost - paid) * rate[level], 2) + (if urgent and days > 2 then 1 else 0)
    source: s
`;

const program = compile(parseRuleset(RULESET, { file: 'json-row.yaml' }));
const fast = (program as unknown as { fast: FastPath | null }).fast!;
const encoder = new TextEncoder();
const DATE = { date: '2025-06-01', money: 'fen' } as const;

/** What the general route makes of a row: the converted inputs (id taken out), or null when it is not an object or convert hands over. */
function general(text: string): { inputs: unknown[] | null; id: unknown } | 'invalid' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { inputs: null, id: undefined };
  const row = parsed as Record<string, unknown>;
  const id = Object.hasOwn(row, 'id') ? row['id'] : undefined;
  delete row['id'];
  return { inputs: fast.convert(row), id };
}

const money = fc.oneof(
  fc.integer({ min: 0, max: 99_999_999 }).map((fen) => fen / 100),
  fc.constantFrom('1.5', '0.05', '12', '00012.30', '1234567.89'),
  fc.constantFrom(0, 7, 123456789012.34),
);
const baseRow = fc.record(
  {
    level: fc.constantFrom('1', '2', '3', 1, 2, 3),
    category: fc.constantFrom('none', '低保', 'edge', 'edge-family'),
    k: money,
    cost: money,
    paid: money,
    capped: fc.constantFrom(10, 4999.99, 5000, '5000.00', 5000.01),
    extra: money,
    days: fc.integer({ min: 0, max: 30 }),
    urgent: fc.boolean(),
    admitted: fc.constantFrom('2025-03-01', '2024-02-29'),
    id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.constantFrom('C-1', '字段', 'a"b', 'x\\y')),
  },
  { requiredKeys: ['level', 'cost'] },
);

/** Texts put in place of one value, or of the whole tail, or inserted: each either valid or invalid JSON. */
const valueVariants = [
  '1e3', '1E+2', '-0', '-1', '01', '1.', '.5', '1.555', '1.50', '1.500', '12345678901234', '1234567890123', '0.1',
  '"12.34"', '"12.345"', '" 12"', '"1,000"', '""', 'null', 'true', 'false', 'nul', '[1]', '{"a":1}', '"\\u0031"',
  '"2"', '2', '2.0', '"٢"', '"none"', '"\\u4f4e\\u4fdd"', '"低保"', '"2025-06-01"', '"2025-02-30"', '3.0', '-3',
  // An allowed enum value with more after it, or cut short: not that value.
  '"nonex"', '"non"', '"edge2"', '"低保x"', '"低"', '"22"', '"2 "', '" 2"', '"none\\""', '"edge-famil"', '"edge-familyx"', '"edge-fami1y"',
  // Whole yuan beyond what × 100 keeps exact: 16 and 17 digits.
  '1234567890123456', '99999999999999999',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('space' as const), at: fc.nat(), text: fc.constantFrom(' ', '\t', '\r', '  \t', '\n', '\u00a0', '\ufeff') }),
  fc.record({ kind: fc.constant('value' as const), key: fc.constantFrom('level', 'category', 'cost', 'paid', 'capped', 'extra', 'days', 'urgent', 'admitted', 'id', 'k'), text: fc.constantFrom(...valueVariants) }),
  fc.record({ kind: fc.constant('duplicate' as const), key: fc.constantFrom('cost', 'level', 'id', 'paid', 'k', 'category'), text: fc.constantFrom('1', '2', '"3"', '0.5', 'null') }),
  fc.record({ kind: fc.constant('key' as const), text: fc.constantFrom('"bogus":1', '"co\\u0073t":5', '"__proto__":{}', '"Cost":1', '"cos":1', '"costs":1', '"id":"x"', '"cosT":5', '"paiD":1', '"leveL":"1"', '"categorY":"none"', '"K":1', '"kk":1') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), text: fc.constantFrom('x', ' ', '}', ',', '\r', ' \r\t', '{}', '\n{"a":1}') }),
  fc.record({ kind: fc.constant('prefix' as const), text: fc.constantFrom('\ufeff', ' ', '[', '\r') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'space': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'value': {
      const re = new RegExp(`("${m.key}":)("(?:[^"\\\\]|\\\\.)*"|[^,}]*)`);
      return re.test(text) ? text.replace(re, `$1${m.text}`) : text.replace(/}$/, `,"${m.key}":${m.text}}`);
    }
    case 'duplicate':
      // The key again with another value: JSON.parse keeps the last one.
      return text.includes(`"${m.key}":`) ? text.replace(/}$/, `,"${m.key}":${m.text}}`) : text;
    case 'key':
      return text === '{}' ? `{${m.text}}` : text.replace(/^\{/, `{${m.text},`);
    case 'cut':
      return text.slice(0, m.at % text.length);
    case 'append':
      return text + m.text;
    case 'prefix':
      return m.text + text;
  }
}

describe('jsonRowReader', () => {
  it('reads a row exactly as convert(JSON.parse(row)), or hands it over; mutated rows of every kind', () => {
    const reader = jsonRowReader(fast.inputTable, 'id');
    let read = 0;
    let handed = 0;
    // One inputs array for every row, as simulate passes it: a value an earlier row left there must never show
    // through an input this row leaves out (every other row reads into a new array).
    const reused = new Array<unknown>(fast.inputTable.count);
    let n = 0;
    fc.assert(
      fc.property(baseRow, fc.array(mutation, { maxLength: 3 }), (row, mutations) => {
        const text = mutations.reduce(mutate, JSON.stringify(row));
        const bytes = encoder.encode(text);
        const got = reader.read(bytes, 0, bytes.length, n++ % 2 === 0 ? reused : undefined);
        const want = general(text.split('\n')[0]!);
        if (got === null) {
          handed++;
          return;
        }
        read++;
        // Read: the general route parses the row (up to its line feed) to the same inputs and id.
        expect(want, text).not.toBe('invalid');
        if (want === 'invalid') return;
        expect(want.inputs, text).not.toBeNull();
        expect([...got], text).toEqual(want.inputs);
        expect(Object.is(reader.extra, want.id) || (reader.extra !== reader.extra && want.id !== want.id), text).toBe(true);
        const lf = text.indexOf('\n');
        expect(reader.end).toBe(lf < 0 ? bytes.length : encoder.encode(text.slice(0, lf)).length);
      }),
      { numRuns: 4000, seed: 20261206 },
    );
    // The property ran both ways: most plain rows are read, mutated ones often handed over.
    expect(read).toBeGreaterThan(800);
    expect(handed).toBeGreaterThan(500);
  });

  it('reads the rows of a block one after another, each ending at its line feed (a CR before it is a space)', () => {
    const reader = jsonRowReader(fast.inputTable, 'id');
    const text = '{"level":"2","cost":100}\r\n{"id":7,"level":3,"cost":"5.5","urgent":true,"days":2}\n{"level":"1","cost":1} x\n';
    const bytes = encoder.encode(text);
    const first = reader.read(bytes, 0, bytes.length);
    expect(first).not.toBeNull();
    expect(first![fast.inputIndex.get('cost')!]).toBe(10000);
    expect(bytes[reader.end]).toBe(10);
    const second = reader.read(bytes, reader.end + 1, bytes.length);
    expect(reader.extra).toBe(7);
    expect(second![fast.inputIndex.get('level')!]).toBe('3');
    expect(second![fast.inputIndex.get('cost')!]).toBe(550);
    // Text after the object on its line: handed over (the general route reports it).
    expect(reader.read(bytes, reader.end + 1, bytes.length)).toBeNull();
  });

  it('compares every byte of a remembered key or enum value: one that differs anywhere at that place is not it', () => {
    const reader = jsonRowReader(fast.inputTable, 'id');
    const read = (text: string) => {
      const bytes = encoder.encode(text);
      return reader.read(bytes, 0, bytes.length);
    };
    // Keys with quote and colon of 7 (level":, 4-byte words), 6 (cost":, 4-byte words), 10 (category":, 8-byte
    // words), 6 (paid":) and 3 bytes (k":, byte by byte); values with their closing quote of 2 ("1"), 12
    // ("edge-family", 8-byte words) and 5 bytes ("none").
    const right = '{"level":"1","cost":1,"category":"edge-family","paid":2,"k":3}';
    expect(read(right)).not.toBeNull();
    expect(read(right)![fast.inputIndex.get('category')!]).toBe('edge-family');
    expect(read(right)![fast.inputIndex.get('k')!]).toBe(300);
    const wrong = [
      ...['level', 'cost', 'category', 'paid', 'k'].flatMap((key) => [0, key.length - 1].map((at) => right.replace(`"${key}"`, `"${key.slice(0, at)}${key[at]!.toUpperCase()}${key.slice(at + 1)}"`))),
      ...[0, 5, 10].map((at) => right.replace('edge-family', `${'edge-family'.slice(0, at)}X${'edge-family'.slice(at + 1)}`)),
    ];
    for (const text of wrong) {
      expect(text).not.toBe(right);
      const got = read(text);
      // A changed key is unknown (handed over); a changed value is not one of the enum's (handed over).
      expect(got, text).toBeNull();
      // The remembered order still reads a right row after it.
      expect(read(right)).not.toBeNull();
    }
    // A value of the enum other than the remembered one at that place.
    expect(read(right.replace('edge-family', 'none'))![fast.inputIndex.get('category')!]).toBe('none');
  });

  it('hands over a key given twice (JSON.parse keeps the last), an escaped key, an id that is an object and a bad separator', () => {
    const reader = jsonRowReader(fast.inputTable, 'id');
    // And an enum value's bytes followed by anything but its closing quote (here invalid JSON: no closing quote).
    for (const text of ['{"level":"1","cost":1,"cost":2}', '{"level":"1","co\\u0073t":1}', '{"id":{"a":1},"level":"1","cost":1}', '{"id":1,"id":2,"level":"1","cost":1}', '{"level":"1","cost":1,"category":"nonex}', '{"level":"1","cost":1,"category":"edge}', '{"level":"1","cost":1x"paid":2}', '{"level":"1";"cost":1}', '{"level":2x"cost":1}']) {
      const bytes = encoder.encode(text);
      expect(reader.read(bytes, 0, bytes.length), text).toBeNull();
    }
  });
});

describe('program.jsonRows (simulate)', () => {
  it('settles rows from their bytes as evaluate(JSON.parse(row)) does, and counts them as fast evaluations', () => {
    expect(program).toBeInstanceOf(CompiledProgram);
    const rows = (program as CompiledProgram).jsonRows(DATE, 'id')!;
    const lines = ['{"level":"2","cost":1000,"paid":200}', '{"id":"a","level":3,"cost":"99.99","urgent":true,"days":4}', '{"level":"1","cost":12345678901.23}'];
    const bytes = encoder.encode(lines.join('\n'));
    const before = program.diagnostics().fastEvaluations;
    let at = 0;
    for (const line of lines) {
      const got = rows.evaluate(bytes, at, bytes.length);
      const row = JSON.parse(line) as Record<string, unknown>;
      delete row['id'];
      expect(got).toEqual(program.evaluate(row, DATE).outputs);
      at = rows.end + 1;
    }
    expect(program.diagnostics().fastEvaluations - before).toBe(lines.length * 2);
    // 600.00 = (1000 − 200) × 0.75, in fen.
    expect(rows.evaluate(bytes, 0, bytes.length)).toEqual({ payout: 60000 });
  });

  it('the lean route reads each output from the row values as evaluate gives it; failed checks and missing figures hand over', () => {
    // Flat inputs (what the row reader takes), an input check, a figure published only from 2026, and outputs of
    // every kind: money in fen, money at scale 3 (printed by its renderer), a rate, a flag, a whole number.
    const lean = compile(
      parseRuleset(
        `id: test/json-row-lean
version: 1.0.0
jurisdiction: CN
label: { zh: 精简路径, en: Lean route }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
  total: { type: money, label: { zh: 总额, en: Total } }
  eligible: { type: money, label: { zh: 目录内, en: Eligible } }
  level: { type: enum, of: ["1", "2"], label: { zh: 等级, en: Level } }
  days: { type: integer, default: 0, label: { zh: 天数, en: Days } }
parameters:
  rate:
    type: rate
    by: level
    label: { zh: 比例, en: Rate }
    values: [{ from: 2025-01-01, value: { "1": 0.9, "2": 0.75 }, source: s }]
  bonus:
    type: money
    label: { zh: 补贴, en: Bonus }
    values: [{ from: 2026-01-01, value: 12.5, source: s }]
rules:
  withinTotal: { type: boolean, output: false, label: { zh: 不超总额, en: Within total }, formula: "eligible <= total", check: { zh: 目录内不能超过总额, en: Eligible cannot exceed the total }, source: s }
  paid: { type: money, label: { zh: 支付, en: Paid }, formula: "round(eligible * rate[level], 2)", source: s }
  share: { type: money, label: { zh: 份额, en: Share }, formula: "eligible * rate[level]", source: s }
  appliedRate: { type: rate, label: { zh: 比例, en: Rate }, formula: "rate[level]", source: s }
  long: { type: boolean, label: { zh: 长期, en: Long }, formula: "days > 30", source: s }
  hours: { type: integer, label: { zh: 小时, en: Hours }, formula: "days * 24", source: s }
  withBonus: { type: money, label: { zh: 含补贴, en: With bonus }, formula: "paid + bonus", source: s }
`,
        { file: 'lean.yaml' },
      ),
    ) as CompiledProgram;
    const claims = Array.from({ length: 300 }, (_, i) => ({ total: 1000 + i * 13.37, eligible: ((i * 7919) % 150000) / 100 + (i % 5 === 0 ? 2000 : 0), level: i % 2 ? '1' : '2', days: (i * 3) % 70 }));
    for (const date of ['2025-06-01', '2026-06-01']) {
      const rows = lean.jsonRows({ date, money: 'fen' })!;
      const outputs = rows.output('withBonus') ? lean.outputs : [];
      expect(outputs.length).toBeGreaterThan(0);
      let read = 0;
      let handed = 0;
      for (const input of claims) {
        const bytes = encoder.encode(JSON.stringify(input));
        const values = rows.values!(bytes, 0, bytes.length);
        const fen = lean.safeEvaluate(input, { date, money: 'fen' });
        const text = lean.safeEvaluate(input, { date });
        if (values === null) {
          handed++;
          // Handed over: a failed check, or (before 2026) no bonus in force — evaluate says which.
          expect(text.success, JSON.stringify(input)).toBe(false);
          continue;
        }
        read++;
        expect(fen.success && text.success).toBe(true);
        if (!fen.success || !text.success) continue;
        for (const name of outputs) {
          const out = rows.output(name)!;
          const v = values[out.at];
          if (out.fen) expect(v, name).toBe(fen.result.outputs[name]);
          else expect(out.render(v), name).toEqual(text.result.outputs[name]);
        }
      }
      // Both ways ran: in 2025 every row needs the bonus (none in force), in 2026 only failed checks hand over.
      if (date === '2025-06-01') expect(read).toBe(0);
      else {
        expect(read).toBeGreaterThan(150);
        expect(handed).toBeGreaterThan(10);
      }
    }
    // The outputs the lean route prints without fen: money at scale 3, a rate, a flag, a whole number.
    const rows = lean.jsonRows({ date: '2026-06-01', money: 'fen' })!;
    expect(['paid', 'share', 'appliedRate', 'long', 'hours', 'withBonus'].map((n) => rows.output(n)!.fen)).toEqual([true, false, false, false, false, true]);
  });

  it('offers the lean route only for one day and a plan the fast path prints', () => {
    const p = program as CompiledProgram;
    expect(p.jsonRows(DATE)!.values).toBeDefined();
    // No date option (each row's own date input, or none): no lean route, rows are evaluated one by one.
    expect(p.jsonRows({ money: 'fen' })!.values).toBeUndefined();
    // An unknown output asked for, an intermediate rule asked for by name, or a date outside the ruleset's
    // validity: none either (the rows then go the usual way, which answers or refuses each one).
    expect(p.jsonRows({ ...DATE, outputs: ['nope'] })!.values).toBeUndefined();
    expect(p.jsonRows(DATE)!.output('nope')).toBeUndefined();
    const variant = compile(
      parseRuleset(
        RULESET.replace(/^sources:/m, 'validity: { from: 2025-03-01 }\nsources:').replace(
          /^rules:\n/m,
          'rules:\n  base: { type: money, output: false, label: { zh: 基数, en: Base }, formula: "cost - paid", source: s }\n',
        ),
        { file: 'json-row-variant.yaml' },
      ),
    ) as CompiledProgram;
    expect(variant.jsonRows(DATE)!.values).toBeDefined();
    expect(variant.jsonRows({ ...DATE, outputs: ['base', 'payout'] })!.values).toBeUndefined();
    expect(variant.jsonRows({ date: '2025-01-15', money: 'fen' })!.values).toBeUndefined();
    expect(variant.safeEvaluate({ level: '1', cost: 100 }, { date: '2025-01-15' })).toMatchObject({ success: false, error: { code: 'eval/outside-validity' } });
    const before = p.diagnostics().fastEvaluations;
    const rows = p.jsonRows(DATE)!;
    const bytes = encoder.encode('{"level":"2","cost":1000,"paid":200}');
    const values = rows.values!(bytes, 0, bytes.length)!;
    // 600.00 = (1000 − 200) × 0.75, in fen; counted as a fast evaluation.
    expect(values[rows.output('payout')!.at]).toBe(60000);
    expect(rows.output('payout')!.fen).toBe(true);
    expect(p.diagnostics().fastEvaluations - before).toBe(1);
  });

  it('is not offered for traced options', () => {
    expect((program as CompiledProgram).jsonRows({ ...DATE, trace: true })).toBeUndefined();
  });

  it('hands over (never throws) a row whose output money: fen cannot hold; evaluate then reports it or writes text', () => {
    const big = compile(
      parseRuleset(
        `id: test/json-row-big
version: 1.0.0
jurisdiction: CN
label: { zh: 大额, en: Large }
sources: [{ id: s, title: Test, issuer: Test, date: 2025-01-01, status: inferred }]
inputs:
  count: { type: integer, label: { zh: 数量, en: Count } }
parameters:
  unit: { type: money, label: { zh: 单价, en: Unit }, values: [{ from: 2025-01-01, value: 1000000000, source: s }] }
rules:
  total: { type: money, label: { zh: 合计, en: Total }, formula: unit * count, source: s }
`,
        { file: 'big.yaml' },
      ),
    ) as CompiledProgram;
    const rows = big.jsonRows(DATE)!;
    // 10^9 yuan × 10^6 = 10^15 yuan: exact on the fast path (whole yuan), but 10^17 fen is beyond 2^53.
    const bytes = encoder.encode('{"count":1000000}');
    expect(rows.evaluate(bytes, 0, bytes.length)).toBeNull();
    expect(() => big.evaluate({ count: 1000000 }, DATE)).toThrow(expect.objectContaining({ code: 'eval/domain' }));
    expect(big.evaluate({ count: 1000000 }, { date: DATE.date }).outputs).toEqual({ total: '1000000000000000.00' });
    const small = encoder.encode('{"count":3}');
    expect(rows.evaluate(small, 0, small.length)).toEqual({ total: 300000000000 });
  });
});
