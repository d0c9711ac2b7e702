import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestServer, signIn, tokenFor, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => {
  await server.dispose();
});

const api = (options: InjectOptions) => server.app.inject(options);

describe('password sign-in', () => {
  it('signs in each demo role and reports the account', async () => {
    for (const [email, role] of [
      ['admin@example.com', 'admin'],
      ['supervisor@example.com', 'supervisor'],
      ['l1@example.com', 'agent'],
      ['l2@example.com', 'agent'],
      ['customer@example.com', 'customer'],
    ] as const) {
      const session = await signIn(server, email);
      const response = await api({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json().account).toMatchObject({ email, role });
    }
  });

  it('sets an httpOnly, SameSite cookie', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'l1@example.com', password: 'sportello' },
    });
    const cookie = response.cookies.find((entry) => entry.name === 'sportello_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'l1@example.com', password: 'not-it' },
    });
    const unknown = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'not-it' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('matches the email case-insensitively', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'L1@Example.COM', password: 'sportello' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a contact with no password yet', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'roberto.mancini@acme.it', password: '' },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('session and CSRF', () => {
  it('needs the CSRF token for a state change made with the cookie', async () => {
    const session = await signIn(server, 'l1@example.com');
    const withoutToken = await api({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: session.headers.cookie },
      payload: { language: 'en' },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrongToken = await api({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...session.headers, 'x-csrf-token': 'forged' },
      payload: { language: 'en' },
    });
    expect(wrongToken.statusCode).toBe(403);
    const withToken = await api({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: session.headers,
      payload: { language: 'en' },
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().language).toBe('en');
    await api({ method: 'PATCH', url: '/api/v1/me', headers: session.headers, payload: { language: 'it' } });
  });

  it('ends the session at logout', async () => {
    const session = await signIn(server, 'l2@example.com');
    const logout = await api({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers });
    expect(logout.statusCode).toBe(204);
    const after = await api({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('expires a session after the configured days without use', async () => {
    const session = await signIn(server, 'l2@example.com');
    server.clock.advance((server.config.sessionDays + 1) * 86_400_000);
    const after = await api({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(after.statusCode).toBe(401);
  });
});

describe('personal access tokens', () => {
  it('creates a token with email and password, lists it, and revokes it', async () => {
    const created = await api({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { email: 'l1@example.com', password: 'sportello', name: 'script' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^spt_/);

    const listed = await api({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer(token) });
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(id);
    expect(JSON.stringify(listed.json())).not.toContain(token);

    const revoked = await api({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: bearer(token) });
    expect(revoked.statusCode).toBe(204);
    const after = await api({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('INVALID_TOKEN');
  });

  it("cannot revoke someone else's token", async () => {
    const mine = await tokenFor(server, 'l1@example.com');
    const theirs = await api({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { email: 'l2@example.com', password: 'sportello', name: 'theirs' },
    });
    const response = await api({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${theirs.json().id}`,
      headers: bearer(mine),
    });
    expect(response.statusCode).toBe(404);
  });

  it("stops a deactivated user's token at once", async () => {
    const admin = await tokenFor(server, 'admin@example.com');
    const created = await api({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: { name: 'Temp Agent', email: 'temp.agent@example.com', role: 'agent', sendInvitation: false },
    });
    const user = created.json();
    // Give the user a password through a reset link, then a token.
    await api({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { email: 'temp.agent@example.com' } });
    const link = await latestLinkTo('temp.agent@example.com');
    await api({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token: link, password: 'a-long-password' },
    });
    const token = await tokenFor(server, 'temp.agent@example.com', 'a-long-password');
    expect((await api({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer(token) })).statusCode).toBe(200);

    await api({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: bearer(admin),
      payload: { version: user.version, active: false },
    });
    const after = await api({ method: 'GET', url: '/api/v1/me/tokens', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });
});

async function latestLinkTo(address: string): Promise<string> {
  const admin = await tokenFor(server, 'admin@example.com');
  const outbox = await api({
    method: 'GET',
    url: `/api/v1/outbox?to=${encodeURIComponent(address)}`,
    headers: bearer(admin),
  });
  const text: string = outbox.json().items[0].text;
  const match = /set-password\?token=([\w-]+)/.exec(text);
  if (!match) throw new Error(`no link in ${text}`);
  return decodeURIComponent(match[1]!);
}

describe('password reset and invitations', () => {
  it('emails a one-time link that sets a new password once', async () => {
    const requested = await api({
      method: 'POST',
      url: '/api/v1/auth/password-resets',
      payload: { email: 'customer@example.com' },
    });
    expect(requested.statusCode).toBe(202);
    const token = await latestLinkTo('customer@example.com');

    const set = await api({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token, password: 'nuova-password' },
    });
    expect(set.statusCode).toBe(204);
    const again = await api({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token, password: 'altra-password' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('ONE_TIME_TOKEN_INVALID');

    const login = await api({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'customer@example.com', password: 'nuova-password' },
    });
    expect(login.statusCode).toBe(200);
    // Put the demo password back for the other tests.
    await api({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { email: 'customer@example.com' } });
    await api({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token: await latestLinkTo('customer@example.com'), password: 'sportello' },
    });
  });

  it('answers 202 for an unknown address and sends nothing', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/auth/password-resets',
      payload: { email: 'ghost@example.com' },
    });
    expect(response.statusCode).toBe(202);
    const admin = await tokenFor(server, 'admin@example.com');
    const outbox = await api({ method: 'GET', url: '/api/v1/outbox?to=ghost@example.com', headers: bearer(admin) });
    expect(outbox.json().items).toEqual([]);
  });

  it('expires a reset link after two hours', async () => {
    await api({ method: 'POST', url: '/api/v1/auth/password-resets', payload: { email: 'l2@example.com' } });
    const token = await latestLinkTo('l2@example.com');
    server.clock.advance(2 * 3_600_000 + 1000);
    const response = await api({
      method: 'POST',
      url: '/api/v1/auth/set-password',
      payload: { token, password: 'whatever-123' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('invites a new contact to the portal in their language', async () => {
    const agent = await tokenFor(server, 'l1@example.com');
    const organizations = await api({
      method: 'GET',
      url: '/api/v1/organizations?q=Northwind',
      headers: bearer(agent),
    });
    const northwind = organizations.json().items[0];
    const created = await api({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: bearer(agent),
      payload: {
        name: 'Oliver Hughes',
        emails: ['oliver@northwind.co.uk'],
        organizationId: northwind.id,
        sendInvitation: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const admin = await tokenFor(server, 'admin@example.com');
    const outbox = await api({
      method: 'GET',
      url: '/api/v1/outbox?to=oliver@northwind.co.uk',
      headers: bearer(admin),
    });
    expect(outbox.json().items[0]).toMatchObject({
      subject: 'Your access to Sportello',
      purpose: 'identity.invitation',
    });

    const token = await latestLinkTo('oliver@northwind.co.uk');
    await api({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password: 'portal-password' } });
    const session = await signIn(server, 'oliver@northwind.co.uk', 'portal-password');
    const me = await api({ method: 'GET', url: '/api/v1/auth/session', headers: session.headers });
    expect(me.json().account).toMatchObject({
      role: 'customer',
      language: 'en',
      organizationName: 'Northwind Traders Ltd',
    });
  });
});
