/**
 * Custom fields through the API: definitions (CRUD, who may do what, concurrency), values on
 * tickets (each type, required, unknown keys, what customers may set and see), their history,
 * and the `cf.<key>` list filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '../../../contracts/custom-fields.contract.js';
import type { Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import {
  expectError,
  idsOf,
  openDesk,
  UNKNOWN_ID,
  type Desk,
  type Headers,
} from '../../test-support/tickets-fixture.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const FIELDS = '/api/v1/custom-fields';

async function defineField(body: Record<string, unknown>): Promise<CustomFieldDefinition> {
  const response = await desk.call(desk.as.admin, 'POST', FIELDS, { labelIt: 'Campo', labelEn: 'Field', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<CustomFieldDefinition>();
}

async function listFields(headers: Headers): Promise<CustomFieldDefinition[]> {
  const response = await desk.call(headers, 'GET', `${FIELDS}?limit=200`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: CustomFieldDefinition[] }>().items;
}

let serial = 0;
const open = (extra: Record<string, unknown> = {}, headers: Headers = desk.as.l1) =>
  desk.createTicket(headers, {
    type: 'incident',
    subject: `Campi ${++serial}`,
    description: 'Prova dei campi personalizzati',
    ...(headers === desk.as.customer ? {} : { requester: { email: 'customer@example.com' } }),
    ...extra,
  });

const openRaw = (payload: Record<string, unknown>, headers: Headers = desk.as.l1) =>
  desk.call(headers, 'POST', '/api/v1/tickets', {
    type: 'incident',
    subject: `Campi ${++serial}`,
    description: 'Prova dei campi personalizzati',
    ...(headers === desk.as.customer ? {} : { requester: { email: 'customer@example.com' } }),
    ...payload,
  });

const failingPaths = (error: { details?: Record<string, unknown> }) =>
  (error.details?.fields as { path: string }[]).map((field) => field.path).sort();

describe('definitions', () => {
  it('are created by admins only, with a unique immutable key', async () => {
    const body = { key: 'priorita_cliente', labelIt: 'Priorità cliente', labelEn: 'Customer priority', type: 'number' };
    for (const who of ['supervisor', 'l1', 'customer'] as const) {
      expect((await desk.call(desk.as[who], 'POST', FIELDS, body)).statusCode, who).toBe(403);
    }
    const created = await defineField(body);
    expect(created).toMatchObject({
      key: 'priorita_cliente',
      type: 'number',
      options: [],
      required: false,
      visibleToCustomer: false,
      ticketTypes: ['incident', 'service_request'],
      serviceIds: [],
      active: true,
      version: 1,
    });
    expectError(await desk.call(desk.as.admin, 'POST', FIELDS, body), 409, 'CUSTOM_FIELD_KEY_TAKEN');
    const renamed = await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${created.id}`, { version: 1, key: 'altro' });
    expectError(renamed, 400, 'VALIDATION_FAILED');
    const retyped = await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${created.id}`, { version: 1, type: 'text' });
    expectError(retyped, 400, 'VALIDATION_FAILED');
  });

  it('refuse bad keys and options that do not fit the type', async () => {
    for (const body of [
      { key: 'Numero Asset', type: 'text' },
      { key: 'colore', type: 'select', options: [] },
      { key: 'colore', type: 'text', options: [{ value: 'x', labelIt: 'X', labelEn: 'X' }] },
      {
        key: 'colore',
        type: 'multiselect',
        options: [
          { value: 'x', labelIt: 'X', labelEn: 'X' },
          { value: 'x', labelIt: 'Y', labelEn: 'Y' },
        ],
      },
      { key: 'colore', type: 'text', serviceIds: [UNKNOWN_ID] },
    ]) {
      const response = await desk.call(desk.as.admin, 'POST', FIELDS, { labelIt: 'C', labelEn: 'C', ...body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    const site = (await listFields(desk.as.admin)).find((field) => field.key === 'sede')!;
    const emptied = await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${site.id}`, {
      version: site.version,
      options: [],
    });
    expect(failingPaths(expectError(emptied, 400, 'VALIDATION_FAILED'))).toEqual(['body.options']);
  });

  it('change under optimistic concurrency', async () => {
    const field = await defineField({ key: 'note_tecniche', type: 'textarea' });
    const url = `${FIELDS}/${field.id}`;
    const changed = await desk.call(desk.as.admin, 'PATCH', url, {
      version: 1,
      labelEn: 'Technical notes',
      position: 5,
    });
    expect(changed.json()).toMatchObject({ labelEn: 'Technical notes', position: 5, version: 2 });
    expectError(
      await desk.call(desk.as.admin, 'PATCH', url, { version: 1, labelIt: 'x' }),
      409,
      'CUSTOM_FIELD_VERSION_CONFLICT',
    );
    expect((await desk.call(desk.as.l1, 'PATCH', url, { version: 2, labelIt: 'x' })).statusCode).toBe(403);
    expectError(
      await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${UNKNOWN_ID}`, { version: 1 }),
      404,
      'CUSTOM_FIELD_NOT_FOUND',
    );
  });

  it('are read in full by staff, and only the active visible ones by customers', async () => {
    const hidden = await defineField({ key: 'costo_interno', type: 'number' });
    const retired = await defineField({ key: 'vecchio_campo', type: 'text', visibleToCustomer: true });
    await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${retired.id}`, { version: 1, active: false });

    const staffKeys = (await listFields(desk.as.l1)).map((field) => field.key);
    expect(staffKeys).toEqual(
      expect.arrayContaining(['numero_asset', 'sede', 'data_intervento', 'costo_interno', 'vecchio_campo']),
    );
    const customerKeys = (await listFields(desk.as.customer)).map((field) => field.key);
    expect(customerKeys).toEqual(['numero_asset', 'sede']);
    expectError(await desk.call(desk.as.customer, 'GET', `${FIELDS}/${hidden.id}`), 404, 'CUSTOM_FIELD_NOT_FOUND');
    expectError(await desk.call(desk.as.customer, 'GET', `${FIELDS}/${retired.id}`), 404, 'CUSTOM_FIELD_NOT_FOUND');
    expect((await desk.call(desk.as.l2, 'GET', `${FIELDS}/${hidden.id}`)).statusCode).toBe(200);
    const active = await desk.call(desk.as.admin, 'GET', `${FIELDS}?active=false&limit=200`);
    expect(active.json<{ items: CustomFieldDefinition[] }>().items.map((field) => field.key)).toEqual([
      'vecchio_campo',
    ]);
  });

  it('page by position', async () => {
    const first = await desk.call(desk.as.admin, 'GET', `${FIELDS}?limit=2`);
    const page = first.json<{ items: CustomFieldDefinition[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(2);
    const second = await desk.call(desk.as.admin, 'GET', `${FIELDS}?limit=200&cursor=${page.nextCursor}`);
    const rest = second.json<{ items: CustomFieldDefinition[] }>().items;
    const all = [...page.items, ...rest];
    expect(all.map((field) => field.key)).toEqual((await listFields(desk.as.admin)).map((field) => field.key));
    const positions = all.map((field) => field.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('values on tickets', () => {
  it('are checked by type, and stored normalized', async () => {
    await defineField({ key: 'postazioni', type: 'number' });
    await defineField({ key: 'urgente_legale', type: 'boolean' });
    await defineField({
      key: 'sistemi',
      type: 'multiselect',
      options: ['erp', 'crm', 'posta'].map((value) => ({ value, labelIt: value, labelEn: value })),
    });
    const ticket = await open({
      customFields: {
        numero_asset: '  NB-1234 ',
        sede: 'roma',
        data_intervento: '2026-03-02',
        postazioni: 3,
        urgente_legale: false,
        sistemi: ['posta', 'erp', 'erp'],
        note_tecniche: '',
      },
    });
    expect(ticket.customFields).toEqual({
      numero_asset: 'NB-1234',
      sede: 'roma',
      data_intervento: '2026-03-02',
      postazioni: 3,
      urgente_legale: false,
      sistemi: ['erp', 'posta'],
    });

    const wrong = await openRaw({
      customFields: {
        numero_asset: 42,
        sede: 'napoli',
        data_intervento: '2026-02-30',
        postazioni: 'tre',
        urgente_legale: 'no',
        sistemi: ['erp', 'sap'],
        non_esiste: 'x',
        vecchio_campo: 'x',
      },
    });
    expect(failingPaths(expectError(wrong, 400, 'VALIDATION_FAILED'))).toEqual(
      [
        'numero_asset',
        'sede',
        'data_intervento',
        'postazioni',
        'urgente_legale',
        'sistemi',
        'non_esiste',
        'vecchio_campo',
      ]
        .map((key) => `body.customFields.${key}`)
        .sort(),
    );
  });

  it('require what applies to the ticket type and service, when a person opens it', async () => {
    const field = await defineField({
      key: 'centro_di_costo',
      type: 'text',
      required: true,
      ticketTypes: ['service_request'],
      serviceIds: [desk.services.workstation],
    });
    try {
      const request = { type: 'service_request' as const, serviceId: desk.services.workstation };
      expect(failingPaths(expectError(await openRaw(request), 400, 'VALIDATION_FAILED'))).toEqual([
        'body.customFields.centro_di_costo',
      ]);
      // Hidden from customers: they are not asked for it.
      await open(request, desk.as.customer);
      // Other types and services are not concerned; a field that does not apply cannot be set.
      await open({ type: 'incident', serviceId: desk.services.workstation });
      await open({ type: 'service_request', serviceId: desk.services.email });
      const elsewhere = await openRaw({ serviceId: desk.services.email, customFields: { centro_di_costo: 'CC-1' } });
      expect(failingPaths(expectError(elsewhere, 400, 'VALIDATION_FAILED'))).toEqual([
        'body.customFields.centro_di_costo',
      ]);
      // The system (email, automation) is never refused for a missing value.
      const system = { actor: { kind: 'system' as const }, now: desk.server.clock.now(), language: 'it' as const };
      await desk.server.modules.tickets.tickets.createTicket(system, {
        ...request,
        subject: 'Da email',
        description: 'Arrivato per email',
        requester: { email: 'customer@example.com' },
        channelHint: 'email',
      });

      const ticket = await open({ ...request, customFields: { centro_di_costo: 'CC-7' } });
      expect(ticket.customFields).toEqual({ centro_di_costo: 'CC-7' });
      const cleared = await desk.patch(desk.as.l1, ticket.id, { customFields: { centro_di_costo: null } });
      expect(failingPaths(expectError(cleared, 400, 'VALIDATION_FAILED'))).toEqual([
        'body.customFields.centro_di_costo',
      ]);
    } finally {
      await desk.call(desk.as.admin, 'PATCH', `${FIELDS}/${field.id}`, { version: field.version, active: false });
    }
  });

  it('change one key at a time, recorded in history from → to', async () => {
    const ticket = await open({ customFields: { sede: 'milano', numero_asset: 'PC-1' } });
    const changed = await desk.patch(desk.as.l1, ticket.id, {
      customFields: { sede: 'torino', numero_asset: null, data_intervento: '2026-04-01' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Ticket>().customFields).toEqual({ sede: 'torino', data_intervento: '2026-04-01' });
    const unchanged = await desk.patch(desk.as.l1, ticket.id, { customFields: { sede: 'torino' } });
    expect(unchanged.json<Ticket>().version).toBe(changed.json<Ticket>().version);

    const timeline = await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    const changes = timeline
      .json<{ items: TimelineEntry[] }>()
      .items.flatMap((entry) => (entry.type === 'event' ? entry.event.changes : []));
    expect(changes).toEqual([
      { field: 'custom_fields.data_intervento', from: null, to: '2026-04-01' },
      { field: 'custom_fields.numero_asset', from: 'PC-1', to: null },
      { field: 'custom_fields.sede', from: 'milano', to: 'torino' },
    ]);
    const stale = await desk.call(desk.as.l1, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      version: ticket.version,
      customFields: { sede: 'roma' },
    });
    expectError(stale, 409, 'TICKET_VERSION_CONFLICT');
  });
});

describe('customers', () => {
  it('set and see only the fields visible to them', async () => {
    const hiddenFromThem = await openRaw({ customFields: { data_intervento: '2026-05-05' } }, desk.as.customer);
    expect(failingPaths(expectError(hiddenFromThem, 400, 'VALIDATION_FAILED'))).toEqual([
      'body.customFields.data_intervento',
    ]);
    const own = await open({ customFields: { sede: 'roma', numero_asset: 'NB-9' } }, desk.as.customer);
    expect(own.customFields).toEqual({ sede: 'roma', numero_asset: 'NB-9' });

    const planned = await desk.patch(desk.as.l1, own.id, {
      customFields: { data_intervento: '2026-05-05', costo_interno: 120 },
    });
    expect(planned.json<Ticket>().customFields).toMatchObject({ data_intervento: '2026-05-05', costo_interno: 120 });
    expect((await desk.getTicket(desk.as.customer, own.id)).customFields).toEqual({
      sede: 'roma',
      numero_asset: 'NB-9',
    });
    const listed = (await desk.list(desk.as.customer)).find((ticket) => ticket.id === own.id)!;
    expect(listed.customFields).toEqual({ sede: 'roma', numero_asset: 'NB-9' });
    expect(listed.abilities.editCustomFields).toBe(true);

    const current = await desk.getTicket(desk.as.customer, own.id);
    const url = `/api/v1/tickets/${own.id}`;
    const forbiddenKey = await desk.call(desk.as.customer, 'PATCH', url, {
      version: current.version,
      customFields: { data_intervento: '2026-06-01' },
    });
    expect(failingPaths(expectError(forbiddenKey, 400, 'VALIDATION_FAILED'))).toEqual([
      'body.customFields.data_intervento',
    ]);
    const mine = await desk.call(desk.as.customer, 'PATCH', url, {
      version: current.version,
      customFields: { sede: 'milano' },
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<Ticket>().customFields).toEqual({ sede: 'milano', numero_asset: 'NB-9' });
    // The values hidden from the customer are untouched.
    expect((await desk.getTicket(desk.as.l1, own.id)).customFields).toEqual({
      sede: 'milano',
      numero_asset: 'NB-9',
      data_intervento: '2026-05-05',
      costo_interno: 120,
    });
    // Their timeline does not show field changes (staff history only).
    const timeline = await desk.call(desk.as.customer, 'GET', `/api/v1/tickets/${own.id}/timeline`);
    expect(timeline.body).not.toContain('custom_fields');
    expect(timeline.body).not.toContain('2026-05-05');
  });

  it('cannot change a closed request, nor filter by a hidden field', async () => {
    const own = await open({ customFields: { sede: 'roma' } }, desk.as.customer);
    await desk.patch(desk.as.admin, own.id, { statusId: desk.statuses.closed });
    const closed = await desk.getTicket(desk.as.customer, own.id);
    expect(closed.abilities.editCustomFields).toBe(false);
    const late = await desk.call(desk.as.customer, 'PATCH', `/api/v1/tickets/${own.id}`, {
      version: closed.version,
      customFields: { sede: 'milano' },
    });
    expect(late.statusCode).toBe(403);
    const hidden = await desk.call(desk.as.customer, 'GET', '/api/v1/tickets?cf.data_intervento=2026-05-05');
    expect(failingPaths(expectError(hidden, 400, 'VALIDATION_FAILED'))).toEqual(['querystring.cf.data_intervento']);
  });
});

describe('the cf.<key> filter', () => {
  it('finds tickets by the value of a field', async () => {
    await defineField({ key: 'stanza', type: 'number' });
    const turin = await open({ customFields: { sede: 'torino', stanza: 12, sistemi: ['crm', 'posta'] } });
    const rome = await open({ customFields: { sede: 'roma', stanza: 12, sistemi: ['crm'] } });

    expect(idsOf(await desk.list(desk.as.admin, 'cf.sede=torino&cf.stanza=12'))).toEqual([turin.id]);
    // Both were created at the same (fake) instant: compare as sets.
    const both = [turin.id, rome.id].sort();
    expect(idsOf(await desk.list(desk.as.admin, 'cf.stanza=12')).sort()).toEqual(both);
    expect(idsOf(await desk.list(desk.as.admin, 'cf.sistemi=crm')).sort()).toEqual(both);
    expect(idsOf(await desk.list(desk.as.admin, 'cf.sistemi=posta&cf.stanza=12'))).toEqual([turin.id]);
    // The demo's Milan tickets, and the customer sees their own by a visible field.
    const milan = await desk.list(desk.as.customer, 'cf.sede=milano');
    expect(milan.length).toBeGreaterThan(0);
    expect(milan.every((ticket) => ticket.customFields.sede === 'milano')).toBe(true);

    const unknown = await desk.call(desk.as.admin, 'GET', '/api/v1/tickets?cf.non_esiste=1');
    expect(failingPaths(expectError(unknown, 400, 'VALIDATION_FAILED'))).toEqual(['querystring.cf.non_esiste']);
    const notANumber = await desk.call(desk.as.admin, 'GET', '/api/v1/tickets?cf.stanza=dodici');
    expect(failingPaths(expectError(notANumber, 400, 'VALIDATION_FAILED'))).toEqual(['querystring.cf.stanza']);
    const twice = await desk.call(desk.as.admin, 'GET', '/api/v1/tickets?cf.sede=roma&cf.sede=milano');
    expectError(twice, 400, 'VALIDATION_FAILED');
  });
});

describe('OpenAPI', () => {
  it('documents the definitions and the cf.<key> filter', async () => {
    const response = await desk.server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, Record<string, { description?: string }>> }>().paths;
    expect(Object.keys(paths['/api/v1/custom-fields']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/custom-fields/{id}']!).sort()).toEqual(['get', 'patch']);
    expect(paths['/api/v1/tickets']!.get!.description).toContain('cf.<key>=value');
  });
});
