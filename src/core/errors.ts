/**
 * Domain errors. They carry no HTTP status: the API edge maps each class to one
 * (see api/problem.ts). Expected outcomes are data, not exceptions; these are for
 * requests that cannot proceed.
 */
export class DroverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input. `field` names the offending field (dotted path) when there is one. */
export class InputError extends DroverError {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export class NotFoundError extends DroverError {}
export class ConflictError extends DroverError {}
export class InvalidStateError extends DroverError {}
export class QuotaExceededError extends DroverError {}
export class AuthError extends DroverError {}
export class ForbiddenError extends DroverError {}

/** Nothing fits: `reasons` says how many hosts each filter removed, and why. */
export class NoValidHostError extends DroverError {
  constructor(message: string, readonly reasons: string[] = []) {
    super(message);
  }
}

/** An error a reconciler must not retry: it is recorded and the key is dropped. */
export class TerminalError extends DroverError {}

export type DriverErrorKind = 'not-found' | 'conflict' | 'quota' | 'transient' | 'fatal' | 'unsupported';

/**
 * Every failure a driver reports. The driver translates its backend's faults into a
 * kind; only the runtime decides what to retry (transient: yes; the rest: no).
 * The message keeps the backend's own words but never a secret.
 */
export class DriverError extends DroverError {
  constructor(
    readonly kind: DriverErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(message);
  }
}

export function isDriverError(e: unknown, kind?: DriverErrorKind): e is DriverError {
  return e instanceof DriverError && (kind === undefined || e.kind === kind);
}
