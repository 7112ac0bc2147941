import type { Network, ServerSpec } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import { isRunning, type SimServer } from './sim-server.js';
import { noValidHostMessage, placeServer } from './sim-scheduler.js';
import type { SimWorld } from './sim-world.js';

/**
 * Boot and delete. A boot is accepted at once (BUILD/scheduling); after the schedule
 * latency the scheduler claims a host, or the server goes to ERROR with Nova's
 * "No valid host was found" fault; after the boot latency it is ACTIVE.
 */
export function createServer(w: SimWorld, spec: ServerSpec): SimServer {
  if (typeof spec.name !== 'string' || spec.name.trim() === '') {
    throw new DriverError('fatal', 'Invalid input for field/attribute name.', { status: 400 });
  }
  const flavor = w.flavors.find((f) => f.id === spec.flavorId);
  if (flavor === undefined) throw new DriverError('not-found', `Flavor ${spec.flavorId} could not be found.`, { status: 404 });
  if (!w.images.some((i) => i.id === spec.imageId)) {
    throw new DriverError('not-found', `Image ${spec.imageId} could not be found.`, { status: 404 });
  }
  const networks = resolveNetworks(w, spec.networks);
  if (spec.host !== undefined) w.host(spec.host);
  const az = spec.availabilityZone;
  if (az !== undefined && ![...w.hosts.values()].some((h) => h.availabilityZone === az)) {
    throw new DriverError('not-found', `The requested availability zone ${az} is not available`, { status: 400 });
  }
  const now = w.now();
  const s: SimServer = {
    id: w.ids.uuid(),
    name: spec.name,
    flavor,
    imageId: spec.imageId,
    status: 'BUILD',
    taskState: 'scheduling',
    host: null,
    availabilityZone: null,
    metadata: { ...spec.metadata },
    addresses: [],
    createdAt: now,
    updatedAt: now,
    fault: null,
    version: 0,
    op: null,
    guestLost: false,
    password: spec.adminPass ?? null,
    userData: spec.userData ?? null,
    cpuUtil: w.o.serverCpuUtil,
    fixedIps: [],
    deleted: false,
  };
  w.servers.add(s);
  w.record({ kind: 'server-create', serverId: s.id, message: `${s.id} (${s.name}): boot accepted` });
  w.startOp(s, { kind: 'schedule', latency: 'schedule', status: 'BUILD', taskState: 'scheduling', requires: [] }, () =>
    schedule(w, s, networks, spec),
  );
  return s;
}

function schedule(w: SimWorld, s: SimServer, networks: Network[], spec: ServerSpec): void {
  const placed = placeServer(
    w.hosts.values(),
    { need: s.flavor, availabilityZone: spec.availabilityZone, host: spec.host },
    { now: w.now(), serviceDownTimeMs: w.o.serviceDownTimeMs },
  );
  if (placed.host === null) return failBuild(w, s, noValidHostMessage(placed.reasons));
  try {
    for (const n of networks) {
      const ip = w.pools.get(n.id)!.allocate(n.name);
      s.fixedIps.push({ networkId: n.id, ip });
      s.addresses.push({ network: n.name, ip, type: 'fixed' });
    }
  } catch (e) {
    releaseFixedIps(w, s);
    return failBuild(w, s, `Build of instance ${s.id} aborted: ${(e as Error).message}`);
  }
  const h = placed.host;
  h.claim(s.flavor);
  h.serverIds.add(s.id);
  w.touchHost(h);
  s.host = h.name;
  s.availabilityZone = h.availabilityZone;
  w.startOp(s, { kind: 'build', latency: 'boot', status: 'BUILD', taskState: 'spawning', requires: [h.name] }, () => {
    s.status = 'ACTIVE';
    s.taskState = null;
    w.touchServer(s);
    w.touchHost(h); // its load changed
  });
}

function failBuild(w: SimWorld, s: SimServer, fault: string): void {
  s.status = 'ERROR';
  s.taskState = null;
  s.fault = fault;
  w.touchServer(s);
  w.record({ kind: 'server-error', serverId: s.id, message: `${s.id}: ${fault}` });
}

function resolveNetworks(w: SimWorld, wanted: ServerSpec['networks']): Network[] {
  if (wanted === 'none') return [];
  if (wanted === 'auto') {
    const n = w.networks.find((x) => !x.external);
    if (n === undefined) throw new DriverError('conflict', 'Unable to automatically allocate a network for project', { status: 409 });
    return [n];
  }
  return wanted.map((id) => {
    const n = w.networks.find((x) => x.id === id);
    if (n === undefined) throw new DriverError('not-found', `Network ${id} could not be found.`, { status: 400 });
    return n;
  });
}

/**
 * Idempotent. With the host's service down (or no host yet) Nova deletes locally at
 * once; otherwise the compute service tears the guest down (the delete latency),
 * and a dead compute leaves the server in task_state deleting until it returns.
 */
export function deleteServer(w: SimWorld, id: string): void {
  const s = w.servers.get(id);
  if (s === undefined || s.deleted) return;
  const hostDown =
    s.host === null || w.host(s.host).serviceState(w.now(), w.o.serviceDownTimeMs) === 'down';
  if (hostDown) {
    w.cancelOp(s);
    finishDelete(w, s);
    return;
  }
  if (s.op?.kind === 'delete') return;
  w.cancelOp(s);
  w.startOp(
    s,
    { kind: 'delete', latency: 'delete', status: s.status, taskState: 'deleting', requires: [s.host!] },
    () => finishDelete(w, s),
  );
}

function finishDelete(w: SimWorld, s: SimServer): void {
  if (s.host !== null) {
    const h = w.host(s.host);
    h.release(s.flavor);
    h.serverIds.delete(s.id);
    w.touchHost(h);
  }
  for (const f of w.floatingIps.values()) if (f.serverId === s.id) f.serverId = null;
  releaseFixedIps(w, s);
  s.deleted = true;
  s.status = 'DELETED';
  s.taskState = null;
  s.addresses = [];
  s.guestLost = false;
  s.password = null;
  w.touchServer(s);
  w.record({ kind: 'server-deleted', serverId: s.id, message: `${s.id}: deleted` });
}

function releaseFixedIps(w: SimWorld, s: SimServer): void {
  for (const f of s.fixedIps) w.pools.get(f.networkId)?.release(f.ip);
  s.fixedIps = [];
  s.addresses = s.addresses.filter((a) => a.type !== 'fixed');
}

/** Whether the guest would answer on its tenant network now. */
export function guestReachable(w: SimWorld, id: string): boolean {
  const s = w.servers.get(id);
  if (s === undefined || s.host === null || !isRunning(s)) return false;
  const h = w.host(s.host);
  return h.power === 'on' && h.links.tenant;
}
