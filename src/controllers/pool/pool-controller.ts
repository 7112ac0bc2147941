import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Profile } from '../../core/leasing/types.js';
import { policyByName, type AnyPoolPolicy } from '../../core/pool/policies.js';
import type { PoolObservation, PoolTarget } from '../../core/pool/pool-policy.js';
import type { CloudDriver } from '../../drivers/cloud-driver.js';
import type { PoolRecord, Store } from '../../store/store.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../runtime/reconciler.js';
import { CloudCatalog, type ResolvedBuild } from '../shared/cloud-catalog.js';
import { medianRefillMs, poolCensus, withoutReady, type PoolCensus } from './pool-census.js';
import { asStoredState, parsePoolKey, poolKey, type StoredState } from './pool-key.js';
import { resolvePoolOptions, type PoolControllerOptions } from './pool-options.js';
import { planPool } from './pool-plan.js';
import { removeReady, staleBatch, staleCandidates } from './pool-removals.js';

export type { PoolControllerOptions } from './pool-options.js';

export type PoolControllerStore = Pick<
  Store,
  | 'getProfile'
  | 'listProfiles'
  | 'insertInstance'
  | 'updateInstance'
  | 'poolCounts'
  | 'poolStateCounts'
  | 'readyInstances'
  | 'recentReadyTimes'
  | 'getPool'
  | 'savePool'
  | 'requestsSince'
  | 'waitingLeases'
  | 'appendEvent'
>;

export interface PoolControllerDeps {
  store: PoolControllerStore;
  /** Cloud name -> its driver. */
  drivers: ReadonlyMap<string, CloudDriver>;
  /** Source of instance ids; default node:crypto. */
  randomBytes?: (n: number) => Uint8Array;
  logger?: Logger;
}

/**
 * Sizes one pool (one profile in one cloud). Key: `${profile}/${cloud}`.
 *
 *   census (counts per state) + requests + refill time ──► policy.decide ──► target
 *   waiting leases ──► one new instance each, reserved for it (within m)
 *   target ──► new pooled instances (instancesToCreate, within m)
 *          ──► surplus ready -> deleting (instancesToTrim, a few per pass)
 *   stale ready (age, image, flavor) -> deleting, a batch every replaceEveryMs
 *   decision ──► savePool (target, m, n, reason: what GET /v1/pools shows; the flavor's
 *                size, which quotas count a request at)
 *
 * It only writes rows: a new instance is a 'pending' row (the intent), booted by the
 * instance controller; a removal is ready -> deleting, a compare-and-swap that loses
 * cleanly to a concurrent claim.
 *
 * A pass reads counts and the few rows it acts on, never the whole pool: a pool holds
 * thousands of instances, and a pass runs every few seconds and after lease writes.
 */
export class PoolController implements Reconciler {
  readonly name = 'pool';
  readonly resyncMs: number;
  private readonly o: Required<PoolControllerOptions>;
  private readonly log: Logger;
  private readonly randomBytes: (n: number) => Uint8Array;

  constructor(
    private readonly deps: PoolControllerDeps,
    options: PoolControllerOptions = {},
  ) {
    this.o = resolvePoolOptions(options);
    this.resyncMs = Math.max(this.o.intervalMs * 6, 30_000);
    this.log = deps.logger ?? silentLogger;
    this.randomBytes = deps.randomBytes ?? ((n) => new Uint8Array(cryptoRandomBytes(n)));
  }

  /** Every profile in each of its clouds that has a driver, and every pool that still has instances. */
  async keys(): Promise<string[]> {
    const keys = new Set<string>();
    for (const p of await this.deps.store.listProfiles()) {
      for (const cloud of p.clouds) if (this.deps.drivers.has(cloud)) keys.add(poolKey(p.name, cloud));
    }
    for (const c of await this.deps.store.poolCounts()) keys.add(poolKey(c.profile, c.cloud));
    return [...keys];
  }

