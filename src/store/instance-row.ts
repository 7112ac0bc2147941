import type { Selectable, Updateable } from 'kysely';
import type { InstanceState } from '../core/leasing/types.js';
import type { InstancesTable } from './leasing-schema.js';
import type { InstancePatch, InstanceRecord, NewInstance } from './leasing-store.js';
import { patchRow, type PatchColumns } from './patch-row.js';

type InstanceRow = Selectable<InstancesTable>;

const PATCH_COLUMNS: PatchColumns<InstancePatch, InstancesTable> = {
  state: 'state',
  serverId: 'server_id',
  step: 'step',
  imageId: 'image_id',
  flavorId: 'flavor_id',
  vcpus: 'vcpus',
  ramMb: 'ram_mb',
  host: 'host',
  addresses: 'addresses',
  floatingIpId: 'floating_ip_id',
  password: 'password',
  leaseId: 'lease_id',
  attempts: 'attempts',
  lastError: 'last_error',
  readyAt: 'ready_at',
};

export function newInstanceRow(i: NewInstance, at: number): InstanceRow {
  return {
    id: i.id,
    cloud: i.cloud,
    profile: i.profile,
    state: 'pending',
    server_id: null,
    step: null,
    image_id: null,
    flavor_id: null,
    vcpus: i.vcpus,
    ram_mb: i.ramMb,
    host: null,
    addresses: '[]',
    floating_ip_id: null,
    password: null,
    lease_id: i.leaseId ?? null,
    attempts: 0,
    last_error: null,
    created_at: at,
    ready_at: null,
    updated_at: at,
  };
}

export function instancePatchRow(patch: InstancePatch, at: number): Updateable<InstancesTable> {
  return patchRow(patch, at, PATCH_COLUMNS, { addresses: (a) => JSON.stringify(a) });
}

export function toInstance(r: InstanceRow): InstanceRecord {
  return {
    id: r.id,
    cloud: r.cloud,
    profile: r.profile,
    state: r.state as InstanceState,
    serverId: r.server_id,
    step: r.step,
    imageId: r.image_id,
    flavorId: r.flavor_id,
    vcpus: r.vcpus,
    ramMb: r.ram_mb,
    host: r.host,
    addresses: JSON.parse(r.addresses) as InstanceRecord['addresses'],
    floatingIpId: r.floating_ip_id,
    password: r.password,
    leaseId: r.lease_id,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    readyAt: r.ready_at,
    updatedAt: r.updated_at,
  };
}
