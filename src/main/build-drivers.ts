import type { Clock } from '../core/clock.js';
import type { CloudDriver } from '../drivers/cloud-driver.js';
import { loadCloudConfig } from '../drivers/openstack/clouds-yaml.js';
import { OpenStackDriver } from '../drivers/openstack/openstack-driver.js';
import { SimCloud, SimDriver } from '../drivers/sim/index.js';
import type { CloudConfig } from './config/schema.js';

export interface Drivers {
  byName: ReadonlyMap<string, CloudDriver>;
  /** Simulated clouds by name, for fault injection and demos. */
  sims: ReadonlyMap<string, SimCloud>;
  /** A non-secret line about the cloud (kind, size, or auth URL and region). */
  describe(name: string): string;
  close(): Promise<void>;
}

/** One driver per configured cloud. */
export async function buildDrivers(clouds: CloudConfig[], clock: Clock): Promise<Drivers> {
  const byName = new Map<string, CloudDriver>();
  const sims = new Map<string, SimCloud>();
  const descriptions = new Map<string, string>();
  for (const cloud of clouds) {
    if (cloud.kind === 'sim') {
      const azs = cloud.availabilityZones ?? 3;
      const perZone = cloud.hostsPerZone ?? 8;
      const sim = new SimCloud({
        clock,
        seed: cloud.seed ?? 1,
        availabilityZones: azs,
        hostsPerZone: perZone,
        latencies: { boot: { medianMs: (cloud.bootSeconds ?? 5) * 1000, sigma: 0.3 } },
      });
      sims.set(cloud.name, sim);
      byName.set(cloud.name, new SimDriver(sim));
      descriptions.set(cloud.name, `simulated cloud: ${azs} availability zones x ${perZone} hosts, seed ${cloud.seed ?? 1}`);
    } else {
      const config = loadCloudConfig({
        cloud: cloud.cloud,
        ...(cloud.cloudsYaml ? { env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloud.cloudsYaml } } : {}),
      });
      byName.set(cloud.name, new OpenStackDriver(config, { clock }));
      descriptions.set(
        cloud.name,
        `OpenStack cloud '${config.name}' at ${config.auth.authUrl}${config.regionName ? `, region ${config.regionName}` : ''}`,
      );
    }
  }
  return {
    byName,
    sims,
    describe: (name) => descriptions.get(name) ?? '',
    async close() {
      for (const d of byName.values()) await d.close();
      for (const s of sims.values()) s.close();
    },
  };
}
