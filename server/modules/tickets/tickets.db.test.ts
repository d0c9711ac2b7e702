/** Tickets through the API: numbers, opening, priority, status rules, concurrency, views, filters, pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { signIn } from '../../test-support/test-server.js';
import {
  expectError,
  idsOf,
  openDesk,
  UNKNOWN_ID,
  type Desk,
  type Headers,
  type StaffKey,
} from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

let serial = 0;
/** A ticket opened by level 1 for the demo customer; `extra` overrides the defaults. */
const open = (extra: Record<string, unknown> = {}, headers: Headers = desk.as.l1) =>
  desk.createTicket(headers, {
    type: 'incident',
    subject: `Prova ${++serial}`,
    description: 'Descrizione della prova',
    requester: { email: 'customer@example.com' },
    ...extra,
  });

const OPEN = ['new', 'open', 'pending_customer', 'pending_supplier'];
const sequenceOf = (number: string) => Number(number.split('-')[1]);

describe('numbers', () => {
  it('numbers tickets YYYY-NNNNNN in one sequence per year', async () => {
    const demo = await desk.list(desk.as.admin, 'sort=created_asc');
    expect(demo.map((ticket) => ticket.number)).toEqual([1, 2, 3, 4, 5].map((n) => `2026-00000${n}`));
    const first = await open();
    const second = await open();
    expect(first.number).toBe('2026-000006');
    expect(second.number).toBe('2026-000007');
  });

  it('takes the year of creation in Europe/Rome', async () => {
    const before = desk.server.clock.now();
    try {
      desk.server.clock.set('2026-12-31T22:59:00Z'); // 23:59 in Rome
      expect((await open()).number).toMatch(/^2026-\d{6}$/);
      desk.server.clock.set('2026-12-31T23:30:00Z'); // 00:30 of 1 January in Rome
      expect((await open()).number).toBe('2027-000001');
      expect((await open()).number).toBe('2027-000002');
    } finally {
      desk.server.clock.set(before);
    }
    expect(sequenceOf((await open()).number)).toBe(sequenceOf((await open()).number) - 1);
  });

  it('gives tickets opened at the same moment distinct, consecutive numbers', async () => {
    const made = await Promise.all([1, 2, 3, 4, 5, 6].map(() => open()));
    const sequences = made.map((ticket) => sequenceOf(ticket.number)).sort((a, b) => a - b);
    expect(sequences).toEqual([0, 1, 2, 3, 4, 5].map((offset) => sequences[0]! + offset));
  });
});

