import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerStatus } from '../cloud.js';
import { isHeld, nextRecoveryStep, type ObservedServer, type RecoveryStep } from './recovery.js';

const pooled = (attempts = 0) => ({ state: 'ready' as const, attempts, leaseId: null });
const held = (attempts = 0) => ({ state: 'leased' as const, attempts, leaseId: 'l-1' });
const seen = (status: ServerStatus | 'MISSING', taskState: string | null = null, more: Partial<ObservedServer> = {}): ObservedServer => ({ status, taskState, ...more });
const kind = (s: RecoveryStep) => s.kind;

test('in the expected status: healthy, and attempts are reset after a recovery', () => {
  assert.deepEqual(nextRecoveryStep(pooled(), seen('ACTIVE'), 'ACTIVE'), { kind: 'healthy', resetAttempts: false });
  assert.deepEqual(nextRecoveryStep(held(3), seen('ACTIVE'), 'ACTIVE'), { kind: 'healthy', resetAttempts: true });
  assert.deepEqual(nextRecoveryStep({ state: 'stopped', attempts: 1, leaseId: 'l-1' }, seen('SHUTOFF'), 'SHUTOFF'), { kind: 'healthy', resetAttempts: true });
});

test('transitions are waited out', () => {
  for (const status of ['BUILD', 'REBOOT', 'HARD_REBOOT', 'MIGRATING', 'REBUILD', 'RESIZE'] as const) {
    assert.equal(kind(nextRecoveryStep(held(), seen(status), 'ACTIVE')), 'wait', status);
  }
  assert.equal(kind(nextRecoveryStep(held(), seen('SHUTOFF', 'powering-on'), 'ACTIVE')), 'wait', 'a start in flight');
  assert.equal(kind(nextRecoveryStep(held(), seen('ACTIVE', 'powering-off'), 'ACTIVE')), 'wait', 'a task on an ACTIVE server');
  assert.equal(kind(nextRecoveryStep(held(), seen('UNKNOWN'), 'ACTIVE')), 'wait', "host HA's concern");
  assert.equal(kind(nextRecoveryStep(held(), seen('UNKNOWN', null, { forMs: 10 * 3_600_000 }), 'ACTIVE')), 'wait');
  assert.equal(kind(nextRecoveryStep(held(), seen('REBOOT', 'reboot_started', { forMs: 59 * 60_000 }), 'ACTIVE')), 'wait');
});

test('the ladder for a server that should run: start, soft, hard, rebuild, then replace', () => {
  assert.deepEqual(nextRecoveryStep(pooled(0), seen('SHUTOFF'), 'ACTIVE'), {
    kind: 'start', attempts: 1, reason: 'server is SHUTOFF, should be ACTIVE: start (attempt 1 of 4)',
  });
  const unresponsive = seen('ACTIVE', null, { unresponsive: true });
  assert.deepEqual(pick(nextRecoveryStep(pooled(1), unresponsive, 'ACTIVE')), ['reboot-soft', 2]);
  assert.deepEqual(pick(nextRecoveryStep(pooled(2), unresponsive, 'ACTIVE')), ['reboot-hard', 3]);
  assert.deepEqual(pick(nextRecoveryStep(pooled(3), unresponsive, 'ACTIVE')), ['rebuild', 4]);
  assert.equal(kind(nextRecoveryStep(pooled(4), unresponsive, 'ACTIVE')), 'replace');
  assert.equal(kind(nextRecoveryStep(held(4), unresponsive, 'ACTIVE')), 'give-up');
  assert.match((nextRecoveryStep(held(4), unresponsive, 'ACTIVE') as { reason: string }).reason, /exhausted after 4 attempts/);
});

function pick(s: RecoveryStep): [string, number | undefined] {
  return [s.kind, 'attempts' in s ? s.attempts : undefined];
}

