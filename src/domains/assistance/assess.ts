/**
 * assessHousehold: which social-assistance schemes a household qualifies for, how much, and why.
 *
 * The facade is thin on purpose: the rules live in the assistance rulesets (`rulesets/cn/assistance/`). This
 * module validates the household, maps it onto the ruleset's inputs, evaluates with tracing, and shapes the
 * trace into per-scheme reasons — each test with its numbers and citation — plus, for a scheme that failed on a
 * numeric test, the threshold that would have made that test pass (read from the traced comparisons).
 */
import { z } from 'zod';
import { MinshengError, type Issue } from '../../errors';
import type { Program, Provenance } from '../../engine/program';
import { programFor, type RulesetRef } from '../program-for';
import { checkArg, date as dateSchema, requirePlainObject, rulesetRef, strictRecord } from '../fields';
import { staleFigureWarnings } from '../../engine/stale';
import type { OutputValue, RuleTrace } from '../../engine/trace';
import type { Label } from '../../ruleset/schema';
import { placeWithin, validateHousehold, type Household } from './household';

/** The schemes an assessment covers, in order of precedence. */
export type AssistanceScheme = 'extremePoverty' | 'minimumLivingAllowance' | 'lowIncomeMarginal' | 'rigidExpenditureHardship';

/** Options of {@link assessHousehold}. */
export interface AssessOptions {
  /** An assistance ruleset (e.g. `cn/assistance/example/gansu`), resolved or compiled. */
  readonly ruleset: RulesetRef;
  /** Assessment date `YYYY-MM-DD`: picks the standard and limits in force, and ages. */
  readonly date: string;
}

/** {@link AssessOptions} as a zod schema. */
export const assessOptionsSchema: z.ZodType<unknown> = strictRecord({ ruleset: rulesetRef, date: dateSchema }, 'options { ruleset, date }');

/** A citation, as declared in the ruleset. */
export interface Citation {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly issuer?: string;
  readonly docNumber?: string;
  readonly date?: string;
  readonly url?: string;
}

/** A comparison the rules made, with both sides as they cross the API (money with 2 decimals). */
export interface ReasonComparison {
  readonly expression: string;
  readonly left: string;
  readonly op: string;
  readonly right: string;
  readonly result: boolean;
}

/** One test of a scheme: passed or failed, with its numbers and the rule's citation. */
export interface AssessmentReason {
  /** The rule that decides the test. */
  readonly test: string;
  readonly label?: Label;
  /** The rule as the policy words it. */
  readonly text?: Label;
  /** `null`: the test cannot be decided because a figure it needs is not published (see `needs`). */
  readonly passed: boolean | null;
  /** For an undecided test: the unpublished figures it needs. */
  readonly needs?: readonly string[];
  readonly comparisons: readonly ReasonComparison[];
  readonly source?: Citation;
  /** One line in English, e.g. `✔ Per-capita income below the standard: 533.33 < 672.00`. */
  readonly message: string;
}

/** What a failed numeric test needed: `quantity op value`, e.g. per-capita income `<=` `1008.00`. */
export interface Threshold {
  readonly test: string;
  /** The quantity compared (a rule or input name, or a formula). */
  readonly quantity: string;
  readonly quantityLabel?: Label;
  readonly op: string;
  readonly value: string;
  readonly current: string;
  /** e.g. `would qualify with per-capita monthly income <= 1008.00 (now 1008.01)`. */
  readonly message: string;
}

/** The result for one scheme. */
export interface SchemeAssessment {
  readonly scheme: AssistanceScheme;
  readonly label?: Label;
  /**
   * `null`: cannot be determined because a figure it needs is not published in this region (see `needs`) —
   * only ever for a scheme that does not decide the household's category (that one is refused instead).
   */
  readonly eligible: boolean | null;
  /** For an undetermined scheme: the unpublished figures it needs. */
  readonly needs?: readonly string[];
  /** Monthly amount (yuan, 2 decimals) for schemes that pay one, when eligible. */
  readonly monthlyAmount?: string;
  readonly reasons: readonly AssessmentReason[];
  /** For an ineligible scheme: thresholds of the failed numeric tests. */
  readonly wouldQualifyWith: readonly Threshold[];
}

