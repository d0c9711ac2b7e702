/** Who sees and does what with tickets, role by role; internal notes never reach a customer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { idsOf, openDesk, type Desk, type Headers } from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const INTERNAL_NOTE = 'timeout di keepalive lato concentratore'; // the demo VPN ticket's internal note
const ESCALATION_NOTE = 'Serve verifica sul concentratore VPN'; // …and its escalation note

/** Status codes of every way to read or act on a ticket, for one caller. */
async function accessOf(headers: Headers, id: string) {
  const base = `/api/v1/tickets/${id}`;
  const status = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    (await desk.call(headers, method, url, payload)).statusCode;
  return {
    get: await status('GET', base),
    messages: await status('GET', `${base}/messages`),
    timeline: await status('GET', `${base}/timeline`),
    reply: await status('POST', `${base}/messages`, { body: 'Una risposta' }),
    patch: await status('PATCH', base, { version: 1, subject: 'Cambiato' }),
  };
}
const HIDDEN = { get: 404, messages: 404, timeline: 404, reply: 404, patch: 404 };
const HIDDEN_FROM_CUSTOMER = { ...HIDDEN, patch: 403 };

const openFor = (email: string, extra: Record<string, unknown> = {}) =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject: `Per ${email}`,
    description: 'Descrizione',
    requester: { email },
    ...extra,
  });

async function timelineOf(headers: Headers, id: string): Promise<TimelineEntry[]> {
  const response = await desk.call(headers, 'GET', `/api/v1/tickets/${id}/timeline`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: TimelineEntry[] }>().items;
}

async function messagesOf(headers: Headers, id: string): Promise<Message[]> {
  const response = await desk.call(headers, 'GET', `/api/v1/tickets/${id}/messages`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Message[] }>().items;
}

const reply = (headers: Headers, id: string, payload: Record<string, unknown>) =>
  desk.call(headers, 'POST', `/api/v1/tickets/${id}/messages`, payload);

