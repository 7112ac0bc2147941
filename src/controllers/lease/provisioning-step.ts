import type { ReconcileResult } from '../runtime/reconciler.js';
import { returnUnused } from './lease-instances.js';
import { recordLeaseStep } from './lease-journal.js';
import { failedMessage, formatWait, readyMessage } from './lease-messages.js';
import type { InstanceRecord, LeaseControllerStore, LeaseRecord } from './lease-store.js';

export interface ProvisioningOptions {
  /** How often a waiting lease looks for a ready instance. */
  pollMs: number;
  /** A lease that got no VM within this long after its request (or its replacement) fails. */
  maxWaitMs: number;
}

/**
 * A lease waiting for a VM (the pool was empty at request time, or when its VM was
 * replaced: the wait then counts from the replacement). It takes the first
 * ready instance it can get: one booted for it and already marked leased to it (by
 * the instance controller), else any ready one of its pools (an atomic claim). The
 * lease's own compare-and-swap (provisioning -> active) is the commit point: if it
 * loses (the holder released the lease meanwhile), the instance goes back to the pool.
 */
export async function reconcileProvisioning(
  store: LeaseControllerStore,
  lease: LeaseRecord,
  clouds: readonly string[],
  held: InstanceRecord[],
  now: number,
  opts: ProvisioningOptions,
): Promise<ReconcileResult> {
  const instance = held.find((i) => i.state === 'leased') ?? (await claimAnywhere(store, lease, clouds, now));
  if (instance) {
    // The VM's own size from now on: the one guessed at request time may have been 0
    // (a pool with no VM yet); and its cloud, when another of the profile's clouds had one first.
    const active = await store.updateLease(
      lease.id,
      { state: 'active', instanceId: instance.id, activeAt: now, vcpus: instance.vcpus, ramMb: instance.ramMb, cloud: instance.cloud },
      now,
      ['provisioning'],
      lease.version,
    );
    if (!active) {
      await returnUnused(store, instance, now);
      return { requeueAfterMs: 0 };
    }
    await recordLeaseStep(store, active, now, {
      reason: 'Fulfilled',
      message: `${lease.replacedAt !== null ? 'replacement ' : ''}instance ${instance.id} ready after ${formatWait(now - waitingSince(lease))} of waiting`,
      notify: readyMessage(active, instance, now),
    });
    await returnOthers(store, held, instance.id, now);
    return { requeueAfterMs: 0 };
  }

  // A lease shorter than the wait ends at its own end (core's leaseDue says 'reclaim').
  const deadline = Math.min(waitingSince(lease) + opts.maxWaitMs, lease.expiresAt);
  if (now < deadline) return { requeueAfterMs: Math.min(opts.pollMs, deadline - now) };
  const why = deadline === lease.expiresAt ? 'its time ran out before a VM became ready' : `no VM became ready within ${formatWait(opts.maxWaitMs)}`;
  const failed = await failLease(store, lease, now, why);
  if (failed) await returnOthers(store, held, null, now);
  return { requeueAfterMs: 0 };
}

/**
 * A ready instance for a waiting lease: from its own cloud's pool first (where a VM is
 * being booted for it), else from any other cloud of its profile that has one ready,
 * as a new request would. The VM booted for it then joins its pool.
 */
async function claimAnywhere(store: LeaseControllerStore, lease: LeaseRecord, clouds: readonly string[], now: number): Promise<InstanceRecord | null> {
  for (const cloud of [lease.cloud, ...clouds.filter((c) => c !== lease.cloud)]) {
    const claimed = await store.claimReadyInstance(lease.profile, cloud, lease.id, now);
    if (claimed) return claimed;
  }
  return null;
}

/** Ends a lease that got no VM; the holder is told. Null when the lease moved on meanwhile. */
export async function failLease(store: LeaseControllerStore, lease: LeaseRecord, now: number, why: string): Promise<LeaseRecord | null> {
  const failed = await store.updateLease(lease.id, { state: 'failed', endedAt: now }, now, ['provisioning', 'active', 'grace'], lease.version);
  if (failed) {
    await recordLeaseStep(store, failed, now, {
      reason: 'Failed',
      level: 'error',
      message: why,
      notify: failedMessage(failed, now - waitingSince(lease), why),
    });
  }
  return failed;
}

/**
 * When the lease began waiting for the VM it waits for: its request, or the replacement
 * of its VM (only a replacement puts a lease back into provisioning, so a provisioning
 * lease with replacedAt waits for the replacement).
 */
function waitingSince(lease: LeaseRecord): number {
  return lease.replacedAt ?? lease.createdAt;
}

/** Instances booted for this lease that it no longer needs join the pool. */
async function returnOthers(store: LeaseControllerStore, held: InstanceRecord[], keep: string | null, now: number): Promise<void> {
  for (const other of held) if (other.id !== keep) await returnUnused(store, other, now);
}
