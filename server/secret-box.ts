/**
 * Encrypts credentials stored in the database (IMAP passwords) with a key derived from
 * SPORTELLO_SECRET_KEY (DESIGN §3b): AES-256-GCM, a fresh 12-byte IV per value, stored as text
 * `v1:<iv>:<tag>:<ciphertext>` (base64url parts). The version prefix lets a later key or cipher
 * be introduced without guessing what a stored value is. A value encrypted under another key, or
 * altered, fails to open (the GCM tag does not match) instead of yielding garbage.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws a SecretBoxError when the value is malformed, altered or sealed under another key. */
  open(sealed: string): string;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The 32-byte AES key of a secret key: HKDF-SHA256 with a purpose label, never the secret itself. */
function deriveKey(secretKey: string): Buffer {
  if (secretKey.length === 0) throw new SecretBoxError('The secret key is empty');
  return Buffer.from(hkdfSync('sha256', secretKey, 'sportello', 'secret-box v1 credentials', 32));
}

/**
 * A box over the secret key; `secretKey` may be a function, called on first use (so a process that
 * never stores a credential never needs the key).
 */
export function createSecretBox(secretKey: string | (() => string)): SecretBox {
  let key: Buffer | null = null;
  const keyOf = () => (key ??= deriveKey(typeof secretKey === 'function' ? secretKey() : secretKey));
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join(':');
    },
    open(sealed) {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('Not a sealed value of version v1');
      const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
      if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new SecretBoxError('Malformed sealed value');
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(), iv!, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag!);
        return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('The sealed value was altered or sealed under another SPORTELLO_SECRET_KEY');
      }
    },
  };
}
