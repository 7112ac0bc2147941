import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { LeaseRecord } from '../../store/store.js';
import { bearer, seedProfile, seedReadyInstances, seedUser } from '../testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../testing/test-api.js';

/**
 * POST /v1/leases/{id}/replace on a fixed clock, the store standing in for the
 * controllers (replace-lease-sim.test.ts runs them on the simulated cloud).
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Setup {
  api: TestApi;
  clock: { t: number; now(): number };
  /** A lease of `dev` from the pool: its id and its VM's id. */
  lease(): Promise<{ id: string; instance: string }>;
  replace(id: string, opts?: { token?: string; body?: unknown }): Promise<LightMyRequestResponse>;
  req(method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse>;
}

async function setup(t: { after(fn: () => Promise<void>): void }, ready: number): Promise<Setup> {
  const clock = { t: T0, now: () => clock.t };
  const api = await startTestApi({ clock });
  t.after(() => api.close());
  await seedProfile(api.store, 'small', { maxLease: '10d', defaultLease: '7d', maxRenewals: 2 });
  if (ready > 0) await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, ready, T0);
  let n = 0;
  const req: Setup['req'] = (method, url, token = api.userToken, body) =>
    api.app.inject({ method, url, headers: bearer(token), ...(body !== undefined ? { payload: body as object } : {}) });
  return {
    api,
    clock,
    async lease() {
      const res = await api.app.inject({
        method: 'POST',
        url: '/v1/leases',
        headers: { ...bearer(api.userToken), 'idempotency-key': `k-${++n}` },
        payload: { profile: 'small', purpose: 'redis tests', importance: 3 },
      });
      assert.equal(res.statusCode, 201, res.body);
      const [lease] = res.json().leases;
      return { id: lease.id, instance: lease.instance.id };
    },
    replace: (id, opts = {}) => req('POST', `/v1/leases/${id}/replace`, opts.token ?? api.userToken, opts.body ?? {}),
    req,
  };
}

/** What a refused request must leave as it was: the lease row and every instance. */
async function snapshot(api: TestApi, id: string): Promise<{ lease: LeaseRecord | null; instances: unknown }> {
  return { lease: await api.store.getLease(id), instances: await api.store.listInstances() };
}

