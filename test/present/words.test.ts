import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseRuleset } from '../../src/ruleset/parse-api';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { FORMULA_OPERATORS } from './operators';
import { citationText, citationWords, conditionWords, fillTemplate, formulaWords, ruleWords, ruleWordsText } from '../../src/present/words';


const RULESET = `
id: test/words
jurisdiction: CN
version: 1.0.0
label: { zh: 示例, en: Example }
sources:
  - { id: doc, title: 关于做好医疗保障工作的通知, issuer: 国家医保局, docNumber: 医保发〔2025〕1号, section: 第三条, date: 2025-01-02, url: "https://example.org/doc", status: verified }
inputs:
  cost: { type: money, label: { zh: 政策范围内费用, en: In-policy amount } }
  level: { type: enum, of: [primary, tertiary], label: { zh: 医院等级, en: Hospital level }, labels: { primary: { zh: 一级, en: primary }, tertiary: { zh: 三级, en: tertiary } } }
parameters:
  deductible: { type: money, by: level, label: { zh: 起付线, en: Deductible }, values: [ { from: 2025-01-01, value: { primary: 200, tertiary: 600 }, source: doc } ] }
  rate: { type: rate, label: { zh: 支付比例, en: Rate }, values: [ { from: 2025-01-01, value: 0.6, source: doc } ] }
  cap: { type: money, label: { zh: 年度限额, en: Annual cap }, values: [ { from: 2025-01-01, value: 100000, source: doc } ] }
rules:
  above:
    type: money
    label: { zh: 起付线以上费用, en: Amount above the deductible }
    formula: max(0, cost - deductible[level])
    source: doc
  paid:
    type: money
    label: { zh: 统筹基金支付, en: Pooling fund pays }
    formula: if cost <= deductible[level] then 0 else min(round(above * rate, 2), cap)
    source: doc
  paidExplained:
    type: money
    label: { zh: 统筹基金支付（模板）, en: Pooling fund pays (template) }
    explain: { zh: "起付线以上的 {above} 按 {rate} 支付，得 {value}。", en: "{above} above the deductible is paid at {rate}: {value}." }
    formula: min(round(above * rate, 2), cap)
    source: doc
`;

function evaluate(cost: number) {
  const resolved = parseRuleset(RULESET, { file: 'words.yaml' });
  const program = compile(resolved);
  const result = program.evaluate({ cost, level: 'tertiary' }, { date: '2025-06-01', trace: true });
  return { resolved, trace: result.trace! };
}

describe('formulaWords', () => {
  const { resolved } = evaluate(20000);
  it('reads min, max with zero, rounding and a table lookup as words', () => {
    // max(0, cost − deductible[level]) → "…, but not below zero"
    expect(formulaWords('max(0, cost - deductible[level])', { ruleset: resolved, lang: 'en' })).toBe('in-policy amount minus deductible for hospital level, but not below zero');
    expect(formulaWords('min(round(above * rate, 2), cap)', { ruleset: resolved, lang: 'en' })).toBe(
      'the smaller of amount above the deductible times rate, rounded (half up) to the fen and annual cap',
    );
    expect(formulaWords('clamp(cost, 0, cap)', { ruleset: resolved, lang: 'zh' })).toBe('政策范围内费用（限制在零至年度限额之间）');
  });
});

describe('conditionWords', () => {
  it('states a comparison that did not hold as its negation, with the values compared', () => {
    const { resolved, trace } = evaluate(20000);
    const paid = trace.find((t) => t.name === 'paid')!;
    const w = ruleWords(paid, resolved, 'en');
    // 20,000.00 > 600.00, so the else branch: the in-policy amount is above the deductible.
    expect(w.decided).toEqual(['in-policy amount (20,000.00 yuan) is above deductible for “tertiary” (600.00 yuan)']);
    expect(conditionWords('cost <= deductible[level]', true, { ruleset: resolved, lang: 'zh' })).toBe('政策范围内费用不高于医院等级对应的起付线');
  });
});

