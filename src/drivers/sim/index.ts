export { SimCloud } from './sim-cloud.js';
export { SimDriver } from './sim-driver.js';
export type { ApiFaults, SimFaults } from './sim-faults.js';
export type { LatencySpec } from './latency.js';
export {
  DEFAULT_FLAVORS,
  DEFAULT_IMAGES,
  DEFAULT_LATENCIES,
  DEFAULT_NETWORKS,
  DEFAULT_TOMBSTONE_RETENTION_MS,
  type SimCloudOptions,
  type SimImageSpec,
  type SimLatencyName,
  type SimNetworkSpec,
} from './sim-options.js';
export type { SimEvent } from './sim-world.js';
