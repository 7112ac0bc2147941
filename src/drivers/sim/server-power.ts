import type { RebootKind } from '../../core/cloud.js';
import { DriverError } from '../../core/errors.js';
import { requireState, type SimServer } from './sim-server.js';
import type { SimWorld } from './sim-world.js';

/**
 * Power and in-place actions. Each is accepted only when Nova would accept it (state
 * checks give DriverError('conflict')), shows Nova's status and task state while it
 * runs, and completes after its latency once the server's compute service is alive.
 */

/** Nova refuses actions whose host service it believes down ("Service is unavailable"). */
export function requireHostUp(w: SimWorld, s: SimServer, action: string): string {
  if (s.host === null) {
    throw new DriverError('conflict', `Cannot '${action}' instance ${s.id}: it has no host`, { status: 409 });
  }
  if (w.host(s.host).serviceState(w.now(), w.o.serviceDownTimeMs) === 'down') {
    throw new DriverError('conflict', `Service is unavailable at this time (compute service of ${s.host} is down).`, {
      status: 409,
    });
  }
  return s.host;
}

export function startServer(w: SimWorld, id: string): void {
  const s = w.server(id);
  if ((s.status === 'ACTIVE' && s.taskState === null) || s.op?.kind === 'start') return;
  requireState(s, 'start', ['SHUTOFF']);
  const host = requireHostUp(w, s, 'start');
  w.startOp(s, { kind: 'start', latency: 'start', status: 'SHUTOFF', taskState: 'powering-on', requires: [host] }, () =>
    settle(w, s, 'ACTIVE'),
  );
}

export function stopServer(w: SimWorld, id: string): void {
  const s = w.server(id);
  if ((s.status === 'SHUTOFF' && s.taskState === null) || s.op?.kind === 'stop') return;
  requireState(s, 'stop', ['ACTIVE', 'ERROR']);
  const host = requireHostUp(w, s, 'stop');
  w.startOp(s, { kind: 'stop', latency: 'stop', status: s.status, taskState: 'powering-off', requires: [host] }, () =>
    settle(w, s, 'SHUTOFF'),
  );
}

export function rebootServer(w: SimWorld, id: string, kind: RebootKind): void {
  const s = w.server(id);
  if (kind === 'hard' && s.op?.kind === 'reboot') {
    // Nova lets a hard reboot take over a soft one that hangs (checked first: a refused call changes nothing).
    requireHostUp(w, s, 'reboot');
    const op = w.cancelOp(s)!;
    s.status = op.prior;
    s.taskState = null;
  }
  requireState(s, kind === 'soft' ? 'reboot' : 'reboot (hard)', kind === 'soft' ? ['ACTIVE'] : ['ACTIVE', 'SHUTOFF', 'ERROR']);
  const host = requireHostUp(w, s, 'reboot');
  const hard = kind === 'hard';
  w.startOp(
    s,
    {
      kind: 'reboot',
      latency: hard ? 'hardReboot' : 'reboot',
      status: hard ? 'HARD_REBOOT' : 'REBOOT',
      taskState: hard ? 'reboot_started_hard' : 'reboot_started',
      requires: [host],
    },
    () => settle(w, s, 'ACTIVE'),
  );
}

/** The image changes at once (as Nova's image_ref); a stopped server stays stopped. */
export function rebuildServer(w: SimWorld, id: string, imageId?: string): void {
  const s = w.server(id);
  const image = imageId ?? s.imageId;
  if (!w.images.some((i) => i.id === image)) {
    throw new DriverError('not-found', `Image ${image} could not be found.`, { status: 400 });
  }
  requireState(s, 'rebuild', ['ACTIVE', 'SHUTOFF', 'ERROR']);
  const host = requireHostUp(w, s, 'rebuild');
  const prior = s.status;
  s.imageId = image;
  w.startOp(s, { kind: 'rebuild', latency: 'rebuild', status: 'REBUILD', taskState: 'rebuild_spawning', requires: [host] }, () =>
    settle(w, s, prior === 'SHUTOFF' ? 'SHUTOFF' : 'ACTIVE'),
  );
}

/** Synchronous in Nova (an RPC call to the compute service), so a dead compute times out. */
export function changePassword(w: SimWorld, id: string, password: string): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new DriverError('fatal', 'Invalid input for field/attribute adminPass.', { status: 400 });
  }
  const s = w.server(id);
  requireState(s, 'changePassword', ['ACTIVE']);
  const host = requireHostUp(w, s, 'changePassword');
  if (!w.host(host).alive) {
    throw new DriverError('transient', `Timed out waiting for a reply from the compute service of ${host}`, { status: 504 });
  }
  s.password = password;
}

function settle(w: SimWorld, s: SimServer, status: 'ACTIVE' | 'SHUTOFF'): void {
  s.status = status;
  s.taskState = null;
  s.fault = null;
  s.guestLost = false;
  w.touchServer(s);
  if (s.host !== null) w.touchHost(w.host(s.host)); // its load changed
}
