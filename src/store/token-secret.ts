import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in logs and by secret scanners; says nothing about the token. */
export const TOKEN_PREFIX = 'drv_';

/** 32 random bytes, base64url, with the prefix. Shown to the user once. */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the store keeps: SHA-256 of the whole secret, lowercase hex. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
