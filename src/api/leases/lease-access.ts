import { NotFoundError } from '../../core/errors.js';
import type { InstanceRecord, LeaseRecord, Store, User } from '../../store/store.js';
import { hasRole } from '../roles.js';
import { toLeaseView, type LeaseView } from './lease-view.js';

/**
 * The lease `id` if `viewer` may see it: their own, or any for operators and admins.
 * Another user's lease is "not found", never "forbidden": its existence is not theirs
 * to learn.
 */
export async function visibleLease(store: Store, viewer: User, id: string): Promise<LeaseRecord> {
  const lease = await store.getLease(id);
  if (!lease || (lease.userId !== viewer.id && !hasRole(viewer, 'operator'))) throw new NotFoundError(`no lease ${id}`);
  return lease;
}

/**
 * Renders leases with their instances and holders' names, in as few queries as it takes:
 * the instances of these leases only, read by id (never the whole table).
 */
export async function leaseViews(store: Store, viewer: User, leases: LeaseRecord[]): Promise<LeaseView[]> {
  const wanted = leases.map((l) => l.instanceId).filter((id): id is string => id !== null);
  const instances = new Map<string, InstanceRecord>();
  if (wanted.length > 0) for (const i of await store.getInstances(wanted)) instances.set(i.id, i);
  const userNames = await namesFor(store, viewer, leases);
  return leases.map((l) => toLeaseView(l, l.instanceId ? (instances.get(l.instanceId) ?? null) : null, { viewer, userNames }));
}

export async function leaseView(store: Store, viewer: User, lease: LeaseRecord): Promise<LeaseView> {
  return (await leaseViews(store, viewer, [lease]))[0]!;
}

async function namesFor(store: Store, viewer: User, leases: LeaseRecord[]): Promise<Map<string, string>> {
  const names = new Map([[viewer.id, viewer.name]]);
  if (leases.every((l) => l.userId === viewer.id)) return names;
  for (const u of await store.listUsers()) names.set(u.id, u.name);
  return names;
}
