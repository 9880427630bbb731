/**
 * Which costs count toward the critical-illness and assistance bases (issue 14, item 5): the `bases.*` switches of
 * cn/medical/national, national defaults cited, a region's choice by overlay. Hand arithmetic in the comments.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/engine/program';
import { createRegistry } from '../../../src/node/load';
import { parseRuleset } from '../../../src/ruleset/parse-api';
import { settleClaim, type Claim } from '../../../src/index';

const registry = await createRegistry();

/** Nanchang's residents' terms with the region's choice of the two switches (a test overlay, not a real region). */
function nanchangWith(includeDeductible: boolean, includeSelfPayFirst: boolean, classBShare = '0.10') {
  const text = `id: cn/medical/test-bases
jurisdiction: CN-99
version: 1.0.0
extends: cn/medical/nanchang@^2026.1
label: { zh: 测试, en: Test }
validity: { from: 2025-01-01 }
sources:
  - { id: bases-test, title: Made-up test choice of the switches, issuer: tests, status: inferred }
parameters:
  bases.includeDeductible:
    values: [{ from: 2025-01-01, value: ${includeDeductible}, source: bases-test }]
  bases.includeSelfPayFirst:
    values: [{ from: 2025-01-01, value: ${includeSelfPayFirst}, source: bases-test }]
  catalogue.classBSelfPayFirstRate:
    values: [{ from: 2025-01-01, value: ${classBShare}, source: bases-test }]
`;
  return compile(parseRuleset(text, { file: 'test-bases.yaml', registry }));
}

// Tertiary stay: 60,000 in catalogue of which 20,000 class B (10% self-pay first = 2,000, a test figure).
// in-policy 58,000; deductible 600; basic (58,000 − 600) × 60% = 34,440; in-policy self-pay 58,000 − 34,440 = 23,560.
const stay: Claim = { personId: 'p1', hospitalLevel: 'tertiary', dischargeDate: '2025-07-01', birthDate: '1970-01-01', bill: { total: '60000', inCatalogue: '60000', classB: '20000' } };

describe('bases.* switches', () => {
  it('national defaults: the deductible counts, self-pay first does not', () => {
    const s = settleClaim(stay, { ruleset: nanchangWith(true, false) });
    expect(s.tiers.basic).toBe('34440.00');
    // base 23,560; CII (23,560 − 17,000) × 60% = 3,936
    expect(s.outputs['compliantSelfPay']).toBe('23560.00');
    expect(s.tiers.criticalIllness).toBe('3936.00');
  });

  it('a region that counts class-B self-pay first widens the base', () => {
    const s = settleClaim(stay, { ruleset: nanchangWith(true, true) });
    // base 23,560 + 2,000 = 25,560; CII (25,560 − 17,000) × 60% = 5,136
    expect(s.outputs['compliantSelfPay']).toBe('25560.00');
    expect(s.tiers.criticalIllness).toBe('5136.00');
    // the CII pays more, the patient less; the reasons still sum to the share
    expect(s.outOfPocket.total).toBe('20424.00'); // 60,000 − 34,440 − 5,136
  });

  it('attributes relief beyond the in-policy self-pay to the self-pay-first reason', () => {
    // class-B share 50% (test figure): 10,000 class B → self-pay first 5,000, in-policy 5,000; deductible 600;
    // basic 4,400 × 60% = 2,640; in-policy self-pay 2,360; base 2,360 + 5,000 = 7,360, already above the CII
    // deductible this year (ytd 20,000): CII 7,360 × 60% = 4,416 — more than the in-policy self-pay.
    const s = settleClaim(
      { ...stay, bill: { total: '10000', inCatalogue: '10000', classB: '10000' } },
      { ruleset: nanchangWith(true, true, '0.50'), ytd: { criticalBase: '20000' } },
    );
    expect(s.tiers.criticalIllness).toBe('4416.00');
    // patient 10,000 − 2,640 − 4,416 = 2,944; relief 4,416 covers coinsurance 1,760 and the deductible 600,
    // the remaining 2,056 comes off self-pay first: 5,000 − 2,056 = 2,944
    expect(s.outOfPocket.total).toBe('2944.00');
    expect(s.outOfPocket.reasons).toEqual({ selfPayItems: '0.00', selfPayFirst: '2944.00', belowDeductible: '0.00', coinsurance: '0.00', aboveCap: '0.00' });
  });

  it('a region that leaves the deductible out narrows it', () => {
    const s = settleClaim(stay, { ruleset: nanchangWith(false, false) });
    // base 23,560 − 600 = 22,960; CII (22,960 − 17,000) × 60% = 3,576
    expect(s.outputs['compliantSelfPay']).toBe('22960.00');
    expect(s.tiers.criticalIllness).toBe('3576.00');
  });

  it('the bundled Nanchang ruleset keeps the national defaults', () => {
    const bundled = compile(parseRuleset(`id: cn/medical/test-plain
jurisdiction: CN-99
version: 1.0.0
extends: cn/medical/nanchang@^2026.1
label: { zh: 测试, en: Test }
sources:
  - { id: plain-test, title: Made-up class-B share, issuer: tests, status: inferred }
parameters:
  catalogue.classBSelfPayFirstRate:
    values: [{ from: 2025-01-01, value: 0.10, source: plain-test }]
`, { file: 'test-plain.yaml', registry }));
    expect(settleClaim(stay, { ruleset: bundled }).tiers.criticalIllness).toBe('3936.00');
  });
});
