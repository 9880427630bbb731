/**
 * The exit-code table (src/cli/exit-codes.ts), tested for every command against every situation, on
 * the built binary (`npx tsup` first; skipped without dist/). One row per case: the arguments and the
 * code a shell would report ($?): 0 ok, 1 failed, 2 could not run, 130 interrupted.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClaims } from '../../bench/workload/generate.mjs';
import { createProgram } from '../../src/cli/main';
import { EXIT_CODE_TABLE } from '../../src/cli/exit-codes';
import { CASE_1, FIXTURES, SETTLEMENT, tempFiles } from './helpers';

const BIN = 'dist/cli/main.js';
const built = existsSync(BIN);
const DATE = '2025-06-01';
const REFORM = 'test/docs/fixtures/settlement-reform.yaml';

const SITUATIONS = ['ok', 'usage', 'missing file', 'directory', 'malformed file', 'nothing to do', 'all rows bad', 'interrupted'] as const;
type Situation = (typeof SITUATIONS)[number];

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What a shell reports as $?: the status, or 128 + the signal the process died of. */
function shellCode(r: Run): number {
  if (r.status !== null) return r.status;
  return r.signal === 'SIGINT' ? 130 : r.signal === 'SIGTERM' ? 143 : -1;
}

/**
 * Runs the binary. `stdin` is written and closed unless `keepStdinOpen`; `interrupt` resolves when the
 * process should get SIGINT.
 */
