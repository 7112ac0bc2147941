import { InputError } from '../errors.js';

/**
 * Initial passwords are read off a screen and typed by people, so the alphabet leaves
 * out look-alikes (0 O o, 1 l I i) and symbols that keyboards and shells disagree on.
 * 55 symbols: 16 characters carry about 92 bits.
 */
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghjkmnpqrstuvwxyz';
const DIGITS = '23456789';
export const PASSWORD_ALPHABET = UPPER + LOWER + DIGITS;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 64;

/** Drawing the same class for every character this often means the source is not random. */
const MAX_TRIES = 64;

/**
 * A password of `length` characters from PASSWORD_ALPHABET with at least one upper-case
 * letter, one lower-case letter and one digit. `randomBytes(n)` must return n
 * uniformly random bytes (crypto.randomBytes in production, a seeded source in tests).
 * Characters are drawn by rejection sampling, so every symbol is equally likely; a
 * draw that lacks a class is thrown away whole (not patched, which would bias
 * positions).
 */
export function generatePassword(length: number, randomBytes: (n: number) => Uint8Array): string {
  if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new InputError(`passwordLength must be a whole number between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH}`, 'passwordLength');
  }
  for (let i = 0; i < MAX_TRIES; i++) {
    const candidate = draw(length, randomBytes);
    if (hasEveryClass(candidate)) return candidate;
  }
  throw new Error(`generatePassword: ${MAX_TRIES} draws in a row lacked a character class; the random source is broken`);
}

// The largest multiple of the alphabet size within a byte: bytes at or above it are
// rejected, otherwise `b % size` would favour the first symbols.
const SIZE = PASSWORD_ALPHABET.length;
const LIMIT = Math.floor(256 / SIZE) * SIZE;

function draw(length: number, randomBytes: (n: number) => Uint8Array): string {
  let out = '';
  let emptyBatches = 0;
  while (out.length < length) {
    const bytes = randomBytes(length - out.length + 8);
    const before = out.length;
    for (const b of bytes) {
      if (b < LIMIT && out.length < length) out += PASSWORD_ALPHABET[b % SIZE];
    }
    if (out.length === before && ++emptyBatches > MAX_TRIES) {
      throw new Error('generatePassword: the random source returns only unusable bytes');
    }
  }
  return out;
}

function hasEveryClass(s: string): boolean {
  return [UPPER, LOWER, DIGITS].every((cls) => [...s].some((c) => cls.includes(c)));
}
