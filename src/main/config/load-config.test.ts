import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cloudsOf, ConfigError, loadConfig } from './load-config.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'drover-config-')), 'drover.yaml');
  writeFileSync(path, text);
  return path;
}

test('no config file means one simulated cloud named sim', () => {
  assert.deepEqual(cloudsOf(loadConfig()), [{ name: 'sim', kind: 'sim' }]);
});

test('a valid file is accepted as written', () => {
  const config = loadConfig(file('server:\n  port: 9000\nclouds:\n  - name: lab\n    kind: openstack\n    cloud: testbed\n'));
  assert.equal(config.server?.port, 9000);
  assert.deepEqual(cloudsOf(config), [{ name: 'lab', kind: 'openstack', cloud: 'testbed' }]);
});

test('an unknown key is named with the keys allowed there', () => {
  assert.throws(() => loadConfig(file('server:\n  prot: 9000\n')), (e: Error) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /unknown key 'server\.prot' \(allowed: host, port\)/);
    return true;
  });
});

test('a wrong value names the key and what is allowed', () => {
  assert.throws(() => loadConfig(file('server:\n  port: eighty\nlog:\n  level: loud\n')), (e: Error) => {
    assert.match(e.message, /'server\.port' must be integer/);
    assert.match(e.message, /'log\.level' must be one of: "fatal", "error", "warn", "info", "debug", "trace", "silent"/);
    return true;
  });
});

test('a cloud of an unknown kind, and a cloud missing its clouds.yaml entry, are named', () => {
  assert.throws(() => loadConfig(file('clouds:\n  - name: a\n    kind: vmware\n  - name: b\n    kind: openstack\n')), (e: Error) => {
    assert.match(e.message, /'clouds\[0\]\.kind' must be one of: "sim", "openstack"/);
    assert.match(e.message, /missing key 'clouds\[1\]\.cloud'/);
    return true;
  });
});

test('a sim-only key on an openstack cloud is an unknown key of that kind', () => {
  assert.throws(() => loadConfig(file('clouds:\n  - name: a\n    kind: openstack\n    cloud: x\n    seed: 3\n')), /unknown key 'clouds\[0\]\.seed'/);
});

test('duplicate cloud names are refused', () => {
  assert.throws(() => loadConfig(file('clouds:\n  - {name: a, kind: sim}\n  - {name: a, kind: sim}\n')), /repeats the cloud name "a"/);
});

test('unreadable and malformed files say so', () => {
  assert.throws(() => loadConfig('/nonexistent/drover.yaml'), /cannot read config file \/nonexistent\/drover.yaml: no such file/);
  assert.throws(() => loadConfig(file('server: [\n')), /is not valid YAML/);
});
