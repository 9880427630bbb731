import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MinshengError, isMinshengError } from '../src/errors';

describe('MinshengError brand', () => {
  it('recognises its own errors, and nothing else', () => {
    const error = new MinshengError({ code: 'options/invalid', message: 'x' });
    expect(error instanceof MinshengError).toBe(true);
    expect(isMinshengError(error)).toBe(true);
    expect(error instanceof Error).toBe(true);
    for (const other of [new Error('x'), Object.assign(new Error('x'), { name: 'MinshengError', issues: [] }), null, undefined, 'MinshengError', {}, []]) {
      expect(other instanceof MinshengError).toBe(false);
      expect(isMinshengError(other)).toBe(false);
    }
    // The brand is not enumerable: JSON and Object.keys show only the error's own data.
    expect(Object.keys(error)).not.toContain(Symbol.for('minsheng-rules.MinshengError'));
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'MinshengError', code: 'options/invalid', issues: [{ code: 'options/invalid', message: 'x' }] });
  });

  it('keeps the ordinary prototype check for a subclass', () => {
    class Sub extends MinshengError {}
    expect(new Sub({ code: 'options/invalid', message: 'x' }) instanceof Sub).toBe(true);
    expect(new MinshengError({ code: 'options/invalid', message: 'x' }) instanceof Sub).toBe(false);
  });

  // The built ESM and CJS files are two copies of the class (a consumer mixing import and require gets
  // both); an error thrown by one must be recognised by the other. Needs dist/ (`npm run build`).
  it.skipIf(!existsSync('dist/index.js') || !existsSync('dist/index.cjs'))('works across the ESM and CJS builds in one process', () => {
    const script = `
      const cjs = require('./dist/index.cjs');
      import('./dist/index.js').then((esm) => {
        const thrown = (lib) => { try { lib.compile(null); } catch (e) { return e; } };
        const fromEsm = thrown(esm), fromCjs = thrown(cjs);
        console.log(JSON.stringify({
          twoClasses: esm.MinshengError !== cjs.MinshengError,
          esmByCjs: fromEsm instanceof cjs.MinshengError, cjsByEsm: fromCjs instanceof esm.MinshengError,
          guardEsmByCjs: cjs.isMinshengError(fromEsm), guardCjsByEsm: esm.isMinshengError(fromCjs),
          code: fromCjs.code, plainError: new Error('x') instanceof esm.MinshengError,
        }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      twoClasses: true, esmByCjs: true, cjsByEsm: true, guardEsmByCjs: true, guardCjsByEsm: true, code: 'options/invalid', plainError: false,
    });
  });
});
