import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../errors.js';
import { planLeaseRequest } from './lease-request.js';
import { parseProfile } from './profile-spec.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = 1_700_000_000_000;
const profile = parseProfile({
  name: 'redis', clouds: ['sim'], image: 'ubuntu-22.04', flavor: 'm1.xlarge',
  purpose: 'Redis cluster tests', defaultLease: '7d', maxLease: '30d', defaultImportance: 2,
});

function rejects(input: Record<string, unknown>, field: string, message: RegExp) {
  assert.throws(
    () => planLeaseRequest({ profile, ...input } as Parameters<typeof planLeaseRequest>[0], NOW),
    (e: unknown) => e instanceof InputError && e.field === field && message.test(e.message),
    JSON.stringify(input),
  );
}

test("the profile's defaults fill what the request leaves out", () => {
  assert.deepEqual(planLeaseRequest({ profile }, NOW), {
    durationMs: 7 * D, expiresAt: NOW + 7 * D, importance: 2, purpose: 'Redis cluster tests', count: 1,
  });
});

test('what the request says wins', () => {
  assert.deepEqual(planLeaseRequest({ profile, duration: '3d', importance: 9, purpose: '  perf run #4 ', count: 3 }, NOW), {
    durationMs: 3 * D, expiresAt: NOW + 3 * D, importance: 9, purpose: 'perf run #4', count: 3,
  });
  assert.equal(planLeaseRequest({ profile, duration: 3600 }, NOW).durationMs, H, 'a number is seconds');
  assert.equal(planLeaseRequest({ profile, duration: '30d' }, NOW).durationMs, 30 * D, 'exactly the maximum is fine');
  assert.equal(planLeaseRequest({ profile, importance: 0, count: 10 }, NOW).importance, 0);
  assert.equal(planLeaseRequest({ profile, purpose: '' }, NOW).purpose, 'Redis cluster tests', 'blank purpose falls back');
});

test('duration: positive, a duration, within the maximum lease', () => {
  rejects({ duration: '31d' }, 'duration', /duration must be at most 30d, the maximum lease of profile redis \(got 31d\)/);
  rejects({ duration: 10 ** 12 }, 'duration', /at most 30d/);
  rejects({ duration: '-3d' }, 'duration', /duration must be a duration/);
  rejects({ duration: -5 }, 'duration', /positive/);
  rejects({ duration: 0 }, 'duration', /positive/);
  rejects({ duration: 'soon' }, 'duration', /duration must be/);
  rejects({ duration: true }, 'duration', /duration must be a duration such as 7d/);
  rejects({ duration: ['7d'] }, 'duration', /duration must be/);
});

test('importance: a whole number 0..10', () => {
  for (const bad of [-1, 11, 2.5, '5', Number.NaN]) rejects({ importance: bad }, 'importance', /importance must be a whole number from 0 to 10/);
});

test('count: a whole number 1..10', () => {
  for (const bad of [0, 11, 1.5, '2']) rejects({ count: bad }, 'count', /count must be a whole number from 1 to 10/);
});

test('purpose: one line, at most 200 characters', () => {
  rejects({ purpose: 'x'.repeat(201) }, 'purpose', /at most 200 characters/);
  rejects({ purpose: 'a\nb' }, 'purpose', /one line/);
  rejects({ purpose: 42 }, 'purpose', /must be a string/);
  assert.equal(planLeaseRequest({ profile, purpose: 'é'.repeat(200) }, NOW).purpose.length, 200);
});
