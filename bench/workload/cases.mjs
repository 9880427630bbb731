// The 7 worked cases of /work/shared/bench-workload.md, with expected outputs as
// 2-decimal strings. Fields the spec does not mention for a case are 0 (ytd amounts)
// or 0 (classB when total = eligible). Every case was checked by hand against the
// policy text (all 7 add up; none contradicts the policy):
//
// Policy constants: deductible {1: 200, 2: 500, 3: 1000}, rate {1: .90, 2: .75, 3: .60};
// dibao/tekun: deductible × 0.5, rate + 0.05. Basic cap 200,000/yr; critical threshold
// 15,000, bands 60 % of first 50,000 above it, 70 % of next 50,000, 80 % beyond, cap
// 400,000/yr; assistance tekun 100 % > 0, dibao 70 % > 0, edge 60 % > 3,000, none 0,
// cap 50,000/yr. round2 = half-up to 0.01, once per tier on the raw payout, before the cap.
//
// 1. L2 none, total 12000, eligible 10000, classB 500:
//    remDed = 500; basic = round2((10000 − 500) × 0.75) = 7125 (cap 200000).
//    inPolicyOop = 10000 − 7125 = 2875 ≤ 15000 → critical 0. none → assistance 0.
//    oop = 12000 − 7125 = 4875. ✔ (classB 500 lies inside total − eligible = 2000.)
// 2. L3 tekun, total 300000, eligible 280000, classB 10000: deductible 500, rate 0.65.
//    basic = (280000 − 500) × 0.65 = 181675 (< 200000). [Subtracting classB from eligible
//    would give (280000 − 10000 − 500) × 0.65 = 175175 ≠ 181675, so classB is NOT part
//    of eligibleCost: it is part of the out-of-catalogue rest.]
//    inPolicyOop = 98325; above 15000 = 83325 → 50000 × 0.6 + 33325 × 0.7
//    = 30000 + 23327.5 = 53327.50. remaining = 98325 − 53327.5 = 44997.50, tekun 100 %
//    → 44997.50 (< 50000). oop = 300000 − 181675 − 53327.5 − 44997.5 = 20000. ✔
// 3. L2 none, total = eligible = 500.06: basic = round2(0.06 × 0.75 = 0.045) = 0.05
//    (half-up on an exact half fen; in floats 500.06 − 500 = 0.0600000000000023 happens to
//    land above the half, so even the naive float peer gets this case right by luck).
//    inPolicyOop = 500.01, critical 0, assistance 0, oop = 500.01. ✔
// 4. L1 none, total = eligible = 500000, ytdBasicPaid 150000:
//    raw basic = 499800 × 0.9 = 449820, cap 200000 − 150000 = 50000 → 50000.
//    inPolicyOop = 450000; above = 435000 → 30000 + 35000 + 335000 × 0.8 (268000)
//    = 333000 (< 400000). remaining 117000, none → 0. oop = 500000 − 50000 − 333000
//    = 117000. ✔
// 5. L2 edge, total = eligible = 20000: basic = 19500 × 0.75 = 14625. inPolicyOop = 5375
//    → critical 0. edge: (5375 − 3000) × 0.6 = 1425. oop = 20000 − 14625 − 1425 = 3950. ✔
// 6. L1 dibao, total = eligible = 100000, ytdAssistancePaid 49000: deductible 100,
//    rate 0.95 → basic = 99900 × 0.95 = 94905. inPolicyOop = 5095 → critical 0.
//    dibao 70 % × 5095 = 3566.50, cap 50000 − 49000 = 1000 → 1000.
//    oop = 100000 − 94905 − 1000 = 4095. ✔
// 7. L3 none, total 200000, eligible 180000, ytdDeductiblePaid 1000,
//    ytdCriticalPaid 399990.01: remDed 0 → basic = 180000 × 0.6 = 108000.
//    inPolicyOop = 72000; above 57000 → 30000 + 7000 × 0.7 = 34900, cap
//    400000 − 399990.01 = 9.99 → 9.99. remaining 71990.01, none → 0.
//    oop = 200000 − 108000 − 9.99 = 91990.01. ✔

