/**
 * The client commands against a real API (real in-memory store) listening on 127.0.0.1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApi, T0, type TestApi } from '../api/testing/test-api.js';
import { drover } from './testing.js';

const NOW = T0 + 90_000;

describe('drover client commands', () => {
  let api: TestApi;
  let url: string;
  let auth: string[];

  before(async () => {
    api = await startTestApi();
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    auth = ['--url', url, '--token', api.userToken];
  });
  after(() => api.close());

  it('clouds: a table of clouds with host counts, sync age and last error', async () => {
    const r = await drover(['clouds', ...auth], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+KIND\s+HOSTS\s+SYNCED\s+LAST ERROR\s+DESCRIPTION$/);
    const sim = lines.find((l) => l.startsWith('sim '));
    const lab = lines.find((l) => l.startsWith('lab '));
    assert.match(sim!, /^sim\s+sim\s+3\s+1m ago\s+-\s+simulated cloud, 3 hosts$/);
    assert.match(lab!, /^lab\s+openstack\s+0\s+never\s+keystone: connection refused\s+https:\/\/keystone.lab:5000\/v3$/);
  });

  it("clouds --json prints the API's JSON", async () => {
    const r = await drover(['clouds', '--json', ...auth]);
    const direct = await fetch(`${url}/v1/clouds`, { headers: { authorization: `Bearer ${api.userToken}` } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), await direct.json());
  });

  it('hosts: a table with used/capacity, servers, service and power', async () => {
    const r = await drover(['hosts', ...auth]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+CLOUD\s+AZ\s+VCPU\s+RAM GIB\s+SERVERS\s+SERVICE\s+POWER$/);
    assert.equal(lines.length, 4);
    assert.ok(lines.some((l) => /^az1-h01\s+sim\s+az1\s+12\/64\s+48\/256\s+5\s+up\/enabled\s+on$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^az1-h02\s+sim\s+az1\s+12\/64\s+48\/256\s+5\s+down\/disabled\/forced-down\s+off$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^az2-h01\s+sim\s+az2\s+0\/64\s+1.5\/256\s+0\s+up\/enabled\s+on$/.test(l)), r.stdout);
  });

  it('hosts --cloud --az filters, and --json prints the API JSON', async () => {
    const table = await drover(['hosts', '--cloud', 'sim', '--az', 'az2', ...auth]);
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(table.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['az2-h01']);
    const json = await drover(['hosts', '--az', 'az1', '--json', ...auth]);
    assert.deepEqual(JSON.parse(json.stdout).hosts.map((h: { id: string }) => h.id).sort(), ['sim/az1-h01', 'sim/az1-h02']);
    const empty = await drover(['hosts', '--cloud', 'lab', ...auth]);
    assert.equal(empty.stdout, 'no hosts\n');
  });

  it('hosts show ID: one host in detail, or its JSON', async () => {
    const r = await drover(['hosts', 'show', 'sim/az1-h02', ...auth], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^id:\s+sim\/az1-h02$/m);
    assert.match(r.stdout, /^service:\s+down, disabled, forced down$/m);
    assert.match(r.stdout, /^disabled reason:\s+fenced$/m);
    assert.match(r.stdout, /^heartbeat:\s+600s ago$/m);
    assert.match(r.stdout, /^vCPU:\s+12\/64 \(x4: 256 usable\)$/m);
    assert.match(r.stdout, /^networks:\s+management ok, storage ok, tenant unknown$/m);
    assert.match(r.stdout, /^updated:\s+1m ago$/m);
    const json = await drover(['hosts', 'show', 'sim/az1-h02', '--json', ...auth]);
    assert.equal(JSON.parse(json.stdout).power, 'off');
  });

  it('a problem from the API is one line on stderr with its detail, and a non-zero exit', async () => {
    const host = await drover(['hosts', 'show', 'sim/nope', ...auth]);
    assert.equal(host.code, 1);
    assert.equal(host.stdout, '');
    assert.equal(host.stderr, 'error: no host sim/nope\n');
    const cloud = await drover(['hosts', '--cloud', 'atlantis', ...auth]);
    assert.equal(cloud.stderr, 'error: no cloud named atlantis\n');
  });

  it('a refused token says which server refused it and why', async () => {
    const r = await drover(['clouds', '--url', url, '--token', 'drv_wrong']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: the token was refused by ${url}: the bearer token is not valid (unknown or revoked)\n`);
    assert.doesNotMatch(r.stderr, /drv_wrong/);
  });

  it('takes the URL and token from DROVER_URL and DROVER_TOKEN, flags winning over them', async () => {
    const fromEnv = await drover(['clouds', '--json'], { env: { DROVER_URL: url, DROVER_TOKEN: api.userToken } });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const flagWins = await drover(['clouds', '--token', 'drv_wrong'], { env: { DROVER_URL: url, DROVER_TOKEN: api.userToken } });
    assert.match(flagWins.stderr, /token was refused/);
  });

  it('without --token, uses the admin token file in --data-dir or DROVER_DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-cli-'));
    writeFileSync(join(dir, 'admin.token'), `${api.adminToken}\n`, { mode: 0o600 });
    const byFlag = await drover(['clouds', '--url', url, '--data-dir', dir]);
    assert.equal(byFlag.code, 0, byFlag.stderr);
    const byEnv = await drover(['hosts', '--url', url], { env: { DROVER_DATA_DIR: dir } });
    assert.equal(byEnv.code, 0, byEnv.stderr);
  });
});

describe('drover failures before any answer', () => {
  it('an unreachable server: one line naming the URL and suggesting drover up', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const r = await drover(['hosts', '--url', url, '--token', 'x']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: cannot reach Drover at ${url}: connection refused — is \`drover up\` running?\n`);
  });

  it('no token anywhere: one line saying to start the server first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-cli-'));
    const r = await drover(['clouds', '--data-dir', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: no admin token in ${dir}: start the server with \`drover up\` first\n`);
  });

  it('the default data directory is ./.drover', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'drover-cli-'));
    process.chdir(dir);
    try {
      const r = await drover(['token']);
      assert.equal(r.stderr, 'error: no admin token in ./.drover: start the server with `drover up` first\n');
    } finally {
      process.chdir(cwd);
    }
  });

  it('an invalid URL is named', async () => {
    const r = await drover(['clouds', '--url', 'localhost:8787', '--token', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: invalid Drover URL "localhost:8787": only http and https are supported\n$/);
  });

  it('usage errors are reported by commander with a hint and exit non-zero', async () => {
    const r = await drover(['hosts', '--bogus']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });
});

describe('drover token', () => {
  it('prints the admin token from the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drover-cli-'));
    writeFileSync(join(dir, 'admin.token'), 'drv_abc123\n', { mode: 0o600 });
    const r = await drover(['token', '--data-dir', dir]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'drv_abc123\n');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
