/**
 * Shared setup of the directory API tests: importing this registers the hooks that start a test
 * server with demo data and make a token per role (the exported bindings are live).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { OutboundMessage } from '../../contracts/mail.contract.js';
import { bearer, createTestServer, tokenFor, type TestServer } from './test-server.js';

export let server: TestServer;
export let admin: Record<string, string>;
export let supervisor: Record<string, string>;
export let agent: Record<string, string>;
export let customer: Record<string, string>;

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  server = await createTestServer();
  admin = bearer(await tokenFor(server, 'admin@example.com'));
  supervisor = bearer(await tokenFor(server, 'supervisor@example.com'));
  agent = bearer(await tokenFor(server, 'l1@example.com'));
  customer = bearer(await tokenFor(server, 'customer@example.com'));
});
afterAll(async () => {
  await server.dispose();
});

export const api = (options: InjectOptions) => server.app.inject(options);

export interface Named {
  id: string;
  name: string;
}

/** A directory record as a list returns it; the tests read a few fields by name. */
export interface Listed extends Named {
  version: number;
  [field: string]: unknown;
}

/** Every item of a list, read as the admin in one page. */
export async function listAll<T = Listed>(url: string): Promise<T[]> {
  const separator = url.includes('?') ? '&' : '?';
  const response = await api({ method: 'GET', url: `${url}${separator}limit=200`, headers: admin });
  expect(response.statusCode).toBe(200);
  const page = response.json<{ items: T[]; nextCursor: string | null }>();
  expect(page.nextCursor).toBeNull();
  return page.items;
}

export const namesOf = (items: Named[]) => items.map((item) => item.name).sort();

export async function findOne(url: string, name: string): Promise<Listed> {
  const found = (await listAll(`${url}?q=${encodeURIComponent(name)}`)).filter((item) => item.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

export async function outboxTo(address: string): Promise<OutboundMessage[]> {
  return listAll<OutboundMessage>(`/api/v1/outbox?to=${encodeURIComponent(address)}`);
}

export async function createUser(payload: Record<string, unknown>) {
  const response = await api({ method: 'POST', url: '/api/v1/users', headers: admin, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; name: string; email: string; version: number; groupIds: string[] }>();
}

export async function createContact(payload: Record<string, unknown>) {
  const response = await api({ method: 'POST', url: '/api/v1/contacts', headers: admin, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; emails: string[]; version: number }>();
}

/** UTF-8 byte order, as PostgreSQL's "C" collation compares text. */
export const compareBytes = (left: string, right: string) => Buffer.compare(Buffer.from(left), Buffer.from(right));