describe('staff', () => {
  it('shows every ticket to admins and supervisors', async () => {
    const all = idsOf(await desk.list(desk.as.admin)).sort();
    expect(all).toHaveLength(5);
    expect(idsOf(await desk.list(desk.as.supervisor)).sort()).toEqual(all);
    const vpn = await desk.demoTicket('La VPN');
    expect((await desk.call(desk.as.supervisor, 'GET', `/api/v1/tickets/${vpn.id}`)).statusCode).toBe(200);
  });

  it('keeps showing escalated tickets to the whole level 1 group', async () => {
    const vpn = await desk.demoTicket('La VPN');
    expect(vpn).toMatchObject({ supportLevel: 2, group: { id: desk.groups.network } });
    // Luca never worked it: he sees it as a member of the level 1 group it came from.
    expect(vpn.followerIds).not.toContain(desk.userIds.luca);
    expect((await desk.getTicket(desk.as.luca, vpn.id)).abilities.escalate).toBe(false);
    expect(idsOf(await desk.list(desk.as.luca))).toContain(vpn.id);
  });

  it("hides a group's ticket from an agent of another group until it is escalated to theirs", async () => {
    const ticket = await openFor('customer@example.com', { serviceId: desk.services.email });
    expect(await accessOf(desk.as.emily, ticket.id)).toEqual(HIDDEN);
    expect((await desk.call(desk.as.emily, 'POST', `/api/v1/tickets/${ticket.id}/take`)).statusCode).toBe(404);
    expect(idsOf(await desk.list(desk.as.emily))).not.toContain(ticket.id);
    expect((await desk.call(desk.as.l2, 'GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);

    const escalated = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/escalations`, {
      toLevel: 2,
      note: 'Per Applicazioni',
    });
    expect(escalated.json()).toMatchObject({ group: { id: desk.groups.apps } });
    expect((await desk.getTicket(desk.as.emily, ticket.id)).abilities).toMatchObject({ take: true, handBack: true });
    expect(idsOf(await desk.list(desk.as.emily))).toContain(ticket.id);
    // An agent's list holds only tickets of their groups, or that they work or follow.
    for (const item of await desk.list(desk.as.emily)) {
      const theirs =
        item.group?.id === desk.groups.apps ||
        item.assignee?.id === desk.userIds.emily ||
        item.followerIds.includes(desk.userIds.emily);
      expect(theirs, item.number).toBe(true);
    }
  });
});

describe('customers', () => {
  it("see their own tickets and their organisation's when it shares them", async () => {
    const printer = await desk.demoTicket('Installare la stampante'); // Roberto's, Acme
    const vpn = await desk.demoTicket('La VPN'); // Chiara's, Acme
    const mailbox = await desk.demoTicket('Casella piena'); // Comune
    const chiara = await desk.list(desk.as.customer);
    expect(chiara.length).toBeGreaterThan(0);
    expect(chiara.every((ticket) => ticket.organization?.name === 'Acme S.p.A.')).toBe(true);
    expect(idsOf(chiara)).toEqual(expect.arrayContaining([printer.id, vpn.id]));
    expect(idsOf(chiara)).not.toContain(mailbox.id);
    expect((await desk.getTicket(desk.as.customer, printer.id)).requester.email).toBe('roberto.mancini@acme.it');

    const roberto = await desk.contactHeaders('roberto.mancini@acme.it');
    expect(idsOf(await desk.list(roberto)).sort()).toEqual(idsOf(chiara).sort());
    expect((await desk.getTicket(roberto, vpn.id)).requester.email).toBe('customer@example.com');
  });

  it("do not see another contact's tickets when the organisation does not share", async () => {
    const mailbox = await desk.demoTicket('Casella piena'); // Francesca Ricci's, Comune di Bergamo
    const own = await openFor('a.verdi@comune.bergamo.it');
    expect(own.organization?.name).toBe('Comune di Bergamo');
    const verdi = await desk.contactHeaders('a.verdi@comune.bergamo.it');
    expect(idsOf(await desk.list(verdi))).toEqual([own.id]);
    expect(await accessOf(verdi, mailbox.id)).toEqual(HIDDEN_FROM_CUSTOMER);
  });

  it("get 404 for someone else's ticket, 403 for staff-only actions", async () => {
    const vpn = await desk.demoTicket('La VPN');
    const james = await desk.contactHeaders('james.whitfield@northwind.co.uk');
    expect(await accessOf(james, vpn.id)).toEqual(HIDDEN_FROM_CUSTOMER);
    expect(idsOf(await desk.list(james))).not.toContain(vpn.id);
    const own = (await desk.list(desk.as.customer))[0]!;
    for (const url of ['take', 'escalations', 'supervisor-escalations']) {
      const response = await desk.call(desk.as.customer, 'POST', `/api/v1/tickets/${own.id}/${url}`, {
        toLevel: 2,
        note: 'x',
      });
      expect(response.statusCode, url).toBe(403);
    }
    // Customers may PATCH their custom fields (custom-fields.db.test.ts), nothing else.
    const patch = { version: own.version, subject: 'x' };
    expect((await desk.call(desk.as.customer, 'PATCH', `/api/v1/tickets/${own.id}`, patch)).statusCode).toBe(403);
  });

  it('never see internal notes, nor the notes of hand-offs', async () => {
    const vpn = await desk.demoTicket('La VPN');
    const staffMessages = await messagesOf(desk.as.l1, vpn.id);
    expect(staffMessages.some((message) => message.visibility === 'internal')).toBe(true);
    expect(JSON.stringify(staffMessages)).toContain(INTERNAL_NOTE);
    expect(JSON.stringify(await timelineOf(desk.as.l1, vpn.id))).toContain(ESCALATION_NOTE);

    const messages = await messagesOf(desk.as.customer, vpn.id);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((message) => message.visibility === 'public' && message.kind !== 'note')).toBe(true);
    const timeline = await timelineOf(desk.as.customer, vpn.id);
    for (const text of [JSON.stringify(messages), JSON.stringify(timeline)]) {
      expect(text).not.toContain(INTERNAL_NOTE);
      expect(text).not.toContain(ESCALATION_NOTE);
    }
    const list = await desk.call(desk.as.customer, 'GET', '/api/v1/tickets?limit=200');
    expect(list.body).not.toContain(INTERNAL_NOTE);
    expect(await desk.list(desk.as.customer, 'q=keepalive')).toEqual([]);
  });

  it('cannot write internal notes or phone logs', async () => {
    const vpn = await desk.demoTicket('La VPN');
    const before = (await messagesOf(desk.as.l1, vpn.id)).length;
    const note = await reply(desk.as.customer, vpn.id, { body: 'Nota', visibility: 'internal' });
    expect(note.statusCode).toBe(403);
    expect(note.json().error.code).toBe('FORBIDDEN');
    expect((await reply(desk.as.customer, vpn.id, { body: 'Telefonata', kind: 'phone' })).statusCode).toBe(403);
    expect(await messagesOf(desk.as.l1, vpn.id)).toHaveLength(before);
  });

  it('move a ticket waiting for them back to open, and reopen a resolved one', async () => {
    const wifi = await desk.demoTicket('Wi-Fi lento');
    expect(wifi.status.category).toBe('pending_customer');
    const answer = await reply(desk.as.customer, wifi.id, { body: 'Succede solo nel pomeriggio.' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ visibility: 'public', author: { kind: 'contact', name: 'Chiara Galli' } });
    expect((await desk.getTicket(desk.as.l1, wifi.id)).status.category).toBe('open');

    const printer = await desk.demoTicket('Installare la stampante');
    expect(printer).toMatchObject({ status: { category: 'resolved' }, resolvedAt: expect.any(String) });
    const roberto = await desk.contactHeaders('roberto.mancini@acme.it');
    expect((await reply(roberto, printer.id, { body: 'La stampante non stampa a colori.' })).statusCode).toBe(201);
    expect(await desk.getTicket(desk.as.l1, printer.id)).toMatchObject({
      status: { category: 'open' },
      resolvedAt: null,
    });
  });

  it('cannot reply to a closed ticket', async () => {
    const ticket = await openFor('customer@example.com');
    const closed = await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.closed });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await desk.getTicket(desk.as.customer, ticket.id)).abilities.reply).toBe(false);
    const response = await reply(desk.as.customer, ticket.id, { body: 'Ancora io' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('TICKET_CLOSED');
  });

  it('do not see tags, followers, or who handled the ticket in the timeline', async () => {
    const ticket = await openFor('customer@example.com', { tags: ['vip'], serviceId: desk.services.network });
    await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/take`);
    await desk.patch(desk.as.l1, ticket.id, { statusId: desk.statuses.pending_customer });
    await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/escalations`, { toLevel: 2, note: 'Alla rete' });

    const forStaff = await desk.getTicket(desk.as.l1, ticket.id);
    expect(forStaff).toMatchObject({ tags: ['vip'], followerIds: [desk.userIds.l1] });
    const forCustomer = await desk.getTicket(desk.as.customer, ticket.id);
    expect(forCustomer).toMatchObject({ tags: [], followerIds: [] });
    const listed = (await desk.list(desk.as.customer)).find((item) => item.id === ticket.id)!;
    expect(listed).toMatchObject({ tags: [], followerIds: [] });
    // Reply, and keep the custom fields shown to them up to date: nothing of the staff's.
    const granted = Object.entries(forCustomer.abilities).filter(([, allowed]) => allowed);
    expect(granted.map(([ability]) => ability).sort()).toEqual(['editCustomFields', 'reply']);

    const events = (await timelineOf(desk.as.customer, ticket.id)).flatMap((entry) =>
      entry.type === 'event' ? [entry.event] : [],
    );
    // The status changes only: the hand-off and the assignment stay internal.
    expect(events[0]!.kind).toBe('created');
    expect(events.filter((event) => event.kind === 'updated').length).toBeGreaterThan(0);
    expect(events.every((event) => event.kind === 'created' || event.kind === 'updated')).toBe(true);
    for (const event of events) {
      expect(event.actor).toEqual({ kind: 'system', id: null, name: 'Sportello' });
      expect(event.note).toBeNull();
      expect(event.changes.every((change) => change.field === 'statusId')).toBe(true);
    }
    expect(JSON.stringify(events)).not.toMatch(/Giulia|Reti e Sistemi|vip/);
  });

  it('open tickets only for themselves', async () => {
    const forSomeoneElse = await desk.call(desk.as.customer, 'POST', '/api/v1/tickets', {
      type: 'incident',
      subject: 'Per un altro',
      description: 'x',
      requester: { email: 'f.ricci@comune.bergamo.it' },
    });
    expect(forSomeoneElse.statusCode).toBe(400);
    const ticket = await desk.createTicket(desk.as.customer, { type: 'incident', subject: 'Per me', description: 'x' });
    expect(ticket).toMatchObject({
      requester: { email: 'customer@example.com' },
      organization: { name: 'Acme S.p.A.' },
    });
    expect((await desk.call(desk.as.customer, 'GET', '/api/v1/tickets/views')).statusCode).toBe(403);
  });
});
