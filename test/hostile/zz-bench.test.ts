import { it } from 'vitest';
import * as now from '../../src/browser';
// @ts-ignore
import * as head from '/tmp/head/src/browser';
it('bench', () => {
  const claim = { id: 'c', personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01', bill: { total: '138300', inCatalogue: '121000' } } as const;
  const items = { id: 'c', personId: 'p', hospitalLevel: 'tertiary', dischargeDate: '2025-07-20', birthDate: '1975-01-01', items: Array.from({ length: 20 }, (_, i) => ({ amount: String(100 + i), class: 'AC'[i % 2] })) } as const;
  const time = (label: string, n: number, f: () => void) => { for (let i = 0; i < 3000; i++) f(); const t = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const u = process.cpuUsage(t); console.log(label, ((u.user + u.system) / n).toFixed(2), 'µs'); };
  for (const [name, lib] of [['head', head], ['now', now], ['head', head], ['now', now]] as const) {
    const p = (lib as typeof now).compile((lib as typeof now).bundledRuleset('cn/medical/nanchang'));
    time(`${name} settleClaim bill`, 20000, () => (lib as typeof now).settleClaim(claim, { ruleset: p }));
    time(`${name} settleClaim items`, 20000, () => (lib as typeof now).settleClaim(items as never, { ruleset: p }));
    const input = { dischargeDate: '2025-07-20', birthDate: '1975-01-01', hospitalLevel: 'tertiary', bill: { total: '138300', inCatalogue: '121000' } };
    time(`${name} evaluate`, 20000, () => p.evaluate(input));
    time(`${name} evaluate+opts`, 20000, () => p.evaluate(input, { date: '2025-07-20' }));
    console.log(name, JSON.stringify(p.diagnostics()));
  }
});
