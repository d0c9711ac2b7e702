/**
 * Hands a raw test message to the inbound pipeline's intake as the SMTP listener would (stored,
 * its job enqueued), for the tests that then process it themselves.
 */
import type { InboundDelivery, StoredDelivery } from '../modules/mail/inbound-store.js';
import type { SportelloServer } from '../server.js';

export function acceptInbound(
  server: SportelloServer,
  raw: string,
  delivery: Partial<Omit<InboundDelivery, 'raw'>> = {},
): Promise<StoredDelivery> {
  return server.modules.inboundMail.pipeline.intake.accept({
    raw: Buffer.from(raw),
    source: 'smtp',
    mailboxId: null,
    envelopeFrom: 'sender@client.example',
    envelopeTo: ['support@example.com'],
    ...delivery,
  });
}
