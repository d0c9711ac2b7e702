/** Groups and customer organisations through the API. */
import { describe, expect, it } from 'vitest';
import {
  admin,
  supervisor,
  agent,
  customer,
  UNKNOWN_ID,
  api,
  listAll,
  namesOf,
  findOne,
  createContact,
} from '../../test-support/directory-fixture.js';

describe('groups', () => {
  it('creates a group with members and refuses a second one with the same name', async () => {
    const giulia = await findOne('/api/v1/users', 'Giulia Rossi');
    const created = await api({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'Sicurezza', supportLevel: 2, skills: ['firewall'], memberIds: [giulia.id] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Sicurezza',
      supportLevel: 2,
      skills: ['firewall'],
      email: null,
      active: true,
      memberIds: [giulia.id],
      version: 1,
    });

    const duplicate = await api({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'Sicurezza', supportLevel: 1 },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('GROUP_NAME_TAKEN');

    const renamed = await api({
      method: 'PATCH',
      url: `/api/v1/groups/${created.json().id}`,
      headers: admin,
      payload: { version: 1, name: 'Service Desk' },
    });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.code).toBe('GROUP_NAME_TAKEN');
  });

  it('replaces the members, and the users see their new groups', async () => {
    const [luca, emily, marco] = await Promise.all(
      ['Luca Ferrari', 'Emily Carter', 'Marco Bianchi'].map((name) => findOne('/api/v1/users', name)),
    );
    const created = await api({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'Stampanti', supportLevel: 1, memberIds: [luca!.id, emily!.id] },
    });
    expect(created.statusCode).toBe(201);
    const group = created.json();
    expect([...group.memberIds].sort()).toEqual([luca!.id, emily!.id].sort());

    const replaced = await api({
      method: 'PATCH',
      url: `/api/v1/groups/${group.id}`,
      headers: admin,
      payload: { version: group.version, memberIds: [marco!.id, emily!.id, marco!.id] },
    });
    expect(replaced.statusCode).toBe(200);
    expect([...replaced.json().memberIds].sort()).toEqual([marco!.id, emily!.id].sort());
    expect(replaced.json().version).toBe(group.version + 1);

    const lucaAfter = await api({ method: 'GET', url: `/api/v1/users/${luca!.id}`, headers: admin });
    expect(lucaAfter.json().groupIds).not.toContain(group.id);
    const marcoAfter = await api({ method: 'GET', url: `/api/v1/users/${marco!.id}`, headers: admin });
    expect(marcoAfter.json().groupIds).toContain(group.id);

    const unknownMember = await api({
      method: 'PATCH',
      url: `/api/v1/groups/${group.id}`,
      headers: admin,
      payload: { version: group.version + 1, memberIds: [UNKNOWN_ID] },
    });
    expect(unknownMember.statusCode).toBe(400);
    expect(unknownMember.json().error.code).toBe('USER_NOT_FOUND');
  });

  it('filters by support level', async () => {
    const levelOne = await listAll('/api/v1/groups?supportLevel=1');
    expect(levelOne.every((group) => group.supportLevel === 1)).toBe(true);
    expect(namesOf(levelOne)).toContain('Service Desk');
    expect(namesOf(levelOne)).not.toContain('Applicazioni');
    const levelTwo = await listAll('/api/v1/groups?supportLevel=2');
    expect(levelTwo.every((group) => group.supportLevel === 2)).toBe(true);
    expect(namesOf(levelTwo)).toEqual(expect.arrayContaining(['Reti e Sistemi', 'Applicazioni']));
    expect(namesOf(levelTwo)).not.toContain('Service Desk');
  });

  it('deactivates a group', async () => {
    const created = await api({
      method: 'POST',
      url: '/api/v1/groups',
      headers: admin,
      payload: { name: 'Vecchio Helpdesk', supportLevel: 1 },
    });
    const group = created.json();
    const deactivated = await api({
      method: 'PATCH',
      url: `/api/v1/groups/${group.id}`,
      headers: admin,
      payload: { version: group.version, active: false },
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ active: false, version: 2 });
    expect((await listAll('/api/v1/groups?active=false')).map((item) => item.id)).toContain(group.id);
    expect((await listAll('/api/v1/groups?active=true')).map((item) => item.id)).not.toContain(group.id);
  });

  it('lets only admins change groups', async () => {
    const payload = { name: 'Gruppo Abusivo', supportLevel: 1 };
    for (const headers of [supervisor, agent]) {
      expect((await api({ method: 'POST', url: '/api/v1/groups', headers, payload })).statusCode).toBe(403);
    }
    expect((await api({ method: 'GET', url: '/api/v1/groups', headers: agent })).statusCode).toBe(200);
    expect((await api({ method: 'GET', url: '/api/v1/groups', headers: customer })).statusCode).toBe(403);
  });
});

