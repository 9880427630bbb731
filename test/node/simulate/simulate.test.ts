import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
import { run } from '../../../src/cli/main';

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

  it('stops at the first bad row with onError fail, writing only the rows before it, to <out>.partial', async () => {
    const out = join(dir, 'fail.csv');
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 40, onError: 'fail' });
    expect(summary).toMatchObject({ status: 'stopped', stoppedAt: { line: BAD_JSON, code: 'input/type' }, lastLine: BAD_JSON, output: `${out}.partial`, maxErrors: 0 });
    // A stopped run never leaves a file at <out> that looks complete.
    expect(existsSync(out)).toBe(false);
    const rows = readFileSync(`${out}.partial`, 'utf8').trim().split('\n');
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

  it('stops at the bad row beyond maxErrors, mid-batch, with exact totals of the rows before it', async () => {
    const out = join(dir, 'max1.jsonl');
    const errors: RowError[] = [];
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 37, maxErrors: 1, onRowError: (e) => errors.push(e) });
    expect(summary).toMatchObject({ status: 'stopped', stoppedAt: { line: BAD_ENUM }, lastLine: BAD_ENUM, rows: BAD_ENUM, errors: 2, ok: BAD_ENUM - 2, maxErrors: 1 });
    expect(errors.map((e) => e.line)).toEqual([BAD_JSON, BAD_ENUM]);
    const good = Array.from({ length: BAD_ENUM - 1 }, (_, i) => i + 1).filter((l) => l !== BAD_JSON);
    const rows = readFileSync(`${out}.partial`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    expect(rows.map((r) => r.line)).toEqual(good);
    const want = expected(good);
    expect(summary.totals['outOfPocket']).toBe(want.reduce((s, o) => s.plus(o['outOfPocket']!), new Decimal(0)).toFixed(2));

    const enough = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 37, maxErrors: 2 });
    expect(enough).toMatchObject({ status: 'complete', errors: 2, ok: 2998, lastLine: 3000, output: out });
  });

  it('stops when its signal is aborted, leaving <out>.partial with whole rows up to the last line done', async () => {
    const out = join(dir, 'aborted.jsonl');
    const controller = new AbortController();
    const summary = await simulate({ resolved, input, out, workers: 2, date: DATE, batchSize: 20, signal: controller.signal, onRowError: () => controller.abort() });
    expect(summary.status).toBe('interrupted');
    expect(existsSync(out)).toBe(false);
    // The bad row at BAD_JSON was reported (then the run stopped), nothing after the last line done was written.
    expect(summary.lastLine).toBeGreaterThanOrEqual(BAD_JSON);
    expect(summary.lastLine).toBeLessThan(3000);
    const lines = readFileSync(`${out}.partial`, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line);
    expect(lines).toEqual(Array.from({ length: summary.lastLine }, (_, i) => i + 1).filter((l) => l !== BAD_JSON));
    expect(summary.ok).toBe(lines.length);
  });

  it('reports an input that is a folder or missing, and an output in a missing folder, as MinshengErrors', async () => {
    await expect(simulate({ resolved, input: dir, format: 'jsonl', out: join(dir, 'o.jsonl') })).rejects.toMatchObject({ code: 'io/read', message: expect.stringContaining('it is a folder, not a file') });
    await expect(simulate({ resolved, input: join(dir, 'nope.jsonl'), out: join(dir, 'o.jsonl') })).rejects.toMatchObject({ code: 'io/read' });
    await expect(simulate({ resolved, input, out: join(dir, 'no/such/folder/o.jsonl') })).rejects.toMatchObject({ code: 'options/invalid', message: expect.stringContaining('does not exist') });
    await expect(simulate({ resolved, input: join(dir, 'claims.txt'), out: join(dir, 'o.jsonl') })).rejects.toMatchObject({ code: 'io/read' });
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
  /** Every line read from `path` with its number, checking that blocks number their lines on from each other. */
  const linesOf = async (path: string): Promise<{ line: number; text: string }[]> => {
    const seen: { line: number; text: string }[] = [];
    let expectedStart = 1;
    for await (const block of readLineBlocks(path, { blockSize: 64 })) {
      expect(block.startLine).toBe(expectedStart);
      const texts = new TextDecoder().decode(block.data).split('\n');
      if (texts[texts.length - 1] === '') texts.pop();
      texts.forEach((t, i) => seen.push({ line: block.startLine + i, text: t.replace(/\r$/, '') }));
      expectedStart += block.lines;
    }
    return seen;
  };
  const lines = Array.from({ length: 50 }, (_, i) => (i % 7 === 3 ? '' : `{"n":${i + 1},"s":"${'字'.repeat(i % 5)}"}`));

  it('cuts a file into blocks of whole lines, numbering lines across blocks (BOM, CRLF, blank lines, no final newline)', async () => {
    const file = join(dir, 'blocks.jsonl');
    writeFileSync(file, `\ufeff${lines.join('\r\n')}`);
    const seen = await linesOf(file);
    expect(seen.map((s) => s.text)).toEqual(lines);
    expect(seen.map((s) => s.line)).toEqual(lines.map((_, i) => i + 1));
  });

  // A regular file is read with readSync; anything else asynchronously (a pipe may wait for its writer).
  it.runIf(process.platform !== 'win32')('reads a named pipe the same way, while its writer is still writing', async () => {
    const file = join(dir, 'blocks-source.jsonl');
    writeFileSync(file, `\ufeff${lines.join('\r\n')}`);
    const fifo = join(dir, 'blocks.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // The writer sends half, waits, then the rest: a synchronous read would block this process meanwhile.
    const text = readFileSync(file);
    const half = text.length >> 1;
    const writer = spawn(process.execPath, ['-e', `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(fifo)}, 'w'); const b = fs.readFileSync(${JSON.stringify(file)}); fs.writeSync(fd, b.subarray(0, ${half})); setTimeout(() => { fs.writeSync(fd, b.subarray(${half})); fs.closeSync(fd); }, 600);`]);
    // The longest the event loop went without running a timer while the reader waited (a blocked loop: ~600 ms).
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 20);
    const seen = await linesOf(fifo);
    clearInterval(timer);
    await new Promise((resolve) => writer.on('close', resolve));
    expect(seen.map((s) => s.text)).toEqual(lines);
    expect(seen.map((s) => s.line)).toEqual(lines.map((_, i) => i + 1));
    expect(longestGap).toBeLessThan(300);
  });
});

