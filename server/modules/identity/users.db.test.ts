/** Staff users through the API: who may manage them, invitations, filters, pagination, conflicts. */
import { describe, expect, it } from 'vitest';
import {
  server,
  admin,
  supervisor,
  agent,
  customer,
  UNKNOWN_ID,
  api,
  listAll,
  namesOf,
  findOne,
  outboxTo,
  createUser,
  compareBytes,
  type Named,
} from '../../test-support/directory-fixture.js';

describe('staff users', () => {
  it('creates a user and queues an invitation email', async () => {
    const created = await createUser({
      name: 'Nadia Fontana',
      email: 'Nadia.Fontana@Example.com',
      role: 'agent',
      language: 'en',
    });
    expect(created).toMatchObject({
      name: 'Nadia Fontana',
      email: 'nadia.fontana@example.com',
      role: 'agent',
      language: 'en',
      active: true,
      hasPassword: false,
      groupIds: [],
      version: 1,
    });

    const fetched = await api({ method: 'GET', url: `/api/v1/users/${created.id}`, headers: admin });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);

    const messages = await outboxTo('nadia.fontana@example.com');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      to: ['nadia.fontana@example.com'],
      purpose: 'identity.invitation',
      status: 'held',
    });
  });

  it('creates a user without an invitation when sendInvitation is false', async () => {
    const created = await createUser({
      name: 'Ottavio Serra',
      email: 'ottavio.serra@example.com',
      role: 'supervisor',
      sendInvitation: false,
    });
    expect(created).toMatchObject({ role: 'supervisor', language: 'it' });
    expect(await outboxTo('ottavio.serra@example.com')).toEqual([]);
  });

  it('puts a new user in the groups given', async () => {
    const network = await findOne('/api/v1/groups', 'Reti e Sistemi');
    const created = await createUser({
      name: 'Pietro Gatti',
      email: 'pietro.gatti@example.com',
      role: 'agent',
      groupIds: [network.id],
      sendInvitation: false,
    });
    expect(created.groupIds).toEqual([network.id]);
    const group = await api({ method: 'GET', url: `/api/v1/groups/${network.id}`, headers: admin });
    expect(group.json().memberIds).toContain(created.id);
  });

  it('filters by name and by email with q, case-insensitively', async () => {
    expect(namesOf(await listAll('/api/v1/users?q=ROSS'))).toEqual(['Giulia Rossi']);
    // Matches the address though the name does not contain it.
    expect(namesOf(await listAll('/api/v1/users?q=l2%40example'))).toEqual(['Marco Bianchi']);
    expect(namesOf(await listAll('/api/v1/users?q=luca.ferrari'))).toEqual(['Luca Ferrari']);
    // The caller's % is a character, not a wildcard.
    expect(await listAll('/api/v1/users?q=%25')).toEqual([]);
  });

  it('filters by role, group and active', async () => {
    const admins = await listAll('/api/v1/users?role=admin');
    expect(namesOf(admins)).toEqual(['Alessandra Conti']);
    const supervisors = await listAll('/api/v1/users?role=supervisor');
    expect(supervisors.every((user) => user.role === 'supervisor')).toBe(true);
    expect(namesOf(supervisors)).toContain('Stefano Moretti');

    const applications = await findOne('/api/v1/groups', 'Applicazioni');
    expect(namesOf(await listAll(`/api/v1/users?groupId=${applications.id}`))).toEqual([
      'Emily Carter',
      'Marco Bianchi',
      'Stefano Moretti',
    ]);
    expect(await listAll(`/api/v1/users?groupId=${UNKNOWN_ID}`)).toEqual([]);

    const leaving = await createUser({
      name: 'Quirino Leone',
      email: 'quirino.leone@example.com',
      role: 'agent',
      sendInvitation: false,
    });
    const deactivated = await api({
      method: 'PATCH',
      url: `/api/v1/users/${leaving.id}`,
      headers: admin,
      payload: { version: leaving.version, active: false },
    });
    expect(deactivated.statusCode).toBe(200);
    const inactive = await listAll('/api/v1/users?active=false');
    expect(inactive.map((user) => user.id)).toContain(leaving.id);
    expect(inactive.every((user) => user.active === false)).toBe(true);
    const active = await listAll('/api/v1/users?active=true');
    expect(active.map((user) => user.id)).not.toContain(leaving.id);
    expect(namesOf(active)).toContain('Giulia Rossi');
  });

  it('walks every page of two in byte order of name, without duplicates or gaps', async () => {
    // Lower case, accents and equal names are where byte order and ties by id matter.
    for (const [index, name] of ['alberto basso', 'Ángela Ruiz', 'Zeno Costa', 'Mario Neri', 'Mario Neri'].entries()) {
      await createUser({ name, email: `paging-${index}@example.com`, role: 'agent', sendInvitation: false });
    }
    const everyone = await listAll('/api/v1/users');

    const walked: Named[] = [];
    const cursors = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await api({ method: 'GET', url: `/api/v1/users?limit=2${query}`, headers: admin });
      expect(response.statusCode).toBe(200);
      const page = response.json<{ items: Named[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.items);
      cursor = page.nextCursor;
      if (cursor) {
        expect(cursors.has(cursor)).toBe(false);
        cursors.add(cursor);
      }
    } while (cursor);

    const ids = walked.map((user) => user.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(everyone.map((user) => user.id));
    const expectedOrder = [...walked].sort(
      (left, right) => compareBytes(left.name, right.name) || compareBytes(left.id, right.id),
    );
    expect(walked.map((user) => user.id)).toEqual(expectedOrder.map((user) => user.id));
    // Every demo colleague and every new one is there.
    for (const name of ['Alessandra Conti', 'Paolo Greco', 'Sara Colombo', 'alberto basso', 'Ángela Ruiz']) {
      expect(walked.map((user) => user.name)).toContain(name);
    }
    expect(walked.filter((user) => user.name === 'Mario Neri')).toHaveLength(2);
    const names = walked.map((user) => user.name);
    expect(names.indexOf('Zeno Costa')).toBeLessThan(names.indexOf('alberto basso'));
    expect(names.indexOf('alberto basso')).toBeLessThan(names.indexOf('Ángela Ruiz'));
    expect(names.at(-1)).toBe('Ángela Ruiz');
  });

  it('updates with the current version and refuses a stale one', async () => {
    const created = await createUser({
      name: 'Rita Marini',
      email: 'rita.marini@example.com',
      role: 'agent',
      sendInvitation: false,
    });
    const updated = await api({
      method: 'PATCH',
      url: `/api/v1/users/${created.id}`,
      headers: admin,
      payload: { version: 1, name: 'Rita Marini Bassi', role: 'supervisor', away: true },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Rita Marini Bassi', role: 'supervisor', away: true, version: 2 });

    const stale = await api({
      method: 'PATCH',
      url: `/api/v1/users/${created.id}`,
      headers: admin,
      payload: { version: 1, name: 'Lost Update' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'USER_VERSION_CONFLICT', details: { currentVersion: 2 } });
    const after = await api({ method: 'GET', url: `/api/v1/users/${created.id}`, headers: admin });
    expect(after.json()).toMatchObject({ name: 'Rita Marini Bassi', version: 2 });
  });

  it('refuses an email already used by a staff user or a contact', async () => {
    for (const email of ['l1@example.com', 'Customer@Example.com', 'roberto.mancini@acme.it']) {
      const response = await api({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { name: 'Sosia Doppio', email, role: 'agent', sendInvitation: false },
      });
      expect(response.statusCode, email).toBe(409);
      const { error } = response.json();
      expect(error.code).toBe('EMAIL_ALREADY_IN_USE');
      expect(error.details.fields).toEqual([{ path: 'body.email', message: expect.any(String) }]);
    }
    // Nothing of the refused user is left behind.
    expect(await listAll('/api/v1/users?q=Sosia')).toEqual([]);

    const someone = await findOne('/api/v1/users', 'Luca Ferrari');
    const taken = await api({
      method: 'PATCH',
      url: `/api/v1/users/${someone.id}`,
      headers: admin,
      payload: { version: someone.version, email: 'james.whitfield@northwind.co.uk' },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('EMAIL_ALREADY_IN_USE');
    const unchanged = await api({ method: 'GET', url: `/api/v1/users/${someone.id}`, headers: admin });
    expect(unchanged.json()).toMatchObject({ email: 'luca.ferrari@example.com', version: someone.version });

    // Keeping one's own address is not a clash.
    const same = await api({
      method: 'PATCH',
      url: `/api/v1/users/${someone.id}`,
      headers: admin,
      payload: { version: someone.version, email: 'luca.ferrari@example.com' },
    });
    expect(same.statusCode).toBe(200);
  });

  it('refuses an unknown group with 400 GROUP_NOT_FOUND', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { name: 'Tito Gruppo', email: 'tito.gruppo@example.com', role: 'agent', groupIds: [UNKNOWN_ID] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('GROUP_NOT_FOUND');
    expect(await listAll('/api/v1/users?q=Tito')).toEqual([]);
    expect(await outboxTo('tito.gruppo@example.com')).toEqual([]);
  });

  it('keeps at least one active admin', async () => {
    const onlyAdmin = await findOne('/api/v1/users', 'Alessandra Conti');
    for (const change of [{ role: 'agent' }, { role: 'supervisor' }, { active: false }]) {
      const response = await api({
        method: 'PATCH',
        url: `/api/v1/users/${onlyAdmin.id}`,
        headers: admin,
        payload: { version: onlyAdmin.version, ...change },
      });
      expect(response.statusCode, JSON.stringify(change)).toBe(409);
      expect(response.json().error.code).toBe('LAST_ADMIN');
    }

    // Another active admin makes a demotion possible; an inactive one does not count.
    const second = await createUser({
      name: 'Ugo Secondo',
      email: 'ugo.secondo@example.com',
      role: 'admin',
      sendInvitation: false,
    });
    const deactivated = await api({
      method: 'PATCH',
      url: `/api/v1/users/${second.id}`,
      headers: admin,
      payload: { version: second.version, active: false },
    });
    expect(deactivated.statusCode).toBe(200);
    const stillLast = await api({
      method: 'PATCH',
      url: `/api/v1/users/${onlyAdmin.id}`,
      headers: admin,
      payload: { version: onlyAdmin.version, role: 'agent' },
    });
    expect(stillLast.statusCode).toBe(409);
    expect(stillLast.json().error.code).toBe('LAST_ADMIN');
    expect((await listAll('/api/v1/users?role=admin&active=true')).map((user) => user.id)).toEqual([onlyAdmin.id]);
  });

  it('keeps an active admin when the last two are demoted at the same time', async () => {
    // The signed-in admin steps aside for the race (through the service: no admin token survives
    // it) and comes back afterwards, so that the tests below still have an admin.
    const users = server.modules.identity.users;
    const system = { actor: { kind: 'system' as const }, now: server.clock.now(), language: 'it' as const };
    const original = await findOne('/api/v1/users', 'Alessandra Conti');
    let remaining = await createUser({ name: 'Vera Prima', email: 'vera.prima@example.com', role: 'admin' });
    await users.updateUser(system, original.id, { version: original.version, active: false });
    try {
      // Several rounds: a race is not certain to interleave badly on the first try.
      for (let round = 0; round < 5; round += 1) {
        const newcomer = await users.createUser(system, {
          name: `Admin ${round}`,
          email: `race-${round}@example.com`,
          role: 'admin',
          language: 'it',
          groupIds: [],
          sendInvitation: false,
        });
        const contenders = [remaining, newcomer];
        const outcomes = await Promise.allSettled(
          contenders.map((user) => users.updateUser(system, user.id, { version: user.version, role: 'agent' })),
        );
        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refusedIndex = outcomes.findIndex((outcome) => outcome.status === 'rejected');
        expect((outcomes[refusedIndex] as PromiseRejectedResult).reason).toMatchObject({
          statusCode: 409,
          code: 'LAST_ADMIN',
        });
        const admins = await users.listUsers(system, { limit: 10, role: 'admin', active: 'true' });
        expect(admins.items.map((user) => user.id)).toEqual([contenders[refusedIndex]!.id]);
        remaining = admins.items[0]!;
      }
    } finally {
      const current = await users.getUser(system, original.id);
      await users.updateUser(system, original.id, { version: current.version, active: true });
    }
  });

  it('lets only admins change users; staff read them, customers do not', async () => {
    const payload = { name: 'Xenia Vietata', email: 'xenia.vietata@example.com', role: 'agent' };
    for (const headers of [supervisor, agent, customer]) {
      const response = await api({ method: 'POST', url: '/api/v1/users', headers, payload });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    const agentList = await api({ method: 'GET', url: '/api/v1/users', headers: agent });
    expect(agentList.statusCode).toBe(200);
    expect(agentList.json().items.length).toBeGreaterThan(0);
    const customerList = await api({ method: 'GET', url: '/api/v1/users', headers: customer });
    expect(customerList.statusCode).toBe(403);
    const someone = await findOne('/api/v1/users', 'Giulia Rossi');
    const agentPatch = await api({
      method: 'PATCH',
      url: `/api/v1/users/${someone.id}`,
      headers: agent,
      payload: { version: someone.version, role: 'admin' },
    });
    expect(agentPatch.statusCode).toBe(403);
    expect(await listAll('/api/v1/users?q=Xenia')).toEqual([]);
  });

  it('sends a new invitation on request, held in the outbox without SMTP', async () => {
    const created = await createUser({
      name: 'Yara Invitata',
      email: 'yara.invitata@example.com',
      role: 'agent',
      sendInvitation: false,
    });
    const invited = await api({ method: 'POST', url: `/api/v1/users/${created.id}/invitations`, headers: admin });
    expect(invited.statusCode).toBe(202);
    // Without SMTP the email is held in the Outbox at once.
    const held = await outboxTo('yara.invitata@example.com');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ purpose: 'identity.invitation', status: 'held', sentAt: null });

    const agentInvite = await api({ method: 'POST', url: `/api/v1/users/${created.id}/invitations`, headers: agent });
    expect(agentInvite.statusCode).toBe(403);
    expect(await outboxTo('yara.invitata@example.com')).toHaveLength(1);
  });
});
