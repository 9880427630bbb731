/**
 * What the generated docs are made from: each ruleset resolved and compiled, its test cases run (with
 * a full trace when they evaluate), and where every page lives in the site. Loading is here (Node);
 * rendering (render.ts, site.ts) is pure over this model.
 */
import { isMinshengError } from '../errors';
import { runCase, type CaseResult } from '../engine/cases';
import { compile, type EvaluationResult, type Program } from '../engine/program';
import type { ResolvedRuleset } from '../ruleset/resolved';
import type { TestCase } from '../ruleset/schema';

/** One worked example: a test case, whether it passes, and the traced evaluation. */
export interface DocCase {
  readonly test: TestCase;
  readonly result: CaseResult;
  /** The traced evaluation, when the case evaluates. */
  readonly traced?: EvaluationResult;
}

/** One ruleset of the site. */
export interface DocRuleset {
  readonly resolved: ResolvedRuleset;
  /** Absent when the ruleset does not compile (the page then shows the error). */
  readonly program?: Program;
  readonly compileError?: { readonly code: string; readonly message: string };
  /** The file it was loaded from, relative to the working directory (shown on the page). */
  readonly file?: string;
  readonly cases: readonly DocCase[];
}

/**
 * Compiles a resolved ruleset and runs its test cases, tracing each one that evaluates.
 *
 * @example
 * const doc = prepareRuleset(await loadRuleset('rulesets/bench/settlement.yaml'), 'rulesets/bench/settlement.yaml');
 * doc.cases.every((c) => c.result.passed); //=> true
 */
export function prepareRuleset(resolved: ResolvedRuleset, file?: string): DocRuleset {
  let program: Program;
  try {
    program = compile(resolved);
  } catch (error) {
    if (!isMinshengError(error)) throw error;
    return { resolved, compileError: { code: error.code, message: error.message }, ...(file ? { file } : {}), cases: [] };
  }
  const cases = resolved.tests.map((test): DocCase => {
    const result = runCase(program, test, { trace: false });
    let traced: EvaluationResult | undefined;
    try {
      traced = program.evaluate(test.input, { ...(test.date ? { date: test.date } : {}), trace: true });
    } catch {
      traced = undefined;
    }
    return { test, result, ...(traced ? { traced } : {}) };
  });
  return { resolved, program, ...(file ? { file } : {}), cases };
}

export { effectiveUntil, layerKey } from '../ruleset/resolved';

/** Where each ruleset's page lives: `cn/medical/gansu` (or `cn/medical/gansu.v2026.1.0` when a site holds several versions of an id). */
export function pagePaths(rulesets: readonly DocRuleset[]): Map<string, string> {
  const versions = new Map<string, number>();
  for (const r of rulesets) versions.set(r.resolved.id, (versions.get(r.resolved.id) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const r of rulesets) {
    const { id, version } = r.resolved;
    out.set(`${id}@${version}`, (versions.get(id) ?? 0) > 1 ? `${id}.v${version}` : id);
  }
  return out;
}

/** `../` repeated to climb from a page path to the site root. */
export function rootOf(pagePath: string): string {
  return '../'.repeat(pagePath.split('/').length - 1);
}

/** GB/T 2260 province-level names, for jurisdiction codes. */
const PROVINCES: Readonly<Record<string, readonly [string, string]>> = {
  '11': ['北京', 'Beijing'], '12': ['天津', 'Tianjin'], '13': ['河北', 'Hebei'], '14': ['山西', 'Shanxi'], '15': ['内蒙古', 'Inner Mongolia'],
  '21': ['辽宁', 'Liaoning'], '22': ['吉林', 'Jilin'], '23': ['黑龙江', 'Heilongjiang'], '31': ['上海', 'Shanghai'], '32': ['江苏', 'Jiangsu'],
  '33': ['浙江', 'Zhejiang'], '34': ['安徽', 'Anhui'], '35': ['福建', 'Fujian'], '36': ['江西', 'Jiangxi'], '37': ['山东', 'Shandong'],
  '41': ['河南', 'Henan'], '42': ['湖北', 'Hubei'], '43': ['湖南', 'Hunan'], '44': ['广东', 'Guangdong'], '45': ['广西', 'Guangxi'],
  '46': ['海南', 'Hainan'], '50': ['重庆', 'Chongqing'], '51': ['四川', 'Sichuan'], '52': ['贵州', 'Guizhou'], '53': ['云南', 'Yunnan'],
  '54': ['西藏', 'Tibet'], '61': ['陕西', 'Shaanxi'], '62': ['甘肃', 'Gansu'], '63': ['青海', 'Qinghai'], '64': ['宁夏', 'Ningxia'],
  '65': ['新疆', 'Xinjiang'], '71': ['台湾', 'Taiwan'], '81': ['香港', 'Hong Kong'], '82': ['澳门', 'Macao'],
};

/** A jurisdiction code in words: `CN` → 全国 national, `CN-62` → 甘肃 Gansu, `CN-360100` → 江西 · 360100 city level. */
export function jurisdictionName(code: string): { zh: string; en: string; level: 'national' | 'province' | 'city' } {
  if (code === 'CN') return { zh: '全国', en: 'National', level: 'national' };
  const digits = code.replace(/^CN-/, '');
  const province = PROVINCES[digits.slice(0, 2)];
  const isProvince = digits.length === 2 || /^\d\d0000$/.test(digits);
  if (isProvince) return { zh: province?.[0] ?? code, en: province?.[1] ?? code, level: 'province' };
  return { zh: `${province?.[0] ?? ''} · 市县级 ${digits}`, en: `${province?.[1] ?? ''} · city/county ${digits}`, level: 'city' };
}
