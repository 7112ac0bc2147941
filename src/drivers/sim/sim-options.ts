import type { Clock } from '../../core/clock.js';
import type { Flavor, Resources } from '../../core/cloud.js';
import { validateLatency, type LatencySpec } from './latency.js';

/** Operations whose duration the simulated cloud draws from a LatencySpec. */
export type SimLatencyName =
  | 'schedule'
  | 'boot'
  | 'stop'
  | 'start'
  | 'reboot'
  | 'hardReboot'
  | 'rebuild'
  | 'migrate'
  | 'coldMigrate'
  | 'evacuate'
  | 'delete'
  | 'hostBoot';

export interface SimImageSpec {
  /** Default: a UUID drawn from the seed. */
  id?: string;
  name: string;
}

export interface SimNetworkSpec {
  id?: string;
  name: string;
  /** External networks are where floating IPs come from. */
  external: boolean;
  /** IPv4 subnet; addresses are handed out from offset 10 up. */
  cidr: string;
}

export interface SimCloudOptions {
  /** Drives every transition. A VirtualClock makes a week of cloud time run in seconds. */
  clock: Clock;
  /** Same seed, same calls: same ids, latencies and injected faults. Default 1. */
  seed?: number | string;
  availabilityZones?: number;
  hostsPerZone?: number;
  hostCapacity?: Resources;
  overcommit?: { cpu: number; ram: number; disk: number };
  flavors?: Flavor[];
  images?: SimImageSpec[];
  networks?: SimNetworkSpec[];
  latencies?: Partial<Record<SimLatencyName, LatencySpec>>;
  /** Nova's service_down_time: a silent compute service shows down after this. */
  serviceDownTimeMs?: number;
  /** Nova's report_interval: how often a live compute service heartbeats. */
  reportIntervalMs?: number;
  /** Fraction (0..1) of its vCPUs a running server keeps busy until told otherwise. */
  serverCpuUtil?: number;
  /**
   * How long a deleted server stays visible to changes-since listings (Nova keeps
   * deleted rows until an operator archives them). Afterwards it is forgotten, and a
   * cursor older than that misses the deletion, as one would against a purged Nova.
   * Default one day; Infinity keeps every tombstone (memory grows with servers ever made).
   */
  tombstoneRetentionMs?: number;
}

export type ResolvedSimOptions = Required<Omit<SimCloudOptions, 'latencies' | 'seed'>> & {
  seed: string;
  latencies: Record<SimLatencyName, LatencySpec>;
};

export const DEFAULT_FLAVORS: Flavor[] = [
  { id: '2', name: 'm1.small', vcpus: 1, ramMb: 2048, diskGb: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ramMb: 4096, diskGb: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ramMb: 8192, diskGb: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ramMb: 16384, diskGb: 160 },
];

export const DEFAULT_IMAGES: SimImageSpec[] = [{ name: 'ubuntu-22.04' }, { name: 'cirros-0.6.2' }];

export const DEFAULT_NETWORKS: SimNetworkSpec[] = [
  { name: 'private', external: false, cidr: '10.0.0.0/16' },
  // RFC 5737 documentation range, as the test bed uses.
  { name: 'public', external: true, cidr: '198.51.100.0/24' },
];

/**
 * One day: far longer than any cursor Drover holds (its controllers list in full every
 * few minutes), short enough that a long run's memory follows its deletion rate.
 */
export const DEFAULT_TOMBSTONE_RETENTION_MS = 24 * 3_600_000;

/** Medians close to what a small KVM cloud shows; long tails via sigma. */
export const DEFAULT_LATENCIES: Record<SimLatencyName, LatencySpec> = {
  schedule: { fixedMs: 500 },
  boot: { medianMs: 12_000, sigma: 0.3 },
  stop: { medianMs: 4_000, sigma: 0.25 },
  start: { medianMs: 3_000, sigma: 0.25 },
  reboot: { medianMs: 8_000, sigma: 0.25 },
  hardReboot: { medianMs: 5_000, sigma: 0.25 },
  rebuild: { medianMs: 15_000, sigma: 0.3 },
  migrate: { medianMs: 20_000, sigma: 0.4 },
  coldMigrate: { medianMs: 30_000, sigma: 0.4 },
  evacuate: { medianMs: 20_000, sigma: 0.3 },
  delete: { medianMs: 2_000, sigma: 0.25 },
  hostBoot: { fixedMs: 90_000 },
};

export function resolveSimOptions(o: SimCloudOptions): ResolvedSimOptions {
  const r: ResolvedSimOptions = {
    clock: o.clock,
    seed: String(o.seed ?? 1),
    availabilityZones: o.availabilityZones ?? 3,
    hostsPerZone: o.hostsPerZone ?? 8,
    hostCapacity: o.hostCapacity ?? { vcpus: 64, ramMb: 256 * 1024, diskGb: 2048 },
    overcommit: o.overcommit ?? { cpu: 4, ram: 1.0, disk: 1.0 },
    flavors: o.flavors ?? DEFAULT_FLAVORS,
    images: o.images ?? DEFAULT_IMAGES,
    networks: o.networks ?? DEFAULT_NETWORKS,
    latencies: { ...DEFAULT_LATENCIES, ...o.latencies },
    serviceDownTimeMs: o.serviceDownTimeMs ?? 30_000,
    reportIntervalMs: o.reportIntervalMs ?? 10_000,
    serverCpuUtil: o.serverCpuUtil ?? 0.25,
    tombstoneRetentionMs: o.tombstoneRetentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS,
  };
  const counts = [r.availabilityZones, r.hostsPerZone];
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new RangeError('availabilityZones and hostsPerZone must be integers in 1..1000');
  }
  for (const [name, spec] of Object.entries(r.latencies)) validateLatency(name, spec);
  if (r.flavors.length === 0 || r.images.length === 0 || r.networks.length === 0) {
    throw new RangeError('a simulated cloud needs at least one flavor, image and network');
  }
  if (!(r.serverCpuUtil >= 0 && r.serverCpuUtil <= 1)) throw new RangeError('serverCpuUtil must be in 0..1');
  if (!(r.tombstoneRetentionMs >= 0)) throw new RangeError('tombstoneRetentionMs must be at least 0 (Infinity keeps every tombstone)');
  return r;
}
