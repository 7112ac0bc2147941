import { LIVE_LEASE_STATES } from '../../core/leasing/types.js';
import type { InstanceRecord } from '../../store/store.js';
import type { InstanceContext } from './instance-context.js';

/**
 * Where an instance stands with the lease named by its leaseId. The lease controller
 * owns leases; the instance controller only reads them, to hand a VM booted for a
 * waiting lease to it, and to tidy an instance that a crash left tied to a lease
 * that no longer wants it.
 *
 * - waiting: the lease is provisioning and holds no other instance (this one may be its VM)
 * - held: the lease is live and holds this instance
 * - elsewhere: the lease is live and holds another instance (this one was never handed out)
 * - ended: the lease ended (or has been missing for longer than `leaseGraceMs`)
 * - young: the lease is missing, but the claim is recent (the API claims, then writes the lease)
 * - none: no leaseId
 */
export type LeaseStanding = 'waiting' | 'held' | 'elsewhere' | 'ended' | 'young' | 'none';

export async function leaseStanding(c: InstanceContext, inst: InstanceRecord): Promise<LeaseStanding> {
  if (!inst.leaseId) return 'none';
  const lease = await c.store.getLease(inst.leaseId);
  if (!lease) return c.now - inst.updatedAt < c.opts.leaseGraceMs ? 'young' : 'ended';
  if (!LIVE_LEASE_STATES.includes(lease.state)) return 'ended';
  if (lease.instanceId === inst.id) return 'held';
  if (lease.instanceId !== null) return 'elsewhere';
  return lease.state === 'provisioning' ? 'waiting' : 'elsewhere';
}

/** The lease that ended had this instance: it was in someone's hands and is never pooled again. */
export async function wasHandedOut(c: InstanceContext, inst: InstanceRecord): Promise<boolean> {
  if (!inst.leaseId) return false;
  const lease = await c.store.getLease(inst.leaseId);
  return lease?.instanceId === inst.id;
}
