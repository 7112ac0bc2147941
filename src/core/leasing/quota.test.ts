import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QuotaExceededError } from '../errors.js';
import { checkQuota, quotaViolations, requestedUsage, type QuotaLimits, type Usage } from './quota.js';

const unlimited: QuotaLimits = { instances: null, vcpus: null, ramMb: null };
const used = (instances: number, vcpus: number, ramMb: number): Usage => ({ instances, vcpus, ramMb });
const request = requestedUsage(1, { vcpus: 8, ramMb: 16_384 });

test('requested usage is count times the flavor', () => {
  assert.deepEqual(requestedUsage(3, { vcpus: 2, ramMb: 4096 }), { instances: 3, vcpus: 6, ramMb: 12_288 });
});

test('no limits, or room left: allowed', () => {
  const usage = { user: used(5, 40, 81_920), project: used(50, 400, 819_200) };
  assert.doesNotThrow(() => checkQuota({ user: null, project: null }, usage, request));
  assert.doesNotThrow(() => checkQuota({ user: unlimited, project: unlimited }, usage, request));
  assert.doesNotThrow(() => checkQuota({ user: { instances: 6, vcpus: 48, ramMb: 98_304 }, project: null }, usage, request), 'reaching a limit exactly is allowed');
});

test('the error says which scope, which resource, and the sum', () => {
  assert.throws(
    () => checkQuota({ user: { ...unlimited, vcpus: 20 }, project: null }, { user: used(2, 16, 0), project: used(2, 16, 0) }, request),
    (e: unknown) => e instanceof QuotaExceededError && e.message === 'user quota exceeded: vcpus 16 + 8 > 20',
  );
  assert.throws(
    () => checkQuota({ user: null, project: { ...unlimited, instances: 10 } }, { user: used(0, 0, 0), project: used(10, 80, 0) }, request),
    { message: 'project quota exceeded: instances 10 + 1 > 10' },
  );
});

test('every exceeded limit is listed, user first', () => {
  const limits = { user: { instances: 1, vcpus: 8, ramMb: null }, project: { instances: null, vcpus: null, ramMb: 16_384 } };
  assert.throws(
    () => checkQuota(limits, { user: used(1, 8, 16_384), project: used(1, 8, 16_384) }, request),
    { message: 'user quota exceeded: instances 1 + 1 > 1, vcpus 8 + 8 > 8; project quota exceeded: ramMb 16384 + 16384 > 16384' },
  );
  assert.deepEqual(
    quotaViolations(limits, { user: used(1, 0, 0), project: used(0, 0, 1) }, request).map((v) => `${v.scope}.${v.resource}`),
    ['user.instances', 'project.ramMb'],
  );
});

test('a lowered limit refuses new requests but a request for nothing passes', () => {
  const limits = { user: { instances: 2, vcpus: 4, ramMb: null }, project: null };
  const usage = { user: used(5, 40, 0), project: used(5, 40, 0) };
  assert.throws(() => checkQuota(limits, usage, request), QuotaExceededError);
  assert.doesNotThrow(() => checkQuota(limits, usage, used(0, 0, 0)));
});