describe('opening a ticket', () => {
  it('makes an unknown requester a contact of the organisation of their domain', async () => {
    const ticket = await open({ requester: { email: 'Nuova.Collega@ACME.it', name: 'Nuova Collega' } });
    expect(ticket.requester).toMatchObject({ name: 'Nuova Collega', email: 'nuova.collega@acme.it' });
    expect(ticket.organization?.name).toBe('Acme S.p.A.');
    const contacts = await desk.call(desk.as.l1, 'GET', '/api/v1/contacts?q=nuova.collega');
    expect(contacts.json().items).toMatchObject([{ id: ticket.requester.id, organizationName: 'Acme S.p.A.' }]);
    const again = await open({ requester: { email: 'nuova.collega@acme.it' } });
    expect(again.requester.id).toBe(ticket.requester.id);
    const outsider = await open({ requester: { email: 'someone@unknown-domain.example' } });
    expect(outsider.organization).toBeNull();
  });

  it('refuses a staff address as requester, and staff without a requester', async () => {
    expectError(
      await desk.call(desk.as.l1, 'POST', '/api/v1/tickets', {
        type: 'incident',
        subject: 'Per un collega',
        description: 'x',
        requester: { email: 'l2@example.com' },
      }),
      400,
      'REQUESTER_IS_STAFF',
    );
    const missing = expectError(
      await desk.call(desk.as.l1, 'POST', '/api/v1/tickets', { type: 'incident', subject: 'Senza', description: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(missing.details)).toContain('body.requester');
  });

  it('opens a new level 1 ticket that its author follows', async () => {
    const ticket = await open({ channel: 'phone' });
    expect(ticket).toMatchObject({
      status: { category: 'new' },
      supportLevel: 1,
      group: { id: desk.groups.desk },
      assignee: null,
      channel: 'phone',
      followerIds: [desk.userIds.l1],
    });
  });

  it('lets customers open for themselves, from the portal', async () => {
    const session = await signIn(desk.server, 'customer@example.com');
    const ticket = await desk.createTicket(session.headers, {
      type: 'service_request',
      subject: 'Dal portale',
      description: 'Richiesta dal portale',
      tags: ['vip'],
    });
    expect(ticket).toMatchObject({ channel: 'portal', requester: { email: 'customer@example.com' }, tags: [] });
    const forSomeoneElse = await desk.server.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: session.headers,
      payload: {
        type: 'incident',
        subject: 'Per un altro',
        description: 'x',
        requester: { email: 'roberto.mancini@acme.it' },
      },
    });
    expect(forSomeoneElse.statusCode).toBe(400);
    expect(forSomeoneElse.json().error.details.fields[0].path).toBe('body.requester');
    expect(ticket.organization?.name).toBe('Acme S.p.A.');
    const byToken = await open({ requester: undefined }, desk.as.customer);
    expect(byToken).toMatchObject({ channel: 'api', requester: { id: ticket.requester.id } });
  });

  it('derives the priority from impact × urgency and recomputes it on a change', async () => {
    expect((await open({ impact: 'high', urgency: 'high' })).priority).toBe('P1');
    expect((await open({ impact: 'low', urgency: 'low' })).priority).toBe('P5');
    expect((await open()).priority).toBe('P3');
    const ticket = await open({ impact: 'high', urgency: 'high' });
    const response = await desk.patch(desk.as.l1, ticket.id, { impact: 'low' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ impact: 'low', urgency: 'high', priority: 'P3', version: 2 });
    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    const updated = timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'event' && entry.event.kind === 'updated' ? [entry.event] : []));
    expect(updated).toHaveLength(1);
    expect(updated[0]!.actor).toMatchObject({ kind: 'user', name: 'Giulia Rossi' });
    expect(updated[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'impact', from: 'high', to: 'low' },
        { field: 'priority', from: 'P1', to: 'P3' },
      ]),
    );
  });
});

