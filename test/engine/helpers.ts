import { parseRuleset } from '../../src/ruleset/parse-api';
import { compile, type Program } from '../../src/engine/program';

/** Compiles a ruleset written inline in a test (YAML). */
export function programOf(yaml: string): Program {
  return compile(parseRuleset(yaml, { file: 'inline.yaml' }));
}

/** A minimal ruleset around the given inputs/parameters/rules blocks (YAML, already indented by 0). */
export function rulesetYaml(body: string): string {
  return `id: test/inline
jurisdiction: CN
version: 1.0.0
label: { zh: 测试, en: Test }
sources:
  - { id: src, title: Test source, issuer: tests, status: inferred }
${body}`;
}
