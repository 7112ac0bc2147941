import type { HostJson } from './api-types.js';
import { formatAge, gib, renderDetails, type Cell } from './output.js';

const percent = (x: number | null) => (x === null ? 'unknown' : `${Math.round(x * 100)}%`);
const reach = (x: boolean | null | undefined) => (x === true ? 'ok' : x === false ? 'unreachable' : 'unknown');

/** One host as key/value lines: everything `drover hosts` leaves out. */
export function hostDetails(h: HostJson, now: number): string {
  const usable = (cap: number, ratio: number) => Math.floor(cap * ratio);
  const pairs: Array<[string, Cell]> = [
    ['id', h.id],
    ['cloud', h.cloud],
    ['name', h.name],
    ['availability zone', h.availabilityZone],
    ['power', h.power],
    ['service', `${h.service.state}, ${h.service.enabled ? 'enabled' : 'disabled'}${h.service.forcedDown ? ', forced down' : ''}`],
  ];
  if (h.service.disabledReason) pairs.push(['disabled reason', h.service.disabledReason]);
  pairs.push(
    ['heartbeat', h.service.heartbeatAgeS === null ? 'unknown' : `${Math.round(h.service.heartbeatAgeS)}s ago`],
    ['vCPU', `${h.used.vcpus}/${h.capacity.vcpus} (x${h.overcommit.cpu}: ${usable(h.capacity.vcpus, h.overcommit.cpu)} usable)`],
    ['RAM GiB', `${gib(h.used.ramMb)}/${gib(h.capacity.ramMb)} (x${h.overcommit.ram}: ${gib(usable(h.capacity.ramMb, h.overcommit.ram))} usable)`],
    ['disk GB', `${h.used.diskGb}/${h.capacity.diskGb} (x${h.overcommit.disk}: ${usable(h.capacity.diskGb, h.overcommit.disk)} usable)`],
    ['servers', h.servers],
    ['load', `cpu ${percent(h.load.cpu)}, ram ${percent(h.load.ram)}`],
    ['networks', Object.entries(h.networks).map(([role, ok]) => `${role} ${reach(ok)}`).join(', ')],
    ['updated', formatAge(h.updatedAt, now)],
  );
  return renderDetails(pairs);
}
