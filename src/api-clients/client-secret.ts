import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'epk_';

/**
 * Client secrets: 32 random bytes (256 bits), base64url, with a recognisable prefix so secret scanners and people
 * spot a leaked one. Stored as SHA-256 only. A slow password hash (scrypt, argon2) exists to make guessing
 * low-entropy human passwords expensive; against 256 random bits guessing is hopeless either way, and a fast hash
 * keeps the public token endpoint cheap, so it cannot be used to burn the server's CPU.
 */
export function generateClientSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash (equal-length digests by construction). */
export function clientSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashClientSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** Compared against when the client id is unknown, so an unknown client costs the same as a wrong secret. */
export const UNKNOWN_CLIENT_HASH = hashClientSecret(PREFIX + 'no-such-client');