describe('minsheng simulate / diff / docs', () => {
  it('simulate writes outputs, a summary and the bad rows; skipped bad rows fail the run unless --max-errors allows them', async () => {
    const out = join(dir, 'cli.csv');
    const r = await cli(['simulate', 'rulesets/bench/settlement.yaml', input, '--out', out, '--workers', '2', '--date', DATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✖ line ${BAD_JSON}: [input/type]`);
    expect(r.stderr).toMatch(/^✖ bench\/settlement@1\.1\.0 · 3,000 rows: 2,998 evaluated, 2 bad \(skipped\)/m);
    expect(r.stderr).toContain('bad rows (allow some with --max-errors N)');
    const summary = JSON.parse(readFileSync(`${out}.summary.json`, 'utf8')) as { ok: number; status: string; exitCode: number };
    expect(summary).toMatchObject({ ok: 2998, status: 'complete', exitCode: 1 });
    // The run read every row: the outputs are whole, at <out>.
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(2998 + 2);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(readFileSync(`${out}.errors.jsonl`, 'utf8').trim().split('\n')).toHaveLength(2);

    const allowed = await cli(['simulate', 'rulesets/bench/settlement.yaml', input, '--out', out, '--workers', '2', '--date', DATE, '--max-errors', '2']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/^✓ bench\/settlement@1\.1\.0 · 3,000 rows: 2,998 evaluated, 2 bad \(skipped\)/m);
  });

  it('simulate removes a bad-rows file an earlier run left at the default place', async () => {
    const clean = join(dir, 'clean.jsonl');
    writeFileSync(clean, `${claims.slice(0, 20).map((c) => JSON.stringify(c)).join('\n')}\n`);
    const out = join(dir, 'rerun.jsonl');
    writeFileSync(`${out}.errors.jsonl`, '{"line":1,"code":"input/type","message":"from an earlier run"}\n');
    const r = await cli(['simulate', 'bench/settlement', clean, '--out', out, '--workers', '1', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(existsSync(`${out}.errors.jsonl`)).toBe(false);
  });

  it('simulate exits 1 when it stops at a bad row, and says where the outputs so far are', async () => {
    const r = await cli(['simulate', 'bench/settlement', input, '--out', join(dir, 'x.jsonl'), '--on-error', 'fail', '--date', DATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stopped at line ${BAD_JSON}`);
    expect(r.stderr).toContain(`done up to line ${BAD_JSON} of `);
    expect(r.stderr).toContain('x.jsonl.partial (jsonl, incomplete: the run did not finish)');
  });

  it('simulate stops cleanly on SIGINT: code 130, <out>.partial, and the last line done', async () => {
    const out = join(dir, 'sigint.jsonl');
    let handler: ((signal: 'SIGINT' | 'SIGTERM') => void) | undefined;
    let stderr = '';
    const running = run(['simulate', 'bench/settlement', input, '--out', out, '--workers', '1', '--batch-size', '10', '--date', DATE], {
      stdout: () => {},
      stderr: (s) => (stderr += s),
      env: {},
      onSignal: (h) => {
        handler = h;
        return () => (handler = undefined);
      },
    });
    // Interrupt once the first outputs are in the file.
    while (!(existsSync(`${out}.partial`) && readFileSync(`${out}.partial`, 'utf8').length > 0)) await new Promise((r) => setTimeout(r, 5));
    handler!('SIGINT');
    expect(await running).toBe(130);
    expect(handler).toBeUndefined(); // unregistered
    expect(existsSync(out)).toBe(false);
    const summary = JSON.parse(readFileSync(`${out}.summary.json`, 'utf8')) as { status: string; lastLine: number };
    expect(summary.status).toBe('interrupted');
    expect(stderr).toContain('… SIGINT: stopping the workers');
    expect(stderr).toContain(`done up to line ${summary.lastLine.toLocaleString('en')} of `);
    const lines = readFileSync(`${out}.partial`, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line);
    expect(lines[lines.length - 1]).toBeLessThanOrEqual(summary.lastLine);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('simulate copies an id field of the rows to the outputs by default (it is not an unknown input)', async () => {
    const withIds = join(dir, 'ids.jsonl');
    writeFileSync(withIds, `${claims.slice(0, 5).map((c, i) => JSON.stringify({ id: `C${i + 1}`, ...c })).join('\n')}\n`);
    const csv = join(dir, 'ids.csv');
    const r = await cli(['simulate', 'bench/settlement', withIds, '--out', csv, '--workers', '1', '--date', DATE, '--outputs', 'basicPaid']);
    expect(r.code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n').slice(0, 3)).toEqual(['line,id,basicPaid', `1,C1,${expected([1])[0]!['basicPaid']}`, `2,C2,${expected([2])[0]!['basicPaid']}`]);
    // Without ids, no id column.
    const plain = join(dir, 'plain.jsonl');
    writeFileSync(plain, `${claims.slice(0, 2).map((c) => JSON.stringify(c)).join('\n')}\n`);
    await cli(['simulate', 'bench/settlement', plain, '--out', join(dir, 'plain.csv'), '--workers', '1', '--date', DATE, '--outputs', 'basicPaid']);
    expect(readFileSync(join(dir, 'plain.csv'), 'utf8').split('\n')[0]).toBe('line,basicPaid');
  });

  it('simulate refuses --on-error fail with --max-errors, and an output that is the input (exit 2)', async () => {
    expect((await cli(['simulate', 'bench/settlement', input, '--on-error', 'fail', '--max-errors', '1'])).code).toBe(2);
    const same = await cli(['simulate', 'bench/settlement', input, '--out', input, '--date', DATE]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('it is the input file');
  });

  it('diff prints the parameter changes and the impact', async () => {
    const html = join(dir, 'diff.html');
    const r = await cli(['diff', 'rulesets/bench/settlement.yaml', 'test/docs/fixtures/settlement-reform.yaml', '--population', '200', '--html', html, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ basic.deductible');
    expect(r.stdout).toMatch(/Impact: 200 synthetic inputs valid for both rulesets \(seed 20260101;.*\) · date 2026-01-01 .*invalid inputs 0\/200/);
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
