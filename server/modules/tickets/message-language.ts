/**
 * The language a message is indexed in (DESIGN §3b): detected from its text with tinyld among the
 * desk's languages, else the requester's language, else the desk's (Italian). Too little text to
 * tell (a few words) falls back the same way.
 */
import { eq } from 'drizzle-orm';
import { detect } from 'tinyld';
import type { Transaction } from '../../db/database.js';
import { contacts, organizations } from '../identity/identity.schema.js';

export type SearchLanguage = 'it' | 'en' | 'simple';

export function detectLanguage(text: string): 'it' | 'en' | null {
  const detected = detect(text.slice(0, 2000), { only: ['it', 'en'] });
  return detected === 'it' || detected === 'en' ? detected : null;
}

export async function requesterLanguage(tx: Transaction, contactId: string): Promise<'it' | 'en'> {
  const [row] = await tx
    .select({ own: contacts.language, organization: organizations.language })
    .from(contacts)
    .leftJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(eq(contacts.id, contactId));
  return row?.own ?? row?.organization ?? 'it';
}

export async function messageLanguage(tx: Transaction, text: string, requesterId: string): Promise<SearchLanguage> {
  return detectLanguage(text) ?? (await requesterLanguage(tx, requesterId));
}
