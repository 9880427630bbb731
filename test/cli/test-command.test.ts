/**
 * `minsheng test` failure reports: compact by default (what differs and the chain of rules behind it, never
 * cut at the terminal width), the whole why-tree with --trace, only failures and the summary with --quiet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from './helpers';

// A copy of Nanchang (it extends the bundled national ruleset) with one wrong case: basic pays
// (20,000 − 600 deductible) × 60% = 11,640, and the patient 20,000 − 11,640 = 8,360 (nanchang.cases.yaml, case 1).
const NANCHANG = readFileSync('rulesets/cn/medical/nanchang.yaml', 'utf8').replace(/^id: cn\/medical\/nanchang$/m, 'id: tmp/nanchang');
const dir = tempFiles({
  'nc.yaml': NANCHANG,
  'nc.cases.yaml': `cases:
  - name: right
    input: { dischargeDate: 2025-03-15, birthDate: 1980-05-01, hospitalLevel: tertiary, bill: { total: 20000, inCatalogue: 20000 } }
    expect: { basicPaid: "11640.00" }
  - name: wrong basic payout
    input: { dischargeDate: 2025-03-15, birthDate: 1980-05-01, hospitalLevel: tertiary, bill: { total: 20000, inCatalogue: 20000 } }
    expect: { basicPaid: "11650.00", fundPaid: "11640.00", outOfPocket: "8350.00" }
    note: deliberately wrong
`,
});
const FILE = join(dir, 'nc.yaml');

const SUMMARY_LINE = '1 passed, 1 failed';

describe('minsheng test failure report', () => {
  it('is compact by default: the outputs that differ, then one line a rule of the chain behind them, nothing cut', async () => {
    const r = await cli(['test', FILE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/output +expected +actual\n +basicPaid +11650\.00 +11640\.00\n +outOfPocket +8350\.00 +8360\.00\n/);
    // fundPaid came out as expected: not among the differences.
    expect(r.stdout).not.toMatch(/^ +fundPaid +11640\.00 +11640\.00/m);
    // The chain: each differing output with its formula, what its rules read, and their values.
    expect(r.stdout).toContain('        basicPaid 11640.00 = min(basicBeforeCap, basicCapLeft)\n');
    expect(r.stdout).toMatch(/\n {10}basicBeforeCap 11640\.00 = round\(\(eligibleAmount - deductibleApplied\) \* basicPayRate,\s+2\)\n {12}eligibleAmount 20000\.00\n {12}deductibleApplied 600\.00\n {12}basicPayRate 60%\n/);
    expect(r.stdout).toContain('        outOfPocket 8360.00 = totalCost - fundPaid\n');
    // A record input in full, wrapped rather than cut.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('bill {total: 20000.00, inCatalogue: 20000.00, classB: 0.00, overPriceLimit: 0.00}');
    expect(r.stdout).toMatch(/… \d+ more rules behind these \(--trace shows the whole tree\)/);
    expect(r.stdout).not.toContain('…]');
    // Compact: the whole tree (box drawing) is --trace's; no line wider than the terminal (100 in tests) and none cut.
    expect(r.stdout).not.toContain('├─');
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.length > 100)).toEqual([]);
    expect(lines.length).toBeLessThan(60);
    expect(lines.filter((l) => l.trim()).at(-1)).toBe(SUMMARY_LINE);
  });

  it('prints the whole why-tree of the first differing rule with --trace', async () => {
    const compact = await cli(['test', FILE]);
    const r = await cli(['test', FILE, '--trace']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('first differing rule 第一个不同的规则: basicPaid');
    expect(r.stdout).toMatch(/■ basicPaid +11640\.00/);
    expect(r.stdout).toMatch(/├─ basicBeforeCap +11640\.00/);
    expect(r.stdout).not.toContain('how it came out');
    expect(r.stdout.split('\n').length).toBeGreaterThan(compact.stdout.split('\n').length);
  });

  it('prints only the failing cases and the summary with --quiet; nothing but the summary when all pass', async () => {
    const r = await cli(['test', FILE, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  ✖ wrong basic payout');
    expect(r.stdout).toMatch(/basicPaid +11650\.00 +11640\.00/);
    expect(r.stdout).not.toContain('note: deliberately wrong');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(SUMMARY_LINE);
    const passing = await cli(['test', 'test/cli/fixtures/settlement.yaml', '--quiet']);
    expect(passing.code).toBe(0);
    expect(passing.stdout.trim()).toBe('7 passed, 0 failed');
  });
});
