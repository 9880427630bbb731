import { it } from 'vitest';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { isMinshengError } from '../../src/errors';

const IDS = ['rulesets/cn/medical/national.yaml','rulesets/cn/medical/nanchang.yaml','rulesets/cn/medical/shanghai.yaml','rulesets/cn/medical/gansu.yaml',
 'rulesets/cn/assistance/national.yaml','rulesets/cn/assistance/nanchang.yaml','rulesets/cn/assistance/shanghai.yaml','rulesets/cn/assistance/gansu.yaml',
 'rulesets/cn/assistance/example/nanchang.yaml','rulesets/cn/assistance/example/shanghai.yaml','rulesets/cn/assistance/example/gansu.yaml',
 'rulesets/cn/entitlements/national.yaml','rulesets/cn/entitlements/example/zhejiang.yaml','rulesets/bench/settlement.yaml','examples/regional/example-county.yaml'];
it('diag', async () => {
  for (const id of IDS) {
    const r = await loadRuleset(id);
    const t0 = performance.now();
    try {
      const p = compile(r);
      const ms = performance.now() - t0;
      console.log(`== ${id} (${ms.toFixed(1)} ms) ${p.warnings.length} warnings`);
      for (const w of p.warnings) console.log(`  [${w.code}] ${w.message}`);
    } catch (e) {
      if (!isMinshengError(e)) throw e;
      console.log(`== ${id} ERRORS`);
      for (const w of e.issues) console.log(`  ✖ [${w.code}] ${w.message}`);
    }
  }
}, 120000);
