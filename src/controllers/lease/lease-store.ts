import type { Store } from '../../store/store.js';

export type { InstanceRecord, LeaseRecord } from '../../store/store.js';

/** The part of the store the lease controller reads and writes. */
export type LeaseControllerStore = Pick<
  Store,
  | 'appendEvent'
  | 'getProfile'
  | 'getLease'
  | 'listLeases'
  | 'updateLease'
  | 'getInstance'
  | 'listInstances'
  | 'updateInstance'
  | 'claimReadyInstance'
  | 'enqueueNotification'
>;
