import type { Resources } from '../../core/cloud.js';
import type { SimHost } from './sim-host.js';

export interface PlacementRequest {
  need: Resources;
  availabilityZone?: string;
  /** Only this host is a candidate (a named destination). */
  host?: string;
  /** Never this host (the source of a move). */
  exclude?: string;
}

export type Placement = { host: SimHost } | { host: null; reasons: string[] };

interface Filter {
  name: string;
  passes(h: SimHost, r: PlacementRequest, ctx: FilterContext): boolean;
}

interface FilterContext {
  now: number;
  serviceDownTimeMs: number;
}

/**
 * Nova's filter scheduler in miniature: filters remove hosts, then the spread weigher
 * (most free RAM; ties by name, so the choice is deterministic) picks one. The sim's
 * ComputeFilter also checks power, which real Nova learns only from the heartbeat.
 */
const FILTERS: Filter[] = [
  { name: 'SameHostFilter', passes: (h, r) => h.name !== r.exclude && (r.host === undefined || h.name === r.host) },
  {
    name: 'ComputeFilter',
    passes: (h, _r, c) => h.enabled && h.power === 'on' && h.serviceState(c.now, c.serviceDownTimeMs) === 'up',
  },
  {
    name: 'AvailabilityZoneFilter',
    passes: (h, r) => r.availabilityZone === undefined || h.availabilityZone === r.availabilityZone,
  },
  { name: 'RamFilter', passes: (h, r) => h.free().ramMb >= r.need.ramMb },
  { name: 'CoreFilter', passes: (h, r) => h.free().vcpus >= r.need.vcpus },
  { name: 'DiskFilter', passes: (h, r) => h.free().diskGb >= r.need.diskGb },
];

export function placeServer(hosts: Iterable<SimHost>, req: PlacementRequest, ctx: FilterContext): Placement {
  let candidates = [...hosts];
  const reasons: string[] = [];
  for (const f of FILTERS) {
    const kept = candidates.filter((h) => f.passes(h, req, ctx));
    const removed = candidates.length - kept.length;
    if (removed > 0 && f.name !== 'SameHostFilter') reasons.push(`${f.name} removed ${removed}`);
    candidates = kept;
    if (candidates.length === 0) return { host: null, reasons };
  }
  let best = candidates[0]!;
  for (const h of candidates) {
    const d = h.free().ramMb - best.free().ramMb;
    if (d > 0 || (d === 0 && h.name < best.name)) best = h;
  }
  return { host: best };
}

/** Nova's fault text, with the per-filter counts appended so the cause is visible. */
export function noValidHostMessage(reasons: string[]): string {
  const base = 'No valid host was found. There are not enough hosts available.';
  return reasons.length > 0 ? `${base} (${reasons.join(', ')})` : base;
}
