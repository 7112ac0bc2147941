import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../errors.js';
import { parseProfile, profileToSpec } from './profile-spec.js';

const H = 3_600_000;
const D = 24 * H;
const minimal = { name: 'redis', clouds: ['sim'], image: 'ubuntu-22.04', flavor: 'm1.xlarge' };

/** Asserts an InputError whose field is `field` and whose message matches `message`. */
function rejects(raw: unknown, field: string, message: RegExp) {
  assert.throws(
    () => parseProfile(raw),
    (e: unknown) => {
      assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
      assert.equal(e.field, field);
      assert.match(e.message, message);
      return true;
    },
  );
}

test('a minimal profile gets every default', () => {
  assert.deepEqual(parseProfile(minimal), {
    name: 'redis',
    purpose: '',
    clouds: ['sim'],
    image: 'ubuntu-22.04',
    flavor: 'm1.xlarge',
    networks: [],
    securityGroups: [],
    keyName: null,
    userData: null,
    floatingIp: false,
    passwordLength: 16,
    defaultLeaseMs: 7 * D,
    maxLeaseMs: 30 * D,
    maxRenewals: 3,
    defaultImportance: 0,
    importantThreshold: 5,
    graceMs: 3 * D,
    warnBeforeMs: [24 * H, H],
    pool: { policy: 'predictive', m: 20, n: 5, min: 1, options: {}, maxAgeMs: 10 * D },
  });
});

test('every field as written in drover.yaml', () => {
  const p = parseProfile({
    ...minimal,
    purpose: 'Redis cluster tests',
    clouds: ['pod-a', 'pod-b'],
    networks: ['private'],
    securityGroups: ['default', 'redis'],
    keyName: 'ops',
    userData: '#cloud-config\nhostname: {{ hostname }}\n',
    floatingIp: true,
    passwordLength: 0,
    defaultLease: '2d',
    maxLease: '14d',
    maxRenewals: 0,
    defaultImportance: 7,
    importantThreshold: 6,
    grace: '12h',
    warnBefore: ['1h', '2d', 1800],
    pool: { policy: 'vmms', m: 8, n: 4, min: 0, options: { threshold: 5, growth: [1.5, 2] }, maxAge: '3d' },
  });
  assert.deepEqual(p.clouds, ['pod-a', 'pod-b']);
  assert.equal(p.defaultLeaseMs, 2 * D);
  assert.equal(p.maxLeaseMs, 14 * D);
  assert.equal(p.graceMs, 12 * H);
  assert.deepEqual(p.warnBeforeMs, [2 * D, H, H / 2], 'sorted largest first; a bare number is seconds');
  assert.deepEqual(p.pool, { policy: 'vmms', m: 8, n: 4, min: 0, options: { threshold: 5, growth: [1.5, 2] }, maxAgeMs: 3 * D });
  assert.equal(p.passwordLength, 0);
  assert.equal(p.keyName, 'ops');
});

test('YAML nulls count as absent; a single cloud may be a string', () => {
  const p = parseProfile({ ...minimal, clouds: 'sim', keyName: null, userData: null, maxLease: null, pool: null });
  assert.deepEqual(p.clouds, ['sim']);
  assert.equal(p.maxLeaseMs, 30 * D);
  assert.equal(p.pool.n, 5);
});

test('omitted pool bounds fit under the ones given', () => {
  assert.deepEqual(pick(parseProfile({ ...minimal, pool: { m: 3 } }).pool), { m: 3, n: 3, min: 1 });
  assert.deepEqual(pick(parseProfile({ ...minimal, pool: { n: 0 } }).pool), { m: 20, n: 0, min: 0 });
  const short = parseProfile({ ...minimal, maxLease: '1d' });
  assert.equal(short.defaultLeaseMs, D, 'default lease capped by a shorter maximum');
  assert.deepEqual(short.warnBeforeMs, [H], 'a default warning as long as the lease is dropped');
});

function pick(p: { m: number; n: number; min: number }) {
  return { m: p.m, n: p.n, min: p.min };
}

