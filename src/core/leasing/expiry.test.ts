import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isImportant, leaseDue, type ExpiringLease } from './expiry.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const T0 = 1_700_000_000_000;
const profile = { importantThreshold: 5, graceMs: 3 * D, warnBeforeMs: [D, H] };
const lease = (over: Partial<ExpiringLease> = {}): ExpiringLease => ({
  state: 'active', importance: 0, createdAt: T0, activeAt: T0, expiresAt: T0 + 7 * D, graceEndsAt: null, warnedOffsets: [], ...over,
});

test('nothing due: the next check is the first warning', () => {
  assert.deepEqual(leaseDue(lease(), profile, T0), { kind: 'none', nextCheckAt: T0 + 6 * D });
  assert.deepEqual(leaseDue(lease({ warnedOffsets: [D] }), profile, T0 + 6 * D + M), { kind: 'none', nextCheckAt: T0 + 7 * D - H });
  assert.deepEqual(leaseDue(lease({ warnedOffsets: [D, H] }), profile, T0 + 7 * D - M), { kind: 'none', nextCheckAt: T0 + 7 * D }, 'then the expiry');
});

test('a warning when its moment comes, once', () => {
  const at = T0 + 6 * D;
  assert.deepEqual(leaseDue(lease(), profile, at), { kind: 'warn', offsetMs: D, offsetsMs: [D], expiresAt: T0 + 7 * D });
  assert.equal(leaseDue(lease({ warnedOffsets: [D] }), profile, at).kind, 'none');
  assert.deepEqual(leaseDue(lease({ warnedOffsets: [D] }), profile, T0 + 7 * D - H), { kind: 'warn', offsetMs: H, offsetsMs: [H], expiresAt: T0 + 7 * D });
});

test('after downtime, one warning covers every offset that came due', () => {
  const action = leaseDue(lease(), profile, T0 + 7 * D - 30 * M);
  assert.deepEqual(action, { kind: 'warn', offsetMs: H, offsetsMs: [D, H], expiresAt: T0 + 7 * D });
});

test('warnings that would fall before the lease began are skipped', () => {
  const short = lease({ expiresAt: T0 + 2 * H });
  assert.deepEqual(leaseDue(short, profile, T0), { kind: 'none', nextCheckAt: T0 + H }, 'no 24h warning for a 2h lease');
  assert.equal(leaseDue(short, profile, T0 + H).kind, 'warn');
  const hour = lease({ expiresAt: T0 + H });
  assert.deepEqual(leaseDue(hour, profile, T0 + 30 * M), { kind: 'none', nextCheckAt: T0 + H }, 'a 1h lease gets no warning');
  // A lease that waited for its VM counts from when it became active.
  const late = lease({ createdAt: T0 - 3 * H, activeAt: T0, expiresAt: T0 + H + M });
  assert.deepEqual(leaseDue(late, profile, T0), { kind: 'none', nextCheckAt: T0 + M });
  assert.deepEqual(leaseDue(lease({ activeAt: null, expiresAt: T0 + 2 * H }), profile, T0), { kind: 'none', nextCheckAt: T0 + H }, 'createdAt when never active');
});

test('an ordinary lease is reclaimed at its end', () => {
  assert.deepEqual(leaseDue(lease(), profile, T0 + 7 * D), { kind: 'reclaim' });
  assert.deepEqual(leaseDue(lease({ importance: 4 }), profile, T0 + 8 * D), { kind: 'reclaim' }, 'even with warnings unsent');
});

test('an important lease is stopped at its end, with the whole grace period ahead', () => {
  assert.ok(isImportant({ importance: 5 }, profile));
  assert.ok(!isImportant({ importance: 4 }, profile));
  assert.deepEqual(leaseDue(lease({ importance: 5 }), profile, T0 + 7 * D), { kind: 'stop', graceEndsAt: T0 + 10 * D });
  assert.deepEqual(leaseDue(lease({ importance: 10 }), profile, T0 + 9 * D), { kind: 'stop', graceEndsAt: T0 + 12 * D }, 'a late stop still leaves the full grace');
});

test('grace: wait until it ends, then reclaim', () => {
  const grace = lease({ state: 'grace', importance: 7, graceEndsAt: T0 + 10 * D });
  assert.deepEqual(leaseDue(grace, profile, T0 + 8 * D), { kind: 'none', nextCheckAt: T0 + 10 * D });
  assert.deepEqual(leaseDue(grace, profile, T0 + 10 * D), { kind: 'reclaim-after-grace' });
  assert.deepEqual(leaseDue({ ...grace, graceEndsAt: null }, profile, T0 + 8 * D), { kind: 'none', nextCheckAt: T0 + 10 * D }, 'expiresAt + grace when unrecorded');
});

test('a lease still waiting for its VM ends at its expiry, without warnings', () => {
  const waiting = lease({ state: 'provisioning', activeAt: null, importance: 9 });
  assert.deepEqual(leaseDue(waiting, profile, T0 + 6 * D + H), { kind: 'none', nextCheckAt: T0 + 7 * D });
  assert.deepEqual(leaseDue(waiting, profile, T0 + 7 * D), { kind: 'reclaim' });
});

test('ended leases need no more checks', () => {
  for (const state of ['released', 'expired', 'failed'] as const) {
    assert.deepEqual(leaseDue(lease({ state }), profile, T0 + 30 * D), { kind: 'none', nextCheckAt: null });
  }
});

test('walking a lease through its life with the decisions applied', () => {
  // What a controller would do: apply each action, requeue at nextCheckAt.
  let l = lease({ importance: 6 });
  let now = T0;
  const log: string[] = [];
  for (let i = 0; i < 20; i++) {
    const a = leaseDue(l, profile, now);
    if (a.kind === 'none') {
      if (a.nextCheckAt === null) break;
      now = a.nextCheckAt;
      continue;
    }
    log.push(`${(now - T0) / H}h ${a.kind}`);
    if (a.kind === 'warn') l = { ...l, warnedOffsets: [...l.warnedOffsets, ...a.offsetsMs] };
    else if (a.kind === 'stop') l = { ...l, state: 'grace', graceEndsAt: a.graceEndsAt };
    else l = { ...l, state: 'expired' };
  }
  assert.deepEqual(log, ['144h warn', '167h warn', '168h stop', '240h reclaim-after-grace']);
});
