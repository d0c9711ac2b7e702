/**
 * The body of an inbound email as the ticket keeps it: sanitized HTML (sanitize-html; no scripts,
 * styles, frames or event handlers; remote images never loaded — their address is kept aside in
 * `data-blocked-src` until someone consents; `cid:` images stay, they are files of the message)
 * and a plain-text version. The quoted history of a reply is kept, marked `data-quoted` so that
 * the UI collapses it.
 */
import sanitizeHtml from 'sanitize-html';
import { QUOTED_HISTORY_HEADER } from '../tickets/index.js';

export interface EmailBody {
  html: string;
  text: string;
  /** The mail had an HTML part: `html` is the sender's formatting (sanitized), not made from the text. */
  formatted: boolean;
}

const ALLOWED_TAGS = [
  ...['p', 'br', 'div', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'blockquote', 'pre', 'code', 'hr'],
  ...['ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img', 'font', 'center', 'small', 'sub', 'sup'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'],
];

const QUOTE_CLASSES = /\b(gmail_quote|moz-cite-prefix|yahoo_quoted|OutlookMessageHeader)\b/;

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-blocked-src'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    blockquote: ['data-quoted'],
    div: ['data-quoted'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid'] },
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      if (/^cid:/i.test(src)) return { tagName, attribs: { src, alt: attribs.alt ?? '' } };
      // A remote image would tell the sender the mail was read: kept aside, not loaded.
      const blocked: Record<string, string> = { alt: attribs.alt || '[immagine remota bloccata]' };
      if (/^https?:/i.test(src)) blocked['data-blocked-src'] = src;
      return { tagName, attribs: blocked };
    },
    blockquote: (tagName, attribs) => ({ tagName, attribs: { ...attribs, 'data-quoted': 'true' } }),
    div: (tagName, attribs) => {
      const quoted = QUOTE_CLASSES.test(attribs.class ?? '') || /^(divRplyFwdMsg|appendonsend)$/.test(attribs.id ?? '');
      const kept: Record<string, string> = quoted ? { 'data-quoted': 'true' } : {};
      return { tagName, attribs: kept };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs['data-blocked-src'],
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlToText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h[1-6]|tr|blockquote|pre)>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Where the quoted history of a plain-text reply starts ("On … wrote:", "Il … ha scritto:", or the
 * first `>` line after which every non-blank line is quoted). One pass from the end tells, for
 * each line, whether only quoted lines follow it: looking ahead from every line was quadratic in
 * the lines of a long thread.
 */
function quoteStart(lines: string[]): number {
  const onlyQuotedAfter = new Array<boolean>(lines.length);
  let quotedSoFar = true;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    onlyQuotedAfter[index] = quotedSoFar;
    const line = lines[index]!;
    if (line.trim() !== '' && !line.startsWith('>')) quotedSoFar = false;
  }
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (QUOTED_HISTORY_HEADER.test(line)) return index;
    if (line.startsWith('>') && onlyQuotedAfter[index]) return index;
  }
  return -1;
}

function textToHtml(text: string): string {
  const paragraphs = (part: string) =>
    part
      .split(/\n{2,}/)
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph !== '')
      .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br />')}</p>`)
      .join('');
  const lines = text.split('\n');
  const start = quoteStart(lines);
  if (start < 0) return paragraphs(text);
  const quoted = lines
    .slice(start)
    .map((line) => line.replace(/^> ?/, ''))
    .join('\n');
  return `${paragraphs(lines.slice(0, start).join('\n'))}<blockquote data-quoted="true">${paragraphs(quoted)}</blockquote>`;
}

/** The HTML part when there is one (sanitized), else the text part rendered as paragraphs. */
export function emailBody(text: string, html: string | null): EmailBody {
  const plain = text.replace(/\r\n/g, '\n').trim();
  if (html && html.trim() !== '') {
    const safe = sanitizeHtml(html, sanitizeOptions).trim();
    return { html: safe, text: plain || htmlToText(safe), formatted: true };
  }
  return { html: textToHtml(plain), text: plain, formatted: false };
}

/** What the sandboxed frame may show of a stored body: inline images and, on request, remote ones. */
export interface EmailDisplayOptions {
  /** The image for a `cid:` reference, as a URL the frame may load (a `data:` URL), or null to drop it. */
  inlineImage(contentId: string): string | null;
  /** The viewer asked for remote images: `data-blocked-src` becomes `src` again. */
  remoteImages: boolean;
}

/**
 * The stored body made ready for the sandboxed frame, through the same allow-list it was sanitized
 * with on arrival (a second pass costs little and covers bodies stored by older versions): `cid:`
 * images become the file's content, remote images stay blocked unless the viewer asked for them.
 */
export function emailHtmlForDisplay(storedHtml: string, options: EmailDisplayOptions): string {
  return sanitizeHtml(storedHtml, {
    ...sanitizeOptions,
    allowedSchemesByTag: { img: options.remoteImages ? ['data', 'http', 'https'] : ['data'] },
    transformTags: {
      ...sanitizeOptions.transformTags,
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const alt = attribs.alt ?? '';
        const src = attribs.src ?? '';
        if (/^cid:/i.test(src)) {
          const inline = options.inlineImage(src.slice(4).replace(/^<|>$/g, ''));
          const shown: sanitizeHtml.Attributes = inline ? { src: inline, alt } : { alt };
          return { tagName, attribs: shown };
        }
        const blocked = attribs['data-blocked-src'] ?? (/^https?:/i.test(src) ? src : '');
        if (blocked && options.remoteImages) return { tagName, attribs: { src: blocked, alt } };
        const held: sanitizeHtml.Attributes = blocked ? { 'data-blocked-src': blocked, alt } : { alt };
        return { tagName, attribs: held };
      },
    },
  });
}

/** How many remote images of a stored body are held back until the viewer asks for them. */
export function blockedRemoteImages(storedHtml: string): number {
  return (storedHtml.match(/\sdata-blocked-src="/g) ?? []).length;
}