test('rungs Nova would refuse are skipped', () => {
  assert.deepEqual(pick(nextRecoveryStep(pooled(0), seen('ERROR'), 'ACTIVE')), ['reboot-hard', 3], 'ERROR cannot be started or soft-rebooted');
  assert.deepEqual(pick(nextRecoveryStep(pooled(3), seen('ERROR'), 'ACTIVE')), ['rebuild', 4]);
  assert.deepEqual(pick(nextRecoveryStep(pooled(1), seen('SHUTOFF'), 'ACTIVE')), ['reboot-hard', 3], 'a start that did not take: hard reboot');
  assert.deepEqual(pick(nextRecoveryStep(pooled(0), seen('ACTIVE', null, { unresponsive: true }), 'ACTIVE')), ['reboot-soft', 2]);
});

test('an ERROR server is repaired or given up in at most two actions', () => {
  const steps: string[] = [];
  let attempts = 0;
  for (let i = 0; i < 10; i++) {
    const s = nextRecoveryStep(held(attempts), seen('ERROR'), 'ACTIVE');
    steps.push(s.kind);
    if (!('attempts' in s)) break;
    attempts = s.attempts;
  }
  assert.deepEqual(steps, ['reboot-hard', 'rebuild', 'give-up']);
});

test('statuses no rung can fix go to the end at once', () => {
  for (const status of ['PAUSED', 'SUSPENDED', 'SHELVED', 'SHELVED_OFFLOADED', 'VERIFY_RESIZE'] as const) {
    const s = nextRecoveryStep(pooled(), seen(status), 'ACTIVE');
    assert.equal(s.kind, 'replace', status);
    assert.match((s as { reason: string }).reason, /no recovery step applies/);
    assert.equal(kind(nextRecoveryStep(held(), seen(status), 'ACTIVE')), 'give-up', status);
  }
});

test('a stuck transition is treated as a failure', () => {
  const hour = 3_600_000;
  assert.deepEqual(pick(nextRecoveryStep(held(), seen('REBOOT', 'reboot_started', { forMs: 2 * hour }), 'ACTIVE')), ['reboot-hard', 3], 'a hard reboot takes over a hung soft one');
  assert.equal(kind(nextRecoveryStep(pooled(), seen('BUILD', 'spawning', { forMs: 2 * hour }), 'ACTIVE')), 'replace');
  assert.equal(kind(nextRecoveryStep(pooled(), seen('BUILD', 'spawning', { forMs: 2 * hour }), 'ACTIVE', { stuckAfterMs: 3 * hour })), 'wait');
});

test('a missing server: replace a pooled instance, give up a held one', () => {
  assert.deepEqual(nextRecoveryStep(pooled(), seen('MISSING'), 'ACTIVE'), { kind: 'replace', reason: 'the server no longer exists' });
  assert.deepEqual(nextRecoveryStep(held(), seen('MISSING'), 'ACTIVE'), { kind: 'give-up', reason: 'the server no longer exists' });
  assert.equal(kind(nextRecoveryStep(held(), seen('DELETED'), 'SHUTOFF')), 'give-up');
});

test('a server that should be stopped (grace) is stopped, twice at most', () => {
  const stopped = (attempts: number) => ({ state: 'stopped' as const, attempts, leaseId: 'l-1' });
  assert.deepEqual(pick(nextRecoveryStep(stopped(0), seen('ACTIVE'), 'SHUTOFF')), ['stop', 1]);
  assert.deepEqual(pick(nextRecoveryStep(stopped(1), seen('ERROR'), 'SHUTOFF')), ['stop', 2]);
  assert.equal(kind(nextRecoveryStep(stopped(2), seen('ACTIVE'), 'SHUTOFF')), 'give-up');
  assert.equal(kind(nextRecoveryStep(stopped(0), seen('SHUTOFF', 'powering-off'), 'SHUTOFF')), 'wait');
});

test('held: a lease id, or a leased or stopped state', () => {
  assert.ok(isHeld({ state: 'recovering', leaseId: 'l-1' }));
  assert.ok(isHeld({ state: 'leased', leaseId: null }));
  assert.ok(isHeld({ state: 'stopped', leaseId: null }));
  assert.ok(!isHeld({ state: 'recovering', leaseId: null }));
  assert.ok(!isHeld({ state: 'ready', leaseId: null }));
});
