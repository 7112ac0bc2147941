import { DriverError, type DriverErrorKind } from '../../core/errors.js';
import { retryAfterMs, type HttpResponse } from './http.js';

/**
 * The cloud's own words from an error body. Handles the fault shapes of the services
 * Drover calls:
 * - Nova, Cinder: `{"itemNotFound": {"code": 404, "message": "..."}}` (one key, any name)
 * - Keystone: `{"error": {"code": 401, "title": "...", "message": "..."}}`
 * - Neutron: `{"NeutronError": {"type": "...", "message": "...", "detail": ""}}`
 * - Placement: `{"errors": [{"status": 409, "title": "...", "detail": "..."}]}`
 * - Glance and web servers: text or HTML.
 */
export function faultOf(res: Pick<HttpResponse, 'body' | 'text'>): { message: string; type: string | null } {
  const b = res.body;
  if (b && typeof b === 'object') {
    const o = b as Record<string, unknown>;
    if (Array.isArray(o.errors) && o.errors[0] && typeof o.errors[0] === 'object') {
      const e = o.errors[0] as Record<string, unknown>;
      return { message: String(e.detail ?? e.title ?? ''), type: typeof e.code === 'string' ? e.code : null };
    }
    const keys = Object.keys(o);
    if (keys.length === 1 && o[keys[0]!] && typeof o[keys[0]!] === 'object') {
      const f = o[keys[0]!] as Record<string, unknown>;
      if (typeof f.message === 'string') {
        const type = typeof f.type === 'string' ? f.type : keys[0]!;
        return { message: f.message, type };
      }
    }
    if (typeof o.message === 'string') return { message: o.message, type: null };
  }
  const text = res.text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { message: text, type: null };
}

const QUOTA = /quota|over ?limit|exceeded/i;

/**
 * Nova's 400s that describe a host's state: evacuating from a live host
 * (ComputeServiceInUse), moving to a down one (ComputeServiceUnavailable), un-forcing a
 * host whose evacuation records remain (Zed, until its nova-compute restarted).
 */
const HOST_STATE = /is still in use|is unavailable at this time|Unable to force up host/i;

/** The kind a status (and fault) means for the caller; see DriverErrorKind. */
export function kindOf(status: number, fault: { message: string; type: string | null }): DriverErrorKind {
  if (status === 404) return 'not-found';
  if (status === 409) return fault.type === 'OverQuota' || /quota/i.test(fault.message) ? 'quota' : 'conflict';
  if (status === 413) return 'quota';
  if (status === 403) return QUOTA.test(fault.message) ? 'quota' : 'fatal';
  if (status === 429) return 'transient';
  if (status === 405 || status === 406) return 'unsupported';
  // Nova answers some refusals that depend on a host's state with 400; they are conflicts
  // (try again once the state changed), not malformed requests.
  if (status === 400 && HOST_STATE.test(fault.message)) return 'conflict';
  if (status >= 500) return 'transient';
  return 'fatal';
}

/**
 * A DriverError for a failed response: `label: status message`. The label names the
 * call (service, method, path); request bodies, tokens and secrets never go in.
 */
export function errorFromResponse(label: string, res: HttpResponse, now: number = Date.now()): DriverError {
  const fault = faultOf(res);
  const kind = kindOf(res.status, fault);
  let message = fault.message.length > 600 ? `${fault.message.slice(0, 600)}...` : fault.message;
  if (res.status === 401) message = `authentication failed${message ? `: ${message}` : ''}`;
  if (res.status === 403 && kind === 'fatal') message = `forbidden (an admin credential may be needed): ${message}`;
  const details: { status: number; retryAfterMs?: number; requestId?: string } = { status: res.status };
  const after = retryAfterMs(res.headers['retry-after'], now);
  if (after !== null) details.retryAfterMs = after;
  const requestId = res.headers['x-openstack-request-id'] ?? res.headers['x-compute-request-id'];
  if (requestId) details.requestId = requestId;
  return new DriverError(kind, `${label}: ${res.status} ${message}`.trim(), details);
}
