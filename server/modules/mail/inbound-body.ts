/**
 * The body of an inbound email as the ticket keeps it: sanitized HTML (sanitize-html; no scripts,
 * styles, frames or event handlers; remote images never loaded — their address is kept aside in
 * `data-blocked-src` until someone consents; `cid:` images stay, they are files of the message)
 * and a plain-text version. The quoted history of a reply is kept, marked `data-quoted` so that
 * the UI collapses it.
 */
import sanitizeHtml from 'sanitize-html';

export interface EmailBody {
  html: string;
  text: string;
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

/** Where the quoted history of a plain-text reply starts ("On … wrote:", "Il … ha scritto:", "> "). */
function quoteStart(lines: string[]): number {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const rest = lines.slice(index + 1).filter((entry) => entry.trim() !== '');
    const restQuoted = rest.length > 0 && rest.every((entry) => entry.startsWith('>'));
    if (/^(On .+ wrote:|Il .+ ha scritto:|-{2,}\s*(Original Message|Messaggio originale)\s*-{2,})\s*$/i.test(line)) {
      return index;
    }
    if (line.startsWith('>') && (restQuoted || rest.length === 0)) return index;
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
    return { html: safe, text: plain || htmlToText(safe) };
  }
  return { html: textToHtml(plain), text: plain };
}
