import { afterEach, describe, expect, it } from 'vitest';
import { createParsePool, MailParserClosedError, type ParsePool } from './inbound-parse-pool.js';
import { parseEmail } from './inbound-parse.js';

const pools: ParsePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});
function pool(options: Parameters<typeof createParsePool>[0]): ParsePool {
  const created = createParsePool(options);
  pools.push(created);
  return created;
}
const fixture = new URL('../../test-support/parse-worker-fixture.mjs', import.meta.url);

const withAttachment = (subject: string) =>
  Buffer.from(
    [
      'From: =?utf-8?Q?Anna_Nar=C3=B2?= <Anna@Client.example>',
      'To: desk@desk.example, altro@desk.example',
      'Cc: capo@client.example',
      `Subject: ${subject}`,
      'Date: Mon, 7 Dec 2026 09:15:00 +0100',
      'Message-ID: <m1@client.example>',
      'References: <a@desk.example> <b@desk.example>',
      'Authentication-Results: mx.desk.example; dmarc=pass; spf=pass; dkim=pass',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>La stampante =E8 ferma.</p><img src=3D"cid:logo@x">',
      '--b',
      'Content-Type: image/png; name="logo.png"',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(3000, 7).toString('base64'),
      '--b',
      "Content-Type: application/pdf; name*=utf-8''fattura%20n%C2%B01.pdf",
      'Content-Disposition: attachment',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fattura').toString('base64'),
      '--b--',
      '',
    ].join('\r\n'),
  );

describe('inbound mail parsed on worker threads', () => {
  it('gives what parsing on the main thread gives, files as Buffers', async () => {
    const raw = withAttachment('Stampante ferma');
    const parsed = await pool({ workers: 1, minBytes: 0 }).parse(raw);
    expect(parsed).toEqual(await parseEmail(raw));
    expect(parsed.files.map((file) => [file.filename, file.inline, Buffer.isBuffer(file.content)])).toEqual([
      ['logo.png', true, true],
      ['fattura n°1.pdf', false, true],
    ]);
    expect(parsed.headers.get('cc')).toEqual(['capo@client.example']);
    expect(parsed.date).toEqual(new Date('2026-12-07T08:15:00Z'));
  });

  it('answers each message with its own result when many wait for two workers', async () => {
    const parser = pool({ workers: 2, minBytes: 0 });
    const subjects = Array.from({ length: 12 }, (_, index) => `Richiesta ${index}`);
    const parsed = await Promise.all(subjects.map((subject) => parser.parse(withAttachment(subject))));
    expect(parsed.map((email) => email.subject)).toEqual(subjects);
  });

  it('parses on the calling thread with no workers, or a message smaller than the threshold', async () => {
    expect((await pool({ workers: 0 }).parse(withAttachment('Qui'))).subject).toBe('Qui');
    // The stand-in worker would answer with the whole text as the subject.
    const parser = pool({ workers: 1, minBytes: 5000, workerUrl: fixture });
    expect((await parser.parse(withAttachment('Piccolo'))).subject).toBe('Piccolo');
    const large = withAttachment('Grande');
    expect((await parser.parse(Buffer.concat([large, Buffer.alloc(5000, 32)]))).subject).toMatch(/^From: /);
  });

  it('fails only the message a worker could not finish, and goes on with a new worker', async () => {
    const parser = pool({ workers: 1, minBytes: 0, workerUrl: fixture, timeoutMs: 300, maxHeapMb: 32 });
    const results = await Promise.allSettled(
      ['prima', 'hang', 'dopo', 'exit', 'ancora', 'heap', 'throw', 'ultima'].map((text) =>
        parser.parse(Buffer.from(text)),
      ),
    );
    expect(
      results.map((result) => (result.status === 'fulfilled' ? result.value.subject : String(result.reason))),
    ).toEqual([
      'prima',
      'Error: The mail parser did not finish within 0.3 s',
      'dopo',
      'Error: The mail parser stopped (exit code 3)',
      'ancora',
      expect.stringMatching(/^Error: The mail parser stopped: .*memory/i),
      'Error: not a message',
      'ultima',
    ]);
    const first = results[0];
    expect(first?.status === 'fulfilled' && Buffer.isBuffer(first.value.files[0]?.content)).toBe(true);
  });

  it('refuses work once closed, and fails what was still waiting', async () => {
    const parser = createParsePool({ workers: 1, minBytes: 0, workerUrl: fixture });
    const waiting = Promise.allSettled([parser.parse(Buffer.from('hang')), parser.parse(Buffer.from('in coda'))]);
    await parser.close();
    expect((await waiting).map((result) => result.status === 'rejected' && result.reason)).toEqual([
      new MailParserClosedError(),
      new MailParserClosedError(),
    ]);
    await expect(parser.parse(Buffer.from('dopo'))).rejects.toBeInstanceOf(MailParserClosedError);
  });
});
