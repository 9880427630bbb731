/**
 * The settlement letter: every amount it shows is the library's, its explanations carry no formula syntax,
 * its citations name their documents, and hostile labels stay text. LETTERS_DIR=/tmp/letters keeps the pages.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { settlementLetterHtml } from '../../src/docs/letter';
import { formatAmount } from '../../src/present/format';
import { FORMULA_OPERATORS } from '../present/operators';

async function letter(file: string, input: Record<string, unknown>, lang: 'zh' | 'en', name: string) {
  const ruleset = await loadRuleset(file);
  const program = compile(ruleset);
  const result = program.evaluate(input, { trace: true });
  const page = settlementLetterHtml(result, { ruleset: program.ruleset, lang, input });
  if (process.env.LETTERS_DIR) {
    mkdirSync(process.env.LETTERS_DIR, { recursive: true });
    writeFileSync(join(process.env.LETTERS_DIR, `${name}-${lang}.html`), page);
  }
  return { page, result };
}

/** The visible text of a page (tags dropped, entities of the escaper decoded). */
function textOf(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const NANCHANG = JSON.parse(readFileSync('examples/claim-nanchang.json', 'utf8')) as Record<string, unknown>;
const SHENZHEN = {
  dischargeDate: '2025-03-10',
  hospitalLevel: 'primary',
  items: [
    { amount: 150, class: 'A' },
    { amount: 50, class: 'C' },
  ],
  accountBalance: 120,
  familyAccountBalance: 1000,
};

describe('settlementLetterHtml', () => {
  it('shows the Nanchang worked case with the library’s amounts, in words, with its sources', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { page, result } = await letter('rulesets/cn/medical/nanchang.yaml', NANCHANG, lang, 'nanchang');
      const text = textOf(page);
      const o = result.outputs as Record<string, string>;
      // 80,000 total, 70,000 in policy, tertiary deductible 600: basic (70,000 − 600) × 60% = 41,640.00;
      // in-policy self-pay 70,000 − 41,640 = 28,360; CII (28,360 − 17,000) × 60% = 6,816.00;
      // funds 41,640 + 6,816 = 48,456; the patient 80,000 − 48,456 = 31,544.00.
      for (const name of ['totalCost', 'eligibleAmount', 'deductibleApplied', 'basicPaid', 'criticalPaid', 'fundPaid', 'outOfPocket', 'oopCoinsurance', 'ytdAfterCriticalBase']) {
        expect(text, name).toContain(formatAmount(o[name]!));
      }
      expect([o.basicPaid, o.criticalPaid, o.fundPaid, o.outOfPocket]).toEqual(['41640.00', '6816.00', '48456.00', '31544.00']);
      expect(text).toContain(result.provenance.hash);
      expect(text).toContain(`${result.provenance.ruleset}@${result.provenance.version}`);
      for (const why of page.match(/<div class="why">[\s\S]*?<\/div>/g) ?? []) expect(textOf(why), why).not.toMatch(FORMULA_OPERATORS);
      // Every citation shows a document title, none shows a bare id.
      const cites = [...page.matchAll(/<cite>([\s\S]*?)<\/cite>/g)].map((m) => textOf(m[1]!).trim());
      expect(cites.length).toBeGreaterThan(0);
      for (const c of cites) expect(c, c).toMatch(/^[《“].{4,}[》”]$/);
    }
  });

  it('shows a Shenzhen employee claim paid from the personal account and family mutual aid', async () => {
    const { page, result } = await letter('rulesets/cn/medical/shenzhen-employee.yaml', SHENZHEN, 'zh', 'shenzhen-employee');
    const o = result.outputs as Record<string, string>;
    // in-policy 150 < deductible 200: the fund pays 0; the patient's 200 = own account 120 + family 80, cash 0.
    expect([o.totalCost, o.basicPaid, o.outOfPocket, o.accountPaid, o.familyAccountPaid, o.cashPaid]).toEqual(['200.00', '0.00', '200.00', '120.00', '80.00', '0.00']);
    const text = textOf(page);
    for (const v of ['200.00', '120.00', '80.00', '150.00']) expect(text).toContain(v);
    expect(text).toContain('个人账户');
  });

  it('refuses a result without a trace, with a code', async () => {
    const program = compile(await loadRuleset('rulesets/cn/medical/nanchang.yaml'));
    const result = program.evaluate(NANCHANG);
    expect(() => settlementLetterHtml(result, { ruleset: program.ruleset })).toThrow(/options\/invalid|trace/);
  });
});
