/** The two-level desk: functional escalation, hand-back, supervisor escalation and their notifications. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, Ticket, TicketEvent, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const ESCALATION_NOTE = 'Profilo VPN ricreato senza esito: serve una verifica sul concentratore.';
const HAND_BACK_NOTE = 'Keepalive corretto sul concentratore: chiedere alla cliente di riprovare e chiudere.';

/** A VPN incident opened and taken by level 1 (Giulia Rossi). */
async function vpnTicketOfL1(): Promise<Ticket> {
  const ticket = await desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject: 'VPN non si connette',
    description: 'La VPN rifiuta la connessione.',
    requester: { email: 'customer@example.com' },
    serviceId: desk.services.network,
    categoryId: desk.categories.vpn,
  });
  const taken = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/take`);
  expect(taken.statusCode, taken.body).toBe(200);
  return taken.json<Ticket>();
}

const escalate = (headers: Headers, id: string, body: Record<string, unknown>) =>
  desk.call(headers, 'POST', `/api/v1/tickets/${id}/escalations`, body);

async function notificationsOf(headers: Headers, query = ''): Promise<Notification[]> {
  const response = await desk.call(headers, 'GET', `/api/v1/notifications?limit=200${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Notification[] }>().items;
}

const about = (items: Notification[], ticketId: string) => items.filter((item) => item.ticket.id === ticketId);

async function eventsOf(headers: Headers, ticketId: string): Promise<TicketEvent[]> {
  const response = await desk.call(headers, 'GET', `/api/v1/tickets/${ticketId}/timeline`);
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<{ items: TimelineEntry[] }>()
    .items.flatMap((entry) => (entry.type === 'event' ? [entry.event] : []));
}

describe('level 1 → level 2 → back', () => {
  let ticket: Ticket;

  it('refuses an escalation without a note', async () => {
    ticket = await vpnTicketOfL1();
    expect(ticket.abilities).toMatchObject({ escalate: true, handBack: false, take: false });
    expectError(await escalate(desk.as.l1, ticket.id, { toLevel: 2 }), 400, 'VALIDATION_FAILED');
    expectError(await escalate(desk.as.l1, ticket.id, { toLevel: 2, note: '   ' }), 400, 'VALIDATION_FAILED');
    expectError(await escalate(desk.as.l1, ticket.id, { toLevel: 1, note: 'x' }), 409, 'CANNOT_HAND_BACK');
    expect(await desk.getTicket(desk.as.l1, ticket.id)).toMatchObject({ supportLevel: 1, version: ticket.version });
  });

  it("escalates to the category's level 2 group and clears the assignee", async () => {
    const response = await escalate(desk.as.l1, ticket.id, { toLevel: 2, note: ESCALATION_NOTE });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      supportLevel: 2,
      group: { id: desk.groups.network, name: 'Reti e Sistemi' },
      assignee: null,
    });
    // Level 2 holds it now: it may hand it back, not escalate it again.
    expect((await desk.getTicket(desk.as.l2, ticket.id)).abilities).toMatchObject({
      escalate: false,
      handBack: true,
      take: true,
    });
  });

  it('keeps level 1 seeing and following the ticket', async () => {
    const seen = await desk.getTicket(desk.as.l1, ticket.id);
    expect(seen.followerIds).toContain(desk.userIds.l1);
    expect((await desk.list(desk.as.l1)).map((item) => item.id)).toContain(ticket.id);
    expect((await desk.list(desk.as.l2, 'view=level2_unassigned')).map((item) => item.id)).toContain(ticket.id);
  });

  it('notifies the level 2 group with the note, not the one who escalated', async () => {
    for (const who of ['l2', 'supervisor'] as const) {
      expect(about(await notificationsOf(desk.as[who]), ticket.id)).toEqual([
        expect.objectContaining({
          kind: 'ticket_escalated',
          note: ESCALATION_NOTE,
          readAt: null,
          actor: { kind: 'user', id: desk.userIds.l1, name: 'Giulia Rossi' },
          ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject },
        }),
      ]);
    }
    expect(about(await notificationsOf(desk.as.emily), ticket.id)).toEqual([]);
    expect(about(await notificationsOf(desk.as.l1), ticket.id)).toEqual([]);
  });

  it('shows the escalation and its note in the timeline', async () => {
    const escalated = (await eventsOf(desk.as.l2, ticket.id)).filter((event) => event.kind === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ note: ESCALATION_NOTE, actor: { name: 'Giulia Rossi' } });
    expect(escalated[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'supportLevel', from: 1, to: 2 },
        { field: 'groupId', from: 'Service Desk', to: 'Reti e Sistemi' },
      ]),
    );
  });

  it('lets level 2 take it', async () => {
    const taken = await desk.call(desk.as.l2, 'POST', `/api/v1/tickets/${ticket.id}/take`);
    expect(taken.json()).toMatchObject({
      assignee: { id: desk.userIds.l2, name: 'Marco Bianchi' },
      abilities: { take: false, escalate: false, handBack: true },
    });
    expectError(await escalate(desk.as.l2, ticket.id, { toLevel: 2, note: 'ancora' }), 409, 'CANNOT_ESCALATE');
  });

  it('hands back to the level 1 group and the agent who had it, who is notified', async () => {
    const response = await escalate(desk.as.l2, ticket.id, { toLevel: 1, note: HAND_BACK_NOTE });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      supportLevel: 1,
      group: { id: desk.groups.desk },
      assignee: { id: desk.userIds.l1, name: 'Giulia Rossi' },
    });
    expect(about(await notificationsOf(desk.as.l1), ticket.id)).toEqual([
      expect.objectContaining({
        kind: 'ticket_handed_back',
        note: HAND_BACK_NOTE,
        actor: expect.objectContaining({ name: 'Marco Bianchi' }),
      }),
    ]);
    expect(about(await notificationsOf(desk.as.luca), ticket.id)).toEqual([]);
    const handedBack = (await eventsOf(desk.as.l1, ticket.id)).filter((event) => event.kind === 'handed_back');
    expect(handedBack).toMatchObject([{ note: HAND_BACK_NOTE, actor: { name: 'Marco Bianchi' } }]);
    // Level 2 worked it, so it keeps seeing it; level 1 holds it again.
    expect((await desk.getTicket(desk.as.l2, ticket.id)).followerIds).toContain(desk.userIds.l2);
    expect((await desk.getTicket(desk.as.l1, ticket.id)).abilities).toMatchObject({
      take: false,
      escalate: true,
      handBack: false,
    });
    expectError(await escalate(desk.as.l1, ticket.id, { toLevel: 1, note: 'di nuovo' }), 409, 'CANNOT_HAND_BACK');
  });
});

