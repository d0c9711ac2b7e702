/**
 * The filters that run before threading, in this order (ADR 0007):
 * 1. our own mail coming back (From one of our mailbox addresses, or one of our Message-IDs) → a
 *    loop: stored, never applied, never answered;
 * 2. delivery status notifications (multipart/report; delivery-status) → a bounce: attached to the
 *    ticket whose mail bounced, the recipient flagged;
 * 3. automatic mail (Auto-Submitted other than `no`, X-Autoreply/X-Autorespond, Precedence
 *    auto_reply/bulk/junk/list) → threaded like any mail but never reopens a ticket, never changes
 *    its status, and is never answered automatically.
 * Mailing-list mail (List-Id…) is flagged `mailing_list`: a person's mail, but never acknowledged.
 * The duplicate-Message-ID filter runs earlier, when the raw message is stored (inbound-store.ts).
 */
import { headerMessageId } from './inbound-store.js';
import type { ParsedEmail } from './inbound-parse.js';

export interface BouncedRecipient {
  address: string;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

export type Classification =
  | { kind: 'loop'; reason: 'own_address' | 'own_message_id' }
  | { kind: 'bounce'; originalMessageIds: string[]; recipients: BouncedRecipient[] }
  | { kind: 'automatic'; marker: string; autoReply: boolean }
  | { kind: 'person' };

export interface FilterContext {
  /** Lower-case addresses of every mailbox. */
  ownAddresses: Set<string>;
  /** Whether a Message-ID is one we generated (an outgoing message). */
  isOwnMessageId(messageId: string): Promise<boolean>;
}

const header = (email: ParsedEmail, name: string) => email.headers.get(name)?.[0]?.trim() ?? '';

/** Why a message is automatic, or null for mail written by a person. */
export function automaticMarker(email: ParsedEmail): { marker: string; autoReply: boolean } | null {
  const autoSubmitted = header(email, 'auto-submitted').toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) {
    return { marker: `auto-submitted: ${autoSubmitted}`, autoReply: true };
  }
  if (email.headers.has('x-autoreply') || email.headers.has('x-autorespond')) {
    return { marker: 'x-autoreply', autoReply: true };
  }
  const autoResponseSuppress = header(email, 'x-auto-response-suppress').toLowerCase();
  const precedence = header(email, 'precedence').toLowerCase();
  if (precedence === 'auto_reply') return { marker: 'precedence: auto_reply', autoReply: true };
  if (['bulk', 'junk', 'list'].includes(precedence)) return { marker: `precedence: ${precedence}`, autoReply: false };
  // Outlook's out-of-office replies carry this pair.
  if (autoResponseSuppress === 'all' && /^(automatic reply|risposta automatica|out of office)/i.test(email.subject)) {
    return { marker: 'x-auto-response-suppress', autoReply: true };
  }
  return null;
}

/**
 * The flags of a message that must never be answered automatically (no acknowledgement, and no
 * status notice on the ticket it opened — ticket-notices.ts): automatic
 * replies, bulk mail (Precedence bulk/junk/list), mailing-list mail and bounces. RFC 3834 §2 lets a
 * responder decline whenever an answer would not be appropriate; these are the cases where it never is.
 */
export const NEVER_ANSWERED_AUTOMATICALLY: readonly string[] = ['auto_reply', 'bulk', 'mailing_list', 'bounce'];

/**
 * Mail that came through a mailing list (RFC 2919 `List-Id`, RFC 2369 `List-Unsubscribe`/`List-Post`):
 * written by a person, so it threads and changes the status like any mail, but it is not answered
 * automatically — lists often rewrite From to the list's address (DMARC), so an acknowledgement would
 * reach every subscriber, and newsletters answer from no-reply senders.
 */
export function mailingListMarker(email: ParsedEmail): string | null {
  for (const name of ['list-id', 'list-unsubscribe', 'list-post']) {
    if (email.headers.has(name)) return `${name}: ${header(email, name).slice(0, 200)}`;
  }
  return null;
}

function isDeliveryReport(email: ParsedEmail, raw: Buffer): boolean {
  if (email.contentType.startsWith('multipart/report')) return true;
  const sender = email.from?.address ?? '';
  return /^(mailer-daemon|postmaster)@/.test(sender) && /message\/delivery-status/i.test(raw.toString('latin1'));
}

/** Recipients and their fate from the message/delivery-status part(s). */
export function bouncedRecipients(raw: Buffer): BouncedRecipient[] {
  const text = raw.toString('latin1').replace(/\r\n/g, '\n');
  const recipients: BouncedRecipient[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const recipient = /^(?:final|original)-recipient:\s*(?:rfc822\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)>?/im.exec(block);
    if (!recipient?.[1]) continue;
    const field = (name: string) =>
      new RegExp(`^${name}:\\s*(.+(?:\\n[ \\t]+.+)*)`, 'im')
        .exec(block)?.[1]
        ?.replace(/\n[ \t]+/g, ' ')
        .trim() ?? null;
    const address = recipient[1].toLowerCase();
    if (recipients.some((entry) => entry.address === address)) continue;
    recipients.push({
      address,
      action: field('action')?.toLowerCase() ?? null,
      status: field('status'),
      diagnostic: field('diagnostic-code'),
    });
  }
  return recipients;
}

/** The Message-IDs the report is about: the returned message or headers, else the threading headers. */
function reportedMessageIds(email: ParsedEmail): string[] {
  const returned = email.files
    .filter((file) => ['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers'].includes(file.contentType))
    .map((file) => headerMessageId(file.content))
    .filter((id): id is string => id !== null);
  return [...new Set([...returned, ...email.references])];
}

export async function classify(email: ParsedEmail, raw: Buffer, context: FilterContext): Promise<Classification> {
  if (email.from && context.ownAddresses.has(email.from.address)) return { kind: 'loop', reason: 'own_address' };
  if (email.messageId && (await context.isOwnMessageId(email.messageId))) {
    return { kind: 'loop', reason: 'own_message_id' };
  }
  if (isDeliveryReport(email, raw)) {
    return { kind: 'bounce', originalMessageIds: reportedMessageIds(email), recipients: bouncedRecipients(raw) };
  }
  const automatic = automaticMarker(email);
  if (automatic) return { kind: 'automatic', ...automatic };
  return { kind: 'person' };
}
