/**
 * The leasing commands against a real API (real in-memory store) on 127.0.0.1. The
 * store stands in for the controllers: tests seed ready VMs and fulfil waiting leases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedProfile, seedReadyInstances, seedUser, fulfilWaitingLeases } from '../api/testing/leasing-seed.js';
import { startTestApi, T0, type TestApi } from '../api/testing/test-api.js';
import { drover } from './testing.js';

const DAY = 86_400_000;

describe('drover leasing commands', () => {
  let api: TestApi;
  let url: string;
  let user: string[];
  let admin: string[];

  before(async () => {
    api = await startTestApi({ clock: { now: () => T0 } });
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    user = ['--url', url, '--token', api.userToken];
    admin = ['--url', url, '--token', api.adminToken];
    await seedProfile(api.store, 'small', { maxLease: '10d', maxRenewals: 2 });
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 2, T0);
  });
  after(() => api.close());

  /** Leases the next ready VM; returns its id. */
  async function leaseOne(): Promise<string> {
    const r = await drover(['request', 'small', '--json', ...user]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).leases[0].id;
  }

  it('request: a VM from the pool, printed with its address and password', async () => {
    const r = await drover(['request', 'small', '--duration', '2d', '--purpose', 'redis tests', ...user], { now: T0 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^state:\s+active$/m);
    assert.match(r.stdout, /^profile:\s+small on sim$/m);
    assert.match(r.stdout, /^purpose:\s+redis tests$/m);
    assert.match(r.stdout, /^expires:\s+\S+ \(in 2d\)$/m);
    assert.match(r.stdout, /^address:\s+10\.0\.0\.\d+ \(private, fixed\)$/m);
    assert.match(r.stdout, /^password:\s+pw-i-small-sim-\d+$/m);
    assert.equal(r.stderr, '');
  });

  it('request --idempotency-key: a retry returns the same lease', async () => {
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, 'idem');
    const first = await drover(['request', 'small', '--idempotency-key', 'once', '--json', ...user]);
    const again = await drover(['request', 'small', '--idempotency-key', 'once', '--json', ...user]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(again.stdout).leases[0].id, JSON.parse(first.stdout).leases[0].id);
  });

  it('request with an empty pool says the VM is booting; --wait polls until it is active', async () => {
    // Drain the pool, then stand in for the controllers: fulfil whatever waits.
    for (const i of await api.store.listInstances({ states: ['ready'] })) await api.store.updateInstance(i.id, { state: 'deleting' }, T0, ['ready']);
    const noWait = await drover(['request', 'small', ...user], { now: T0 });
    assert.equal(noWait.code, 0, noWait.stderr);
    assert.match(noWait.stdout, /^state:\s+provisioning$/m);
    assert.match(noWait.stdout, /the pool was empty: a VM is booting\. Follow it with `drover lease show l-[0-9a-f]+`/);

    const stopFulfilling = fulfilWaitingLeases(api.store, () => T0);
    try {
      const r = await drover(['request', 'small', '--wait', ...user], { env: { DROVER_POLL_MS: '20' }, now: T0 });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^lease l-[0-9a-f]+: the pool was empty, a VM is booting\.\.\.$/m);
      assert.match(r.stderr, /^lease l-[0-9a-f]+: active$/m);
      assert.match(r.stdout, /^state:\s+active$/m);
      assert.match(r.stdout, /^password:\s+pw-i-for-l-/m);
    } finally {
      await stopFulfilling();
    }
  });

  it('request --wait fails with one line when the lease fails', async () => {
    const waiting = (async () => {
      for (;;) {
        const [lease] = await api.store.listLeases({ states: ['provisioning'] });
        if (lease) return api.store.updateLease(lease.id, { state: 'failed', endedAt: T0 }, T0, ['provisioning']);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const r = await drover(['request', 'small', '--wait', ...user], { env: { DROVER_POLL_MS: '20' } });
    await waiting;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: lease l-[0-9a-f]+ failed: no VM could be provided \(see `drover events --subject l-[0-9a-f]+`\)\n$/m);
  });

  it('leases, lease show, renew and release', async () => {
    await seedReadyInstances(api.store, { profile: 'small', cloud: 'sim' }, 1, T0, 'crud');
    const id = await leaseOne();
    const list = await drover(['leases', ...user], { now: T0 });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout.split('\n')[0]!, /^ID\s+STATE\s+PROFILE\s+CLOUD\s+ADDRESS\s+EXPIRES\s+PURPOSE$/);
    assert.match(list.stdout, new RegExp(`^${id}\\s+active\\s+small\\s+sim\\s+10\\.0\\.0\\.\\d+\\s+in 7d\\s+small tests$`, 'm'));
    const all = await drover(['leases', '--all', ...admin], { now: T0 });
    assert.match(all.stdout.split('\n')[0]!, /\bUSER\b/);
    assert.match(all.stdout, new RegExp(`^${id}\\s.*\\sdev\\s+small tests$`, 'm'));

    const show = await drover(['lease', 'show', id, ...user], { now: T0 });
    assert.match(show.stdout, new RegExp(`^lease:\\s+${id}$`, 'm'));
    assert.match(show.stdout, /^password:\s+pw-/m);

    const renew = await drover(['renew', id, '--duration', '1d', ...user], { now: T0 });
    assert.equal(renew.code, 0, renew.stderr);
    assert.equal(renew.stdout, `lease ${id} renewed: expires ${new Date(T0 + 8 * DAY).toISOString()} (in 8d), renewal 1\n`);
    const tooLong = await drover(['renew', id, '--duration', '3d', ...user]);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /^error: duration: the lease would end in 11d, more than the maximum lease of profile small \(10d\); at most 2d can be added now\n$/);

    const release = await drover(['release', id, ...user]);
    assert.equal(release.code, 0, release.stderr);
    assert.match(release.stdout, new RegExp(`^lease ${id} released; VM i-\\S+ is deleting\\n$`));
    const again = await drover(['release', id, ...user]);
    assert.equal(again.stdout, release.stdout);
    const gone = await drover(['leases', '--json', ...user]);
    assert.ok(!JSON.parse(gone.stdout).leases.some((l: { id: string }) => l.id === id));
  });

  it("errors are one line: an unknown profile, someone else's lease, a bad number", async () => {
    const unknown = await drover(['request', 'huge', ...user]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, "error: profile: no profile named 'huge' (see GET /v1/profiles)\n");
    const eve = await seedUser(api.store, 'eve', 'user', 'qa');
    const theirs = await drover(['request', 'small', '--json', '--url', url, '--token', eve.token]);
    const id = JSON.parse(theirs.stdout).leases[0].id as string;
    const other = await drover(['lease', 'show', id, ...user]);
    assert.equal(other.code, 1);
    assert.equal(other.stderr, `error: no lease ${id}\n`);
    const bad = await drover(['request', 'small', '--count', 'two', ...user]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /option '--count <n>' argument 'two' is invalid\. must be a whole number\./);
  });

  it('profiles apply, profiles, profiles show', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'drover-profiles-')), 'profiles.yaml');
    writeFileSync(file, 'profiles:\n  - name: redis\n    clouds: [sim]\n    image: debian-12\n    flavor: m1.large\n    pool: {policy: vmms, m: 4, n: 2}\n  - name: ci\n    clouds: sim\n    image: ubuntu\n    flavor: m1.small\n');
    const applied = await drover(['profiles', 'apply', file, ...admin]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'profile redis created\nprofile ci created\n');
    assert.equal((await drover(['profiles', 'apply', file, ...admin])).stdout, 'profile redis unchanged\nprofile ci unchanged\n');
    const byUser = await drover(['profiles', 'apply', file, ...user]);
    assert.equal(byUser.code, 1);
    assert.match(byUser.stderr, /^error: profile redis: this needs the operator role; dev has the user role\n$/);

    writeFileSync(file, '- name: redis\n  clouds: [sim]\n  image: debian-12\n  flavor: m1.large\n  pool: {m: 1, n: 2}\n');
    const bad = await drover(['profiles', 'apply', file, ...admin]);
    assert.equal(bad.stderr, 'error: profile redis: pool.n must be <= pool.m (1)\n');

    const table = await drover(['profiles', ...user]);
    assert.match(table.stdout.split('\n')[0]!, /^NAME\s+CLOUDS\s+FLAVOR\s+IMAGE\s+POLICY\s+PURPOSE$/);
    assert.match(table.stdout, /^redis\s+sim\s+m1\.large\s+debian-12\s+vmms\s+-$/m);
    const show = await drover(['profiles', 'show', 'redis', ...user]);
    assert.match(show.stdout, /^pool\.m:\s+4$/m);
    assert.match(show.stdout, /^defaultLease:\s+7d$/m);
  });

  it('pools, instances and events', async () => {
    const pools = await drover(['pools', ...user]);
    assert.equal(pools.code, 0, pools.stderr);
    assert.match(pools.stdout.split('\n')[0]!, /^PROFILE\s+CLOUD\s+POLICY\s+VM\s+READY\s+PROVISIONING\s+LEASED\s+WAITING\s+TARGET\s+M\s+N\s+HIT RATE 1H\s+REASON$/);
    assert.match(pools.stdout, /^small\s+sim\s+predictive\s+(-|\d+ vCPU \d+ [GM]iB)\s+\d+\s+0\s+\d+\s+\d+\s+-\s+20\s+5\s+\d+% of \d+\s+-$/m);
    const instances = await drover(['instances', ...admin], { now: T0 });
    assert.match(instances.stdout, /^i-small-sim-000\s+leased\s+small\s+sim\s+az1-h01\s+10\.0\.0\.2\s+2\s+4\s+l-[0-9a-f]+\s+1m ago\s+-$/m);
    assert.equal((await drover(['instances', ...user])).code, 1);
    const events = await drover(['events', '--kind', 'lease', '--limit', '2', ...user], { now: T0 });
    assert.match(events.stdout.split('\n')[0]!, /^AGE\s+LEVEL\s+KIND\s+SUBJECT\s+REASON\s+MESSAGE$/);
    assert.equal(events.stdout.trimEnd().split('\n').length, 3);
  });

  it('user add, users, token create, quota set and show', async () => {
    const add = await drover(['user', 'add', 'carol', '--role', 'user', '--project', 'qa', '--email', 'carol@example.com', ...admin]);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, 'user carol added (user, project qa)\n');
    const badRole = await drover(['user', 'add', 'x', '--role', 'root', '--project', 'qa', ...admin]);
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /Allowed choices are user, operator, admin/);
    const users = await drover(['users', ...admin]);
    assert.match(users.stdout, /^carol\s+user\s+qa\s+carol@example\.com$/m);

    const token = await drover(['token', 'create', 'carol', ...admin]);
    assert.equal(token.code, 0, token.stderr);
    const secret = token.stdout.trim();
    assert.match(secret, /^drv_\S+$/);
    assert.match(token.stderr, /shown once/);
    const asCarol = await drover(['leases', '--url', url, '--token', secret]);
    assert.equal(asCarol.code, 0, asCarol.stderr);
    assert.equal(asCarol.stdout, 'no leases\n');

    const set = await drover(['quota', 'set', 'user', 'carol', '--instances', '2', '--ram-mb', '8192', ...admin]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^instances:\s+0 used of 2$/m);
    assert.match(set.stdout, /^vcpus:\s+0 used of unlimited$/m);
    await drover(['quota', 'set', 'user', 'carol', '--unset', 'ram-mb', ...admin]);
    const show = await drover(['quota', 'show', 'user', 'carol', '--url', url, '--token', secret]);
    assert.match(show.stdout, /^quota:\s+user carol$/m);
    assert.match(show.stdout, /^instances:\s+0 used of 2$/m);
    assert.match(show.stdout, /^ram MiB:\s+0 used of unlimited$/m);
    const forbidden = await drover(['quota', 'set', 'user', 'carol', '--instances', '9', '--url', url, '--token', secret]);
    assert.equal(forbidden.stderr, 'error: this needs the admin role; carol has the user role\n');
  });
});
