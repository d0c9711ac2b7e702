/**
 * Finding the customer behind an address, for tickets opened by staff (and later by email): the
 * contact who owns the address, or a new contact in the organisation whose domain matches.
 * An address of a staff account is not a customer.
 */
import { eq } from 'drizzle-orm';
import type { Transaction } from '../../db/database.js';
import { AppError } from '../../http/app-error.js';
import { contacts, organizations } from './identity.schema.js';

interface RequesterRow {
  owner_user_id: string | null;
  contact_id: string | null;
  organization_id: string | null;
  name: string | null;
  email: string | null;
  organization_name: string | null;
  language: 'it' | 'en';
  claimed: boolean;
}

/**
 * `findOrCreateRequester` in one statement: $1 the address, $2 its domain, $3 the name of a new
 * contact, $4 now. The address's owner when there is one; else a contact made in the organisation
 * whose domain matches, and the address claimed for it (`claimed` false: a concurrent transaction
 * claimed it first). A row made by this statement is not visible to its own joins, so the new
 * contact's details come from what its insert returned.
 */
const FIND_OR_CREATE_REQUESTER = `
  WITH owner AS (
    SELECT user_id, contact_id FROM email_addresses WHERE address = $1::text
  ), made AS (
    INSERT INTO contacts (name, organization_id, created_at, updated_at)
    SELECT $3::text,
           (SELECT id FROM organizations WHERE $2::text = ANY (domains) AND active LIMIT 1),
           $4::timestamptz, $4::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM owner)
    RETURNING id, organization_id, name, language
  ), claimed AS (
    INSERT INTO email_addresses (address, contact_id, position)
    SELECT $1::text, id, 0 FROM made
    ON CONFLICT (address) DO NOTHING
    RETURNING address
  )
  SELECT requester.owner_user_id, requester.contact_id, requester.organization_id, requester.name,
         requester.email, organization.name AS organization_name,
         coalesce(requester.language, organization.language, 'it') AS language, requester.claimed
    FROM (SELECT owner.user_id AS owner_user_id, contact.id AS contact_id, contact.organization_id, contact.name,
                 (SELECT address FROM email_addresses WHERE contact_id = contact.id ORDER BY position LIMIT 1) AS email,
                 contact.language, true AS claimed
            FROM owner LEFT JOIN contacts contact ON contact.id = owner.contact_id
          UNION ALL
          SELECT NULL, made.id, made.organization_id, made.name, $1::text, made.language,
                 EXISTS (SELECT 1 FROM claimed)
            FROM made) AS requester
    LEFT JOIN organizations organization ON organization.id = requester.organization_id`;

/**
 * The contact who owns the address, or a new one (in the organisation whose domain matches) that
 * claims it; an address of a staff account is refused. One statement (docs/PERFORMANCE.md,
 * mail-cpu2: a new sender cost five), which also reads what a new ticket needs of its requester.
 */
export async function findOrCreateRequester(
  tx: Transaction,
  now: Date,
  requester: { email: string; name?: string | undefined },
) {
  const address = requester.email.toLowerCase();
  const name = requester.name?.trim() || address.split('@')[0]!;
  const row = await findOrCreate(tx, now, address, name);
  if (row.claimed) return foundOf(row);
  // Two requests (or two inbound emails) for the same new address race between the owner's read
  // and the address's insert. ON CONFLICT waits for the other transaction and yields to it without
  // raising: a failed statement would abort the whole transaction on PostgreSQL. The loser drops
  // its contact and takes the winner's (read committed: the next statement sees the committed row).
  await tx.delete(contacts).where(eq(contacts.id, row.contact_id!));
  const winner = await findOrCreate(tx, now, address, name);
  if (!winner.claimed) throw new Error(`email_addresses: ${address} claimed and released twice by others`);
  return foundOf(winner);
}

async function findOrCreate(tx: Transaction, now: Date, address: string, name: string): Promise<RequesterRow> {
  const { rows } = await tx.$client.query<RequesterRow>({
    name: 'identity-find-or-create-requester',
    text: FIND_OR_CREATE_REQUESTER,
    values: [address, address.split('@')[1] ?? '', name, now.toISOString()],
  });
  if (!rows[0]) throw new Error(`email_addresses: no owner and no new contact for ${address}`);
  return rows[0];
}

/**
 * The requester as a new ticket and its acknowledgement need it (the shape of the tickets module's
 * `RequesterDirectory`): the contact, its organisation, name, primary address and language.
 */
function foundOf(row: RequesterRow) {
  if (row.owner_user_id) {
    throw new AppError(400, 'REQUESTER_IS_STAFF', 'This address belongs to a staff account, not a customer', {
      fields: [{ path: 'body.requester.email', message: 'A staff address' }],
    });
  }
  return {
    contactId: row.contact_id!,
    organizationId: row.organization_id,
    name: row.name ?? '',
    email: row.email ?? '',
    organizationName: row.organization_name,
    language: row.language,
  };
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
