import { Type, type Static } from 'typebox';
import type { InstanceRecord, LeaseRecord, User } from '../../store/store.js';
import { AddressSchema } from '../address-view.js';
import { isoTime, NullableTime, Time } from '../time.js';

export const LeaseStateSchema = Type.Union(
  [
    Type.Literal('provisioning'),
    Type.Literal('active'),
    Type.Literal('grace'),
    Type.Literal('released'),
    Type.Literal('expired'),
    Type.Literal('failed'),
  ],
  { description: 'provisioning (waiting for a VM), active, grace (expired but important: VM stopped), released, expired, failed' },
);

export const LeaseInstanceSchema = Type.Object({
  id: Type.String(),
  state: Type.String({ description: 'The instance state, e.g. leased, stopped, deleting' }),
  addresses: Type.Array(AddressSchema),
  password: Type.Union([Type.String(), Type.Null()], {
    description: 'Initial password; only shown to the holder and to admins, else null',
  }),
  host: Type.Union([Type.String(), Type.Null()], { description: 'Hypervisor the VM runs on, when known' }),
});

export const LeaseSchema = Type.Object({
  id: Type.String(),
  state: LeaseStateSchema,
  user: Type.String({ description: 'Name of the holder' }),
  project: Type.String(),
  profile: Type.String(),
  cloud: Type.String(),
  purpose: Type.String(),
  importance: Type.Integer(),
  fromPool: Type.Boolean({ description: 'Whether a ready VM was handed out at request time (a pool hit)' }),
  createdAt: Time('When the lease was requested'),
  activeAt: NullableTime('When its VM (the replacement, after a replace) became usable; null while provisioning'),
  replacedAt: NullableTime('When its VM was last replaced (POST /v1/leases/{id}/replace); null if never'),
  expiresAt: Time('When the lease ends unless renewed'),
  graceEndsAt: NullableTime('End of the grace period of an expired important lease'),
  endedAt: NullableTime('When the lease was released, expired or failed'),
  renewals: Type.Integer({ description: 'Renewals made so far' }),
  instance: Type.Union([LeaseInstanceSchema, Type.Null()], { description: 'The VM; null while provisioning' }),
});
export type LeaseView = Static<typeof LeaseSchema>;

export interface LeaseViewContext {
  /** Who is looking: the password goes to the holder and to admins only. */
  viewer: User;
  /** Names of holders by user id (the lease stores the id). */
  userNames: ReadonlyMap<string, string>;
}

/** Field by field, so nothing store-internal (idempotency key, warned offsets) leaks. */
export function toLeaseView(lease: LeaseRecord, instance: InstanceRecord | null, ctx: LeaseViewContext): LeaseView {
  const seesPassword = ctx.viewer.id === lease.userId || ctx.viewer.role === 'admin';
  // An instance once held but now given to someone else is not this lease's VM.
  const own = instance !== null && instance.leaseId === lease.id ? instance : null;
  return {
    id: lease.id,
    state: lease.state,
    user: ctx.userNames.get(lease.userId) ?? lease.userId,
    project: lease.project,
    profile: lease.profile,
    cloud: lease.cloud,
    purpose: lease.purpose,
    importance: lease.importance,
    fromPool: lease.fromPool,
    createdAt: isoTime(lease.createdAt),
    activeAt: isoTime(lease.activeAt),
    replacedAt: isoTime(lease.replacedAt),
    expiresAt: isoTime(lease.expiresAt),
    graceEndsAt: isoTime(lease.graceEndsAt),
    endedAt: isoTime(lease.endedAt),
    renewals: lease.renewals,
    instance: own && {
      id: own.id,
      state: own.state,
      addresses: own.addresses.map((a) => ({ ...a })),
      password: seesPassword ? own.password : null,
      host: own.host,
    },
  };
}
