/**
 * Errors over HTTP: every refusal is `{ code, message, issues: [{ code, path, message }], rulesetHash }` with
 * the library's issue codes, and an HTTP status chosen from the code: 400 the request itself is malformed
 * (not JSON, not the documented envelope), 404 no such ruleset or route, 413 too large, 415 not JSON, 422 a
 * well-formed request whose input the library refuses.
 */
import { MinshengError, clipMessage, type Issue, type IssueCode } from '../errors';

/** One issue as sent: code, path (always a list) and message. */
export interface WireIssue {
  readonly code: IssueCode;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  readonly code: IssueCode;
  readonly message: string;
  readonly issues: readonly WireIssue[];
  readonly rulesetHash: string;
}

/** A refusal with its HTTP status (thrown by handlers, turned into a reply by the error handler). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: MinshengError,
  ) {
    super(error.message);
    this.name = 'HttpRefusal';
  }
}

/** Shorthand: a refusal with one issue. */
export function refuse(status: number, code: IssueCode, message: string, path: readonly (string | number)[] = []): HttpRefusal {
  return new HttpRefusal(status, new MinshengError({ code, message, path }));
}

/** The status of a library error: 404 for an unknown ruleset, 400 for a malformed request, 422 otherwise. */
export function statusOf(error: MinshengError): number {
  if (error.code === 'ruleset/io') return 404;
  if (error.code === 'io/format' || error.code === 'options/invalid') return 400;
  return 422;
}

/** Where a route's input sits in its body, so issue paths point into the request as sent. */
export interface IssuePlace {
  /** The body field holding the value the library checked (`input`, `claim`, `household`, `person`). */
  readonly field?: string;
  /** Body fields the library names itself (`date`, `ruleset`…): paths starting with one are kept as they are. */
  readonly own?: readonly string[];
}

/**
 * The wire form of an error. An input issue's path is placed inside the request body (`['input', …]` for
 * `/evaluate`); an issue about a body field the library names itself (the date, the ruleset) keeps its path.
 */
export function errorBody(error: MinshengError, rulesetHash: string, place: IssuePlace = {}): ErrorBody {
  const issues = error.issues.map((i) => wireIssue(i, place));
  return { code: error.code, message: clipMessage(issues[0]!.message), issues, rulesetHash };
}

function wireIssue(issue: Issue, place: IssuePlace): WireIssue {
  const path = issue.path ?? [];
  const head = path[0];
  const keep = place.field === undefined || (typeof head === 'string' && (place.own ?? []).includes(head)) || !/^(input|value|claim|household)\//.test(issue.code);
  return { code: issue.code, path: keep ? [...path] : [place.field!, ...path], message: issue.message };
}

/** One error of the request validator (ajv), as Fastify hands it over. */
export interface ValidationError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/**
 * The validator's errors as library issues: a missing field `input/missing`, a wrong type `input/type`, an
 * unknown field `input/unknown-field`, a value outside an enum `input/enum`, anything else `input/invalid`.
 */
export function validationIssues(errors: readonly ValidationError[], where: string): Issue[] {
  return errors.slice(0, 20).map((e) => {
    const path: (string | number)[] = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const code: IssueCode =
      e.keyword === 'required' ? 'input/missing' : e.keyword === 'type' ? 'input/type' : e.keyword === 'additionalProperties' ? 'input/unknown-field' : e.keyword === 'enum' ? 'input/enum' : 'input/invalid';
    if (e.keyword === 'required') path.push(String(e.params['missingProperty']));
    if (e.keyword === 'additionalProperties') path.push(String(e.params['additionalProperty']).slice(0, 200));
    const field = path.length > 0 ? path.join('.') : where;
    const detail = e.keyword === 'additionalProperties' ? 'is not a field of this request' : e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
    return { code, path, message: clipMessage(`${where}: ${field} ${detail}`) };
  });
}
