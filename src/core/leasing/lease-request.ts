import { formatDuration, parseDuration } from '../duration.js';
import { InputError } from '../errors.js';
import { MAX_IMPORTANCE, MIN_IMPORTANCE, type Profile } from './types.js';

export const MAX_PURPOSE_LENGTH = 200;
export const MAX_LEASE_COUNT = 10;

export interface LeaseRequestInput {
  profile: Profile;
  /** "7d", "12h", ... or a number of seconds; the profile's default lease when absent. */
  duration?: string | number;
  /** 0..10; the profile's default importance when absent. */
  importance?: number;
  /** The profile's purpose when absent. */
  purpose?: string;
  /** VMs asked for in one request: 1..10, default 1. */
  count?: number;
}

export interface LeaseRequestPlan {
  durationMs: number;
  expiresAt: number;
  importance: number;
  purpose: string;
  count: number;
}

/**
 * Checks a lease request against its profile and works out its terms. The fields
 * come from a request body, so their types are checked here too; every error is an
 * InputError whose `field` is the request's field name ('duration', 'importance',
 * 'purpose', 'count'), and nothing has been written yet when it is thrown.
 * `expiresAt` counts from `now` (the request), also for a lease that waits for a VM.
 */
export function planLeaseRequest(input: LeaseRequestInput, now: number): LeaseRequestPlan {
  const { profile } = input;
  const durationMs = leaseDuration(input.duration, profile);
  return {
    durationMs,
    expiresAt: now + durationMs,
    importance: wholeNumber(input.importance, 'importance', profile.defaultImportance, MIN_IMPORTANCE, MAX_IMPORTANCE),
    purpose: purpose(input.purpose, profile.purpose),
    count: wholeNumber(input.count, 'count', 1, 1, MAX_LEASE_COUNT),
  };
}

/**
 * A requested lease length in ms: absent means the profile's default; more than the
 * profile's maximum lease is refused, naming it (field 'duration').
 */
export function leaseDuration(raw: unknown, profile: Profile, field = 'duration'): number {
  if (raw === undefined || raw === null) return profile.defaultLeaseMs;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw new InputError(`${field} must be a duration such as 7d or 12h, or a number of seconds`, field);
  }
  const ms = parseDuration(raw, field);
  if (ms > profile.maxLeaseMs) {
    throw new InputError(
      `${field} must be at most ${formatDuration(profile.maxLeaseMs)}, the maximum lease of profile ${profile.name} (got ${formatDuration(ms)})`,
      field,
    );
  }
  return ms;
}

function wholeNumber(raw: unknown, field: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    throw new InputError(`${field} must be a whole number from ${min} to ${max}`, field);
  }
  return raw;
}

function purpose(raw: unknown, fallback: string): string {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'string') throw new InputError('purpose must be a string', 'purpose');
  if (raw.length > MAX_PURPOSE_LENGTH) throw new InputError(`purpose must be at most ${MAX_PURPOSE_LENGTH} characters`, 'purpose');
  // It goes into mail subjects and table cells: one line of printable text.
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new InputError('purpose must be one line of text (no control characters)', 'purpose');
  return raw.trim() === '' ? fallback : raw.trim();
}
