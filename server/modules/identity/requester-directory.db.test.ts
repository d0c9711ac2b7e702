/**
 * Two agents opening tickets for the same new address at once, or two emails from a new sender
 * processed at once, must end with one contact and no error (the address is unique).
 */
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import { openDesk, type Desk } from '../../test-support/tickets-fixture.js';
import { contacts, emailAddresses } from './identity.schema.js';
import { findOrCreateRequester } from './requester-directory.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

async function contactsNamed(name: string) {
  const [row] = await desk.server.deps.database.orm
    .select({ total: count() })
    .from(contacts)
    .where(eq(contacts.name, name));
  return row!.total;
}

describe('a new requester created by several requests at once', () => {
  it('opens every ticket for one new contact (PostgreSQL: truly in parallel, pool of connections)', async () => {
    const email = 'Contesa.Nuova@Esterno.example';
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        desk.call(desk.as.l1, 'POST', '/api/v1/tickets', {
          type: 'incident',
          subject: `Richiesta parallela ${index}`,
          description: 'Aperta insieme ad altre',
          requester: { email, name: 'Contesa Nuova' },
        }),
      ),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    const requesters = new Set(responses.map((response) => response.json<Ticket>().requester.id));
    expect(requesters.size).toBe(1);
    const owners = await desk.server.deps.database.orm
      .select({ contactId: emailAddresses.contactId })
      .from(emailAddresses)
      .where(eq(emailAddresses.address, email.toLowerCase()));
    expect(owners.map((owner) => owner.contactId)).toEqual([...requesters]);
    // The losers' provisional contacts are gone, not left behind without an address.
    expect(await contactsNamed('Contesa Nuova')).toBe(1);
  });

  it.runIf(inject('databaseKind') === 'postgres')(
    'yields to a transaction that claimed the address first and commits while the second waits',
    async () => {
      const { database } = desk.server.deps;
      const address = 'in.bilico@esterno.example';
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstCreated!: (id: string) => void;
      const firstContact = new Promise<string>((resolve) => (firstCreated = resolve));
      const first = database.transaction(async (tx) => {
        const created = await findOrCreateRequester(tx, desk.server.clock.now(), { email: address, name: 'In Bilico' });
        firstCreated(created.contactId);
        await firstMayCommit;
        return created;
      });
      const firstId = await firstContact;
      // The second reads before the first commits (no owner yet), so it inserts and must wait on
      // the address the first holds; it may only go on once the first has committed.
      const second = database.transaction((tx) =>
        findOrCreateRequester(tx, desk.server.clock.now(), { email: address, name: 'In Bilico' }),
      );
      for (;;) {
        const { rows } = await database.pool.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (rows[0]!.waiting > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      releaseFirst();
      const [one, two] = await Promise.all([first, second]);
      expect(one.contactId).toBe(firstId);
      expect(two.contactId).toBe(firstId);
      const rows = await database.orm
        .select({ id: contacts.id })
        .from(contacts)
        .where(inArray(contacts.name, ['In Bilico']));
      expect(rows).toEqual([{ id: firstId }]);
    },
  );
});