  async reconcile(key: string, { now }: ReconcileContext): Promise<ReconcileResult> {
    const { profile: name, cloud } = parsePoolKey(key);
    const { store } = this.deps;
    const profile = await store.getProfile(name);
    const driver = this.deps.drivers.get(cloud);
    let census = poolCensus(await store.poolStateCounts(name, cloud));
    if (!profile || !profile.clouds.includes(cloud) || !driver) return this.drain(key, census, now, profile === null ? 'profile removed' : `cloud ${cloud} is no longer one of the profile's clouds`);

    const record = await store.getPool(name, cloud);
    const lastSize = { vcpus: record?.vcpus ?? null, ramMb: record?.ramMb ?? null };
    let policy: AnyPoolPolicy;
    let options: unknown;
    try {
      policy = policyByName(profile.pool.policy);
      options = policy.parseOptions(profile.pool.options);
    } catch (error) {
      // Profiles are validated when saved; this is a profile written around the API.
      await this.save(profile, cloud, now, { ready: 0, m: profile.pool.m, n: profile.pool.n, reason: `invalid pool settings: ${String(error)}` }, null, lastSize);
      return { requeueAfterMs: this.o.intervalMs };
    }
    const stored = asStoredState(record?.policyState);
    const build = await new CloudCatalog(driver).resolve(profile);
    const usable = 'problem' in build ? null : build;
    // The flavor's size, for quotas before any instance exists; the last known one while it cannot be resolved.
    const size = usable ? { vcpus: usable.flavor.vcpus, ramMb: usable.flavor.ramMb } : lastSize;

    let replacedAt = stored?.replacedAt ?? null;
    if (usable && (replacedAt === null || now - replacedAt >= this.o.replaceEveryMs)) {
      const candidates = await staleCandidates(store, { profile: name, cloud }, profile, usable, now, this.o.replacePerBatch);
      const stale = staleBatch(candidates, profile, usable, now, this.o.replacePerBatch);
      const gone = await removeReady(store, stale, now, 'Stale', (i) => `replaced (pool ${key}): ${i.why}`);
      if (gone.size > 0) {
        replacedAt = now;
        census = withoutReady(census, gone.size);
      }
    }

    const requests = await store.requestsSince(name, cloud, now - policy.lookbackMs(options));
    const obs: PoolObservation = {
      now,
      ready: census.ready,
      provisioning: census.provisioning,
      leased: census.occupied,
      requestTimes: requests.times,
      refillMs: medianRefillMs(await store.recentReadyTimes(name, cloud, this.o.refillSamples)),
    };
    const state = stored?.policy === policy.name ? stored.state : policy.initialState();
    const decision = policy.decide(obs, { m: profile.pool.m, n: profile.pool.n, min: profile.pool.min }, options, state);
    const target = decision.target;

    const waiting = await store.waitingLeases(name, cloud);
    const { forLeases, forPool, trim } = planPool(census, obs, target, waiting, {
      createPerPass: this.o.createPerPass,
      trimPerPass: this.o.trimPerPass,
      canBoot: usable !== null,
    });
    if (usable) {
      for (const lease of forLeases) await this.create(profile, cloud, usable, now, lease.id);
      for (let k = 0; k < forPool; k++) await this.create(profile, cloud, usable, now, null);
    }
    const surplus = trim > 0 ? await store.readyInstances(name, cloud, { limit: trim }) : [];
    const trimmed = (await removeReady(store, surplus, now, 'Trimmed', () => 'surplus ready instance removed from the pool')).size;

    const notes = [target.reason];
    if ('problem' in build) notes.push(`cannot boot: ${build.problem}`);
    if (waiting.length > 0) notes.push(`${waiting.length} lease(s) waiting`);
    await this.save(profile, cloud, now, { ...target, reason: notes.join('; ') }, { policy: policy.name, state: decision.state, replacedAt }, size);
    if (forLeases.length + forPool + trimmed > 0) {
      await store.appendEvent({
        at: now,
        level: 'info',
        kind: 'pool',
        subject: key,
        reason: forLeases.length + forPool > 0 ? 'ScaledUp' : 'Trimmed',
        message: `target ${target.ready} (${target.reason}); ready ${obs.ready}, provisioning ${obs.provisioning}: ` +
          `booting ${forPool} for the pool and ${forLeases.length} for waiting leases, trimming ${trimmed}`,
      });
    }
    return { requeueAfterMs: this.o.intervalMs };
  }

  /** The intent: a pending row, booted by the instance controller. */
  private async create(profile: Profile, cloud: string, build: ResolvedBuild, now: number, leaseId: string | null): Promise<void> {
    const id = `i-${Buffer.from(this.randomBytes(8)).toString('hex')}`;
    await this.deps.store.insertInstance({ id, cloud, profile: profile.name, vcpus: build.flavor.vcpus, ramMb: build.flavor.ramMb, leaseId }, now);
  }

  /** A pool nobody wants any more: its ready instances go; provisioning ones follow once ready. */
  private async drain(key: string, census: PoolCensus, now: number, why: string): Promise<ReconcileResult> {
    const { profile, cloud } = parsePoolKey(key);
    if (!this.deps.drivers.has(cloud)) {
      this.log.warn({ controller: this.name, pool: key }, `no driver for cloud ${cloud}: pool left as it is`);
      return {};
    }
    const ready = census.ready > 0 ? await this.deps.store.readyInstances(profile, cloud, { limit: census.ready }) : [];
    const trimmed = (await removeReady(this.deps.store, ready, now, 'Trimmed', () => `pool ${key} drained: ${why}`)).size;
    if (trimmed > 0) {
      await this.deps.store.appendEvent({ at: now, level: 'info', kind: 'pool', subject: key, reason: 'Drained', message: `${why}: removed ${trimmed} ready instance(s)` });
    }
    return census.total > trimmed ? { requeueAfterMs: this.o.intervalMs } : {};
  }

  private async save(profile: Profile, cloud: string, now: number, target: PoolTarget, state: StoredState | null, size: Pick<PoolRecord, 'vcpus' | 'ramMb'>): Promise<void> {
    await this.deps.store.savePool({
      profile: profile.name,
      cloud,
      policyState: state,
      target: target.ready,
      m: target.m,
      n: target.n,
      reason: target.reason,
      vcpus: size.vcpus,
      ramMb: size.ramMb,
      updatedAt: now,
    });
  }
}