test('cross-field checks name the field and the bound', () => {
  rejects({ ...minimal, pool: { m: 5, n: 6 } }, 'profile.pool.n', /^profile\.pool\.n must be <= profile\.pool\.m \(5\)$/);
  rejects({ ...minimal, pool: { n: 2, min: 3 } }, 'profile.pool.min', /profile\.pool\.min must be <= profile\.pool\.n \(2\)/);
  rejects({ ...minimal, defaultLease: '10d', maxLease: '7d' }, 'profile.defaultLease', /must be <= profile\.maxLease \(7d\)/);
  rejects({ ...minimal, maxLease: '1d', warnBefore: ['1d', '1h'] }, 'profile.warnBefore[0]', /warnBefore\[0\] \(1d\) must be shorter than profile\.maxLease/);
  rejects({ ...minimal, warnBefore: ['1h', '60m'] }, 'profile.warnBefore[1]', /repeats 1h/);
});

test('pool options are validated by the policy and kept as written', () => {
  rejects({ ...minimal, pool: { options: { epsilon: 2 } } }, 'profile.pool.options.epsilon', /between 0 and 1/);
  rejects({ ...minimal, pool: { policy: 'vmms', options: { epsilon: 0.1 } } }, 'profile.pool.options.epsilon', /not an option of pool policy 'vmms'/);
  rejects({ ...minimal, pool: { policy: 'magic' } }, 'profile.pool.policy', /must be one of vmms, predictive, static, none/);
  rejects({ ...minimal, pool: { policy: 7 } }, 'profile.pool.policy', /must be one of/);
  rejects({ ...minimal, pool: { options: [] } }, 'profile.pool.options', /must be an object/);
  const options = { epsilon: 0.01 };
  const p = parseProfile({ ...minimal, pool: { options } });
  assert.deepEqual(p.pool.options, { epsilon: 0.01 }, 'defaults are not filled in');
  options.epsilon = 0.5;
  assert.equal(p.pool.options.epsilon, 0.01, 'not shared with the caller');
});

