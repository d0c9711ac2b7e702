/**
 * Parsing a stored raw message into what the filters and threading look at: addresses, the
 * threading headers, the automatic-mail markers, the Authentication-Results verdict, the bodies and
 * the files. mailparser does the MIME and charset work (ISO-8859-x, windows-125x, KOI8-R,
 * encoded-words, RFC 2231 filenames); raw 8-bit header fields are first re-written as UTF-8 with
 * a guessed charset (inbound-charset.ts).
 *
 * Nothing of a message is lost: every part that is not the body is a file, delivery-status parts
 * (bounces) and PGP signatures included.
 */
import { parseAddressHeader, simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
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
  /**
   * Who wrote the message: the first From address that is one (a mailbox with a domain), else the
   * Reply-To, the Sender, the Return-Path (see `senderOf`); null when none of them has an address.
   */
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

const usable = (address: ParsedAddress) => /.@[^@\s]+$/.test(address.address);

/**
 * The sender as a help desk needs it: an address it can answer and file the customer under. RFC
 * 5322 requires one From mailbox; spam and broken mailers send none (mail016), an empty one
 * (`From: "name" <>`, mail019) or two fields of which the first has no address (mail017). Then the
 * first From address that is one wins, else the address replies go to (Reply-To), else the
 * transmitting agent (Sender), else the envelope sender (Return-Path; `<>` is a bounce's and none).
 * Every header is read by mailparser's own address parser (encoded-words, groups, the RFC 2047 §5
 * injection check).
 */
function senderOf(headers: Map<string, string[]>): ParsedAddress | null {
  for (const name of ['from', 'reply-to', 'sender', 'return-path']) {
    const found = addressesOf(parseAddressHeader(headers.get(name) ?? [])).find(usable);
    if (found) return found;
  }
  return null;
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
    const binary = (separator >= 0 ? line.line.slice(separator + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    // mailparser hands raw lines as binary strings; the bytes are UTF-8 (inbound-charset.ts).
    const isBinary = [...binary].every((character) => character.charCodeAt(0) <= 0xff);
    const value = isBinary ? Buffer.from(binary, 'latin1').toString('utf8') : binary;
    const key = line.key.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/**
 * A name for a part that has none, from what it is: agents see `delivery-status.txt` and
 * `<subject>.eml` on a bounce rather than `attachment-2`.
 */
function filenameOf(attachment: Attachment, index: number): string {
  if (attachment.filename) return attachment.filename;
  const type = attachment.contentType?.toLowerCase();
  if (type === 'message/delivery-status' || type === 'message/global-delivery-status') return 'delivery-status.txt';
  if (type === 'text/rfc822-headers' || type === 'message/rfc822-headers') return 'returned-headers.txt';
  if (type === 'message/rfc822' || type === 'message/global') {
    const subject = /^subject:[ \t]*(.*)$/im
      .exec(attachment.content.subarray(0, 16_384).toString('utf8'))?.[1]
      ?.replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\p{Cc}+/gu, ' ')
      .trim()
      .slice(0, 100);
    // An encoded-word subject is not worth a second parse here: the plain name will do.
    return `${subject && !subject.includes('=?') ? subject : 'message'}.eml`;
  }
  return `attachment-${index + 1}`;
}

function fileOf(attachment: Attachment, index: number, html: string | null): ParsedFile {
  const cid = attachment.cid ? stripBrackets(attachment.cid) : null;
  // Inline means the HTML shows it (a `cid:` reference), whatever the disposition says.
  const inline = cid !== null && html !== null && html.includes(`cid:${cid}`);
  return {
    filename: filenameOf(attachment, index),
    contentType: attachment.contentType || 'application/octet-stream',
    content: attachment.content,
    inline,
    contentId: cid,
  };
}

/** How mailparser reads an inbound message (exported for the test that the installed version honours it). */
export const PARSER_OPTIONS = {
  skipTextToHtml: true,
  skipImageLinks: true,
  keepCidLinks: true,
  // A bounce's delivery-status part is a file agents can open (as zammad keeps it), not text
  // appended to the body: the human-readable part of the report stays the body.
  keepDeliveryStatus: true,
  // No MD5 of every attachment (mailparser's default): nothing reads it, and the file store hashes
  // each file once, with SHA-256, for its address (ADR 0004). mailparser 3.14 takes `false`; its
  // type declarations know only a string.
  checksumAlgo: false as unknown as string,
};

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await simpleParser(withUtf8Headers(raw), PARSER_OPTIONS);
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
    from: senderOf(headers),
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
