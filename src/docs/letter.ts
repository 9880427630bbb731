/**
 * The settlement letter (结算说明): one printable page a patient or an auditor can read for one claim —
 * the bill, each payer's share with its rule and legal source in words, what the patient pays and why,
 * the year-to-date position after the claim, and the ruleset version and content hash. Built from a
 * traced evaluation of a medical ruleset that follows the national settlement structure (the output names
 * of `cn/medical/national`, after the national settlement list 医保结算清单); outputs a ruleset does not
 * have are left out. Pure (no DOM, no Node APIs); every string from a ruleset or an input is escaped.
 */
import { requireArgument, isOptions } from '../errors';
import type { EvaluationResult } from '../engine/program';
import type { OutputValue, RuleTrace } from '../engine/trace';
import type { ResolvedRuleset } from '../ruleset/resolved';
import { formatWithUnit } from '../present/format';
import { citationWords, enumLabel, ruleWords, sentenceCase, type WordsLanguage } from '../present/words';
import { html, join, safeUrl, trusted, type Child, type Html } from './html';

/** What the letter needs of the ruleset (a {@link ResolvedRuleset} has all of it). */
export type LetterRuleset = Pick<ResolvedRuleset, 'id' | 'label' | 'inputs' | 'parameters' | 'rules' | 'sources'>;

/** Options of {@link settlementLetterHtml}. */
export interface LetterOptions {
  /** The ruleset the result came from (`program.ruleset`): labels, rules and sources. */
  readonly ruleset: LetterRuleset;
  /** The letter's language (default `'zh'`). */
  readonly lang?: WordsLanguage;
  /** The claim as given (its enum inputs are named by their labels); default: the inputs the trace recorded. */
  readonly input?: Readonly<Record<string, unknown>>;
}

/** The bill, in the order of the national settlement list. */
const BILL = ['totalCost', 'fullySelfFunded', 'overPriceLimit', 'selfPayFirst', 'eligibleAmount', 'deductibleApplied'] as const;
/** Who pays, in the order the tiers settle. */
const PAYERS = ['basicPaid', 'largeAmountPaid', 'civilServantPaid', 'enterpriseSupplementPaid', 'disabledVeteranPaid', 'criticalPaid', 'assistancePaid', 'extraHelpPaid'] as const;
/** Why the patient pays what is left. */
const REASONS = ['oopSelfPayItems', 'oopSelfPayFirst', 'oopBelowDeductible', 'oopCoinsurance', 'oopAboveCap'] as const;
/** How the patient's share is paid. */
const PATIENT_PAYS = ['accountPaid', 'familyAccountPaid', 'cashPaid'] as const;
/** Claim inputs shown under the bill, when present. */
const CLAIM_FIELDS = ['admissionDate', 'dischargeDate', 'visitType', 'hospitalLevel', 'category', 'crossRegion'] as const;

const STYLE = `
@page{size:A4;margin:12mm}
*{box-sizing:border-box}
body{margin:0;color:#1f2328;background:#fff;font:12.5px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
main.letter{max-width:190mm;margin:0 auto;padding:8mm 6mm}
h1{font-size:1.35rem;margin:0 0 .2rem}h2{font-size:1rem;margin:.9rem 0 .3rem;border-bottom:1px solid #d1d9e0;padding-bottom:.1rem}
p{margin:.2rem 0}.muted{color:#59636e}
table{border-collapse:collapse;width:100%;margin:.2rem 0}
th,td{border-bottom:1px solid #e5e9ed;padding:.18rem .4rem;text-align:left;vertical-align:top}
th{font-weight:600;background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:700;border-top:2px solid #1f2328}
.why{color:#3d444d;font-size:.92em}
cite{font-style:normal}.citation a{color:#0b57d0}
.hash{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}
dl.claim{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.1rem 1rem;margin:.3rem 0}
dl.claim div{display:flex;gap:.4rem}dl.claim dt{color:#59636e}dl.claim dd{margin:0}
ol.sources{padding-left:1.2rem;margin:.2rem 0}ol.sources li{margin:.1rem 0}
footer{margin-top:.8rem;color:#59636e;font-size:.9em}
@media (max-width:600px){main.letter{padding:4mm 3mm}td,th{padding:.15rem .25rem}}
@media print{body{font-size:9.6px;line-height:1.32}main.letter{padding:0;max-width:none}h1{font-size:1.25rem}h2{margin:.45rem 0 .15rem}th,td{padding:.08rem .3rem}.why{font-size:.9em}footer{margin-top:.4rem}}
`
  .trim()
  .replace(/\n/g, '');

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function isZero(value: OutputValue | undefined): boolean {
  return typeof value === 'string' && /^-?0+(\.0+)?$/.test(value);
}

/**
 * The settlement letter of one claim as a whole HTML document (A4, print-ready, no script, no network).
 *
 * @param result a traced evaluation (`program.evaluate(claim, { trace: true })`) of a medical settlement ruleset
 * @param options the ruleset (`program.ruleset`), the language, the claim
 * @returns the HTML text
 * @example
 * const result = program.evaluate(claim, { trace: true });
 * const page = settlementLetterHtml(result, { ruleset: program.ruleset, lang: 'zh' });
 * //=> '<!doctype html><html lang="zh-CN">…结算说明…'
 * @category Docs
 */
