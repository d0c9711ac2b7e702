/**
 * An agent's unassigned and group views are read arm by arm of what the agent may see (a page per
 * group, per level 1 group, for what they follow: ADR 0018) and merged. Whatever the arms, a view
 * must list exactly the tickets the agent may open that the view's rule selects, in the list's
 * order, each once, across pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../contracts/tickets.contract.js';
import { idsOf, openDesk, pagedList, type Desk, type StaffKey } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
  const make = async (subject: string) =>
    desk.createTicket(desk.as.l1, {
      type: 'incident',
      subject,
      description: 'Prova',
      requester: { email: 'customer@example.com' },
    });
  const expectOk = (response: { statusCode: number; body: string }) =>
    expect(response.statusCode, response.body).toBeLessThan(300);
  // Level 1, unassigned, followed by Emily (apps, level 2): the only level 1 ticket she sees. It
  // was escalated to apps, where she followed it, and handed back.
  const followed = await make('Seguito da Emily');
  const escalate = (id: string, body: object) =>
    desk.call(desk.as.admin, 'POST', `/api/v1/tickets/${id}/escalations`, { note: 'Passaggio', ...body });
  expectOk(await escalate(followed.id, { toLevel: 2, groupId: desk.groups.apps }));
  expectOk(await desk.call(desk.as.admin, 'PUT', `/api/v1/tickets/${followed.id}/followers/${desk.userIds.emily}`));
  expectOk(await escalate(followed.id, { toLevel: 1 }));
  // Level 1, assigned to Luca.
  const lucas = await make('Assegnato a Luca');
  expectOk(await desk.patch(desk.as.admin, lucas.id, { assigneeId: desk.userIds.luca }));
  // Escalated from the desk to apps and to network (unassigned at level 2), one of them taken by l2.
  for (const [subject, groupId] of [
    ['Scalato ad apps', desk.groups.apps],
    ['Scalato a network', desk.groups.network],
    ['Preso da l2', desk.groups.network],
  ] as const) {
    const ticket = await make(subject);
    expectOk(await escalate(ticket.id, { toLevel: 2, groupId }));
    if (subject === 'Preso da l2')
      expectOk(await desk.patch(desk.as.admin, ticket.id, { assigneeId: desk.userIds.l2 }));
  }
  // Followed as well as in the follower's group: listed once.
  const both = await make('Nel gruppo e seguito');
  expectOk(await desk.call(desk.as.admin, 'PUT', `/api/v1/tickets/${both.id}/followers/${desk.userIds.l1}`));
  // Waiting for the customer, in the desk.
  const waiting = await make('In attesa del cliente');
  expectOk(await desk.patch(desk.as.admin, waiting.id, { statusId: desk.statuses.pending_customer }));
});
afterAll(async () => {
  await desk.dispose();
});

const OPEN = ['new', 'open', 'pending_customer', 'pending_supplier'];
const GROUPS_OF: Partial<Record<StaffKey, (keyof Desk['groups'])[]>> = {
  l1: ['desk'],
  luca: ['desk'],
  l2: ['network', 'apps'],
  emily: ['apps'],
  supervisor: ['desk', 'network', 'apps'],
};

const VIEWS: Record<string, (ticket: Ticket, user: { id: string; groupIds: string[] }) => boolean> = {
  my: (ticket, user) => OPEN.includes(ticket.status.category) && ticket.assignee?.id === user.id,
  my_groups: (ticket, user) => OPEN.includes(ticket.status.category) && user.groupIds.includes(ticket.group!.id),
  level1_unassigned: (ticket) => OPEN.includes(ticket.status.category) && ticket.supportLevel === 1 && !ticket.assignee,
  level2_unassigned: (ticket) => OPEN.includes(ticket.status.category) && ticket.supportLevel === 2 && !ticket.assignee,
  waiting_customer: (ticket) => ticket.status.category === 'pending_customer',
  all_open: (ticket) => OPEN.includes(ticket.status.category),
};

describe('views read arm by arm', () => {
  it.each(['l1', 'luca', 'l2', 'emily', 'supervisor', 'admin'] as const)(
    'list for %s exactly what they may open that the view selects, in order, once',
    async (staff) => {
      const user = {
        id: desk.userIds[staff],
        groupIds: (GROUPS_OF[staff] ?? []).map((group) => desk.groups[group]),
      };
      const everything = await desk.list(desk.as.admin, 'sort=created_asc');
      const visible = new Set<string>();
      for (const ticket of everything) {
        const response = await desk.call(desk.as[staff], 'GET', `/api/v1/tickets/${ticket.id}`);
        if (response.statusCode === 200) visible.add(ticket.id);
      }
      for (const sort of ['updated_desc', 'created_asc', 'priority']) {
        const inOrder = await desk.list(desk.as.admin, `sort=${sort}`);
        for (const [view, selects] of Object.entries(VIEWS)) {
          const expected = idsOf(inOrder.filter((ticket) => visible.has(ticket.id) && selects(ticket, user)));
          expect(
            idsOf(await pagedList(desk, desk.as[staff], `view=${view}&sort=${sort}`)),
            `${view} by ${sort}`,
          ).toEqual(expected);
        }
      }
    },
  );

  it('finds the escalated and followed tickets where each agent expects them', async () => {
    const subjects = async (staff: StaffKey, view: string) =>
      (await desk.list(desk.as[staff], `view=${view}`)).map((ticket) => ticket.subject).sort();
    expect(await subjects('emily', 'level1_unassigned')).toEqual(['Seguito da Emily']);
    expect(await subjects('l2', 'level1_unassigned')).toEqual([]);
    expect(await subjects('l1', 'level2_unassigned')).toEqual(
      expect.arrayContaining(['Scalato a network', 'Scalato ad apps']),
    );
    expect(await subjects('emily', 'level2_unassigned')).toEqual(expect.arrayContaining(['Scalato ad apps']));
    expect(await subjects('emily', 'level2_unassigned')).not.toContain('Scalato a network');
    // The search box names the requester: each arm joins them.
    expect(await subjects('emily', 'level1_unassigned&q=Chiara')).toEqual(['Seguito da Emily']);
    expect(await subjects('l1', 'level1_unassigned&q=Chiara')).toContain('Nel gruppo e seguito');
  });
});
