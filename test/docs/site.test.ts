import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { compareSite, generateDocs } from '../../src/node/site-fs';
import { overlayForest } from '../../src/docs/site';

// The committed docs of the bundled rulesets: regenerate with `npm run docs`.
const DOCS = 'docs/rules';

describe('docs/rules', () => {
  it('is what `minsheng docs rulesets` generates (run `npm run docs` when this fails)', async () => {
    // The browser bundle's bytes depend on the bundler, not on the rulesets: it is only checked to exist.
    const { files, issues } = await generateDocs(['rulesets'], { bundle: '/* checked for existence only */' });
    expect(issues).toEqual([]);
    const stale = compareSite(files, DOCS);
    expect(stale, `docs/rules is out of date — run \`npm run docs\`:\n${stale.map((s) => `  ${s.status} ${s.path}`).join('\n')}`).toEqual([]);
    expect(existsSync(`${DOCS}/assets/minsheng.js`)).toBe(true);
  });

  it('documents every bundled ruleset with its worked examples, in a national → region tree', async () => {
    const { docs } = await generateDocs(['rulesets/cn/medical'], { playground: false });
    const forest = overlayForest(docs);
    const medical = forest.get('cn/medical')!;
    expect(medical.map((n) => n.doc.resolved.id)).toEqual(['cn/medical/national']);
    const regions = medical[0]!.children;
    expect(regions.map((n) => n.doc.resolved.id).sort()).toEqual(['cn/medical/employee', 'cn/medical/gansu', 'cn/medical/nanchang', 'cn/medical/shanghai']);
    // The employee scheme is a layer of its own, with its regions under it.
    const employee = regions.find((n) => n.doc.resolved.id === 'cn/medical/employee')!;
    expect(employee.children.map((n) => n.doc.resolved.id).sort()).toEqual(['cn/medical/nanjing-employee', 'cn/medical/shenzhen-employee']);
    for (const d of docs) expect(d.cases.length, d.resolved.id).toBeGreaterThan(0);
  });
});
