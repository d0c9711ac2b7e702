/**
 * Two agents opening tickets for the same new address at once, or two emails from a new sender
 * processed at once, must end with one contact and no error (the address is unique).
 */
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import { openDesk, type Desk } from '../../test-support/tickets-fixture.js';
import { contacts, emailAddresses, organizations, users } from './identity.schema.js';
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

describe('what finding or creating a requester tells (one statement)', () => {
  it('makes a new contact in the organisation of its domain, with its name, address and language', async () => {
    const { database } = desk.server.deps;
    const now = desk.server.clock.now();
    const [organization] = await database.orm
      .insert(organizations)
      .values({
        name: 'Domini Inglesi Srl',
        domains: ['inglesi.example'],
        language: 'en',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: organizations.id });
    const made = await database.transaction((tx) =>
      findOrCreateRequester(tx, now, { email: 'Mario.Nuovo@Inglesi.example', name: ' Mario Nuovo ' }),
    );
    expect(made).toEqual({
      contactId: expect.any(String),
      organizationId: organization!.id,
      name: 'Mario Nuovo',
      email: 'mario.nuovo@inglesi.example',
      organizationName: 'Domini Inglesi Srl',
      language: 'en',
    });
    // Found again: the same contact and the same facts, nothing made.
    const again = await database.transaction((tx) =>
      findOrCreateRequester(tx, now, { email: 'mario.nuovo@inglesi.example', name: 'Altro Nome' }),
    );
    expect(again).toEqual(made);
    expect(await contactsNamed('Altro Nome')).toBe(0);
  });

  it("names a contact without a name after its address, in no organisation, in the desk's language", async () => {
    const { database } = desk.server.deps;
    const made = await database.transaction((tx) =>
      findOrCreateRequester(tx, desk.server.clock.now(), { email: 'senza.nome@nessuno.example' }),
    );
    expect(made).toMatchObject({
      name: 'senza.nome',
      email: 'senza.nome@nessuno.example',
      organizationId: null,
      organizationName: null,
      language: 'it',
    });
  });

  it("answers with the contact's primary address when found by another one, and refuses a staff address", async () => {
    const { database } = desk.server.deps;
    const now = desk.server.clock.now();
    const [contact] = await database.orm
      .insert(contacts)
      .values({ name: 'Due Indirizzi', language: 'en', createdAt: now, updatedAt: now })
      .returning({ id: contacts.id });
    await database.orm.insert(emailAddresses).values([
      { address: 'primo@due.example', contactId: contact!.id, position: 0 },
      { address: 'secondo@due.example', contactId: contact!.id, position: 1 },
    ]);
    const found = await database.transaction((tx) => findOrCreateRequester(tx, now, { email: 'secondo@due.example' }));
    expect(found).toMatchObject({ contactId: contact!.id, email: 'primo@due.example', language: 'en' });
    const [staff] = await database.orm
      .select({ address: emailAddresses.address })
      .from(emailAddresses)
      .innerJoin(users, eq(users.id, emailAddresses.userId))
      .limit(1);
    await expect(
      database.transaction((tx) => findOrCreateRequester(tx, now, { email: staff!.address })),
    ).rejects.toMatchObject({ code: 'REQUESTER_IS_STAFF' });
  });
});
