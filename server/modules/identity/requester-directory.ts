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
  const existing = await ownerOf(tx, address);
  if (existing) return existing;

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
  // Two requests (or two inbound emails) for the same new address race between the read above and
  // this insert. ON CONFLICT waits for the other transaction and yields to it without raising: a
  // failed statement would abort the whole transaction on PostgreSQL. The loser drops its contact
  // and takes the winner's (read committed: the next statement sees the committed row).
  const [claimed] = await tx
    .insert(emailAddresses)
    .values({ address, contactId: contact!.id, position: 0 })
    .onConflictDoNothing({ target: emailAddresses.address })
    .returning({ address: emailAddresses.address });
  if (claimed) return { contactId: contact!.id, organizationId: organization?.id ?? null };
  await tx.delete(contacts).where(eq(contacts.id, contact!.id));
  const winner = await ownerOf(tx, address);
  if (!winner) throw new Error(`email_addresses: the conflicting row for ${address} vanished`);
  return winner;
}

/** The contact who owns `address`; a staff address is refused; null when nobody owns it. */
async function ownerOf(
  tx: Transaction,
  address: string,
): Promise<{ contactId: string; organizationId: string | null } | null> {
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
  return owner?.contactId ? { contactId: owner.contactId, organizationId: owner.organizationId ?? null } : null;
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