/** The result of {@link assessHousehold}. */
export interface HouseholdAssessment {
  readonly date: string;
  readonly provenance: Provenance;
  /** The category the household falls in (precedence 特困 → 低保 → 边缘 → 刚性支出), or `none`. */
  readonly category: AssistanceScheme | 'none';
  readonly householdSize: number;
  /** yuan/person/month */
  readonly minimumLivingStandard: string;
  readonly perCapitaMonthlyIncome: string;
  readonly schemes: readonly SchemeAssessment[];
  /** Every rule's trace, for auditors. */
  readonly trace: readonly RuleTrace[];
  /**
   * Problems that did not stop the assessment: `eval/stale-figures` when figures of the ruleset (the
   * standard, the limits) are its latest and took effect more than two years before the date. Empty when
   * there are none.
   */
  readonly warnings: readonly Issue[];
}

interface TestSpec {
  readonly rule: string;
  /** The value that counts as passing (false for "not already in …"). */
  readonly want: boolean;
}

interface SchemeSpec {
  readonly scheme: AssistanceScheme;
  readonly eligible: string;
  readonly amount?: string;
  readonly tests: readonly TestSpec[];
}

const PROPERTY: readonly TestSpec[] = [
  { rule: 'financialAssetTestPassed', want: true },
  { rule: 'vehicleTestPassed', want: true },
  { rule: 'housingTestPassed', want: true },
];

/** Which rules decide each scheme: names of the national assistance ruleset (cn/assistance/national). */
const SCHEMES: readonly SchemeSpec[] = [
  {
    scheme: 'extremePoverty',
    eligible: 'extremePovertyEligible',
    amount: 'extremePovertyMonthlyAmount',
    // 特困 counts income by its own list (income.countedTekun), so its income test is not 低保's.
    tests: [{ rule: 'noWorkCapacity', want: true }, { rule: 'tekunIncomeTestPassed', want: true }, ...PROPERTY, { rule: 'noAbleSupporter', want: true }],
  },
  {
    scheme: 'minimumLivingAllowance',
    eligible: 'dibaoEligible',
    amount: 'dibaoMonthlyAmount',
    tests: [{ rule: 'dibaoIncomeTestPassed', want: true }, ...PROPERTY, { rule: 'extremePovertyEligible', want: false }],
  },
  {
    scheme: 'lowIncomeMarginal',
    eligible: 'edgeEligible',
    tests: [{ rule: 'notInDibaoOrTekun', want: true }, { rule: 'edgeIncomeTestPassed', want: true }, ...PROPERTY],
  },
  {
    scheme: 'rigidExpenditureHardship',
    eligible: 'rigidExpenditureEligible',
    tests: [
      { rule: 'notInOtherSchemes', want: true },
      { rule: 'rigidIncomeTestPassed', want: true },
      ...PROPERTY,
      { rule: 'rigidExpenseTestPassed', want: true },
    ],
  },
];

const REQUIRED_RULES = ['category', 'householdSize', 'minimumLivingStandard', 'perCapitaMonthlyIncome', ...new Set(SCHEMES.flatMap((s) => [s.eligible, ...(s.amount ? [s.amount] : []), ...s.tests.map((t) => t.rule)]))];


/** A traced value as it reads in a reason: values arrive rendered for their type (money with 2 decimals). */
export function show(value: OutputValue): string {
  if (value === null) return 'nothing';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A ruleset source as a citation (title, issuer, 文号, date, link, status); an unknown id cites itself. */
export function citationOf(program: Program, id: string | undefined): Citation | undefined {
  if (!id) return undefined;
  const s = program.ruleset.sources[id];
  if (!s) return { id, title: id, status: 'unknown' };
  return {
    id,
    title: s.title,
    status: s.status,
    ...(s.issuer ? { issuer: s.issuer } : {}),
    ...(s.docNumber ? { docNumber: s.docNumber } : {}),
    ...(s.date ? { date: s.date } : {}),
    ...(s.url ? { url: s.url } : {}),
  };
}

const OP_TEXT: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '=', '!=': '≠' };

