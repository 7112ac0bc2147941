import { releaseLease } from '../../src/api/leases/release-lease.js';
import { renewLease } from '../../src/api/leases/renew-lease.js';
import { requestLeases } from '../../src/api/leases/request-leases.js';
import type { Clock } from '../../src/core/clock.js';
import type { ControllerRunner } from '../../src/controllers/runtime/controller-runner.js';
import { leaseNudges } from '../../src/main/lease-nudges.js';
import type { TraceRequest } from '../../src/sim/trace/index.js';
import type { LeaseRecord, Store, User } from '../../src/store/store.js';

/**
 * The people behind a trace: each request through the use case behind POST
 * /v1/leases at its time t, the release (DELETE) at t + duration, a renewal (POST
 * .../renew, by the same duration) at t + renew_at when the trace has one, which moves
 * the release to the new end. After each, the lease and pool keys are enqueued by the
 * same function `main` calls for every lease the API writes (leaseNudges: the pool a
 * second late unless the lease waits). Nothing is scheduled after `endAt`.
 */
export class TraceHolder {
  /** Requests, releases the use cases refused (none expected), with the reason. */
  readonly refused: string[] = [];
  readonly renewals = { done: 0, refused: 0 };
  private readonly releases = new Map<string, () => void>();
  private readonly written: (lease: LeaseRecord) => void;

  constructor(
    private readonly d: { clock: Clock; store: Store; user: User; lease: ControllerRunner; pool: ControllerRunner; endAt: number },
  ) {
    this.written = leaseNudges(d);
  }

  /** Sets a timer for each request (times are seconds from `start`, the clock's time now). */
  schedule(requests: readonly TraceRequest[]): void {
    requests.forEach((req, i) => this.d.clock.setTimer(req.t * 1000, () => void this.request(req, i)));
  }

  /** Cancels the releases still to come (the run is over). */
  stop(): void {
    for (const cancel of this.releases.values()) cancel();
    this.releases.clear();
  }

  private async request(req: TraceRequest, i: number): Promise<void> {
    const { clock, store, user, endAt } = this.d;
    const now = clock.now();
    try {
      const body = { profile: req.profile, duration: req.durationS, ...(req.importance !== undefined ? { importance: req.importance } : {}) };
      const { leases } = await requestLeases(store, user, body, `trace-${i}`, now);
      for (const lease of leases) {
        this.written(lease);
        this.releaseAt(lease.id, now + req.durationS * 1000);
        const renewAt = req.renewAtS !== undefined ? now + req.renewAtS * 1000 : Infinity;
        if (renewAt <= endAt) clock.setTimer(renewAt - now, () => void this.renew(lease.id, req));
      }
    } catch (error) {
      this.refused.push(`request ${i} at ${req.t} s: ${message(error)}`);
    }
  }

  private releaseAt(leaseId: string, at: number): void {
    this.releases.get(leaseId)?.();
    this.releases.delete(leaseId);
    if (at > this.d.endAt) return;
    this.releases.set(leaseId, this.d.clock.setTimer(at - this.d.clock.now(), () => void this.release(leaseId)));
  }

  private async release(leaseId: string): Promise<void> {
    this.releases.delete(leaseId);
    try {
      this.written(await releaseLease(this.d.store, this.d.user, leaseId, this.d.clock.now()));
    } catch (error) {
      this.refused.push(`release of ${leaseId}: ${message(error)}`);
    }
  }

  private async renew(leaseId: string, req: TraceRequest): Promise<void> {
    let renewed: LeaseRecord;
    try {
      renewed = await renewLease(this.d.store, this.d.user, leaseId, req.durationS, this.d.clock.now());
    } catch {
      // Already ended (released, expired) or out of renewals: the holder's renewal is refused, as the API would.
      this.renewals.refused++;
      return;
    }
    this.renewals.done++;
    this.written(renewed);
    this.releaseAt(leaseId, renewed.expiresAt);
  }

}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
