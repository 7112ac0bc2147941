import { Type, type Static } from 'typebox';
import type { QuotaLimits, Usage, User } from '../store/store.js';
import { isoTime, Time } from './time.js';

export const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('operator'), Type.Literal('admin')], {
  description: 'user: own leases; operator: also profiles, pools, instances and every lease; admin: also users, tokens and quotas',
});

export const UserSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  project: Type.String(),
  email: Type.Union([Type.String(), Type.Null()], { description: 'Where lease notifications go' }),
  createdAt: Time('When the user was added'),
});
export type UserView = Static<typeof UserSchema>;

const Limit = (what: string) => Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: `${what}; null: unlimited` });

export const QuotaLimitsSchema = Type.Object({
  instances: Limit('Live leases (one VM each)'),
  vcpus: Limit('vCPUs of live leases'),
  ramMb: Limit('RAM (MiB) of live leases'),
});

export const UsageSchema = Type.Object(
  { instances: Type.Integer(), vcpus: Type.Integer(), ramMb: Type.Integer() },
  { description: 'What live leases (provisioning, active, grace) hold' },
);

export const NO_LIMITS: QuotaLimits = { instances: null, vcpus: null, ramMb: null };

export function toUserView(u: User): UserView {
  return { id: u.id, name: u.name, role: u.role, project: u.project, email: u.email, createdAt: isoTime(u.createdAt) };
}

export function toUsage(u: Usage): Usage {
  return { instances: u.instances, vcpus: u.vcpus, ramMb: u.ramMb };
}
