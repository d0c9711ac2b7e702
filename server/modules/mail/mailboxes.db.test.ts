/**
 * Mailboxes through the API: admins only; create, read and change with optimistic concurrency;
 * the IMAP password sealed in the database and never returned; addresses unique across mailboxes;
 * one default mailbox; the connection test answers with a code, never a 500.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox, MailboxTestResult } from '../../../contracts/mailboxes.contract.js';
import { secretBoxOf } from '../../secret-key.js';
import { expectError, openDesk, UNKNOWN_ID, type Desk } from '../../test-support/tickets-fixture.js';
import { mailboxAddresses, mailboxes } from './mail.schema.js';

let desk: Desk;
beforeAll(async () => {
  desk = await openDesk();
});
afterAll(async () => {
  await desk.dispose();
});

const MAILBOXES = '/api/v1/mailboxes';
const imap = {
  host: 'imap.cliente.example',
  port: 993,
  tls: 'tls',
  username: 'helpdesk@cliente.example',
  password: 'S3greta!',
};

async function create(body: Record<string, unknown>): Promise<Mailbox> {
  const response = await desk.call(desk.as.admin, 'POST', MAILBOXES, { groupId: desk.groups.desk, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Mailbox>();
}

const storedRow = async (id: string) =>
  (await desk.server.deps.database.orm.select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!;

describe('mailboxes API', () => {
  it('is for admins only', async () => {
    const [existing] = await desk.server.deps.database.orm.select().from(mailboxes);
    for (const who of ['supervisor', 'l1', 'customer'] as const) {
      expect((await desk.call(desk.as[who], 'GET', MAILBOXES)).statusCode, who).toBe(403);
      expect((await desk.call(desk.as[who], 'GET', `${MAILBOXES}/${existing!.id}`)).statusCode, who).toBe(403);
      const created = await desk.call(desk.as[who], 'POST', MAILBOXES, {
        name: 'X',
        address: `x-${who}@example.com`,
        groupId: desk.groups.desk,
      });
      expect(created.statusCode, who).toBe(403);
      expect((await desk.call(desk.as[who], 'POST', `${MAILBOXES}/${existing!.id}/test`)).statusCode, who).toBe(403);
    }
    expect((await desk.call({}, 'GET', MAILBOXES)).statusCode).toBe(401);
  });

  it('creates an IMAP mailbox, seals the password and never returns it', async () => {
    const created = await create({
      name: 'Clienti',
      address: 'Helpdesk@Cliente.example',
      addresses: ['assistenza@cliente.example'],
      serviceId: desk.services.email,
      imap,
    });
    expect(created).toMatchObject({
      name: 'Clienti',
      address: 'helpdesk@cliente.example',
      addresses: ['helpdesk@cliente.example', 'assistenza@cliente.example'],
      serviceId: desk.services.email,
      isDefault: false,
      active: true,
      imap: {
        host: 'imap.cliente.example',
        port: 993,
        tls: 'tls',
        username: 'helpdesk@cliente.example',
        passwordSet: true,
        folder: 'INBOX',
        afterProcessing: 'seen',
        moveFolder: null,
      },
      lastPollStatus: null,
      version: 1,
    });
    const read = await desk.call(desk.as.admin, 'GET', `${MAILBOXES}/${created.id}`);
    const listed = await desk.call(desk.as.admin, 'GET', `${MAILBOXES}?limit=200`);
    for (const body of [JSON.stringify(created), read.body, listed.body]) expect(body).not.toContain('S3greta');
    const row = await storedRow(created.id);
    expect(row.imapPasswordEncrypted).toMatch(/^v1:/);
    expect(row.imapPasswordEncrypted).not.toContain('S3greta');
    expect(secretBoxOf(desk.server.config).open(row.imapPasswordEncrypted!)).toBe('S3greta!');
  });

  it('asks for the password when IMAP is first set or its server or user changes, keeps it otherwise', async () => {
    const { password: _password, ...withoutPassword } = imap;
    const refused = await desk.call(desk.as.admin, 'POST', MAILBOXES, {
      name: 'Senza password',
      address: 'senza@cliente.example',
      groupId: desk.groups.desk,
      imap: withoutPassword,
    });
    expectError(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body).toContain('body.imap.password');

    const mailbox = await create({ name: 'Cambi', address: 'cambi@cliente.example', imap });
    const sealed = (await storedRow(mailbox.id)).imapPasswordEncrypted;
    const kept = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 1,
      imap: { ...withoutPassword, folder: 'Support', afterProcessing: 'move', moveFolder: 'Support/Done' },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json<Mailbox>().imap).toMatchObject({
      folder: 'Support',
      afterProcessing: 'move',
      moveFolder: 'Support/Done',
    });
    expect((await storedRow(mailbox.id)).imapPasswordEncrypted).toBe(sealed);

    const redirected = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 2,
      imap: { ...withoutPassword, host: 'imap.altrove.example' },
    });
    expectError(redirected, 400, 'VALIDATION_FAILED');

    const removed = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, { version: 2, imap: null });
    expect(removed.json<Mailbox>().imap).toBeNull();
    expect((await storedRow(mailbox.id)).imapPasswordEncrypted).toBeNull();
  });

  it('refuses a move without a destination folder, with the failing field', async () => {
    const response = await desk.call(desk.as.admin, 'POST', MAILBOXES, {
      name: 'Sposta',
      address: 'sposta@cliente.example',
      groupId: desk.groups.desk,
      imap: { ...imap, afterProcessing: 'move' },
    });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.body).toContain('moveFolder');
  });

  it('keeps every address to one mailbox (409 MAILBOX_ADDRESS_TAKEN)', async () => {
    const first = await create({
      name: 'Primo',
      address: 'primo@cliente.example',
      addresses: ['comune@cliente.example'],
    });
    const clash = await desk.call(desk.as.admin, 'POST', MAILBOXES, {
      name: 'Secondo',
      address: 'secondo@cliente.example',
      addresses: ['COMUNE@cliente.example'],
      groupId: desk.groups.desk,
    });
    expectError(clash, 409, 'MAILBOX_ADDRESS_TAKEN');
    expectError(
      await desk.call(desk.as.admin, 'POST', MAILBOXES, {
        name: 'Terzo',
        address: 'support@example.com',
        groupId: desk.groups.desk,
      }),
      409,
      'MAILBOX_ADDRESS_TAKEN',
    );
    const second = await create({ name: 'Secondo', address: 'secondo@cliente.example' });
    expectError(
      await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${second.id}`, {
        version: 1,
        addresses: ['comune@cliente.example'],
      }),
      409,
      'MAILBOX_ADDRESS_TAKEN',
    );
    // Freed by the first mailbox, the address can move.
    const freed = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${first.id}`, { version: 1, addresses: [] });
    expect(freed.json<Mailbox>().addresses).toEqual(['primo@cliente.example']);
    const moved = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${second.id}`, {
      version: 1,
      addresses: ['comune@cliente.example'],
    });
    expect(moved.json<Mailbox>().addresses).toEqual(['secondo@cliente.example', 'comune@cliente.example']);
    const owners = await desk.server.deps.database.orm
      .select()
      .from(mailboxAddresses)
      .where(eq(mailboxAddresses.address, 'comune@cliente.example'));
    expect(owners.map((owner) => owner.mailboxId)).toEqual([second.id]);
  });

  it('changes with the version read (409 on a stale one), deactivates and moves the default', async () => {
    const mailbox = await create({ name: 'Versioni', address: 'versioni@cliente.example' });
    const renamed = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 1,
      name: 'Versioni 2',
    });
    expect(renamed.json<Mailbox>()).toMatchObject({ name: 'Versioni 2', version: 2 });
    const stale = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 1,
      name: 'Vecchio',
    });
    expectError(stale, 409, 'MAILBOX_VERSION_CONFLICT');
    expect(stale.json<{ error: { details: { currentVersion: number } } }>().error.details.currentVersion).toBe(2);

    const inactive = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 2,
      active: false,
    });
    expect(inactive.json<Mailbox>().active).toBe(false);
    const onlyActive = await desk.call(desk.as.admin, 'GET', `${MAILBOXES}?active=true&limit=200`);
    expect(onlyActive.json<{ items: Mailbox[] }>().items.map((item) => item.id)).not.toContain(mailbox.id);

    const madeDefault = await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, {
      version: 3,
      isDefault: true,
    });
    expect(madeDefault.json<Mailbox>().isDefault).toBe(true);
    const defaults = await desk.server.deps.database.orm.select().from(mailboxes).where(eq(mailboxes.isDefault, true));
    expect(defaults.map((row) => row.id)).toEqual([mailbox.id]);
    expectError(
      await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${mailbox.id}`, { version: 4, isDefault: false }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('answers 404 for an unknown mailbox and 400 for an unknown group', async () => {
    expectError(await desk.call(desk.as.admin, 'GET', `${MAILBOXES}/${UNKNOWN_ID}`), 404, 'MAILBOX_NOT_FOUND');
    expectError(
      await desk.call(desk.as.admin, 'PATCH', `${MAILBOXES}/${UNKNOWN_ID}`, { version: 1, name: 'X' }),
      404,
      'MAILBOX_NOT_FOUND',
    );
    expectError(
      await desk.call(desk.as.admin, 'POST', MAILBOXES, {
        name: 'X',
        address: 'x@cliente.example',
        groupId: UNKNOWN_ID,
      }),
      400,
      'GROUP_NOT_FOUND',
    );
  });

  it('tests the connection and says what failed, never a 500', async () => {
    const smtpOnly = await create({ name: 'Solo SMTP', address: 'solo-smtp@cliente.example' });
    expectError(await desk.call(desk.as.admin, 'POST', `${MAILBOXES}/${smtpOnly.id}/test`), 409, 'MAILBOX_NOT_IMAP');

    // Nothing listens on port 1 of the loopback: refused at once.
    const unreachable = await create({
      name: 'Irraggiungibile',
      address: 'irraggiungibile@cliente.example',
      imap: { ...imap, host: '127.0.0.1', port: 1, tls: 'none' },
    });
    const response = await desk.call(desk.as.admin, 'POST', `${MAILBOXES}/${unreachable.id}/test`);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<MailboxTestResult>();
    expect(result).toMatchObject({ ok: false, messages: null, error: { code: 'IMAP_CONNECTION_FAILED' } });
    expect(result.error!.message).not.toContain('S3greta');

    // A password sealed under another key: the admin is told to type it again.
    await desk.server.deps.database.orm
      .update(mailboxes)
      .set({ imapPasswordEncrypted: 'v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA' })
      .where(eq(mailboxes.id, unreachable.id));
    const unreadable = await desk.call(desk.as.admin, 'POST', `${MAILBOXES}/${unreachable.id}/test`);
    expect(unreadable.json<MailboxTestResult>().error?.code).toBe('IMAP_PASSWORD_UNREADABLE');
  });
});
