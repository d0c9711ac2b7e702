/** Resolved tickets close by themselves after the configured days, unless the customer reopened them. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestServer, tokenFor, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let agent: Record<string, string>;
let customer: Record<string, string>;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await createTestServer({ environment: { SPORTELLO_AUTO_CLOSE_DAYS: '7' } });
  agent = bearer(await tokenFor(server, 'l1@example.com'));
  customer = bearer(await tokenFor(server, 'customer@example.com'));
});
afterAll(async () => {
  await server.dispose();
});

async function statusIdOf(category: string): Promise<string> {
  const response = await server.app.inject({ method: 'GET', url: '/api/v1/ticket-statuses', headers: agent });
  return response.json().items.find((status: { category: string }) => status.category === category).id;
}

async function openAndResolve(subject: string) {
  const created = await server.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: customer,
    payload: { type: 'incident', subject, description: 'Descrizione' },
  });
  const ticket = created.json();
  const resolved = await server.app.inject({
    method: 'PATCH',
    url: `/api/v1/tickets/${ticket.id}`,
    headers: agent,
    payload: { version: ticket.version, statusId: await statusIdOf('resolved') },
  });
  expect(resolved.statusCode, resolved.body).toBe(200);
  return ticket.id as string;
}

const categoryOf = async (id: string) =>
  (await server.app.inject({ method: 'GET', url: `/api/v1/tickets/${id}`, headers: agent })).json().status.category;

it('closes a resolved ticket once the days have passed, and only then', async () => {
  const id = await openAndResolve('Da chiudere');
  const { autoClose } = server.modules.tickets;
  server.clock.advance(7 * DAY - 60_000);
  await autoClose.closeResolvedTickets(server.clock.now());
  expect(await categoryOf(id)).toBe('resolved');

  server.clock.advance(120_000);
  expect(await autoClose.closeResolvedTickets(server.clock.now())).toBeGreaterThanOrEqual(1);
  expect(await categoryOf(id)).toBe('closed');
  const timeline = await server.app.inject({ method: 'GET', url: `/api/v1/tickets/${id}/timeline`, headers: agent });
  const last = timeline.json().items.at(-1);
  expect(last.event).toMatchObject({ kind: 'updated', actor: { kind: 'system' } });
  expect(last.event.note).toMatch(/automaticamente dopo 7 giorni/);
});

it('leaves alone a ticket the customer reopened by replying', async () => {
  const id = await openAndResolve('Riaperto dal cliente');
  await server.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${id}/messages`,
    headers: customer,
    payload: { body: 'Il problema si è ripresentato.' },
  });
  expect(await categoryOf(id)).toBe('open');
  server.clock.advance(8 * DAY);
  await server.modules.tickets.autoClose.closeResolvedTickets(server.clock.now());
  expect(await categoryOf(id)).toBe('open');
});
