/**
 * Every API route and who may call it, as one reviewed table: a change of access shows up in
 * review as a change of `route-access.snapshot.txt` (update with `npx vitest run -u`, then read
 * the diff as a permission change). CI refuses a table that differs from the committed one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer({ demo: false });
});
afterAll(async () => {
  await server.dispose();
});

it('declares the access of every API route, as reviewed', async () => {
  const table = server.app.routeAccessTable;
  expect(table.some((route) => route.access === 'UNDECLARED')).toBe(false);
  const lines = [...table]
    .sort((a, b) => (a.url === b.url ? (a.method < b.method ? -1 : 1) : a.url < b.url ? -1 : 1))
    .map((route) => `${route.method.padEnd(7)} ${route.url.padEnd(38)} ${route.access}`);
  await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./route-access.snapshot.txt');
});

it('refuses at start-up a route that declares no access', async () => {
  const { default: Fastify } = await import('fastify');
  const { default: cookie } = await import('@fastify/cookie');
  const { default: authenticationPlugin } = await import('./authentication.plugin.js');
  const app = Fastify();
  await app.register(cookie);
  await app.register(authenticationPlugin, {
    authentication: server.modules.identity.authentication,
    clock: server.clock,
  });
  await app.after();
  expect(() => app.get('/api/v1/forgotten', async () => ({}))).toThrow(/does not declare its access/);
  await app.close();
});
