/**
 * SPORTELLO_SECRET_KEY encrypts stored credentials and signs links (DESIGN §3b). Without one, a key
 * is generated once into the data directory (fine for a demo; production sets the variable so that
 * every node shares it and backups do not carry it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createSecretBox, type SecretBox } from './secret-box.js';

export function resolveSecretKey(
  configured: string | null,
  dataDirectory: string,
): { key: string; generated: boolean } {
  if (configured) return { key: configured, generated: false };
  const file = path.join(dataDirectory, 'secret.key');
  if (fs.existsSync(file)) return { key: fs.readFileSync(file, 'utf8').trim(), generated: true };
  fs.mkdirSync(dataDirectory, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}

/**
 * The secret box of stored credentials: SPORTELLO_SECRET_KEY, or the key generated into the data
 * directory, read on first use.
 */
export function secretBoxOf(config: { secretKey: string | null; dataDirectory: string }): SecretBox {
  return createSecretBox(() => resolveSecretKey(config.secretKey, config.dataDirectory).key);
}
