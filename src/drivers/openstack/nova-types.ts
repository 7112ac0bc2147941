/**
 * The parts of Nova's JSON that Drover reads (compute API 2.1-2.93). Shapes follow
 * nova/api/openstack/compute/schemas and doc/api_samples; fields that vary with the
 * microversion are optional.
 */

export interface NovaLink {
  rel: string;
  href: string;
}

export interface NovaAddress {
  addr: string;
  version: number;
  'OS-EXT-IPS:type'?: 'fixed' | 'floating';
}

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  created: string;
  updated: string;
  metadata?: Record<string, string>;
  addresses?: Record<string, NovaAddress[]>;
  /** Below 2.47 `{id}`; from 2.47 the flavor itself, with `original_name` and no id. */
  flavor?: { id?: string; original_name?: string; vcpus?: number; ram?: number; disk?: number };
  /** "" for a server booted from a volume. */
  image?: { id: string } | '';
  fault?: { message: string; code: number; created: string };
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-SRV-ATTR:host'?: string | null;
  'OS-EXT-AZ:availability_zone'?: string;
  adminPass?: string;
}

export interface NovaService {
  /** Integer below 2.53, UUID from 2.53. */
  id: string | number;
  binary: string;
  host: string;
  zone: string;
  state: 'up' | 'down';
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  forced_down?: boolean;
  /** UTC without a zone suffix, e.g. "2024-05-01T10:00:00.000000"; null before the first report. */
  updated_at: string | null;
}

export interface NovaHypervisor {
  id: string | number;
  hypervisor_hostname: string;
  state: 'up' | 'down';
  status: 'enabled' | 'disabled';
  service: { host: string; id: string | number; disabled_reason: string | null };
  servers?: { uuid: string; name: string }[];
  /** Gone from 2.88 on, where Placement is the only source. */
  vcpus?: number;
  vcpus_used?: number;
  memory_mb?: number;
  memory_mb_used?: number;
  local_gb?: number;
  local_gb_used?: number;
  running_vms?: number;
}

export interface NovaFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

/** Nova times carry no zone and are UTC. */
export function novaTime(s: string | null | undefined): number {
  if (!s) return NaN;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

/** The `marker` of a `*_links` next link, or null on the last page. */
export function nextMarker(links: NovaLink[] | undefined): string | null {
  const next = links?.find((l) => l.rel === 'next');
  if (!next) return null;
  return new URL(next.href, 'http://x/').searchParams.get('marker');
}