/** A failed numeric comparison of `rule` as the threshold that would have passed it. */
export function thresholdFrom(program: Program, rule: string, c: RuleTrace['comparisons'][number]): Threshold {
  const quantity = c.leftExpression.replace(/\s+/g, ' ').trim();
  const quantityLabel = labelOf(program, quantity);
  const value = show(c.right);
  const current = show(c.left);
  return {
    test: rule,
    quantity,
    ...(quantityLabel ? { quantityLabel } : {}),
    op: c.op,
    value,
    current,
    message: `would qualify with ${quantityLabel?.en ?? quantity} ${c.op} ${value} (now ${current})`,
  };
}

/** The label of a rule or input, for reasons. */
export function labelOf(program: Program, name: string): Label | undefined {
  return program.ruleset.rules[name]?.label ?? program.ruleset.inputs[name]?.label;
}

/**
 * Assesses a household for 特困 (extreme-poverty support), 低保 (minimum living allowance), 低保边缘
 * (low-income marginal household) and 刚性支出困难 (rigid-expenditure hardship) under an assistance ruleset.
 *
 * Every scheme comes back with `eligible`, the monthly amount where the scheme pays one, the reasons (each
 * test passed or failed, with the numbers compared and the rule's citation), and — when it failed on a numeric
 * test — the threshold that would have made that test pass.
 *
 * @param household members (birth date, relation, hukou …), monthly incomes by kind, property, rigid expenses
 * @param options the ruleset (resolved or compiled) and the assessment date
 * @returns one {@link SchemeAssessment} per scheme, the category, and the full trace
 * @throws MinshengError `household/invalid` (no members, a place outside the ruleset's region, dates after the
 *   assessment date), `input/*` (missing or wrong fields), `value/*` (negative or malformed amounts),
 *   `eval/no-value-in-force` (the region has not published a figure the rules need — nothing is guessed)
 * @example
 * const ruleset = await loadRuleset('cn/assistance/example/gansu');   // EXAMPLE figures, not official
 * const result = assessHousehold({
 *   members: [
 *     { birthDate: '1985-03-10', relation: 'applicant', hukou: { place: 'CN-62', type: 'urban' } },
 *     { birthDate: '1987-07-01', relation: 'spouse', hukou: { place: 'CN-62', type: 'urban' } },
 *   ],
 *   incomes: [{ kind: 'wages', monthlyAmount: '2016.01' }],
 * }, { ruleset, date: '2025-06-01' });
 * result.category; //=> 'none'
 * result.schemes[2].wouldQualifyWith[0].message;
 * //=> 'would qualify with Per-capita monthly income <= 1008.00 (now 1008.01)'
 */
