import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleset } from '../../../src/node/load';
import { compile, type Program } from '../../../src/engine/program';
import type { ResolvedRuleset } from '../../../src/ruleset/resolved';
import { Decimal } from '../../../src/money/decimal';
import { simulate } from '../../../src/node/simulate/run';
import { readBatches, readLineBlocks } from '../../../src/node/simulate/read';
import type { RowError } from '../../../src/node/simulate/worker';
import { generateClaims } from '../../../bench/workload/generate.mjs';
import { cli } from '../../cli/helpers';

const DATE = '2025-06-01';
let dir: string;
let resolved: ResolvedRuleset;
let program: Program;
let claims: Record<string, unknown>[];
let input: string;

// Lines 101 and 202 are bad: not JSON, and an unknown hospital level.
const BAD_JSON = 101;
const BAD_ENUM = 202;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minsheng-simulate-'));
  resolved = await loadRuleset('rulesets/bench/settlement.yaml');
  program = compile(resolved);
  claims = generateClaims(3000) as unknown as Record<string, unknown>[];
  const lines = claims.map((c) => JSON.stringify(c));
  lines[BAD_JSON - 1] = '{"hospitalLevel": 2,';
  lines[BAD_ENUM - 1] = JSON.stringify({ ...claims[BAD_ENUM - 1], hospitalLevel: '9' });
  input = join(dir, 'claims.jsonl');
  writeFileSync(input, `${lines.join('\n')}\n`);
});

function expected(lines: number[]): Record<string, string>[] {
  return lines.map((line) => program.evaluate(claims[line - 1], { date: DATE }).outputs as Record<string, string>);
}

describe('simulate', () => {
  it('evaluates every row on 2 workers, writes the outputs in input order and reports bad rows by line', async () => {
    const out = join(dir, 'out.jsonl');
    const errors: RowError[] = [];
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 100, onRowError: (e) => errors.push(e) });
    expect(summary).toMatchObject({ rows: 3000, ok: 2998, errors: 2, workers: 2, errorCodes: { 'input/type': 1, 'input/enum': 1 } });
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [BAD_JSON, 'input/type'],
      [BAD_ENUM, 'input/enum'],
    ]);
    expect(errors[1]!.message).toContain('hospitalLevel');
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const lines = rows.map((r) => r['line'] as number);
    const good = Array.from({ length: 3000 }, (_, i) => i + 1).filter((l) => l !== BAD_JSON && l !== BAD_ENUM);
    expect(lines).toEqual(good);
    const want = expected(good);
    rows.forEach((r, i) => expect({ ...r, line: undefined }).toEqual({ ...want[i], line: undefined }));
    // Totals are exact sums of what was written.
    const total = want.reduce((s, o) => s.plus(o['basicPaid']!), new Decimal(0));
    expect(summary.totals['basicPaid']).toBe(total.toFixed(2));
    expect(Object.keys(summary.totals)).toEqual(['basicPaid', 'criticalPaid', 'assistancePaid', 'outOfPocket']);
  });

  it('stops at the first bad row with onError fail, writing only the rows before it', async () => {
    const out = join(dir, 'fail.csv');
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 40, onError: 'fail' });
    expect(summary.stoppedAt).toMatchObject({ line: BAD_JSON, code: 'input/type' });
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('line,basicPaid,criticalPaid,assistancePaid,outOfPocket');
    expect(rows.slice(1).map((r) => Number(r.split(',')[0]))).toEqual(Array.from({ length: BAD_JSON - 1 }, (_, i) => i + 1));
  });

  it('reads CSV inputs (dotted and typed columns) and copies an id column', async () => {
    const csv = join(dir, 'claims.csv');
    const header = 'claimId,hospitalLevel,personCategory,totalCost,eligibleCost,classBSelfPayFirst';
    writeFileSync(csv, `${header}\nA-1,2,none,12000,10000,500\n"A,2",3,tekun,300000,280000,10000\nA-3,2,none,not-a-number,1,0\n`);
    const out = join(dir, 'csv-out.jsonl');
    const errors: RowError[] = [];
    const summary = await simulate({ resolved, input: csv, out, workers: 1, date: DATE, idField: 'claimId', outputs: ['basicPaid'], onRowError: (e) => errors.push(e) });
    expect(summary).toMatchObject({ rows: 3, ok: 2, errors: 1 });
    expect(errors[0]).toMatchObject({ line: 4, code: 'value/invalid-number' });
    // Worked cases 1 and 2 of the workload: 7125.00 and 181675.00.
    expect(readFileSync(out, 'utf8')).toBe('{"line":2,"id":"A-1","basicPaid":"7125.00"}\n{"line":3,"id":"A,2","basicPaid":"181675.00"}\n');
  });

  it('never reads ahead of what it hands out: the first batch comes before the file is read', async () => {
    const it = readBatches(input, { format: 'jsonl', batchSize: 10, chunkSize: 4096 });
    const first = await it.next();
    expect(first.value!.rows).toHaveLength(10);
    expect(first.value!.bytesRead).toBeLessThan(readFileSync(input).length / 10);
    await it.return(undefined);
  });
});

