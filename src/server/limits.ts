/**
 * Every limit of `minsheng serve`, in one place. Over a limit the answer is a coded 4xx (or, for the
 * socket-level ones, Node's own 408 / a closed connection), never a crash or a hang.
 */

/** The limits one server enforces. */
export interface ServerLimits {
  /** Bytes of a JSON request body (413 `input/limit` beyond). */
  readonly bodyBytes: number;
  /** Nesting of objects and lists in a JSON body or a batch row (400 `input/limit` beyond), measured before parsing. */
  readonly jsonDepth: number;
  /** Rows of one batch request; the row after the last is answered with an `input/limit` line and reading stops. */
  readonly batchRows: number;
  /** Bytes of one batch row (that row is answered with an `input/limit` line; the next rows still run). */
  readonly batchRowBytes: number;
  /** Bytes of a serialised trace in one answer (422 `input/limit` beyond: ask for fewer outputs). */
  readonly traceBytes: number;
  /** Milliseconds a client has to send its headers (Node answers 408 and closes after). */
  readonly headersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, batch bodies included. */
  readonly requestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at once; more are refused by the socket (closed at once). */
  readonly connections: number;
  /** Milliseconds SIGTERM waits for requests in flight before it closes what is left. */
  readonly drainMs: number;
}

/**
 * The limits used when none are given.
 *
 * Why these values: the largest real request (a year of claims for one person, `/settle-year`) is a few
 * kilobytes, so 1 MiB is ample; 64 levels is the ruleset loader's own depth limit; 100,000 rows is the list
 * limit of the library (`maxListItems`); a trace of the largest bundled ruleset is about 60 KB, so 4 MiB
 * leaves room for list inputs; headers in 10 s and a whole request in 60 s (a 100,000-row batch uploads in a
 * few seconds on a LAN).
 */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  bodyBytes: 1024 * 1024,
  jsonDepth: 64,
  batchRows: 100_000,
  batchRowBytes: 256 * 1024,
  traceBytes: 4 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  connections: 1024,
  drainMs: 10_000,
});

/**
 * Completes partial limits with {@link DEFAULT_SERVER_LIMITS}; a value that is not a positive safe integer
 * falls back to the default, so a limit cannot be switched off by accident.
 *
 * @example
 * resolveServerLimits({ batchRows: 10 }).batchRows; // 10
 * resolveServerLimits({ batchRows: -1 }).batchRows; // 100000
 */
export function resolveServerLimits(partial: Partial<ServerLimits> = {}): ServerLimits {
  const out: Record<string, number> = { ...DEFAULT_SERVER_LIMITS };
  for (const key of Object.keys(DEFAULT_SERVER_LIMITS) as (keyof ServerLimits)[]) {
    const v = partial[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) out[key] = v;
  }
  return Object.freeze(out) as unknown as ServerLimits;
}
