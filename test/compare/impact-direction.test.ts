import { describe, expect, it } from 'vitest';
import { loadRuleset } from '../../src/node/load';
import { compile } from '../../src/engine/program';
import { inputValidator, measureImpact } from '../../src/compare/impact';
import { syntheticInputs, validSyntheticInputs } from '../../src/compare/population';
import { diffRulesets } from '../../src/compare/diff';
import { diffHtml, diffText } from '../../src/docs/diff-render';
import { MinshengError } from '../../src/errors';

const DATE = '2026-06-01';

async function county() {
  const a = await loadRuleset('cn/medical/nanchang');
  const b = await loadRuleset('examples/regional/example-county.yaml');
  return { a, b, pa: compile(a), pb: compile(b) };
}

/** A tertiary inpatient claim with a bill in totals (Nanchang's terms; the county changes the tertiary deductible). */
function claim(level: string, total: number) {
  return { dischargeDate: DATE, birthDate: '1980-05-01', hospitalLevel: level, bill: { total, inCatalogue: total } };
}

describe('direction-aware impact (the county example against Nanchang)', () => {
  it('a lower out-of-pocket payment is a gain for the person; a higher basic payout too', async () => {
    const { pa, pb } = await county();
    const impact = measureImpact(pa, pb, [{ input: claim('tertiary', 20000) }, { input: claim('secondary', 20000) }], { population: { kind: 'cases', description: 'two' } });
    const oop = impact.outputs.find((o) => o.name === 'outOfPocket')!;
    const basic = impact.outputs.find((o) => o.name === 'basicPaid')!;
    expect(oop.direction).toBe('cost');
    expect(basic.direction).toBe('benefit');
    // the county's tertiary deductible is lower than Nanchang's: the tertiary claim's basic payout rises, what the patient pays falls
    expect([basic.higher, basic.lower, basic.gain, basic.lose]).toEqual([1, 0, 1, 0]);
    expect([oop.higher, oop.lower, oop.gain, oop.lose]).toEqual([0, 1, 1, 0]);
    expect(impact.invalid).toBe(0);
  });

  it('never sums rates or counts, only money; rounds means', async () => {
    const { a, b, pa, pb } = await county();
    const validate = inputValidator([pa, pb], DATE);
    const { inputs } = validSyntheticInputs({ ...a.inputs, ...b.inputs }, { count: 150, date: DATE, dateInput: 'dischargeDate', validate });
    const impact = measureImpact(pa, pb, inputs.map((input) => ({ input })), { date: DATE, population: { kind: 'synthetic', description: '150' } });
    for (const o of impact.outputs) {
      const kind = o.type.replace(/\(.*$/, '');
      if (kind !== 'money') expect(o.totalDelta, o.name).toBeUndefined();
      if (o.delta && kind === 'money') expect(o.delta.mean, o.name).toMatch(/^-?\d+\.\d\d$/);
      if (o.delta && kind === 'rate') expect(o.delta.mean.replace(/^-?\d*\.?/, '').length, o.name).toBeLessThanOrEqual(4);
    }
    const rate = impact.outputs.find((o) => o.name === 'basicPayRate')!;
    expect(rate.totalDelta).toBeUndefined();
  });

  it('breaks the change down by hospital level: only tertiary claims change', async () => {
    const { a, b, pa, pb } = await county();
    const validate = inputValidator([pa, pb], DATE);
    const { inputs } = validSyntheticInputs({ ...a.inputs, ...b.inputs }, { count: 400, date: DATE, dateInput: 'dischargeDate', validate });
    const impact = measureImpact(pa, pb, inputs.map((input) => ({ input })), { date: DATE, by: 'hospitalLevel', population: { kind: 'synthetic', description: '400' } });
    expect(impact.by).toBe('hospitalLevel');
    const basic = impact.outputs.find((o) => o.name === 'basicPaid')!;
    const groups = Object.fromEntries(basic.groups!.map((g) => [g.group, g]));
    expect(Object.keys(groups).sort()).toEqual(['primary', 'secondary', 'tertiary']);
    expect(groups['primary']!.higher + groups['primary']!.lower + groups['secondary']!.higher + groups['secondary']!.lower).toBe(0);
    expect(groups['tertiary']!.higher).toBeGreaterThan(0);
    // the groups partition the compared inputs, and their money totals add up to the whole
    expect(basic.groups!.reduce((n, g) => n + g.compared, 0)).toBe(basic.compared);
    const sum = basic.groups!.reduce((n, g) => n + Math.round(Number(g.totalDelta) * 100), 0);
    expect(sum).toBe(Math.round(Number(basic.totalDelta) * 100));
    const d = diffRulesets(a, b);
    const page = diffHtml(d, impact, { lang: 'en', byLabels: { primary: { zh: '一级', en: 'primary' }, secondary: { zh: '二级', en: 'secondary' }, tertiary: { zh: '三级', en: 'tertiary' } } });
    // what changed comes before the impact
    expect(page.indexOf('id="impact"')).toBeGreaterThan(page.indexOf('basic.deductible'));
    expect(page).toContain('By</span> <code>hospitalLevel</code>');
    expect(page).toContain('B − A by hospitalLevel');
    // a cost that falls is drawn green (#1a7f37) in the histogram of outOfPocket
    const oopSection = page.slice(page.indexOf('id="impact-outOfPocket"'));
    expect(oopSection.slice(0, oopSection.indexOf('</article>'))).toMatch(/<rect[^>]*fill="#1a7f37"><title>-/);
    const text = diffText(d, impact, { lang: 'en' }).join('\n');
    expect(text).toMatch(/invalid inputs 0\/400 · by hospitalLevel/);
    expect(text).toMatch(/ {2}hospitalLevel=tertiary/);
    expect(diffText(d, impact, { lang: 'en', color: true }).join('\n')).toContain('\u001b[32m');
  });

  it('generates only valid inputs: the plain generator gives invalid ones, the validated one none', async () => {
    const { a, b, pa, pb } = await county();
    const decls = { ...a.inputs, ...b.inputs };
    const validate = inputValidator([pa, pb], DATE);
    const plain = syntheticInputs(decls, { count: 300, date: DATE, dateInput: 'dischargeDate' });
    const plainInvalid = plain.filter((i) => validate(i) !== undefined).length;
    expect(plainInvalid).toBeGreaterThan(0);
    const valid = validSyntheticInputs(decls, { count: 300, date: DATE, dateInput: 'dischargeDate', validate });
    expect(valid.inputs.length).toBe(300);
    expect(valid.inputs.filter((i) => validate(i) !== undefined).length).toBe(0);
    expect(valid.drawn - 300).toBe(Object.values(valid.rejected).reduce((n, x) => n + x, 0));
    // deterministic
    expect(validSyntheticInputs(decls, { count: 50, date: DATE, dateInput: 'dischargeDate', validate }).inputs).toEqual(valid.inputs.slice(0, 50));
    const impact = measureImpact(pa, pb, valid.inputs.map((input) => ({ input })), { date: DATE, population: { kind: 'synthetic', description: '300' } });
    expect(impact.invalid).toBe(0);
    expect(Object.keys(impact.errorsA).filter((c) => c.startsWith('input/'))).toEqual([]);
  });

  it('refuses a by that is not an enum input, and a validator nothing passes', async () => {
    const { a, pa, pb } = await county();
    expect(() => measureImpact(pa, pb, [], { by: 'bill', population: { kind: 'cases', description: '' } })).toThrow(MinshengError);
    expect(() => validSyntheticInputs(a.inputs, { count: 1, date: DATE, validate: () => 'input/invalid', maxDrawsPerInput: 5 })).toThrow(/no valid input in 5 draws/);
  });
});
