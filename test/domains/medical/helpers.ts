/** Shared loaders for the medical tests: each ruleset compiled once per test file. */
import { compile, loadRuleset, type Program } from '../../../src/index';

const cache = new Map<string, Promise<Program>>();

/** A bundled medical ruleset (`nanchang`, `shanghai`, `gansu`, `national`) or the illustrative test fixture. */
export function program(name: 'national' | 'nanchang' | 'shanghai' | 'gansu' | 'illustrative'): Promise<Program> {
  const path = name === 'illustrative' ? 'test/domains/medical/fixtures/illustrative/illustrative.yaml' : `rulesets/cn/medical/${name}.yaml`;
  let p = cache.get(path);
  if (!p) {
    p = loadRuleset(path).then((r) => compile(r));
    cache.set(path, p);
  }
  return p;
}
