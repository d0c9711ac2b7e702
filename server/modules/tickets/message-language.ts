/**
 * The language a message is indexed in (DESIGN §3b): detected from its text with eld (Efficient
 * Language Detector) among the desk's languages, else the requester's language, else the desk's
 * (Italian). Text that does not tell — a few words, or another language — falls back the same way:
 * only a verdict eld calls reliable is taken.
 */
import { eq } from 'drizzle-orm';
import { eld } from 'eld/extrasmall';
import type { Transaction } from '../../db/database.js';
import { contacts, organizations } from '../identity/identity.schema.js';

export type SearchLanguage = 'it' | 'en' | 'simple';

/**
 * The line a mail client writes above the quoted history of a reply ("On … wrote:", "Il … ha
 * scritto:", Outlook's "----- Original Message -----").
 */
export const QUOTED_HISTORY_HEADER =
  /^(On .+ wrote:|Il .+ ha scritto:|-{2,}\s*(Original Message|Messaggio originale)\s*-{2,})\s*$/i;

/** Characters of a message's own text that language detection reads. */
export const LANGUAGE_SAMPLE_CHARACTERS = 600;

/**
 * What detection reads of a message: its own words — not the quoted history of a reply (`>` lines,
 * and whatever follows the header above a history once the message has said something: the history
 * is the other party's words, often in another language) — and only their first
 * `LANGUAGE_SAMPLE_CHARACTERS`. tinyld's time grows with the text: a few hundred characters tell
 * Italian from English as well as two thousand did (docs/PERFORMANCE.md, mail-lean), at a third of
 * the cost. A reply written below its quote (bottom-posting) is read past the quote.
 */
export function languageSample(text: string): string {
  let sample = '';
  let start = 0;
  while (start < text.length && sample.length < LANGUAGE_SAMPLE_CHARACTERS) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    if (line.startsWith('>')) continue;
    if (QUOTED_HISTORY_HEADER.test(line)) {
      if (sample.trim() !== '') break;
      continue;
    }
    sample += `${line}\n`;
  }
  return sample.slice(0, LANGUAGE_SAMPLE_CHARACTERS);
}

// The desk's languages only: eld then scores these two (a process-wide setting of its instance,
// which nothing else uses). The smallest of its databases tells them apart as well as the larger
// ones (docs/PERFORMANCE.md, session 9).
eld.setLanguageSubset(['it', 'en']);

export function detectLanguage(text: string): 'it' | 'en' | null {
  const detected = eld.detect(languageSample(text));
  if (!detected.isReliable()) return null;
  return detected.language === 'it' || detected.language === 'en' ? detected.language : null;
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
