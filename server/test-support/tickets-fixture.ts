/**
 * Shared setup of the tickets API tests: a test server with the demo desk, a token per demo staff
 * account and for the demo customer, and the ids of the demo groups, services, categories and
 * statuses, all read through the API. Each test file opens its own desk (`openDesk()` in beforeAll).
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { StatusCategory, Ticket } from '../../contracts/tickets.contract.js';
import { bearer, createTestServer, tokenFor, type TestServer } from './test-server.js';

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const STAFF = {
  admin: 'admin@example.com',
  supervisor: 'supervisor@example.com',
  l1: 'l1@example.com',
  l2: 'l2@example.com',
  luca: 'luca.ferrari@example.com',
  emily: 'emily.carter@example.com',
} as const;
export type StaffKey = keyof typeof STAFF;
export type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Named {
  id: string;
  name: string;
}

export interface Desk {
  server: TestServer;
  /** Bearer headers of the demo staff and of the demo customer (Chiara Galli, Acme). */
  as: Record<StaffKey | 'customer', Headers>;
  userIds: Record<StaffKey, string>;
  groups: { desk: string; network: string; apps: string };
  services: { email: string; network: string; workstation: string };
  categories: { vpn: string; wifi: string; mailbox: string; printer: string };
  /** The (single, default) status of each category. */
  statuses: Record<StatusCategory, string>;
  call(headers: Headers, method: Method, url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** Opens a ticket and expects 201. */
  createTicket(headers: Headers, payload: Record<string, unknown>): Promise<Ticket>;
  /** Reads a ticket and expects 200. */
  getTicket(headers: Headers, id: string): Promise<Ticket>;
  /** PATCHes a ticket with the version the admin reads just before. */
  patch(headers: Headers, id: string, changes: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** Every ticket of a list query in one page. */
  list(headers: Headers, query?: string): Promise<Ticket[]>;
  /** A demo ticket by the start of its subject. */
  demoTicket(subject: string): Promise<Ticket>;
  /** The contact with this address (made as a requester if it does not exist yet). */
  contactId(email: string): Promise<string>;
  /** Bearer headers of a contact, with or without a password. */
  contactHeaders(email: string): Promise<Headers>;
  dispose(): Promise<void>;
}

const byName = (items: Named[], name: string) => {
  const found = items.find((item) => item.name === name);
  if (!found) throw new Error(`no demo record named ${name}`);
  return found.id;
};

export async function openDesk(): Promise<Desk> {
  const server = await createTestServer();
  const call: Desk['call'] = (headers, method, url, payload) => {
    const options: InjectOptions = { method, url, headers };
    if (payload !== undefined) options.payload = payload as InjectOptions['payload'];
    return server.app.inject(options);
  };
  const entries = await Promise.all(
    Object.entries(STAFF).map(async ([key, email]) => [key, bearer(await tokenFor(server, email))] as const),
  );
  const as = {
    ...(Object.fromEntries(entries) as Record<string, Headers> as Record<StaffKey, Headers>),
    customer: bearer(await tokenFor(server, 'customer@example.com')),
  };
  const items = async <T>(url: string) => {
    const response = await call(as.admin, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: T[] }>().items;
  };
  const users = await items<{ id: string; email: string }>('/api/v1/users?limit=200');
  const userIds = Object.fromEntries(
    Object.entries(STAFF).map(([key, email]) => [key, users.find((user) => user.email === email)!.id]),
  ) as Record<StaffKey, string>;
  const groups = await items<Named>('/api/v1/groups?limit=200');
  const services = await items<Named>('/api/v1/services?limit=200');
  const categories = await items<Named>('/api/v1/categories?limit=200');
  const statuses = await items<{ id: string; category: StatusCategory }>('/api/v1/ticket-statuses');

  const desk: Desk = {
    server,
    as,
    userIds,
    groups: {
      desk: byName(groups, 'Service Desk'),
      network: byName(groups, 'Reti e Sistemi'),
      apps: byName(groups, 'Applicazioni'),
    },
    services: {
      email: byName(services, 'Posta elettronica'),
      network: byName(services, 'Rete e connettività'),
      workstation: byName(services, 'Postazione di lavoro'),
    },
    categories: {
      vpn: byName(categories, 'VPN'),
      wifi: byName(categories, 'Wi-Fi'),
      mailbox: byName(categories, 'Casella piena'),
      printer: byName(categories, 'Stampanti'),
    },
    statuses: Object.fromEntries(statuses.map((status) => [status.category, status.id])) as Record<
      StatusCategory,
      string
    >,
    call,
    async createTicket(headers, payload) {
      const response = await call(headers, 'POST', '/api/v1/tickets', payload);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Ticket>();
    },
    async getTicket(headers, id) {
      const response = await call(headers, 'GET', `/api/v1/tickets/${id}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Ticket>();
    },
    async patch(headers, id, changes) {
      const { version } = await desk.getTicket(as.admin, id);
      return call(headers, 'PATCH', `/api/v1/tickets/${id}`, { version, ...changes });
    },
    async list(headers, query = '') {
      const response = await call(headers, 'GET', `/api/v1/tickets?limit=200${query ? `&${query}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: Ticket[]; nextCursor: string | null }>();
      expect(page.nextCursor).toBeNull();
      return page.items;
    },
    async demoTicket(subject) {
      const found = (await desk.list(as.admin)).filter((ticket) => ticket.subject.startsWith(subject));
      expect(found).toHaveLength(1);
      return found[0]!;
    },
    async contactId(email) {
      const found = await items<{ id: string; emails: string[] }>(
        `/api/v1/contacts?limit=200&q=${encodeURIComponent(email)}`,
      );
      const contact = found.find((candidate) => candidate.emails.includes(email));
      if (!contact) throw new Error(`no contact with the address ${email}`);
      return contact.id;
    },
    async contactHeaders(email) {
      const contactId = await desk.contactId(email);
      const { token } = await server.modules.identity.authentication.createAccessToken(
        server.clock.now(),
        { userId: null, contactId },
        'test',
      );
      return bearer(token);
    },
    dispose: () => server.dispose(),
  };
  return desk;
}

/** Expects an error answer with this status and code; returns the error body. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const { error } = response.json<{ error: { code: string; details?: Record<string, unknown> } }>();
  expect(error.code).toBe(code);
  return error;
}

/** The ids of a list of tickets, in order. */
export const idsOf = (tickets: { id: string }[]) => tickets.map((ticket) => ticket.id);

/** Every page of a ticket list (`query` without the page size), two tickets a page. */
export async function pagedList(desk: Desk, headers: Headers, query: string): Promise<Ticket[]> {
  const all: Ticket[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/tickets?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await desk.call(headers, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Ticket[]; nextCursor: string | null }>();
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
