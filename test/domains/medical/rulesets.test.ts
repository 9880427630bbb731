/**
 * Runs every medical ruleset's own cases (the same check as `npx minsheng test rulesets/cn/medical`) so a
 * failing case shows up in `vitest` with its arithmetic note.
 */
import { describe, expect, it } from 'vitest';
import { runRulesetFile } from '../../../src/node/cases-files';

const FILES = ['national', 'nanchang', 'shanghai', 'gansu'].map((n) => `rulesets/cn/medical/${n}.yaml`);

describe('medical rulesets', () => {
  for (const file of FILES) {
    it(`passes every case of ${file}`, async () => {
      const report = await runRulesetFile(file, { trace: false });
      expect(report.error, report.error ? `${report.error.code}: ${report.error.message}` : '').toBeUndefined();
      const failed = report.results
        .filter((r) => !r.passed)
        .map((r) => `${r.name}: ${r.failure ?? ''} ${JSON.stringify(r.mismatches)} ${r.error ? `${r.error.code} ${r.error.message}` : ''}`);
      expect(failed).toEqual([]);
      expect(report.results.length).toBeGreaterThan(0);
    });
  }
});
