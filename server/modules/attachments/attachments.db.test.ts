/**
 * Attachments through the API: uploads (type from the bytes, limits, refused programs, names),
 * download and preview headers, who may read a file before and after it is linked (customers never
 * see internal-note files), linking rules on new tickets and messages, merges, and the sweep.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UploadedAttachment } from '../../../contracts/attachments.contract.js';
import type { Message, Ticket, TimelineEntry } from '../../../contracts/tickets.contract.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk, type Headers } from '../../test-support/tickets-fixture.js';
import { attachments } from './attachments.schema.js';
import { storeAttachmentContent } from './attachments.service.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});
beforeEach(() => desk.server.clock.set('2026-03-02T09:00:00Z'));

function uploadRaw(headers: Headers, filename: string, content: Buffer): Promise<LightMyRequestResponse> {
  const boundary = `sportello-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  return desk.server.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

async function upload(headers: Headers, filename: string, content: Buffer | string): Promise<UploadedAttachment> {
  const response = await uploadRaw(headers, filename, Buffer.isBuffer(content) ? content : Buffer.from(content));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<UploadedAttachment>();
}

const download = (headers: Headers, id: string, preview = false) =>
  desk.call(headers, 'GET', `/api/v1/attachments/${id}${preview ? '/preview' : ''}`);

const openTicket = (subject: string, extra: Record<string, unknown> = {}): Promise<Ticket> =>
  desk.createTicket(desk.as.l1, {
    type: 'incident',
    subject,
    description: 'Descrizione',
    requester: { email: 'customer@example.com' },
    ...extra,
  });

async function reply(headers: Headers, ticketId: string, payload: Record<string, unknown>): Promise<Message> {
  const response = await desk.call(headers, 'POST', `/api/v1/tickets/${ticketId}/messages`, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Message>();
}

async function messagesOf(headers: Headers, ticketId: string): Promise<Message[]> {
  const response = await desk.call(headers, 'GET', `/api/v1/tickets/${ticketId}/messages`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Message[] }>().items;
}

const storedPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
const filesRoot = () => path.join(desk.server.config.dataDirectory, 'files');
const rowOf = async (id: string) =>
  (await desk.server.deps.database.orm.select().from(attachments).where(eq(attachments.id, id)))[0];

describe('uploading', () => {
  it('stores the file under its SHA-256, with the type detected from the bytes', async () => {
    const uploaded = await upload(desk.as.l1, 'schermata.pdf', PNG);
    expect(uploaded).toEqual({
      id: expect.any(String),
      filename: 'schermata.pdf',
      contentType: 'image/png',
      size: PNG.length,
    });
    const row = await rowOf(uploaded.id);
    expect(row).toMatchObject({ uploadedByUserId: desk.userIds.l1, uploadedByContactId: null, messageId: null });
    expect(fs.readFileSync(storedPath(filesRoot(), row!.sha256))).toEqual(PNG);
  });

  it('stores the same content once, however many times it is uploaded', async () => {
    const first = await upload(desk.as.l1, 'a.txt', 'stesso contenuto');
    const second = await upload(desk.as.customer, 'b.txt', 'stesso contenuto');
    const [rowA, rowB] = [await rowOf(first.id), await rowOf(second.id)];
    expect(rowA!.sha256).toBe(rowB!.sha256);
    expect(rowB).toMatchObject({ uploadedByUserId: null, contentType: 'text/plain' });
    const directory = path.dirname(storedPath(filesRoot(), rowA!.sha256));
    expect(fs.readdirSync(directory).filter((name) => name === rowA!.sha256)).toHaveLength(1);
  });

  it('normalizes the file name and keeps unicode', async () => {
    const uploaded = await upload(desk.as.l1, '../../tmp/Relazione \u202Eannuale città 日本.txt', 'testo');
    expect(uploaded.filename).toBe('Relazione annuale città 日本.txt');
  });

  it('refuses an empty file, a missing file and a file over the limit', async () => {
    expectError(await uploadRaw(desk.as.l1, 'vuoto.txt', Buffer.alloc(0)), 400, 'ATTACHMENT_EMPTY');
    const noFile = await desk.call(desk.as.l1, 'POST', '/api/v1/attachments', { file: 'x' });
    expectError(noFile, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const limit = desk.server.config.attachmentMaxBytes;
    desk.server.config.attachmentMaxBytes = 2048;
    try {
      const tooLarge = await uploadRaw(desk.as.l1, 'grande.bin', Buffer.alloc(4096, 1));
      expect(expectError(tooLarge, 413, 'ATTACHMENT_TOO_LARGE').details).toEqual({ maxBytes: 2048 });
      await upload(desk.as.l1, 'giusto.txt', 'x'.repeat(2048));
    } finally {
      desk.server.config.attachmentMaxBytes = limit;
    }
    expect(fs.readdirSync(path.join(filesRoot(), 'tmp'))).toEqual([]);
  });

  it('refuses programs and scripts by name and by content', async () => {
    for (const [name, content] of [
      ['setup.exe', Buffer.from('qualsiasi')],
      ['avvio.bat', Buffer.from('echo ciao')],
      ['codice.js', Buffer.from('alert(1)')],
      ['fattura.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)])],
    ] as const) {
      const error = expectError(await uploadRaw(desk.as.customer, name, content), 400, 'ATTACHMENT_TYPE_REFUSED');
      expect(error.details).toEqual({ filename: name });
    }
  });

  it('asks for the file when the multipart body has none', async () => {
    const boundary = `sportello-${randomUUID()}`;
    const response = await desk.server.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...desk.as.l1, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nciao\r\n--${boundary}--\r\n`,
    });
    expect(expectError(response, 400, 'ATTACHMENT_MISSING').details).toEqual({
      fields: [{ path: 'body.file', message: 'Required' }],
    });
  });

  it('needs a signed-in caller', async () => {
    expectError(await uploadRaw({}, 'a.txt', Buffer.from('x')), 401, 'UNAUTHENTICATED');
  });
});

describe('downloading', () => {
  it('always as a download, with the name in RFC 5987 form and nosniff', async () => {
    const uploaded = await upload(desk.as.l1, 'pagina città.html', '<html><script>alert(1)</script></html>');
    expect(uploaded.contentType).toBe('text/plain');
    const response = await download(desk.as.l1, uploaded.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="pagina citt_.html"; filename*=UTF-8''pagina%20citt%C3%A0.html`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toBe('<html><script>alert(1)</script></html>');
  });

  it('previews raster images inline, and nothing else', async () => {
    const image = await upload(desk.as.l1, 'foto.png', PNG);
    const preview = await download(desk.as.l1, image.id, true);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/png');
    expect(preview.headers['content-disposition']).toMatch(/^inline; /);
    expect(preview.rawPayload).toEqual(PNG);
    const text = await upload(desk.as.l1, 'note.txt', 'testo');
    expectError(await download(desk.as.l1, text.id, true), 415, 'ATTACHMENT_NOT_PREVIEWABLE');
    expectError(await download(desk.as.l1, UNKNOWN_ID), 404, 'ATTACHMENT_NOT_FOUND');
  });
});

describe('who may read an attachment', () => {
  it('before it is linked: its uploader only', async () => {
    const mine = await upload(desk.as.l1, 'mio.txt', 'bozza');
    expect((await download(desk.as.l1, mine.id)).statusCode).toBe(200);
    for (const other of [desk.as.l2, desk.as.admin, desk.as.customer]) {
      expectError(await download(other, mine.id), 404, 'ATTACHMENT_NOT_FOUND');
    }
    const customers = await upload(desk.as.customer, 'cliente.txt', 'bozza');
    expect((await download(desk.as.customer, customers.id)).statusCode).toBe(200);
    expectError(await download(desk.as.l1, customers.id), 404, 'ATTACHMENT_NOT_FOUND');
  });

  it('on a public reply: staff who see the ticket and its requester, nobody else', async () => {
    const ticket = await openTicket('Allegato pubblico');
    // The reply comes after the description, so it is the last message of the conversation.
    desk.server.clock.advance(1_000);
    const file = await upload(desk.as.l1, 'istruzioni.png', PNG);
    const message = await reply(desk.as.l1, ticket.id, {
      body: '<p>Ecco le <b>istruzioni</b></p>',
      attachmentIds: [file.id],
    });
    expect(message.attachments).toEqual([{ ...file, inline: false }]);
    expect(message.bodyHtml).toBe('<p>Ecco le <b>istruzioni</b></p>');
    expect((await download(desk.as.luca, file.id)).statusCode).toBe(200);
    expect((await download(desk.as.customer, file.id)).statusCode).toBe(200);
    expect((await download(desk.as.customer, file.id, true)).statusCode).toBe(200);
    expectError(await download(desk.as.emily, file.id), 404, 'ATTACHMENT_NOT_FOUND');
    await openTicket('Un altro cliente', { requester: { email: 'altro.cliente@example.com' } });
    const stranger = await desk.contactHeaders('altro.cliente@example.com');
    expectError(await download(stranger, file.id), 404, 'ATTACHMENT_NOT_FOUND');
    const customerView = await messagesOf(desk.as.customer, ticket.id);
    expect(customerView.at(-1)!.attachments).toEqual([{ ...file, inline: false }]);
    // The timeline reads the files with the messages: the same files, in the same shape.
    for (const headers of [desk.as.customer, desk.as.l1]) {
      const timeline = (await desk.call(headers, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json<{
        items: TimelineEntry[];
      }>().items;
      const timelineMessages = timeline.flatMap((entry) => (entry.type === 'message' ? [entry.message] : []));
      expect(timelineMessages).toEqual(await messagesOf(headers, ticket.id));
      expect(timelineMessages.at(-1)!.attachments).toEqual([{ ...file, inline: false }]);
    }
  });

  it('on an internal note: staff only, never the customer, by any path', async () => {
    const ticket = await openTicket('Nota con allegato');
    const file = await upload(desk.as.l1, 'log-server.txt', 'dettagli interni');
    await reply(desk.as.l1, ticket.id, { body: 'Log interno', visibility: 'internal', attachmentIds: [file.id] });
    expect((await download(desk.as.l1, file.id)).statusCode).toBe(200);
    expectError(await download(desk.as.customer, file.id), 404, 'ATTACHMENT_NOT_FOUND');
    expectError(await download(desk.as.customer, file.id, true), 404, 'ATTACHMENT_NOT_FOUND');
    const messages = await messagesOf(desk.as.customer, ticket.id);
    expect(messages.flatMap((message) => message.attachments)).toEqual([]);
    const timeline = await desk.call(desk.as.customer, 'GET', `/api/v1/tickets/${ticket.id}/timeline`);
    expect(timeline.body).not.toContain(file.id);
    const staffTimeline = (await desk.call(desk.as.l1, 'GET', `/api/v1/tickets/${ticket.id}/timeline`)).json<{
      items: TimelineEntry[];
    }>().items;
    expect(
      staffTimeline.some((entry) => entry.type === 'message' && entry.message.attachments[0]?.id === file.id),
    ).toBe(true);
  });
});

describe('linking uploads to messages', () => {
  it('a customer opens a request with a file; staff of the ticket can read it', async () => {
    const file = await upload(desk.as.customer, 'errore.png', PNG);
    const ticket = await desk.createTicket(desk.as.customer, {
      type: 'incident',
      subject: 'Errore con schermata',
      description: '<p>Vedi <em>allegato</em></p>',
      attachmentIds: [file.id],
    });
    const [description] = await messagesOf(desk.as.l1, ticket.id);
    expect(description!.attachments).toEqual([{ ...file, inline: false }]);
    expect((await download(desk.as.l1, file.id)).statusCode).toBe(200);
    expect(await rowOf(file.id)).toMatchObject({ ticketId: ticket.id, messageId: description!.id });
  });

  it("refuses someone else's upload, an unknown id and an attached one, and writes nothing", async () => {
    const ticket = await openTicket('Regole di collegamento');
    const others = await upload(desk.as.l2, 'altrui.txt', 'non mio');
    const mine = await upload(desk.as.l1, 'mio.txt', 'mio');
    const response = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Con allegati',
      attachmentIds: [mine.id, others.id, UNKNOWN_ID],
    });
    const error = expectError(response, 400, 'ATTACHMENTS_NOT_LINKABLE');
    expect(error.details).toMatchObject({
      attachmentIds: [others.id, UNKNOWN_ID],
      fields: [
        { path: 'body.attachmentIds.1', message: expect.any(String) },
        { path: 'body.attachmentIds.2', message: expect.any(String) },
      ],
    });
    expect(await messagesOf(desk.as.l1, ticket.id)).toHaveLength(1);
    expect(await rowOf(mine.id)).toMatchObject({ messageId: null, ticketId: null });

    await reply(desk.as.l1, ticket.id, { body: 'Primo', attachmentIds: [mine.id] });
    const again = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Secondo',
      attachmentIds: [mine.id],
    });
    expect(expectError(again, 400, 'ATTACHMENTS_NOT_LINKABLE').details).toMatchObject({ attachmentIds: [mine.id] });
    const duplicate = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Doppio',
      attachmentIds: [others.id, others.id],
    });
    expectError(duplicate, 400, 'VALIDATION_FAILED');
  });

  it('a refused ticket leaves the upload unlinked', async () => {
    const file = await upload(desk.as.l1, 'x.txt', 'contenuto');
    const response = await desk.call(desk.as.l1, 'POST', '/api/v1/tickets', {
      type: 'incident',
      subject: 'Senza richiedente',
      description: 'x',
      attachmentIds: [file.id],
    });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(await rowOf(file.id)).toMatchObject({ messageId: null });
  });
});

describe('merging', () => {
  it("the duplicate's files move with its messages to the survivor", async () => {
    const survivor = await openTicket('Stampante guasta');
    const duplicate = await openTicket('Stampante guasta (doppione)');
    const file = await upload(desk.as.customer, 'stampante.png', PNG);
    const message = await reply(desk.as.customer, duplicate.id, { body: 'Foto', attachmentIds: [file.id] });
    const merged = await desk.call(desk.as.l1, 'POST', `/api/v1/tickets/${duplicate.id}/merge`, {
      targetTicketId: survivor.id,
      note: 'Stessa stampante',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await rowOf(file.id)).toMatchObject({ ticketId: survivor.id, messageId: message.id });
    const survivorMessages = await messagesOf(desk.as.customer, survivor.id);
    expect(survivorMessages.find((entry) => entry.id === message.id)!.attachments.map((entry) => entry.id)).toEqual([
      file.id,
    ]);
    expect((await download(desk.as.customer, file.id)).statusCode).toBe(200);
  });
});

describe('files that came by mail', () => {
  it('are stored without an uploader and shown to staff of the ticket', async () => {
    const ticket = await openTicket('Posta con allegato');
    const [description] = await messagesOf(desk.as.l1, ticket.id);
    const { database } = desk.server.deps;
    const stored = await database.transaction((tx) =>
      storeAttachmentContent(tx, desk.server.modules.attachments.storage, {
        filename: 'logo.png',
        content: PNG,
        inline: true,
        contentId: 'logo@mail',
        ticketId: ticket.id,
        messageId: description!.id,
        now: desk.server.clock.now(),
      }),
    );
    expect(await rowOf(stored.id)).toMatchObject({ uploadedByUserId: null, uploadedByContactId: null, inline: true });
    expect((await messagesOf(desk.as.l1, ticket.id))[0]!.attachments).toEqual([
      { id: stored.id, filename: 'logo.png', contentType: 'image/png', size: PNG.length, inline: true },
    ]);
    expect((await download(desk.as.customer, stored.id, true)).statusCode).toBe(200);
  });

  it('a row never has two uploaders', async () => {
    const contactId = await desk.contactId('customer@example.com');
    const attempt = desk.server.deps.database.transaction((tx) =>
      tx.insert(attachments).values({
        sha256: 'a'.repeat(64),
        size: 1,
        contentType: 'text/plain',
        filename: 'x.txt',
        uploadedByUserId: desk.userIds.l1,
        uploadedByContactId: contactId,
        createdAt: new Date(),
      }),
    );
    await expect(attempt).rejects.toMatchObject({ cause: { constraint: 'attachments_at_most_one_uploader' } });
  });
});

describe('the sweep', () => {
  it('deletes uploads left unlinked for a day and the files nothing references', async () => {
    const ticket = await openTicket('Pulizia');
    const abandoned = await upload(desk.as.l1, 'abbandonato.txt', `abbandonato ${randomUUID()}`);
    const kept = await upload(desk.as.l1, 'tenuto.txt', `tenuto ${randomUUID()}`);
    await reply(desk.as.l1, ticket.id, { body: 'Allegato', attachmentIds: [kept.id] });
    const abandonedSha = (await rowOf(abandoned.id))!.sha256;
    const keptSha = (await rowOf(kept.id))!.sha256;
    const { attachments: service } = desk.server.modules.attachments;

    desk.server.clock.advance(23 * 3_600_000);
    expect((await service.sweep(desk.server.clock.now())).uploadsDeleted).toBe(0);
    expect(await rowOf(abandoned.id)).toBeDefined();

    desk.server.clock.advance(2 * 3_600_000);
    // Files are dated by the file system: date them before the fake clock's grace period.
    const old = new Date(desk.server.clock.now().getTime() - 2 * 3_600_000);
    for (const sha of [abandonedSha, keptSha]) fs.utimesSync(storedPath(filesRoot(), sha), old, old);
    const result = await service.sweep(desk.server.clock.now());
    expect(result.uploadsDeleted).toBeGreaterThanOrEqual(1);
    expect(await rowOf(abandoned.id)).toBeUndefined();
    expect(fs.existsSync(storedPath(filesRoot(), abandonedSha))).toBe(false);
    expect(await rowOf(kept.id)).toBeDefined();
    expect(fs.existsSync(storedPath(filesRoot(), keptSha))).toBe(true);
    expect((await download(desk.as.l1, kept.id)).statusCode).toBe(200);
  });

  it('keeps a file that a linked attachment still shares with an abandoned upload', async () => {
    const ticket = await openTicket('Contenuto condiviso');
    const content = `condiviso ${randomUUID()}`;
    const linked = await upload(desk.as.l1, 'uno.txt', content);
    const abandoned = await upload(desk.as.customer, 'due.txt', content);
    await reply(desk.as.l1, ticket.id, { body: 'Con file', attachmentIds: [linked.id] });
    const sha = (await rowOf(linked.id))!.sha256;
    desk.server.clock.advance(25 * 3_600_000);
    const old = new Date(desk.server.clock.now().getTime() - 2 * 3_600_000);
    fs.utimesSync(storedPath(filesRoot(), sha), old, old);
    await desk.server.modules.attachments.attachments.sweep(desk.server.clock.now());
    expect(await rowOf(abandoned.id)).toBeUndefined();
    expect(fs.existsSync(storedPath(filesRoot(), sha))).toBe(true);
  });
});

describe('the API document', () => {
  it('describes the attachment routes', async () => {
    const response = await desk.server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{ paths: Record<string, unknown> }>().paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/attachments', '/api/v1/attachments/{id}', '/api/v1/attachments/{id}/preview']),
    );
  });
});
