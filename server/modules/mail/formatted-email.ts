/**
 * The formatting of an email message as a document for a sandboxed frame (DESIGN §3b): the stored,
 * sanitized HTML passed once more through the inbound allow-list, inline (`cid:`) images embedded,
 * remote images only when the viewer asked, and a Content-Security-Policy that lets nothing run,
 * submit, frame or load anything else.
 *
 * Inline images are embedded as `data:` URLs rather than pointed at `/api/v1/attachments/{id}`: the
 * frame has an opaque origin (no `allow-same-origin`), so Chromium sends no SameSite session cookie
 * with its image requests and `Cross-Origin-Resource-Policy: same-origin` blocks the response
 * (checked in Chromium; ADR 0010). The attachments module still decides who may read each file.
 */
import { emailHtmlForDisplay } from './inbound-body.js';

/** An inline image the frame may show: raster types only (never SVG: it can carry script). */
export interface InlineImage {
  contentType: string;
  content: Buffer;
}

/** Inline images past this many bytes in one message are left out (the document stays small). */
export const INLINE_IMAGES_MAX_BYTES = 10 * 1024 * 1024;

const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The policy of the frame's document; `http:`/`https:` images only when the viewer asked for them. */
export function formattedEmailPolicy(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${remoteImages ? ' http: https:' : ''}`,
    "style-src 'unsafe-inline'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    // Even a browser that ignored the iframe's sandbox attribute gets one from the response.
    'sandbox allow-popups allow-popups-to-escape-sandbox',
  ].join('; ');
}

const DOCUMENT_STYLE = [
  'body{margin:8px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;overflow-wrap:anywhere}',
  'img{max-width:100%;height:auto}',
  'img[data-blocked-src]{display:inline-block;min-width:16px;min-height:16px;border:1px dashed #adb5bd}',
  'table{max-width:100%}',
  'blockquote{margin:0 0 0 8px;padding-left:8px;border-left:2px solid #dee2e6;color:#495057}',
].join('');

/** The frame's whole document: the message's formatting with its inline images in place. */
export function formattedEmailDocument(
  storedHtml: string,
  options: { inlineImages: Map<string, InlineImage>; remoteImages: boolean },
): string {
  let budget = INLINE_IMAGES_MAX_BYTES;
  const body = emailHtmlForDisplay(storedHtml, {
    remoteImages: options.remoteImages,
    inlineImage(contentId) {
      const image = options.inlineImages.get(contentId);
      if (!image || !RASTER_TYPES.has(image.contentType) || image.content.length > budget) return null;
      budget -= image.content.length;
      return `data:${image.contentType};base64,${image.content.toString('base64')}`;
    },
  });
  return `<!doctype html><html><head><meta charset="utf-8"><style>${DOCUMENT_STYLE}</style></head><body>${body}</body></html>`;
}
