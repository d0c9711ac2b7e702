/**
 * Parsing a stored raw message into what the filters and threading look at: addresses, the
 * threading headers, the automatic-mail markers, the Authentication-Results verdict, the bodies and
 * the files. mailparser does the MIME and charset work (ISO-8859-x, windows-125x, KOI8-R,
 * encoded-words, RFC 2231 filenames); raw 8-bit header fields are first re-written as UTF-8 with
 * a guessed charset (inbound-charset.ts).
 */
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { withUtf8Headers } from './inbound-charset.js';

export interface ParsedAddress {
  /** Lower-case address. */
  address: string;
  name: string;
}

export interface ParsedFile {
  filename: string;
  contentType: string;
  content: Buffer;
  inline: boolean;
  contentId: string | null;
}

/** The verdicts of the first Authentication-Results header (added by the receiving server). */
export interface AuthenticationVerdict {
  raw: string;
  dmarc: string | null;
  spf: string | null;
  dkim: string | null;
}

export interface ParsedEmail {
  messageId: string | null;
  from: ParsedAddress | null;
  replyTo: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  subject: string;
  date: Date | null;
  inReplyTo: string | null;
  /** References then In-Reply-To, without angle brackets, de-duplicated, newest last. */
  references: string[];
  text: string;
  html: string | null;
  files: ParsedFile[];
  /** Lower-case header name → unfolded values, for the filters. */
  headers: Map<string, string[]>;
  contentType: string;
  authentication: AuthenticationVerdict | null;
}

const stripBrackets = (value: string) => value.trim().replace(/^<|>$/g, '').trim();

/** Every `<id>` in a header value (References may be folded, comma- or space-separated). */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...joined.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  if (bracketed.length > 0) return bracketed;
  return joined
    .split(/[\s,]+/)
    .map(stripBrackets)
    .filter((id) => id.includes('@'));
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): ParsedAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const result: ParsedAddress[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address) result.push({ address: entry.address.toLowerCase(), name: entry.name ?? '' });
    }
  };
  for (const object of objects) walk(object.value);
  return result;
}

/** `dmarc=fail`, `spf=pass`, `dkim=none`… from an Authentication-Results value. */
export function authenticationVerdict(raw: string | undefined): AuthenticationVerdict | null {
  if (!raw) return null;
  const verdict = (method: string) => new RegExp(`\\b${method}\\s*=\\s*([a-z]+)`, 'i').exec(raw)?.[1]?.toLowerCase();
  return { raw, dmarc: verdict('dmarc') ?? null, spf: verdict('spf') ?? null, dkim: verdict('dkim') ?? null };
}

function headerMap(parsed: ParsedMail): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const separator = line.line.indexOf(':');
    const value = (separator >= 0 ? line.line.slice(separator + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const key = line.key.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

function fileOf(attachment: Attachment, index: number, html: string | null): ParsedFile {
  const cid = attachment.cid ? stripBrackets(attachment.cid) : null;
  // Inline means the HTML shows it (a `cid:` reference), whatever the disposition says.
  const inline = cid !== null && html !== null && html.includes(`cid:${cid}`);
  return {
    filename: attachment.filename ?? `attachment-${index + 1}`,
    contentType: attachment.contentType || 'application/octet-stream',
    content: attachment.content,
    inline,
    contentId: cid,
  };
}

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await simpleParser(withUtf8Headers(raw), {
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
  });
  const headers = headerMap(parsed);
  const inReplyTo = messageIdsIn(parsed.inReplyTo)[0] ?? null;
  const references = [...new Set([...messageIdsIn(parsed.references), ...(inReplyTo ? [inReplyTo] : [])])];
  const contentTypeHeader = parsed.headers.get('content-type') as { value?: string } | string | undefined;
  const contentType =
    (typeof contentTypeHeader === 'string' ? contentTypeHeader : contentTypeHeader?.value)?.toLowerCase() ??
    'text/plain';
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  return {
    messageId: parsed.messageId ? stripBrackets(parsed.messageId) || null : null,
    from: addressesOf(parsed.from)[0] ?? null,
    replyTo: addressesOf(parsed.replyTo)[0] ?? null,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    subject: (parsed.subject ?? '').trim(),
    date: parsed.date ?? null,
    inReplyTo,
    references,
    text: parsed.text ?? '',
    html,
    files: parsed.attachments.map((attachment, index) => fileOf(attachment, index, html)),
    headers,
    contentType,
    authentication: authenticationVerdict(headers.get('authentication-results')?.[0]),
  };
}
