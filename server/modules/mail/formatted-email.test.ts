import { describe, expect, it } from 'vitest';
import { formattedEmailDocument, formattedEmailPolicy, INLINE_IMAGES_MAX_BYTES } from './formatted-email.js';
import { blockedRemoteImages, emailBody } from './inbound-body.js';

const stored = emailBody(
  '',
  '<p>Ciao</p><img src="cid:a@x"><img src="cid:b@x" alt="vettoriale"><img src="https://t.example/p.gif" alt="p">',
).html;

describe('formatted email document', () => {
  it('embeds raster inline images only, and never an SVG (it can carry script)', () => {
    const document = formattedEmailDocument(stored, {
      remoteImages: false,
      inlineImages: new Map([
        ['a@x', { contentType: 'image/png', content: Buffer.from('png') }],
        ['b@x', { contentType: 'image/svg+xml', content: Buffer.from('<svg onload="alert(1)"/>') }],
      ]),
    });
    expect(document).toContain(`<img src="data:image/png;base64,${Buffer.from('png').toString('base64')}" alt="" />`);
    expect(document).not.toContain('svg');
    expect(document).toContain('<img data-blocked-src="https://t.example/p.gif" alt="p" />');
    expect(blockedRemoteImages(stored)).toBe(1);
  });

  it('leaves out inline images past the size budget', () => {
    const big = { contentType: 'image/png', content: Buffer.alloc(INLINE_IMAGES_MAX_BYTES - 10) };
    const document = formattedEmailDocument(stored, {
      remoteImages: false,
      inlineImages: new Map([
        ['a@x', big],
        ['b@x', { contentType: 'image/png', content: Buffer.alloc(100) }],
      ]),
    });
    expect(document.match(/src="data:/g)).toHaveLength(1);
  });

  it('allows remote images in the policy only when asked', () => {
    expect(formattedEmailPolicy(false)).toContain('img-src data:; ');
    expect(formattedEmailPolicy(true)).toContain('img-src data: http: https:; ');
    expect(formattedEmailPolicy(true)).not.toMatch(/script-src|unsafe-eval/);
  });
});
