import { describe, expect, it } from 'vitest';
import { loadRuleset } from '../../src/node/load';
import { prepareRuleset } from '../../src/docs/model';
import { rulesetPageHtml } from '../../src/docs/render';

async function page(id: string): Promise<string> {
  const doc = prepareRuleset(await loadRuleset(id));
  return rulesetPageHtml(doc, { lang: 'en', path: 'x', pages: new Map(), playground: false });
}

describe('ruleset pages: what this layer changes', () => {
  it('the county example page opens with its changes relative to Nanchang (the tertiary deductible from 2026, one added rule)', async () => {
    const html = await page('examples/regional/example-county.yaml');
    const start = html.indexOf('id="layer-changes"');
    expect(start).toBeGreaterThan(0);
    // before the rules and parameters sections
    expect(start).toBeLessThan(html.indexOf('id="rules"') > 0 ? html.indexOf('id="rules"') : Infinity);
    const block = html.slice(start, html.indexOf('</section>', start));
    expect(block).toContain('cn/medical/nanchang@');
    expect(block).toMatch(/<code>basic\.deductible<\/code>.*from<\/span> <code>2026-01-01<\/code>/s);
    expect(block).toMatch(/<code>countyPays<\/code>.*added/s);
    expect(block).not.toContain('basicPaid');
    // the chain label lists the actual layers
    expect(html).toContain('Overlay chain (3 layers: national → nanchang → example-county)');
  });
  it('a root ruleset has no such block', async () => {
    expect(await page('cn/medical/national')).not.toContain('id="layer-changes"');
  });
});