function bin(args: readonly string[], options: { stdin?: string; keepStdinOpen?: boolean; interrupt?: () => Promise<void> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', MINSHENG_DEBUG: '' }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let done = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      done = true;
      resolve({ status, signal, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin.write(options.stdin);
    if (!options.keepStdinOpen) child.stdin.end();
    if (options.interrupt) {
      options.interrupt().then(
        () => void (done || child.kill('SIGINT')),
        (e: unknown) => {
          child.kill('SIGKILL');
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    }
    // Never leave a process behind.
    setTimeout(() => void (done || child.kill('SIGKILL')), 60_000).unref();
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `file` holds at least `lines` lines. */
async function whenLines(file: string, lines: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(file) && statSync(file).size > 0 && readFileSync(file, 'utf8').split('\n').length > lines) return;
    await sleep(25);
  }
  throw new Error(`${file} did not get ${lines} lines in ${timeoutMs} ms`);
}

let d: string;
let heavy: string;
/** A path in the fixtures folder. */
const at = (name: string) => join(d, name);
/** A path in the folder of long workloads (apart: a ruleset file's folder is searched for parents). */
const big = (name: string) => join(heavy, name);

beforeAll(() => {
  if (!built) return;
  const settlement = readFileSync(SETTLEMENT, 'utf8');
  const claims = generateClaims(200) as unknown as Record<string, unknown>[];
  const failingCases = readFileSync(`${FIXTURES}/settlement.cases.yaml`, 'utf8').replace(/basicPaid: "?[\d.]+"?/g, 'basicPaid: "0.01"');
  d = tempFiles({
    'good/settlement.yaml': settlement,
    'good/settlement.cases.yaml': readFileSync(`${FIXTURES}/settlement.cases.yaml`, 'utf8'),
    'bad.yaml': 'id: broken\nrules: [\n',
    'allbad/a.yaml': 'id: a\nrules: [\n',
    'allbad/b.yaml': 'id: b\nparameters: {\n',
    'nocases/settlement.yaml': settlement.replace('id: fixture/settlement', 'id: fixture/no-cases'),
    'failing/settlement.yaml': settlement.replace('id: fixture/settlement', 'id: fixture/failing'),
    'failing/settlement.cases.yaml': failingCases,
    'a-file.txt': 'not a folder\n',
    'claim.json': JSON.stringify(CASE_1),
    'claim-not-json.json': '{ "totalCost": 12000,',
    'bad-claims.json': JSON.stringify([{ hospitalLevel: '9' }, { totalCost: -1 }]),
    // Rows that carry an `id` (not an input of the ruleset): copied to the outputs, never an error.
    'claims.jsonl': `${claims.map((c, i) => JSON.stringify({ id: `C-${i + 1}`, ...c })).join('\n')}\n`,
    'empty.jsonl': '',
    'not-json.jsonl': 'hospitalLevel,totalCost\n2,100\n',
    'bad-rows.jsonl': `${claims.map((c) => JSON.stringify({ ...c, hospitalLevl: '2' })).join('\n')}\n`,
    'cases-not-yaml.yaml': 'cases: [\n',
    'sc-empty.csv': 'indicator,year,value\n',
    'sc-bad.csv': 'indicator,year\n',
    'sc-allbad.csv': 'indicator,year,value\nfoo,abc,1\nbar,2020,x\n',
  });
  mkdirSync(at('empty'));
  // Workloads long enough to be interrupted.
  heavy = tempFiles({});
  mkdirSync(big('many'));
  for (let i = 0; i < 600; i++) {
    writeFileSync(big(`many/s${i}.yaml`), settlement.replace('id: fixture/settlement', `id: gen/s${i}`));
    copyFileSync(`${FIXTURES}/settlement.cases.yaml`, big(`many/s${i}.cases.yaml`));
  }
  const rows = generateClaims(150_000) as unknown as Record<string, unknown>[];
  writeFileSync(big('claims.jsonl'), `${rows.map((c) => JSON.stringify(c)).join('\n')}\n`);
}, 60_000);

interface Case {
  readonly args: () => string[];
  readonly code: number;
  readonly stdin?: string;
  readonly keepStdinOpen?: boolean;
  readonly interrupt?: () => Promise<void>;
  /** Checks beyond the code. */
  readonly check?: (r: Run) => void;
}

const afterStart = () => sleep(1500);
const S = SETTLEMENT;

/** Every command × every situation: the code a shell sees. */
const MATRIX: Record<string, Record<Situation, Case[]>> = {
  types: {
    ok: [{ args: () => ['types', S], code: 0 }, { args: () => ['types', at('good'), '--out', at('types-ok')], code: 0 }],
    usage: [{ args: () => ['types', S, at('good')], code: 2 }],
    'missing file': [{ args: () => ['types', at('nope.yaml')], code: 2 }, { args: () => ['types', 'no/such/ruleset'], code: 2 }],
    directory: [{ args: () => ['types', S, '--out', at('a-file.txt')], code: 2 }],
    'malformed file': [{ args: () => ['types', at('bad.yaml')], code: 1 }],
    'nothing to do': [{ args: () => ['types', at('empty'), '--out', at('types-empty')], code: 1, check: (r) => expect(r.stderr).toContain('nothing to generate') }],
    'all rows bad': [{ args: () => ['types', at('allbad'), '--out', at('types-allbad')], code: 1 }],
    interrupted: [{ args: () => ['types', big('many'), '--out', big('types-many')], code: 130, interrupt: afterStart }],
  },
  explain: {
    ok: [{ args: () => ['explain', at('claim.json'), '--ruleset', S, '--date', DATE], code: 0 }, { args: () => ['explain', at('claim.json'), '--ruleset', S, '--date', DATE, '--letter'], code: 0 }],
    usage: [{ args: () => ['explain', at('claim.json')], code: 2 }, { args: () => ['explain', at('claim.json'), '--ruleset', S, '--out', at('x.html')], code: 2 }],
    'missing file': [{ args: () => ['explain', at('nope.json'), '--ruleset', S], code: 2 }, { args: () => ['explain', at('claim.json'), '--ruleset', 'no/such/ruleset'], code: 2 }],
    directory: [{ args: () => ['explain', at('good'), '--ruleset', S], code: 2 }, { args: () => ['explain', at('claim.json'), '--ruleset', S, '--date', DATE, '--letter', '--out', at('good')], code: 2 }],
    'malformed file': [{ args: () => ['explain', at('claim-not-json.json'), '--ruleset', S], code: 1 }, { args: () => ['explain', '{}', '--ruleset', at('bad.yaml')], code: 1 }],
    'nothing to do': [{ args: () => ['explain', '[]', '--ruleset', S, '--date', DATE], code: 1, check: (r) => expect(r.stderr).toContain('nothing to explain') }],
    'all rows bad': [{ args: () => ['explain', '{"totalCost": -1}', '--ruleset', S, '--date', DATE], code: 1 }],
    interrupted: [{ args: () => ['explain', '-', '--ruleset', S, '--date', DATE], code: 130, keepStdinOpen: true, interrupt: afterStart }],
  },
  validate: {
    ok: [{ args: () => ['validate', S], code: 0 }, { args: () => ['validate', at('good')], code: 0 }],
    usage: [{ args: () => ['validate', S, '--bogus'], code: 2 }],
    'missing file': [{ args: () => ['validate', at('nope.yaml')], code: 2 }, { args: () => ['validate', 'no/such/ruleset'], code: 2 }],
    directory: [{ args: () => ['validate', S, '--rulesets', at('a-file.txt')], code: 2 }],
    'malformed file': [{ args: () => ['validate', at('bad.yaml')], code: 1 }],
    'nothing to do': [{ args: () => ['validate', at('empty')], code: 1, check: (r) => expect(r.stderr).toContain('nothing to validate') }],
    'all rows bad': [{ args: () => ['validate', at('allbad')], code: 1 }],
    interrupted: [{ args: () => ['validate', big('many')], code: 130, interrupt: afterStart }],
  },
  eval: {
    ok: [{ args: () => ['eval', S, at('claim.json'), '--date', DATE], code: 0 }],
    usage: [{ args: () => ['eval', S], code: 2 }],
    'missing file': [{ args: () => ['eval', at('nope.yaml'), '{}'], code: 2 }, { args: () => ['eval', S, at('nope.json')], code: 2 }],
    directory: [{ args: () => ['eval', at('good'), '{}'], code: 2 }, { args: () => ['eval', S, at('good')], code: 2 }],
    'malformed file': [{ args: () => ['eval', at('bad.yaml'), '{}'], code: 1 }, { args: () => ['eval', S, at('claim-not-json.json')], code: 1 }],
    'nothing to do': [{ args: () => ['eval', S, '[]', '--date', DATE], code: 1, check: (r) => expect(r.stderr).toContain('nothing to evaluate') }],
    'all rows bad': [{ args: () => ['eval', S, at('bad-claims.json'), '--date', DATE], code: 1 }],
    interrupted: [{ args: () => ['eval', S, '-', '--date', DATE], code: 130, keepStdinOpen: true, interrupt: afterStart }],
  },
  test: {
    ok: [{ args: () => ['test', S], code: 0 }, { args: () => ['test', at('good')], code: 0 }],
    usage: [{ args: () => ['test', S, '--bogus'], code: 2 }],
    'missing file': [{ args: () => ['test', at('nope.yaml')], code: 2 }, { args: () => ['test', 'no/such/ruleset'], code: 2 }],
    directory: [{ args: () => ['test', S, '--rulesets', at('a-file.txt')], code: 2 }],
    'malformed file': [{ args: () => ['test', at('bad.yaml')], code: 1 }],
    'nothing to do': [
      { args: () => ['test', at('empty')], code: 1, check: (r) => expect(r.stderr).toContain('nothing to test') },
      { args: () => ['test', at('nocases')], code: 1, check: (r) => expect(r.stderr).toContain('nothing was tested') },
    ],
    'all rows bad': [{ args: () => ['test', at('failing')], code: 1, check: (r) => expect(r.stdout).toMatch(/0 passed, \d+ failed/) }],
    interrupted: [{ args: () => ['test', big('many')], code: 130, interrupt: afterStart }],
  },
  docs: {
    ok: [{ args: () => ['docs', at('good'), '--out', at('site-ok'), '--no-playground'], code: 0 }],
    usage: [{ args: () => ['docs', at('good')], code: 2 }],
    'missing file': [{ args: () => ['docs', at('nope.yaml'), '--out', at('site-missing'), '--no-playground'], code: 2 }],
    directory: [{ args: () => ['docs', at('good'), '--out', at('a-file.txt'), '--no-playground'], code: 2 }],
    'malformed file': [{ args: () => ['docs', at('bad.yaml'), '--out', at('site-bad'), '--no-playground'], code: 1 }],
    'nothing to do': [{ args: () => ['docs', at('empty'), '--out', at('site-empty'), '--no-playground'], code: 1 }],
    'all rows bad': [{ args: () => ['docs', at('allbad'), '--out', at('site-allbad'), '--no-playground'], code: 1 }],
    interrupted: [
      { args: () => ['docs', big('many'), '--out', big('site-many'), '--no-playground'], code: 130, interrupt: afterStart, check: () => expect(existsSync(big('site-many/index.html'))).toBe(false) },
    ],
  },
  diff: {
    ok: [{ args: () => ['diff', 'bench/settlement', REFORM, '--population', '50'], code: 0 }],
    usage: [{ args: () => ['diff', 'bench/settlement', REFORM, '--population', 'many'], code: 2 }],
    'missing file': [{ args: () => ['diff', at('nope.yaml'), REFORM], code: 2 }, { args: () => ['diff', 'bench/settlement', REFORM, '--cases', at('nope.jsonl')], code: 2 }],
    directory: [
      { args: () => ['diff', at('good'), REFORM], code: 2 },
      { args: () => ['diff', 'bench/settlement', REFORM, '--cases', at('good')], code: 2 },
      { args: () => ['diff', 'bench/settlement', REFORM, '--population', '5', '--html', at('good')], code: 2 },
    ],
    'malformed file': [{ args: () => ['diff', at('bad.yaml'), REFORM], code: 1 }, { args: () => ['diff', 'bench/settlement', REFORM, '--cases', at('cases-not-yaml.yaml')], code: 1 }],
    'nothing to do': [{ args: () => ['diff', 'bench/settlement', REFORM, '--cases', at('empty.jsonl')], code: 1, check: (r) => expect(r.stderr).toContain('nothing to measure') }],
    'all rows bad': [{ args: () => ['diff', 'bench/settlement', REFORM, '--cases', at('not-json.jsonl'), '--date', DATE], code: 1 }],
    interrupted: [{ args: () => ['diff', 'bench/settlement', REFORM, '--cases', big('claims.jsonl'), '--date', DATE], code: 130, interrupt: afterStart }],
  },
  simulate: {
    ok: [
      {
        args: () => ['simulate', S, at('claims.jsonl'), '--out', at('ok.csv'), '--date', DATE, '--workers', '2'],
        code: 0,
        check: () => expect(readFileSync(at('ok.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['line,id,basicPaid,criticalPaid,assistancePaid,outOfPocket', expect.stringMatching(/^1,C-1,/)]),
      },
    ],
    usage: [
      { args: () => ['simulate', S, at('claims.jsonl'), '--max-errors', 'some'], code: 2 },
      { args: () => ['simulate', S, at('claims.jsonl'), '--on-error', 'fail', '--max-errors', '3'], code: 2 },
    ],
    'missing file': [{ args: () => ['simulate', at('nope.yaml'), at('claims.jsonl')], code: 2 }, { args: () => ['simulate', S, at('nope.jsonl')], code: 2 }],
    directory: [
      { args: () => ['simulate', S, at('good'), '--format', 'jsonl'], code: 2, check: (r) => expect(r.stderr).toContain('it is a folder, not a file') },
      { args: () => ['simulate', S, at('claims.jsonl'), '--out', at('good')], code: 2 },
    ],
    'malformed file': [
      { args: () => ['simulate', at('bad.yaml'), at('claims.jsonl')], code: 1 },
      { args: () => ['simulate', S, at('not-json.jsonl'), '--out', at('nj.jsonl'), '--date', DATE], code: 1 },
    ],
    'nothing to do': [{ args: () => ['simulate', S, at('empty.jsonl'), '--out', at('empty-out.jsonl'), '--date', DATE], code: 1, check: (r) => expect(r.stderr).toContain('nothing evaluated') }],
    'all rows bad': [
      {
        args: () => ['simulate', S, at('bad-rows.jsonl'), '--out', at('bad-out.jsonl'), '--date', DATE, '--workers', '2'],
        code: 1,
        check: (r) => expect(r.stderr).toMatch(/^✖ fixture\/settlement@1\.0\.0 · 200 rows: 0 evaluated, 200 bad/m),
      },
    ],
    interrupted: [
      {
        args: () => ['simulate', S, big('claims.jsonl'), '--out', big('out.jsonl'), '--date', DATE, '--workers', '2', '--batch-size', '200'],
        code: 130,
        interrupt: () => whenLines(big('out.jsonl.partial'), 2),
        check: (r) => {
          // <out> only ever exists whole: the rows written so far stay in <out>.partial.
          expect(existsSync(big('out.jsonl'))).toBe(false);
          const summary = JSON.parse(readFileSync(big('out.jsonl.summary.json'), 'utf8')) as { status: string; lastLine: number; ok: number; exitCode: number; output: string; totals: Record<string, string> };
          expect(summary).toMatchObject({ status: 'interrupted', exitCode: 130, output: big('out.jsonl.partial') });
          expect(summary.lastLine).toBeGreaterThan(0);
          expect(summary.lastLine).toBeLessThan(150_000);
          expect(r.stderr).toContain(`done up to line ${summary.lastLine.toLocaleString('en')} of `);
          expect(r.stderr).toContain('interrupted (SIGINT)');
          // The partial output is exactly lines 1…lastLine, whole lines, and the totals are theirs.
          const rows = readFileSync(big('out.jsonl.partial'), 'utf8').split('\n');
          expect(rows.pop()).toBe('');
          const parsed = rows.map((l) => JSON.parse(l) as { line: number; basicPaid: string });
          expect(parsed.map((p) => p.line)).toEqual(Array.from({ length: summary.lastLine }, (_, i) => i + 1));
          expect(summary.ok).toBe(summary.lastLine);
          const fen = parsed.reduce((sum, p) => sum + BigInt(p.basicPaid.replace('.', '')), 0n);
          expect(summary.totals['basicPaid']).toBe(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
        },
      },
    ],
  },
};

/**
 * Commands that read no file and finish at once (`completion` prints a script): only 'ok' and 'usage' can
 * happen to them, so they have those rows and no others.
 */
const WITHOUT_FILES: Record<string, Pick<Record<Situation, Case[]>, 'ok' | 'usage'>> = {
  // `serve` runs until a signal: its serving, reloading and draining are tested in test/server/signals.test.ts.
  serve: {
    ok: [{ args: () => ['serve', '--help'], code: 0 }],
    usage: [{ args: () => ['serve', '--port', 'abc'], code: 2 }, { args: () => ['serve', 'extra-argument'], code: 2 }],
  },
  completion: {
    ok: [{ args: () => ['completion', 'bash'], code: 0 }, { args: () => ['completion', 'zsh'], code: 0 }],
    usage: [{ args: () => ['completion', 'fish'], code: 2 }, { args: () => ['completion'], code: 2 }],
  },
};

const TARGETS = 'rulesets/cn/targets/national.yaml';

/**
 * Commands that read files but finish at once (`scorecard` reads two small files): every situation but
 * 'interrupted', which cannot be reached in time.
 */
const WITHOUT_INTERRUPT: Record<string, Omit<Record<Situation, Case[]>, 'interrupted'>> = {
  scorecard: {
    ok: [{ args: () => ['scorecard', TARGETS, 'examples/scorecard/example-region.indicators.csv', '--json'], code: 1, check: (r) => expect(JSON.parse(r.stdout)).toHaveProperty('results') }],
    usage: [{ args: () => ['scorecard', TARGETS], code: 2 }, { args: () => ['scorecard', TARGETS, at('sc-empty.csv'), '--as-of', 'soon'], code: 2 }],
    'missing file': [{ args: () => ['scorecard', TARGETS, at('nope.csv')], code: 2 }],
    directory: [{ args: () => ['scorecard', TARGETS, at('empty')], code: 2 }],
    'malformed file': [{ args: () => ['scorecard', TARGETS, at('sc-bad.csv')], code: 1 }, { args: () => ['scorecard', S, at('sc-empty.csv')], code: 1 }],
    // No figures at all: every target is reported as having too few figures, which is not a failure.
    'nothing to do': [{ args: () => ['scorecard', TARGETS, at('sc-empty.csv')], code: 0, check: (r) => expect(r.stdout).toMatch(/too few figures/) }],
    'all rows bad': [{ args: () => ['scorecard', TARGETS, at('sc-allbad.csv')], code: 1 }],
  },
};

const ROWS = [
  ...Object.entries(MATRIX).flatMap(([command, situations]) =>
    SITUATIONS.flatMap((situation) => situations[situation].map((c, i) => ({ name: `${command} · ${situation}${situations[situation].length > 1 ? ` (${i + 1})` : ''}`, ...c }))),
  ),
  ...Object.entries(WITHOUT_INTERRUPT).flatMap(([command, situations]) =>
    SITUATIONS.filter((s): s is Exclude<Situation, 'interrupted'> => s !== 'interrupted').flatMap((situation) =>
      situations[situation].map((c, i) => ({ name: `${command} · ${situation} (${i + 1})`, ...c })),
    ),
  ),
  ...Object.entries(WITHOUT_FILES).flatMap(([command, situations]) =>
    (['ok', 'usage'] as const).flatMap((situation) => situations[situation].map((c, i) => ({ name: `${command} · ${situation} (${i + 1})`, ...c }))),
  ),
];

describe('the exit-code table', () => {
  it('covers every command of the CLI, each in every situation', () => {
    const program = createProgram({ stdout: () => {}, stderr: () => {} });
    expect([...Object.keys(MATRIX), ...Object.keys(WITHOUT_INTERRUPT), ...Object.keys(WITHOUT_FILES)].sort()).toEqual(program.commands.map((c) => c.name()).sort());
    for (const situations of Object.values(MATRIX)) for (const s of SITUATIONS) expect(situations[s].length).toBeGreaterThan(0);
    // Every code the matrix expects is in the table, and the table has no code the matrix never sees.
    const expected = new Set(ROWS.map((r) => r.code));
    expect([...expected].sort()).toEqual(EXIT_CODE_TABLE.map((row) => row.code).sort());
  });

  describe.skipIf(!built).concurrent('on the built binary', () => {
    it.each(ROWS)('$name → $code', async (row) => {
      const r = await bin(row.args(), {
        ...(row.stdin !== undefined ? { stdin: row.stdin } : {}),
        ...(row.keepStdinOpen ? { keepStdinOpen: true } : {}),
        ...(row.interrupt ? { interrupt: row.interrupt } : {}),
      });
      const shown = `\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
      expect(shellCode(r), shown).toBe(row.code);
      // Interrupted: the process ends by the signal (so a calling shell script stops too).
      if (row.code === 130) expect(r.signal, shown).toBe('SIGINT');
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      row.check?.(r);
    }, 60_000);
  });
});
