import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiApp } from './api-app.js';
import { PROBLEM_CONTENT_TYPE, makeProblem, toProblem, type Problem } from './problem.js';

/** The request path without its query string: what a problem's `instance` names. */
export function requestPath(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q === -1 ? request.url : request.url.slice(0, q);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="drover"');
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Every error leaves as application/problem+json. Internal errors are logged with their
 * stack, and the body says only that something failed: no message, no stack, no internals.
 */
export function installErrorHandlers(app: ApiApp): void {
  app.setErrorHandler((err, request, reply) => {
    const { problem, internal } = toProblem(err, requestPath(request));
    if (internal) request.log.error({ err }, 'request failed');
    return sendProblem(reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = requestPath(request);
    return sendProblem(reply, makeProblem(404, 'not-found', `no route ${request.method} ${path}`, path));
  });
}
