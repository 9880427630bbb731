import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_1, CASE_2, FIXTURES, SETTLEMENT, cli, tempFiles } from './helpers';
import { fsPromisesCalls } from '../helpers/fs-calls';

const SUMMARY = /^(\d+) passed, (\d+) failed$/m;

/** The folders the loader lists (node:fs/promises readdir) while `run` runs. */
async function foldersListed<T>(run: () => Promise<T>): Promise<{ result: T; folders: string[] }> {
  const { result, paths } = await fsPromisesCalls('readdir', run);
  return { result, folders: paths };
}

describe('minsheng validate', () => {
  it('returns 0 and a one-line verdict for a valid ruleset', async () => {
    const r = await cli(['validate', SETTLEMENT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ fixture/settlement@1.0.0 is valid — test/cli/fixtures/settlement.yaml');
    // 10 inputs (insuredType among them), 10 parameters, 10 rules of which 4 are outputs, 7 cases in settlement.cases.yaml
    expect(r.stdout).toContain('10 inputs · 10 parameters · 10 rules (4 outputs) · 7 test cases');
    expect(r.stderr).toBe('');
  });

  it('returns 1 and shows a formula type error at its line and column in the file', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad/type-error.yaml`]);
    expect(r.code).toBe(1);
    // `then cost + rate` is line 24 of the file; `cost` starts at column 12.
    expect(r.stderr).toContain('✖ [expr/type] rule wrong: cannot compute money + rate');
    expect(r.stderr).toContain('  → at test/cli/fixtures/bad/type-error.yaml: rules.wrong.formula (line 24, column 12)');
    expect(r.stderr).toContain('    24 │       then cost + rate\n       │            ^^^^^^^^^^^');
    expect(r.stderr).toContain('is invalid: 1 problem');
  });

  it('reports every problem of a file, not only the first', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad/unknown-name.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown name 'capp'");
    expect(r.stderr).toContain("unknown name 'cots' — did you mean 'cost'?");
    expect(r.stderr).toContain('rules.other.formula (line 9, column 42)');
    expect(r.stderr).toContain('2 problems');
  });

  it('shows YAML schema problems with the file position', async () => {
    const dir = tempFiles({ 'x.yaml': 'id: x\njurisdiction: CN\nversion: 1.0.0\nlabel: { zh: 甲, en: X }\nrulez: {}\n' });
    const r = await cli(['validate', join(dir, 'x.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✖ \[ruleset\/schema\] .*rulez/);
    expect(r.stderr).toMatch(/rulez \(line 5, column \d+\)\n    5 │ rulez: {}/);
  });

  it('never prints a stack trace for a MinshengError (an unknown id: could not run, 2)', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad/type-error.yaml`, 'no/such/ruleset']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('resolves a county file on top of a bundled ruleset, and a local copy of the parent with a higher version wins', async () => {
    const county = 'id: test/county\nversion: 1.0.0\nextends: cn/medical/national@*\njurisdiction: CN-36\nlabel: { zh: 测试县, en: Test county }\n';
    // Alone in its folder: the parent is the bundled national ruleset (only its chain is read).
    const alone = tempFiles({ 'county.yaml': county });
    const listed = await foldersListed(() => cli(['validate', join(alone, 'county.yaml')]));
    const r1 = listed.result;
    expect(r1.code, r1.stderr).toBe(0);
    expect(listed.folders.filter((f) => f.startsWith(resolve('rulesets')))).toEqual([]);
    expect(r1.stdout).toMatch(/extends cn\/medical\/national@2026\.\d+\.\d+ → test\/county@1\.0\.0/);
    // Beside a local copy of national with a higher version: that copy is the highest, as when every file was read.
    const national = readFileSync('rulesets/cn/medical/national.yaml', 'utf8').replace(/^version: .*$/m, 'version: 2099.1.0');
    const beside = tempFiles({ 'county.yaml': county, 'national.yaml': national });
    const listed2 = await foldersListed(() => cli(['validate', join(beside, 'county.yaml')]));
    const r2 = listed2.result;
    expect(r2.code, r2.stderr).toBe(0);
    expect(listed2.folders).toContain(resolve('rulesets'));
    expect(r2.stdout).toContain('extends cn/medical/national@2099.1.0 → test/county@1.0.0');
  });

  it('finds a ruleset by id among the bundled ones', async () => {
    const r = await cli(['validate', 'bench/settlement']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ bench/settlement@1.1.0 is valid');
  });

  it('finds an id in a --rulesets folder', async () => {
    const text = readFileSync(SETTLEMENT, 'utf8').replace('id: fixture/settlement', 'id: elsewhere/settlement');
    const dir = tempFiles({ 'a/settlement.yaml': text });
    const r = await cli(['validate', 'elsewhere/settlement', '--rulesets', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('elsewhere/settlement@1.0.0 is valid');
  });
});

describe('minsheng validate --json / --strict / folders', () => {
  /** A parameter with a month without a value in force (rules read it): it compiles, with a warning. */
  const WITH_GAP = `id: fixture/gap
jurisdiction: CN
version: 1.0.0
label: { zh: 断档, en: Gap }
sources:
  - { id: s, title: Made-up test policy, issuer: tests, status: inferred }
inputs:
  cost: { type: money, label: { zh: 费用, en: Cost } }
parameters:
  rate:
    type: rate
    label: { zh: 比例, en: Rate }
    values:
      - { from: 2025-01-01, until: 2025-06-30, value: 0.5, source: s }
      - { from: 2025-08-01, value: 0.6, source: s }
rules:
  paid: { type: money, output: true, label: { zh: 支付, en: Paid }, formula: "round(cost * rate, 2)", source: s }
`;

  it('prints every issue with code, severity, file, path, line and column', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad/type-error.yaml`, SETTLEMENT, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { ok: boolean; errors: number; warnings: number; rulesets: { target: string; ok: boolean; id?: string }[]; issues: { severity: string }[] };
    expect(json).toMatchObject({ ok: false, strict: false, errors: 1 });
    expect(json.warnings).toBe(json.issues.filter((i) => i.severity === 'warning').length);
    expect(json.rulesets.map((x) => [x.target, x.ok, x.id])).toEqual([
      [`${FIXTURES}/bad/type-error.yaml`, false, undefined],
      [SETTLEMENT, true, 'fixture/settlement'],
    ]);
    expect(json.issues.filter((i) => i.severity === 'error')).toEqual([
      {
        code: 'expr/type',
        severity: 'error',
        message: 'rule wrong: cannot compute money + rate (money can only be added to money)',
        file: `${FIXTURES}/bad/type-error.yaml`,
        path: 'rules.wrong.formula',
        line: 24,
        column: 12,
      },
    ]);
  });

  it('reports a missing file in the JSON too, with exit 2', async () => {
    const r = await cli(['validate', 'nope.yaml', '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { issues: unknown[] }).issues).toEqual([{ code: 'ruleset/io', severity: 'error', message: 'no such ruleset file: nope.yaml', file: 'nope.yaml' }]);
  });

  it('passes a ruleset with warnings, and fails it with --strict', async () => {
    const dir = tempFiles({ 'gap.yaml': WITH_GAP });
    const file = join(dir, 'gap.yaml');
    const plain = await cli(['validate', file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^ {2}⚠ \[[a-z-]+\/[a-z-]+\] /m);
    const strict = await cli(['validate', file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/has \d+ warnings? \(--strict: they fail\)/);
    const json = JSON.parse((await cli(['validate', file, '--strict', '--json'])).stdout) as { ok: boolean; warnings: number; issues: { code: string; severity: string; file: string; path: string; line?: number }[] };
    expect(json).toMatchObject({ ok: false, strict: true, errors: 0 });
    expect(json.warnings).toBeGreaterThan(0);
    expect(json.issues.every((i) => i.severity === 'warning')).toBe(true);
    // The warning about parameters.rate points at its key: line 10, column 3.
    expect(json.issues).toContainEqual({ code: expect.any(String), severity: 'warning', message: expect.any(String), file, path: 'parameters.rate', line: 10, column: 3 });
  });

  it('validates every ruleset under a folder, and fails a folder without any', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ 2 of 2 rulesets invalid');
    const dir = tempFiles({ 'notes.txt': 'no rulesets here' });
    const empty = await cli(['validate', dir]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no ruleset files under');
  });
});

describe('minsheng eval', () => {
  const input = JSON.stringify(CASE_2);

  it('prints the outputs with Chinese and English labels and money right-aligned', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('fixture/settlement@1.0.0 · 评估日期 evaluation date 2025-06-01');
    const rows = r.stdout.split('\n').filter((l) => /^ {2}(basicPaid|criticalPaid|assistancePaid|outOfPocket) /.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/basicPaid +基本医保统筹支付 +Basic insurance payout +181675\.00$/);
    // Money in one column: every row ends at the same display column (CJK counts 2).
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    expect(new Set(rows.map(width)).size).toBe(1);
    expect(r.stdout).not.toContain('依据'); // no trace asked for
    expect(r.stdout).not.toMatch(/\u001b\[/); // not a TTY: no colors
  });

  it('explains every output with --trace: formula, inputs, parameters with citations, branches, sources', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01', '--trace']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('依据 Why');
    expect(out).toMatch(/^■ basicPaid +181675\.00 {2}\[bench-workload\]$/m);
    expect(out).toContain('  │ 基本医保统筹支付 · Basic insurance payout');
    expect(out).toContain('  │ = min(round(max(0, eligibleCost - remainingDeductible) * basicRate, 2)');
    // deductible 1000 halved for a tekun member = 500
    expect(out).toMatch(/├─ remainingDeductible +500\.00 {2}\[bench-workload\] {2}尚需自付的起付线/);
    expect(out).toMatch(/basic\.deductible\[3\] +1000\.00 {2}\[bench-workload\] +起付线/);
    expect(out).toContain('分支 branch: if vulnerable → then');
    expect(out).toMatch(/eligibleCost +280000\.00 {2}输入 input/);
    expect(out).toContain('来源 Sources');
    expect(out).toContain('[bench-workload] Benchmark workload: three-tier settlement of one hospital claim');
    expect(out).toContain('in force since 2025-01-01');
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('prints { outputs, provenance } with --json', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['outputs', 'provenance']);
    // (280000 − 500) × 0.65 = 181675; 83325 above 15000 in bands = 53327.50; 98325 − 53327.50 = 44997.50
    expect(json['outputs']).toEqual({ basicPaid: '181675.00', criticalPaid: '53327.50', assistancePaid: '44997.50', outOfPocket: '20000.00' });
    expect(json['provenance']).toMatchObject({ ruleset: 'fixture/settlement', version: '1.0.0', date: '2025-06-01', chain: ['fixture/settlement@1.0.0'] });
  });

  it('adds the trace to the JSON with --json --trace', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01', '--json', '--trace']);
    const json = JSON.parse(r.stdout) as { trace: { name: string; value: unknown; uses: unknown[] }[] };
    expect(Object.keys(json)).toEqual(['outputs', 'provenance', 'trace']);
    expect(json.trace.find((t) => t.name === 'deductible')).toMatchObject({ value: '500.00' });
  });

  it('evaluates each input of an array (JSON: an array of results)', async () => {
    const r = await cli(['eval', SETTLEMENT, JSON.stringify([CASE_1, CASE_2]), '--date', '2025-06-01', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { outputs: Record<string, string> }[];
    expect(json.map((j) => j.outputs['basicPaid'])).toEqual(['7125.00', '181675.00']);
  });

  it('separates the inputs of an array in human output', async () => {
    const r = await cli(['eval', SETTLEMENT, JSON.stringify([CASE_1, CASE_2]), '--date', '2025-06-01']);
    expect(r.stdout).toMatch(/^── 1\/2 ─+$/m);
    expect(r.stdout).toMatch(/^── 2\/2 ─+$/m);
  });

  it("reads the input from standard input with '-'", async () => {
    const r = await cli(['eval', SETTLEMENT, '-', '--date', '2025-06-01', '--json'], { stdin: JSON.stringify(CASE_1) });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { outputs: Record<string, string> }).outputs['outOfPocket']).toBe('4875.00');
  });

  it('reads the input from a file', async () => {
    const dir = tempFiles({ 'claim.json': JSON.stringify(CASE_1) });
    const r = await cli(['eval', SETTLEMENT, join(dir, 'claim.json'), '--date', '2025-06-01', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/basicPaid +Basic insurance payout +7125\.00/);
    expect(r.stdout).not.toContain('基本医保');
  });

  it('returns 1 with the path of every bad input field, and an error object in the JSON', async () => {
    const bad = [CASE_1, { hospitalLevel: '7', personCategory: 'none', totalCost: -1, eligibleCost: 0 }];
    const r = await cli(['eval', SETTLEMENT, JSON.stringify(bad), '--date', '2025-06-01', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ [input/enum]');
    expect(r.stderr).toContain('→ at [1].hospitalLevel');
    expect(r.stderr).toContain('→ at [1].totalCost');
    const json = JSON.parse(r.stdout) as [unknown, { error: { code: string } }];
    expect(json[1].error.code).toBe('input/enum');
  });

  it('computes only the rules named with --outputs (and what they read)', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01', '--json', '--outputs', 'basicPaid,deductible']);
    expect(r.code).toBe(0);
    // the tekun deductible: 1000 × 0.5 = 500
    expect((JSON.parse(r.stdout) as { outputs: unknown }).outputs).toEqual({ basicPaid: '181675.00', deductible: '500.00' });
  });

  it('returns 2 for an --outputs name the ruleset does not have', async () => {
    const r = await cli(['eval', SETTLEMENT, input, '--date', '2025-06-01', '--outputs', 'basicPayd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--outputs: no rule named 'basicPayd'");
  });

  it('colors only a TTY without NO_COLOR', async () => {
    const args = ['eval', SETTLEMENT, input, '--date', '2025-06-01', '--trace'];
    expect((await cli(args, { isTTY: true })).stdout).toMatch(/\u001b\[/);
    expect((await cli(args, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('minsheng test', () => {
  it('runs the cases of a ruleset and ends with the summary line', async () => {
    const r = await cli(['test', SETTLEMENT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ fixture/settlement@1.0.0  test/cli/fixtures/settlement.yaml  7 passed');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 0 failed');
  });

  it('lists every case with --verbose', async () => {
    const r = await cli(['test', SETTLEMENT, '--verbose']);
    expect(r.stdout).toContain('    ✔ half a fen rounds up');
  });

  it('returns 1 and shows expected vs actual and the first differing rule for a wrong expectation', async () => {
    const yaml = readFileSync(SETTLEMENT, 'utf8').replace('id: fixture/settlement', 'id: tmp/wrong');
    const dir = tempFiles({
      'wrong.yaml': yaml,
      'wrong.cases.yaml': `cases:
  - name: right
    date: 2025-06-01
    input: { hospitalLevel: "2", personCategory: none, totalCost: 12000, eligibleCost: 10000 }
    expect: { basicPaid: 7125 }
  - name: wrong basic payout
    date: 2025-06-01
    input: { hospitalLevel: "2", personCategory: none, totalCost: 12000, eligibleCost: 10000 }
    expect: { basicPaid: "7126.00", outOfPocket: "4875.00", nosuch: 1 }
    note: (10000 − 500) × 0.75 = 7125
`,
    });
    const r = await cli(['test', join(dir, 'wrong.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 passed, 1 failed');
    expect(r.stdout).toContain('  ✖ wrong basic payout  (date 2025-06-01)');
    expect(r.stdout).toMatch(/output +expected +actual\n +basicPaid +7126\.00 +7125\.00\n +nosuch +1 +— +no such output/);
    expect(r.stdout).toContain('note: (10000 − 500) × 0.75 = 7125');
    expect(r.stdout).toContain('first differing rule 第一个不同的规则: basicPaid');
    // The chain of rules behind it (the whole why-tree is --trace's, test/cli/test-command.test.ts).
    expect(r.stdout).toMatch(/\n +basicPaid 7125\.00 = /);
    expect(r.stdout).toMatch(/\n +remainingDeductible 500\.00/);
    expect(SUMMARY.exec(r.stdout)?.slice(1)).toEqual(['1', '1']);
  });

  it('passes expectError cases, prints discrepancies as notes, and fails an error that does not happen', async () => {
    const yaml = readFileSync(SETTLEMENT, 'utf8').replace('id: fixture/settlement', 'id: tmp/errors');
    const dir = tempFiles({
      'errors.yaml': `${yaml}tests:
  - name: unknown hospital level
    date: 2025-06-01
    input: { hospitalLevel: "9", personCategory: none, totalCost: 1, eligibleCost: 1 }
    expectError: input/enum
  - name: with a discrepancy
    date: 2025-06-01
    input: { hospitalLevel: "2", personCategory: none, totalCost: 12000, eligibleCost: 10000 }
    expect: { basicPaid: "7125.00" }
    discrepancy: The article says 7,200; the rules give 7,125.
  - name: no error
    date: 2025-06-01
    input: { hospitalLevel: "2", personCategory: none, totalCost: 12000, eligibleCost: 10000 }
    expectError: eval/no-value-in-force
`,
    });
    const r = await cli(['test', join(dir, 'errors.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ℹ with a discrepancy — discrepancy (a note, not a failure):');
    expect(r.stdout).toContain('The article says 7,200; the rules give 7,125.');
    expect(r.stdout).toContain('expected the error eval/no-value-in-force, but the evaluation succeeded');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed');
  });

  it('runs every ruleset under a folder and counts one that does not load as a failure', async () => {
    const r = await cli(['test', FIXTURES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ test/cli/fixtures/bad/type-error.yaml could not be loaded');
    expect(r.stdout).toContain('rules.wrong.formula (line 24, column 12)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 2 failed');
  });

  it('prints the results as JSON with --json', async () => {
    const r = await cli(['test', SETTLEMENT, '--json']);
    const json = JSON.parse(r.stdout) as { passed: number; failed: number; rulesets: { id: string; results: { name: string; passed: boolean }[] }[] };
    expect(json.passed).toBe(7);
    expect(json.rulesets[0]!.results.every((c) => c.passed)).toBe(true);
  });
});

describe('usage errors', () => {
  it.each([
    ['an unknown command', ['evl']],
    ['an unknown option', ['eval', SETTLEMENT, '{}', '--bogus']],
    ['a missing argument', ['eval', SETTLEMENT]],
    ['an invalid date', ['eval', SETTLEMENT, '{}', '--date', '2025-02-30']],
    ['an unknown --lang', ['eval', SETTLEMENT, '{}', '--lang', 'fr']],
    ['no command at all', []],
  ])('returns 2 for %s', async (_what, argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ |Usage:/);
  });

  it('returns 2 for an input file that does not exist', async () => {
    const r = await cli(['eval', SETTLEMENT, 'no-such-claim.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✖ [io/read] cannot read the input no-such-claim.json: no such file');
  });

  it('returns 1 for input that is not JSON (the data is wrong, not the command line)', async () => {
    const r = await cli(['eval', SETTLEMENT, '-'], { stdin: '{ "totalCost": 12000,' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ [io/format] the input <stdin> is not valid JSON');
  });

  it('returns 2 for a --rulesets that is not a folder', async () => {
    const r = await cli(['validate', SETTLEMENT, '--rulesets', SETTLEMENT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a file, not a folder');
  });

  it('returns 2 for a test target that does not exist', async () => {
    const r = await cli(['test', 'No-Such-Dir/']);
    expect(r.code).toBe(2);
  });
});

describe('help', () => {
  it.each([['validate'], ['eval'], ['test']])('shows usage and an example for %s', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: minsheng ${command}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ minsheng ${command} `);
  });

  it('shows the commands and the exit-code table for --help, within 100 columns', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes (the same for every command):');
    expect(r.stdout).toMatch(/^ {4}0 {2}ok {13}everything asked for/m);
    expect(r.stdout).toMatch(/^ {2}130 {2}interrupted {4}SIGINT/m);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it.each([['validate'], ['eval'], ['test'], ['docs'], ['diff'], ['simulate']])('states the exit codes in the help of %s', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.stdout).toMatch(/Exit codes: 0 ok · 1 [^·]+· 2\s+could\s+not\s+run[^·]+·\s+130\s+interrupted/);
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });
});

describe('unexpected errors', () => {
  it('prints one line saying it is a bug and returns 2 (could not run)', async () => {
    const r = await cli(['eval', SETTLEMENT, '-'], {
      stdin: () => Promise.reject(new TypeError('stdin exploded')),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('✖ internal error: stdin exploded — this is a bug in minsheng-rules, please report it\n');
  });
});

describe('minsheng validate --sarif', () => {
  it('prints the findings as a SARIF 2.1.0 log with file, line and column', async () => {
    const r = await cli(['validate', `${FIXTURES}/bad/type-error.yaml`, '--sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string } }; results: { ruleId: string; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver.name).toBe('minsheng');
    const result = log.runs[0]!.results[0]!;
    expect(result.level).toBe('error');
    expect(result.ruleId).toMatch(/^expr\//);
    expect(result.locations?.[0]?.physicalLocation.artifactLocation.uri).toMatch(/type-error\.yaml$/);
    expect(result.locations?.[0]?.physicalLocation.region?.startLine).toBeGreaterThan(0);
  });
});
