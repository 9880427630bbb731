/**
 * Starting a server for a test (in-process, on an ephemeral loopback port) and calling it with plain fetch.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import type { ServerLimits } from '../../src/server/limits';
import { RulesetStore } from '../../src/server/store';

export interface Running {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: RulesetStore;
}

let sharedStore: Promise<RulesetStore> | undefined;

/**
 * A server on 127.0.0.1:0 with the bundled rulesets, or only `only` of them (compiling fewer keeps a test file
 * fast); the store is shared between the servers of one test file.
 */
export async function startServer(limits: Partial<ServerLimits> = {}, extra: { corsOrigins?: string[]; only?: string[] } = {}): Promise<Running> {
  sharedStore ??= RulesetStore.open([], extra.only ? { only: extra.only } : {});
  const store = await sharedStore;
  const app = await buildServer({ store, limits, ...(extra.corsOrigins ? { corsOrigins: extra.corsOrigins } : {}) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, store };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON (any: a test reads whatever field it checks). */
  readonly body: any;
}

/** One request; the body is JSON text unless a string is given. Every call is bounded in time. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The URL form of a ruleset id: slashes as %2F. */
export const idPath = (id: string): string => encodeURIComponent(id);

/** A library result as it comes over the wire. */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** The Nanchang example claim (examples/claim-nanchang.json) with the person id a claim needs. */
export const NANCHANG_CLAIM = {
  personId: 'p-001',
  dischargeDate: '2025-07-20',
  admissionDate: '2025-07-02',
  birthDate: '1975-01-01',
  hospitalLevel: 'tertiary',
  bill: { total: '138300.00', inCatalogue: '121000.00' },
} as const;

/** Case 1 of the settlement workload (test/cli/helpers.ts). */
export const CASE_1 = { hospitalLevel: '2', personCategory: 'none', totalCost: 12000, eligibleCost: 10000, classBSelfPayFirst: 500 } as const;
