import type { ServerStatus } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import { requireState, type SimOpKind, type SimServer } from './sim-server.js';
import { noValidHostMessage, placeServer } from './sim-scheduler.js';
import type { SimLatencyName } from './sim-options.js';
import type { SimWorld } from './sim-world.js';
import { requireHostUp } from './server-power.js';

/**
 * Moves between hosts: live migration, cold migration (confirmed by the driver, so it
 * ends in the state it began in) and evacuation. The destination is claimed when the
 * move is accepted and the server's usage leaves its source when the move completes.
 * When nothing fits, live and cold migration fail quietly after the schedule latency
 * (the server returns to its earlier status on its source, as in Nova); an evacuation
 * that finds no host leaves the server in ERROR.
 */

interface MoveKind {
  op: SimOpKind;
  latency: SimLatencyName;
  status: ServerStatus;
  taskState: string;
}

const LIVE: MoveKind = { op: 'liveMigrate', latency: 'migrate', status: 'MIGRATING', taskState: 'migrating' };
const COLD: MoveKind = { op: 'coldMigrate', latency: 'coldMigrate', status: 'RESIZE', taskState: 'resize_migrating' };
const EVACUATE: MoveKind = { op: 'evacuate', latency: 'evacuate', status: 'REBUILD', taskState: 'rebuild_spawning' };

export function liveMigrate(w: SimWorld, id: string, host?: string): void {
  const s = w.server(id);
  requireState(s, 'os-migrateLive', ['ACTIVE']);
  const src = requireHostUp(w, s, 'os-migrateLive');
  move(w, s, LIVE, src, host, [src]);
}

export function coldMigrate(w: SimWorld, id: string, host?: string): void {
  const s = w.server(id);
  requireState(s, 'migrate', ['ACTIVE', 'SHUTOFF']);
  const src = requireHostUp(w, s, 'migrate');
  move(w, s, COLD, src, host, [src]);
}

/**
 * Needs the source's service down (forced down, or silent past the down time), as
 * Nova does. Deviation from Nova, on purpose: an operation stuck on the dead source
 * is dropped here, where Nova would first want an operator's reset-state.
 */
export function evacuate(w: SimWorld, id: string, host?: string): void {
  const s = w.server(id);
  if (s.host === null) throw new DriverError('conflict', `Cannot 'evacuate' instance ${s.id}: it has no host`, { status: 409 });
  const src = s.host;
  if (w.host(src).serviceState(w.now(), w.o.serviceDownTimeMs) === 'up') {
    throw new DriverError('conflict', `Compute service of ${src} is still in use.`, { status: 400 });
  }
  // Validate everything before dropping a stuck task, so that a refused call changes nothing.
  if (s.op?.kind === 'delete') requireState(s, 'evacuate', []);
  const status = s.op?.prior ?? s.status;
  if (!['ACTIVE', 'SHUTOFF', 'ERROR'].includes(status)) requireState(s, 'evacuate', []);
  checkTarget(w, s, src, host);
  if (s.op !== null) {
    w.cancelOp(s);
    s.status = status;
    s.taskState = null;
  }
  requireState(s, 'evacuate', ['ACTIVE', 'SHUTOFF', 'ERROR']);
  move(w, s, EVACUATE, src, host, []);
}

function checkTarget(w: SimWorld, s: SimServer, src: string, host: string | undefined): void {
  if (host === undefined) return;
  w.host(host);
  if (host === src) {
    throw new DriverError('conflict', `Unable to migrate instance ${s.id} to current host (${src}).`, { status: 400 });
  }
}

function move(w: SimWorld, s: SimServer, kind: MoveKind, src: string, host: string | undefined, requires: string[]): void {
  checkTarget(w, s, src, host);
  const prior = s.status;
  const placed = placeServer(
    w.hosts.values(),
    { need: s.flavor, host, exclude: src },
    { now: w.now(), serviceDownTimeMs: w.o.serviceDownTimeMs },
  );
  if (placed.host === null) {
    const why = noValidHostMessage(placed.reasons);
    w.startOp(s, { kind: kind.op, latency: 'schedule', status: kind.status, taskState: kind.taskState, requires: [] }, () =>
      failMove(w, s, kind, prior, why),
    );
    return;
  }
  const dest = placed.host;
  dest.claim(s.flavor);
  w.touchHost(dest);
  w.record({ kind: `${kind.op}-start`, serverId: s.id, host: src, message: `${s.id}: ${kind.op} ${src} -> ${dest.name}` });
  w.startOp(
    s,
    { kind: kind.op, latency: kind.latency, status: kind.status, taskState: kind.taskState, requires: [...requires, dest.name], dest: dest.name },
    () => finishMove(w, s, kind, prior, dest.name),
  );
}

function finishMove(w: SimWorld, s: SimServer, kind: MoveKind, prior: ServerStatus, destName: string): void {
  const src = w.host(s.host!);
  const dest = w.host(destName);
  src.release(s.flavor); // the destination's claim becomes the server's usage
  src.serverIds.delete(s.id);
  dest.serverIds.add(s.id);
  s.host = dest.name;
  s.availabilityZone = dest.availabilityZone;
  s.status = prior === 'SHUTOFF' ? 'SHUTOFF' : 'ACTIVE';
  s.taskState = null;
  s.fault = null;
  s.guestLost = false;
  w.touchServer(s);
  w.touchHost(src);
  w.touchHost(dest);
  w.record({ kind: `${kind.op}-done`, serverId: s.id, host: dest.name, message: `${s.id}: ${kind.op} to ${dest.name} done` });
}

/** Also used when a destination dies mid-move. */
export function failMove(w: SimWorld, s: SimServer, kind: { op: SimOpKind }, prior: ServerStatus, why: string): void {
  if (kind.op === 'evacuate') {
    s.status = 'ERROR';
    s.fault = why;
  } else {
    s.status = prior;
  }
  s.taskState = null;
  w.touchServer(s);
  w.record({ kind: `${kind.op}-failed`, serverId: s.id, message: `${s.id}: ${kind.op} failed: ${why}` });
}
