/** Contacts through the API, and concurrent updates of every directory record with the same version. */
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
  createUser,
  createContact,
} from '../../test-support/directory-fixture.js';

describe('contacts', () => {
  it('creates a contact with several addresses, the first one primary', async () => {
    const created = await createContact({
      name: 'Zaira Multipla',
      emails: ['Zaira@Lario.eu', 'alpha.zaira@gmail.com', 'zaira@officine-lario.it'],
      phone: '+39 031 555 0101',
    });
    expect(created).toMatchObject({
      emails: ['zaira@lario.eu', 'alpha.zaira@gmail.com', 'zaira@officine-lario.it'],
      phone: '+39 031 555 0101',
      organizationId: null,
      organizationName: null,
      hasPassword: false,
      version: 1,
    });
    const fetched = await api({ method: 'GET', url: `/api/v1/contacts/${created.id}`, headers: agent });
    expect(fetched.json().emails).toEqual(created.emails);
  });

  it("falls back to the organisation's language and channel, then Italian and email", async () => {
    const organization = await api({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin,
      payload: { name: 'Harbour Logistics', domains: ['harbour.example'], language: 'en', preferredChannel: 'portal' },
    });
    expect(organization.statusCode).toBe(201);
    const organizationId = organization.json().id;

    const inherits = await createContact({ name: 'Hank Harbour', emails: ['hank@harbour.example'], organizationId });
    expect(inherits).toMatchObject({
      language: null,
      preferredChannel: null,
      effectiveLanguage: 'en',
      effectiveChannel: 'portal',
      organizationName: 'Harbour Logistics',
    });
    const ownChoice = await createContact({
      name: 'Ilaria Harbour',
      emails: ['ilaria@harbour.example'],
      organizationId,
      language: 'it',
      preferredChannel: 'phone',
    });
    expect(ownChoice).toMatchObject({ effectiveLanguage: 'it', effectiveChannel: 'phone' });
    const withoutOrganization = await createContact({ name: 'Privato Senza Ditta', emails: ['privato@gmail.com'] });
    expect(withoutOrganization).toMatchObject({ effectiveLanguage: 'it', effectiveChannel: 'email' });

    // Moving the contact out of the organisation drops its defaults.
    const moved = await api({
      method: 'PATCH',
      url: `/api/v1/contacts/${inherits.id}`,
      headers: agent,
      payload: { version: inherits.version, organizationId: null },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ organizationId: null, effectiveLanguage: 'it', effectiveChannel: 'email' });
  });

  it('lists by organisation and by q on name, email and phone', async () => {
    const acme = await findOne('/api/v1/organizations', 'Acme S.p.A.');
    expect(namesOf(await listAll(`/api/v1/contacts?organizationId=${acme.id}`))).toEqual([
      'Chiara Galli',
      'Roberto Mancini',
    ]);
    // A secondary address counts too.
    expect(namesOf(await listAll('/api/v1/contacts?q=chiara.galli%40acme'))).toEqual(['Chiara Galli']);
    expect(namesOf(await listAll('/api/v1/contacts?q=PRIYA.SHAH'))).toEqual(['Priya Shah']);
    expect(namesOf(await listAll('/api/v1/contacts?q=7946%200958'))).toEqual(['James Whitfield']);
    expect(namesOf(await listAll('/api/v1/contacts?q=4567%2012'))).toEqual(['Chiara Galli', 'Roberto Mancini']);
    expect(namesOf(await listAll(`/api/v1/contacts?organizationId=${acme.id}&q=roberto`))).toEqual(['Roberto Mancini']);
  });

  it('updates the addresses, freeing the ones removed', async () => {
    const created = await createContact({
      name: 'Bruno Cambia',
      emails: ['bruno.old@gmail.com', 'bruno.keep@gmail.com'],
    });
    const updated = await api({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: agent,
      payload: { version: created.version, emails: ['bruno.new@gmail.com', 'Bruno.Keep@gmail.com'] },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      emails: ['bruno.new@gmail.com', 'bruno.keep@gmail.com'],
      version: created.version + 1,
    });
    expect(namesOf(await listAll('/api/v1/contacts?q=bruno.old'))).toEqual([]);
    await createContact({ name: 'Carla Riprende', emails: ['bruno.old@gmail.com'] });
  });

  it('refuses a stale version with 409 CONTACT_VERSION_CONFLICT', async () => {
    const created = await createContact({ name: 'Dario Versione', emails: ['dario.versione@gmail.com'] });
    const first = await api({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: agent,
      payload: { version: 1, phone: '+39 02 1111 2222' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await api({
      method: 'PATCH',
      url: `/api/v1/contacts/${created.id}`,
      headers: agent,
      payload: { version: 1, phone: '+39 02 3333 4444' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CONTACT_VERSION_CONFLICT', details: { currentVersion: 2 } });
  });

  it('refuses an unknown organisation with 400 ORGANIZATION_NOT_FOUND', async () => {
    const response = await api({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: agent,
      payload: { name: 'Elena Orfana', emails: ['elena.orfana@gmail.com'], organizationId: UNKNOWN_ID },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ORGANIZATION_NOT_FOUND');
    expect(await listAll('/api/v1/contacts?q=Elena%20Orfana')).toEqual([]);

    const contact = await createContact({ name: 'Fabio Sposta', emails: ['fabio.sposta@gmail.com'] });
    const moved = await api({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      headers: agent,
      payload: { version: contact.version, organizationId: UNKNOWN_ID },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.code).toBe('ORGANIZATION_NOT_FOUND');
  });

  it("refuses a staff user's address or another contact's", async () => {
    const staffAddress = await api({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: agent,
      payload: { name: 'Gino Impostore', emails: ['gino@gmail.com', 'L2@example.com'] },
    });
    expect(staffAddress.statusCode).toBe(409);
    expect(staffAddress.json().error).toMatchObject({
      code: 'EMAIL_ALREADY_IN_USE',
      details: { fields: [{ path: 'body.emails', message: expect.stringContaining('l2@example.com') }] },
    });
    // The refused contact left nothing behind, not even its free address.
    expect(await listAll('/api/v1/contacts?q=Gino')).toEqual([]);
    await createContact({ name: 'Gino Vero', emails: ['gino@gmail.com'] });

    const contact = await createContact({ name: 'Ivo Cambia', emails: ['ivo@gmail.com'] });
    for (const address of ['supervisor@example.com', 'anna.deluca@gmail.com']) {
      const response = await api({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        headers: agent,
        payload: { version: contact.version, emails: ['ivo@gmail.com', address] },
      });
      expect(response.statusCode, address).toBe(409);
      expect(response.json().error.code).toBe('EMAIL_ALREADY_IN_USE');
    }
    const unchanged = await api({ method: 'GET', url: `/api/v1/contacts/${contact.id}`, headers: agent });
    expect(unchanged.json()).toMatchObject({ emails: ['ivo@gmail.com'], version: contact.version });
  });

  it('lets staff manage contacts, and not customers', async () => {
    const bySupervisor = await api({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: supervisor,
      payload: { name: 'Lia Supervisionata', emails: ['lia@gmail.com'] },
    });
    expect(bySupervisor.statusCode).toBe(201);
    const byCustomer = await api({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: customer,
      payload: { name: 'Mia Abusiva', emails: ['mia@gmail.com'] },
    });
    expect(byCustomer.statusCode).toBe(403);
    expect((await api({ method: 'GET', url: '/api/v1/contacts', headers: customer })).statusCode).toBe(403);
  });
});

describe('concurrent updates with the same version', () => {
  /**
   * Sends two PATCHes of one record with the version last read, at once, for a few rounds (a race
   * is not certain to interleave badly on the first try): each time exactly one must win.
   */
  async function raceTwoPatches(url: string, changes: (round: number) => [object, object]) {
    const outcomes: { winner: Record<string, unknown>; loser: { error: { code: string } } }[] = [];
    let version = (await api({ method: 'GET', url, headers: admin })).json<{ version: number }>().version;
    for (let round = 0; round < 5; round += 1) {
      const responses = await Promise.all(
        changes(round).map((change) => api({ method: 'PATCH', url, headers: admin, payload: { version, ...change } })),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const winner = responses.find((response) => response.statusCode === 200)!.json();
      const loser = responses.find((response) => response.statusCode === 409)!.json();
      expect(winner.version).toBe(version + 1);
      expect(loser.error.details).toEqual({ currentVersion: version + 1 });
      const stored = await api({ method: 'GET', url, headers: admin });
      expect(stored.json()).toEqual(winner);
      outcomes.push({ winner, loser });
      version = winner.version;
    }
    return outcomes;
  }

  it('lets exactly one of two user updates through', async () => {
    const user = await createUser({ name: 'Nico Gara', email: 'nico.gara@example.com', role: 'agent' });
    const outcomes = await raceTwoPatches(`/api/v1/users/${user.id}`, (round) => [
      { name: `Nico A${round}` },
      { name: `Nico B${round}` },
    ]);
    for (const { loser } of outcomes) expect(loser.error.code).toBe('USER_VERSION_CONFLICT');
  });

  it('lets exactly one of two contact updates through', async () => {
    const contact = await createContact({ name: 'Olga Gara', emails: ['olga.gara@gmail.com'] });
    const outcomes = await raceTwoPatches(`/api/v1/contacts/${contact.id}`, (round) => [
      { emails: [`olga.a${round}@gmail.com`] },
      { emails: [`olga.b${round}@gmail.com`] },
    ]);
    for (const { winner, loser } of outcomes) {
      expect(loser.error.code).toBe('CONTACT_VERSION_CONFLICT');
      expect(winner.emails).toHaveLength(1);
    }
  });

  it('lets exactly one of two organisation updates through', async () => {
    const organization = await findOne('/api/v1/organizations', 'Trattoria Da Mario S.r.l.');
    const outcomes = await raceTwoPatches(`/api/v1/organizations/${organization.id}`, (round) => [
      { region: `Lazio Nord ${round}` },
      { region: `Lazio Sud ${round}` },
    ]);
    for (const { loser } of outcomes) expect(loser.error.code).toBe('ORGANIZATION_VERSION_CONFLICT');
  });

  it('lets exactly one of two group updates through', async () => {
    const group = await findOne('/api/v1/groups', 'Reti e Sistemi');
    const outcomes = await raceTwoPatches(`/api/v1/groups/${group.id}`, (round) => [
      { skills: [`network-${round}`] },
      { skills: [`vpn-${round}`] },
    ]);
    for (const { loser } of outcomes) expect(loser.error.code).toBe('GROUP_VERSION_CONFLICT');
  });
});
