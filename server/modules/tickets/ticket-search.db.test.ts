/** Full-text search: languages, accents, ranking, snippets, and the caller's scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestServer, tokenFor, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let agent: Record<string, string>;
let customer: Record<string, string>;

interface Hit {
  ticket: { number: string; subject: string };
  snippetHtml: string;
}

async function search(headers: Record<string, string>, q: string): Promise<Hit[]> {
  const response = await server.app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}`,
    headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().tickets;
}

async function open(headers: Record<string, string>, body: Record<string, unknown>) {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/tickets', headers, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; number: string }>();
}

beforeAll(async () => {
  server = await createTestServer();
  agent = bearer(await tokenFor(server, 'l1@example.com'));
  customer = bearer(await tokenFor(server, 'customer@example.com'));
  await open(customer, {
    type: 'incident',
    subject: 'Il gestionale non stampa le fatture',
    description: 'Perché il gestionale non stampa più le fatture? Le stampanti funzionano con le altre applicazioni.',
  });
  await open(agent, {
    type: 'service_request',
    requester: { email: 'james.whitfield@northwind.co.uk' },
    subject: 'Shared calendar',
    description: 'We are preparing the board meeting and need a shared calendar for the directors.',
  });
});
afterAll(async () => {
  await server.dispose();
});

describe('ticket search', () => {
  it('finds Italian words through their stem and without accents', async () => {
    const byStem = await search(agent, 'stampare fattura');
    expect(byStem.map((hit) => hit.ticket.subject)).toContain('Il gestionale non stampa le fatture');
    const withoutAccent = await search(agent, 'perche');
    expect(withoutAccent.map((hit) => hit.ticket.subject)).toContain('Il gestionale non stampa le fatture');
  });

  it('finds English words through their stem', async () => {
    const hits = await search(agent, 'prepare meetings');
    expect(hits.map((hit) => hit.ticket.subject)).toContain('Shared calendar');
  });

  it('highlights the matches in an escaped snippet', async () => {
    const [hit] = await search(agent, 'calendar directors');
    expect(hit!.snippetHtml).toContain('<mark>directors</mark>');
    expect(hit!.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('finds a ticket by its number in any usual form', async () => {
    const created = await open(agent, {
      type: 'incident',
      requester: { email: 'mario@damario.it' },
      subject: 'Cassa bloccata',
      description: 'Il registratore di cassa non si accende.',
    });
    for (const form of [created.number, `#${created.number}`, `[#${created.number}]`]) {
      expect((await search(agent, form))[0]!.ticket.number).toBe(created.number);
    }
  });

  it('ranks a subject match above a ticket that only mentions the word once in passing', async () => {
    await open(agent, {
      type: 'incident',
      requester: { email: 'mario@damario.it' },
      subject: 'Problema con il router della sala',
      description: 'Il router della sala si riavvia da solo.',
    });
    await open(agent, {
      type: 'incident',
      requester: { email: 'mario@damario.it' },
      subject: 'Rete lenta in magazzino',
      description: 'La rete in magazzino è lenta; forse dipende anche dal router, ma non ne siamo sicuri.',
    });
    const hits = await search(agent, 'router');
    expect(hits[0]!.ticket.subject).toBe('Problema con il router della sala');
    expect(hits.map((hit) => hit.ticket.subject)).toContain('Rete lenta in magazzino');
  });

  it('never lets a customer find words that are only in internal notes', async () => {
    const ticket = await open(customer, {
      type: 'incident',
      subject: 'Monitor sfarfalla',
      description: 'Il monitor sfarfalla.',
    });
    await server.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent,
      payload: { body: 'Probabile guasto della scheda grafica zorblatt', visibility: 'internal' },
    });
    expect((await search(agent, 'zorblatt')).map((hit) => hit.ticket.number)).toContain(ticket.number);
    expect(await search(customer, 'zorblatt')).toEqual([]);
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/tickets?q=zorblatt', headers: customer });
    expect(list.json().items).toEqual([]);
  });

  it('fills the page with the best matches the caller may see, however many better ones are hidden', async () => {
    const own = await open(customer, {
      type: 'incident',
      subject: 'Stampa lenta',
      description: 'Da ieri la stampa delle etichette quokka è lentissima.',
    });
    const others: string[] = [];
    for (const place of ['Milano', 'Roma', 'Torino']) {
      const ticket = await open(agent, {
        type: 'incident',
        requester: { email: 'mario@damario.it' },
        subject: `Quokka quokka: etichette ferme a ${place}`,
        description: `Le etichette quokka non escono a ${place}.`,
      });
      others.push(ticket.number);
    }
    const page = async (headers: Record<string, string>, limit: number) =>
      (await server.app.inject({ method: 'GET', url: `/api/v1/search?q=quokka&limit=${limit}`, headers })).json<{
        tickets: Hit[];
      }>().tickets;
    // The three subject matches rank above the customer's ticket, and the customer may see none of them.
    expect(
      (await page(agent, 4))
        .map((hit) => hit.ticket.number)
        .slice(0, 3)
        .sort(),
    ).toEqual([...others].sort());
    expect((await page(agent, 4)).at(-1)!.ticket.number).toBe(own.number);
    expect((await page(customer, 1)).map((hit) => hit.ticket.number)).toEqual([own.number]);
    expect((await page(agent, 2)).map((hit) => hit.ticket.number)).toEqual(
      (await page(agent, 4)).slice(0, 2).map((hit) => hit.ticket.number),
    );
  });

  it("finds the caller's own tickets however many tickets they may not see use the same word", async () => {
    // More matching messages than a search ranks (200 per source), on a ticket neither caller sees,
    // written before theirs: the first candidates found are all someone else's.
    const crowded = await open(agent, {
      type: 'incident',
      requester: { email: 'mario@damario.it' },
      subject: 'Scanner del magazzino',
      description: 'Lo scanner non legge i codici.',
    });
    await server.testDatabase.database.pool.query(
      `INSERT INTO messages (ticket_id, kind, visibility, body_html, body_text, language, created_at)
       SELECT $1, 'portal', 'public', '<p>wombat</p>', 'Ancora errore wombat numero ' || n, 'it', now()
         FROM generate_series(1, 250) AS n`,
      [crowded.id],
    );
    const customers = await open(customer, {
      type: 'incident',
      subject: 'Etichette storte',
      description: 'Dopo il cambio del rotolo il wombat stampa storto.',
    });
    const l2 = bearer(await tokenFor(server, 'l2@example.com'));
    // An agent of the level 2 groups follows what they open; the crowded ticket is level 1's.
    const l2s = await open(l2, {
      type: 'incident',
      requester: { email: 'mario@damario.it' },
      subject: 'Server di stampa',
      description: 'Il server di stampa segnala un errore wombat.',
    });
    expect((await search(customer, 'wombat')).map((hit) => hit.ticket.number)).toEqual([customers.number]);
    expect((await search(l2, 'wombat')).map((hit) => hit.ticket.number)).toEqual([l2s.number]);
    const admin = bearer(await tokenFor(server, 'admin@example.com'));
    expect((await search(admin, 'wombat')).map((hit) => hit.ticket.number)).toContain(crowded.number);
  });

  it('keeps a customer to their own tickets and gives them no contacts or organisations', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/search?q=calendar', headers: customer });
    expect(response.json()).toEqual({ tickets: [], contacts: [], organizations: [] });
  });

  it('returns contacts and organisations to staff', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/search?q=northwind', headers: agent });
    expect(response.json().organizations.map((organization: { name: string }) => organization.name)).toContain(
      'Northwind Traders Ltd',
    );
  });

  it('filters the ticket list with the same full-text matching', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/tickets?q=fatture', headers: agent });
    expect(response.json().items.map((ticket: { subject: string }) => ticket.subject)).toContain(
      'Il gestionale non stampa le fatture',
    );
  });
});
