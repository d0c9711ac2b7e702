/** Bad input gets the error shape with a stable code and the failing fields — never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestServer, tokenFor, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await createTestServer({ environment: { SPORTELLO_BODY_LIMIT_BYTES: '4096' } });
  admin = bearer(await tokenFor(server, 'admin@example.com'));
});
afterAll(async () => {
  await server.dispose();
});

describe('error shape', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name": "Broken",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('MALFORMED_JSON');
  });

  it('lists unknown fields and invalid values as failing fields', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'Nuovo', supportLevel: 3, colour: 'blue' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const paths = body.error.details.fields.map((field: { path: string }) => field.path);
    expect(paths).toContain('body.supportLevel');
    expect(paths).toContain('body.colour');
  });

  it('validates path parameters and query strings', async () => {
    const badId = await server.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: admin });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.fields[0].path).toBe('params.id');
    const badLimit = await server.app.inject({ method: 'GET', url: '/api/v1/users?limit=0', headers: admin });
    expect(badLimit.statusCode).toBe(400);
    const badCursor = await server.app.inject({ method: 'GET', url: '/api/v1/users?cursor=garbage', headers: admin });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.code).toBe('INVALID_CURSOR');
  });

  it('answers an oversized body with 413 BODY_TOO_LARGE', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'x'.repeat(10_000), supportLevel: 1 },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers unknown routes and unknown records with 404 and a code', async () => {
    const route = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: admin });
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('ROUTE_NOT_FOUND');
    const record = await server.app.inject({
      method: 'GET',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000',
      headers: admin,
    });
    expect(record.statusCode).toBe(404);
    expect(record.json().error.code).toBe('USER_NOT_FOUND');
  });

  it('answers without credentials 401 and with the wrong role 403', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const customer = bearer(await tokenFor(server, 'customer@example.com'));
    const forbidden = await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: customer });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    const garbage = await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer('spt_nope') });
    expect(garbage.json().error.code).toBe('INVALID_TOKEN');
  });
});

describe('service endpoints', () => {
  it('reports health with the database kind', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: server.deps.database.kind, version: expect.any(String) });
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/tokens', '/api/v1/users/{id}']));
  });

  it('sends security headers and a request id', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('works in UTC on every connection', async () => {
    const { rows } = await server.deps.database.pool.query<{ TimeZone: string }>('SHOW TimeZone');
    expect(rows[0]!.TimeZone).toBe('UTC');
  });

  it('compiles no statement with JIT on a PostgreSQL connection (ADR 0015)', async () => {
    const { rows } = await server.deps.database.pool.query<{ jit: string }>('SHOW jit');
    // The embedded database is built without JIT: its setting does not matter.
    if (server.deps.database.kind === 'postgres') expect(rows[0]!.jit).toBe('off');
  });
});

describe('rate limiting', () => {
  it('limits sign-in attempts per account and address', async () => {
    const limited = await createTestServer({ environment: { SPORTELLO_LOGIN_RATE_LIMIT: '3' }, demo: true });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'l1@example.com', password: 'wrong' },
        });
      const statuses = [];
      for (let index = 0; index < 4; index += 1) statuses.push((await attempt()).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const fifth = await attempt();
      expect(fifth.json().error.code).toBe('RATE_LIMITED');
      // Another account from the same address is not blocked by it.
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'l2@example.com', password: 'sportello' },
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.dispose();
    }
  });
});
