/**
 * `minsheng serve`, in-process on an ephemeral loopback port: every route against the library's own results
 * (same numbers, same provenance hash), the hash in header and body, the OpenAPI document (valid, and every
 * operation in it called with plain fetch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import * as z from 'zod';
import { bundledRuleset, bundledRulesetIds } from '../../src/bundled/bundled-rulesets';
import { compile, type Program } from '../../src/engine/program';
import { settleClaim, settleYear } from '../../src/domains/medical';
import { assessHousehold } from '../../src/domains/assistance';
import { listEntitlements } from '../../src/domains/entitlements';
import { HASH_HEADER } from '../../src/server/app';
import { RulesetStore } from '../../src/server/store';
import { CASE_1, NANCHANG_CLAIM, call, idPath, startServer, wire, type Running } from './helpers';

let server: Running;
let bench: Program;
let nanchang: Program;
const HOUSEHOLD = {
  members: [
    { birthDate: '1985-03-10', relation: 'applicant', hukou: { place: 'CN-62', type: 'urban' } },
    { birthDate: '1987-07-01', relation: 'spouse', hukou: { place: 'CN-62', type: 'urban' } },
  ],
  incomes: [{ kind: 'wages', monthlyAmount: 1344 }],
};
const PERSON = { birthDate: '2023-12-15', hukou: { place: 'CN-620100' } };

beforeAll(async () => {
  server = await startServer();
  bench = compile(bundledRuleset('bench/settlement'));
  nanchang = compile(bundledRuleset('cn/medical/nanchang'));
});
afterAll(async () => {
  await server.app.close();
});

/** The hash header equals the body's rulesetHash. */
function expectHash(answer: { headers: Headers; body: { rulesetHash?: string } }, hash: string): void {
  expect(answer.headers.get(HASH_HEADER)).toBe(hash);
  expect(answer.body.rulesetHash).toBe(hash);
}

