import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runServer } from './run-server.js';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('out of the box: the demo catalogue fills warm pools, a request is served from one, and metrics show it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-up-'));
  const config = join(dir, 'drover.yaml');
  writeFileSync(config, 'clouds:\n  - { name: sim, kind: sim, bootSeconds: 0.5, availabilityZones: 1, hostsPerZone: 4 }\n');
  const server = await runServer({ dataDir: join(dir, 'data'), port: 0, configPath: config, logLevel: 'silent' });
  const auth = { authorization: `Bearer ${server.adminToken}` };
  try {
    const profiles = (await (await fetch(`${server.url}/v1/profiles`, { headers: auth })).json()) as { profiles: { name: string }[] };
    assert.ok(profiles.profiles.some((p) => p.name === 'small'), 'the demo catalogue is loaded');
    await until('a ready instance in the small pool', async () => {
      const { pools } = (await (await fetch(`${server.url}/v1/pools`, { headers: auth })).json()) as { pools: { profile: string; ready: number }[] };
      return (pools.find((p) => p.profile === 'small')?.ready ?? 0) > 0;
    });
    await fetch(`${server.url}/metrics`); // primes the store-derived metrics
    const res = await fetch(`${server.url}/v1/leases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ profile: 'small', duration: '1h' }),
    });
    assert.equal(res.status, 201);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /drover_lease_requests_total\{[^}]*result="hit"[^}]*\} 1/);
    assert.match(metrics, /drover_pool_instances\{profile="small",cloud="sim",state="leased"\} 1/);
    assert.match(metrics, /drover_lease_time_to_vm_seconds_count 1/);
    assert.match(metrics, /drover_reconcile_total\{controller="pool",outcome="requeue"\}/);
  } finally {
    await server.close();
  }
});

test('a config naming an unknown key stops start-up with a message naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-up-'));
  const config = join(dir, 'drover.yaml');
  writeFileSync(config, 'clouds:\n  - { name: sim, kind: sim, hosts: 3 }\n');
  await assert.rejects(runServer({ dataDir: join(dir, 'data'), port: 0, configPath: config, logLevel: 'silent' }), /unknown key 'clouds\[0\]\.hosts'/);
});
