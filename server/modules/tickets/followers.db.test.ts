/** Followers of a ticket, through the API: following, adding a colleague, notifications, access, merge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketFollowers } from '../../../contracts/ticket-followers.contract.js';
import type { Notification, Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

/** A level 1 ticket opened by Giulia (l1) for the demo customer, so that the customer can reply. */
const openTicket = (subject: string) =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: `${subject}: descrizione`,
    requester: { email: 'customer@example.com' },
    serviceId: desk.services.network,
    categoryId: desk.categories.vpn,
  });

const followersUrl = (ticketId: string, userId?: string) =>
  `/api/v1/tickets/${ticketId}/followers${userId ? `/${userId}` : ''}`;

async function followersOf(headers: Headers, ticketId: string): Promise<TicketFollowers> {
  const response = await desk.call(headers, 'GET', followersUrl(ticketId));
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TicketFollowers>();
}

async function notificationsAbout(headers: Headers, ticketId: string) {
  const response = await desk.call(headers, 'GET', '/api/v1/notifications?limit=200');
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<{ items: Notification[] }>()
    .items.filter((item) => item.ticket.id === ticketId)
    .map((item) => ({ kind: item.kind, actor: item.actor.name, note: item.note }))
    .reverse();
}

describe('following a ticket', () => {
  it('lets staff follow and stop following a ticket they see, and says so on the ticket and in its history', async () => {
    const ticket = await openTicket('Follow: VPN lenta');
    expect(ticket.followers).toEqual([{ id: desk.userIds.l1, name: 'Giulia Rossi' }]);
    expect(ticket.following).toBe(true);

    const seenByLuca = await desk.getTicket(desk.as.luca, ticket.id);
    expect(seenByLuca).toMatchObject({ following: false, abilities: { follow: true, manageFollowers: true } });

    const followed = await desk.call(desk.as.luca, 'PUT', followersUrl(ticket.id, desk.userIds.luca));
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json<TicketFollowers>()).toMatchObject({
      following: true,
      items: [
        { id: desk.userIds.l1, name: 'Giulia Rossi', addedBy: null },
        { id: desk.userIds.luca, name: 'Luca Ferrari', addedBy: { id: desk.userIds.luca, name: 'Luca Ferrari' } },
      ],
    });
    // Following twice changes nothing.
    expect((await desk.call(desk.as.luca, 'PUT', followersUrl(ticket.id, desk.userIds.luca))).statusCode).toBe(200);
    const after = await desk.getTicket(desk.as.luca, ticket.id);
    expect(after).toMatchObject({ following: true, version: ticket.version });
    expect(after.followers.map((follower) => follower.name)).toEqual(['Giulia Rossi', 'Luca Ferrari']);

    const unfollowed = await desk.call(desk.as.luca, 'DELETE', followersUrl(ticket.id, desk.userIds.luca));
    expect(unfollowed.statusCode, unfollowed.body).toBe(204);
    expect((await followersOf(desk.as.luca, ticket.id)).following).toBe(false);
    expectError(
      await desk.call(desk.as.luca, 'DELETE', followersUrl(ticket.id, desk.userIds.luca)),
      404,
      'FOLLOWER_NOT_FOUND',
    );

    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    const followerChanges = timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'event' ? entry.event.changes : []))
      .filter((change) => change.field === 'followers');
    expect(followerChanges).toEqual([
      { field: 'followers', from: null, to: 'Luca Ferrari' },
      { field: 'followers', from: 'Luca Ferrari', to: null },
    ]);
  });

  it('adds a colleague only when they can see the ticket, and only staff may touch followers', async () => {
    const ticket = await openTicket('Follow: accesso');
    // Emily (Applicazioni, level 2) does not see a level 1 ticket of the Service Desk.
    expectError(
      await desk.call(desk.as.emily, 'PUT', followersUrl(ticket.id, desk.userIds.emily)),
      404,
      'TICKET_NOT_FOUND',
    );
    const refused = expectError(
      await desk.call(desk.as.l1, 'PUT', followersUrl(ticket.id, desk.userIds.emily)),
      400,
      'FOLLOWER_CANNOT_SEE_TICKET',
    );
    expect(refused.details).toEqual({ fields: [{ path: 'params.userId', message: 'Cannot see the ticket' }] });
    expectError(await desk.call(desk.as.l1, 'PUT', followersUrl(ticket.id, UNKNOWN_ID)), 400, 'USER_NOT_FOUND');
    expectError(await desk.call(desk.as.emily, 'GET', followersUrl(ticket.id)), 404, 'TICKET_NOT_FOUND');

    const added = await desk.call(desk.as.l1, 'PUT', followersUrl(ticket.id, desk.userIds.supervisor));
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json<TicketFollowers>().items).toContainEqual(
      expect.objectContaining({ id: desk.userIds.supervisor, addedBy: { id: desk.userIds.l1, name: 'Giulia Rossi' } }),
    );

    // Customers see no followers and cannot touch them.
    const forCustomer = await desk.getTicket(desk.as.customer, ticket.id);
    expect(forCustomer).toMatchObject({ followers: [], followerIds: [], following: false });
    expect(forCustomer.abilities).toMatchObject({ follow: false, manageFollowers: false });
    expect((await desk.call(desk.as.customer, 'GET', followersUrl(ticket.id))).statusCode).toBe(403);
    expect((await desk.call(desk.as.customer, 'PUT', followersUrl(ticket.id, desk.userIds.l1))).statusCode).toBe(403);
  });

  it('lets only whoever holds the ticket remove someone else', async () => {
    const ticket = await openTicket('Follow: rimozione');
    const escalated = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/escalations`, {
      toLevel: 2,
      groupId: desk.groups.network,
      assigneeId: desk.userIds.l2,
      note: 'Serve il secondo livello',
    });
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect((await desk.call(desk.as.l2, 'PUT', followersUrl(ticket.id, desk.userIds.l2))).statusCode).toBe(200);
    // Giulia keeps reading it (her level 1 group) but no longer holds it.
    expect((await desk.getTicket(desk.as.l1, ticket.id)).abilities.manageFollowers).toBe(false);
    expectError(await desk.call(desk.as.l1, 'DELETE', followersUrl(ticket.id, desk.userIds.l2)), 403, 'FORBIDDEN');
    // Marco holds it now: he may take Giulia off, and she may always take herself off.
    expect((await desk.call(desk.as.l2, 'DELETE', followersUrl(ticket.id, desk.userIds.l1))).statusCode).toBe(204);
    expect((await desk.getTicket(desk.as.l1, ticket.id)).following).toBe(false);
  });
});

describe('notifications to followers', () => {
  it('tells followers of public replies, customer replies, status changes and hand-offs, never of their own', async () => {
    const ticket = await openTicket('Follow: notifiche');
    expect((await desk.call(desk.as.l1, 'PUT', followersUrl(ticket.id, desk.userIds.luca))).statusCode).toBe(200);

    // A minute between steps, so that the notifications come back in the order of the steps.
    const reply = (headers: Headers, body: string, visibility = 'public') => {
      desk.server.clock.advance(60_000);
      return desk.call(headers, 'POST', `/api/v1/tickets/${ticket.id}/messages`, { body, visibility });
    };
    expect((await reply(desk.as.l1, 'Stiamo verificando')).statusCode).toBe(201);
    expect((await reply(desk.as.l1, 'Nota interna', 'internal')).statusCode).toBe(201);
    expect((await reply(desk.as.customer, 'Grazie, attendo')).statusCode).toBe(201);
    desk.server.clock.advance(60_000);
    const pending = await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.pending_customer });
    expect(pending.statusCode, pending.body).toBe(200);
    desk.server.clock.advance(60_000);
    const escalated = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/escalations`, {
      toLevel: 2,
      groupId: desk.groups.network,
      note: 'Problema del concentratore',
    });
    expect(escalated.statusCode, escalated.body).toBe(200);

    expect(await notificationsAbout(desk.as.luca, ticket.id)).toEqual([
      { kind: 'ticket_replied', actor: 'Giulia Rossi', note: 'Stiamo verificando' },
      { kind: 'customer_replied', actor: 'Sportello', note: 'Grazie, attendo' },
      { kind: 'ticket_status_changed', actor: 'Giulia Rossi', note: 'Aperto → In attesa del cliente' },
      { kind: 'followed_ticket_escalated', actor: 'Giulia Rossi', note: 'Problema del concentratore' },
    ]);
    // Giulia hears only of what she did not do herself: the customer's reply.
    expect(await notificationsAbout(desk.as.l1, ticket.id)).toEqual([
      { kind: 'customer_replied', actor: 'Sportello', note: 'Grazie, attendo' },
    ]);
    // The receiving group hears of the escalation once, as the receiving group.
    expect((await notificationsAbout(desk.as.l2, ticket.id)).map((item) => item.kind)).toEqual(['ticket_escalated']);
  });
});

describe('merging', () => {
  it('makes the followers of the merged ticket follow the survivor', async () => {
    const survivor = await openTicket('Follow: superstite');
    const duplicate = await openTicket('Follow: duplicato');
    expect((await desk.call(desk.as.l1, 'PUT', followersUrl(duplicate.id, desk.userIds.supervisor))).statusCode).toBe(
      200,
    );
    expect((await desk.call(desk.as.luca, 'PUT', followersUrl(duplicate.id, desk.userIds.luca))).statusCode).toBe(200);
    const merged = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${duplicate.id}/merge`, {
      targetTicketId: survivor.id,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(
      merged
        .json<Ticket>()
        .followers.map((follower) => follower.name)
        .sort(),
    ).toEqual(['Giulia Rossi', 'Luca Ferrari', 'Stefano Moretti'].sort());
    // The merged ticket takes no new followers.
    expectError(await desk.call(desk.as.l1, 'PUT', followersUrl(duplicate.id, desk.userIds.l1)), 409, 'TICKET_MERGED');
  });
});
