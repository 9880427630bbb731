import { describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { explain, explainRule } from '../../src/present/explain';
import { ANSI_STYLE } from '../../src/cli/style';
import { displayWidth, pad, truncate, wrap } from '../../src/present/text-layout';
import { loadRuleset } from '../../src/node/load';

const program = compile(await loadRuleset('test/cli/fixtures/settlement.yaml'));
// Case 2: tertiary hospital, tekun member: basic (280000 − 500) × 0.65 = 181675
const claim = { hospitalLevel: '3', personCategory: 'tekun', totalCost: 300000, eligibleCost: 280000, classBSelfPayFirst: 10000 };
const traced = program.evaluate(claim, { date: '2025-06-01', trace: true });

describe('displayWidth', () => {
  it('counts CJK and fullwidth characters as 2 columns, ANSI escapes as 0', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('起付线')).toBe(6);
    expect(displayWidth('（1）')).toBe(5);
    expect(displayWidth('\u001b[1mab\u001b[22m')).toBe(2);
  });
});

describe('pad and truncate', () => {
  it('pads by display width, on the left for right alignment', () => {
    expect(pad('起付', 6)).toBe('起付  ');
    expect(pad('7.00', 8, 'right')).toBe('    7.00');
  });

  it('cuts with an ellipsis within the width', () => {
    expect(truncate('基本医保统筹支付', 7)).toBe('基本医…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('wrap', () => {
  it('wraps English at spaces and Chinese between characters, never wider than asked', () => {
    const lines = wrap('政策范围内费用扣除尚需自付的起付线后按比例支付，不超过年度限额剩余部分。 In-catalogue cost above the remaining deductible.', 30);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
    expect(lines.join('')).toContain('起付线');
    expect(lines.some((l) => l.startsWith('，'))).toBe(false);
  });
});

describe('explain', () => {
  it('without a trace gives the header and the outputs, money right-aligned', () => {
    const lines = explain(program.evaluate(claim, { date: '2025-06-01' }), { program });
    expect(lines[0]).toBe('fixture/settlement@1.0.0 · 评估日期 evaluation date 2025-06-01');
    const rows = lines.filter((l) => /^ {2}[a-z]/.test(l));
    expect(rows.map((r) => r.trim().split(/\s+/).at(-1))).toEqual(['181675.00', '53327.50', '44997.50', '20000.00']);
    expect(new Set(rows.map(displayWidth)).size).toBe(1);
    expect(lines.join('\n')).not.toContain('依据');
  });

  it('with a trace explains each output: label, text, formula, inputs, parameters, branches, sources', () => {
    const text = explain(traced, { program }).join('\n');
    expect(text).toMatch(/^■ basicPaid +181675\.00 {2}\[bench-workload\]$/m);
    expect(text).toContain('│ 基本医保统筹支付 · Basic insurance payout');
    expect(text).toContain('│ 政策范围内费用扣除尚需自付的起付线后按比例支付');
    expect(text).toMatch(/├─ basic\.deductible\[3\] +1000\.00 {2}\[bench-workload\] +起付线/);
    expect(text).toContain('分支 branch: if vulnerable → then');
    // 280000 − 181675 = 98325 in policy after basic; bands shown as percentages on their own line
    expect(text).toContain('15,000 → 60% · 65,000 → 70% · 115,000 → 80%');
    expect(text).toMatch(/└─ basicPaid +181675\.00 {2}↑ 见上 see above/);
    expect(text).toContain('[bench-workload] Benchmark workload: three-tier settlement of one hospital claim');
    expect(text).toContain('in force since 2025-01-01: assistance.annualLimit');
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(100);
  });

  it('writes one language when asked', () => {
    const en = explain(traced, { program, lang: 'en' }).join('\n');
    expect(en).toContain('│ Basic insurance payout');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    const zh = explain(traced, { program, lang: 'zh' }).join('\n');
    expect(zh).toContain('结果');
    expect(zh).not.toContain('Basic insurance payout');
  });

  it('gives trees only to the outputs asked for, expanding the rest under them', () => {
    const partial = program.evaluate(claim, { date: '2025-06-01', trace: true, outputs: ['criticalPaid'] });
    const text = explain(partial, { program }).join('\n');
    expect(text.match(/^■ /gm)).toHaveLength(1);
    // basicPaid is an output of the ruleset but was not asked for: it is explained where it is read
    expect(text).toMatch(/└─ basicPaid +181675\.00 {2}\[bench-workload\]/);
  });

  it('fits a narrower width', () => {
    for (const line of explain(traced, { program, width: 80 })) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('styles only when given a style (the CLI passes terminal colours)', () => {
    expect(explain(traced, { program }).join('\n')).not.toMatch(/\u001b\[/);
    expect(explain(traced, { program, style: ANSI_STYLE }).join('\n')).toMatch(/\u001b\[1m/);
  });

  it('works without the program: rule labels from the trace, values as traced, sources by id', () => {
    const text = explain(traced).join('\n');
    expect(text).toMatch(/^ {2}basicPaid +基本医保统筹支付 +Basic insurance payout +181675\.00$/m);
    expect(text).toMatch(/basic\.deductible\[3\] +1000\.00 {2}\[bench-workload\]$/m);
    expect(text).toMatch(/^ {2}\[bench-workload\]$/m);
  });
});

describe('explainRule', () => {
  it('expands every rule the rule reads, outputs included', () => {
    const text = explainRule('outOfPocket', traced.trace!, { program, lang: 'en' }).join('\n');
    expect(text).toMatch(/^■ outOfPocket +20000\.00/);
    // 300000 − 181675 − 53327.50 − 44997.50 = 20000
    expect(text).toMatch(/├─ basicPaid +181675\.00 {2}\[bench-workload\]/);
    expect(text).toMatch(/│ {2}├─ remainingDeductible +500\.00/);
  });

  it('returns nothing for a rule not in the trace', () => {
    expect(explainRule('nosuch', traced.trace!)).toEqual([]);
  });
});
