import type { CloudDriver } from '../cloud-driver.js';

/**
 * Polls `probe` until it returns something other than null, undefined or false, and
 * returns that. Against a real cloud it sleeps real time between probes; against the
 * simulated cloud it advances the virtual clock. Throws, naming `what`, on timeout.
 */
export type WaitFor = <T>(probe: () => Promise<T | null | undefined | false>, what: string) => Promise<T>;

export interface ContractCapabilities {
  /** The credential may list hosts, manage services and name migration targets. */
  admin: boolean;
  /** At least two hosts can live-migrate between each other. */
  liveMigration?: boolean;
  /** Cold migration (with the driver confirming the resize) works. */
  coldMigration?: boolean;
  /** An external network gives floating IPs. */
  floatingIps?: boolean;
  /**
   * The suite may take a host down to test evacuation. `crashHost` makes the host's
   * compute service stop (kill nova-compute, or the sim's crashService); the suite then
   * forces the service down itself. `restoreHost` brings it back; the suite then clears
   * the forced-down flag (Nova Zed refuses that until the compute service restarted).
   */
  evacuation?: {
    crashHost(host: string): Promise<void>;
    restoreHost(host: string): Promise<void>;
  };
}

export interface ContractFixture {
  driver: CloudDriver;
  /** What the suite boots its servers with: ids from this cloud. */
  boot: { flavorId: string; imageId: string; networks: string[] };
  /** A second image, so rebuild can be seen to change the image; else rebuild reuses the first. */
  altImageId?: string;
  /** External network (name or id) for floating IPs; the cloud's default when omitted. */
  floatingNetwork?: string;
  waitFor: WaitFor;
  capabilities: ContractCapabilities;
  /** Prefix of the suite's server names, so that leftovers on a shared cloud are recognisable. */
  namePrefix?: string;
  /** Called once, after the last test. */
  close?(): Promise<void>;
}

/** A WaitFor on real time, for fixtures of real clouds. */
export function realTimeWaitFor(options: { intervalMs?: number; timeoutMs?: number } = {}): WaitFor {
  const interval = options.intervalMs ?? 1000;
  const timeout = options.timeoutMs ?? 300_000;
  return async <T>(probe: () => Promise<T | null | undefined | false>, what: string): Promise<T> => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const v = await probe();
      if (v !== null && v !== undefined && v !== false) return v;
      if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  };
}