describe('ruleWords', () => {
  it('explains every rule of a result without formula syntax, in both languages', () => {
    const { resolved, trace } = evaluate(20000);
    for (const lang of ['zh', 'en'] as const) {
      for (const t of trace) {
        const text = ruleWordsText(ruleWords(t, resolved, lang, trace), lang);
        expect(text, text).not.toMatch(FORMULA_OPERATORS);
      }
    }
    // (20000 − 600) × 60% = 11,640.00
    expect(ruleWordsText(ruleWords(trace.find((t) => t.name === 'paid')!, resolved, 'en'), 'en')).toContain('Pooling fund pays: 11,640.00 yuan.');
  });

  it('fills an author template with the values of the evaluation', () => {
    const { resolved, trace } = evaluate(20000);
    const rule = trace.find((t) => t.name === 'paidExplained')!;
    const pieces = fillTemplate(resolved.rules.paidExplained!.explain!.en, rule, resolved, 'en');
    expect(pieces.map((p) => (typeof p === 'string' ? p : p.value)).join('')).toBe('19,400.00 yuan above the deductible is paid at 60%: 11,640.00 yuan.');
    expect(ruleWordsText(ruleWords(rule, resolved, 'zh', trace), 'zh')).toContain('起付线以上的 19,400.00 元 按 60% 支付，得 11,640.00 元。');
  });

  it('names an unknown placeholder by its label, never by braces', () => {
    const { resolved, trace } = evaluate(20000);
    const pieces = fillTemplate('see {cap} and {nothing.here}', trace.find((t) => t.name === 'above')!, resolved, 'en');
    expect(pieces.join('')).not.toMatch(/[{}]/);
  });
});

describe('citationWords', () => {
  it('gives the title, issuer, 文号, article, date and status in words', () => {
    const { resolved } = evaluate(100);
    const c = citationWords(resolved, 'doc', 'zh');
    expect(citationText(c, 'zh')).toBe('《关于做好医疗保障工作的通知》（国家医保局，医保发〔2025〕1号，第三条，2025-01-02，已核对原文）');
    expect(c.url).toBe('https://example.org/doc');
    expect(citationWords(resolved, 'missing', 'en').details).toBe('not declared in the ruleset');
  });
});

describe('the Nanchang worked case', () => {
  it('explains every output in words', async () => {
    const resolved = await loadRuleset('rulesets/cn/medical/nanchang.yaml');
    const program = compile(resolved);
    const claim = JSON.parse(readFileSync('examples/claim-nanchang.json', 'utf8')) as Record<string, unknown>;
    const result = program.evaluate(claim, { trace: true });
    for (const lang of ['zh', 'en'] as const) {
      for (const t of result.trace!) {
        if (!t.output) continue;
        const text = ruleWordsText(ruleWords(t, resolved, lang, result.trace), lang);
        expect(text, text).not.toMatch(FORMULA_OPERATORS);
      }
    }
  });
});

describe('explanation templates of the bundled rulesets', () => {
  it('name only {value} and what the rule’s formula reads', async () => {
    const { parseFormula } = await import('../../src/expr/parse');
    const names = (e: unknown, out: Set<string>): Set<string> => {
      if (Array.isArray(e)) e.forEach((x) => names(x, out));
      else if (e && typeof e === 'object') {
        const node = e as { kind?: string; path?: string[] };
        if (node.kind === 'name' && node.path) for (let n = 1; n <= node.path.length; n++) out.add(node.path.slice(0, n).join('.'));
        for (const v of Object.values(e)) if (v && typeof v === 'object') names(v, out);
      }
      return out;
    };
    let templates = 0;
    for (const file of ['rulesets/cn/medical/national.yaml', 'rulesets/cn/assistance/national.yaml', 'rulesets/cn/entitlements/national.yaml']) {
      const resolved = await loadRuleset(file);
      for (const [name, rule] of Object.entries(resolved.rules)) {
        if (!rule.explain) continue;
        templates++;
        const read = names(parseFormula(rule.formula), new Set(['value']));
        for (const lang of ['zh', 'en'] as const) {
          for (const m of rule.explain[lang].matchAll(/\{([^}]+)\}/g)) expect(read.has(m[1]!), `${file} ${name}: {${m[1]}}`).toBe(true);
        }
      }
    }
    expect(templates).toBeGreaterThanOrEqual(9);
  });
});
