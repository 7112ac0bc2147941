import { DriverError } from '../../core/errors.js';

/** A Nova-style microversion "2.93" as [major, minor]. */
export type Microversion = readonly [number, number];

export function parseMicroversion(s: string): Microversion {
  const m = /^\s*(\d+)\.(\d+)\s*$/.exec(s);
  if (!m) throw new DriverError('fatal', `not a microversion: ${JSON.stringify(s)}`);
  return [Number(m[1]), Number(m[2])];
}

export function formatMicroversion(v: Microversion): string {
  return `${v[0]}.${v[1]}`;
}

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function atLeast(v: Microversion, min: string): boolean {
  return compareMicroversions(v, parseMicroversion(min)) >= 0;
}

/** The range a version document advertises; [2.0, 2.0] for a cloud without microversions. */
export interface VersionRange {
  min: Microversion;
  max: Microversion;
}

/**
 * Reads a compute version document: GET of the versioned root (`{"version": {...}}`)
 * or of the unversioned root (`{"versions": [...]}`, the v2.1 entry is taken). An empty
 * `version` means a legacy v2 API without microversions.
 */
export function rangeFromVersionDocument(doc: unknown, id = 'v2.1'): VersionRange {
  const o = (doc ?? {}) as { version?: Record<string, unknown>; versions?: Record<string, unknown>[] };
  const entry = o.version ?? o.versions?.find((v) => v.id === id) ?? o.versions?.find((v) => v.status === 'CURRENT');
  if (!entry) throw new DriverError('fatal', `the cloud's version document has no ${id} entry`);
  const max = String(entry.version ?? entry.max_version ?? '');
  const min = String(entry.min_version ?? '');
  if (!max) return { min: [2, 0], max: [2, 0] };
  return { min: parseMicroversion(min || max), max: parseMicroversion(max) };
}

/**
 * The highest microversion both sides speak, or an 'unsupported' DriverError when the
 * ranges do not meet.
 */
export function negotiate(server: VersionRange, client: VersionRange, service = 'compute'): Microversion {
  const hi = compareMicroversions(server.max, client.max) < 0 ? server.max : client.max;
  const lo = compareMicroversions(server.min, client.min) > 0 ? server.min : client.min;
  if (compareMicroversions(hi, lo) < 0) {
    throw new DriverError(
      'unsupported',
      `${service}: the cloud speaks ${formatMicroversion(server.min)}-${formatMicroversion(server.max)}, Drover ${formatMicroversion(client.min)}-${formatMicroversion(client.max)}`,
    );
  }
  return hi;
}

/** Throws DriverError('unsupported') naming the feature when `have` is below `need`. */
export function requireMicroversion(have: Microversion, need: string, feature: string, service = 'compute'): void {
  if (!atLeast(have, need)) {
    throw new DriverError(
      'unsupported',
      `${feature} needs ${service} microversion ${need}; this cloud offers at most ${formatMicroversion(have)}`,
    );
  }
}

/** Request headers naming the microversion (the old Nova header too, for clouds before 2.27). */
export function microversionHeaders(service: string, v: Microversion): Record<string, string> {
  const s = formatMicroversion(v);
  const h: Record<string, string> = { 'openstack-api-version': `${service} ${s}` };
  if (service === 'compute') h['x-openstack-nova-api-version'] = s;
  return h;
}
