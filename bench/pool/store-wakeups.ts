import { poolKey } from '../../src/controllers/pool/pool-key.js';
import type { ControllerRunner } from '../../src/controllers/runtime/controller-runner.js';
import type { BenchTuning } from './bench-tuning.js';
import type { LedgerHooks } from './instance-ledger.js';

/**
 * Wake-ups from store writes (see bench-tuning.ts): what another controller would find
 * by polling wakes it instead, after a delay drawn from that poll's interval.
 *
 * - instance controller: a new row, a row sent to deleting or stopped, a restart ask;
 * - lease controller: a waiting lease whose VM was booted for it (now leased to it), and
 *   every waiting lease of a pool in which a VM became ready (it may claim that one).
 */
export class StoreWakeups {
  /** Leases still waiting for a VM: id -> pool key. */
  readonly waiting = new Map<string, string>();
  private runners: { instance: ControllerRunner; lease: ControllerRunner } | null = null;

  constructor(
    private readonly polls: BenchTuning['wakeups'],
    private readonly random: () => number,
  ) {}

  /** The runners to wake; writes before this only keep track of waiting leases. */
  attach(runners: { instance: ControllerRunner; lease: ControllerRunner }): void {
    this.runners = runners;
  }

  readonly hooks: LedgerHooks = {
    onInstance: (row, before) => {
      const r = this.runners;
      const p = this.polls;
      if (!r || !p || row.state === before) return;
      if (before === undefined || row.state === 'deleting' || row.state === 'stopped' || row.step === 'restart') r.instance.enqueue(row.id, this.random() * p.instancePollMs);
      if (row.state === 'leased' && row.leaseId && this.waiting.has(row.leaseId)) r.lease.enqueue(row.leaseId, this.random() * p.leasePollMs);
      if (row.state === 'ready') {
        const key = poolKey(row.profile, row.cloud);
        for (const [id, k] of this.waiting) if (k === key) r.lease.enqueue(id, this.random() * p.leasePollMs);
      }
    },
    onLease: (row) => {
      if (row.state === 'provisioning') this.waiting.set(row.id, poolKey(row.profile, row.cloud));
      else this.waiting.delete(row.id);
    },
  };
}