/** @typedef {import('./generate.mjs').Claim} Claim */
/** @typedef {import('./generate.mjs').Settlement} Settlement */

/**
 * @param {Partial<Claim> & Pick<Claim, 'hospitalLevel' | 'personCategory' | 'totalCost' | 'eligibleCost'>} c
 * @returns {Claim}
 */
function claim(c) {
  return {
    insuredType: 'resident',
    hospitalLevel: c.hospitalLevel,
    totalCost: c.totalCost,
    eligibleCost: c.eligibleCost,
    classBSelfPayFirst: c.classBSelfPayFirst ?? 0,
    ytdDeductiblePaid: c.ytdDeductiblePaid ?? 0,
    ytdBasicPaid: c.ytdBasicPaid ?? 0,
    ytdCriticalPaid: c.ytdCriticalPaid ?? 0,
    ytdAssistancePaid: c.ytdAssistancePaid ?? 0,
    personCategory: c.personCategory,
  };
}

/**
 * @param {string} basicPaid
 * @param {string} criticalPaid
 * @param {string} assistancePaid
 * @param {string} outOfPocket
 * @returns {Settlement}
 */
function settled(basicPaid, criticalPaid, assistancePaid, outOfPocket) {
  return { basicPaid, criticalPaid, assistancePaid, outOfPocket };
}

/** @type {ReadonlyArray<{ name: string, claim: Claim, expected: Settlement }>} */
export const WORKED_CASES = [
  {
    name: '1: level 2, none, total 12000, eligible 10000, classB 500',
    claim: claim({ hospitalLevel: 2, personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 }),
    expected: settled('7125.00', '0.00', '0.00', '4875.00'),
  },
  {
    name: '2: level 3, tekun, total 300000, eligible 280000, classB 10000',
    claim: claim({ hospitalLevel: 3, personCategory: 'tekun', totalCost: 300000, eligibleCost: 280000, classBSelfPayFirst: 10000 }),
    expected: settled('181675.00', '53327.50', '44997.50', '20000.00'),
  },
  {
    name: '3: level 2, none, total = eligible = 500.06 (half fen rounds up)',
    claim: claim({ hospitalLevel: 2, personCategory: 'none', totalCost: 500.06, eligibleCost: 500.06 }),
    expected: settled('0.05', '0.00', '0.00', '500.01'),
  },
  {
    name: '4: level 1, none, total = eligible = 500000, ytdBasicPaid 150000',
    claim: claim({ hospitalLevel: 1, personCategory: 'none', totalCost: 500000, eligibleCost: 500000, ytdBasicPaid: 150000 }),
    expected: settled('50000.00', '333000.00', '0.00', '117000.00'),
  },
  {
    name: '5: level 2, edge, total = eligible = 20000',
    claim: claim({ hospitalLevel: 2, personCategory: 'edge', totalCost: 20000, eligibleCost: 20000 }),
    expected: settled('14625.00', '0.00', '1425.00', '3950.00'),
  },
  {
    name: '6: level 1, dibao, total = eligible = 100000, ytdAssistancePaid 49000',
    claim: claim({ hospitalLevel: 1, personCategory: 'dibao', totalCost: 100000, eligibleCost: 100000, ytdAssistancePaid: 49000 }),
    expected: settled('94905.00', '0.00', '1000.00', '4095.00'),
  },
  {
    name: '7: level 3, none, total 200000, eligible 180000, ytdDeductiblePaid 1000, ytdCriticalPaid 399990.01',
    claim: claim({
      hospitalLevel: 3,
      personCategory: 'none',
      totalCost: 200000,
      eligibleCost: 180000,
      ytdDeductiblePaid: 1000,
      ytdCriticalPaid: 399990.01,
    }),
    expected: settled('108000.00', '9.99', '0.00', '91990.01'),
  },
];
