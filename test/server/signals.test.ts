/**
 * `minsheng serve` as a process (the built binary, dist/cli/main.js, started as a child on an ephemeral
 * loopback port): SIGHUP reloads atomically and keeps the old rulesets when a file is broken; SIGTERM under
 * load finishes every request already accepted, then exits 0. Skipped when dist/ has not been built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compile } from '../../src/engine/program';
import { loadRuleset } from '../../src/node/load';
import { HASH_HEADER } from '../../src/server/app';
import { CASE_1, call } from './helpers';

const BIN = 'dist/cli/main.js';
const FIXTURE = readFileSync('test/cli/fixtures/settlement.yaml', 'utf8');
/** The fixture with the secondary-hospital deductible raised from 500 to 600. */
const RAISED = FIXTURE.replace('"2": 500', '"2": 600');
const EVALUATE = `/rulesets/${encodeURIComponent('fixture/settlement')}/evaluate`;
const BATCH = `/rulesets/${encodeURIComponent('fixture/settlement')}/evaluate-batch?date=2025-06-01`;

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  /** Log lines (pino JSON on stdout) so far. */
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `minsheng serve` on a folder holding the fixture alone; resolves once it listens. */
async function startChild(dir: string): Promise<Child> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-bundled', '--rulesets', dir, '--limit', 'drainMs=5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'listening' line within 20 s: ${err}`)), 20_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${err}`)));
  });
  return { process: child, url, log: () => out, exited };
}

/** Waits until `check` is true, at most `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function folderWith(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-serve-'));
  const file = join(dir, 'settlement.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

describe.skipIf(!existsSync(BIN))('minsheng serve (the process)', () => {
  it('reloads on SIGHUP: a broken file keeps the old set (logged), a good one swaps it in whole, never a mix', async () => {
    const { dir, file } = folderWith(FIXTURE);
    const before = compile(await loadRuleset(file));
    const server = await startChild(dir);
    const first = await call(server.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' });
    // (10000 − 500) × 75% = 7125.00
    expect(first.body.outputs.basicPaid).toBe('7125.00');
    expect(first.headers.get(HASH_HEADER)).toBe(before.hash);

    writeFileSync(file, `${FIXTURE}\nrules: [unclosed\n`);
    server.process.kill('SIGHUP');
    await until(() => server.log().includes('reload failed'), 10_000, 'the reload failure in the log');
    const kept = await call(server.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' });
    expect(kept.status).toBe(200);
    expect(kept.headers.get(HASH_HEADER)).toBe(before.hash);
    expect(server.process.exitCode).toBeNull();

    writeFileSync(file, RAISED);
    const after = compile(await loadRuleset(file));
    expect(after.hash).not.toBe(before.hash);
    // Requests during the reload: each answer is wholly the old set's or wholly the new one's.
    const seen: string[] = [];
    let reloading = true;
    const load = (async () => {
      while (reloading) {
        const a = await call(server.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' });
        seen.push(`${a.headers.get(HASH_HEADER)} ${a.body.provenance.hash} ${a.body.outputs.basicPaid}`);
      }
    })();
    server.process.kill('SIGHUP');
    await until(() => server.log().includes('rulesets reloaded'), 10_000, 'the reload in the log');
    reloading = false;
    await load;
    // (10000 − 600) × 75% = 7050.00
    const allowed = new Set([`${before.hash} ${before.hash} 7125.00`, `${after.hash} ${after.hash} 7050.00`]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => !allowed.has(s))).toEqual([]);
    const now = await call(server.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' });
    expect(now.body.outputs).toEqual(JSON.parse(JSON.stringify(after.evaluate(CASE_1, { date: '2025-06-01' }).outputs)));
    expect(now.body.rulesetHash).toBe(after.hash);
    const list = await call(server.url, 'GET', '/rulesets');
    expect(list.body.rulesets.map((r: { hash: string }) => r.hash)).toEqual([after.hash]);

    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('on SIGTERM under load finishes every request already accepted, answers no new one, and exits 0', async () => {
    const { dir } = folderWith(FIXTURE);
    const server = await startChild(dir);
    const port = Number(new URL(server.url).port);
    const row = `${JSON.stringify({ input: CASE_1 })}\n`;

    // Eight batches in flight: each has had its first answer line, so the server has accepted it.
    const inflight: { req: ClientRequest; done: Promise<string> }[] = [];
    for (let i = 0; i < 8; i++) {
      let firstLine!: () => void;
      const started = new Promise<void>((r) => (firstLine = r));
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: BATCH, headers: { 'content-type': 'application/x-ndjson' } });
      const done = new Promise<string>((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            text += d;
            firstLine();
          });
          res.on('end', () => resolve(text));
          res.on('error', reject);
        });
        req.on('error', reject);
      });
      req.write(row.repeat(10));
      inflight.push({ req, done });
      await started;
    }
    // A burst of single requests, sent as the signal goes.
    const burst = Array.from({ length: 40 }, () =>
      call(server.url, 'POST', EVALUATE, { input: CASE_1, date: '2025-06-01' }).then(
        (a) => `${a.status}`,
        (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
      ),
    );
    server.process.kill('SIGTERM');
    await until(() => server.log().includes('SIGTERM: draining'), 5000, 'the drain in the log');
    // The accepted batches go on: send the rest of each and end it.
    for (const { req } of inflight) req.end(row.repeat(90));
    const answers = await Promise.all(inflight.map((f) => f.done));
    for (const text of answers) {
      const lines = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(100);
      expect(lines.every((l, i) => l.line === i + 1 && l.outputs.basicPaid === '7125.00')).toBe(true);
    }
    // Each single request was answered 200, or refused as not accepted (503 while draining, or no connection:
    // refused, reset, or closed while the client was still writing its body — EPIPE, seen on a loaded host).
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => !['200', '503', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(o))).toEqual([]);
    expect(await server.exited).toBe(0);
    expect(server.log()).toContain('"msg":"stopped"');
  }, 60_000);
});
