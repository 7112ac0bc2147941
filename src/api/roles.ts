import type { Role, User } from '../store/store.js';

const RANK: Record<Role, number> = { user: 0, operator: 1, admin: 2 };

/** Whether `user` holds `role` or a higher one (user < operator < admin). */
export function hasRole(user: User, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}

/** The caller on a /v1 route; bearerAuth guarantees one, this keeps the types honest. */
export function callerOf(request: { user: User | null }): User {
  if (!request.user) throw new Error('no authenticated caller on a /v1 route');
  return request.user;
}
