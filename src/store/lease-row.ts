import type { Selectable, Updateable } from 'kysely';
import type { LeaseState } from '../core/leasing/types.js';
import type { LeasesTable } from './leasing-schema.js';
import type { LeasePatch, LeaseRecord, NewLease } from './leasing-store.js';
import { patchRow, type PatchColumns } from './patch-row.js';

type LeaseRow = Selectable<LeasesTable>;

const PATCH_COLUMNS: PatchColumns<LeasePatch, LeasesTable> = {
  cloud: 'cloud',
  instanceId: 'instance_id',
  state: 'state',
  purpose: 'purpose',
  importance: 'importance',
  fromPool: 'from_pool',
  vcpus: 'vcpus',
  ramMb: 'ram_mb',
  activeAt: 'active_at',
  expiresAt: 'expires_at',
  graceEndsAt: 'grace_ends_at',
  renewals: 'renewals',
  warnedOffsets: 'warned_offsets',
  endedAt: 'ended_at',
  replacedAt: 'replaced_at',
};

export function newLeaseRow(l: NewLease): LeaseRow {
  return {
    id: l.id,
    user_id: l.userId,
    project: l.project,
    profile: l.profile,
    cloud: l.cloud,
    instance_id: l.instanceId,
    state: l.state,
    purpose: l.purpose,
    importance: l.importance,
    from_pool: l.fromPool ? 1 : 0,
    vcpus: l.vcpus,
    ram_mb: l.ramMb,
    created_at: l.createdAt,
    active_at: l.activeAt ?? null,
    expires_at: l.expiresAt,
    grace_ends_at: null,
    renewals: 0,
    warned_offsets: '[]',
    ended_at: null,
    idempotency_key: l.idempotencyKey,
    updated_at: l.createdAt,
    version: 0,
    replaced_at: null,
  };
}

export function leasePatchRow(patch: LeasePatch, at: number): Updateable<LeasesTable> {
  return patchRow(patch, at, PATCH_COLUMNS, { warnedOffsets: (w) => JSON.stringify(w), fromPool: (b) => (b ? 1 : 0) });
}

export function toLease(r: LeaseRow): LeaseRecord {
  return {
    id: r.id,
    userId: r.user_id,
    project: r.project,
    profile: r.profile,
    cloud: r.cloud,
    instanceId: r.instance_id,
    state: r.state as LeaseState,
    purpose: r.purpose,
    importance: r.importance,
    fromPool: r.from_pool !== 0,
    vcpus: r.vcpus,
    ramMb: r.ram_mb,
    createdAt: r.created_at,
    activeAt: r.active_at,
    expiresAt: r.expires_at,
    graceEndsAt: r.grace_ends_at,
    renewals: r.renewals,
    warnedOffsets: JSON.parse(r.warned_offsets) as number[],
    endedAt: r.ended_at,
    idempotencyKey: r.idempotency_key,
    updatedAt: r.updated_at,
    version: r.version,
    replacedAt: r.replaced_at,
  };
}
