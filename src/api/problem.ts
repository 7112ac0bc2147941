import { STATUS_CODES } from 'node:http';
import { Type, type Static } from 'typebox';
import {
  AuthError,
  ConflictError,
  DriverError,
  ForbiddenError,
  InputError,
  InvalidStateError,
  NoValidHostError,
  NotFoundError,
  QuotaExceededError,
} from '../core/errors.js';

/** RFC 9457 problem details, the body of every error response. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the kind of problem, e.g. urn:drover:problem:not-found' }),
    title: Type.String({ description: 'The HTTP reason phrase of the status' }),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, for a human' }),
    instance: Type.String({ description: 'The request path' }),
    field: Type.Optional(Type.String({ description: 'The offending input field (dotted path), when one is to blame' })),
    reasons: Type.Optional(Type.Array(Type.String(), { description: 'Why no host fits: per-filter rejections' })),
  },
  { description: 'A problem (application/problem+json)' },
);
export type Problem = Static<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The one table from domain errors to HTTP. Domain errors carry no status; only this
 * edge decides. NoValidHostError is 409, not 503: nothing fits the request as the clouds
 * stand now, and a 503 would invite clients to retry blindly; `reasons` says why.
 */
const STATUS_BY_ERROR: ReadonlyArray<readonly [ErrorClass, number, string]> = [
  [InputError, 400, 'invalid-input'],
  [AuthError, 401, 'unauthenticated'],
  [ForbiddenError, 403, 'forbidden'],
  [QuotaExceededError, 403, 'quota-exceeded'],
  [NotFoundError, 404, 'not-found'],
  [ConflictError, 409, 'conflict'],
  [InvalidStateError, 409, 'invalid-state'],
  [NoValidHostError, 409, 'no-valid-host'],
];

export function makeProblem(status: number, slug: string, detail: string, instance: string): Problem {
  return { type: `urn:drover:problem:${slug}`, title: STATUS_CODES[status] ?? 'Error', status, detail, instance };
}

/** Renders any thrown value as a problem. `internal` is true when it must be logged as a bug. */
export function toProblem(err: unknown, instance: string): { problem: Problem; internal: boolean } {
  const make = (status: number, slug: string, detail: string): Problem => makeProblem(status, slug, detail, instance);

  for (const [cls, status, slug] of STATUS_BY_ERROR) {
    if (err instanceof cls) {
      const problem = make(status, slug, err.message);
      if (err instanceof InputError && err.field !== undefined) problem.field = err.field;
      if (err instanceof NoValidHostError && err.reasons.length > 0) problem.reasons = [...err.reasons];
      return { problem, internal: false };
    }
  }
  // A driver failure is the cloud's, not ours: a bad gateway, or unavailable when retrying may help.
  if (err instanceof DriverError) {
    const status = err.kind === 'transient' ? 503 : 502;
    return { problem: make(status, 'cloud-error', err.message), internal: status === 502 };
  }
  const framework = frameworkProblem(err, make);
  if (framework) return { problem: framework, internal: false };
  return { problem: make(500, 'internal', 'an internal error occurred; it has been logged'), internal: true };
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: Array<{ instancePath?: string; params?: Record<string, unknown> }>;
}

/** Fastify's own client errors (bad JSON, schema violations, wrong media type) keep their status. */
function frameworkProblem(err: unknown, make: (s: number, slug: string, d: string) => Problem): Problem | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as FastifyLikeError;
  if (typeof e.code !== 'string' || !e.code.startsWith('FST_')) return null;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status < 400 || status >= 500) return null;
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return make(400, 'invalid-json', 'request body is not valid JSON');
  if (Array.isArray(e.validation)) {
    // Fastify formats the first violation as "body/duration must be integer".
    const problem = make(400, 'invalid-input', String(e.message));
    const field = validationField(e.validation[0]);
    if (field) problem.field = field;
    return problem;
  }
  return make(status, 'bad-request', String(e.message));
}

function validationField(v: { instancePath?: string; params?: Record<string, unknown> } | undefined): string | null {
  if (!v) return null;
  const parts = (v.instancePath ?? '').split('/').filter((p) => p !== '');
  for (const key of ['missingProperty', 'additionalProperty']) {
    const extra = v.params?.[key];
    if (typeof extra === 'string') parts.push(extra);
  }
  return parts.length > 0 ? parts.join('.') : null;
}

/** Error responses for a route's OpenAPI description (and serialisation), 500 always included. */
export function problemResponses(...statuses: number[]) {
  const response = {
    description: 'A problem (RFC 9457)',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
  };
  const out: Record<number, typeof response> = {};
  for (const s of [...statuses, 500]) out[s] = response;
  return out;
}
