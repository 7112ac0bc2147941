import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../errors.js';
import { generatePassword, PASSWORD_ALPHABET } from './password.js';

/** A deterministic byte source (xorshift32): the same seed, the same passwords. */
function seeded(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

test('the alphabet has no look-alikes', () => {
  for (const c of '0O1lIoi') assert.ok(!PASSWORD_ALPHABET.includes(c), c);
  assert.equal(new Set(PASSWORD_ALPHABET).size, PASSWORD_ALPHABET.length);
  assert.equal(PASSWORD_ALPHABET.length, 55);
});

test('length, alphabet, and one of each class, for many draws', () => {
  const rnd = seeded(42);
  for (let i = 0; i < 500; i++) {
    const length = 8 + (i % 57);
    const p = generatePassword(length, rnd);
    assert.equal(p.length, length);
    assert.ok([...p].every((c) => PASSWORD_ALPHABET.includes(c)), p);
    assert.match(p, /[A-Z]/);
    assert.match(p, /[a-z]/);
    assert.match(p, /[2-9]/);
  }
});

test('deterministic in its random source', () => {
  assert.equal(generatePassword(16, seeded(7)), generatePassword(16, seeded(7)));
  assert.notEqual(generatePassword(16, seeded(7)), generatePassword(16, seeded(8)));
});

test('every symbol is used, roughly evenly (rejection sampling, no modulo bias)', () => {
  const counts = new Map<string, number>();
  const rnd = seeded(1234);
  for (let i = 0; i < 2000; i++) for (const c of generatePassword(32, rnd)) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, PASSWORD_ALPHABET.length);
  const expected = (2000 * 32) / PASSWORD_ALPHABET.length;
  for (const [c, n] of counts) assert.ok(Math.abs(n - expected) < expected * 0.2, `${c}: ${n} vs ${expected}`);
});

test('bytes that would bias the draw are skipped', () => {
  // 220.. are rejected; 0 -> 'A', 1 -> 'B', 24 -> 'a', 47 -> '2'
  const bytes = [255, 230, 0, 221, 24, 47, 1, 1, 1, 1];
  let at = 0;
  const source = (n: number) => Uint8Array.from({ length: n }, () => bytes[at++ % bytes.length]!);
  assert.equal(generatePassword(8, source), 'Aa2BBBBA');
});

test('a broken random source fails loudly instead of looping', () => {
  assert.throws(() => generatePassword(16, (n) => new Uint8Array(n)), /random source is broken/);
  assert.throws(() => generatePassword(16, (n) => new Uint8Array(n).fill(255)), /unusable bytes/);
});

test('bad lengths are an InputError on passwordLength', () => {
  for (const bad of [0, 7, 65, 12.5, Number.NaN]) {
    assert.throws(() => generatePassword(bad, seeded(1)), (e: unknown) => e instanceof InputError && e.field === 'passwordLength', String(bad));
  }
});