describe('GET /rulesets', () => {
  it('returns every bundled ruleset with the hash and chain compile gives', async () => {
    const a = await call(server.url, 'GET', '/rulesets');
    expect(a.status).toBe(200);
    const ids = bundledRulesetIds().map((r) => `${r.id}@${r.version}`).sort();
    expect(a.body.rulesets.map((r: { id: string; version: string }) => `${r.id}@${r.version}`).sort()).toEqual(ids);
    const row = a.body.rulesets.find((r: { id: string }) => r.id === 'cn/medical/nanchang');
    expect(row.hash).toBe(nanchang.hash);
    expect(row.chain).toEqual(['cn/medical/national@2026.1.0', 'cn/medical/nanchang@2026.1.0']);
    expectHash(a, server.store.current.hash);
    expect(server.store.current.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('GET /rulesets/{id}', () => {
  it('returns the resolved ruleset with its parameters, dates and sources, and no server file path', async () => {
    const a = await call(server.url, 'GET', `/rulesets/${idPath('cn/medical/nanchang')}`);
    expect(a.status).toBe(200);
    expectHash(a, nanchang.hash);
    expect(a.body.ruleset.id).toBe('cn/medical/nanchang');
    expect(a.body.outputs).toEqual(nanchang.outputs);
    expect(Object.keys(a.body.ruleset.parameters)).toEqual(Object.keys(nanchang.ruleset.parameters));
    const param = Object.values(a.body.ruleset.parameters)[0] as { values: { from: string }[] };
    expect(param.values[0]!.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(a.body.ruleset.sources).length).toBeGreaterThan(0);
    expect(a.text).not.toContain('/work/');
    expect(a.text).not.toContain('"file"');
  });

  it('takes id@version and refuses an unknown id with 404 ruleset/io', async () => {
    const ok = await call(server.url, 'GET', `/rulesets/${idPath('cn/medical/nanchang@2026.1.0')}`);
    expect(ok.status).toBe(200);
    const missing = await call(server.url, 'GET', `/rulesets/${idPath('cn/medical/atlantis')}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'ruleset/io', issues: [{ code: 'ruleset/io', path: ['ruleset'] }] });
    expectHash(missing, server.store.current.hash);
  });
});

describe('GET /rulesets/{id}/schema', () => {
  it("returns the JSON Schema of the ruleset's input (from program.inputSchema())", async () => {
    const a = await call(server.url, 'GET', `/rulesets/${idPath('bench/settlement')}/schema`);
    expect(a.status).toBe(200);
    expect(a.headers.get(HASH_HEADER)).toBe(bench.hash);
    expect(a.body['x-minsheng-ruleset-hash']).toBe(bench.hash);
    // inputSchema() is a zod schema at run time (typed without zod in the public declarations).
    const expected = z.toJSONSchema(bench.inputSchema() as z.ZodType, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as { properties: object };
    expect(bench.inputSchema().toJSONSchema({ target: 'draft-2020-12', io: 'input', unrepresentable: 'any' })).toEqual(expected);
    expect(a.body.properties).toEqual(wire(expected.properties));
    expect(Object.keys(a.body.properties).sort()).toEqual(Object.keys(bench.ruleset.inputs).sort());
  });
});

describe('POST /rulesets/{id}/evaluate', () => {
  it('returns the outputs and provenance program.evaluate returns (workload case 1: basicPaid 7125.00)', async () => {
    const a = await call(server.url, 'POST', `/rulesets/${idPath('bench/settlement')}/evaluate`, { input: CASE_1, date: '2025-06-01' });
    expect(a.status).toBe(200);
    const expected = bench.evaluate(CASE_1, { date: '2025-06-01' });
    expect(a.body.outputs).toEqual(wire(expected.outputs));
    expect(a.body.provenance).toEqual(wire(expected.provenance));
    // (10000 − 500 deductible) × 75% = 7125.00
    expect(a.body.outputs.basicPaid).toBe('7125.00');
    expectHash(a, expected.provenance.hash);
  });

  it("returns money as integer fen with money: 'fen', in one answer and in a batch line (7125.00 → 712500)", async () => {
    const a = await call(server.url, 'POST', `/rulesets/${idPath('bench/settlement')}/evaluate`, { input: CASE_1, date: '2025-06-01', money: 'fen' });
    expect(a.status).toBe(200);
    expect(a.body.outputs).toEqual(wire(bench.evaluate(CASE_1, { date: '2025-06-01', money: 'fen' }).outputs));
    expect(a.body.outputs.basicPaid).toBe(712500);
    const res = await fetch(`${server.url}/rulesets/${idPath('bench/settlement')}/evaluate-batch?date=2025-06-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ input: CASE_1, money: 'fen' })}\n${JSON.stringify({ input: CASE_1, money: 'cents' })}\n`,
      signal: AbortSignal.timeout(10_000),
    });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].outputs.basicPaid).toBe(712500);
    expect(lines[1].error).toMatchObject({ code: 'input/enum', issues: [{ path: ['money'] }] });
  });

  it('returns the trace and only the outputs asked for, as the library does', async () => {
    const a = await call(server.url, 'POST', `/rulesets/${idPath('bench/settlement')}/evaluate`, { input: CASE_1, date: '2025-06-01', trace: true, outputs: ['basicPaid'] });
    expect(a.status).toBe(200);
    const expected = bench.evaluate(CASE_1, { date: '2025-06-01', trace: true, outputs: ['basicPaid'] });
    expect(a.body.trace).toEqual(wire(expected.trace));
    expect(Object.keys(a.body.outputs)).toEqual(['basicPaid']);
  });

  it("refuses input the library refuses with 422 and the library's codes, paths inside the body", async () => {
    const a = await call(server.url, 'POST', `/rulesets/${idPath('bench/settlement')}/evaluate`, { input: { ...CASE_1, hospitalLevel: '9' }, date: '2025-06-01' });
    expect(a.status).toBe(422);
    expect(a.body.code).toBe('input/enum');
    expect(a.body.issues[0]).toMatchObject({ code: 'input/enum', path: ['input', 'hospitalLevel'] });
    expectHash(a, bench.hash);
    const date = await call(server.url, 'POST', `/rulesets/${idPath('bench/settlement')}/evaluate`, { input: CASE_1, date: '2025-02-30' });
    expect(date.status).toBe(422);
    expect(date.body.issues[0].path).toEqual(['date']);
  });

  it('refuses a body outside the envelope with 400 (schema validation): missing input, unknown field, wrong type', async () => {
    const path = `/rulesets/${idPath('bench/settlement')}/evaluate`;
    const missing = await call(server.url, 'POST', path, { date: '2025-06-01' });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0]).toMatchObject({ code: 'input/missing', path: ['input'] });
    const unknown = await call(server.url, 'POST', path, { input: CASE_1, dat: '2025-06-01' });
    expect(unknown.body.issues[0]).toMatchObject({ code: 'input/unknown-field', path: ['dat'] });
    const type = await call(server.url, 'POST', path, { input: CASE_1, trace: 'yes' });
    expect(type.status).toBe(400);
    expect(type.body.issues[0]).toMatchObject({ code: 'input/type', path: ['trace'] });
  });
});

describe('POST /rulesets/{id}/evaluate-batch', () => {
  it('answers NDJSON line by line, in order, with per-row errors in-line', async () => {
    const rows = [{ input: CASE_1 }, { input: { ...CASE_1, totalCost: -1 } }, 'not json', { input: { ...CASE_1, hospitalLevel: '3' }, date: '2025-07-01' }];
    const body = `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n\n`;
    const res = await fetch(`${server.url}/rulesets/${idPath('bench/settlement')}/evaluate-batch?date=2025-06-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get(HASH_HEADER)).toBe(bench.hash);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[0].outputs).toEqual(wire(bench.evaluate(CASE_1, { date: '2025-06-01' }).outputs));
    expect(lines[0].provenance.hash).toBe(bench.hash);
    expect(lines[1].error).toMatchObject({ code: 'value/negative', issues: [{ path: ['input', 'totalCost'] }], rulesetHash: bench.hash });
    expect(lines[2].error.code).toBe('io/format');
    expect(lines[3].outputs).toEqual(wire(bench.evaluate({ ...CASE_1, hospitalLevel: '3' }, { date: '2025-07-01' }).outputs));
  });
});

describe('the facades', () => {
  it('POST /settle returns what settleClaim returns', async () => {
    const a = await call(server.url, 'POST', '/settle', { claim: NANCHANG_CLAIM, ruleset: 'cn/medical/nanchang' });
    expect(a.status).toBe(200);
    const expected = settleClaim(NANCHANG_CLAIM, { ruleset: nanchang });
    const { rulesetHash, ...settlement } = a.body;
    expect(settlement).toEqual(wire(expected));
    expect(rulesetHash).toBe(expected.provenance.hash);
    expect(a.headers.get(HASH_HEADER)).toBe(nanchang.hash);
  });

  it("POST /settle refuses a bad claim with 422, the path inside 'claim'", async () => {
    const a = await call(server.url, 'POST', '/settle', { claim: { ...NANCHANG_CLAIM, bill: { total: 'x', inCatalogue: '1' } }, ruleset: 'cn/medical/nanchang' });
    expect(a.status).toBe(422);
    expect(a.body.issues[0]).toMatchObject({ code: 'value/invalid-number', path: ['claim', 'bill', 'total'] });
    const unknown = await call(server.url, 'POST', '/settle', { claim: NANCHANG_CLAIM, ruleset: 'cn/medical/atlantis' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ruleset/io');
  });

  it('POST /settle-year returns what settleYear returns', async () => {
    const person = { id: 'p-001', birthDate: '1975-01-01' };
    const claims = [NANCHANG_CLAIM, { ...NANCHANG_CLAIM, dischargeDate: '2025-09-20', admissionDate: '2025-09-02' }];
    const a = await call(server.url, 'POST', '/settle-year', { person, claims, ruleset: 'cn/medical/nanchang' });
    expect(a.status).toBe(200);
    const { rulesetHash, ...year } = a.body;
    expect(year).toEqual(wire(settleYear(person, claims, { ruleset: nanchang })));
    expect(rulesetHash).toBe(nanchang.hash);
  });

  it('POST /assess-household returns what assessHousehold returns', async () => {
    const program = compile(bundledRuleset('cn/assistance/example/gansu'));
    const a = await call(server.url, 'POST', '/assess-household', { household: HOUSEHOLD, ruleset: 'cn/assistance/example/gansu', date: '2025-06-01' });
    expect(a.status).toBe(200);
    const { rulesetHash, ...assessment } = a.body;
    expect(assessment).toEqual(wire(assessHousehold(HOUSEHOLD as never, { ruleset: program, date: '2025-06-01' })));
    expect(rulesetHash).toBe(program.hash);
  });

  it('POST /entitlements returns what listEntitlements returns (childcare subsidy 3600.00)', async () => {
    const program = compile(bundledRuleset('cn/entitlements/national'));
    const a = await call(server.url, 'POST', '/entitlements', { person: PERSON, ruleset: 'cn/entitlements/national', date: '2025-06-01', place: 'CN-62' });
    expect(a.status).toBe(200);
    const { rulesetHash, ...list } = a.body;
    expect(list).toEqual(wire(listEntitlements(PERSON, { ruleset: program, date: '2025-06-01', place: 'CN-62' })));
    expect(a.body.entitlements.find((e: { id: string }) => e.id === 'childcare-subsidy').amount).toBe('3600.00');
    expect(rulesetHash).toBe(program.hash);
  });
});

describe('RulesetStore.open', () => {
  it('serves only the ids asked for (parents read, not served), and refuses an id it does not have', async () => {
    const store = await RulesetStore.open([], { only: ['cn/medical/nanchang'] });
    expect([...store.current.programs.keys()]).toEqual(['cn/medical/nanchang@2026.1.0']);
    expect(store.current.programs.get('cn/medical/nanchang@2026.1.0')!.hash).toBe(nanchang.hash);
    await expect(RulesetStore.open([], { only: ['cn/medical/atlantis'] })).rejects.toMatchObject({ code: 'ruleset/io' });
  });
});

describe('GET /healthz, /readyz', () => {
  it('answers ok and ready with the set hash', async () => {
    const h = await call(server.url, 'GET', '/healthz');
    expect(h.status).toBe(200);
    expectHash(h, server.store.current.hash);
    const r = await call(server.url, 'GET', '/readyz');
    expect(r.body).toMatchObject({ status: 'ready', rulesets: bundledRulesetIds().length });
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, and a plain fetch of every operation in it gets its documented answer', async () => {
    const a = await call(server.url, 'GET', '/openapi.json');
    expect(a.status).toBe(200);
    expect(a.body.info['x-minsheng-ruleset-hash']).toBe(server.store.current.hash);
    const result = await validate(structuredClone(a.body));
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');

    // One example request per operation; an operation the document lists without one here fails the test.
    const examples: Record<string, { path: string; body?: unknown; type?: string }> = {
      'get /rulesets': { path: '/rulesets' },
      'get /rulesets/{id}': { path: `/rulesets/${idPath('bench/settlement')}` },
      'get /rulesets/{id}/schema': { path: `/rulesets/${idPath('bench/settlement')}/schema` },
      'post /rulesets/{id}/evaluate': { path: `/rulesets/${idPath('bench/settlement')}/evaluate`, body: { input: CASE_1, date: '2025-06-01' } },
      'post /rulesets/{id}/evaluate-batch': { path: `/rulesets/${idPath('bench/settlement')}/evaluate-batch?date=2025-06-01`, body: `${JSON.stringify({ input: CASE_1 })}\n`, type: 'application/x-ndjson' },
      'post /settle': { path: '/settle', body: { claim: NANCHANG_CLAIM, ruleset: 'cn/medical/nanchang' } },
      'post /settle-year': { path: '/settle-year', body: { person: { id: 'p-001' }, claims: [NANCHANG_CLAIM], ruleset: 'cn/medical/nanchang' } },
      'post /assess-household': { path: '/assess-household', body: { household: HOUSEHOLD, ruleset: 'cn/assistance/example/gansu', date: '2025-06-01' } },
      'post /entitlements': { path: '/entitlements', body: { person: PERSON, ruleset: 'cn/entitlements/national', date: '2025-06-01', place: 'CN-62' } },
      'get /healthz': { path: '/healthz' },
      'get /readyz': { path: '/readyz' },
    };
    const operations = Object.entries(a.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(operations.sort()).toEqual(Object.keys(examples).sort());
    for (const op of operations) {
      const ex = examples[op]!;
      const [method] = op.split(' ');
      const res = await fetch(`${server.url}${ex.path}`, {
        method: method!.toUpperCase(),
        ...(ex.body !== undefined ? { body: typeof ex.body === 'string' ? ex.body : JSON.stringify(ex.body), headers: { 'content-type': ex.type ?? 'application/json' } } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      expect(`${op} → ${res.status}`).toBe(`${op} → 200`);
      expect(res.headers.get(HASH_HEADER)).toMatch(/^sha256:/);
      await res.text();
    }
  });
});
