import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parseEmail, PARSER_OPTIONS } from './inbound-parse.js';

const mail = (headers: string[], body = 'Testo.') =>
  Buffer.from([...headers, 'Subject: Prova', 'MIME-Version: 1.0', '', body, ''].join('\r\n'));

describe('the sender of an inbound email', () => {
  it('is the From address when there is one', async () => {
    const email = await parseEmail(mail(['From: Anna Neri <Anna@Client.example>', 'Reply-To: other@client.example']));
    expect(email.from).toEqual({ address: 'anna@client.example', name: 'Anna Neri' });
  });

  it('is the Reply-To address when there is no From header', async () => {
    const email = await parseEmail(mail(['Return-Path: <bounce@relay.example>', 'Reply-To: <anna@client.example>']));
    expect(email.from?.address).toBe('anna@client.example');
  });

  it('is the Reply-To address when From is empty (<>)', async () => {
    const email = await parseEmail(mail(['From: "Anna" <>', 'Reply-To: <anna@client.example>']));
    expect(email.from?.address).toBe('anna@client.example');
  });

  it('is the From header with an address when the first one has none', async () => {
    const email = await parseEmail(
      mail(['From: [??????]', 'Reply-To: other@client.example', 'From: =?utf-8?B?QW5uYQ==?= <anna@client.example>']),
    );
    expect(email.from).toEqual({ address: 'anna@client.example', name: 'Anna' });
  });

  it('falls back to Sender, then to the Return-Path, but never to a bounce’s empty one', async () => {
    expect(
      (await parseEmail(mail(['Sender: <agent@client.example>', 'Return-Path: <r@x.example>']))).from?.address,
    ).toBe('agent@client.example');
    expect((await parseEmail(mail(['Return-Path: <r@relay.example>']))).from?.address).toBe('r@relay.example');
    expect((await parseEmail(mail(['From: MAILER-DAEMON (Mail Delivery System)', 'Return-Path: <>']))).from).toBeNull();
  });

  it('takes the address out of a From written without angle brackets', async () => {
    expect((await parseEmail(mail(['From: Anna anna@client.example']))).from?.address).toBe('anna@client.example');
    expect((await parseEmail(mail(['From: "anna@client.example"']))).from?.address).toBe('anna@client.example');
  });
});

describe('the parts of a bounce', () => {
  const report = [
    'From: Mail Delivery System <MAILER-DAEMON@relay.example>',
    'To: desk@desk.example',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; relay.example',
    '',
    'Final-Recipient: rfc822; gone@client.example',
    'Action: failed',
    'Status: 5.1.1',
    '--b',
    'Content-Type: message/rfc822',
    '',
    'From: desk@desk.example',
    'To: gone@client.example',
    'Subject: Il tuo ticket',
    'Message-ID: <abc@desk.example>',
    '',
    'Ciao.',
    '--b--',
    '',
  ].join('\r\n');

  it('keeps the delivery status and the returned mail as files, the explanation as the body', async () => {
    const email = await parseEmail(Buffer.from(report));
    expect(email.text).toContain('could not be delivered');
    expect(email.text).not.toContain('Final-Recipient');
    expect(email.files.map((file) => [file.filename, file.contentType])).toEqual([
      ['delivery-status.txt', 'message/delivery-status'],
      ['Il tuo ticket.eml', 'message/rfc822'],
    ]);
    expect(email.files[0]!.content.toString()).toContain('Status: 5.1.1');
  });
});

describe('the files of an inbound email', () => {
  const withFile = Buffer.from(
    [
      'From: anna@client.example',
      'Subject: Documento',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'In allegato.',
      '--b',
      'Content-Type: application/pdf; name="documento.pdf"',
      'Content-Disposition: attachment; filename="documento.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 prova').toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );

  it('are hashed once, by the file store, not also with MD5 by the parser', async () => {
    const parsed = await simpleParser(withFile, PARSER_OPTIONS);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.checksum).toBeUndefined();
    expect(parsed.attachments[0]!.size).toBe('%PDF-1.4 prova'.length);
    const email = await parseEmail(withFile);
    expect(email.files.map((file) => [file.filename, file.content.toString()])).toEqual([
      ['documento.pdf', '%PDF-1.4 prova'],
    ]);
  });
});
