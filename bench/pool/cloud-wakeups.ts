import { DROVER_INSTANCE_TAG } from '../../src/core/cloud.js';
import type { Clock } from '../../src/core/clock.js';
import type { SimCloud } from '../../src/drivers/sim/sim-cloud.js';

/**
 * Tells the benchmark when the simulated cloud changed a server on its own (a boot
 * finished, a delete completed), so the instance controller can be woken for that
 * instance instead of polling every booting server every 2 s. Every such change is a
 * timer the cloud set on its clock: the cloud gets a clock that, after each of its
 * timers, lists the servers changed since the last look (the cloud's own cursor) and
 * reports the instance ids they carry.
 */
export class CloudWakeups {
  private cursor: string | undefined;
  private cloud: SimCloud | null = null;
  readonly clock: Clock;

  constructor(
    base: Clock,
    private readonly changed: (instanceId: string) => void,
  ) {
    this.clock = {
      now: () => base.now(),
      setTimer: (ms, fn) =>
        base.setTimer(ms, () => {
          fn();
          this.look();
        }),
      sleep: (ms) => new Promise((resolve) => base.setTimer(ms, resolve)),
    };
  }

  /** The cloud built on `clock`; changes are reported from then on. */
  watch(cloud: SimCloud): void {
    this.cloud = cloud;
    this.cursor = cloud.listServers({ changesSince: '0' }).cursor;
  }

  private look(): void {
    if (!this.cloud) return;
    const { servers, cursor } = this.cloud.listServers({ changesSince: this.cursor ?? '0' });
    this.cursor = cursor;
    for (const s of servers) {
      const id = s.metadata[DROVER_INSTANCE_TAG];
      if (id !== undefined) this.changed(id);
    }
  }
}
