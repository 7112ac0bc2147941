import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { AuthError, ForbiddenError } from '../core/errors.js';
import type { Role, Store, User } from '../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller on /v1 routes; null where no authentication runs. */
    user: User | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * An onRequest hook: every request must carry `Authorization: Bearer <token>` that the
 * store accepts. It runs before the body is parsed, so an anonymous caller learns nothing
 * about input validation. The token itself never reaches a log or an error message.
 */
export function bearerAuth(store: Store): onRequestHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') {
      throw new AuthError('missing bearer token: send the header "Authorization: Bearer <token>"');
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new AuthError('the Authorization header must use the Bearer scheme');
    const user = await store.authenticate(match[1]);
    if (!user) throw new AuthError('the bearer token is not valid (unknown or revoked)');
    request.user = user;
  };
}

const RANK: Record<Role, number> = { user: 0, operator: 1, admin: 2 };

/** A preHandler that admits callers holding `role` or a higher one (user < operator < admin). */
export function requireRole(role: Role): preHandlerHookHandler {
  return async (request: FastifyRequest) => {
    const user = request.user;
    if (!user) throw new AuthError('this route needs an authenticated caller');
    if (RANK[user.role] < RANK[role]) {
      throw new ForbiddenError(`this needs the ${role} role; ${user.name} has the ${user.role} role`);
    }
  };
}
