/**
 * The simulate pipeline's byte paths: newline counting, the output byte sink, shared slots, blocks read into
 * lent buffers, and whole runs whose CSV/JSONL bytes must equal the plain renderers (csvLine, JSON.stringify
 * of the row object) whatever the values, the batch size, the slot overflows and the fallbacks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import type { ResolvedRuleset } from '../../../src/ruleset/resolved';
import { simulate } from '../../../src/node/simulate/run';
import { countNewlines, countNewlinesByWord, readBatches, readLineBlocks } from '../../../src/node/simulate/read';
import { SharedSlots } from '../../../src/node/simulate/slots';
import { ByteSink, fenOfMoneyText, type RowError } from '../../../src/node/simulate/worker';
import { csvLine } from '../../../src/node/simulate/csv';
import { renderFen } from '../../../src/money/fen';
import { Decimal } from '../../../src/money/decimal';
import { generateClaims } from '../../../bench/workload/generate.mjs';

const DATE = '2025-06-01';

describe('countNewlines', () => {
  it('counts the 0x0A bytes of any bytes at any offset (four at a time, the ends one by one)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), fc.nat(7), fc.boolean(), (bytes, head, tail, dense) => {
        // Dense: mostly newlines and bytes one bit away from one (0x0B, 0x08, 0x8A), where a borrow would show.
        const data = dense ? bytes.map((b) => [10, 11, 8, 138, 0, 255][b % 6]!) : bytes;
        const start = Math.min(head, data.length);
        const view = data.subarray(start, Math.max(start, data.length - tail));
        let naive = 0;
        for (const b of view) if (b === 10) naive++;
        expect(countNewlines(view)).toBe(naive);
        expect(countNewlinesByWord(view)).toBe(naive);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts long rows by searching and short rows word by word, and switching midway loses no newline', () => {
    const rows = (length: number, count: number) => Array.from({ length: count }, (_, i) => `${'x'.repeat(Math.max(0, length - 1 - String(i).length))}${i}\n`).join('');
    const cases = [
      rows(230, 500), // claims: searched newline to newline
      rows(10, 5000), // short rows: word by word after the first 64
      rows(230, 100) + rows(5, 3000), // long then short: searched to the end (decided on the first 64)
      rows(5, 100) + rows(300, 50), // short then long: word by word from the 64th newline
      rows(63, 64) + rows(2, 10), // exactly at the threshold
      '\n'.repeat(200),
      'no newline at all',
      '',
    ];
    for (const text of cases) {
      const bytes = new TextEncoder().encode(text);
      const naive = bytes.filter((b) => b === 10).length;
      for (const offset of [0, 1, 3]) expect(countNewlines(bytes.subarray(offset)), `${text.length} bytes at ${offset}`).toBe(bytes.subarray(offset).filter((b) => b === 10).length);
      expect(countNewlines(bytes)).toBe(naive);
    }
  });
});

describe('ByteSink', () => {
  it('writes any text as its UTF-8 bytes (lone surrogates as U+FFFD), growing out of a small first buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.nat(100000)), { maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (parts, first) => {
        const initial = new Uint8Array(first);
        const sink = new ByteSink(initial);
        let expected = '';
        for (const p of parts) {
          if (typeof p === 'number') sink.digits(p);
          else sink.text(p);
          expected += String(p);
        }
        expect(Buffer.from(sink.bytes.subarray(0, sink.length)).equals(Buffer.from(expected, 'utf8'))).toBe(true);
        // What fitted was written into the first buffer.
        const fitted = Buffer.from(expected, 'utf8').subarray(0, Math.min(first, sink.length));
        if (sink.bytes === initial) expect(Buffer.from(initial.subarray(0, fitted.length)).equals(fitted)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ByteSink.money', () => {
  it('copies a money text and returns fenOfMoneyText of it in one pass; writes nothing for any other text', () => {
    const moneyish = fc.oneof(
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((fen) => `${fen < 0n ? '-' : ''}${(fen < 0n ? -fen : fen) / 100n}.${String((fen < 0n ? -fen : fen) % 100n).padStart(2, '0')}`),
      fc.stringMatching(/^-?[0-9.a]{0,8}$/),
      fc.constantFrom('', '-', '.00', '-.00', '1.5', '1.234', '9007199254740.99', '90071992547409.93', '1e3.00', '٣.00'),
    );
    fc.assert(
      fc.property(moneyish, (text) => {
        const sink = new ByteSink(4);
        sink.text('x');
        const fen = sink.money(text);
        expect(fen).toBe(fenOfMoneyText(text));
        expect(Buffer.from(sink.bytes.subarray(0, sink.length)).toString('latin1')).toBe(fen === undefined ? 'x' : `x${text}`);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ByteSink.digits', () => {
  it('writes any safe whole number as String() does', () => {
    fc.assert(
      // Below 2^31 in 32-bit integer arithmetic, above it in doubles: every width of both, and the edge between.
      fc.property(fc.oneof(fc.maxSafeNat(), fc.nat(1000), fc.nat(2 ** 31 + 1000), fc.constantFrom(0, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000, 999999999, 1000000000, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, Number.MAX_SAFE_INTEGER)), (n) => {
        const sink = new ByteSink(1);
        sink.digits(n);
        expect(Buffer.from(sink.bytes.subarray(0, sink.length)).toString('latin1')).toBe(String(n));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ByteSink.fen', () => {
  it('writes integer fen as the library renders money (renderFen): sign, yuan, 2 decimals, −0 as 0.00', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 32), max: 2 ** 32 }), fc.constantFrom(-0, 0, 5, -5, 100, -100, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 31 + 99, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER)), (fen) => {
        const sink = new ByteSink(2);
        sink.fen(fen);
        expect(Buffer.from(sink.bytes.subarray(0, sink.length)).toString('latin1')).toBe(renderFen(fen));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('SharedSlots', () => {
  it('lends each slot once until it is given back, and knows the slot of a view', () => {
    const slots = new SharedSlots(3, 16);
    const a = slots.take();
    const peeked = slots.peek()!;
    expect(peeked.byteLength).toBe(16);
    const b = slots.takeSlotOf(peeked.subarray(5, 9));
    expect(b).not.toBe(a);
    expect(slots.takeSlotOf(peeked)).toBe(-1); // already lent
    expect(slots.takeSlotOf(new Uint8Array(16))).toBe(-1); // not a slot
    const c = slots.take();
    expect(new Set([a, b, c]).size).toBe(3);
    expect(slots.take()).toBe(-1);
    expect(slots.peek()).toBeUndefined();
    slots.release(b);
    slots.release(-1);
    expect(slots.take()).toBe(b);
    // Views of one slot share memory with the buffer, at the slot's place.
    slots.view(c).fill(7);
    expect(new Uint8Array(slots.buffer)[c * 16 + 15]).toBe(7);
  });
});

describe('readLineBlocks with lent buffers', () => {
  it('reads into the lent buffer while the carried line fits in half of it, else into a fresh one; lines and contents are the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-blocks-'));
    const file = join(dir, 'lines.jsonl');
    // Short lines, one line longer than a whole slot, blank lines, CRLF, no final newline.
    const lines = Array.from({ length: 120 }, (_, i) => (i === 40 ? `{"long":"${'x'.repeat(300)}"}` : i % 9 === 4 ? '' : `{"n":${i},"s":"${'字'.repeat(i % 4)}"}`));
    writeFileSync(file, lines.join('\r\n'));
    const slots = new SharedSlots(2, 128);
    const seen: string[] = [];
    let start = 1;
    let lent = 0;
    let fresh = 0;
    for await (const block of readLineBlocks(file, { blockSize: 128, buffer: () => slots.peek() })) {
      expect(block.startLine).toBe(start);
      const slot = slots.takeSlotOf(block.data);
      if (slot >= 0) lent++;
      else fresh++;
      const texts = new TextDecoder().decode(block.data).split('\n');
      if (texts[texts.length - 1] === '') texts.pop();
      expect(texts).toHaveLength(block.lines);
      seen.push(...texts.map((t) => t.replace(/\r$/, '')));
      start += block.lines;
      slots.release(slot); // the consumer is done with it at once here
    }
    expect(seen).toEqual(lines);
    expect(lent).toBeGreaterThan(5);
    expect(fresh).toBeGreaterThan(0); // the long line, and the last line (a copy)
  });
});

describe('readBatches', () => {
  it('hands out whole batches in order whatever the chunks hold, the rest last (CSV and JSONL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minsheng-batches-'));
    for (const format of ['csv', 'jsonl'] as const) {
      const file = join(dir, `rows.${format}`);
      const rows = Array.from({ length: 1234 }, (_, i) => (format === 'csv' ? `${i},"q${i}"` : `{"n":${i}}`));
      writeFileSync(file, `${format === 'csv' ? 'n,q\n' : ''}${rows.join('\n')}\n`);
      const sizes: number[] = [];
      const lines: number[] = [];
      for await (const batch of readBatches(file, { format, batchSize: 100, chunkSize: 1000 })) {
        sizes.push(batch.rows.length);
        lines.push(...batch.rows.map((r) => r.line));
      }
      expect(sizes).toEqual([...Array(12).fill(100), 34]);
      const first = format === 'csv' ? 2 : 1;
      expect(lines).toEqual(rows.map((_, i) => i + first));
    }
  });
});

describe('simulate output bytes', () => {
  let dir: string;
  let resolved: ResolvedRuleset;
  let program: Program;
  let claims: Record<string, unknown>[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minsheng-pipeline-'));
    // The workload's boolean, rate and money intermediate rules made outputs: values of every kind to write.
    const yaml = readFileSync('rulesets/bench/settlement.yaml', 'utf8').replace(/^( {2}(?:vulnerable|deductible|basicRate):\n(?: {4}.*\n)*?) {4}output: false\n/gm, '$1');
    const file = join(dir, 'all-kinds.yaml');
    writeFileSync(file, yaml);
    resolved = await loadRuleset(file);
    program = compile(resolved);
    expect(program.outputs).toEqual(expect.arrayContaining(['vulnerable', 'deductible', 'basicRate']));
    claims = generateClaims(400, 7) as unknown as Record<string, unknown>[];
  });

  /** Ids that need quoting or escaping, are long, non-ASCII, numbers, null, objects, or absent. */
  const idOf = (i: number): unknown =>
    [
      `C-${i}`,
      `"quoted", with comma ${i}`,
      `字段${i}`,
      i,
      null,
      { nested: [i, 'x'] },
      ` padded ${i} `,
      `${'"'.repeat(900)}${i}`, // doubles when escaped or quoted: overflows a small output slot
      undefined,
      true,
      `line\nbreak ${i}`,
    ][i % 11];

  const reference = (outputs: readonly string[], format: 'csv' | 'jsonl', rows: { line: number; id: unknown; input: Record<string, unknown> }[]): string =>
    rows
      .map(({ line, id, input }) => {
        const values = program.evaluate(input, { date: DATE }).outputs as Record<string, unknown>;
        if (format === 'csv') return csvLine([line, id, ...outputs.map((o) => values[o])]);
        const out: Record<string, unknown> = { line, id: id ?? null };
        for (const o of outputs) out[o] = values[o];
        return `${JSON.stringify(out)}\n`;
      })
      .join('');

  it.each([
    ['csv', 7],
    ['jsonl', 7],
    ['csv', undefined],
    ['jsonl', undefined],
  ] as const)('%s output, batch size %s: the bytes of csvLine / JSON.stringify of each row, bad and blank rows skipped', async (format, batchSize) => {
    const outputs = ['vulnerable', 'basicRate', 'deductible', 'basicPaid', 'outOfPocket'];
    const lines: string[] = [];
    const good: { line: number; id: unknown; input: Record<string, unknown> }[] = [];
    claims.forEach((claim, i) => {
      const id = idOf(i);
      const row = id === undefined ? { ...claim } : { id, ...claim };
      if (i % 37 === 5) lines.push('');
      if (i % 53 === 9) lines.push(`\ufeff${JSON.stringify(row)}`); // a BOM inside the file: not JSON, wherever a block starts
      else if (i % 97 === 11) {
        // Out of pocket beyond 2^53 fen: money: 'fen' refuses it, the text evaluation writes it (and sums it exactly).
        const huge = { ...claim, totalCost: 123456789012345.67 };
        lines.push(JSON.stringify(id === undefined ? huge : { id, ...huge }));
        good.push({ line: lines.length, id, input: huge });
      }
      else if (i % 41 === 3) lines.push(JSON.stringify({ ...row, hospitalLevel: '7' }));
      else {
        lines.push(i % 2 ? JSON.stringify(row) : `${JSON.stringify(row)}\r`);
        good.push({ line: lines.length, id, input: { ...claim } });
      }
    });
    const input = join(dir, `in-${format}-${batchSize ?? 'default'}.jsonl`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, `out-${batchSize ?? 'default'}.${format}`);
    const errors: RowError[] = [];
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, outputs, idField: 'id', ...(batchSize ? { batchSize } : {}), onRowError: (e) => errors.push(e) });
    expect(summary.ok).toBe(good.length);
    expect(errors.map((e) => e.code)).toEqual(errors.map(() => expect.stringMatching(/^input\//)));
    expect(errors.some((e) => e.message.startsWith('not valid JSON'))).toBe(true);
    const header = format === 'csv' ? csvLine(['line', 'id', ...outputs]) : '';
    expect(readFileSync(out, 'utf8')).toBe(header + reference(outputs, format, good));
    for (const name of ['deductible', 'basicPaid', 'outOfPocket']) {
      const sum = good.reduce((t, { input }) => t.plus((program.evaluate(input, { date: DATE }).outputs as Record<string, string>)[name]!), new Decimal(0));
      expect(summary.totals[name]).toBe(sum.toFixed(2));
    }
  });

  it('writes an intermediate rule asked for by name (output: false), evaluated as evaluate({ outputs }) does', async () => {
    const plain = await loadRuleset('rulesets/bench/settlement.yaml');
    const p = compile(plain);
    expect(p.outputs).not.toContain('deductible');
    const input = join(dir, 'intermediate.jsonl');
    writeFileSync(input, `${claims.slice(0, 40).map((c) => JSON.stringify(c)).join('\n')}\n`);
    const out = join(dir, 'intermediate.csv');
    const outputs = ['deductible', 'remainingDeductible', 'basicPaid'];
    const summary = await simulate({ resolved: plain, input, out, workers: 1, date: DATE, outputs });
    expect(summary.ok).toBe(40);
    const want = claims.slice(0, 40).map((c, i) => {
      const values = p.evaluate(c, { date: DATE, outputs }).outputs as Record<string, unknown>;
      expect(typeof values['deductible']).toBe('string');
      return csvLine([i + 1, ...outputs.map((o) => values[o])]);
    });
    expect(readFileSync(out, 'utf8')).toBe(csvLine(['line', ...outputs]) + want.join(''));
  });

  it('an output named like a row field (id) keeps the row object path: JSON.stringify of { line, id, …outputs }', async () => {
    const yaml = readFileSync('rulesets/bench/settlement.yaml', 'utf8').replace(
      /^rules:\n/m,
      'rules:\n  id:\n    type: money\n    label: { zh: 总费用, en: Total }\n    formula: totalCost\n    source: bench-workload\n',
    );
    const file = join(dir, 'with-id-rule.yaml');
    writeFileSync(file, yaml);
    const withIdRule = await loadRuleset(file);
    const p = compile(withIdRule);
    const input = join(dir, 'id-rule.jsonl');
    writeFileSync(input, `${claims.slice(0, 30).map((c, i) => JSON.stringify(i % 2 ? { id: `R${i}`, ...c } : c)).join('\n')}\n`);
    const out = join(dir, 'id-rule.jsonl.out.jsonl');
    const summary = await simulate({ resolved: withIdRule, input, out, workers: 1, date: DATE, outputs: ['basicPaid', 'id'], batchSize: 10 });
    expect(summary.ok).toBe(30);
    const want = claims.slice(0, 30).map((c, i) => {
      const row: Record<string, unknown> = { line: i + 1 };
      if (i % 2) row['id'] = `R${i}`;
      const values = p.evaluate(c, { date: DATE }).outputs as Record<string, unknown>;
      row['basicPaid'] = values['basicPaid'];
      row['id'] = values['id'];
      return `${JSON.stringify(row)}\n`;
    });
    expect(readFileSync(out, 'utf8')).toBe(want.join(''));
    // Totals still cover the money outputs written.
    expect(summary.totals['id']).toBeDefined();
  });
});
