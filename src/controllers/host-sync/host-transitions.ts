import type { HostInfo } from '../../core/cloud.js';

export interface HostTransition {
  level: 'info' | 'warning';
  reason: string;
  message: string;
}

/** What changed between two observations of a host that an operator wants to hear about. */
export function hostTransitions(prev: HostInfo, next: HostInfo): HostTransition[] {
  const out: HostTransition[] = [];
  if (prev.service.state !== next.service.state) {
    out.push(
      next.service.state === 'down'
        ? { level: 'warning', reason: 'ServiceDown', message: `compute service on ${next.name} is down` }
        : { level: 'info', reason: 'ServiceUp', message: `compute service on ${next.name} is up again` },
    );
  }
  if (prev.service.enabled !== next.service.enabled) {
    out.push({
      level: 'info',
      reason: next.service.enabled ? 'ServiceEnabled' : 'ServiceDisabled',
      message: `compute service on ${next.name} ${next.service.enabled ? 'enabled' : 'disabled'}${
        next.service.disabledReason ? `: ${next.service.disabledReason}` : ''
      }`,
    });
  }
  if (prev.power !== next.power) {
    out.push({
      level: next.power === 'off' ? 'warning' : 'info',
      reason: next.power === 'off' ? 'PowerOff' : next.power === 'on' ? 'PowerOn' : 'PowerUnknown',
      message: `${next.name} power is ${next.power}`,
    });
  }
  for (const role of ['management', 'storage', 'tenant'] as const) {
    const a = prev.networks[role];
    const b = next.networks[role];
    if (a !== b && b !== null) {
      out.push({
        level: b ? 'info' : 'warning',
        reason: b ? 'NetworkRestored' : 'NetworkLost',
        message: `${next.name} ${role} network ${b ? 'reachable again' : 'unreachable'}`,
      });
    }
  }
  return out;
}