export function settlementLetterHtml(result: EvaluationResult, options: LetterOptions): string {
  requireArgument(
    typeof result === 'object' && result !== null && typeof result.outputs === 'object' && result.outputs !== null && Array.isArray(result.trace),
    'settlementLetterHtml',
    'result',
    'a traced evaluation result (program.evaluate(claim, { trace: true }))',
    result,
  );
  requireArgument(
    isOptions(options) && typeof options === 'object' && options !== null && typeof options.ruleset === 'object' && options.ruleset !== null && typeof options.ruleset.rules === 'object',
    'settlementLetterHtml',
    'options',
    'an object { ruleset: program.ruleset, lang?, input? }',
    options,
  );
  requireArgument(options.lang === undefined || options.lang === 'zh' || options.lang === 'en', 'settlementLetterHtml', 'options.lang', "'zh' or 'en'", options.lang);
  const lang = options.lang ?? 'zh';
  const zh = lang === 'zh';
  const t = (a: string, b: string) => (zh ? a : b);
  const ruleset = options.ruleset;
  const trace = result.trace!;
  const byName = new Map(trace.map((r) => [r.name, r]));
  const outputs = result.outputs as Readonly<Record<string, OutputValue>>;
  const value = (name: string): OutputValue | undefined => (Object.hasOwn(outputs, name) ? outputs[name] : byName.get(name)?.value);
  const money = (v: OutputValue | undefined) => (v === undefined ? '—' : formatWithUnit(v, 'money', lang));
  const ruleLabel = (name: string) => own(ruleset.rules, name)?.label?.[lang] ?? byName.get(name)?.label?.[lang] ?? name;
  const cited = new Set<string>();

  const citation = (id: string | undefined): Html | null => {
    if (!id) return null;
    cited.add(id);
    const c = citationWords(ruleset, id, lang);
    return html`<span class="citation">${t('依据', 'Under')} <cite>${zh ? `《${c.title}》` : `“${c.title}”`}</cite> <sup>[${[...cited].indexOf(id) + 1}]</sup></span>`;
  };
  const why = (rule: RuleTrace | undefined): Html | null => {
    if (!rule) return null;
    const w = ruleWords(rule, ruleset, lang, trace);
    const parts: string[] = [];
    if (w.template) parts.push(w.template.map((p) => (typeof p === 'string' ? p : p.value)).join(''));
    else {
      if (w.text) parts.push(w.text);
      if (w.decided.length > 0) parts.push(zh ? `本次${w.decided.join('；')}。` : `Here ${w.decided.join('; ')}.`);
      if (!w.text && w.how) parts.push(zh ? `计算方法：${w.how}。` : `It is ${w.how}.`);
    }
    // The legal sources of the figures behind the amount: the parameters read by the rule and, through the rules it
    // reads, by everything it depends on (the deductible and the rate behind the pooling payment), then the rule's own.
    const figureSources: string[] = [];
    const seen = new Set<string>();
    const stack = [rule];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      for (const u of r.uses) {
        if (u.kind === 'parameter' && u.source && !figureSources.includes(u.source)) figureSources.push(u.source);
        else if (u.kind === 'rule' && byName.has(u.name)) stack.push(byName.get(u.name)!);
      }
    }
    const sources = [...figureSources.slice(0, 3), rule.source].filter((s, i, all): s is string => !!s && all.indexOf(s) === i);
    return html`<div class="why">${parts.join(zh ? '' : ' ')} ${join(sources.map((s) => citation(s)), zh ? '；' : '; ')}</div>`;
  };

  // ── the claim and the bill ──
  const input = options.input ?? inputsOf(trace);
  const claimItems = CLAIM_FIELDS.flatMap((name) => {
    const v = own(input, name);
    if (v === undefined || v === null) return [];
    const decl = own(ruleset.inputs, name);
    const shown = decl?.type === 'enum' && typeof v === 'string' ? enumLabel(ruleset, v, lang, [name]) : String(v);
    const label = decl?.label?.[lang].replace(/[（(].*$/, '') ?? name;
    return [html`<div><dt>${label}</dt><dd>${shown}</dd></div>`];
  });
  const billRows = BILL.filter((n) => value(n) !== undefined).map(
    (n) => html`<tr${n === 'eligibleAmount' ? html` class="total"` : ''}><td>${ruleLabel(n)}</td><td class="num">${money(value(n))}</td></tr>`,
  );

  // ── who pays ──
  const payers = PAYERS.filter((n) => value(n) !== undefined);
  const paying = payers.filter((n) => !isZero(value(n)) || n === 'basicPaid');
  const notPaying = payers.filter((n) => !paying.includes(n));
  const payerRows = paying.map((n) => html`<tr><td><strong>${ruleLabel(n)}</strong>${why(byName.get(n))}</td><td class="num">${money(value(n))}</td></tr>`);
  const fundTotal = value('fundPaid');
  const funds = html`<table><thead><tr><th>${t('支付方', 'Payer')}</th><th class="num">${t('金额', 'Amount')}</th></tr></thead><tbody>${payerRows}${
    fundTotal !== undefined ? html`<tr class="total"><td>${ruleLabel('fundPaid')}</td><td class="num">${money(fundTotal)}</td></tr>` : null
  }</tbody></table>${
    notPaying.length > 0
      ? html`<p class="muted">${t('本次未支付：', 'Not paying this claim: ')}${notPaying.map((n) => ruleLabel(n).replace(/\s*[（(][a-z_]+[)）]$/, '')).join(zh ? '、' : ', ')}${t('。', '.')}</p>`
      : null
  }`;

  // ── what the patient pays and why ──
  const oop = value('outOfPocket');
  const reasons = REASONS.filter((n) => value(n) !== undefined && !isZero(value(n))).map(
    (n) => html`<tr><td>${sentenceCase(ruleLabel(n).replace(/^个人负担原因：|^Patient pays because: /, ''))}${why(byName.get(n))}</td><td class="num">${money(value(n))}</td></tr>`,
  );
  const pays = PATIENT_PAYS.filter((n) => value(n) !== undefined && (!isZero(value(n)) || n === 'cashPaid')).map(
    (n) => html`<tr><td>${ruleLabel(n)}</td><td class="num">${money(value(n))}</td></tr>`,
  );
  const patient =
    oop === undefined
      ? null
      : html`<h2>${t('个人负担及原因', 'What you pay, and why')}</h2><table><tbody>${reasons}<tr class="total"><td>${ruleLabel('outOfPocket')}</td><td class="num">${money(oop)}</td></tr>${pays}</tbody></table>`;

  // ── year to date ──
  const ytdRows = trace
    .filter((r) => r.output && (r.name.startsWith('ytdAfter') || r.name === 'accountBalanceAfter') && !isZero(r.value) && r.value !== 0)
    .map((r) => html`<tr><td>${ruleLabel(r.name)}</td><td class="num">${formatWithUnit(r.value, r.valueType, lang)}</td></tr>`);
  const ytd = ytdRows.length > 0 ? html`<h2>${t('本医保年度累计（本笔结算后）', 'Year to date (after this claim)')}</h2><table><tbody>${ytdRows}</tbody></table>` : null;

  // ── sources and provenance ──
  const sourceItems = [...cited].map((id) => {
    const c = citationWords(ruleset, id, lang);
    const url = safeUrl(c.url);
    const title = zh ? `《${c.title}》` : `“${c.title}”`;
    return html`<li><cite>${url ? html`<a href="${url}" rel="noreferrer">${title}</a>` : title}</cite> — ${c.details}</li>`;
  });
  const p = result.provenance;
  const title = t('医疗费用结算说明', 'Medical settlement letter');
  const body: Child = html`<main class="letter"><h1>${title}</h1><p class="muted">${ruleset.label[lang]} · ${t('结算日期', 'settled as of')} ${p.date}</p>${
    claimItems.length > 0 ? html`<dl class="claim">${claimItems}</dl>` : null
  }<h2>${t('费用', 'The bill')}</h2><table><tbody>${billRows}</tbody></table><h2>${t('各方支付', 'Who pays what')}</h2>${funds}${patient}${ytd}<h2>${t(
    '依据的文件',
    'Sources',
  )}</h2><ol class="sources">${sourceItems}</ol><footer>${t('规则集', 'Ruleset')} <code>${p.ruleset}@${p.version}</code>${
    p.chain.length > 1 ? html` (${p.chain.join(' → ')})` : null
  } · ${t('内容哈希', 'content hash')} <span class="hash">${p.hash}</span><br>${assumed(p, lang)}${t(
    '本说明由 minsheng-rules 按上述规则集计算生成；金额以医保经办机构的结算单为准。',
    'Computed by minsheng-rules from the ruleset above; the insurer’s own settlement statement is authoritative.',
  )}</footer></main>`;
  return html`<!doctype html>
<html lang="${zh ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${p.ruleset}@${p.version}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.value;
}

/** Figures the caller supplied where the ruleset publishes none (`compile(…, { assume })`): said on the letter. */
function assumed(p: EvaluationResult['provenance'], lang: WordsLanguage): Html | null {
  const a = (p as { assumptions?: Readonly<Record<string, unknown>> }).assumptions;
  if (!a || Object.keys(a).length === 0) return null;
  const list = Object.entries(a).map(([k, v]) => `${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(lang === 'zh' ? '；' : '; ');
  return html`<strong>${lang === 'zh' ? '调用方假定的未公布数值：' : 'Unpublished figures assumed by the caller: '}</strong>${list}<br>`;
}

/** The inputs a trace recorded (top-level values), when the caller does not pass the claim. */
function inputsOf(trace: readonly RuleTrace[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const rule of trace) for (const use of rule.uses) if (use.kind === 'input' && !(use.name in out)) out[use.name] = use.value;
  return out;
}
