import { ConflictError, InputError, InvalidStateError } from '../../core/errors.js';
import type { InstanceState, Profile } from '../../core/leasing/index.js';
import type { InstanceRecord, LeaseRecord, Store, User } from '../../store/store.js';
import { claimFromFirstCloud } from './claim-ready.js';
import { visibleLease } from './lease-access.js';

/** States in which the old VM still belongs to the lease (as the lease controller holds them). */
const HELD: InstanceState[] = ['pending', 'booting', 'configuring', 'leased', 'stopped', 'recovering', 'failed'];
const MAX_TRIES = 3;
const MAX_REASON_LENGTH = 200;

export interface ReplaceOutcome {
  lease: LeaseRecord;
  /** True when a ready VM was handed over at once; false when the lease waits for one (provisioning). */
  claimed: boolean;
}

/** The lease moved between its read and the swap: the transaction is undone (the claim with it) and tried again. */
class LeaseMoved extends Error {}

/**
 * Gives an active lease a new VM and sends its old one to 'deleting' (never back to
 * the pool: someone had it), keeping everything else of the lease: expiry, renewals,
 * importance, purpose. For a VM the state manager gave up on or whose server vanished,
 * but the holder may replace a VM that still runs (one they broke themselves).
 *
 *   active? (else 409) ─► in one transaction:
 *     claim a ready VM, first of profile.clouds with one
 *       ├─ got one ─► lease CAS (version): new instanceId, cloud, activeAt now
 *       └─ none ────► lease CAS: provisioning, instanceId null; the pool boots a VM for
 *                     it and the lease controller hands it over (lease.ready, "replacement")
 *     old VM ─► deleting; recordRequest (hit | miss); event Replaced
 *
 * Only an active lease: a waiting one has no VM to replace, a grace one's VM is stopped
 * on purpose (renew it, and it starts again), an ended one is over. One transaction,
 * so the old VM is never left held by a lease that points elsewhere (which a crash
 * between two writes would otherwise leave to be mistaken for one never handed out),
 * and a refused or lost swap changes nothing. The lease is read inside it too: on
 * SQLite the transaction holds the write lock, so nothing moves the lease meanwhile;
 * on PostgreSQL the version check catches a write that did (the transaction is undone
 * and the whole replacement tried again on the lease as it now is). The wait for a VM
 * counts from replacedAt, and the expiry stays: a lease that ends before a VM comes
 * just ends.
 */
export async function replaceLease(store: Store, caller: User, id: string, reason: string | undefined, now: number): Promise<ReplaceOutcome> {
  checkReason(reason);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    try {
      return await store.transaction(async (tx) => {
        const lease = await visibleLease(tx, caller, id);
        if (lease.state !== 'active') throw new InvalidStateError(refusal(lease));
        const profile = await tx.getProfile(lease.profile);
        if (!profile) throw new InvalidStateError(`lease ${id}: its profile ${lease.profile} no longer exists, so no new VM can be made for it`);
        return swap(tx, caller, lease, profile, reason, now);
      });
    } catch (error) {
      if (!(error instanceof LeaseMoved)) throw error;
    }
  }
  throw new ConflictError(`lease ${id} kept changing while its VM was being replaced; look at it again and retry`);
}

async function swap(store: Store, caller: User, lease: LeaseRecord, profile: Profile, reason: string | undefined, now: number): Promise<ReplaceOutcome> {
  const claimed = await claimFromFirstCloud(store, profile, lease.id, now);
  const cloud = claimed?.cloud ?? profile.clouds[0]!;
  const replaced = await store.updateLease(
    lease.id,
    {
      state: claimed ? 'active' : 'provisioning',
      instanceId: claimed?.id ?? null,
      cloud,
      // When the VM it holds became usable: null while it waits (the lease controller sets it then).
      activeAt: claimed ? now : null,
      replacedAt: now,
      // The claimed VM's own size; a waiting lease keeps its size until its VM comes.
      ...(claimed ? { vcpus: claimed.vcpus, ramMb: claimed.ramMb } : {}),
    },
    now,
    ['active'],
    lease.version,
  );
  if (!replaced) throw new LeaseMoved();
  const old = lease.instanceId ? await store.updateInstance(lease.instanceId, { state: 'deleting', step: null }, now, HELD) : null;
  await store.recordRequest(profile.name, cloud, now, claimed !== null);
  const was = lease.instanceId ? `instance ${lease.instanceId}${old ? ' (being deleted)' : ''}` : 'its VM';
  await store.appendEvent({
    at: now,
    level: 'info',
    kind: 'lease',
    subject: lease.id,
    reason: 'Replaced',
    message:
      `${caller.name} replaced ${was}${reason ? ` (${reason})` : ''}: ` +
      (claimed ? `instance ${claimed.id} from the ${profile.name} pool on ${cloud}` : `the ${profile.name} pool on ${cloud} was empty, waiting for a VM`),
  });
  // The holder who asked has the answer; a holder whose VM an operator replaced is told.
  if (claimed && caller.id !== lease.userId) await notifyHolder(store, caller, replaced, claimed, now);
  return { lease: replaced, claimed: claimed !== null };
}


async function notifyHolder(store: Store, caller: User, lease: LeaseRecord, instance: InstanceRecord, now: number): Promise<void> {
  const addresses = instance.addresses.map((a) => a.ip);
  await store.enqueueNotification({
    userId: lease.userId,
    kind: 'lease.ready',
    subject: `Lease ${lease.id}: its VM was replaced (${lease.profile})`,
    body:
      `The VM of your lease ${lease.id} (profile ${lease.profile}) was replaced by ${caller.name}: ` +
      `it is now instance ${instance.id}${addresses.length > 0 ? ` at ${addresses.join(', ')}` : ''}, with new addresses and a new password.\n` +
      `The lease is otherwise unchanged. Its addresses and initial password are shown to you alone by GET /v1/leases/${lease.id}.`,
    data: { leaseId: lease.id, profile: lease.profile, cloud: lease.cloud, state: lease.state, instanceId: instance.id, expiresAt: lease.expiresAt, addresses, replaced: true },
    createdAt: now,
  });
}

function refusal(lease: LeaseRecord): string {
  switch (lease.state) {
    case 'provisioning':
      return `lease ${lease.id} is still waiting for its VM: there is nothing to replace yet (see \`drover lease show ${lease.id}\`)`;
    case 'grace':
      return `lease ${lease.id} has expired and its VM is stopped for its grace period: renew it first (renewing starts the VM again), then replace it if it is broken`;
    default: {
      const ended = { released: 'was released', expired: 'has expired', failed: 'has failed' }[lease.state as 'released' | 'expired' | 'failed'];
      return `lease ${lease.id} ${ended}: only an active lease's VM can be replaced; request a new VM with \`drover request ${lease.profile}\``;
    }
  }
}

function checkReason(reason: string | undefined): void {
  if (reason === undefined) return;
  if (reason.length > MAX_REASON_LENGTH) throw new InputError(`reason must be at most ${MAX_REASON_LENGTH} characters`, 'reason');
  // It goes into the lease's events, read in tables and logs: one line of printable text.
  if (/[\u0000-\u001f\u007f]/.test(reason)) throw new InputError('reason must be one line of text (no control characters)', 'reason');
}
