/**
 * Synchronous, file-system-free loading: for browsers and for rulesets held in memory.
 */
import { requireArgument } from '../errors';
import { parseRulesetText } from './load';
import { resolveRuleset } from './overlay';
import type { RulesetRegistry } from './registry';
import type { ResolvedRuleset } from './resolved';

/**
 * Parses ruleset text (YAML or JSON) and resolves its `extends` chain from `registry`.
 *
 * @example
 * const resolved = parseRuleset(yamlText, { file: 'city.yaml', registry });
 * compile(resolved).evaluate(input, { date: '2026-03-01' });
 */
export function parseRuleset(text: string, options: { file: string; format?: 'yaml' | 'json'; registry?: RulesetRegistry }): ResolvedRuleset {
  requireArgument(typeof options === 'object' && options !== null && typeof options.file === 'string', 'parseRuleset', 'options', "an object { file: 'name.yaml', format?, registry? }", options);
  const file = parseRulesetText(text, { file: options.file, ...(options.format ? { format: options.format } : {}) });
  return resolveRuleset(file, options.registry);
}
