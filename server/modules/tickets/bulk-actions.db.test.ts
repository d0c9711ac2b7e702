/** Bulk actions on tickets, through the API: results per ticket, same rules as one by one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkActionResult } from '../../../contracts/ticket-bulk.contract.js';
import type { Notification, Ticket } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const open = (subject: string) =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: `${subject}: descrizione`,
    requester: { email: 'roberto.mancini@acme.it' },
    serviceId: desk.services.network,
    categoryId: desk.categories.vpn,
  });

async function bulk(headers: Headers, ticketIds: string[], action: Record<string, unknown>) {
  const response = await desk.call(headers, 'POST', '/api/v1/tickets/bulk', { ticketIds, action });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ results: BulkActionResult[] }>().results;
}

const allOk = (ids: string[]) => ids.map((ticketId) => ({ ticketId, ok: true }));

describe('bulk actions', () => {
  it('assigns, sets status and priority and adds a tag to every ticket, with history and notifications', async () => {
    const tickets = await Promise.all([open('Bulk: uno'), open('Bulk: due'), open('Bulk: tre')]);
    const ids = tickets.map((ticket) => ticket.id);

    expect(await bulk(desk.as.l1, ids, { type: 'assign', assigneeId: desk.userIds.luca })).toEqual(allOk(ids));
    expect(await bulk(desk.as.l1, ids, { type: 'add_tag', tag: ' VPN ' })).toEqual(allOk(ids));
    expect(await bulk(desk.as.l1, ids, { type: 'priority', impact: 'high', urgency: 'high' })).toEqual(allOk(ids));
    expect(await bulk(desk.as.l1, ids, { type: 'status', status: 'pending_customer' })).toEqual(allOk(ids));

    for (const id of ids) {
      const ticket = await desk.getTicket(desk.as.l1, id);
      expect(ticket).toMatchObject({
        assignee: { id: desk.userIds.luca },
        tags: ['vpn'],
        impact: 'high',
        urgency: 'high',
        priority: 'P1',
        status: { category: 'pending_customer' },
      });
    }
    const notifications = await desk.call(desk.as.luca, 'GET', '/api/v1/notifications?limit=200');
    const assigned = notifications
      .json<{ items: Notification[] }>()
      .items.filter((item) => item.kind === 'ticket_assigned' && ids.includes(item.ticket.id));
    expect(assigned).toHaveLength(3);
    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ids[0]}/timeline`);
    expect(timeline.body).toContain('"field":"tags"');
  });

  it('adds a tag to the tags a ticket has when the action runs, without a version', async () => {
    const ticket = await open('Bulk: tag concorrente');
    // A colleague tags it after the list was read: the bulk action keeps that tag.
    expect((await desk.patch(desk.as.luca, ticket.id, { tags: ['vip'] })).statusCode).toBe(200);
    expect(await bulk(desk.as.l1, [ticket.id, ticket.id], { type: 'add_tag', tag: 'rete' })).toEqual(
      allOk([ticket.id]),
    );
    expect((await desk.getTicket(desk.as.l1, ticket.id)).tags).toEqual(['rete', 'vip']);
  });

  it('reports per ticket what failed and applies the rest', async () => {
    const atLevel1 = await open('Bulk: livello 1');
    const atLevel2 = await open('Bulk: livello 2');
    const escalated = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${atLevel2.id}/escalations`, {
      toLevel: 2,
      groupId: desk.groups.network,
      note: 'Al secondo livello',
    });
    expect(escalated.statusCode, escalated.body).toBe(200);

    // Marco belongs to the level 2 groups only: he can take the escalated ticket, not the other one.
    const results = await bulk(desk.as.admin, [atLevel1.id, atLevel2.id], {
      type: 'assign',
      assigneeId: desk.userIds.l2,
    });
    expect(results).toEqual([
      {
        ticketId: atLevel1.id,
        ok: false,
        error: { code: 'ASSIGNEE_NOT_IN_GROUP', message: 'The assignee must be an active member of the ticket group' },
      },
      { ticketId: atLevel2.id, ok: true },
    ]);
    expect((await desk.getTicket(desk.as.admin, atLevel1.id)).assignee).toBeNull();
    expect((await desk.getTicket(desk.as.admin, atLevel2.id)).assignee?.id).toBe(desk.userIds.l2);

    // The status rules hold: a closed ticket does not go back to new.
    expect((await desk.patch(desk.as.l1, atLevel1.id, { statusId: desk.statuses.closed })).statusCode).toBe(200);
    const reopened = await bulk(desk.as.admin, [atLevel1.id], { type: 'status', statusId: desk.statuses.new });
    expect(reopened).toMatchObject([
      { ticketId: atLevel1.id, ok: false, error: { code: 'INVALID_STATUS_TRANSITION' } },
    ]);
  });

  it('answers TICKET_NOT_FOUND for tickets the caller cannot see, exactly as for unknown ones', async () => {
    const ticket = await open('Bulk: invisibile');
    // Emily (Applicazioni) does not see a level 1 ticket of the Service Desk.
    const results = await bulk(desk.as.emily, [ticket.id, UNKNOWN_ID], { type: 'add_tag', tag: 'spia' });
    const notFound = { code: 'TICKET_NOT_FOUND', message: 'No such ticket' };
    expect(results).toEqual([
      { ticketId: ticket.id, ok: false, error: notFound },
      { ticketId: UNKNOWN_ID, ok: false, error: notFound },
    ]);
    expect((await desk.getTicket(desk.as.admin, ticket.id)).tags).toEqual([]);
    const forCustomer = await desk.call(desk.as.customer, 'POST', '/api/v1/tickets/bulk', {
      ticketIds: [ticket.id],
      action: { type: 'add_tag', tag: 'x' },
    });
    expectError(forCustomer, 403, 'FORBIDDEN');
  });

  it('merges the set into the chosen survivor', async () => {
    const survivor = await open('Bulk: superstite');
    const first = await open('Bulk: doppione 1');
    const second = await open('Bulk: doppione 2');
    const ids = [first.id, survivor.id, second.id];
    expect(await bulk(desk.as.l1, ids, { type: 'merge', targetTicketId: survivor.id })).toEqual(allOk(ids));
    for (const duplicate of [first, second]) {
      expect(await desk.getTicket(desk.as.l1, duplicate.id)).toMatchObject({
        status: { category: 'merged' },
        mergedInto: { id: survivor.id },
      });
    }
    expect((await desk.getTicket(desk.as.l1, survivor.id)).status.category).not.toBe('merged');
  });

  it('refuses a malformed request as a whole (400 with the failing fields)', async () => {
    const ticket: Ticket = await open('Bulk: validazione');
    const post = (payload: object) => desk.call(desk.as.l1, 'POST', '/api/v1/tickets/bulk', payload);
    expectError(await post({ ticketIds: [], action: { type: 'add_tag', tag: 'x' } }), 400, 'VALIDATION_FAILED');
    const tooMany = Array.from({ length: 201 }, () => ticket.id);
    expectError(await post({ ticketIds: tooMany, action: { type: 'add_tag', tag: 'x' } }), 400, 'VALIDATION_FAILED');
    expectError(
      await post({ ticketIds: ['not-a-uuid'], action: { type: 'add_tag', tag: 'x' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await post({ ticketIds: [ticket.id], action: { type: 'delete' } }), 400, 'VALIDATION_FAILED');
    expectError(
      await post({ ticketIds: [ticket.id], action: { type: 'add_tag', tag: '  ' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await post({ ticketIds: [ticket.id], action: { type: 'priority' } }), 400, 'VALIDATION_FAILED');
    expectError(
      await post({ ticketIds: [ticket.id], action: { type: 'status', status: 'open', statusId: desk.statuses.open } }),
      400,
      'VALIDATION_FAILED',
    );
    const unknownStatus = expectError(
      await post({ ticketIds: [ticket.id], action: { type: 'status', statusId: UNKNOWN_ID } }),
      400,
      'STATUS_NOT_FOUND',
    );
    expect(unknownStatus.details).toEqual({ fields: [{ path: 'body.action.statusId', message: 'Unknown status' }] });
    // Nothing changed.
    expect(await desk.getTicket(desk.as.l1, ticket.id)).toMatchObject({ tags: [], version: ticket.version });
  });
});
