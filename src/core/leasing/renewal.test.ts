import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, InvalidStateError } from '../errors.js';
import { parseProfile } from './profile-spec.js';
import { planRenewal, type RenewableLease } from './renewal.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = 1_700_000_000_000;
const profile = parseProfile({
  name: 'redis', clouds: ['sim'], image: 'ubuntu-22.04', flavor: 'm1.xlarge',
  defaultLease: '7d', maxLease: '30d', maxRenewals: 2, warnBefore: ['1d', '1h'],
});
const active: RenewableLease = { id: 'l-1', state: 'active', expiresAt: NOW + 2 * D, renewals: 0 };

test('an active lease is extended from its current end', () => {
  const plan = planRenewal(active, profile, '3d', NOW);
  assert.deepEqual(plan, {
    durationMs: 3 * D, expiresAt: NOW + 5 * D, renewals: 1, restart: false, state: 'active', graceEndsAt: null, warnedOffsets: [],
  });
  assert.equal(planRenewal(active, profile, undefined, NOW).expiresAt, NOW + 9 * D, "the profile's default lease when absent");
});

test('a lease in grace is extended from now and its VM restarted', () => {
  const grace: RenewableLease = { ...active, state: 'grace', expiresAt: NOW - D, renewals: 1 };
  const plan = planRenewal(grace, profile, '2d', NOW);
  assert.equal(plan.expiresAt, NOW + 2 * D);
  assert.equal(plan.restart, true);
  assert.equal(plan.renewals, 2);
  assert.equal(plan.graceEndsAt, null);
});

test('warnings already inside the new window count as sent', () => {
  const ending: RenewableLease = { ...active, expiresAt: NOW + 10 * 60_000 };
  assert.deepEqual(planRenewal(ending, profile, '12h', NOW).warnedOffsets, [D], 'ends in 12h10m: the 1d warning is moot, the 1h one still comes');
  assert.deepEqual(planRenewal(ending, profile, '30m', NOW).warnedOffsets, [D, H]);
});

test('the new end may lie at most the maximum lease from now', () => {
  assert.equal(planRenewal(active, profile, '28d', NOW).expiresAt, NOW + 30 * D, 'exactly the maximum');
  assert.throws(
    () => planRenewal(active, profile, '29d', NOW),
    (e: unknown) => e instanceof InputError && e.field === 'duration' && /would end in 31d, more than the maximum lease of profile redis \(30d\); at most 28d can be added now/.test(e.message),
  );
  const full: RenewableLease = { ...active, expiresAt: NOW + 30 * D };
  assert.throws(() => planRenewal(full, profile, '1h', NOW), /nothing can be added yet/);
  assert.throws(() => planRenewal(active, profile, '31d', NOW), { field: 'duration', message: /at most 30d, the maximum lease/ });
  assert.throws(() => planRenewal(active, profile, 'later', NOW), { field: 'duration' });
});

test('refused over maxRenewals, naming the limit', () => {
  assert.throws(
    () => planRenewal({ ...active, renewals: 2 }, profile, '1d', NOW),
    (e: unknown) => e instanceof InvalidStateError && /renewed 2 times, the maximum \(maxRenewals 2 of profile redis\)/.test(e.message),
  );
  const none = { ...profile, maxRenewals: 0 };
  assert.throws(() => planRenewal(active, none, '1d', NOW), InvalidStateError);
});

test('only active leases and leases in grace can be renewed', () => {
  for (const state of ['provisioning', 'released', 'expired', 'failed'] as const) {
    assert.throws(
      () => planRenewal({ ...active, state }, profile, '1d', NOW),
      (e: unknown) => e instanceof InvalidStateError && e.message.includes(`is ${state}`),
      state,
    );
  }
});
