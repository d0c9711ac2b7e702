/**
 * Live updates through a real HTTP server: what one agent changes reaches another's stream, each
 * stream hears only what its account may, presence is announced, and shutdown closes the streams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestServer, tokenFor, type TestServer } from '../test-support/test-server.js';

let server: TestServer;
let baseUrl: string;
const tokens: Record<string, string> = {};

interface Received {
  event: string;
  data: { type: string; ticketId: string; name?: string; state?: string; userId?: string };
}

/** Reads an SSE stream and hands out its events in order. */
async function listen(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/live`, { headers: bearer(token), signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: Received[] = [];
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) queue.push({ event, data: JSON.parse(data) });
      }
    }
    ended = true;
  })();
  return {
    /** The next event, waiting for it up to a deadline (a condition, not a sleep). */
    async next(deadlineMs = 5000): Promise<Received> {
      const until = Date.now() + deadlineMs;
      while (queue.length === 0) {
        if (ended || Date.now() > until) throw new Error('no event arrived');
        await new Promise((resolve) => setImmediate(resolve));
      }
      return queue.shift()!;
    },
    ended: () => ended,
    pump,
    close: () => controller.abort(),
  };
}

async function ticketOf(subject: string) {
  const response = await server.app.inject({
    method: 'GET',
    url: `/api/v1/tickets?q=${encodeURIComponent(subject)}`,
    headers: bearer(tokens.admin!),
  });
  return response
    .json<{ items: { id: string; version: number; subject: string }[] }>()
    .items.find((ticket) => ticket.subject === subject)!;
}

async function addNote(token: string, ticketId: string) {
  const response = await server.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/messages`,
    headers: bearer(token),
    payload: { body: 'Nota di prova', visibility: 'internal' },
  });
  expect(response.statusCode).toBe(201);
}

beforeAll(async () => {
  server = await createTestServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const [name, email] of Object.entries({
    admin: 'admin@example.com',
    l1: 'l1@example.com',
    l2: 'l2@example.com',
    customer: 'customer@example.com',
  })) {
    tokens[name] = await tokenFor(server, email);
  }
});
afterAll(async () => {
  await server.dispose();
});

