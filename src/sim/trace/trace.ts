/**
 * A request trace: who asked for which profile, when, and for how long. The pool
 * benchmark replays one through the leasing code on virtual time, so every policy
 * sees exactly the same demand. Times are seconds (not ms) because traces are also
 * written and read by hand as CSV.
 */
export interface TraceRequest {
  /** Seconds from the start of the trace at which the request arrives. */
  t: number;
  /** Profile name; the replay maps it to a profile of the simulated cloud. */
  profile: string;
  /** Lease duration asked for, in seconds (> 0). */
  durationS: number;
  /** Lease importance (integer >= 0); absent means the profile's default. */
  importance?: number;
  /** The holder renews the lease this many seconds after the request (t); absent: never. */
  renewAtS?: number;
}

export interface Trace {
  name: string;
  /** Sorted by t; requests with equal t keep their original order. */
  requests: TraceRequest[];
  /** Length of the arrival window in seconds: every request has t <= horizonS. */
  horizonS: number;
}

/**
 * A trace from requests in any order: sorted by t (stably), and a horizon that
 * defaults to the last arrival. Throws RangeError when an explicit horizon ends
 * before a request, which would make a replay silently drop demand.
 */
export function makeTrace(name: string, requests: readonly TraceRequest[], horizonS?: number): Trace {
  const sorted = sortRequests(requests);
  const last = sorted.length === 0 ? 0 : sorted[sorted.length - 1]!.t;
  const horizon = horizonS ?? last;
  if (!Number.isFinite(horizon) || horizon < last) {
    throw new RangeError(`trace ${name}: horizon ${horizon} s ends before the last request at ${last} s`);
  }
  return { name, requests: sorted, horizonS: horizon };
}

/** Stable sort by arrival time (Array.prototype.sort is stable since ES2019). */
export function sortRequests(requests: readonly TraceRequest[]): TraceRequest[] {
  return [...requests].sort((a, b) => a.t - b.t);
}
