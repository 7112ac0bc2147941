/**
 * Replacements racing each other, a renewal and a release, through the API on every
 * store engine: SQLite on a file, and PostgreSQL when DROVER_TEST_PG_URL is set (else a
 * loud skip). Real HTTP requests to a listening server, so they overlap in the store.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postgresEngine, sqliteEngine } from '../../store/testing/engines.js';
import { bearer, seedProfile, seedReadyInstances } from '../testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../testing/test-api.js';

async function started(t: { after(fn: () => Promise<void>): void }, engine: typeof sqliteEngine, ready: number) {
  const db = await engine.fresh();
  t.after(() => db.drop());
  const api = await startTestApi({ clock: { now: () => T0 } }, db);
  t.after(() => api.close());
  await seedProfile(api.store, 'small', { maxRenewals: 3 });
  await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, ready, T0);
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const call = (method: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method, headers: { ...bearer(api.userToken), 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as { state: string; detail?: string; leases?: Array<{ id: string }> } }),
    );
  const first = await call('POST', '/v1/leases', { profile: 'small' }, { 'idempotency-key': 'k' });
  assert.equal(first.status, 201);
  return { api, call, id: first.body.leases![0]!.id };
}

/** Instances carrying the lease's id, by state. */
async function heldBy(api: TestApi, id: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const i of await api.store.listInstances({ leaseId: id })) out[i.state] = (out[i.state] ?? 0) + 1;
  return out;
}

for (const engine of [sqliteEngine, postgresEngine]) {
  describe(`concurrent replacements on ${engine.name}`, () => {
    it('three replacements and a renewal at once: each applies once, the lease ends on one VM, every other VM it had is deleted', { skip: engine.unavailable }, async (t) => {
      const { api, call, id } = await started(t, engine, 10);
      const replace = () => call('POST', `/v1/leases/${id}/replace`);
      const results = await Promise.all([replace(), call('POST', `/v1/leases/${id}/renew`, { duration: '1d' }), replace(), replace()]);
      const replaced = results.filter((r, i) => i !== 1 && r.status === 200).length;
      for (const r of results) assert.ok(r.status === 200 || (r.status === 409 && /kept changing/.test(r.body.detail ?? '')), JSON.stringify(r));
      assert.equal(results[1]!.status, 200, 'the renewal applies');

      const lease = (await api.store.getLease(id))!;
      assert.deepEqual([lease.state, lease.renewals], ['active', 1]);
      assert.ok(replaced > 0, 'at least the first replacement applies');
      assert.equal(lease.replacedAt, T0, 'stored and read back on this engine');
      const current = (await api.store.getInstance(lease.instanceId!))!;
      assert.deepEqual([current.state, current.leaseId], ['leased', id]);
      // The first VM and every replaced one are deleting; none went back to the pool.
      assert.deepEqual(await heldBy(api, id), { leased: 1, deleting: replaced });
      assert.equal((await api.store.poolCounts({ profile: 'small' }))[0]!.ready, 10 - 1 - replaced);
    });

    it('a replacement racing a release: the lease ends released and holds nothing, whichever came first', { skip: engine.unavailable }, async (t) => {
      const { api, call, id } = await started(t, engine, 3);
      const [replace, release] = await Promise.all([call('POST', `/v1/leases/${id}/replace`), call('DELETE', `/v1/leases/${id}`, undefined)]);
      assert.equal(release.status, 200);
      assert.ok(replace.status === 200 || (replace.status === 409 && /was released/.test(replace.body.detail ?? '')), JSON.stringify(replace));
      assert.equal((await api.store.getLease(id))?.state, 'released');
      const held = await heldBy(api, id);
      assert.deepEqual(held, { deleting: replace.status === 200 ? 2 : 1 }, 'every VM the holder had is deleted');
    });
  });
}
