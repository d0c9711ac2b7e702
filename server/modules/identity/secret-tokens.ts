/**
 * Random secrets (session cookies, access tokens, one-time links) are stored only as SHA-256
 * hashes and looked up directly by hash — fast per request, and useless to whoever reads the table
 * (DESIGN §3b). Passwords, being low-entropy, use argon2 instead (password-hasher.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

export function generateSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Personal access tokens start with this, so secret scanners and people recognise them. */
export const ACCESS_TOKEN_PREFIX = 'spt_';
