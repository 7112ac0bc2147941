import type { SimWorld } from './sim-world.js';

/** Operator controls of a host's compute service. Repeating a call changes nothing. */

export function setServiceForcedDown(w: SimWorld, host: string, down: boolean): void {
  const h = w.host(host);
  if (h.forcedDown === down) return;
  h.forcedDown = down;
  w.touchHost(h);
  w.record({ kind: down ? 'service-forced-down' : 'service-unforced', host, message: `${host}: forced_down=${down}` });
}

export function setServiceEnabled(w: SimWorld, host: string, enabled: boolean, reason?: string): void {
  const h = w.host(host);
  const nextReason = enabled ? null : (reason ?? h.disabledReason);
  if (h.enabled === enabled && h.disabledReason === nextReason) return;
  h.enabled = enabled;
  h.disabledReason = nextReason;
  w.touchHost(h);
  w.record({ kind: enabled ? 'service-enabled' : 'service-disabled', host, message: `${host}: ${enabled ? 'enabled' : `disabled (${nextReason ?? 'no reason'})`}` });
}
