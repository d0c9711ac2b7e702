/** The secret box: round trip, fresh IV per value, tamper and wrong-key detection, lazy key. */
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box.js';

const KEY = 'k'.repeat(32);

describe('secret box', () => {
  it('opens what it sealed, including non-ASCII text', () => {
    const box = createSecretBox(KEY);
    for (const secret of ['hunter2', '', 'pässwörd €', 'x'.repeat(5000)]) {
      const sealed = box.seal(secret);
      expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*$/);
      expect(box.open(sealed)).toBe(secret);
    }
  });

  it('never stores the plaintext and seals the same text differently each time', () => {
    const box = createSecretBox(KEY);
    const first = box.seal('correct horse battery staple');
    const second = box.seal('correct horse battery staple');
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    expect(Buffer.from(first.split(':')[3]!, 'base64url').toString('utf8')).not.toContain('horse');
  });

  it('refuses a value sealed under another key', () => {
    const sealed = createSecretBox(KEY).seal('secret');
    expect(() => createSecretBox('z'.repeat(32)).open(sealed)).toThrow(SecretBoxError);
  });

  it('refuses an altered value', () => {
    const box = createSecretBox(KEY);
    const [version, iv, tag, ciphertext] = box.seal('secret').split(':');
    const flipped = Buffer.from(ciphertext!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join(':'))).toThrow(SecretBoxError);
    expect(() => box.open('v2:a:b:c')).toThrow(SecretBoxError);
    expect(() => box.open('plain text')).toThrow(SecretBoxError);
    expect(() => box.open(`v1:${iv}:AAAA:${ciphertext}`)).toThrow(SecretBoxError);
  });

  it('reads the key only when first used', () => {
    let reads = 0;
    const box = createSecretBox(() => {
      reads += 1;
      return KEY;
    });
    expect(reads).toBe(0);
    const sealed = box.seal('a');
    expect(box.open(sealed)).toBe('a');
    expect(reads).toBe(1);
    expect(createSecretBox(KEY).open(sealed)).toBe('a');
  });
});
