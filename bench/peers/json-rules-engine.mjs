// json-rules-engine 7.x peer, written the way the library is meant to be used for a job
// like this one:
// - one shared Engine, built once;
// - rules (JSON) whose conditions pick the policy parameters by hospital level and person
//   category, and decide whether the critical-illness tier applies; their events carry the
//   parameters as decimal strings;
// - engine-level event handlers store the chosen parameters in the run's almanac;
// - the money is computed by dynamic facts (engine.addFact) with decimal.js, reading the
//   claim and the chosen parameters from the almanac (cached per run by the almanac);
// - a custom operator compares decimal.js values exactly.
// Claims are settled one at a time (engine.run() mutates engine.status, so one shared
// engine must not run two claims concurrently).
import Decimal from 'decimal.js';
import { Engine } from 'json-rules-engine';

/** @typedef {import('../workload/generate.mjs').Claim} Claim */
/** @typedef {import('../workload/generate.mjs').Settlement} Settlement */
/** @typedef {import('json-rules-engine').Almanac} Almanac */

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const ZERO = new D(0);

/** @param {Decimal} x */
const round2 = (x) => x.toDecimalPlaces(2, D.ROUND_HALF_UP);

/**
 * The policy as json-rules-engine rules (plain JSON, as it would be stored).
 * Priorities order the evaluation: parameters first, then the tiers that depend on them.
 * @type {import('json-rules-engine').RuleProperties[]}
 */
export const RULES = [
  ...[
    [1, '200', '0.90'],
    [2, '500', '0.75'],
    [3, '1000', '0.60'],
  ].map(([level, deductible, rate]) => ({
    name: `basic-level-${level}`,
    priority: 100,
    conditions: { all: [{ fact: 'hospitalLevel', operator: 'equal', value: level }] },
    event: { type: 'basic-parameters', params: { deductible, rate } },
  })),
  {
    name: 'basic-poverty-relief',
    priority: 90,
    conditions: { all: [{ fact: 'personCategory', operator: 'in', value: ['dibao', 'tekun'] }] },
    event: { type: 'basic-adjustment', params: { deductibleFactor: '0.5', rateBonus: '0.05' } },
  },
  {
    name: 'critical-illness',
    priority: 50,
    conditions: { all: [{ fact: 'inPolicyOop', operator: 'decimalGreaterThan', value: '15000' }] },
    event: {
      type: 'critical-bands',
      params: {
        threshold: '15000',
        bands: [
          { upTo: '50000', rate: '0.60' },
          { upTo: '100000', rate: '0.70' },
          { upTo: null, rate: '0.80' },
        ],
      },
    },
  },
  ...[
    ['tekun', '1', '0'],
    ['dibao', '0.70', '0'],
    ['edge', '0.60', '3000'],
  ].map(([category, rate, threshold]) => ({
    name: `assistance-${category}`,
    priority: 10,
    conditions: { all: [{ fact: 'personCategory', operator: 'equal', value: category }] },
    event: { type: 'assistance-parameters', params: { rate, threshold } },
  })),
];

/**
 * Build the shared engine: rules, operator, handlers and dynamic facts.
 * @returns {Engine}
 */