describe('readLineBlocks', () => {
  it('cuts a file into blocks of whole lines, numbering lines across blocks (BOM, CRLF, blank lines, no final newline)', async () => {
    const file = join(dir, 'blocks.jsonl');
    const lines = Array.from({ length: 50 }, (_, i) => (i % 7 === 3 ? '' : `{"n":${i + 1},"s":"${'字'.repeat(i % 5)}"}`));
    writeFileSync(file, `\ufeff${lines.join('\r\n')}`);
    const seen: { line: number; text: string }[] = [];
    let expectedStart = 1;
    for await (const block of readLineBlocks(file, { blockSize: 64 })) {
      expect(block.startLine).toBe(expectedStart);
      const texts = new TextDecoder().decode(block.data).split('\n');
      if (texts[texts.length - 1] === '') texts.pop();
      texts.forEach((t, i) => seen.push({ line: block.startLine + i, text: t.replace(/\r$/, '') }));
      expectedStart += block.lines;
    }
    expect(seen.map((s) => s.text)).toEqual(lines);
    expect(seen.map((s) => s.line)).toEqual(lines.map((_, i) => i + 1));
  });
});

describe('minsheng simulate / diff / docs', () => {
  it('simulate writes outputs, a summary and the bad rows, and exits 0 when bad rows are skipped', async () => {
    const out = join(dir, 'cli.csv');
    const r = await cli(['simulate', 'rulesets/bench/settlement.yaml', input, '--out', out, '--workers', '2', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✖ line ${BAD_JSON}: [input/type]`);
    expect(r.stderr).toMatch(/3,000 rows: 2,998 evaluated, 2 bad \(skipped\)/);
    const summary = JSON.parse(readFileSync(`${out}.summary.json`, 'utf8')) as { ok: number };
    expect(summary.ok).toBe(2998);
    expect(readFileSync(`${out}.errors.jsonl`, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('simulate exits 1 when it stops at a bad row', async () => {
    const r = await cli(['simulate', 'bench/settlement', input, '--out', join(dir, 'x.jsonl'), '--on-error', 'fail', '--date', DATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stopped at line ${BAD_JSON}`);
  });

  it('diff prints the parameter changes and the impact', async () => {
    const html = join(dir, 'diff.html');
    const r = await cli(['diff', 'rulesets/bench/settlement.yaml', 'test/docs/fixtures/settlement-reform.yaml', '--population', '200', '--html', html, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ basic.deductible');
    expect(r.stdout).toContain('Impact: 200 synthetic inputs (seed 20260101) · date 2026-01-01');
    expect(readFileSync(html, 'utf8')).toContain('<svg');
    const json = await cli(['diff', 'bench/settlement', 'test/docs/fixtures/settlement-reform.yaml', '--json']);
    const parsed = JSON.parse(json.stdout) as { diff: { parameters: unknown[] }; impact: { population: { kind: string } } };
    expect(parsed.diff.parameters).toHaveLength(3);
    expect(parsed.impact.population.kind).toBe('cases');
  });

  it('docs writes a site and --check tells when it is stale', async () => {
    const out = join(dir, 'site');
    const r = await cli(['docs', 'rulesets/bench', '--out', out, '--no-playground']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'bench/settlement.html'), 'utf8')).toContain('id="rule-basicPaid"');
    expect((await cli(['docs', 'rulesets/bench', '--out', out, '--no-playground', '--check'])).code).toBe(0);
    writeFileSync(join(out, 'bench/settlement.md'), 'edited by hand');
    const stale = await cli(['docs', 'rulesets/bench', '--out', out, '--no-playground', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('changed bench/settlement.md');
  });
});
