/**
 * Header charsets, on hand-made raw messages: raw 8-bit Subject and From names in windows-1252,
 * ISO-8859-1, GB2312, Shift_JIS and UTF-8 without encoded-words, and ISO-2022-JP encoded-words.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { declaredCharsets, guessHeaderCharset, withUtf8Headers } from './inbound-charset.js';
import { parseEmail } from './inbound-parse.js';

/** A message whose header fields are given as bytes (already encoded by the test). */
function raw(headers: (string | Buffer)[], body: string, contentType = 'text/plain; charset=utf-8'): Buffer {
  const lines = [
    ...headers,
    'To: support@example.com',
    'Message-ID: <charset@client.example>',
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ];
  return Buffer.concat([
    ...lines.map((line) => Buffer.concat([typeof line === 'string' ? Buffer.from(line) : line, Buffer.from('\r\n')])),
    Buffer.from(`\r\n${body}\r\n`),
  ]);
}

const field = (name: string, value: string, charset: string) =>
  Buffer.concat([Buffer.from(`${name}: `), iconv.encode(value, charset)]);

describe('header charsets', () => {
  it('reads raw windows-1252 when the message declares no charset', async () => {
    const email = await parseEmail(
      raw(
        [field('Subject', 'Caffè “al volo” a 2 €', 'windows-1252'), 'From: cliente@client.example'],
        'ciao',
        'text/plain',
      ),
    );
    expect(email.subject).toBe('Caffè “al volo” a 2 €');
  });

  it.each([
    ['KOI8-R', 'koi8-r'],
    ['windows-1251', 'windows-1251'],
  ])('reads raw %s Cyrillic headers of a message that declares no charset', async (_, charset) => {
    const email = await parseEmail(
      Buffer.concat([
        raw(
          [
            field('Subject', 'Счёт за услуги связи за ноябрь', charset),
            field('From', 'Иван Петров <ivan@client.example>', charset),
          ],
          '',
          'text/plain',
        ),
        iconv.encode('Добрый день, пришлите, пожалуйста, счёт ещё раз.\r\n', charset),
      ]),
    );
    expect(email.subject).toBe('Счёт за услуги связи за ноябрь');
    expect(email.from).toEqual({ address: 'ivan@client.example', name: 'Иван Петров' });
  });

  it('reads a raw KOI8-R Subject even when the body is plain ASCII', async () => {
    const email = await parseEmail(
      raw(
        [field('Subject', 'Счёт за услуги связи за ноябрь', 'koi8-r'), 'From: ivan@client.example'],
        'ok',
        'text/plain',
      ),
    );
    expect(email.subject).toBe('Счёт за услуги связи за ноябрь');
  });

  it('reads a raw ISO-8859-7 Greek Subject of a message that declares no charset', async () => {
    const email = await parseEmail(
      raw([field('Subject', 'Παραγγελία αριθμός 42', 'iso-8859-7'), 'From: eleni@client.example'], 'ok', 'text/plain'),
    );
    expect(email.subject).toBe('Παραγγελία αριθμός 42');
  });

  it('keeps reading Western text without a declaration as windows-1252, not as a Cyrillic charset', async () => {
    const email = await parseEmail(
      raw(
        [field('Subject', 'Müller Straße, Grüße aus Köln', 'windows-1252'), 'From: k@client.example'],
        'ok',
        'text/plain',
      ),
    );
    expect(email.subject).toBe('Müller Straße, Grüße aus Köln');
  });

  it('reads raw ISO-8859-1 in Subject and From name when the body declares it', async () => {
    const email = await parseEmail(
      raw(
        [
          field('Subject', 'Perché la città è ferma', 'latin1'),
          field('From', 'Nicolò Ferrà <nicolo@client.example>', 'latin1'),
        ],
        'testo',
        'text/plain; charset=iso-8859-1',
      ),
    );
    expect(email.subject).toBe('Perché la città è ferma');
    expect(email.from).toEqual({ address: 'nicolo@client.example', name: 'Nicolò Ferrà' });
  });

  it('keeps raw UTF-8 as UTF-8 even when the body declares another charset', async () => {
    const email = await parseEmail(
      raw(
        [field('Subject', 'Già più “così” €', 'utf8'), 'From: a@client.example'],
        'x',
        'text/plain; charset=iso-8859-1',
      ),
    );
    expect(email.subject).toBe('Già più “così” €');
  });

  it('decodes ISO-2022-JP encoded-words', async () => {
    // ESC $ B %D!<%k ESC ( B: ツール in ISO-2022-JP (iconv-lite has no encoder for it; libmime decodes it).
    const encoded = `=?ISO-2022-JP?B?${Buffer.from('\x1b$B%D!<%k\x1b(B', 'latin1').toString('base64')}?=`;
    const email = await parseEmail(raw([`Subject: ${encoded}`, `From: ${encoded} <bar@example.org>`], 'x'));
    expect(email.subject).toBe('ツール');
    expect(email.from?.name).toBe('ツール');
  });

  it('reads raw GB2312 when a later part declares it, though the first says ISO-8859-1', async () => {
    const body = [
      '--b',
      'Content-Type: text/plain; charset=iso-8859-1',
      '',
      'Spam report',
      '--b',
      'Content-Type: text/plain; charset="gb2312"',
      '',
      'original',
      '--b--',
    ].join('\r\n');
    const email = await parseEmail(
      raw(
        [field('Subject', '转发：整体提升企业服务水平', 'gb2312'), 'From: x@client.example'],
        body,
        'multipart/mixed; boundary="b"',
      ),
    );
    expect(email.subject).toBe('转发：整体提升企业服务水平');
  });

  it('reads raw 8-bit bytes as Shift_JIS in a message declaring 7-bit ISO-2022-JP', async () => {
    const email = await parseEmail(
      raw([field('Subject', 'ツール', 'shift_jis'), 'From: bar@example.org'], 'x', 'text/html; charset=iso-2022-jp'),
    );
    expect(email.subject).toBe('ツール');
  });

  it('leaves a message without 8-bit headers untouched, and guesses per field', () => {
    const plain = raw(['Subject: plain', 'From: a@b.example'], 'è', 'text/plain; charset=iso-8859-1');
    expect(withUtf8Headers(plain)).toBe(plain);
    expect(guessHeaderCharset(Buffer.from('città'), ['iso-8859-1'])).toBe('utf-8');
    expect(guessHeaderCharset(iconv.encode('città ', 'latin1'), ['gb2312', 'iso-8859-1'])).toBe('iso-8859-1');
    expect(guessHeaderCharset(iconv.encode('città', 'latin1'), [])).toBe('windows-1252');
    expect(
      declaredCharsets(Buffer.from('charset=UTF-8 charset="ISO-2022-JP" charset=us-ascii charset=x-nope')),
    ).toEqual(['shift_jis']);
  });
});