describe('POST /v1/leases/{id}/replace', () => {
  it('gives the holder a new VM from the pool at once (200); the old one is deleted; the lease is otherwise unchanged', async (t) => {
    const s = await setup(t, 3);
    const { id, instance: old } = await s.lease();
    s.clock.t = T0 + HOUR;
    assert.equal((await s.req('POST', `/v1/leases/${id}/renew`, undefined, { duration: '1d' })).statusCode, 200);
    const before = (await s.api.store.getLease(id))!;

    s.clock.t = T0 + 2 * HOUR;
    const res = await s.replace(id, { body: { reason: 'disk full' } });
    assert.equal(res.statusCode, 200, res.body);
    const lease = res.json();
    assert.equal(lease.state, 'active');
    assert.notEqual(lease.instance.id, old);
    assert.equal(lease.instance.state, 'leased');
    assert.equal(lease.instance.password, `pw-${lease.instance.id}`, 'the holder sees the new password');
    assert.equal(lease.replacedAt, new Date(T0 + 2 * HOUR).toISOString());
    assert.equal(lease.activeAt, new Date(T0 + 2 * HOUR).toISOString());
    // What the lease promised stays: expiry (as renewed), renewals, importance, purpose.
    assert.equal(lease.expiresAt, new Date(before.expiresAt).toISOString());
    assert.deepEqual([lease.renewals, lease.importance, lease.purpose, lease.createdAt], [1, 3, 'redis tests', new Date(T0).toISOString()]);

    const gone = (await s.api.store.getInstance(old))!;
    assert.equal(gone.state, 'deleting', 'never back to the pool: someone had it');
    const fresh = (await s.api.store.getInstance(lease.instance.id))!;
    assert.deepEqual([fresh.state, fresh.leaseId], ['leased', id]);
    assert.equal((await s.api.store.poolCounts({ profile: 'small' }))[0]!.ready, 1);
    const { times, hits } = await s.api.store.requestsSince('small', 'sim', 0);
    assert.deepEqual([times.length, hits], [2, 2], 'the replacement drew on the pool like a request');

    const [event] = await s.api.store.listEvents({ subject: id, kind: 'lease', limit: 1 });
    assert.equal(event?.reason, 'Replaced');
    assert.equal(event?.message, `dev replaced instance ${old} (being deleted) (disk full): instance ${lease.instance.id} from the small pool on sim`);
    assert.deepEqual(await s.api.store.dueNotifications(Number.MAX_SAFE_INTEGER, 10), [], 'the holder asked and has the answer');
    const shown = await s.req('GET', `/v1/leases/${id}`);
    assert.equal(shown.json().instance.id, lease.instance.id);
  });

  it('with an empty pool: 202, the lease waits for a VM with its expiry kept, and the old VM is deleted', async (t) => {
    const s = await setup(t, 1);
    const { id, instance: old } = await s.lease();
    const expiresAt = (await s.api.store.getLease(id))!.expiresAt;
    s.clock.t = T0 + DAY;
    const res = await s.req('POST', `/v1/leases/${id}/replace`);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.headers.location, `/v1/leases/${id}`);
    const lease = res.json();
    assert.deepEqual([lease.state, lease.instance, lease.activeAt], ['provisioning', null, null]);
    assert.equal(lease.expiresAt, new Date(expiresAt).toISOString());
    assert.equal(lease.replacedAt, new Date(T0 + DAY).toISOString());
    assert.equal((await s.api.store.getInstance(old))?.state, 'deleting');
    const waiting = await s.api.store.waitingLeases('small', 'sim');
    assert.deepEqual(waiting.map((l) => l.id), [id], 'the pool controller boots a VM for it');
    const { hits, times } = await s.api.store.requestsSince('small', 'sim', T0 + 1);
    assert.deepEqual([times.length, hits], [1, 0], 'a miss');
  });

  it('lets an admin replace any lease, and tells the holder', async (t) => {
    const s = await setup(t, 2);
    const { id, instance: old } = await s.lease();
    const res = await s.replace(id, { token: s.api.adminToken });
    assert.equal(res.statusCode, 200, res.body);
    const fresh = res.json().instance;
    assert.notEqual(fresh.id, old);
    const [note] = await s.api.store.dueNotifications(Number.MAX_SAFE_INTEGER, 10);
    const holder = await s.api.store.getUserByName('dev');
    assert.equal(note?.userId, holder!.id);
    assert.equal(note?.kind, 'lease.ready');
    assert.match(note!.body, new RegExp(`was replaced by admin: it is now instance ${fresh.id} at 10\\.0\\.0\\.\\d+`));
    assert.ok(!note!.body.includes(fresh.password), 'never a password in a notification');
  });

  it("is 404 for another user's lease and for an unknown one, changing nothing", async (t) => {
    const s = await setup(t, 2);
    const { id } = await s.lease();
    const eve = await seedUser(s.api.store, 'eve', 'user', 'qa');
    const before = await snapshot(s.api, id);
    const theirs = await s.replace(id, { token: eve.token });
    assert.equal(theirs.statusCode, 404);
    assert.equal(theirs.json().detail, `no lease ${id}`);
    assert.deepEqual(await snapshot(s.api, id), before);
    const unknown = await s.replace('l-nope');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().detail, 'no lease l-nope');
  });

  it('is 409 naming the state for a released, expired, failed, grace or waiting lease, changing nothing', async (t) => {
    const s = await setup(t, 6);
    const cases: Array<[string, (id: string) => Promise<unknown>, RegExp]> = [
      ['released', (id) => s.req('DELETE', `/v1/leases/${id}`), /was released: only an active lease's VM can be replaced; request a new VM with `drover request small`/],
      ['expired', (id) => s.api.store.updateLease(id, { state: 'expired', endedAt: T0 }, T0), /has expired: only an active lease's VM/],
      ['failed', (id) => s.api.store.updateLease(id, { state: 'failed', endedAt: T0 }, T0), /has failed: only an active lease's VM/],
      ['grace', (id) => s.api.store.updateLease(id, { state: 'grace', graceEndsAt: T0 + DAY }, T0), /its VM is stopped for its grace period: renew it first/],
      ['provisioning', (id) => s.api.store.updateLease(id, { state: 'provisioning', instanceId: null }, T0), /is still waiting for its VM: there is nothing to replace yet/],
    ];
    for (const [state, put, why] of cases) {
      const { id } = await s.lease();
      await put(id);
      const before = await snapshot(s.api, id);
      const res = await s.replace(id);
      assert.equal(res.statusCode, 409, `${state}: ${res.body}`);
      assert.match(res.json().detail, why, state);
      assert.deepEqual(await snapshot(s.api, id), before, `${state}: nothing changed`);
    }
  });

  it('is described in the OpenAPI document with both answers and its problems', async (t) => {
    const s = await setup(t, 0);
    const doc = (await s.api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/v1/leases/{id}/replace'].post;
    assert.equal(op.operationId, 'replaceLease');
    assert.deepEqual(op.tags, ['leases']);
    assert.deepEqual(Object.keys(op.responses).sort(), ['200', '202', '400', '401', '404', '409', '500']);
  });

  it('refuses a bad reason with a 400 naming the field, changing nothing', async (t) => {
    const s = await setup(t, 2);
    const { id } = await s.lease();
    const before = await snapshot(s.api, id);
    const twoLines = await s.replace(id, { body: { reason: 'one\ntwo' } });
    assert.equal(twoLines.statusCode, 400);
    assert.equal(twoLines.json().field, 'reason');
    const tooLong = await s.replace(id, { body: { reason: 'x'.repeat(201) } });
    assert.deepEqual([tooLong.statusCode, tooLong.json().field], [400, 'reason']);
    const unknown = await s.replace(id, { body: { duration: '1d' } });
    assert.deepEqual([unknown.statusCode, unknown.json().detail], [400, 'body/duration is not a known field']);
    assert.deepEqual(await snapshot(s.api, id), before);
  });
});
