import type { Clock } from '../../core/clock.js';
import type { Flavor, Image, Network, ServerStatus } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import { IpPool } from './ip-pool.js';
import { sampleLatency } from './latency.js';
import { Prng } from './prng.js';
import { resolveSimOptions, type ResolvedSimOptions, type SimCloudOptions, type SimLatencyName } from './sim-options.js';
import { SimHost } from './sim-host.js';
import { isRunning, type SimOp, type SimOpKind, type SimServer } from './sim-server.js';
import { ServerTable } from './server-table.js';
import { SimTimers } from './sim-timers.js';

export interface SimEvent {
  at: number;
  kind: string;
  message: string;
  host?: string;
  serverId?: string;
}

export interface OpPlan {
  kind: SimOpKind;
  latency: SimLatencyName;
  /** Status and task state shown while the operation runs. */
  status: ServerStatus;
  taskState: string;
  requires: string[];
  dest?: string | null;
}

export interface SimFloatingIp {
  id: string;
  ip: string;
  /** The external network it was allocated from. */
  networkId: string;
  serverId: string | null;
  /** Given at allocation (Neutron's description), null when none. */
  tag: string | null;
}

const MAX_EVENTS = 5000;

/**
 * The simulated cloud's state and the machinery every operation shares: the change
 * counter behind listing cursors, timers on the injected clock, in-flight operations
 * that stall while a host they need is dead, and heartbeat bookkeeping.
 */
export class SimWorld {
  readonly o: ResolvedSimOptions;
  readonly clock: Clock;
  readonly ids: Prng;
  readonly latencyPrng: Prng;
  readonly apiPrng: Prng;
  readonly hosts = new Map<string, SimHost>();
  /** Live servers, and deleted ones (tombstones) until their retention passes. */
  readonly servers: ServerTable;
  readonly flavors: Flavor[];
  readonly images: Image[];
  readonly networks: Network[];
  readonly pools = new Map<string, IpPool>();
  /** Allocated floating IPs in allocation order. */
  readonly floatingIps = new Map<string, SimFloatingIp>();
  readonly timers: SimTimers;
  #seq = 0;
  /** Per host: cancels the timer that will show its silent service as down. */
  readonly downTimers = new Map<string, () => void>();
  readonly #events: SimEvent[] = [];

  constructor(options: SimCloudOptions) {
    this.o = resolveSimOptions(options);
    this.clock = this.o.clock;
    this.timers = new SimTimers(this.clock);
    this.servers = new ServerTable(() => this.clock.now(), this.o.tombstoneRetentionMs);
    const root = new Prng(this.o.seed);
    this.ids = root.fork('ids');
    this.latencyPrng = root.fork('latency');
    this.apiPrng = root.fork('api');
    this.flavors = this.o.flavors.map((f) => ({ ...f }));
    this.images = this.o.images.map((i) => ({ id: i.id ?? this.ids.uuid(), name: i.name, status: 'active' }));
    this.networks = this.o.networks.map((n) => {
      const id = n.id ?? this.ids.uuid();
      this.pools.set(id, new IpPool(n.cidr));
      return { id, name: n.name, external: n.external };
    });
    const width = Math.max(2, String(this.o.hostsPerZone).length);
    for (let a = 1; a <= this.o.availabilityZones; a++) {
      for (let i = 1; i <= this.o.hostsPerZone; i++) {
        const name = `az${a}-h${String(i).padStart(width, '0')}`;
        const h = new SimHost(name, `az${a}`, { ...this.o.hostCapacity }, { ...this.o.overcommit }, this.clock.now());
        h.version = this.bump();
        this.hosts.set(name, h);
      }
    }
  }

  now(): number {
    return this.clock.now();
  }

  /** The change counter: every change to a host or server takes the next value. */
  get seq(): number {
    return this.#seq;
  }

  bump(): number {
    return ++this.#seq;
  }

  /** Every change to a server goes through here: listings index it by this version. */
  touchServer(s: SimServer): void {
    s.version = this.bump();
    s.updatedAt = this.now();
    this.servers.changed(s);
  }

  touchHost(h: SimHost): void {
    h.version = this.bump();
  }

  host(name: string): SimHost {
    const h = this.hosts.get(name);
    if (h === undefined) throw new DriverError('not-found', `Compute host ${name} could not be found.`, { status: 404 });
    return h;
  }

  /** A server that exists (not deleted); else DriverError('not-found'). */
  server(id: string): SimServer {
    const s = this.servers.get(id);
    if (s === undefined || s.deleted) {
      throw new DriverError('not-found', `Instance ${id} could not be found.`, { status: 404 });
    }
    return s;
  }

  latency(name: SimLatencyName): number {
    return sampleLatency(this.o.latencies[name], this.latencyPrng);
  }

  record(e: Omit<SimEvent, 'at'>): void {
    this.#events.push({ at: this.now(), ...e });
    if (this.#events.length > MAX_EVENTS) this.#events.splice(0, this.#events.length - MAX_EVENTS);
  }

  events(): SimEvent[] {
    return this.#events.map((e) => ({ ...e }));
  }

  /** Busy vCPUs and resident RAM of the servers running on `h`. */
  demand(h: SimHost): { busyVcpus: number; activeRamMb: number } {
    let busyVcpus = 0;
    let activeRamMb = 0;
    for (const id of h.serverIds) {
      const s = this.servers.get(id);
      if (s === undefined || !isRunning(s)) continue;
      busyVcpus += s.cpuUtil * s.flavor.vcpus;
      activeRamMb += s.flavor.ramMb;
    }
    return { busyVcpus, activeRamMb };
  }

  // ---- in-flight operations ------------------------------------------------------

  /** Shows the operation's status now and runs `finish` once its latency has passed. */
  startOp(s: SimServer, plan: OpPlan, finish: () => void): void {
    const op: SimOp = {
      kind: plan.kind,
      prior: s.status,
      requires: plan.requires,
      dest: plan.dest ?? null,
      stalled: false,
      cancelTimer: () => {},
      finish,
    };
    op.cancelTimer = this.timers.set(this.latency(plan.latency), () => this.tryFinish(s, op));
    s.op = op;
    s.status = plan.status;
    s.taskState = plan.taskState;
    this.touchServer(s);
  }

  /** Drops the server's operation and its destination claim; status is the caller's to set. */
  cancelOp(s: SimServer): SimOp | null {
    const op = s.op;
    if (op === null) return null;
    op.cancelTimer();
    s.op = null;
    if (op.dest !== null) {
      const d = this.host(op.dest);
      d.release(s.flavor);
      this.touchHost(d);
    }
    return op;
  }

  /** Finishes `op` if every host it needs is alive; else marks it stalled. */
  tryFinish(s: SimServer, op: SimOp): void {
    if (s.op !== op) return;
    if (!op.requires.every((name) => this.host(name).alive)) {
      op.stalled = true; // like a cast to a dead compute: picked up when it returns
      return;
    }
    s.op = null;
    op.finish();
  }
}
