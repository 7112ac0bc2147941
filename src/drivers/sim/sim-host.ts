import type { HostInfo, NetworkRole, PowerState, Resources } from '../../core/cloud.js';

/**
 * One simulated hypervisor. The compute service is *alive* (heartbeats, and carries
 * out work) while the host is powered on, booted, its nova-compute has not crashed
 * and its management network is up. Nova's view of the service (`state`) lags:
 * it shows down only once no heartbeat came for `serviceDownTimeMs`, or at once when
 * forced down.
 */
export class SimHost {
  readonly used: Resources = { vcpus: 0, ramMb: 0, diskGb: 0 };
  /** Servers whose current host this is (not counting inbound migration claims). */
  readonly serverIds = new Set<string>();
  power: 'on' | 'off' = 'on';
  /** Powered on, but the OS and nova-compute are still starting. */
  booting = false;
  crashed = false;
  readonly links: Record<NetworkRole, boolean> = { management: true, storage: true, tenant: true };
  enabled = true;
  disabledReason: string | null = null;
  forcedDown = false;
  /** When the service last started heartbeating (alive) or stopped (dead). */
  beatSince: number;
  beatStoppedAt: number | null = null;
  /** Change counter value of the last change (for listHosts cursors). */
  version = 0;
  /** Utilisation 0..1 from outside the servers (hypervisor overhead, noisy tenants). */
  baseCpuLoad = 0;

  constructor(
    readonly name: string,
    readonly availabilityZone: string,
    readonly capacity: Resources,
    readonly overcommit: { cpu: number; ram: number; disk: number },
    now: number,
  ) {
    this.beatSince = now;
  }

  get alive(): boolean {
    return this.power === 'on' && !this.booting && !this.crashed && this.links.management;
  }

  serviceState(now: number, downTimeMs: number): 'up' | 'down' {
    if (this.forcedDown) return 'down';
    if (this.beatStoppedAt === null) return 'up';
    return now - this.beatStoppedAt > downTimeMs ? 'down' : 'up';
  }

  heartbeatAgeS(now: number, reportIntervalMs: number): number {
    if (this.beatStoppedAt !== null) return (now - this.beatStoppedAt) / 1000;
    // Alive: the last beat was at most one report interval ago.
    return ((now - this.beatSince) % reportIntervalMs) / 1000;
  }

  free(): Resources {
    return {
      vcpus: this.capacity.vcpus * this.overcommit.cpu - this.used.vcpus,
      ramMb: this.capacity.ramMb * this.overcommit.ram - this.used.ramMb,
      diskGb: this.capacity.diskGb * this.overcommit.disk - this.used.diskGb,
    };
  }

  claim(r: Resources): void {
    this.used.vcpus += r.vcpus;
    this.used.ramMb += r.ramMb;
    this.used.diskGb += r.diskGb;
  }

  release(r: Resources): void {
    this.used.vcpus -= r.vcpus;
    this.used.ramMb -= r.ramMb;
    this.used.diskGb -= r.diskGb;
  }

  /** `busyVcpus`/`activeRamMb`: demand of the servers running here now. */
  toInfo(
    now: number,
    o: { serviceDownTimeMs: number; reportIntervalMs: number },
    demand: { busyVcpus: number; activeRamMb: number },
  ): HostInfo {
    const on = this.power === 'on';
    const power: PowerState = this.power;
    return {
      name: this.name,
      availabilityZone: this.availabilityZone,
      capacity: { ...this.capacity },
      overcommit: { ...this.overcommit },
      used: { ...this.used },
      servers: this.serverIds.size,
      service: {
        state: this.serviceState(now, o.serviceDownTimeMs),
        enabled: this.enabled,
        disabledReason: this.disabledReason,
        forcedDown: this.forcedDown,
        heartbeatAgeS: this.heartbeatAgeS(now, o.reportIntervalMs),
      },
      power,
      // A powered-off host answers no probe on any network.
      networks: {
        management: on && this.links.management,
        storage: on && this.links.storage,
        tenant: on && this.links.tenant,
      },
      load: on
        ? {
            cpu: Math.min(1, this.baseCpuLoad + demand.busyVcpus / this.capacity.vcpus),
            ram: Math.min(1, demand.activeRamMb / this.capacity.ramMb),
          }
        : { cpu: 0, ram: 0 },
    };
  }
}
