import { Type } from 'typebox';
import type { PoolCounts, Store } from '../store/store.js';
import type { ApiApp } from './api-app.js';
import type { ApiClock } from './clock.js';
import { problemResponses } from './problem.js';
import { isoTime, NullableTime } from './time.js';

/** The hit rate shown is over this look-back. */
export const HIT_RATE_WINDOW_MS = 3_600_000;

const PoolSchema = Type.Object({
  profile: Type.String(),
  cloud: Type.String(),
  policy: Type.Union([Type.String(), Type.Null()], { description: "The profile's sizing policy; null when the profile is gone" }),
  ready: Type.Integer({ description: 'Ready, unleased instances' }),
  provisioning: Type.Integer({ description: 'Instances being built (pending, booting, configuring)' }),
  leased: Type.Integer(),
  stopped: Type.Integer({ description: 'Stopped in the grace period of an expired important lease' }),
  recovering: Type.Integer(),
  failed: Type.Integer(),
  waiting: Type.Integer({ description: 'Leases waiting for a VM (the pool was empty)' }),
  m: Type.Integer({ description: 'At most this many instances in total (the last decision, else the profile setting)' }),
  n: Type.Integer({ description: 'At most this many ready' }),
  target: Type.Union([Type.Integer(), Type.Null()], { description: 'Ready + provisioning the policy wants; null before its first decision' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: "The policy's reason for the target" }),
  decidedAt: NullableTime('When the pool controller last decided'),
  vm: Type.Union([Type.Object({ vcpus: Type.Integer(), ramMb: Type.Integer() }), Type.Null()], {
    description: "One VM of the pool: the profile's flavor as last resolved in the cloud (quotas count a request at this size); null before it ever could be",
  }),
  recent: Type.Object(
    {
      windowSeconds: Type.Integer(),
      requests: Type.Integer(),
      hits: Type.Integer({ description: 'Requests answered from ready instances' }),
      hitRate: Type.Union([Type.Number(), Type.Null()], { description: 'hits / requests; null without requests' }),
    },
    { description: 'Requests over the last hour' },
  ),
});

const ZERO = { provisioning: 0, ready: 0, leased: 0, stopped: 0, recovering: 0, failed: 0 };

/** One row per pool: every cloud of every profile, and any leftover pool of a deleted profile. */
export async function poolRoutes(app: ApiApp, opts: { store: Store; clock: ApiClock }): Promise<void> {
  const { store, clock } = opts;
  app.get(
    '/pools',
    {
      schema: {
        tags: ['pools'],
        operationId: 'listPools',
        summary: 'Warm pools: counts, bounds, target and recent hit rate',
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Object({ pools: Type.Array(PoolSchema) }), ...problemResponses(401) },
      },
    },
    async () => {
      const now = clock.now();
      const [profiles, counts, waitingLeases] = await Promise.all([
        store.listProfiles(),
        store.poolCounts(),
        store.listLeases({ states: ['provisioning'] }),
      ]);
      const key = (profile: string, cloud: string) => `${profile}\u0000${cloud}`;
      const countsBy = new Map<string, PoolCounts>(counts.map((c) => [key(c.profile, c.cloud), c]));
      const waiting = new Map<string, number>();
      for (const l of waitingLeases) waiting.set(key(l.profile, l.cloud), (waiting.get(key(l.profile, l.cloud)) ?? 0) + 1);

      const pools: Array<{ profile: string; cloud: string }> = [];
      const seen = new Set<string>();
      const add = (profile: string, cloud: string) => {
        if (seen.has(key(profile, cloud))) return;
        seen.add(key(profile, cloud));
        pools.push({ profile, cloud });
      };
      for (const p of profiles) for (const c of p.clouds) add(p.name, c);
      for (const c of counts) add(c.profile, c.cloud);

      const byName = new Map(profiles.map((p) => [p.name, p]));
      const rows = await Promise.all(
        pools.map(async ({ profile, cloud }) => {
          const [record, recent] = await Promise.all([
            store.getPool(profile, cloud),
            store.requestsSince(profile, cloud, now - HIT_RATE_WINDOW_MS),
          ]);
          const p = byName.get(profile);
          const c = countsBy.get(key(profile, cloud)) ?? ZERO;
          const requests = recent.times.length;
          return {
            profile,
            cloud,
            policy: p?.pool.policy ?? null,
            ready: c.ready,
            provisioning: c.provisioning,
            leased: c.leased,
            stopped: c.stopped,
            recovering: c.recovering,
            failed: c.failed,
            waiting: waiting.get(key(profile, cloud)) ?? 0,
            m: record?.m ?? p?.pool.m ?? 0,
            n: record?.n ?? p?.pool.n ?? 0,
            target: record ? record.target : null,
            reason: record ? record.reason : null,
            decidedAt: isoTime(record ? record.updatedAt : null),
            vm: record && record.vcpus !== null && record.ramMb !== null ? { vcpus: record.vcpus, ramMb: record.ramMb } : null,
            recent: {
              windowSeconds: HIT_RATE_WINDOW_MS / 1000,
              requests,
              hits: recent.hits,
              hitRate: requests > 0 ? recent.hits / requests : null,
            },
          };
        }),
      );
      return { pools: rows };
    },
  );
}
