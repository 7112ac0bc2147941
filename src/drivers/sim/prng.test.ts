import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from './prng.js';

test('same seed, same sequence; other seed, other sequence', () => {
  const draw = (seed: number | string) => {
    const p = new Prng(seed);
    return Array.from({ length: 5 }, () => p.nextUint32());
  };
  assert.deepEqual(draw(1), draw(1));
  assert.deepEqual(draw('1'), draw(1), 'a number seed equals its string form');
  assert.notDeepEqual(draw(1), draw(2));
});

test('forked streams are independent of draws on the parent', () => {
  const a = new Prng(9);
  const b = new Prng(9);
  b.nextUint32();
  b.nextUint32();
  assert.equal(a.fork('ids').uuid(), b.fork('ids').uuid());
  assert.notEqual(a.fork('ids').uuid(), a.fork('faults').uuid());
});

test('uuids are version 4 shaped and do not repeat', () => {
  const p = new Prng(3);
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const id = p.uuid();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 2000);
});

test('floats are in [0, 1) and roughly uniform', () => {
  const p = new Prng(5);
  let low = 0;
  for (let i = 0; i < 10_000; i++) {
    const f = p.float();
    assert.ok(f >= 0 && f < 1);
    if (f < 0.5) low++;
  }
  assert.ok(low > 4700 && low < 5300, `${low} of 10000 below 0.5`);
});
