import { formatDuration } from '../../core/duration.js';
import type { Profile } from '../../core/leasing/types.js';
import type { InstanceRecord, LeaseRecord } from './lease-store.js';

/**
 * What the holder reads, per notification kind. Plain text that says what happened,
 * when, and the one command that helps. Never a secret: notifications pass through
 * mail relays and webhooks, so the initial password is only named as a place to fetch.
 */
export interface LeaseMessage {
  kind: 'lease.ready' | 'lease.expiring' | 'lease.stopped' | 'lease.reclaimed' | 'lease.failed';
  subject: string;
  body: string;
  data: Record<string, unknown>;
}

/** "2026-03-01 14:00 UTC": unambiguous for people in any time zone. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A wait as people say it: to the minute ("23h59m", not "23h59m58s"); short ones in seconds. */
export function formatWait(ms: number): string {
  if (ms < 60_000) return formatDuration(Math.max(1, Math.round(ms / 1000)) * 1000);
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return formatDuration(minutes * 60_000);
}

function renewHint(lease: LeaseRecord, profile: Profile): string {
  if (lease.renewals >= profile.maxRenewals) {
    return `It has used all ${profile.maxRenewals} renewals its profile allows and cannot be renewed again.`;
  }
  const duration = formatDuration(Math.min(profile.defaultLeaseMs, profile.maxLeaseMs));
  return `Renew with \`drover renew ${lease.id} --duration ${duration}\`.`;
}

function data(lease: LeaseRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    leaseId: lease.id,
    profile: lease.profile,
    cloud: lease.cloud,
    state: lease.state,
    instanceId: lease.instanceId,
    expiresAt: lease.expiresAt,
    graceEndsAt: lease.graceEndsAt,
    ...extra,
  };
}

function name(lease: LeaseRecord): string {
  return `Your lease ${lease.id} (profile ${lease.profile})`;
}

/** A waiting lease got its VM: a new request's first, or the replacement of a VM that failed (lease.replacedAt). */
export function readyMessage(lease: LeaseRecord, instance: InstanceRecord, now: number): LeaseMessage {
  const addresses = instance.addresses.map((a) => a.ip);
  const where = addresses.length > 0 ? ` at ${addresses.join(', ')}` : '';
  const replaced = lease.replacedAt !== null;
  return {
    kind: 'lease.ready',
    subject: replaced ? `Lease ${lease.id}: its replacement VM is ready (${lease.profile})` : `Lease ${lease.id} is ready (${lease.profile})`,
    body:
      (replaced
        ? `${name(lease)} is active again on a new VM: instance ${instance.id}${where}. Its addresses and password are new.\n`
        : `${name(lease)} is active: instance ${instance.id}${where}.\n`) +
      `It expires in ${formatWait(lease.expiresAt - now)} at ${formatTime(lease.expiresAt)}.\n` +
      `Its addresses and initial password are shown to you alone by GET /v1/leases/${lease.id}.`,
    data: data(lease, { addresses, replaced }),
  };
}

export function expiringMessage(lease: LeaseRecord, profile: Profile, now: number, important: boolean): LeaseMessage {
  const after = important
    ? `At expiry its VM will be stopped and kept for ${formatDuration(profile.graceMs)}, then deleted.`
    : 'At expiry its VM will be deleted.';
  return {
    kind: 'lease.expiring',
    subject: `Lease ${lease.id} expires in ${formatWait(lease.expiresAt - now)}`,
    body:
      `${name(lease)} expires in ${formatWait(lease.expiresAt - now)} at ${formatTime(lease.expiresAt)}.\n` +
      `${after}\n${renewHint(lease, profile)}`,
    data: data(lease),
  };
}

export function stoppedMessage(lease: LeaseRecord, profile: Profile, graceEndsAt: number): LeaseMessage {
  return {
    kind: 'lease.stopped',
    subject: `Lease ${lease.id} expired: VM stopped, deleted at ${formatTime(graceEndsAt)}`,
    body:
      `${name(lease)} expired at ${formatTime(lease.expiresAt)}. Because it is important, its VM ` +
      `(instance ${lease.instanceId}) was stopped, not deleted.\n` +
      `It will be deleted at ${formatTime(graceEndsAt)} (after ${formatDuration(profile.graceMs)} of grace) unless you renew it; ` +
      `renewing starts it again.\n${renewHint(lease, profile)}`,
    data: data(lease, { graceEndsAt }),
  };
}

export function reclaimedMessage(lease: LeaseRecord, afterGrace: boolean): LeaseMessage {
  const when = afterGrace
    ? `Its grace period ended at ${formatTime(lease.graceEndsAt ?? lease.expiresAt)}`
    : `It expired at ${formatTime(lease.expiresAt)}`;
  return {
    kind: 'lease.reclaimed',
    subject: `Lease ${lease.id} ended: VM deleted`,
    body:
      `${name(lease)} has ended. ${when}, so its VM (instance ${lease.instanceId}) is being deleted.\n` +
      `Request a new one with \`drover request ${lease.profile}\`.`,
    data: data(lease, { afterGrace }),
  };
}

export function failedMessage(lease: LeaseRecord, waitedMs: number, why: string): LeaseMessage {
  return {
    kind: 'lease.failed',
    subject: `Lease ${lease.id} failed: ${why}`,
    body:
      `${name(lease)} could not be provided: ${why}.\n` +
      `Nothing is held for you. Request again with \`drover request ${lease.profile}\`, or ask an operator about the ${lease.cloud} cloud.`,
    data: data(lease, { waitedMs, reason: why }),
  };
}
