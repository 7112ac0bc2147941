import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findTestbed, TESTBED_MISSING } from '../drivers/openstack/testing/testbed.js';
import { runServer } from './run-server.js';

const cloudsYaml = findTestbed();

test('drover up with a drover.yaml naming the test bed shows its real hypervisors', { skip: cloudsYaml ? false : TESTBED_MISSING }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'drover-up-os-'));
  const config = join(dir, 'drover.yaml');
  writeFileSync(config, `clouds:\n  - name: lab\n    kind: openstack\n    cloud: testbed\n    cloudsYaml: ${cloudsYaml}\ncontrollers:\n  hostSyncSeconds: 1\n`);
  const server = await runServer({ dataDir: join(dir, 'data'), port: 0, configPath: config, logLevel: 'silent' });
  try {
    const headers = { authorization: `Bearer ${server.adminToken}` };
    let hosts: { name: string; cloud: string; capacity: { vcpus: number }; service: { state: string } }[] = [];
    for (let i = 0; i < 120 && hosts.length === 0; i++) {
      const res = await fetch(`${server.url}/v1/hosts?cloud=lab`, { headers });
      assert.equal(res.status, 200);
      hosts = ((await res.json()) as { hosts: typeof hosts }).hosts;
      if (hosts.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    const names = hosts.map((h) => h.name).sort();
    assert.ok(names.includes('fake-1') && names.includes('fake-2'), `hosts: ${names}`);
    for (const h of hosts) {
      assert.equal(h.cloud, 'lab');
      assert.ok(h.capacity.vcpus > 0, `${h.name} has capacity`);
    }
    const clouds = (await (await fetch(`${server.url}/v1/clouds`, { headers })).json()) as { clouds: { name: string; kind: string; description: string }[] };
    const lab = clouds.clouds.find((c) => c.name === 'lab');
    assert.equal(lab?.kind, 'openstack');
    assert.doesNotMatch(lab?.description ?? '', /password|admin:/i);
  } finally {
    await server.close();
  }
});