export function assessHousehold(household: Household, options: AssessOptions): HouseholdAssessment {
  requirePlainObject(options, 'options/invalid', 'assessHousehold needs options { ruleset, date }');
  checkArg(options, assessOptionsSchema, { code: 'options/invalid' });
  const program = programFor(options.ruleset);
  const missing = REQUIRED_RULES.filter((r) => !Object.hasOwn(program.ruleTypes, r));
  if (missing.length > 0) {
    throw new MinshengError({
      code: 'options/invalid',
      message: `ruleset ${program.id} is not an assistance ruleset (it has no rule ${missing.slice(0, 3).join(', ')}); use one that extends cn/assistance/national`,
      path: ['ruleset'],
    });
  }
  const valid = validateHousehold(household, options.date);
  const jurisdiction = program.ruleset.jurisdiction;
  if (!placeWithin(valid.hukouPlace, jurisdiction)) {
    throw new MinshengError({
      code: 'household/invalid',
      message: `the applicant's hukou place ${valid.hukouPlace} is not covered by ${program.id} (${jurisdiction}): assess with that region's ruleset`,
      path: ['members', valid.applicant, 'hukou', 'place'],
    });
  }
  // Figures a region has not published: a scheme that needs one is reported undetermined, but the household's
  // category (and its amount) must not depend on one — then the assessment is refused, naming the figure.
  const result = program.evaluate(valid.input, { date: options.date, trace: true, unknowns: 'report' });
  const trace = result.trace ?? [];
  const byName = new Map(trace.map((t) => [t.name, t]));
  const out = result.outputs;
  const unknown = result.unknown ?? {};
  for (const name of ['category', 'householdSize', 'minimumLivingStandard', 'perCapitaMonthlyIncome']) {
    const u = unknown[name];
    if (u) throw new MinshengError(u.issues);
  }

  const reasonOf = (spec: TestSpec): AssessmentReason => {
    const t = byName.get(spec.rule);
    const undecided = unknown[spec.rule];
    if (undecided) {
      const label = labelOf(program, spec.rule);
      return {
        test: spec.rule,
        ...(label ? { label } : {}),
        passed: null,
        needs: undecided.needs,
        comparisons: [],
        message: `? ${label?.en ?? spec.rule}: cannot be decided, it needs ${undecided.needs.join(', ')} (not published)`,
      };
    }
    const value = t?.value ?? out[spec.rule];
    const passed = value === spec.want;
    const comparisons = (t?.comparisons ?? []).map((c) => ({ expression: c.expression.replace(/\s+/g, ' '), left: show(c.left), op: c.op, right: show(c.right), result: c.result }));
    const label = labelOf(program, spec.rule);
    const what = label?.en ?? spec.rule;
    const detail = comparisons
      .filter((c) => !/\bit\b/.test(c.expression))
      .map((c) => `${c.left} ${OP_TEXT[c.op] ?? c.op} ${c.right}`)
      .join('; ');
    const negated = spec.want ? '' : 'not: ';
    return {
      test: spec.rule,
      ...(label ? { label } : {}),
      ...(t?.text ? { text: t.text } : {}),
      passed,
      comparisons,
      ...(t?.source ? { source: citationOf(program, t.source)! } : {}),
      message: `${passed ? '✔' : '✘'} ${negated}${what}${detail ? `: ${detail}` : ''}`,
    };
  };

  const thresholdsOf = (spec: TestSpec): Threshold[] => {
    const t = byName.get(spec.rule);
    if (!t || t.value === spec.want || !spec.want) return [];
    const found: Threshold[] = [];
    for (const c of t.comparisons) {
      if (c.result || /\bit\b/.test(c.expression)) continue;
      found.push(thresholdFrom(program, spec.rule, c));
    }
    return found;
  };

  const category = out['category'];
  const schemes: SchemeAssessment[] = SCHEMES.map((spec) => {
    const label = labelOf(program, spec.eligible);
    const undetermined = unknown[spec.eligible];
    if (undetermined) {
      return { scheme: spec.scheme, ...(label ? { label } : {}), eligible: null, needs: undetermined.needs, reasons: spec.tests.map(reasonOf), wouldQualifyWith: [] };
    }
    const eligible = out[spec.eligible] === true;
    if (eligible && spec.amount && unknown[spec.amount]) throw new MinshengError(unknown[spec.amount]!.issues);
    const amount = spec.amount && eligible ? out[spec.amount] : undefined;
    return {
      scheme: spec.scheme,
      ...(label ? { label } : {}),
      eligible,
      ...(typeof amount === 'string' ? { monthlyAmount: amount } : {}),
      reasons: spec.tests.map(reasonOf),
      wouldQualifyWith: eligible ? [] : spec.tests.flatMap(thresholdsOf),
    };
  });

  const mapped: Record<string, AssistanceScheme | 'none'> = {
    extremePoverty: 'extremePoverty',
    minimumLivingAllowance: 'minimumLivingAllowance',
    lowIncomeMarginal: 'lowIncomeMarginal',
    rigidExpenditureHardship: 'rigidExpenditureHardship',
  };
  return {
    date: result.provenance.date,
    provenance: result.provenance,
    category: mapped[String(category)] ?? 'none',
    householdSize: Number(out['householdSize']),
    minimumLivingStandard: String(out['minimumLivingStandard']),
    perCapitaMonthlyIncome: String(out['perCapitaMonthlyIncome']),
    schemes,
    trace,
    warnings: staleFigureWarnings(program, result.provenance.date),
  };
}
