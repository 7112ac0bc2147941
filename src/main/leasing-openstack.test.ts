import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DROVER_INSTANCE_TAG } from '../core/cloud.js';
import { findTestbed, TESTBED_MISSING, testbedDriver } from '../drivers/openstack/testing/testbed.js';
import { runServer } from './run-server.js';

/**
 * Leasing end to end on a real OpenStack (the test bed): a warm pool of real Nova
 * servers, a lease from it, renewal, an important lease that expires (SHUTOFF, then
 * deleted after a short grace period), and a release. Real time, short durations.
 */
const cloudsYaml = findTestbed();
const skip = cloudsYaml ? false : TESTBED_MISSING;

interface LeaseView {
  id: string;
  state: string;
  expiresAt: string;
  renewals: number;
  instance: { id: string; state: string; addresses: unknown[]; password: string | null } | null;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

test('lease a real Nova VM from a warm pool, renew, expire an important lease through its grace, release', { skip, timeout: 900_000 }, async () => {
  const run = `e2e${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'drover-e2e-os-'));
  const config = join(dir, 'drover.yaml');
  writeFileSync(
    config,
    [
      'clouds:',
      '  - name: lab',
      '    kind: openstack',
      '    cloud: testbed',
      `    cloudsYaml: ${cloudsYaml}`,
      'profiles:',
      `  - name: ${run}`,
      '    purpose: end-to-end test',
      '    clouds: [lab]',
      '    image: fake-image',
      '    flavor: m1.nano',
      '    networks: [private]',
      '    floatingIp: true',
      '    defaultLease: 1h',
      '    maxLease: 2h',
      '    grace: 20s',
      '    importantThreshold: 5',
      '    pool: { policy: static, m: 4, n: 2, min: 2 }',
      '',
    ].join('\n'),
  );
  const server = await runServer({ dataDir: join(dir, 'data'), port: 0, configPath: config, logLevel: 'silent' });
  const driver = testbedDriver(cloudsYaml!);
  const headers = { authorization: `Bearer ${server.adminToken}` };
  const api = async <T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}), ...extra },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const serverOf = async (instanceId: string) => (await api<{ serverId: string | null }>('GET', `/v1/instances/${instanceId}`)).body.serverId!;
  try {
    await until('a warm pool of 2 ready VMs', async () => {
      const pools = (await api<{ pools: { profile: string; ready: number }[] }>('GET', '/v1/pools')).body.pools;
      return (pools.find((p) => p.profile === run)?.ready ?? 0) >= 2;
    });

    // A lease answered from the pool: its VM is a real Nova server with Drover's metadata.
    const first = await api<{ leases: LeaseView[] }>('POST', '/v1/leases', { profile: run, duration: '1h', purpose: 'e2e' }, { 'idempotency-key': `${run}-1` });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const ordinary = first.body.leases[0]!;
    assert.equal(ordinary.state, 'active');
    assert.ok(ordinary.instance?.password, 'the holder sees the initial password');
    const ordinaryServer = await serverOf(ordinary.instance!.id);
    const nova = await driver.getServer(ordinaryServer);
    assert.equal(nova?.status, 'ACTIVE');
    assert.equal(nova?.metadata[DROVER_INSTANCE_TAG], ordinary.instance!.id);
    assert.equal(nova?.metadata['drover:profile'], run);
    // Neutron is the source of truth for the association (Nova's address cache follows later).
    const fips = await driver.listFloatingIps();
    assert.ok(fips.some((f) => f.serverId === ordinaryServer), 'the profile asked for a floating IP');

    // Renewal extends the lease.
    const renewed = await api<LeaseView>('POST', `/v1/leases/${ordinary.id}/renew`, { duration: '30m' });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    assert.equal(renewed.body.renewals, 1);
    assert.ok(Date.parse(renewed.body.expiresAt) > Date.parse(ordinary.expiresAt));

    // An important lease that expires: stopped (SHUTOFF) and kept for the grace period, then deleted.
    const second = await api<{ leases: LeaseView[] }>('POST', '/v1/leases', { profile: run, duration: '15s', importance: 9 }, { 'idempotency-key': `${run}-2` });
    assert.ok([201, 202].includes(second.status), JSON.stringify(second.body));
    const important = second.body.leases[0]!;
    const held = await until('the important lease to be active', async () => {
      const l = (await api<LeaseView>('GET', `/v1/leases/${important.id}`)).body;
      return l.state === 'active' && l.instance ? l : null;
    });
    const importantServer = await serverOf(held.instance!.id);
    await until('the important lease to enter its grace period', async () => (await api<LeaseView>('GET', `/v1/leases/${important.id}`)).body.state === 'grace');
    await until('its server to be SHUTOFF in Nova', async () => (await driver.getServer(importantServer))?.status === 'SHUTOFF');
    await until('the lease to expire after the grace period', async () => (await api<LeaseView>('GET', `/v1/leases/${important.id}`)).body.state === 'expired');
    await until('its server to be deleted from Nova', async () => (await driver.getServer(importantServer)) === null);

    // Release: the VM is deleted, not returned to the pool.
    const released = await api<LeaseView>('DELETE', `/v1/leases/${ordinary.id}`);
    assert.equal(released.status, 200);
    assert.equal(released.body.state, 'released');
    await until('the released server to be deleted from Nova', async () => (await driver.getServer(ordinaryServer)) === null);
  } finally {
    await server.close();
    // The pool's remaining servers belong to this run only: remove them (and their floating IPs).
    const { servers } = await driver.listServers({ metadata: { 'drover:profile': run } });
    const fips = await driver.listFloatingIps();
    for (const s of servers) {
      for (const f of fips.filter((f) => f.serverId === s.id)) await driver.releaseFloatingIp(f.id);
      await driver.deleteServer(s.id);
    }
    await driver.close();
  }
});
