/**
 * Concurrent requests through the API on every store engine: SQLite on a file, and
 * PostgreSQL when DROVER_TEST_PG_URL is set (else a loud skip). Requests are real HTTP
 * requests to a listening server, so they overlap in the store as clients' would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postgresEngine, sqliteEngine } from '../../store/testing/engines.js';
import { bearer, seedProfile, seedReadyInstances } from '../testing/leasing-seed.js';
import { startTestApi, T0 } from '../testing/test-api.js';

for (const engine of [sqliteEngine, postgresEngine]) {
  describe(`concurrent lease requests on ${engine.name}`, () => {
    it('twins of one request make one lease; then 30 requests for 10 ready VMs: 10 get distinct VMs at once, 20 wait', { skip: engine.unavailable }, async (t) => {
      const db = await engine.fresh();
      t.after(() => db.drop());
      const api = await startTestApi({ clock: { now: () => T0 } }, db);
      t.after(() => api.close());
      await seedProfile(api.store, 'small');
      await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 11, T0);
      const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
      const post = (key: string) =>
        fetch(`${url}/v1/leases`, {
          method: 'POST',
          headers: { ...bearer(api.userToken), 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ profile: 'small' }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { leases: Array<{ id: string; state: string; instance: { id: string } | null }> } }));

      // Twins (a client retrying before the first answer): one lease; a VM the loser
      // claimed goes back to the pool.
      const twins = await Promise.all([post('twin'), post('twin'), post('twin')]);
      assert.equal(new Set(twins.map((r) => r.body.leases[0]!.id)).size, 1);
      assert.equal((await api.store.listLeases()).length, 1);
      assert.equal((await api.store.poolCounts({ profile: 'small' }))[0]!.ready, 10);

      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => post(`c-${i}`)));
      const hits = results.filter((r) => r.status === 201);
      const waits = results.filter((r) => r.status === 202);
      assert.equal(hits.length, 10, results.map((r) => r.status).join(','));
      assert.equal(waits.length, 20);
      assert.equal(new Set(hits.map((r) => r.body.leases[0]!.instance!.id)).size, 10);

      // The same 30 keys again, all at once: the same leases, nothing new.
      const again = await Promise.all(Array.from({ length: 30 }, (_, i) => post(`c-${i}`)));
      assert.ok(again.every((r) => r.status === 200));
      assert.deepEqual(again.map((r) => r.body.leases[0]!.id), results.map((r) => r.body.leases[0]!.id));
      assert.equal((await api.store.listLeases()).length, 31);
      const [counts] = await api.store.poolCounts({ profile: 'small' });
      assert.deepEqual([counts!.ready, counts!.leased], [0, 11]);
    });

    it('a project quota holds under concurrent requests: 12 at once for room of 4 make 4 leases, the rest are refused', { skip: engine.unavailable }, async (t) => {
      const db = await engine.fresh();
      t.after(() => db.drop());
      const api = await startTestApi({ clock: { now: () => T0 } }, db);
      t.after(() => api.close());
      await seedProfile(api.store, 'small');
      await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 6, T0);
      // Two users of one project share its room: a per-user lock would not be enough.
      const other = await api.store.createUser({ name: 'dev2', role: 'user', project: 'dev', email: null }, T0);
      const otherToken = (await api.store.createToken(other.id, 'test', T0)).secret;
      await api.store.setQuota('project', 'dev', { instances: 5, vcpus: null, ramMb: null });
      const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
      const post = (token: string, key: string) =>
        fetch(`${url}/v1/leases`, {
          method: 'POST',
          headers: { ...bearer(token), 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ profile: 'small' }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { detail?: string } }));
      assert.equal((await post(api.userToken, 'first')).status, 201);

      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? otherToken : api.userToken, `q-${i}`)));
      const made = results.filter((r) => r.status === 201 || r.status === 202);
      const refused = results.filter((r) => r.status === 403 || r.status === 409 || r.status === 422 || r.status === 429);
      assert.equal(made.length, 4, results.map((r) => r.status).join(','));
      assert.equal(refused.length, 8, results.map((r) => r.status).join(','));
      assert.match(refused[0]!.body.detail ?? '', /quota/i);
      assert.deepEqual(await api.store.usage('project', 'dev'), { instances: 5, vcpus: 5 * 2, ramMb: 5 * 4096 });
      // Refused requests took nothing: the sixth VM is still ready.
      assert.equal((await api.store.poolCounts({ profile: 'small' }))[0]!.ready, 1);
    });
  });
}
