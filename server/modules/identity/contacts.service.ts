/**
 * Contacts are the customers: people of an organisation (or private persons) with one or more
 * email addresses. Their language and channel default to the organisation's, then the desk's
 * (Italian, email). A contact signs in to the portal after accepting an emailed invitation.
 */
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../../../contracts/common.contract.js';
import type { Contact } from '../../../contracts/identity.contract.js';
import type { Transaction } from '../../db/database.js';
import { afterKey, byteOrder, containsPattern } from '../../db/sql-helpers.js';
import type { Dependencies } from '../../dependencies.js';
import { AppError, notFound, versionConflict } from '../../http/app-error.js';
import type { Context } from '../../http/context.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { Outbox } from '../mail/index.js';
import type { Authentication } from './authentication.service.js';
import { replaceEmailAddresses } from './email-addresses.js';
import { invitationEmail } from './identity.emails.js';
import { authorize } from './identity.policy.js';
import { contacts, emailAddresses, organizations } from './identity.schema.js';

type Queryable = Dependencies['database']['orm'] | Transaction;

export const DESK_LANGUAGE = 'it' as const;
export const DESK_CHANNEL = 'email' as const;

export interface ListContactsQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  organizationId?: string | undefined;
  active?: 'true' | 'false' | undefined;
}

export interface ContactInput {
  name: string;
  emails: string[];
  phone: string | null;
  organizationId: string | null;
  language: Contact['language'];
  preferredChannel: Contact['preferredChannel'];
}

export type UpdateContactInput = Partial<ContactInput> & { version: number; active?: boolean | undefined };

type ContactRow = { contact: typeof contacts.$inferSelect; organization: typeof organizations.$inferSelect | null };

async function presentContacts(db: Queryable, rows: ContactRow[]): Promise<Contact[]> {
  if (rows.length === 0) return [];
  const addresses = await db
    .select()
    .from(emailAddresses)
    .where(
      inArray(
        emailAddresses.contactId,
        rows.map((row) => row.contact.id),
      ),
    )
    .orderBy(asc(emailAddresses.position));
  return rows.map(({ contact, organization }) => ({
    id: contact.id,
    name: contact.name,
    emails: addresses.filter((address) => address.contactId === contact.id).map((address) => address.address),
    phone: contact.phone,
    organizationId: contact.organizationId,
    organizationName: organization?.name ?? null,
    language: contact.language,
    preferredChannel: contact.preferredChannel,
    effectiveLanguage: contact.language ?? organization?.language ?? DESK_LANGUAGE,
    effectiveChannel: contact.preferredChannel ?? organization?.preferredChannel ?? DESK_CHANNEL,
    active: contact.active,
    hasPassword: contact.passwordHash !== null,
    version: contact.version,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  }));
}

async function assertOrganizationExists(tx: Transaction, organizationId: string | null): Promise<void> {
  if (!organizationId) return;
  const [found] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!found) {
    throw new AppError(400, 'ORGANIZATION_NOT_FOUND', 'Unknown organisation', {
      fields: [{ path: 'body.organizationId', message: 'Unknown organisation' }],
    });
  }
}

