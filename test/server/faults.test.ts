/**
 * `minsheng serve` under faults, in-process on ephemeral loopback ports: malformed JSON, wrong content types,
 * oversized and 100,000-deep bodies, unknown rulesets and routes, the library's hostile values sent over HTTP,
 * every limit, a client that never finishes its headers, a client that goes away mid-batch. Each is answered
 * with a coded 4xx (or Node's 408 / a closed socket for the socket-level limits) and the server stays up.
 */
import { connect, type Socket } from 'node:net';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_HEADER } from '../../src/server/app';
import { neverValid, type Kind } from '../hostile/noise';
import { CASE_1, NANCHANG_CLAIM, call, idPath, startServer, type Running } from './helpers';

let server: Running;
let tight: Running;
const EVALUATE = `/rulesets/${idPath('bench/settlement')}/evaluate`;
const BATCH = `/rulesets/${idPath('bench/settlement')}/evaluate-batch`;

beforeAll(async () => {
  server = await startServer({}, { only: ['bench/settlement', 'cn/medical/nanchang'] });
  tight = await startServer({ bodyBytes: 4096, traceBytes: 800, batchRows: 5, batchRowBytes: 1000, connections: 3 });
});
afterAll(async () => {
  await Promise.all([server.app.close(), tight.app.close()]);
});

/** A refusal as specified: the status, a library code, issues with paths, the hash in header and body. */
function expectRefusal(answer: { status: number; headers: Headers; body: { code?: string; issues?: { path: unknown[] }[]; rulesetHash?: string; message?: string } }, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(Array.isArray(answer.body.issues)).toBe(true);
  for (const issue of answer.body.issues!) expect(Array.isArray(issue.path)).toBe(true);
  expect(answer.headers.get(HASH_HEADER)).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(answer.body.rulesetHash).toBe(answer.headers.get(HASH_HEADER));
  expect(answer.body.message!.length).toBeLessThanOrEqual(2000);
}

async function alive(running: Running): Promise<void> {
  const h = await call(running.url, 'GET', '/healthz');
  expect(h.status).toBe(200);
}

