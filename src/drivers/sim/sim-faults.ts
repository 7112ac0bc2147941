import type { NetworkRole, PowerState } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import { sampleLatency, validateLatency, type LatencySpec } from './latency.js';
import { refreshLiveness } from './host-liveness.js';
import { failMove } from './server-moves.js';
import type { SimWorld } from './sim-world.js';

export interface ApiFaults {
  /** Fraction of driver calls that fail with DriverError('transient') before taking effect. */
  errorRate: number;
  /** Fraction of driver calls that take effect and then fail as transient (a lost reply). */
  lostReplyRate: number;
  /** Added to every driver call, in ms of the cloud's clock. */
  latency: LatencySpec;
}

/**
 * What goes wrong in a real cloud, on demand: host power, networks and compute
 * service, flaky and slow APIs, broken servers, and load. Not part of CloudDriver:
 * demos, benchmarks and tests reach it through `SimCloud.faults`. Every switch is
 * idempotent.
 */
export class SimFaults {
  #api: ApiFaults = { errorRate: 0, lostReplyRate: 0, latency: 0 };
  readonly #bootTimers = new Map<string, () => void>();

  constructor(private readonly w: SimWorld) {}

  /**
   * Cuts power: guests die (Nova still shows them ACTIVE: nobody tells it), probes of
   * every network fail, heartbeats stop so the service shows down after the down
   * time, and moves heading to this host fail.
   */
  powerOff(host: string): void {
    const h = this.w.host(host);
    if (h.power === 'off') return;
    h.power = 'off';
    h.booting = false;
    this.#bootTimers.get(host)?.();
    this.#bootTimers.delete(host);
    for (const id of h.serverIds) {
      const s = this.w.servers.get(id);
      if (s !== undefined && !s.deleted) s.guestLost = true;
    }
    for (const s of this.w.servers.live()) {
      if (s.op?.dest !== host) continue;
      const op = this.w.cancelOp(s)!;
      failMove(this.w, s, { op: op.kind }, op.prior, `destination host ${host} lost power`);
    }
    this.w.touchHost(h);
    this.w.record({ kind: 'power-off', host, message: `${host}: powered off` });
    refreshLiveness(this.w, h);
  }

  /** Power returns at once; the compute service heartbeats again after the hostBoot latency. */
  powerOn(host: string): void {
    const h = this.w.host(host);
    if (h.power === 'on') return;
    h.power = 'on';
    h.booting = true;
    this.w.touchHost(h);
    this.w.record({ kind: 'power-on', host, message: `${host}: powered on, booting` });
    const cancel = this.w.timers.set(this.w.latency('hostBoot'), () => {
      this.#bootTimers.delete(host);
      h.booting = false;
      this.w.touchHost(h);
      refreshLiveness(this.w, h);
    });
    this.#bootTimers.set(host, cancel);
  }

  power(host: string): PowerState {
    return this.w.host(host).power;
  }

  /** Losing the management network also silences the compute service's heartbeat. */
  setNetwork(host: string, role: NetworkRole, up: boolean): void {
    const h = this.w.host(host);
    if (h.links[role] === up) return;
    h.links[role] = up;
    this.w.touchHost(h);
    this.w.record({ kind: up ? 'network-restored' : 'network-lost', host, message: `${host}: ${role} network ${up ? 'up' : 'down'}` });
    refreshLiveness(this.w, h);
  }

  /** nova-compute dies; guests keep running, work sent to the host waits for its return. */
  crashService(host: string): void {
    this.#setCrashed(host, true);
  }

  restoreService(host: string): void {
    this.#setCrashed(host, false);
  }

  #setCrashed(host: string, crashed: boolean): void {
    const h = this.w.host(host);
    if (h.crashed === crashed) return;
    h.crashed = crashed;
    this.w.touchHost(h);
    this.w.record({ kind: crashed ? 'service-crashed' : 'service-restored', host, message: `${host}: nova-compute ${crashed ? 'crashed' : 'restarted'}` });
    refreshLiveness(this.w, h);
  }

  setApiFaults(faults: Partial<ApiFaults>): void {
    const next = { ...this.#api, ...faults };
    for (const rate of [next.errorRate, next.lostReplyRate]) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`API fault rates must be in 0..1, got ${rate}`);
    }
    validateLatency('api', next.latency);
    this.#api = next;
  }

  apiFaults(): ApiFaults {
    return { ...this.#api };
  }

  /** Runs one driver call under the API faults in force. */
  async gate<T>(call: string, fn: () => T): Promise<T> {
    const delay = sampleLatency(this.#api.latency, this.w.apiPrng);
    if (delay > 0) await this.w.clock.sleep(delay);
    if (this.#api.errorRate > 0 && this.w.apiPrng.float() < this.#api.errorRate) {
      throw new DriverError('transient', `Simulated API fault: ${call} failed (503 Service Unavailable)`, { status: 503 });
    }
    const result = fn();
    if (this.#api.lostReplyRate > 0 && this.w.apiPrng.float() < this.#api.lostReplyRate) {
      throw new DriverError('transient', `Simulated API fault: the reply to ${call} was lost (it may have taken effect)`, {
        status: 504,
      });
    }
    return result;
  }

  /** The server goes to ERROR where it stands (its host keeps its resources), its operation dropped. */
  forceServerError(id: string, fault = 'Simulated fault'): void {
    const s = this.w.server(id);
    this.w.cancelOp(s);
    s.status = 'ERROR';
    s.taskState = null;
    s.fault = fault;
    this.w.touchServer(s);
    if (s.host !== null) this.w.touchHost(this.w.host(s.host));
    this.w.record({ kind: 'server-error', serverId: s.id, message: `${s.id}: forced into ERROR` });
  }

  /** Load on the host from outside its servers, 0..1 of its physical CPUs. */
  setHostLoad(host: string, cpu: number): void {
    if (!(cpu >= 0 && cpu <= 1)) throw new RangeError(`host CPU load must be in 0..1, got ${cpu}`);
    const h = this.w.host(host);
    h.baseCpuLoad = cpu;
    this.w.touchHost(h);
  }

  /** Fraction of its vCPUs the server keeps busy; moves with it when it migrates. */
  setServerLoad(id: string, cpuUtil: number): void {
    if (!(cpuUtil >= 0 && cpuUtil <= 1)) throw new RangeError(`server CPU utilisation must be in 0..1, got ${cpuUtil}`);
    const s = this.w.server(id);
    s.cpuUtil = cpuUtil;
    if (s.host !== null) this.w.touchHost(this.w.host(s.host));
  }
}
