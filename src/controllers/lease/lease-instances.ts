import type { InstanceState } from '../../core/leasing/types.js';
import { RESTART_STEP } from '../shared/instance-steps.js';
import type { InstanceRecord, LeaseControllerStore } from './lease-store.js';

/**
 * The few instance transitions the lease controller makes. The instance controller
 * owns instance states and does every driver call; these only move an instance into
 * a state that asks for one ('deleting', 'stopped', 'leased' + step 'restart'), each a
 * compare-and-swap so that a racing writer wins cleanly (null: nothing changed).
 */

/** States in which an instance still belongs to the lease named by its leaseId. */
export const HELD_STATES: InstanceState[] = ['pending', 'booting', 'configuring', 'leased', 'stopped', 'recovering', 'failed'];
const PROVISIONING: InstanceState[] = ['pending', 'booting', 'configuring'];

/** Instances still held for `leaseId`, oldest first. */
export function heldInstances(store: LeaseControllerStore, leaseId: string): Promise<InstanceRecord[]> {
  return store.listInstances({ leaseId, states: HELD_STATES });
}

/** The holder's VM is taken back: deleted, never returned to the pool. */
export function reclaimInstance(store: LeaseControllerStore, id: string, at: number): Promise<InstanceRecord | null> {
  return store.updateInstance(id, { state: 'deleting', step: null }, at, HELD_STATES);
}

/** An important lease expired: the server is stopped and kept. */
export function stopInstance(store: LeaseControllerStore, id: string, at: number): Promise<InstanceRecord | null> {
  return store.updateInstance(id, { state: 'stopped', step: null }, at, ['leased', 'recovering']);
}

/** A renewed grace lease: the stopped server is started again. */
export function restartInstance(store: LeaseControllerStore, id: string, at: number): Promise<InstanceRecord | null> {
  return store.updateInstance(id, { state: 'leased', step: RESTART_STEP }, at, ['stopped']);
}

/**
 * An instance the holder never had (booted for a lease that was served otherwise or
 * ended, or claimed for a lease that was never written): a clean one goes back to the
 * pool; one that was stopped or repaired is not trusted and is deleted.
 */
export async function returnUnused(store: LeaseControllerStore, instance: InstanceRecord, at: number): Promise<'pooled' | 'deleting' | null> {
  const { id, state } = instance;
  if (PROVISIONING.includes(state)) {
    return (await store.updateInstance(id, { leaseId: null }, at, PROVISIONING)) ? 'pooled' : null;
  }
  if (state === 'leased') {
    return (await store.updateInstance(id, { state: 'ready', leaseId: null, step: null }, at, ['leased'])) ? 'pooled' : null;
  }
  return (await reclaimInstance(store, id, at)) ? 'deleting' : null;
}
