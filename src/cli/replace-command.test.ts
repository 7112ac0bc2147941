/**
 * `drover replace` against a real API (real in-memory store) on 127.0.0.1. The store
 * stands in for the controllers: tests seed ready VMs and fulfil waiting leases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedProfile, seedReadyInstances, seedUser, fulfilWaitingLeases } from '../api/testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../api/testing/test-api.js';
import { drover } from './testing.js';

const HOUR = 3_600_000;

describe('drover replace', () => {
  let api: TestApi;
  let user: string[];
  const clock = { t: T0 };

  before(async () => {
    api = await startTestApi({ clock: { now: () => clock.t } });
    const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    user = ['--url', url, '--token', api.userToken];
    await seedProfile(api.store, 'small', { maxLease: '10d' });
  });
  after(() => api.close());

  /** A lease of `dev` on a VM seeded for it; returns the lease id and the VM id. */
  async function leaseOne(prefix: string): Promise<{ id: string; vm: string }> {
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, prefix);
    const r = await drover(['request', 'small', '--json', ...user]);
    assert.equal(r.code, 0, r.stderr);
    const [lease] = JSON.parse(r.stdout).leases;
    return { id: lease.id, vm: lease.instance.id };
  }

  it('prints the lease with its new VM, as `lease show` does; the old VM is deleting', async () => {
    const { id, vm } = await leaseOne('a');
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, 'a-next');
    clock.t = T0 + HOUR;
    const r = await drover(['replace', id, '--reason', 'kernel panic', ...user], { now: T0 + 2 * HOUR });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^lease:\\s+${id}$`, 'm'));
    assert.match(r.stdout, /^state:\s+active$/m);
    assert.match(r.stdout, /^replaced:\s+\S+ \(1h ago\)$/m);
    assert.match(r.stdout, /^instance:\s+i-a-next-000 \(leased on az1-h01\)$/m);
    assert.match(r.stdout, /^password:\s+pw-i-a-next-000$/m);
    assert.equal(r.stderr, '');
    assert.equal((await api.store.getInstance(vm))?.state, 'deleting');
    const [event] = await api.store.listEvents({ subject: id, limit: 1 });
    assert.match(event!.message, /\(kernel panic\)/);
  });

  it('--json prints the API\'s lease', async () => {
    const { id, vm } = await leaseOne('b');
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, 'b-next');
    const r = await drover(['replace', id, '--json', ...user]);
    assert.equal(r.code, 0, r.stderr);
    const lease = JSON.parse(r.stdout);
    assert.equal(lease.id, id);
    assert.equal(lease.state, 'active');
    assert.notEqual(lease.instance.id, vm);
  });

  it('with an empty pool says a VM is booting; --wait polls until the lease is active again', async () => {
    const first = await leaseOne('c');
    const noWait = await drover(['replace', first.id, ...user], { now: clock.t });
    assert.equal(noWait.code, 0, noWait.stderr);
    assert.match(noWait.stdout, /^state:\s+provisioning$/m);
    assert.match(noWait.stdout, /^instance:\s+none yet$/m);
    assert.match(noWait.stdout, new RegExp(`a new VM is booting\\. Follow it with \`drover lease show ${first.id}\``));

    const second = await leaseOne('d');
    const stopFulfilling = fulfilWaitingLeases(api.store, () => clock.t);
    try {
      const r = await drover(['replace', second.id, '--wait', ...user], { env: { DROVER_POLL_MS: '20' }, now: clock.t });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`^lease ${second.id}: the pool was empty, a VM is booting\\.\\.\\.$`, 'm'));
      assert.match(r.stderr, new RegExp(`^lease ${second.id}: active$`, 'm'));
      assert.match(r.stdout, /^state:\s+active$/m);
      assert.match(r.stdout, new RegExp(`^password:\\s+pw-i-for-${second.id}-000$`, 'm'));
    } finally {
      await stopFulfilling();
    }
  });

  it('errors are one line: a released lease (409), someone else\'s lease (404)', async () => {
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, 'e-spare');
    const { id } = await leaseOne('e');
    const eve = await seedUser(api.store, 'eve', 'user', 'qa');
    const theirs = await drover(['replace', id, '--url', user[1]!, '--token', eve.token]);
    assert.equal(theirs.code, 1);
    assert.equal(theirs.stderr, `error: no lease ${id}\n`);

    assert.equal((await drover(['release', id, ...user])).code, 0);
    const released = await drover(['replace', id, ...user]);
    assert.equal(released.code, 1);
    assert.equal(released.stderr, `error: lease ${id} was released: only an active lease's VM can be replaced; request a new VM with \`drover request small\`\n`);
    assert.equal(released.stdout, '');
  });
});
