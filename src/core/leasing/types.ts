/**
 * The leasing domain (seed 001, "VMMS"): profiles, pools, instances, leases.
 * Plain data; times are ms since the epoch; durations are ms.
 */

export interface PoolSettings {
  /** 'vmms' | 'predictive' | 'static' | 'none' (see core/pool/). */
  policy: string;
  /** Maximum total instances of the pool (ready + provisioning + leased). */
  m: number;
  /** Maximum ready instances. */
  n: number;
  /** Ready instances always kept. */
  min: number;
  /** Policy-specific options, validated by the policy. */
  options: Record<string, unknown>;
  /** Ready instances older than this are replaced (default 10 days). */
  maxAgeMs: number;
}

export interface Profile {
  name: string;
  purpose: string;
  /** Clouds this profile may use, in order of preference. */
  clouds: string[];
  /** Image and flavor by name or id, as the cloud knows them. */
  image: string;
  flavor: string;
  /** Network names or ids; empty means the cloud's default ("auto"). */
  networks: string[];
  securityGroups: string[];
  keyName: string | null;
  /** cloud-init user-data template (initial deployment); `{{instance}}`, `{{profile}}` are filled in. */
  userData: string | null;
  floatingIp: boolean;
  /** Length of the generated initial password; 0 means none is set. */
  passwordLength: number;
  defaultLeaseMs: number;
  maxLeaseMs: number;
  maxRenewals: number;
  defaultImportance: number;
  /** Leases with importance >= this are stopped at expiry and kept for the grace period. */
  importantThreshold: number;
  graceMs: number;
  /** Offsets before expiry at which the holder is warned (default 24 h and 1 h). */
  warnBeforeMs: number[];
  pool: PoolSettings;
}

/**
 * An instance's life: pending (row written, nothing booted yet) -> booting (server
 * requested) -> configuring (ACTIVE; floating IP, password, deployment) -> ready
 * (pooled) -> leased -> stopped (an important lease in its grace period) ->
 * deleting -> deleted. failed: provisioning gave up; recovering: the state
 * manager is repairing it.
 */
export type InstanceState =
  | 'pending'
  | 'booting'
  | 'configuring'
  | 'ready'
  | 'leased'
  | 'stopped'
  | 'recovering'
  | 'failed'
  | 'deleting'
  | 'deleted';

export type LeaseState =
  /** Waiting for a VM (the pool was empty). */
  | 'provisioning'
  | 'active'
  /** Expired but important: VM stopped, kept until graceEndsAt unless renewed. */
  | 'grace'
  /** Given back by the holder. */
  | 'released'
  /** Ended by expiry; VM reclaimed. */
  | 'expired'
  /** No VM could be provided. */
  | 'failed';

export const LIVE_LEASE_STATES: readonly LeaseState[] = ['provisioning', 'active', 'grace'];

/** Importance of a lease: a whole number in this range (a profile's threshold too). */
export const MIN_IMPORTANCE = 0;
export const MAX_IMPORTANCE = 10;
