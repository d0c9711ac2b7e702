/**
 * Finding the customer behind an address, for tickets opened by staff (and later by email): the
 * contact who owns the address, or a new contact in the organisation whose domain matches.
 * An address of a staff account is not a customer.
 */
import { eq, sql } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { AppError } from '../../http/app-error.js';
import { contacts, emailAddresses, organizations } from './identity.schema.js';

export async function findOrCreateRequester(
  tx: Transaction,
  now: Date,
  requester: { email: string; name?: string | undefined },
): Promise<{ contactId: string; organizationId: string | null }> {
  const address = requester.email.toLowerCase();
  const [owner] = await tx
    .select({
      userId: emailAddresses.userId,
      contactId: emailAddresses.contactId,
      organizationId: contacts.organizationId,
    })
    .from(emailAddresses)
    .leftJoin(contacts, eq(contacts.id, emailAddresses.contactId))
    .where(eq(emailAddresses.address, address));
  if (owner?.userId) {
    throw new AppError(400, 'REQUESTER_IS_STAFF', 'This address belongs to a staff account, not a customer', {
      fields: [{ path: 'body.requester.email', message: 'A staff address' }],
    });
  }
  if (owner?.contactId) return { contactId: owner.contactId, organizationId: owner.organizationId ?? null };

  const domain = address.split('@')[1] ?? '';
  const [organization] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(sql`${domain} = ANY(${organizations.domains}) AND ${organizations.active}`)
    .limit(1);
  const [contact] = await tx
    .insert(contacts)
    .values({
      name: requester.name?.trim() || address.split('@')[0]!,
      organizationId: organization?.id ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: contacts.id });
  await tx.insert(emailAddresses).values({ address, contactId: contact!.id, position: 0 });
  return { contactId: contact!.id, organizationId: organization?.id ?? null };
}

/** Whether the contacts of an organisation see each other's tickets. */
export async function organizationSharesTickets(
  db: Pick<Transaction, 'select'>,
  organizationId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ shares: organizations.sharesTickets })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.shares ?? false;
}
