import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDriverError } from '../../core/errors.js';
import { IpPool } from './ip-pool.js';

test('hands out the lowest free address from offset 10 and reuses released ones', () => {
  const pool = new IpPool('10.0.0.0/16');
  assert.equal(pool.allocate('private'), '10.0.0.10');
  assert.equal(pool.allocate('private'), '10.0.0.11');
  assert.equal(pool.allocate('private'), '10.0.0.12');
  pool.release('10.0.0.11');
  assert.equal(pool.allocate('private'), '10.0.0.11');
  assert.equal(pool.allocate('private'), '10.0.0.13');
});

test('a host-bit CIDR is normalised to its network', () => {
  assert.equal(new IpPool('192.0.2.77/24').allocate('n'), '192.0.2.10');
});

test('an exhausted subnet fails as a quota error, never hands out broadcast', () => {
  const pool = new IpPool('198.51.100.0/28'); // .10 .. .14 usable, .15 broadcast
  const got = Array.from({ length: 5 }, () => pool.allocate('public'));
  assert.deepEqual(got, ['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13', '198.51.100.14']);
  assert.throws(() => pool.allocate('public'), (e) => isDriverError(e, 'quota') && /No more IP addresses/.test(e.message));
});

test('bad CIDRs are refused', () => {
  assert.throws(() => new IpPool('10.0.0.0'), RangeError);
  assert.throws(() => new IpPool('10.0.0.300/24'), RangeError);
});
