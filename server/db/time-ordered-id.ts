/**
 * Keys for rows written by the hundred per second (a new ticket, its first message, its
 * acknowledgement): UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds, then 74 random bits
 * (those of a version 4 UUID). Random (version 4) keys put every insert on a random leaf page of
 * each index that starts with them (the primary keys, and `ticket_id` first in messages, history,
 * followers and outgoing mail): at a million tickets those pages are rarely cached, and the first
 * change of each page after a checkpoint writes the whole page to the WAL (≈ 8 full pages, 54 KB of
 * WAL per creation at 1M tickets, docs/PERFORMANCE.md). Time-ordered keys land on the last pages.
 *
 * The clock is the machine's, not the injected one (ctx.now): the time only orders the key, it
 * means nothing in the domain (a fixed test clock still gives distinct keys). The key shows when
 * the row was made, to the millisecond — a ticket and a message show their creation time anyway.
 */
import { randomUUID } from 'node:crypto';

export function timeOrderedUuid(milliseconds: number = Date.now()): string {
  const time = milliseconds.toString(16).padStart(12, '0');
  // A version 4 UUID is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keep its random bits and variant.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
