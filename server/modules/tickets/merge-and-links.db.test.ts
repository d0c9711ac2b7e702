/** Merging duplicates and linking tickets, through the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, UNKNOWN_ID, type Desk } from '../../test-support/tickets-fixture.js';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const open = (subject: string, requester = 'roberto.mancini@acme.it') =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: `${subject}: descrizione`,
    requester: { email: requester },
  });

async function timelineOf(id: string) {
  const response = await desk.call(desk.as.admin, 'GET', `/api/v1/tickets/${id}/timeline`);
  return response.json<{
    items: { type: string; message?: { bodyText: string }; event?: { kind: string; changes: unknown[] } }[];
  }>().items;
}

describe('merging duplicates', () => {
  it('moves the messages to the survivor, marks the duplicate merged and records it on both', async () => {
    const survivor = await open('Stampante bloccata');
    desk.server.clock.advance(60_000);
    const duplicate = await open('Stampante bloccata (di nuovo)');
    const response = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${duplicate.id}/merge`, {
      targetTicketId: survivor.id,
      note: 'Stessa segnalazione',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().id).toBe(survivor.id);

    const merged = await desk.getTicket(desk.as.l1, duplicate.id);
    expect(merged.status.category).toBe('merged');
    expect(merged.mergedInto).toEqual({ id: survivor.id, number: survivor.number });
    expect(merged.abilities).toMatchObject({ update: false, reply: false, escalate: false });

    const survivorTimeline = await timelineOf(survivor.id);
    const bodies = survivorTimeline.filter((entry) => entry.type === 'message').map((entry) => entry.message!.bodyText);
    expect(bodies).toEqual(['Stampante bloccata: descrizione', 'Stampante bloccata (di nuovo): descrizione']);
    expect(survivorTimeline.some((entry) => entry.event?.kind === 'merged')).toBe(true);
    const duplicateTimeline = await timelineOf(duplicate.id);
    expect(duplicateTimeline.filter((entry) => entry.type === 'message')).toEqual([]);
    expect(duplicateTimeline.at(-1)!.event).toMatchObject({
      kind: 'merged',
      changes: [{ field: 'mergedInto', from: null, to: survivor.number }],
    });

    // A merged ticket takes no more changes.
    const patched = await desk.patch(desk.as.l1, duplicate.id, { subject: 'Altro' });
    expect(patched.statusCode).toBe(409);
    expect(patched.json().error.code).toBe('TICKET_MERGED');
  });

  it('refuses a merge into itself or into a merged ticket, and a second merge', async () => {
    const a = await open('Merge A');
    const b = await open('Merge B');
    const c = await open('Merge C');
    const self = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${a.id}/merge`, { targetTicketId: a.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('TICKET_MERGE_INVALID');
    expect(
      (await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id })).statusCode,
    ).toBe(200);
    const intoMerged = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${c.id}/merge`, { targetTicketId: a.id });
    expect(intoMerged.statusCode).toBe(400);
    const again = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${a.id}/merge`, { targetTicketId: c.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TICKET_MERGED');
    const unknown = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${c.id}/merge`, {
      targetTicketId: UNKNOWN_ID,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('lets two crossed merges end with exactly one survivor', async () => {
    const a = await open('Incrocio A');
    const b = await open('Incrocio B');
    const results = await Promise.all([
      desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${a.id}/merge`, { targetTicketId: b.id }),
      desk.call(desk.as.luca, 'POST', `/api/v1/tickets/${b.id}/merge`, { targetTicketId: a.id }),
    ]);
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 400]);
    const categories = [await desk.getTicket(desk.as.admin, a.id), await desk.getTicket(desk.as.admin, b.id)].map(
      (ticket) => ticket.status.category,
    );
    expect(categories.filter((category) => category === 'merged')).toHaveLength(1);
  });

  it('is staff-only', async () => {
    const a = await open('Del cliente', 'customer@example.com');
    const b = await open('Del cliente 2', 'customer@example.com');
    const response = await desk.call(desk.as.customer, 'POST', `/api/v1/tickets/${a.id}/merge`, {
      targetTicketId: b.id,
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('links', () => {
  it('links related tickets both ways and unlinks them', async () => {
    const a = await open('Rete lenta piano 1');
    const b = await open('Rete lenta piano 2');
    const created = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${a.id}/links`, {
      kind: 'related',
      ticketId: b.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'related', ticket: { id: b.id, number: b.number } });
    const fromB = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${b.id}/links`);
    expect(fromB.json().items).toMatchObject([{ kind: 'related', ticket: { id: a.id } }]);

    const duplicate = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${b.id}/links`, {
      kind: 'related',
      ticketId: a.id,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('TICKET_LINK_EXISTS');

    const removed = await desk.call(desk.as.l1, 'DELETE', `/api/v1/tickets/${b.id}/links/${created.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect((await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${a.id}/links`)).json().items).toEqual([]);
    const events = (await timelineOf(a.id)).map((entry) => entry.event?.kind).filter(Boolean);
    expect(events).toEqual(expect.arrayContaining(['linked', 'unlinked']));
  });

  it('keeps parent and child consistent: one parent, no cycles, no self-links', async () => {
    const parent = await open('Migrazione posta');
    const child = await open('Migrare casella ufficio acquisti');
    const grandchild = await open('Esportare archivio acquisti');
    expect(
      (
        await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${child.id}/links`, {
          kind: 'parent',
          ticketId: parent.id,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${child.id}/links`, {
          kind: 'child',
          ticketId: grandchild.id,
        })
      ).statusCode,
    ).toBe(201);

    const fromParent = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${parent.id}/links`);
    expect(fromParent.json().items).toMatchObject([{ kind: 'child', ticket: { id: child.id } }]);

    const cycle = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${parent.id}/links`, {
      kind: 'parent',
      ticketId: grandchild.id,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('TICKET_LINK_CYCLE');
    const secondParent = await open('Altro progetto');
    const twoParents = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${child.id}/links`, {
      kind: 'parent',
      ticketId: secondParent.id,
    });
    expect(twoParents.statusCode).toBe(409);
    expect(twoParents.json().error.code).toBe('TICKET_ALREADY_HAS_PARENT');
    const self = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${child.id}/links`, {
      kind: 'related',
      ticketId: child.id,
    });
    expect(self.statusCode).toBe(400);
  });

  it('shows only links to tickets the agent may see, and none to customers', async () => {
    const mine = await open('Visibile a L1');
    const applicazioni = await desk.createTicket(desk.as.admin, {
      type: 'incident',
      subject: 'Solo Applicazioni',
      description: 'x',
      requester: { email: 'roberto.mancini@acme.it' },
    });
    // Escalate the second one to Applicazioni: level 1 keeps seeing it, Emily (Applicazioni) sees it too.
    await desk.call(desk.as.admin, 'POST', `/api/v1/tickets/${applicazioni.id}/escalations`, {
      toLevel: 2,
      groupId: desk.groups.apps,
      note: 'Per Applicazioni',
    });
    await desk.call(desk.as.admin, 'POST', `/api/v1/tickets/${mine.id}/links`, {
      kind: 'related',
      ticketId: applicazioni.id,
    });
    // Emily cannot see the level 1 ticket: from her side the link is not listed.
    const emily = await desk.call(desk.as.emily, 'GET', `/api/v1/tickets/${applicazioni.id}/links`);
    expect(emily.json().items).toEqual([]);
    const customer = await desk.call(desk.as.customer, 'GET', `/api/v1/tickets/${mine.id}/links`);
    expect(customer.statusCode).toBe(403);
  });
});
