import { randomBytes } from 'node:crypto';
import { ConflictError, InputError } from '../../core/errors.js';
import { checkQuota, planLeaseRequest, requestedUsage, type LeaseRequestPlan, type Profile, type QuotaLimits } from '../../core/leasing/index.js';
import type { LeaseRecord, Store, User } from '../../store/store.js';
import { claimFromFirstCloud } from './claim-ready.js';
import { poolVmSize } from './lease-size.js';

export interface LeaseRequestBody {
  profile: string;
  duration?: string | number;
  importance?: number;
  purpose?: string;
  count?: number;
}

export interface LeaseRequestOutcome {
  leases: LeaseRecord[];
  /** The leases this call created (the others existed: an idempotent retry). */
  created: LeaseRecord[];
  /** True when every lease existed before. */
  replay: boolean;
}

/** The key of the i-th lease of a request (i from 0): `key`, `key#2`, `key#3`... */
export function leaseKey(key: string, i: number): string {
  return i === 0 ? key : `${key}#${i + 1}`;
}

export const newLeaseId = (): string => `l-${randomBytes(8).toString('hex')}`;

/**
 * POST /v1/leases as a use case: checks, then writes intent; never calls a cloud.
 *
 *   validate (profile, planLeaseRequest) ─► idempotency (existing leases of the key)
 *     ─► quota (only for the leases still to create) ─► per lease: claim a ready
 *        instance from the first cloud that has one ─► createLease (active | provisioning)
 *        ─► recordRequest (hit | miss) ─► event
 *
 * Everything from the idempotency check on runs in one transaction, under the project's
 * quota lock (store.lockQuota) when the user or the project has a quota: concurrent
 * requests of such a project take turns, so two cannot both pass the quota on the same
 * remaining room; without a quota nothing is shared and nobody waits. A refused
 * request (or one that fails half-way) changes nothing. createLease stays atomic on (user, key) as a
 * second line: a twin that got past the lookup loses there, gives its claimed instance
 * back and returns the winner's lease.
 */
export async function requestLeases(store: Store, user: User, body: LeaseRequestBody, key: string, now: number): Promise<LeaseRequestOutcome> {
  const profile = await store.getProfile(body.profile);
  if (!profile) throw new InputError(`profile: no profile named '${body.profile}' (see GET /v1/profiles)`, 'profile');
  const plan = planLeaseRequest({ profile, ...optional(body) }, now);

  // The pool's VM size is read first: it is not part of the decision that must be atomic.
  const size = await poolVmSize(store, profile, profile.clouds[0]!);
  return store.transaction(async (tx) => {
    const limits = { user: await tx.getQuota('user', user.id), project: await tx.getQuota('project', user.project) };
    // Without a limit there is no room to share, and no reason to make the project's requests take turns.
    if (limits.user !== null || limits.project !== null) await tx.lockQuota(user.project);
    return decideAndWrite({ store: tx, user, profile, plan, size, now, limits }, key);
  });
}

/** One request's checked inputs, inside its transaction. */
interface RequestContext {
  store: Store;
  user: User;
  profile: Profile;
  plan: LeaseRequestPlan;
  /** What one VM of the pool holds: a lease's size until it has its own VM. */
  size: { vcpus: number; ramMb: number };
  now: number;
  /** The user's and the project's quotas (null: no limit). */
  limits: { user: QuotaLimits | null; project: QuotaLimits | null };
}

/** In one transaction, under the project's quota lock when it has a quota: idempotency, quota, then the leases. */
async function decideAndWrite(r: RequestContext, key: string): Promise<LeaseRequestOutcome> {
  const { store, user, profile, plan, size } = r;
  const keys = Array.from({ length: plan.count }, (_, i) => leaseKey(key, i));
  const existing = await Promise.all(keys.map((k) => store.getLeaseByKey(user.id, k)));
  for (const lease of existing) {
    if (lease && lease.profile !== profile.name) {
      throw new ConflictError(`Idempotency-Key ${key} was already used for a request of profile ${lease.profile}; use a new key for a new request`);
    }
  }
  const missing = keys.filter((_, i) => existing[i] === null);
  if (missing.length === 0) return { leases: existing as LeaseRecord[], created: [], replay: true };

  const { limits } = r;
  if (limits.user !== null || limits.project !== null) {
    const [userUsage, projectUsage] = await Promise.all([store.usage('user', user.id), store.usage('project', user.project)]);
    checkQuota(limits, { user: userUsage, project: projectUsage }, requestedUsage(missing.length, size));
  }

  const leases: LeaseRecord[] = [];
  const created: LeaseRecord[] = [];
  for (let i = 0; i < keys.length; i++) {
    const had = existing[i];
    if (had) {
      leases.push(had);
      continue;
    }
    const made = await createOne(r, keys[i]!);
    leases.push(made.lease);
    if (made.created) created.push(made.lease);
  }
  return { leases, created, replay: created.length === 0 };
}

async function createOne({ store, user, profile, plan, size, now }: RequestContext, key: string): Promise<{ lease: LeaseRecord; created: boolean }> {
  const id = newLeaseId();
  const claimed = await claimFromFirstCloud(store, profile, id, now);
  const cloud = claimed?.cloud ?? profile.clouds[0]!;
  const { lease, created } = await store.createLease({
    id,
    userId: user.id,
    project: user.project,
    profile: profile.name,
    cloud,
    instanceId: claimed?.id ?? null,
    state: claimed ? 'active' : 'provisioning',
    purpose: plan.purpose,
    importance: plan.importance,
    fromPool: claimed !== null,
    // A claimed VM's own size is the truth; the pool's is the best guess for one to come.
    vcpus: claimed?.vcpus ?? size.vcpus,
    ramMb: claimed?.ramMb ?? size.ramMb,
    createdAt: now,
    activeAt: claimed ? now : null,
    expiresAt: plan.expiresAt,
    idempotencyKey: key,
  });
  if (!created) {
    // A twin request with the same key won: our claim goes back, untouched by anyone.
    if (claimed) await store.updateInstance(claimed.id, { state: 'ready', leaseId: null }, now, ['leased']);
    return { lease, created: false };
  }
  await store.recordRequest(profile.name, cloud, now, claimed !== null);
  await store.appendEvent({
    at: now,
    level: 'info',
    kind: 'lease',
    subject: id,
    reason: claimed ? 'Claimed' : 'Requested',
    message: claimed
      ? `${user.name} got instance ${claimed.id} from the ${profile.name} pool on ${cloud}`
      : `${user.name} requested a ${profile.name} VM; the pool on ${cloud} was empty, waiting for one`,
  });
  return { lease, created: true };
}


function optional(body: LeaseRequestBody): Omit<LeaseRequestBody, 'profile'> {
  const out: Omit<LeaseRequestBody, 'profile'> = {};
  if (body.duration !== undefined) out.duration = body.duration;
  if (body.importance !== undefined) out.importance = body.importance;
  if (body.purpose !== undefined) out.purpose = body.purpose;
  if (body.count !== undefined) out.count = body.count;
  return out;
}
