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
 * zammad's conventions that are not a help desk's duty, and what we knowingly do better or not at
 * all; zammad stores text files with LF line ends (compared both ways below). Raw 8-bit headers are
 * decoded with a guessed charset (inbound-charset.ts), so mail046 (GB2312) and mail093 (Shift_JIS)
 * match. Each entry: what differs and why.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'mail018.box': 'zammad keeps the UTF-7 Subject undecoded with its folding tabs',
  'mail035.box':
    'From "finances8@…" (an address written as a quoted display name, no addr-spec per RFC 5322): we take the address inside, zammad keeps the quotes, which no reply could reach',
  'mail053.box':
    'From "MAILER-DAEMON" has no domain and Return-Path is <>: no address to file it under (a bounce, filed by its report); zammad keeps the bare local part',
  'mail062.box': 'zammad turns HTML parts of a multipart/mixed into document.html files',
  'mail071.box': 'From with spaces in the local part: zammad keeps them',
  'mail078-content_transfer_encoding_x_uuencode.box':
    'x-uuencode transfer encoding: mailparser does not decode it and no well-kept npm library does; the part is kept as a file with its encoded bytes',
  'mail085.box': 'zammad turns HTML parts of a multipart/mixed into document.html files',
  'mail087.box':
    'From "Test test@example.com" (no angle brackets): we take test@example.com, zammad the whole text, which is no address; the text part after the PDF stays in the body, zammad makes it a file',
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
/** The file's fingerprint as it is and with LF line ends (zammad's text files). */
const fingerprints = (data: Buffer | string) => {
  const text = Buffer.isBuffer(data) ? data.toString('latin1') : data;
  return [md5(data), md5(Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'))];
};

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
    const differing = new Set<string>();
    for (const file of pairs) {
      const expected = YAML.parse(readFileSync(file.replace(/\.box$/, '.yml'), 'utf8'), {
        customTags: yamlTags,
        logLevel: 'silent',
      }) as Expected;
      const email = await parseEmail(readFileSync(file));
      const problems: string[] = [];
      if (expected.subject !== undefined && (expected.subject ?? '').trim() !== email.subject) problems.push('subject');
      if (expected.from_email && expected.from_email.toLowerCase() !== email.from?.address) problems.push('from');
      const parsedFiles = new Set(email.files.flatMap((entry) => fingerprints(entry.content)));
      for (const attachment of expected.attachments ?? []) {
        // zammad's own copies of the HTML body are not files of the message.
        if (attachment.preferences?.['original-format'] || attachment.preferences?.['content-alternative']) continue;
        if (!fingerprints(attachment.data).some((print) => parsedFiles.has(print)))
          problems.push(`attachment ${attachment.filename ?? ''}`);
      }
      if (problems.length > 0) differing.add(path.basename(file));
      if (problems.length > 0 && !KNOWN_DIFFERENCES[path.basename(file)]) {
        mismatches.push(`${path.basename(file)}: ${problems.join(', ')}`);
      }
    }
    expect(mismatches).toEqual([]);
    // An entry whose message now matches is stale: remove it, so the list stays the truth.
    expect(Object.keys(KNOWN_DIFFERENCES).filter((name) => !differing.has(name))).toEqual([]);
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
