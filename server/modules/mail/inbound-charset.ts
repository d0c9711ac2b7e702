/**
 * Raw 8-bit header fields (issue 4 "Charsets"). RFC 5322 headers are ASCII, non-ASCII text travels
 * in encoded-words (`=?charset?B?…?=`, which mailparser decodes, ISO-2022-JP included through
 * libmime). Many mailers still write a Subject or a From name as raw bytes in their own charset;
 * mailparser reads those bytes as UTF-8 and turns anything else into U+FFFD.
 *
 * Before parsing, each top-level header field holding bytes ≥ 0x80 that are not valid UTF-8 is
 * decoded with a guessed charset and re-written as UTF-8 (the stored raw message is never changed):
 * 1. valid UTF-8 → left alone (RFC 6532 allows it, and mailparser reads it);
 * 2. else a charset the message declares (`charset=` of its parts, in order), multi-byte East Asian
 *    ones first and only when they decode the bytes without an invalid sequence — a Chinese
 *    Subject in a message whose outer part says ISO-8859-1 (spam-report wrappers) is GB2312, and a
 *    single-byte charset would accept any bytes; then the declared single-byte charsets;
 *    ISO-2022-JP is 7-bit, so 8-bit bytes in a message declaring it are Shift_JIS;
 * 3. else, when the 8-bit bytes look like a non-Latin script (whole words of 8-bit bytes, as
 *    Cyrillic or Greek text is, where Western text has one accented letter among ASCII ones), the
 *    single-byte charset chardet (ICU's detector) ranks first among the Cyrillic, Greek, Hebrew and
 *    Arabic ones that decode every byte, measured on the 8-bit header fields and the undeclared body
 *    together (a dozen header bytes alone are too few for any detector: KOI8-R and windows-1251
 *    are told apart by their n-grams);
 * 4. else windows-1252 (a superset of ISO-8859-1 for printable text, what Western mailers mean).
 */
import { analyse } from 'chardet';
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Charsets whose 8-bit bytes come in pairs: tried first, and only when they decode cleanly. */
const MULTI_BYTE = new Set([
  'gb2312',
  'gbk',
  'gb18030',
  'big5',
  'big5-hkscs',
  'shift_jis',
  'sjis',
  'windows-31j',
  'cp932',
  'euc-jp',
  'euc-kr',
  'ks_c_5601-1987',
  'cp949',
]);

/** 7-bit charsets whose 8-bit counterpart mailers fall back to when they write raw bytes. */
const EIGHT_BIT_COUNTERPART: Record<string, string> = {
  'iso-2022-jp': 'shift_jis',
  'iso-2022-kr': 'euc-kr',
  'hz-gb-2312': 'gb2312',
};

/** How much of the body the detector reads (its n-gram statistics settle well before that). */
const BODY_SAMPLE_BYTES = 16_384;

const IGNORED = new Set(['us-ascii', 'ascii', 'utf-8', 'utf8', 'utf-7']);

function isValidUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The charsets the message declares, lower-case, in order, once each, as iconv-lite knows them. */
export function declaredCharsets(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const found: string[] = [];
  for (const match of text.matchAll(/charset\s*=\s*"?([A-Za-z0-9_.:-]+)/gi)) {
    const declared = match[1]!.toLowerCase();
    const charset = EIGHT_BIT_COUNTERPART[declared] ?? declared;
    if (IGNORED.has(charset) || found.includes(charset) || !iconv.encodingExists(charset)) continue;
    found.push(charset);
  }
  return found;
}

/** Single-byte charsets of non-Latin scripts chardet may name (its names, as iconv-lite knows them). */
const NON_LATIN_SINGLE_BYTE = new Set([
  'koi8-r',
  'windows-1251',
  'iso-8859-5',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-6',
  'windows-1256',
]);

/**
 * Whether most 8-bit bytes come in runs of three or more (whole words): Cyrillic, Greek, Hebrew or
 * Arabic text written in a single-byte charset. Italian, French, German or Czech text has its
 * accented letters one or two at a time between ASCII letters.
 */
export function looksNonLatin(sample: Buffer): boolean {
  let eightBit = 0;
  let inRuns = 0;
  let run = 0;
  for (let index = 0; index <= sample.length; index += 1) {
    const byte = sample[index];
    if (byte !== undefined && byte >= 0x80) {
      run += 1;
      continue;
    }
    eightBit += run;
    if (run >= 3) inRuns += run;
    run = 0;
  }
  return eightBit > 0 && inRuns / eightBit > 0.5;
}

/**
 * The non-Latin single-byte charset a message without a declaration is written in, from its 8-bit
 * header fields (`headerBytes`, which it must decode without an undefined byte) and a sample of
 * its body; null when the bytes look Western or chardet names no such charset.
 */
export function detectNonLatinCharset(headerBytes: Buffer, body: Buffer): string | null {
  const sample = Buffer.concat([headerBytes, body]);
  if (!looksNonLatin(sample)) return null;
  for (const match of analyse(sample)) {
    const charset = match.name.toLowerCase();
    if (!NON_LATIN_SINGLE_BYTE.has(charset) || !iconv.encodingExists(charset)) continue;
    if (!iconv.decode(headerBytes, charset).includes('\uFFFD')) return charset;
  }
  return null;
}

/**
 * The charset raw 8-bit header bytes are most likely written in (see the module comment); `detected`
 * is what `detectNonLatinCharset` found for a message that declares nothing.
 */
export function guessHeaderCharset(bytes: Buffer, declared: string[], detected: string | null = null): string {
  if (isValidUtf8(bytes)) return 'utf-8';
  for (const charset of declared.filter((entry) => MULTI_BYTE.has(entry))) {
    if (!iconv.decode(bytes, charset).includes('\uFFFD')) return charset;
  }
  const singleByte = declared.find((entry) => !MULTI_BYTE.has(entry));
  return singleByte ?? detected ?? 'windows-1252';
}

function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf;
  if (lf < 0) return crlf;
  return Math.min(crlf, lf);
}

/**
 * The raw message with its top-level header fields in UTF-8 where they were raw 8-bit bytes of
 * another charset; the same buffer when there is nothing to do.
 */
export function withUtf8Headers(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  if (end < 0) return raw;
  const head = raw.subarray(0, end);
  if (!head.some((byte) => byte >= 0x80) || isValidUtf8(head)) return raw;
  const declared = declaredCharsets(raw);
  // Split into fields: a line starting with a space or tab continues the previous field.
  const fields: Buffer[] = [];
  let start = 0;
  for (let index = 0; index < head.length; index += 1) {
    const next = head[index + 1];
    if (head[index] === 0x0a && next !== 0x20 && next !== 0x09) {
      fields.push(head.subarray(start, index + 1));
      start = index + 1;
    }
  }
  if (start < head.length) fields.push(head.subarray(start));
  const undecoded = (field: Buffer) => field.some((byte) => byte >= 0x80) && !isValidUtf8(field);
  // Only a message that declares nothing needs a detector; its body is then most likely raw too.
  const detected =
    declared.length === 0
      ? detectNonLatinCharset(Buffer.concat(fields.filter(undecoded)), raw.subarray(end, end + BODY_SAMPLE_BYTES))
      : null;
  const rewritten = fields.map((field) => {
    if (!undecoded(field)) return field;
    return Buffer.from(iconv.decode(field, guessHeaderCharset(field, declared, detected)), 'utf8');
  });
  return Buffer.concat([...rewritten, raw.subarray(end)]);
}
