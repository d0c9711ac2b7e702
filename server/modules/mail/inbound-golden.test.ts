/**
 * Golden tests over the shared mail corpus (../shared/corpora/mail, see its MANIFEST.md files):
 * every message parses and gets a sanitized body without error; where the corpus carries an
 * expected result (zammad's `.yml` files, RT's documented expectations), From, Subject and the
 * attachments match it. Differences that come from zammad's own conventions, or that we knowingly
 * do not handle yet, are listed below with the reason, so a new mismatch fails the test.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { projectRoot } from '../../project-paths.js';
import { emailBody } from './inbound-body.js';
import { parseEmail } from './inbound-parse.js';

// The corpus sits in shared/ beside the repository (CI lays a copy there); SPORTELLO_MAIL_CORPUS
// points elsewhere. Without it the suite is reported skipped, with the path it looked at.
const CORPUS = process.env.SPORTELLO_MAIL_CORPUS ?? path.resolve(projectRoot, '../shared/corpora/mail');
const available = existsSync(CORPUS);

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return files(full);
    return /(\.md|\.csv|\.yml|README)$/.test(name) ? [] : [full];
  });
}

/**
 * zammad stores delivery-status and attached-mail parts as files (and re-encodes attached mails),
 * mailparser keeps DSN text in the body; zammad guesses From addresses in malformed headers. Raw
 * 8-bit headers are decoded with a guessed charset (inbound-charset.ts), so mail046 (GB2312) and
 * mail093 (Shift_JIS) match. Each entry: what differs and why.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'mail014.box': 'attached .eml parts: zammad re-encodes them, so their bytes differ',
  'mail016.box': 'no From header at all: zammad takes the Reply-To address',
  'mail017.box': 'two From headers, the first without an address: zammad takes the second',
  'mail018.box': 'zammad keeps the UTF-7 Subject undecoded with its folding tabs; DSN part kept as body text',
  'mail019.box': 'From with an empty address (<>): zammad takes the Reply-To address',
  'mail033-undelivered-mail-returned-to-sender.box': 'DSN and returned mail as files in zammad',
  'mail035.box': 'quoted From address: zammad keeps the quotes',
  'mail038.box': 'PGP signature part (application/pgp-signature) is not a file for mailparser',
  'mail039.box': 'PGP signature part (application/pgp-signature) is not a file for mailparser',
  'mail042.box': 'PGP/MIME encrypted parts',
  'mail053.box': 'From "MAILER-DAEMON" without a domain; DSN part as a file in zammad',
  'mail055.box': 'DSN part as a file in zammad',
  'mail062.box': 'zammad turns HTML parts of a multipart/mixed into document.html files',
  'mail063.box': 'DSN part as a file in zammad',
  'mail071.box': 'From with spaces in the local part: zammad keeps them',
  'mail078-content_transfer_encoding_x_uuencode.box': 'x-uuencode transfer encoding is not decoded by mailparser',
  'mail078.box': 'DSN part as a file in zammad',
  'mail085.box': 'zammad turns HTML parts of a multipart/mixed into document.html files',
  'mail087.box': 'From without angle brackets: zammad guesses the address',
  'mail092.box': 'DSN part as a file in zammad',
  'mail117.box': 'encoded-word injection in the From address: we keep the literal (safe) address',
};

const yamlTags = [
  { tag: '!binary', resolve: (value: string) => Buffer.from(value.replace(/\s/g, ''), 'base64') },
  {
    tag: '!ruby/hash:ActiveSupport::HashWithIndifferentAccess',
    collection: 'map' as const,
    resolve: (v: unknown) => v,
  },
];

interface Expected {
  from_email?: string;
  subject?: string | null;
  attachments?: { data: Buffer | string; filename?: string; preferences?: Record<string, unknown> }[];
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

describe.skipIf(!available)(`mail corpus (${CORPUS})`, () => {
  const all = available ? files(CORPUS) : [];

  it('finds the corpus', () => {
    expect(all.length).toBeGreaterThan(200);
  });

  it('parses every message and sanitizes its body without error', async () => {
    for (const file of all) {
      const email = await parseEmail(readFileSync(file)).catch((error: unknown) => {
        throw new Error(`${file}: ${String(error)}`);
      });
      const body = emailBody(email.text, email.html);
      expect(body.html, file).not.toMatch(/<script/i);
    }
  }, 120_000);

  it('matches the expected From, Subject and attachments of the zammad fixtures', async () => {
    const pairs = all.filter((file) => file.endsWith('.box') && existsSync(file.replace(/\.box$/, '.yml')));
    expect(pairs.length).toBeGreaterThan(100);
    const mismatches: string[] = [];
    for (const file of pairs) {
      const expected = YAML.parse(readFileSync(file.replace(/\.box$/, '.yml'), 'utf8'), {
        customTags: yamlTags,
        logLevel: 'silent',
      }) as Expected;
      const email = await parseEmail(readFileSync(file));
      const problems: string[] = [];
      if (expected.subject !== undefined && (expected.subject ?? '').trim() !== email.subject) problems.push('subject');
      if (expected.from_email && expected.from_email.toLowerCase() !== email.from?.address) problems.push('from');
      const parsedFiles = new Set(email.files.map((entry) => md5(entry.content)));
      for (const attachment of expected.attachments ?? []) {
        // zammad's own copies of the HTML body are not files of the message.
        if (attachment.preferences?.['original-format'] || attachment.preferences?.['content-alternative']) continue;
        if (!parsedFiles.has(md5(attachment.data))) problems.push(`attachment ${attachment.filename ?? ''}`);
      }
      if (problems.length > 0 && !KNOWN_DIFFERENCES[path.basename(file)]) {
        mismatches.push(`${path.basename(file)}: ${problems.join(', ')}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('matches what RT expects of its attachment mails', async () => {
    const rt = path.join(CORPUS, 'rt/t/data/emails');
    const single = await parseEmail(readFileSync(path.join(rt, 'email-file-attachment.eml')));
    expect(single.text).toContain('This is a test with an email file attachment');
    expect(single.files.map((file) => file.filename)).toContain('test-email.eml');
    const multipart = await parseEmail(readFileSync(path.join(rt, 'email-file-attachment-2.eml')));
    expect(multipart.text).toContain('This is a test with a multipart email file attachment');
    expect(multipart.files.map((file) => file.filename)).toContain('test-email-2.eml');
    // RT lists the inline text part named with RFC 2231 continuations as a file; mailparser keeps an
    // inline text part in the body (ISO-2022-JP names are not decoded): the content is kept, not lost.
    const continued = await parseEmail(readFileSync(path.join(rt, 'rfc2231-attachment-filename-continuations')));
    expect(continued.text).toContain('Some data in a file');
  });

  it('joins adjacent encoded-words of a folded Subject without the folding space', async () => {
    const email = await parseEmail(readFileSync(path.join(CORPUS, 'rt/t/data/emails/subject-with-folding-ws')));
    expect(email.subject).not.toMatch(/\s{2,}/);
  });
});
