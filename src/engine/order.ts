/**
 * The order rules run in: dependency order (cycles are compile errors) and, for a set of requested
 * outputs, the rules they need.
 */
import type { CompiledRule } from './compiled-rule';

/** The given rules and every rule they read, as sorted indexes (which is dependency order). */
export function closureOf(rules: readonly CompiledRule[], roots: readonly number[]): number[] {
  const index = new Map(rules.map((r, i) => [r.name, i]));
  const needed = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (needed.has(i)) continue;
    needed.add(i);
    for (const dep of rules[i]!.checked.ruleRefs) stack.push(index.get(dep)!);
  }
  return [...needed].sort((a, b) => a - b);
}

/** Rules in dependency order (iterative DFS: thousands of chained rules must not overflow the stack), or a cycle. */
export function dependencyOrder(refs: ReadonlyMap<string, ReadonlySet<string>>): { order: string[] } | { cycle: string[] } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  for (const root of refs.keys()) {
    if (state.has(root)) continue;
    const stack: { name: string; deps: string[] }[] = [{ name: root, deps: [...refs.get(root)!] }];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.deps.pop();
      if (next === undefined) {
        state.set(top.name, 'done');
        order.push(top.name);
        stack.pop();
        continue;
      }
      // A rule that did not parse has no entry: nothing to follow.
      if (!refs.has(next) || state.get(next) === 'done') continue;
      if (state.get(next) === 'visiting') {
        const names = stack.map((f) => f.name);
        return { cycle: [...names.slice(names.indexOf(next)), next] };
      }
      state.set(next, 'visiting');
      stack.push({ name: next, deps: [...refs.get(next)!] });
    }
  }
  return { order };
}