describe('live updates', () => {
  it("tells a customer's stream about the ticket their mail opened and then their reply", async () => {
    const stream = await listen(tokens.customer!);
    const deliver = async (raw: string) => {
      server.clock.advance(1000);
      const stored = await server.modules.inboundMail.pipeline.intake.accept({
        raw: Buffer.from(raw),
        source: 'smtp',
        mailboxId: null,
        envelopeFrom: 'customer@example.com',
        envelopeTo: ['support@example.com'],
      });
      // Only the processing: the acknowledgement's own jobs are not what this stream is about.
      return server.modules.inboundMail.pipeline.process(stored.inboundEmailId);
    };
    const opened = await deliver(
      'From: Cliente <customer@example.com>\r\nTo: support@example.com\r\nSubject: Live dalla posta\r\n' +
        'Message-ID: <live-request@example.com>\r\n\r\nLa stampante non stampa più da stamattina.\r\n',
    );
    expect(opened.status).toBe('processed');
    expect(await stream.next()).toMatchObject({ event: 'ticket.changed', data: { ticketId: opened.ticketId } });
    const replied = await deliver(
      'From: Cliente <customer@example.com>\r\nTo: support@example.com\r\nSubject: Re: Live dalla posta\r\n' +
        'Message-ID: <live-reply@example.com>\r\nIn-Reply-To: <live-request@example.com>\r\n\r\nAncora ferma.\r\n',
    );
    expect(replied).toMatchObject({ status: 'processed', ticketId: opened.ticketId });
    expect(await stream.next()).toMatchObject({ event: 'ticket.changed', data: { ticketId: opened.ticketId } });
    stream.close();
  });

  it("delivers one agent's change to another agent's stream", async () => {
    const stream = await listen(tokens.l1!);
    const ticket = await ticketOf('La VPN si disconnette ogni 10 minuti');
    await addNote(tokens.l2!, ticket.id);
    const received = await stream.next();
    expect(received).toMatchObject({ event: 'ticket.changed', data: { type: 'ticket.changed', ticketId: ticket.id } });
    stream.close();
  });

  it('tells the desk and the requester about a ticket opened through the API, whoever opens it', async () => {
    const agent = await listen(tokens.l1!);
    const customer = await listen(tokens.customer!);
    const open = async (token: string, payload: Record<string, unknown>) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: bearer(token),
        payload: { type: 'incident', subject: 'Monitor spento', description: 'Non si accende.', ...payload },
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ id: string }>().id;
    };
    // By an agent for a known customer (the one-statement opening), then by the customer.
    const forCustomer = await open(tokens.admin!, { requester: { email: 'customer@example.com' } });
    expect(await agent.next()).toMatchObject({ event: 'ticket.changed', data: { ticketId: forCustomer } });
    expect((await customer.next()).data).toEqual({ type: 'ticket.changed', ticketId: forCustomer });
    const byCustomer = await open(tokens.customer!, {});
    expect(await agent.next()).toMatchObject({ event: 'ticket.changed', data: { ticketId: byCustomer } });
    expect((await customer.next()).data).toEqual({ type: 'ticket.changed', ticketId: byCustomer });
    // For a new address (the transaction that makes the contact too).
    const forNewcomer = await open(tokens.admin!, { requester: { email: 'nuovo@cliente-live.example' } });
    expect(await agent.next()).toMatchObject({ event: 'ticket.changed', data: { ticketId: forNewcomer } });
    agent.close();
    customer.close();
  });

  it('tells a customer only about their own tickets, with nothing but the id', async () => {
    const stream = await listen(tokens.customer!);
    const others = await ticketOf('New starter on Monday: laptop and accounts');
    const own = await ticketOf('Wi-Fi lento in sala riunioni');
    await addNote(tokens.admin!, others.id);
    await addNote(tokens.admin!, own.id);
    // Events arrive in order: the first one the customer hears must be about their own ticket.
    const received = await stream.next();
    expect(received.data).toEqual({ type: 'ticket.changed', ticketId: own.id });
    stream.close();
  });

  it('announces who is viewing or typing to other staff, never to customers', async () => {
    const agentStream = await listen(tokens.l1!);
    const customerStream = await listen(tokens.customer!);
    // Escalated to Reti e Sistemi: both l1 (level 1 keeps it) and l2 see it; the customer asked for it.
    const ticket = await ticketOf('La VPN si disconnette ogni 10 minuti');
    const presence = await server.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/presence`,
      headers: bearer(tokens.l2!),
      payload: { state: 'typing' },
    });
    expect(presence.statusCode).toBe(204);
    expect(await agentStream.next()).toMatchObject({
      event: 'presence',
      data: { ticketId: ticket.id, name: 'Marco Bianchi', state: 'typing' },
    });
    // A page opened now learns who is already there.
    const present = await server.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/presence`,
      headers: bearer(tokens.l1!),
    });
    expect(present.json().items).toEqual([expect.objectContaining({ name: 'Marco Bianchi', state: 'typing' })]);
    // …and it fades once the heartbeats stop.
    server.clock.advance(31_000);
    const faded = await server.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/presence`,
      headers: bearer(tokens.l1!),
    });
    expect(faded.json().items).toEqual([]);
    await addNote(tokens.admin!, ticket.id);
    // The customer's first event is the change, not the presence announced before it.
    expect((await customerStream.next()).event).toBe('ticket.changed');
    agentStream.close();
    customerStream.close();
  });

  it('refuses presence on a ticket the agent cannot see', async () => {
    const emily = await tokenFor(server, 'emily.carter@example.com');
    const ticket = await ticketOf('Wi-Fi lento in sala riunioni');
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/presence`,
      headers: bearer(emily),
      payload: { state: 'viewing' },
    });
    expect(response.statusCode).toBe(404);
  });

  it('closes the open streams when the server shuts down', async () => {
    const stream = await listen(tokens.l1!);
    await server.app.close();
    await stream.pump;
    expect(stream.ended()).toBe(true);
  });
});