describe('changing a ticket', () => {
  it('follows the status rules, setting and clearing resolvedAt', async () => {
    const { statuses } = desk;
    const ticket = await open();
    const resolved = await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.resolved });
    expect(resolved.json()).toMatchObject({ status: { category: 'resolved' } });
    expect(resolved.json().resolvedAt).toBe(desk.server.clock.now().toISOString());
    const reopened = await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.open });
    expect(reopened.json()).toMatchObject({ status: { category: 'open' }, resolvedAt: null });
    const closed = await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.closed });
    expect(closed.json().closedAt).toBe(desk.server.clock.now().toISOString());

    const refused = expectError(
      await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.pending_customer }),
      409,
      'INVALID_STATUS_TRANSITION',
    );
    expect(refused.details).toMatchObject({
      from: 'closed',
      to: 'pending_customer',
      allowedStatusIds: [statuses.open],
    });
    expectError(
      await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.merged }),
      409,
      'INVALID_STATUS_TRANSITION',
    );
    expectError(await desk.patch(desk.as.l1, ticket.id, { statusId: UNKNOWN_ID }), 400, 'STATUS_NOT_FOUND');

    const again = await desk.patch(desk.as.l1, ticket.id, { statusId: statuses.open });
    expect(again.json()).toMatchObject({ status: { category: 'open' }, resolvedAt: null, closedAt: null });
  });

  it('refuses a stale version and keeps the first change', async () => {
    const ticket = await open();
    const url = `/api/v1/tickets/${ticket.id}`;
    const first = await desk.call(desk.as.l1, 'PATCH', url, { version: ticket.version, subject: 'Prima' });
    expect(first.statusCode).toBe(200);
    const second = expectError(
      await desk.call(desk.as.luca, 'PATCH', url, { version: ticket.version, subject: 'Seconda' }),
      409,
      'TICKET_VERSION_CONFLICT',
    );
    expect(second.details).toMatchObject({ currentVersion: ticket.version + 1 });
    expect((await desk.getTicket(desk.as.l1, ticket.id)).subject).toBe('Prima');
  });

  it('saves one of two changes made at the same moment, and no reply after closing', async () => {
    const ticket = await open();
    const url = `/api/v1/tickets/${ticket.id}`;
    const saves = await Promise.all(
      ['Primo', 'Secondo'].map((subject) => desk.call(desk.as.l1, 'PATCH', url, { version: ticket.version, subject })),
    );
    expect(saves.map((response) => response.statusCode).sort()).toEqual([200, 409]);

    // The same when both change the status (which the row is locked with).
    const next = await open();
    const both = await Promise.all(
      [desk.statuses.resolved, desk.statuses.closed].map((statusId) =>
        desk.call(desk.as.l1, 'PATCH', `/api/v1/tickets/${next.id}`, { version: next.version, statusId }),
      ),
    );
    expect(both.map((response) => response.statusCode).sort(), both[1]!.body).toEqual([200, 409]);
    expect(both.find((response) => response.statusCode === 409)!.json().error.code).toBe('TICKET_VERSION_CONFLICT');

    // A reply moves the new ticket to open (a new version): it and the close cannot both succeed.
    const other = await open();
    const [reply, close] = await Promise.all([
      desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${other.id}/messages`, { body: 'Risposta' }),
      desk.call(desk.as.luca, 'PATCH', `/api/v1/tickets/${other.id}`, {
        version: other.version,
        statusId: desk.statuses.closed,
      }),
    ]);
    expect([reply!.statusCode, close!.statusCode], `${reply!.body} ${close!.body}`).not.toEqual([201, 200]);
    if (close!.statusCode === 200) expect(reply!.json().error.code).toBe('TICKET_CLOSED');
  });

  it('keeps the assignee within the group and the group within the level', async () => {
    const ticket = await open();
    expectError(await desk.patch(desk.as.l1, ticket.id, { assigneeId: desk.userIds.l2 }), 400, 'ASSIGNEE_NOT_IN_GROUP');
    expectError(await desk.patch(desk.as.l1, ticket.id, { groupId: desk.groups.network }), 400, 'GROUP_LEVEL_MISMATCH');
    const assigned = await desk.patch(desk.as.l1, ticket.id, { assigneeId: desk.userIds.luca });
    expect(assigned.json()).toMatchObject({ assignee: { id: desk.userIds.luca, name: 'Luca Ferrari' } });
    const notices = await desk.call(desk.as.luca, 'GET', '/api/v1/notifications');
    expect(notices.json().items).toContainEqual(
      expect.objectContaining({ kind: 'ticket_assigned', ticket: expect.objectContaining({ id: ticket.id }) }),
    );
  });

  it('lets an agent take a ticket once', async () => {
    const ticket = await open();
    const take = `/api/v1/tickets/${ticket.id}/take`;
    const taken = await desk.call(desk.as.luca, 'POST', take);
    expect(taken.json()).toMatchObject({ assignee: { id: desk.userIds.luca }, abilities: { take: false } });
    expectError(await desk.call(desk.as.luca, 'POST', take), 409, 'CANNOT_TAKE');
  });

  it('answers 404 TICKET_NOT_FOUND for an unknown id, and 400 for a malformed one', async () => {
    const base = `/api/v1/tickets/${UNKNOWN_ID}`;
    for (const [method, url, payload] of [
      ['GET', base],
      ['PATCH', base, { version: 1, subject: 'x' }],
      ['GET', `${base}/messages`],
      ['POST', `${base}/messages`, { body: 'x' }],
      ['GET', `${base}/timeline`],
      ['POST', `${base}/take`],
      ['POST', `${base}/escalations`, { toLevel: 2, note: 'x' }],
      ['POST', `${base}/supervisor-escalations`, { note: 'x' }],
    ] as const) {
      expectError(await desk.call(desk.as.admin, method, url, payload), 404, 'TICKET_NOT_FOUND');
    }
    expect((await desk.call(desk.as.admin, 'GET', '/api/v1/tickets/not-an-id')).statusCode).toBe(400);
  });
});

describe('views', () => {
  const memberships = (): Record<StaffKey, string[]> => ({
    admin: [],
    supervisor: Object.values(desk.groups),
    l1: [desk.groups.desk],
    luca: [desk.groups.desk],
    l2: [desk.groups.network, desk.groups.apps],
    emily: [desk.groups.apps],
  });
  const checks: Record<string, (ticket: Ticket, who: StaffKey) => boolean> = {
    my: (ticket, who) => ticket.assignee?.id === desk.userIds[who],
    my_groups: (ticket, who) => memberships()[who].includes(ticket.group!.id),
    level1_unassigned: (ticket) => ticket.supportLevel === 1 && ticket.assignee === null,
    level2_unassigned: (ticket) => ticket.supportLevel === 2 && ticket.assignee === null,
    waiting_customer: (ticket) => ticket.status.category === 'pending_customer',
  };

  it('counts what each view lists, for every staff member', async () => {
    for (const who of ['admin', 'supervisor', 'l1', 'l2', 'luca', 'emily'] as const) {
      const response = await desk.call(desk.as[who], 'GET', '/api/v1/tickets/views');
      expect(response.statusCode).toBe(200);
      const counts = response.json<{ items: { view: string; count: number }[] }>().items;
      expect(counts.map((item) => item.view)).toEqual([
        'my',
        'my_groups',
        'level1_unassigned',
        'level2_unassigned',
        'waiting_customer',
        'all_open',
      ]);
      for (const { view, count } of counts) {
        const items = await desk.list(desk.as[who], `view=${view}`);
        expect(items.length, `${who} ${view}`).toBe(count);
        for (const ticket of items) {
          if (view !== 'waiting_customer') expect(OPEN).toContain(ticket.status.category);
          expect(checks[view]?.(ticket, who) ?? true, `${who} ${view} ${ticket.number}`).toBe(true);
        }
      }
    }
  });

  it('puts the demo tickets in their views', async () => {
    const vpn = await desk.demoTicket('La VPN');
    const wifi = await desk.demoTicket('Wi-Fi lento');
    expect(idsOf(await desk.list(desk.as.l2, 'view=level2_unassigned'))).toContain(vpn.id);
    expect(idsOf(await desk.list(desk.as.l2, 'view=my_groups'))).toContain(vpn.id);
    expect(idsOf(await desk.list(desk.as.l1, 'view=waiting_customer'))).toContain(wifi.id);
    expect(idsOf(await desk.list(desk.as.l1, 'view=my'))).toContain(wifi.id);
    expect(idsOf(await desk.list(desk.as.l1, 'view=my_groups'))).not.toContain(vpn.id);
    expect((await desk.call(desk.as.customer, 'GET', '/api/v1/tickets/views')).statusCode).toBe(403);
  });
});

describe('filters', () => {
  const every = async (query: string, predicate: (ticket: Ticket) => boolean) => {
    const items = await desk.list(desk.as.admin, query);
    expect(items.length, query).toBeGreaterThan(0);
    for (const ticket of items) expect(predicate(ticket), `${query}: ${ticket.number}`).toBe(true);
    return idsOf(items);
  };

  it('filters by status and priority lists, level, group and assignee', async () => {
    const vpn = await desk.demoTicket('La VPN');
    const wifi = await desk.demoTicket('Wi-Fi lento');
    const mailbox = await desk.demoTicket('Casella piena');
    const starter = await desk.demoTicket('New starter');
    const statuses = await every('status=new,pending_customer', (t) =>
      ['new', 'pending_customer'].includes(t.status.category),
    );
    expect(statuses).toEqual(expect.arrayContaining([wifi.id, starter.id]));
    expect(statuses).not.toContain((await desk.demoTicket('Installare la stampante')).id); // resolved
    const priorities = await every('priority=P1,P5', (t) => ['P1', 'P5'].includes(t.priority));
    expect(priorities).toEqual(expect.arrayContaining([mailbox.id, wifi.id]));
    expect(await every('level=2', (t) => t.supportLevel === 2)).toContain(vpn.id);
    expect(await every(`groupId=${desk.groups.network}`, (t) => t.group?.id === desk.groups.network)).toContain(vpn.id);
    const l1 = desk.userIds.l1;
    const mine = await desk.list(desk.as.l1, 'assigneeId=me');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.assignee?.id === l1)).toBe(true);
    expect(idsOf(mine).sort()).toEqual((await every(`assigneeId=${l1}`, (t) => t.assignee?.id === l1)).sort());
    expect(await every('assigneeId=none', (t) => t.assignee === null)).toContain(starter.id);
    const combined = await desk.list(desk.as.admin, 'level=1&priority=P5');
    expect(combined.every((t) => t.supportLevel === 1 && t.priority === 'P5')).toBe(true);
    expect((await desk.call(desk.as.admin, 'GET', '/api/v1/tickets?status=bogus')).statusCode).toBe(400);
  });

  it('filters by requester, tag and text', async () => {
    const roberto = await desk.contactId('roberto.mancini@acme.it');
    const printer = await desk.demoTicket('Installare la stampante');
    expect(await every(`requesterId=${roberto}`, (t) => t.requester.id === roberto)).toContain(printer.id);
    const tagged = await open({ tags: [' VPN ', 'Urgente', 'vpn'], subject: 'Zanzara elettrica in sala server' });
    expect(tagged.tags).toEqual(['urgente', 'vpn']);
    expect(await every('tag=VPN', (t) => t.tags.includes('vpn'))).toEqual([tagged.id]);
    expect(await desk.list(desk.as.admin, 'tag=nessuno')).toEqual([]);
    expect(idsOf(await desk.list(desk.as.admin, `q=${tagged.number}`))).toEqual([tagged.id]);
    expect(idsOf(await desk.list(desk.as.admin, `q=${encodeURIComponent(`[#${tagged.number}]`)}`))).toEqual([
      tagged.id,
    ]);
    expect(idsOf(await desk.list(desk.as.admin, 'q=zanzara%20ELETTRICA'))).toEqual([tagged.id]);
    expect(await desk.list(desk.as.admin, 'q=nessuna-corrispondenza')).toEqual([]);
  });
});

describe('cursor pagination', () => {
  const sortKey: Record<string, (t: Ticket) => string> = {
    updated_desc: (t) => t.updatedAt,
    created_desc: (t) => t.createdAt,
    created_asc: (t) => t.createdAt,
    priority: (t) => t.priority,
  };

  it('walks every ticket once, in order, for each sort', async () => {
    // Ties on every sort key: three tickets at the same instant with the same priority.
    for (let i = 0; i < 3; i++) await open({ impact: 'low', urgency: 'low' });
    const total = (await desk.list(desk.as.admin)).length;
    for (const sort of Object.keys(sortKey)) {
      const seen: Ticket[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/tickets?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await desk.call(desk.as.admin, 'GET', url);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: Ticket[]; nextCursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(total);
      expect(new Set(idsOf(seen)).size).toBe(total);
      expect(idsOf(seen)).toEqual(idsOf(await desk.list(desk.as.admin, `sort=${sort}`)));
      const keys = seen.map(sortKey[sort]!);
      const sorted = [...keys].sort();
      expect(keys).toEqual(sort.endsWith('desc') ? sorted.reverse() : sorted);
    }
  });

  it('refuses a cursor it did not make', async () => {
    expectError(await desk.call(desk.as.admin, 'GET', '/api/v1/tickets?cursor=bm9wZQ'), 400, 'INVALID_CURSOR');
  });
});