describe('malformed requests', () => {
  it('answers malformed JSON with 400 io/format', async () => {
    expectRefusal(await call(server.url, 'POST', EVALUATE, '{"input": {"totalCost": 1,'), 400, 'io/format');
    expectRefusal(await call(server.url, 'POST', EVALUATE, ''), 400, 'io/format');
  });

  it('answers a wrong content type with 415 io/format (text, form, NDJSON to a JSON route, JSON to the batch route)', async () => {
    expectRefusal(await call(server.url, 'POST', EVALUATE, JSON.stringify({ input: CASE_1 }), { 'content-type': 'text/plain' }), 415, 'io/format');
    expectRefusal(await call(server.url, 'POST', '/settle', 'claim=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'io/format');
    expectRefusal(await call(server.url, 'POST', EVALUATE, `${JSON.stringify({ input: CASE_1 })}\n`, { 'content-type': 'application/x-ndjson' }), 415, 'io/format');
    expectRefusal(await call(server.url, 'POST', BATCH, { input: CASE_1 }), 415, 'io/format');
  });

  it('answers a body over the limit with 413 input/limit', async () => {
    const big = { input: { ...CASE_1, note: 'x'.repeat(5000) } };
    expectRefusal(await call(tight.url, 'POST', EVALUATE, big), 413, 'input/limit');
    await alive(tight);
  });

  it('answers a 100,000-deep JSON body with 400 input/limit, measured before parsing', async () => {
    const deep = `{"input":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const deepList = `{"input":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    for (const body of [deep, deepList]) {
      const started = performance.now();
      expectRefusal(await call(server.url, 'POST', EVALUATE, body), 400, 'input/limit');
      expect(performance.now() - started).toBeLessThan(2000);
    }
    await alive(server);
  });

  it('answers an unknown ruleset with 404 ruleset/io on every ruleset route, and an unknown route with 404', async () => {
    const atlantis = idPath('cn/medical/atlantis');
    expectRefusal(await call(server.url, 'POST', `/rulesets/${atlantis}/evaluate`, { input: CASE_1 }), 404, 'ruleset/io');
    expectRefusal(await call(server.url, 'GET', `/rulesets/${atlantis}/schema`), 404, 'ruleset/io');
    expectRefusal(await call(server.url, 'POST', `/rulesets/${atlantis}/evaluate-batch`, '{"input":{}}\n', { 'content-type': 'application/x-ndjson' }), 404, 'ruleset/io');
    // A reference longer than any id is refused by the route's schema before any lookup.
    const long = await call(server.url, 'POST', '/settle', { claim: NANCHANG_CLAIM, ruleset: ['cn/medical/nanchang', 'x'.repeat(300)] });
    expectRefusal(long, 400, long.body.code);
    expect(long.body.code).toMatch(/^input\//);
    expect(long.body.issues[0].path[0]).toBe('ruleset');
    expectRefusal(await call(server.url, 'GET', '/rulesets/cn/medical/nanchang'), 404, 'options/invalid');
    expectRefusal(await call(server.url, 'DELETE', '/rulesets'), 404, 'options/invalid');
    // No upload, no code: there is no route that takes a ruleset.
    expectRefusal(await call(server.url, 'PUT', `/rulesets/${idPath('x/y')}`, { id: 'x/y' }), 404, 'options/invalid');
  });
});

describe("the library's hostile values over HTTP", () => {
  /** Every JSON-representable value of the hostile suite for a kind of field (`large`: those over the body limit). */
  const hostile = (kind: Kind, large = false): [string, string][] =>
    neverValid(kind).flatMap(([label, value]): [string, string][] => {
      try {
        const text = JSON.stringify(value);
        return text === undefined || text.length > 1024 * 1024 !== large ? [] : [[label, text]];
      } catch {
        return []; // 100,000-deep values: sent as text above
      }
    });
  it('answers the hostile values over the body limit (10 MB text, 10 M digits, 100,000 keys) with 413 input/limit', async () => {
    const values = hostile('money', true);
    expect(values.map(([label]) => label)).toEqual(expect.arrayContaining(['10 MB string', '10 M digits', 'a 100,000-key object']));
    for (const [, value] of values) expectRefusal(await call(server.url, 'POST', EVALUATE, `{"input":{"totalCost":${value}}}`), 413, 'input/limit');
    await alive(server);
  });
  const slots: { name: string; kind: Kind; body: (v: string) => string; path: string }[] = [
    { name: 'evaluate input.totalCost', kind: 'money', path: EVALUATE, body: (v) => `{"input":{"hospitalLevel":"2","personCategory":"none","eligibleCost":1,"totalCost":${v}},"date":"2025-06-01"}` },
    { name: 'evaluate input.personCategory', kind: 'enum', path: EVALUATE, body: (v) => `{"input":{"hospitalLevel":"2","personCategory":${v},"eligibleCost":1,"totalCost":1},"date":"2025-06-01"}` },
    { name: 'evaluate date', kind: 'date', path: EVALUATE, body: (v) => `{"input":${JSON.stringify(CASE_1)},"date":${v}}` },
    { name: 'settle claim.bill.total', kind: 'money', path: '/settle', body: (v) => `{"ruleset":"cn/medical/nanchang","claim":${JSON.stringify(NANCHANG_CLAIM).replace('"total":"138300.00"', `"total":${v}`)}}` },
    { name: 'settle claim.dischargeDate', kind: 'date', path: '/settle', body: (v) => `{"ruleset":"cn/medical/nanchang","claim":${JSON.stringify(NANCHANG_CLAIM).replace('"dischargeDate":"2025-07-20"', `"dischargeDate":${v}`)}}` },
    { name: 'settle claim', kind: 'record', path: '/settle', body: (v) => `{"ruleset":"cn/medical/nanchang","claim":${v}}` },
  ];
  it.each(slots)('answers every hostile $kind in $name with a coded 4xx, and stays up', async ({ kind, body, path }) => {
    const values = hostile(kind);
    expect(values.length).toBeGreaterThan(10);
    for (const [label, value] of values) {
      const a = await call(server.url, 'POST', path, body(value));
      expect([label, [400, 413, 422].includes(a.status)]).toEqual([label, true]);
      expect(a.body.code, label).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(a.body.issues.length, label).toBeGreaterThan(0);
      expect(a.body.message.length, label).toBeLessThanOrEqual(2000);
    }
    await alive(server);
  });
});

describe('limits', () => {
  it('refuses an answer whose trace is over the trace limit with 422 input/limit', async () => {
    const a = await call(tight.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01', trace: true });
    expectRefusal(a, 422, 'input/limit');
    expect(a.body.issues[0].path).toEqual(['trace']);
    const untraced = await call(tight.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' });
    expect(untraced.status).toBe(200);
  });

  it('answers at most batchRows rows, then one input/limit line; an over-long row is refused in-line and the next row runs', async () => {
    const row = JSON.stringify({ input: CASE_1 });
    const long = JSON.stringify({ input: { ...CASE_1, note: 'x'.repeat(2000) } });
    const res = await fetch(`${tight.url}${BATCH}?date=2025-06-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: [row, long, row, row, row, row, row, row].join('\n'),
      signal: AbortSignal.timeout(10_000),
    });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[1].error.code).toBe('input/limit');
    expect(lines[2].outputs.basicPaid).toBe('7125.00');
    expect(lines[5].error).toMatchObject({ code: 'input/limit' });
    expect(lines[5].error.message).toContain('at most 5 rows');
    await alive(tight);
  });

  it('closes connections over the connection limit at once, and serves again when they go', async () => {
    const sockets: Socket[] = [];
    const closedEarly: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const s = connect(Number(new URL(tight.url).port), '127.0.0.1');
      sockets.push(s);
      closedEarly.push(false);
      s.on('close', () => (closedEarly[i] = true));
      s.on('error', () => {});
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(closedEarly.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    await alive(tight);
  });
});

describe('slow and vanishing clients', () => {
  it('answers a client that never finishes its headers with 408 within the header timeout, serving others meanwhile', async () => {
    // A server of its own: a header timeout this short would also cut ordinary clients of a loaded machine.
    const slow = await startServer({ headersTimeoutMs: 500 });
    const socket = connect(Number(new URL(slow.url).port), '127.0.0.1');
    socket.setEncoding('utf8');
    let received = '';
    socket.on('data', (d: string) => (received += d));
    socket.on('error', () => {});
    const started = performance.now();
    socket.write('POST /settle HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    try {
      await alive(slow);
      await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the slow client was never cut off')), 4000))]);
      expect(performance.now() - started).toBeLessThan(4000);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slow.app.close();
    }
  });

  it('stops reading and evaluating when a client goes away mid-batch, and answers the next batch whole', async () => {
    const program = [...server.store.current.programs.values()].find((p) => p.id === 'bench/settlement')!;
    const port = Number(new URL(server.url).port);
    const row = `${JSON.stringify({ input: CASE_1 })}\n`;
    const gotFirst = await new Promise<boolean>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `${BATCH}?date=2025-06-01`, headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.once('data', () => {
          // The first answers arrived: go away with the request unfinished.
          req.destroy();
          resolve(true);
        });
      });
      req.on('error', () => {});
      req.write(row.repeat(200));
      setTimeout(() => reject(new Error('no answer line arrived')), 5000);
    });
    expect(gotFirst).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const before = program.diagnostics().fastEvaluations;
    await new Promise((r) => setTimeout(r, 200));
    expect(program.diagnostics().fastEvaluations).toBe(before);
    await alive(server);
    const res = await fetch(`${server.url}${BATCH}?date=2025-06-01`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: row.repeat(1000), signal: AbortSignal.timeout(10_000) });
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(1000);
    expect(JSON.parse(lines[999]!)).toMatchObject({ line: 1000, outputs: { basicPaid: '7125.00' } });
  });
});

describe('bounded memory', () => {
  it('stops evaluating a batch whose answers are not read (backpressure), and goes on when they are', async () => {
    const program = [...server.store.current.programs.values()].find((p) => p.id === 'bench/settlement')!;
    const port = Number(new URL(server.url).port);
    const rows = 100_000;
    const start = program.diagnostics().fastEvaluations;
    let resume!: () => void;
    const finished = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `${BATCH}?date=2025-06-01`, headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.pause(); // read nothing until told
        let lines = 0;
        resume = () => {
          res.on('data', (d: Buffer) => {
            for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
          });
          res.on('end', () => resolve(lines));
          res.resume();
        };
      });
      req.on('error', reject);
      req.end(`${JSON.stringify({ input: CASE_1 })}\n`.repeat(rows));
    });
    // Wait until the count of evaluations stops moving (the socket buffers are full), at most 10 s.
    let last = -1;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const now = program.diagnostics().fastEvaluations;
      if (now === last) break;
      last = now;
    }
    const stalled = program.diagnostics().fastEvaluations - start;
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(rows / 2);
    resume();
    expect(await finished).toBe(rows);
    expect(program.diagnostics().fastEvaluations - start).toBe(rows);
  }, 30_000);
});

describe('CORS', () => {
  it('sends no CORS header unless origins are configured', async () => {
    const a = await call(server.url, 'GET', '/healthz', undefined, { origin: 'https://evil.example' });
    expect(a.headers.get('access-control-allow-origin')).toBeNull();
    const cors = await startServer({}, { corsOrigins: ['https://app.example'] });
    try {
      const ok = await call(cors.url, 'GET', '/healthz', undefined, { origin: 'https://app.example' });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await call(cors.url, 'GET', '/healthz', undefined, { origin: 'https://evil.example' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await call(cors.url, 'OPTIONS', '/settle', undefined, { origin: 'https://app.example', 'access-control-request-method': 'POST' });
      expect(preflight.status).toBe(204);
    } finally {
      await cors.app.close();
    }
  });
});
