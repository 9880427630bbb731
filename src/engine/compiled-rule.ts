/**
 * One rule after compilation, shared by the program and its fast path.
 */
import type { Checked } from '../expr/typecheck';
import type { Compiled } from '../expr/compile';
import type { Type } from '../expr/types';
import type { RuleDecl } from '../ruleset/schema';
import type { ruleTraceFactory, RuleTrace } from './trace';

export interface CompiledRule {
  readonly name: string;
  readonly decl: RuleDecl & { layer: { id: string; version: string }; replaced?: { id: string; version: string } };
  readonly type: Type;
  readonly checked: Checked;
  fn: Compiled;
  tracedFn: Compiled;
  /** The parts of the rule's trace that do not change between evaluations. */
  traceTemplate: Omit<RuleTrace, 'value' | 'uses' | 'branches' | 'comparisons'>;
  makeTrace: ReturnType<typeof ruleTraceFactory>;
}

/** Outputs are the rules not marked `output: false`; input checks never are. */
export function isOutput(rule: CompiledRule): boolean {
  return rule.decl.output !== false && !rule.decl.check;
}

export function layerName(layer: { id: string; version: string } | undefined): string | undefined {
  return layer ? `${layer.id}@${layer.version}` : undefined;
}

/** The file a layer came from, for messages (its id@version when it was registered from memory). */
export function fileOf(layer: { id: string; version: string; file?: string } | undefined): string {
  return layer?.file ?? layerName(layer) ?? '';
}
