import type { SimHost } from './sim-host.js';
import type { SimWorld } from './sim-world.js';

/**
 * Heartbeats. A host's compute service heartbeats while it is alive (see SimHost);
 * when it falls silent Nova notices only after the service down time, which is when
 * the host counts as changed again. When it returns, stalled work resumes.
 * Call after any change to power, boot, crash or management link of `h`.
 */
export function refreshLiveness(w: SimWorld, h: SimHost): void {
  const wasAlive = h.beatStoppedAt === null;
  if (h.alive === wasAlive) return;
  w.touchHost(h);
  if (!h.alive) {
    h.beatStoppedAt = w.now();
    w.record({ kind: 'heartbeat-stopped', host: h.name, message: `${h.name}: compute service stopped heartbeating` });
    const cancel = w.timers.set(w.o.serviceDownTimeMs + 1, () => {
      w.downTimers.delete(h.name);
      w.touchHost(h); // its service now shows down
      w.record({ kind: 'service-down', host: h.name, message: `${h.name}: compute service is down` });
    });
    w.downTimers.set(h.name, cancel);
    return;
  }
  h.beatStoppedAt = null;
  h.beatSince = w.now();
  w.downTimers.get(h.name)?.();
  w.downTimers.delete(h.name);
  w.record({ kind: 'heartbeat-resumed', host: h.name, message: `${h.name}: compute service is heartbeating` });
  recoverLostGuests(w, h);
  for (const s of w.servers.live()) {
    if (s.op?.stalled && s.op.requires.includes(h.name)) w.tryFinish(s, s.op);
  }
}

/**
 * What nova-compute does at start-up after a power loss: guests that died with the
 * host are shown as stopped (builds fail), their interrupted operations dropped;
 * a pending delete completes. Evacuations away from the host carry on.
 */
function recoverLostGuests(w: SimWorld, h: SimHost): void {
  for (const id of [...h.serverIds]) {
    const s = w.servers.get(id);
    if (s === undefined || !s.guestLost || s.op?.kind === 'evacuate') continue;
    s.guestLost = false;
    if (s.op?.kind === 'delete') {
      const op = s.op;
      w.cancelOp(s);
      op.finish();
      continue;
    }
    w.cancelOp(s);
    if (s.status === 'BUILD') {
      s.status = 'ERROR';
      s.fault = `Build of instance ${s.id} aborted: host ${h.name} lost power`;
    } else if (s.status !== 'ERROR') {
      s.status = 'SHUTOFF';
    }
    s.taskState = null;
    w.touchServer(s);
    w.record({ kind: 'guest-lost', host: h.name, serverId: s.id, message: `${s.id}: guest lost with power, now ${s.status}` });
  }
}
