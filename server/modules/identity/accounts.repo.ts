/**
 * Reading accounts — staff users and contacts — as the authentication layer needs them.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Account, StaffRole } from '../../../contracts/identity.contract.js';
import type { Transaction } from '../../db/database.js';
import type { Actor } from '../../http/context.js';
import { contacts, emailAddresses, organizations, users } from './identity.schema.js';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Schema } from '../../db/schema.js';

type Queryable = (NodePgDatabase<Schema> & { $client: pg.Pool }) | Transaction;

export interface AccountReference {
  userId: string | null;
  contactId: string | null;
}

export interface LoadedAccount {
  actor: Extract<Actor, { kind: 'user' | 'contact' }>;
  account: Account;
}

export async function findAccountByEmail(db: Queryable, email: string) {
  const [row] = await db
    .select({
      userId: emailAddresses.userId,
      contactId: emailAddresses.contactId,
      userHash: users.passwordHash,
      userActive: users.active,
      contactHash: contacts.passwordHash,
      contactActive: contacts.active,
    })
    .from(emailAddresses)
    .leftJoin(users, eq(users.id, emailAddresses.userId))
    .leftJoin(contacts, eq(contacts.id, emailAddresses.contactId))
    .where(eq(emailAddresses.address, email.toLowerCase()));
  if (!row) return null;
  return {
    reference: { userId: row.userId, contactId: row.contactId } satisfies AccountReference,
    passwordHash: row.userId ? row.userHash : row.contactHash,
    active: Boolean(row.userId ? row.userActive : row.contactActive),
  };
}

async function primaryEmail(db: Queryable, reference: AccountReference): Promise<string> {
  const [row] = await db
    .select({ address: emailAddresses.address })
    .from(emailAddresses)
    .where(
      reference.userId
        ? eq(emailAddresses.userId, reference.userId)
        : eq(emailAddresses.contactId, reference.contactId!),
    )
    .orderBy(asc(emailAddresses.position))
    .limit(1);
  return row?.address ?? '';
}

/**
 * An active staff account as authentication needs it, in one round trip (every authenticated request
 * comes through here): the user, their primary address and their active groups by level then name.
 * Plain SQL text built once, with `u` the active user (null columns when there is none), so that
 * the token and session lookups read it in their own query.
 */
export const ACTIVE_USER_ACCOUNT_COLUMNS = `u.id, u.name, u.role, u.language,
  (SELECT e.address FROM email_addresses e WHERE e.user_id = u.id ORDER BY e.position LIMIT 1),
  (SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'supportLevel', g.support_level)
          ORDER BY g.support_level, g.name)
     FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id AND g.active)`;

/** The account of the columns above, starting at `values[start]`; null when the user is missing. */
export function activeUserAccount(values: unknown[], start: number): LoadedAccount | null {
  const [id, name, role, language, email, memberships] = values.slice(start, start + 6) as [
    string | null,
    string,
    StaffRole,
    Account['language'],
    string | null,
    { id: string; name: string; supportLevel: number }[] | null,
  ];
  if (!id) return null;
  const groups = memberships ?? [];
  return {
    actor: {
      kind: 'user',
      id,
      role,
      groupIds: groups.map((group) => group.id),
    },
    account: {
      kind: 'user',
      id,
      name,
      email: email ?? '',
      role,
      language,
      organizationId: null,
      organizationName: null,
      groups: groups.map((group) => ({ ...group, supportLevel: group.supportLevel === 2 ? 2 : 1 })),
    },
  };
}

/** The account behind a reference, or null when it does not exist or is deactivated. */
export async function loadActiveAccount(db: Queryable, reference: AccountReference): Promise<LoadedAccount | null> {
  if (reference.userId) {
    const { rows } = await db.$client.query<unknown[]>({
      text: `SELECT ${ACTIVE_USER_ACCOUNT_COLUMNS} FROM users u WHERE u.id = $1 AND u.active`,
      values: [reference.userId],
      rowMode: 'array',
    });
    return rows[0] ? activeUserAccount(rows[0], 0) : null;
  }
  if (!reference.contactId) return null;
  const [row] = await db
    .select({ contact: contacts, organization: organizations })
    .from(contacts)
    .leftJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(and(eq(contacts.id, reference.contactId), eq(contacts.active, true)));
  if (!row) return null;
  const { contact, organization } = row;
  return {
    actor: { kind: 'contact', id: contact.id, organizationId: contact.organizationId },
    account: {
      kind: 'contact',
      id: contact.id,
      name: contact.name,
      email: await primaryEmail(db, reference),
      role: 'customer',
      language: contact.language ?? organization?.language ?? 'it',
      organizationId: organization?.id ?? null,
      organizationName: organization?.name ?? null,
      groups: [],
    },
  };
}

/** Addresses already taken by an account other than `except`. */
export async function takenAddresses(db: Queryable, addresses: string[], except: AccountReference | null) {
  if (addresses.length === 0) return [];
  const rows = await db.select().from(emailAddresses).where(inArray(emailAddresses.address, addresses));
  return rows
    .filter((row) => !except || (row.userId ?? null) !== except.userId || (row.contactId ?? null) !== except.contactId)
    .map((row) => row.address);
}
