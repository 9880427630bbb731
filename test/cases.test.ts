/**
 * Every test case of every bundled ruleset (inline `tests:` and `<name>.cases.yaml`), one vitest test
 * per case, so `npm test` covers the rulesets as well as the code. A ruleset that does not load or
 * compile is one failing test carrying its issues.
 */
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../src/errors';
import { runCase, type CaseResult } from '../src/engine/cases';
import { buildRegistry, findRulesetFiles, loadRulesetCases, type LoadedCases } from '../src/node/cases-files';
import { formatCell } from '../src/present/explain';

const files = findRulesetFiles('rulesets');
// One registry for every file: the bundled rulesets are parsed once.
const { registry } = await buildRegistry([]);
const loaded = await Promise.all(
  files.map(async (file): Promise<LoadedCases | { file: string; error: unknown }> => {
    try {
      return await loadRulesetCases(file, { registry });
    } catch (error) {
      return { file, error };
    }
  }),
);

/** Why a case failed, in the words `minsheng test` uses. */
function explainFailure(r: CaseResult): string {
  const lines = [r.failure ?? '', ...r.mismatches.map((m) => `${m.output}: expected ${formatCell(m.expected)}, actual ${m.actual === undefined ? '—' : formatCell(m.actual)}${m.reason ? ` (${m.reason})` : ''}`)];
  if (r.note) lines.push(`note: ${r.note}`);
  return lines.filter(Boolean).join('\n');
}

describe('bundled rulesets', () => {
  it('include at least one ruleset with cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const entry of loaded) {
    if ('error' in entry) {
      it(`${entry.file} loads and compiles`, () => {
        const e = entry.error as { issues?: Parameters<typeof formatIssues>[0] };
        throw new Error(e.issues ? formatIssues(e.issues) : String(entry.error));
      });
      continue;
    }
    const { program, cases, file } = entry;
    describe(`${program.id}@${program.version} (${file})`, () => {
      if (cases.length === 0) {
        it.skip('has no test cases', () => {});
        return;
      }
      for (const testCase of cases) {
        it(testCase.name, () => {
          const result = runCase(program, testCase, { file });
          expect(result.passed, explainFailure(result)).toBe(true);
        });
      }
    });
  }
});
