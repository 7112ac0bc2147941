import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, profilesOf } from './load-config.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'drover-config-')), 'drover.yaml');
  writeFileSync(path, text);
  return path;
}

const PROFILES = `profiles:
  - name: redis
    clouds: [sim]
    image: debian-12
    flavor: m1.large
    maxLease: 14d
  - name: ci
    clouds: sim
    image: ubuntu-22.04
    flavor: m1.small
    pool: {policy: vmms, m: 4, n: 2}
`;

test('profiles in drover.yaml are read with their defaults filled in', () => {
  const profiles = profilesOf(loadConfig(file(PROFILES)));
  assert.deepEqual(profiles.map((p) => p.name), ['redis', 'ci']);
  assert.equal(profiles[0]!.maxLeaseMs, 14 * 86_400_000);
  assert.equal(profiles[0]!.defaultLeaseMs, 7 * 86_400_000);
  assert.deepEqual([profiles[1]!.pool.policy, profiles[1]!.pool.m, profiles[1]!.pool.n], ['vmms', 4, 2]);
  assert.deepEqual(profilesOf(loadConfig()), []);
});

test('a bad profile is named by its index and field, every bad one at once', () => {
  const text = `profiles:
  - {name: a, clouds: [sim], image: x, flavor: y, pool: {m: 1, n: 2}}
  - {name: b, clouds: [sim], image: x, flavor: y, colour: blue}
  - {name: a, clouds: [sim], image: x, flavor: y}
  - {name: c, clouds: [sim], flavor: y}
`;
  assert.throws(() => loadConfig(file(text)), (e: Error) => {
    assert.match(e.message, /'profiles\[0\]\.pool\.n' must be <= profiles\[0\]\.pool\.m \(1\)/);
    assert.match(e.message, /profiles\[1\] has unknown field colour/);
    assert.match(e.message, /'profiles\[2\]\.name' repeats the profile name "a"/);
    assert.match(e.message, /'profiles\[3\]\.image' is required/);
    return true;
  });
  assert.throws(() => loadConfig(file('profiles:\n  - {image: x}\n')), /missing key 'profiles\[0\]\.name'/);
});

test('notifications: smtp and webhook settings are checked; the password never appears in an error', () => {
  const ok = loadConfig(
    file(`notifications:
  smtp: {host: mail.example.com, port: 587, user: drover, password: s3cret-pw, from: drover@example.com}
  webhook: {url: "https://hooks.example.com/drover", secret: hook-secret}
`),
  );
  assert.equal(ok.notifications?.smtp?.port, 587);
  assert.equal(ok.notifications?.webhook?.url, 'https://hooks.example.com/drover');
  assert.throws(
    () => loadConfig(file('notifications:\n  smtp: {host: mail, port: 99999, password: s3cret-pw, from: a@b}\n  webhook: {url: ftp://x}\n  pager: {}\n')),
    (e: Error) => {
      assert.match(e.message, /'notifications\.smtp\.port' must be/);
      assert.match(e.message, /'notifications\.webhook\.url' must match pattern/);
      assert.match(e.message, /unknown key 'notifications\.pager' \(allowed: smtp, webhook\)/);
      assert.doesNotMatch(e.message, /s3cret-pw/);
      return true;
    },
  );
  assert.throws(() => loadConfig(file('notifications:\n  smtp: {host: mail, port: 25}\n')), /missing key 'notifications\.smtp\.from'/);
});
