import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** The one profile the API benchmark leases from, and its cloud. */
export const BENCH_PROFILE = 'bench';
export const BENCH_CLOUD = 'sim';

export interface ApiBenchConfig {
  databaseUrl: string;
  /** Pool bounds: the static policy keeps n ready, m in total. */
  m: number;
  n: number;
}

/**
 * drover.yaml for the benchmark's server: one simulated cloud with fast boots (so the
 * pool refills while it is drained) and room for m small VMs, one profile with a
 * static pool, logs at warn (a log line per request would measure pino).
 */
export function benchProfileSpec(c: Pick<ApiBenchConfig, 'm' | 'n'>): Record<string, unknown> {
  return {
    name: BENCH_PROFILE,
    purpose: 'API benchmark',
    clouds: [BENCH_CLOUD],
    image: 'cirros-0.6.2',
    flavor: 'm1.small',
    networks: ['private'],
    floatingIp: false,
    passwordLength: 16,
    defaultLease: '1h',
    maxLease: '1d',
    pool: { policy: 'static', m: c.m, n: c.n, min: 0 },
  };
}

export function writeBenchConfig(path: string, c: ApiBenchConfig): void {
  // 128 m1.small VMs fit a default host (256 GB RAM); 3 zones of hosts with room for 2 m.
  const hostsPerZone = Math.min(1000, Math.max(8, Math.ceil((2 * c.m) / (3 * 128))));
  const config = {
    database: { url: c.databaseUrl },
    log: { level: 'warn' },
    clouds: [{ name: BENCH_CLOUD, kind: 'sim', seed: 1, availabilityZones: 3, hostsPerZone, bootSeconds: 0.2 }],
    profiles: [benchProfileSpec(c)],
    controllers: { hostSyncSeconds: 60 },
  };
  writeFileSync(path, stringify(config));
}
