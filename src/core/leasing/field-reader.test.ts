import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../errors.js';
import { FieldReader } from './field-reader.js';

const reader = (raw: unknown) => new FieldReader(raw, 'doc', ['a', 'b', 'c']);

test('absent and null take the fallback; a required field says so', () => {
  const r = reader({ a: null });
  assert.equal(r.string('a', 'x'), 'x');
  assert.equal(r.integer('b', 3, 0, 5), 3);
  assert.equal(r.optionalString('c', 10), null);
  assert.throws(() => r.string('a'), { field: 'doc.a', message: 'doc.a is required' });
});

test('unknown keys are all named; the field points at the first', () => {
  assert.throws(() => reader({ a: 1, x: 2, y: 3 }), (e: unknown) => e instanceof InputError && e.field === 'doc.x' && /unknown fields x, y \(known fields: a, b, c\)/.test(e.message));
});

test('lists index their items in the field path', () => {
  const r = reader({ a: ['ok', 7], b: ['1h', 'x'] });
  assert.throws(() => r.strings('a', []), { field: 'doc.a[1]' });
  assert.throws(() => r.durations('b', [], 1e12), { field: 'doc.b[1]' });
});

test('durations: text or seconds, capped', () => {
  const r = reader({ a: '2h', b: 90, c: '2d' });
  assert.equal(r.duration('a', 0, 1e12), 7_200_000);
  assert.equal(r.duration('b', 0, 1e12), 90_000);
  assert.throws(() => r.duration('c', 0, 86_400_000), { field: 'doc.c', message: 'doc.c must be at most 1d' });
});
