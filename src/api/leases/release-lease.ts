import { ConflictError } from '../../core/errors.js';
import type { InstanceState } from '../../core/leasing/index.js';
import type { LeaseRecord, Store, User } from '../../store/store.js';
import { visibleLease } from './lease-access.js';

const LIVE = ['provisioning', 'active', 'grace'] as const;
/** States in which a VM still belongs to its lease (as the lease controller holds them). */
const HELD: InstanceState[] = ['pending', 'booting', 'configuring', 'leased', 'stopped', 'recovering', 'failed'];
const MAX_TRIES = 3;

/**
 * Gives a lease back. Idempotent: an ended lease is returned as it is. The holder's VM
 * goes to 'deleting' (never back to the pool: someone had it). A lease still waiting
 * for a VM just ends; anything booted for it is the lease controller's to return to
 * the pool. The state write is a compare-and-swap; if the lease moved meanwhile (a VM
 * arrived for it), the release is tried again from its new state.
 */
export async function releaseLease(store: Store, caller: User, id: string, now: number): Promise<LeaseRecord> {
  let lease = await visibleLease(store, caller, id);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    if (!(LIVE as readonly string[]).includes(lease.state)) return lease;
    const released = await store.updateLease(id, { state: 'released', endedAt: now }, now, [lease.state]);
    if (released) {
      if (released.instanceId && released.activeAt !== null) {
        await store.updateInstance(released.instanceId, { state: 'deleting', step: null }, now, HELD);
      }
      await store.appendEvent({
        at: now,
        level: 'info',
        kind: 'lease',
        subject: id,
        reason: 'Released',
        message: `released by ${caller.name}${released.instanceId ? `; instance ${released.instanceId} is being deleted` : ''}`,
      });
      return released;
    }
    lease = await visibleLease(store, caller, id);
  }
  throw new ConflictError(`lease ${id} kept changing while it was being released; retry`);
}