export function createContacts(deps: Dependencies, outbox: Outbox, authentication: Authentication) {
  const { database } = deps;

  function selectContacts(db: Queryable) {
    return db
      .select({ contact: contacts, organization: organizations })
      .from(contacts)
      .leftJoin(organizations, eq(organizations.id, contacts.organizationId));
  }

  async function loadContact(db: Queryable, id: string): Promise<Contact> {
    const rows = await selectContacts(db).where(eq(contacts.id, id));
    if (rows.length === 0) throw notFound('CONTACT_NOT_FOUND', 'No such contact');
    const [contact] = await presentContacts(db, rows);
    return contact!;
  }

  return {
    async listContacts(context: Context, query: ListContactsQuery): Promise<Page<Contact>> {
      authorize(context.actor, 'contact.read');
      const conditions: SQL[] = [];
      if (query.q) {
        const pattern = containsPattern(query.q);
        // `id = ANY(ARRAY(…))` rather than EXISTS: every arm of the OR is then an index scan (trigram
        // indexes, migration 0018) combined in one bitmap, instead of a scan of every contact.
        const matchesEmail = sql`${contacts.id} = ANY(ARRAY(${database.orm
          .select({ contactId: emailAddresses.contactId })
          .from(emailAddresses)
          .where(ilike(emailAddresses.address, pattern))}))`;
        conditions.push(or(ilike(contacts.name, pattern), ilike(contacts.phone, pattern), matchesEmail)!);
      }
      if (query.organizationId) conditions.push(eq(contacts.organizationId, query.organizationId));
      if (query.active) conditions.push(eq(contacts.active, query.active === 'true'));
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor);
        conditions.push(afterKey(contacts.name, contacts.id, name, id));
      }
      const rows = await selectContacts(database.orm)
        .where(and(...conditions))
        .orderBy(byteOrder(contacts.name), asc(contacts.id))
        .limit(query.limit + 1);
      const presented = await presentContacts(database.orm, rows);
      return toPage(
        presented,
        query.limit,
        (contact) => contact,
        (contact) => [contact.name, contact.id],
      );
    },

    async getContact(context: Context, id: string): Promise<Contact> {
      authorize(context.actor, 'contact.read');
      return loadContact(database.orm, id);
    },

    async createContact(context: Context, input: ContactInput & { sendInvitation: boolean }): Promise<Contact> {
      authorize(context.actor, 'contact.write');
      return database.transaction(async (tx) => {
        await assertOrganizationExists(tx, input.organizationId);
        const [row] = await tx
          .insert(contacts)
          .values({
            name: input.name,
            phone: input.phone,
            organizationId: input.organizationId,
            language: input.language,
            preferredChannel: input.preferredChannel,
            createdAt: context.now,
            updatedAt: context.now,
          })
          .returning();
        if (!row) throw new Error('contact not inserted');
        await replaceEmailAddresses(tx, { userId: null, contactId: row.id }, input.emails, 'body.emails');
        const contact = await loadContact(tx, row.id);
        if (input.sendInvitation) await this.inviteWithin(tx, context.now, contact);
        return contact;
      });
    },

    async updateContact(context: Context, id: string, input: UpdateContactInput): Promise<Contact> {
      authorize(context.actor, 'contact.write');
      return database.transaction(async (tx) => {
        const [current] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
        if (!current) throw notFound('CONTACT_NOT_FOUND', 'No such contact');
        if (current.version !== input.version) throw versionConflict('CONTACT_VERSION_CONFLICT', current.version);
        if (input.organizationId !== undefined) await assertOrganizationExists(tx, input.organizationId);
        const { version: _version, emails, ...changes } = input;
        const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
        await tx
          .update(contacts)
          .set({ ...set, version: current.version + 1, updatedAt: context.now })
          .where(eq(contacts.id, id));
        if (emails !== undefined) {
          await replaceEmailAddresses(tx, { userId: null, contactId: id }, emails, 'body.emails');
        }
        return loadContact(tx, id);
      });
    },

    async inviteContact(context: Context, id: string): Promise<void> {
      authorize(context.actor, 'contact.write');
      await database.transaction(async (tx) => {
        const contact = await loadContact(tx, id);
        if (!contact.active) throw new AppError(409, 'CONTACT_INACTIVE', 'Reactivate the contact before inviting them');
        await this.inviteWithin(tx, context.now, contact);
      });
    },

    async inviteWithin(tx: Transaction, now: Date, contact: Contact): Promise<void> {
      const link = await authentication.createOneTimeLink(tx, now, 'invitation', {
        userId: null,
        contactId: contact.id,
      });
      await outbox.queueEmail(
        tx,
        now,
        invitationEmail({ name: contact.name, email: contact.emails[0]!, language: contact.effectiveLanguage }, link),
      );
    },
  };
}

export type Contacts = ReturnType<typeof createContacts>;
