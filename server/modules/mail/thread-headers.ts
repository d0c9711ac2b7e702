/**
 * Threading headers of an outgoing message (ADR 0008): `References` lists the thread's Message-IDs
 * oldest first — the customer's original message first — and `In-Reply-To` the newest one, so
 * Gmail, Outlook and Thunderbird put the email in the customer's conversation, and a reply to it
 * cites Message-IDs the inbound pipeline matches to the ticket.
 */

/** Long threads keep the root and the most recent ids (RFC 5322 §3.6.4 allows trimming the middle). */
export const MAX_REFERENCES = 20;

export function threadingHeaders(threadIds: string[]): Record<string, string> {
  const ids = [...new Set(threadIds.filter((id) => id.length > 0))];
  if (ids.length === 0) return {};
  const kept = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))] : ids;
  return {
    'In-Reply-To': `<${kept[kept.length - 1]}>`,
    References: kept.map((id) => `<${id}>`).join(' '),
  };
}
