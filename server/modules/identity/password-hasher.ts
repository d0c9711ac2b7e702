/** argon2id for passwords; the cost is configurable so tests run fast (DESIGN §3b). */
import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the same time as a verification, so unknown accounts cannot be told apart by timing. */
  verifyNothing(password: string): Promise<void>;
}

export function createPasswordHasher(cost: { memoryCost: number; timeCost: number }): PasswordHasher {
  const options = { type: argon2.argon2id as 2, memoryCost: cost.memoryCost, timeCost: cost.timeCost };
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => argon2.hash(password, options),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      dummyHash ??= argon2.hash('not a real password', options);
      await argon2.verify(await dummyHash, password).catch(() => false);
    },
  };
}