describe('organisations', () => {
  it('creates an organisation with lower-cased domains', async () => {
    const created = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin,
      payload: { name: 'Officine Lario S.r.l.', domains: ['Officine-Lario.IT', 'lario.eu', 'LARIO.eu'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Officine Lario S.r.l.',
      domains: ['officine-lario.it', 'lario.eu'],
      language: 'it',
      preferredChannel: 'email',
      sharesTickets: false,
      active: true,
      contactCount: 0,
      version: 1,
    });
  });

  it('refuses a domain that another organisation already has', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin,
      payload: { name: 'Acme Clone', domains: ['new-acme.it', 'ACME.it'] },
    });
    expect(response.statusCode).toBe(409);
    const { error } = response.json();
    expect(error.code).toBe('DOMAIN_ALREADY_IN_USE');
    expect(error.details.fields).toEqual([{ path: 'body.domains', message: expect.stringContaining('acme.it') }]);
    expect(await listAll('/api/v1/organizations?q=Acme%20Clone')).toEqual([]);

    const comune = await findOne('/api/v1/organizations', 'Comune di Bergamo');
    const claim = await api({
      method: 'PATCH',
      url: `/api/v1/organizations/${comune.id}`,
      headers: admin,
      payload: { version: comune.version, domains: ['comune.bergamo.it', 'northwind.co.uk'] },
    });
    expect(claim.statusCode).toBe(409);
    expect(claim.json().error.code).toBe('DOMAIN_ALREADY_IN_USE');

    // An organisation keeps its own domains when it adds one.
    const own = await api({
      method: 'PATCH',
      url: `/api/v1/organizations/${comune.id}`,
      headers: admin,
      payload: { version: comune.version, domains: ['comune.bergamo.it', 'bergamo.eu'] },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ domains: ['comune.bergamo.it', 'bergamo.eu'], version: comune.version + 1 });
  });

  it('counts the contacts of each organisation', async () => {
    const acme = await findOne('/api/v1/organizations', 'Acme S.p.A.');
    expect(acme.contactCount).toBe(2);
    const northwind = await findOne('/api/v1/organizations', 'Northwind Traders Ltd');
    expect(northwind.contactCount).toBe(2);
    const created = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin,
      payload: { name: 'Cartiera Brembo', domains: ['cartierabrembo.it'] },
    });
    const organization = created.json();
    expect(organization.contactCount).toBe(0);
    await createContact({ name: 'Ugo Carta', emails: ['ugo@cartierabrembo.it'], organizationId: organization.id });
    const after = await api({ method: 'GET', url: `/api/v1/organizations/${organization.id}`, headers: admin });
    expect(after.json().contactCount).toBe(1);
  });

  it('lets agents create and update organisations, and not customers', async () => {
    const created = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: agent,
      payload: { name: 'Ferramenta Riva', domains: ['ferramentariva.it'] },
    });
    expect(created.statusCode).toBe(201);
    const updated = await api({
      method: 'PATCH',
      url: `/api/v1/organizations/${created.json().id}`,
      headers: agent,
      payload: { version: 1, region: 'Lombardia', preferredChannel: 'phone' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ region: 'Lombardia', preferredChannel: 'phone', version: 2 });

    const byCustomer = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: customer,
      payload: { name: 'Abusiva S.r.l.' },
    });
    expect(byCustomer.statusCode).toBe(403);
    const customerPatch = await api({
      method: 'PATCH',
      url: `/api/v1/organizations/${created.json().id}`,
      headers: customer,
      payload: { version: 2, name: 'Presa' },
    });
    expect(customerPatch.statusCode).toBe(403);
    expect((await api({ method: 'GET', url: '/api/v1/organizations', headers: customer })).statusCode).toBe(403);
  });
});