test('unknown keys are rejected, naming them', () => {
  rejects({ ...minimal, flavour: 'x', imgae: 'y' }, 'profile.flavour', /profile has unknown fields flavour, imgae \(known fields: name, purpose/);
  rejects({ ...minimal, pool: { size: 3 } }, 'profile.pool.size', /profile\.pool has unknown field size/);
});

test('required fields and types name their field', () => {
  rejects('redis', 'profile', /profile must be a mapping of fields/);
  rejects([minimal], 'profile', /must be a mapping/);
  rejects({ ...minimal, name: undefined }, 'profile.name', /profile\.name is required/);
  rejects({ ...minimal, image: undefined }, 'profile.image', /profile\.image is required/);
  rejects({ ...minimal, flavor: '' }, 'profile.flavor', /must not be empty/);
  rejects({ ...minimal, clouds: [] }, 'profile.clouds', /at least one cloud/);
  rejects({ ...minimal, clouds: undefined }, 'profile.clouds', /at least one cloud/);
  rejects({ ...minimal, clouds: ['sim', 'sim'] }, 'profile.clouds[1]', /repeats 'sim'/);
  rejects({ ...minimal, clouds: ['Pod A'] }, 'profile.clouds[0]', /cloud name/);
  rejects({ ...minimal, networks: [''] }, 'profile.networks[0]', /non-empty string/);
  rejects({ ...minimal, securityGroups: {} }, 'profile.securityGroups', /must be a list of strings/);
  rejects({ ...minimal, floatingIp: 'yes' }, 'profile.floatingIp', /must be true or false/);
  rejects({ ...minimal, keyName: '' }, 'profile.keyName', /must not be empty/);
  rejects({ ...minimal, purpose: 'x'.repeat(201) }, 'profile.purpose', /at most 200 characters/);
  rejects({ ...minimal, maxRenewals: -1 }, 'profile.maxRenewals', /between 0 and 1000/);
  rejects({ ...minimal, maxRenewals: 1.5 }, 'profile.maxRenewals', /whole number/);
  rejects({ ...minimal, defaultImportance: 11 }, 'profile.defaultImportance', /between 0 and 10/);
  rejects({ ...minimal, importantThreshold: '5' }, 'profile.importantThreshold', /whole number/);
  rejects({ ...minimal, passwordLength: 4 }, 'profile.passwordLength', /0 \(no password\) or at least 8/);
  rejects({ ...minimal, passwordLength: 65 }, 'profile.passwordLength', /between 0 and 64/);
  rejects({ ...minimal, pool: { m: 0 } }, 'profile.pool.m', /between 1 and 10000/);
  rejects({ ...minimal, pool: { n: -1 } }, 'profile.pool.n', /between 0 and 10000/);
});

test('names are DNS-label-like', () => {
  for (const good of ['redis', 'redis-test', 'ci2', 'a']) assert.equal(parseProfile({ ...minimal, name: good }).name, good);
  for (const bad of ['Redis', 'redis_test', '-redis', 'redis-', 'a/b', 'x'.repeat(64), 'redis test']) {
    rejects({ ...minimal, name: bad }, 'profile.name', /lower-case letters, digits and dashes/);
  }
});

test('durations: text or seconds, positive, within a sane ceiling', () => {
  rejects({ ...minimal, maxLease: '0d' }, 'profile.maxLease', /longer than zero/);
  rejects({ ...minimal, grace: '-1d' }, 'profile.grace', /profile\.grace must be a duration/);
  rejects({ ...minimal, grace: true }, 'profile.grace', /must be a duration/);
  rejects({ ...minimal, maxLease: '7000d' }, 'profile.maxLease', /at most 365d/);
  rejects({ ...minimal, grace: '91d' }, 'profile.grace', /at most 90d/);
  rejects({ ...minimal, warnBefore: '1h' }, 'profile.warnBefore', /list of durations/);
  rejects({ ...minimal, warnBefore: ['1h', 'soon'] }, 'profile.warnBefore[1]', /must be a duration/);
  rejects({ ...minimal, pool: { maxAge: 'old' } }, 'profile.pool.maxAge', /profile\.pool\.maxAge must be a duration/);
  assert.equal(parseProfile({ ...minimal, grace: 3600 }).graceMs, H);
  assert.deepEqual(parseProfile({ ...minimal, warnBefore: [] }).warnBeforeMs, [], 'no warnings at all is allowed');
});

test('user-data: known variables only, within Nova\'s size limit', () => {
  rejects({ ...minimal, userData: 'hostname: {{hostnmae}}' }, 'profile.userData', /unknown variable \{\{hostnmae\}\}/);
  rejects({ ...minimal, userData: 7 }, 'profile.userData', /must be a string/);
  rejects({ ...minimal, userData: 'x'.repeat(50_000) }, 'profile.userData', /at most 49149 bytes/);
  const jinja = '## template: jinja\n#cloud-config\nfqdn: {{ v1.local_hostname }}.{{profile}}\n';
  assert.equal(parseProfile({ ...minimal, userData: jinja }).userData, jinja, "cloud-init's own dotted variables pass");
});

test('the path names where the profile lives in its document', () => {
  assert.throws(() => parseProfile({ ...minimal, pool: { m: 1, n: 2 } }, 'profiles[3]'), { field: 'profiles[3].pool.n' });
});

test('a single network string is a list of one', () => {
  assert.deepEqual(parseProfile({ ...minimal, networks: 'private' }).networks, ['private']);
});

test('profileToSpec renders durations as text and round-trips', () => {
  const p = parseProfile({
    ...minimal,
    defaultLease: '36h',
    warnBefore: ['1d', '90m'],
    pool: { policy: 'vmms', options: { growth: [2] }, maxAge: '1w' },
  });
  const spec = profileToSpec(p);
  assert.equal(spec.defaultLease, '1d12h');
  assert.equal(spec.maxLease, '30d');
  assert.deepEqual(spec.warnBefore, ['1d', '1h30m']);
  assert.equal(spec.pool.maxAge, '7d');
  assert.deepEqual(spec.pool.options, { growth: [2] });
  assert.deepEqual(parseProfile(JSON.parse(JSON.stringify(spec))), p);
});
