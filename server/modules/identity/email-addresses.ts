/**
 * An email address belongs to exactly one account (DESIGN §2). Setting an account's addresses
 * checks that none is taken by another account and answers 409 with the failing fields if so.
 */
import { eq } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { isUniqueViolation } from '../../db/sql-helpers.js';
import { AppError } from '../../http/app-error.js';
import { takenAddresses, type AccountReference } from './accounts.repo.js';
import { emailAddresses } from './identity.schema.js';

export async function replaceEmailAddresses(
  tx: Transaction,
  owner: AccountReference,
  addresses: string[],
  fieldPath: string,
): Promise<void> {
  const unique = [...new Set(addresses)];
  const taken = await takenAddresses(tx, unique, owner);
  if (taken.length > 0) throw addressesInUse(taken, fieldPath);
  await tx
    .delete(emailAddresses)
    .where(owner.userId ? eq(emailAddresses.userId, owner.userId) : eq(emailAddresses.contactId, owner.contactId!));
  try {
    await tx.insert(emailAddresses).values(
      unique.map((address, position) => ({
        address,
        userId: owner.userId,
        contactId: owner.contactId,
        position,
      })),
    );
  } catch (error) {
    // Another transaction took one of the addresses between the check and the insert.
    if (isUniqueViolation(error)) throw addressesInUse(unique, fieldPath);
    throw error;
  }
}

function addressesInUse(addresses: string[], fieldPath: string): AppError {
  return new AppError(409, 'EMAIL_ALREADY_IN_USE', `Already used by another account: ${addresses.join(', ')}`, {
    fields: addresses.map((address) => ({ path: fieldPath, message: `${address} is already in use` })),
  });
}