export function createJsonRulesEngine() {
  const engine = new Engine(RULES);

  engine.addOperator('decimalGreaterThan', (/** @type {Decimal} */ a, /** @type {string} */ b) => a.gt(b));

  // Defaults for parameters that only some claims get from a rule.
  engine.addFact('deductibleFactor', new D(1));
  engine.addFact('rateBonus', ZERO);
  engine.addFact('criticalBands', null);
  engine.addFact('assistance', null);

  // Rule events → parameters in this run's almanac.
  engine.on('basic-parameters', (/** @type {any} */ params, almanac) => {
    almanac.addFact('deductible', new D(params.deductible));
    almanac.addFact('rate', new D(params.rate));
  });
  engine.on('basic-adjustment', (/** @type {any} */ params, almanac) => {
    almanac.addFact('deductibleFactor', new D(params.deductibleFactor));
    almanac.addFact('rateBonus', new D(params.rateBonus));
  });
  engine.on('critical-bands', (/** @type {any} */ params, almanac) => {
    almanac.addFact('criticalBands', {
      threshold: new D(params.threshold),
      bands: params.bands.map((/** @type {{ upTo: string | null, rate: string }} */ b) => ({
        upTo: b.upTo === null ? null : new D(b.upTo),
        rate: new D(b.rate),
      })),
    });
  });
  engine.on('assistance-parameters', (/** @type {any} */ params, almanac) => {
    almanac.addFact('assistance', { rate: new D(params.rate), threshold: new D(params.threshold) });
  });

  // Money, as dynamic facts computed with decimal.js (cached per run by the almanac).
  /** @param {Almanac} almanac @param {string} id @returns {Promise<Decimal>} */
  const money = async (almanac, id) => new D(await almanac.factValue(id));

  engine.addFact('basicPaid', async (_params, almanac) => {
    const eligible = await money(almanac, 'eligibleCost');
    /** @type {Decimal} */
    const deductible = (await almanac.factValue('deductible')).times(await almanac.factValue('deductibleFactor'));
    /** @type {Decimal} */
    const rate = (await almanac.factValue('rate')).plus(await almanac.factValue('rateBonus'));
    const remainingDeductible = D.max(ZERO, deductible.minus(await money(almanac, 'ytdDeductiblePaid')));
    const raw = D.max(ZERO, eligible.minus(remainingDeductible)).times(rate);
    const limit = D.max(ZERO, new D(200000).minus(await money(almanac, 'ytdBasicPaid')));
    return D.min(round2(raw), limit);
  });

  engine.addFact('inPolicyOop', async (_params, almanac) => {
    const eligible = await money(almanac, 'eligibleCost');
    /** @type {Decimal} */
    const basicPaid = await almanac.factValue('basicPaid');
    return eligible.minus(basicPaid);
  });

  engine.addFact('criticalPaid', async (_params, almanac) => {
    /** @type {{ threshold: Decimal, bands: { upTo: Decimal | null, rate: Decimal }[] } | null} */
    const critical = await almanac.factValue('criticalBands');
    if (critical === null) return ZERO;
    /** @type {Decimal} */
    const inPolicyOop = await almanac.factValue('inPolicyOop');
    const above = D.max(ZERO, inPolicyOop.minus(critical.threshold));
    let raw = ZERO;
    let from = ZERO;
    for (const band of critical.bands) {
      const to = band.upTo === null ? above : D.min(above, band.upTo);
      if (to.lte(from)) break;
      raw = raw.plus(to.minus(from).times(band.rate));
      from = to;
    }
    const limit = D.max(ZERO, new D(400000).minus(await money(almanac, 'ytdCriticalPaid')));
    return D.min(round2(raw), limit);
  });

  engine.addFact('assistancePaid', async (_params, almanac) => {
    /** @type {{ rate: Decimal, threshold: Decimal } | null} */
    const assistance = await almanac.factValue('assistance');
    if (assistance === null) return ZERO;
    /** @type {Decimal} */
    const inPolicyOop = await almanac.factValue('inPolicyOop');
    /** @type {Decimal} */
    const criticalPaid = await almanac.factValue('criticalPaid');
    const base = D.max(ZERO, inPolicyOop.minus(criticalPaid).minus(assistance.threshold));
    const limit = D.max(ZERO, new D(50000).minus(await money(almanac, 'ytdAssistancePaid')));
    return D.min(round2(base.times(assistance.rate)), limit);
  });

  engine.addFact('outOfPocket', async (_params, almanac) => {
    const total = await money(almanac, 'totalCost');
    /** @type {[Decimal, Decimal, Decimal]} */
    const [basic, critical, assistance] = await Promise.all([
      almanac.factValue('basicPaid'),
      almanac.factValue('criticalPaid'),
      almanac.factValue('assistancePaid'),
    ]);
    return total.minus(basic).minus(critical).minus(assistance);
  });

  return engine;
}

/**
 * Settle one claim on a shared engine.
 * @param {Engine} engine from createJsonRulesEngine()
 * @param {Claim} claim
 * @returns {Promise<Settlement>}
 */
export async function settleWithEngine(engine, claim) {
  const { almanac } = await engine.run(claim);
  /** @type {[Decimal, Decimal, Decimal, Decimal]} */
  const [basicPaid, criticalPaid, assistancePaid, outOfPocket] = await Promise.all([
    almanac.factValue('basicPaid'),
    almanac.factValue('criticalPaid'),
    almanac.factValue('assistancePaid'),
    almanac.factValue('outOfPocket'),
  ]);
  return {
    basicPaid: basicPaid.toFixed(2),
    criticalPaid: criticalPaid.toFixed(2),
    assistancePaid: assistancePaid.toFixed(2),
    outOfPocket: outOfPocket.toFixed(2),
  };
}

/**
 * Convenience: a settle function bound to one shared engine.
 * @returns {(claim: Claim) => Promise<Settlement>}
 */
export function createJsonRulesEngineSettle() {
  const engine = createJsonRulesEngine();
  return (claim) => settleWithEngine(engine, claim);
}