describe('escalation choices', () => {
  it("prefers the category's level 2 group to the service's", async () => {
    // Posta elettronica goes to Applicazioni; this category of it goes to Reti e Sistemi.
    const category = await desk.call(desk.as.admin, 'POST', '/api/v1/categories', {
      name: 'Posta su VPN',
      serviceId: desk.services.email,
      defaultLevel2GroupId: desk.groups.network,
    });
    expect(category.statusCode, category.body).toBe(201);
    const ticket = await desk.createTicket(desk.as.l1, {
      type: 'incident',
      subject: 'Posta irraggiungibile in VPN',
      description: 'x',
      requester: { email: 'customer@example.com' },
      serviceId: desk.services.email,
      categoryId: category.json().id,
    });
    const response = await escalate(desk.as.l1, ticket.id, { toLevel: 2, note: 'Alla rete' });
    expect(response.json()).toMatchObject({ group: { id: desk.groups.network } });
  });

  it('makes whoever escalates and whoever had the ticket follow it, and notifies the others', async () => {
    const ticket = await desk.createTicket(desk.as.customer, {
      type: 'incident',
      subject: 'VPN lenta dal portale',
      description: 'x',
      serviceId: desk.services.network,
      categoryId: desk.categories.vpn,
    });
    await desk.patch(desk.as.admin, ticket.id, { assigneeId: desk.userIds.l1 });
    expect((await desk.getTicket(desk.as.admin, ticket.id)).followerIds).toEqual([desk.userIds.admin]);
    // The supervisor is a member of Reti e Sistemi: the group is told, the supervisor is not.
    const response = await escalate(desk.as.supervisor, ticket.id, { toLevel: 2, note: 'Dal supervisore' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Ticket>().followerIds).toEqual(
      expect.arrayContaining([desk.userIds.l1, desk.userIds.supervisor]),
    );
    expect(about(await notificationsOf(desk.as.supervisor), ticket.id)).toEqual([]);
    expect(about(await notificationsOf(desk.as.l2), ticket.id)).toMatchObject([{ kind: 'ticket_escalated' }]);
  });

  it('escalates once when two agents escalate at the same moment', async () => {
    const ticket = await vpnTicketOfL1();
    const responses = await Promise.all(
      [desk.as.l1, desk.as.luca].map((headers) => escalate(headers, ticket.id, { toLevel: 2, note: 'Insieme' })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const escalations = (await eventsOf(desk.as.admin, ticket.id)).filter((event) => event.kind === 'escalated');
    expect(escalations).toHaveLength(1);
    expect(about(await notificationsOf(desk.as.l2), ticket.id)).toHaveLength(1);
    // The hand-back still returns it to the agent who had it, not to the one who lost the race.
    const back = await escalate(desk.as.l2, ticket.id, { toLevel: 1, note: 'Fatto' });
    expect(back.json()).toMatchObject({ assignee: { id: desk.userIds.l1 } });
  });

  it('escalates to a chosen group and assignee, notifying only the assignee', async () => {
    const ticket = await vpnTicketOfL1();
    const response = await escalate(desk.as.l1, ticket.id, {
      toLevel: 2,
      groupId: desk.groups.apps,
      assigneeId: desk.userIds.emily,
      note: 'Per Emily',
    });
    expect(response.json()).toMatchObject({ group: { id: desk.groups.apps }, assignee: { id: desk.userIds.emily } });
    expect(about(await notificationsOf(desk.as.emily), ticket.id)).toMatchObject([{ kind: 'ticket_escalated' }]);
    expect(about(await notificationsOf(desk.as.l2), ticket.id)).toEqual([]);
  });

  it('refuses a level 1 group, an outsider as assignee, and a ticket with no default level 2 group', async () => {
    const ticket = await vpnTicketOfL1();
    expectError(
      await escalate(desk.as.l1, ticket.id, { toLevel: 2, groupId: desk.groups.desk, note: 'x' }),
      400,
      'GROUP_NOT_FOUND',
    );
    expectError(
      await escalate(desk.as.l1, ticket.id, { toLevel: 2, assigneeId: desk.userIds.emily, note: 'x' }),
      400,
      'ASSIGNEE_NOT_IN_GROUP',
    );
    const plain = await desk.createTicket(desk.as.l1, {
      type: 'incident',
      subject: 'Senza servizio',
      description: 'x',
      requester: { email: 'customer@example.com' },
    });
    expectError(await escalate(desk.as.l1, plain.id, { toLevel: 2, note: 'x' }), 400, 'LEVEL2_GROUP_REQUIRED');
    expect((await desk.getTicket(desk.as.admin, ticket.id)).supportLevel).toBe(1);
  });
});

describe('hierarchical escalation', () => {
  it('pulls in the supervisor, who follows the ticket and is notified', async () => {
    const ticket = await vpnTicketOfL1();
    const url = `/api/v1/tickets/${ticket.id}/supervisor-escalations`;
    expectError(await desk.call(desk.as.l1, 'POST', url, {}), 400, 'VALIDATION_FAILED');
    expectError(
      await desk.call(desk.as.l1, 'POST', url, { supervisorId: desk.userIds.luca, note: 'x' }),
      400,
      'SUPERVISOR_NOT_FOUND',
    );
    const response = await desk.call(desk.as.l1, 'POST', url, { note: 'Cliente importante, serve priorità' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Ticket>().followerIds).toContain(desk.userIds.supervisor);
    expect(about(await notificationsOf(desk.as.supervisor), ticket.id)).toMatchObject([
      { kind: 'supervisor_escalation', note: 'Cliente importante, serve priorità' },
    ]);
    expect((await eventsOf(desk.as.supervisor, ticket.id)).map((event) => event.kind)).toContain(
      'supervisor_escalated',
    );
    const forSupervisor = await desk.getTicket(desk.as.supervisor, ticket.id);
    expect(forSupervisor.abilities).toMatchObject({ escalateToSupervisor: false, take: true });
  });
});

describe('notifications', () => {
  it('marks one read, then all, and only the recipient may', async () => {
    const ticket = await vpnTicketOfL1();
    await escalate(desk.as.l1, ticket.id, { toLevel: 2, note: 'Per la rete' });
    const [mine] = about(await notificationsOf(desk.as.l2), ticket.id);
    const [theirs] = about(await notificationsOf(desk.as.supervisor), ticket.id);
    expect(mine && theirs).toBeTruthy();

    const notFound = await desk.call(desk.as.l2, 'POST', `/api/v1/notifications/${theirs!.id}/read`);
    expectError(notFound, 404, 'NOTIFICATION_NOT_FOUND');
    expectError(
      await desk.call(desk.as.l2, 'POST', `/api/v1/notifications/${UNKNOWN_ID}/read`),
      404,
      'NOTIFICATION_NOT_FOUND',
    );
    expect(about(await notificationsOf(desk.as.supervisor), ticket.id)[0]!.readAt).toBeNull();

    desk.server.clock.advance(60_000);
    expect((await desk.call(desk.as.l2, 'POST', `/api/v1/notifications/${mine!.id}/read`)).statusCode).toBe(204);
    expect(about(await notificationsOf(desk.as.l2), ticket.id)[0]!.readAt).toBe(desk.server.clock.now().toISOString());
    const unread = await notificationsOf(desk.as.l2, '&unread=true');
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.map((item) => item.id)).not.toContain(mine!.id);

    expect((await desk.call(desk.as.l2, 'POST', '/api/v1/notifications/read-all')).statusCode).toBe(204);
    expect(await notificationsOf(desk.as.l2, '&unread=true')).toEqual([]);
    expect((await notificationsOf(desk.as.supervisor, '&unread=true')).length).toBeGreaterThan(0);
    expect((await desk.call(desk.as.customer, 'GET', '/api/v1/notifications')).statusCode).toBe(403);
  });
});
