import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_FLAVORS, DEFAULT_IMAGES } from '../../drivers/sim/sim-options.js';
import { POLICY_NAMES } from '../pool/policies.js';
import { demoCatalogue } from './demo-catalogue.js';
import { parseProfile, profileToSpec } from './profile-spec.js';
import { renderUserData, USER_DATA_VARIABLES } from './user-data.js';

test('profiles of different sizes on the embedded simulated cloud', () => {
  const profiles = demoCatalogue();
  assert.deepEqual(profiles.map((p) => [p.name, p.flavor]), [
    ['small', 'm1.small'], ['medium', 'm1.medium'], ['ci-runner', 'm1.large'], ['redis-test', 'm1.xlarge'],
  ]);
  for (const p of profiles) assert.deepEqual(p.clouds, ['sim']);
  assert.deepEqual(demoCatalogue(['pod-a', 'pod-b'])[0]!.clouds, ['pod-a', 'pod-b']);
});

test("every image and flavor exists in the simulated cloud's defaults", () => {
  const flavors = new Set(DEFAULT_FLAVORS.map((f) => f.name));
  const images = new Set(DEFAULT_IMAGES.map((i) => i.name));
  for (const p of demoCatalogue()) {
    assert.ok(flavors.has(p.flavor), `${p.name}: flavor ${p.flavor}`);
    assert.ok(images.has(p.image), `${p.name}: image ${p.image}`);
  }
});

test('small warm pools that keep VMs ready before any demand is measured', () => {
  for (const p of demoCatalogue()) {
    assert.ok(p.pool.n >= 2 && p.pool.n <= 4, `${p.name}: n ${p.pool.n}`);
    assert.ok(p.pool.min >= 1, `${p.name}: min ${p.pool.min}`);
    assert.ok((POLICY_NAMES as readonly string[]).includes(p.pool.policy));
  }
  assert.deepEqual(new Set(demoCatalogue().map((p) => p.pool.policy)), new Set(['predictive', 'vmms']), 'both policies shown');
});

test('redis-test is important by default: stopped and kept at expiry', () => {
  const redis = demoCatalogue().find((p) => p.name === 'redis-test')!;
  assert.ok(redis.defaultImportance >= redis.importantThreshold);
});

test('round-trips through its spec, and its user-data renders', () => {
  for (const p of demoCatalogue()) {
    assert.deepEqual(parseProfile(profileToSpec(p)), p, p.name);
    const vars = Object.fromEntries(USER_DATA_VARIABLES.map((v) => [v, `<${v}>`]));
    if (p.userData) assert.doesNotThrow(() => renderUserData(p.userData!, vars));
  }
});
