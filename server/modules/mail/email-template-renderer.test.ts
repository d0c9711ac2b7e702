/** Liquid rendering is safe for template authors: escaped HTML, no files, no prototype walking. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/app-error.js';
import { renderTemplate, sampleTemplateData, textFromHtml } from './email-template-renderer.js';

const data = sampleTemplateData('ticket.reply', 'it', 'https://desk.example.com');

async function refusal(source: { subject?: string; bodyHtml?: string }): Promise<AppError> {
  try {
    await renderTemplate({ subject: source.subject ?? 'x', bodyHtml: source.bodyHtml ?? 'x', bodyText: null }, data);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the template rendered');
}

describe('renderTemplate', () => {
  it('escapes values in HTML unless | raw, and not in the subject or text', async () => {
    const rendered = await renderTemplate(
      { subject: '{{ "<a&b>" }}', bodyHtml: '{{ "<i>x</i>" }}|{{ "<i>y</i>" | raw }}', bodyText: '{{ "<t>" }}' },
      data,
    );
    expect(rendered).toEqual({ subject: '<a&b> [#2026-000123]', html: '&lt;i&gt;x&lt;/i&gt;|<i>y</i>', text: '<t>' });
  });

  it('renders unknown variables empty and refuses unknown filters', async () => {
    const rendered = await renderTemplate({ subject: 'a{{ nope.nothing }}b', bodyHtml: 'x', bodyText: null }, data);
    expect(rendered.subject).toBe('ab [#2026-000123]');
    const error = await refusal({ subject: '{{ ticket.number | exec }}' });
    expect(error.code).toBe('EMAIL_TEMPLATE_INVALID');
  });

  it('reads no files and walks no prototypes', async () => {
    expect((await refusal({ bodyHtml: "{% render 'secrets' %}" })).code).toBe('EMAIL_TEMPLATE_INVALID');
    const rendered = await renderTemplate(
      { subject: 'x', bodyHtml: '[{{ contact.constructor }}][{{ contact.__proto__ }}]', bodyText: null },
      data,
    );
    expect(rendered.html).toBe('[][]');
  });

  it('says where the template is wrong', async () => {
    const error = await refusal({ bodyHtml: 'ok\n  {{ ticket.number ' });
    expect(error.details).toMatchObject({ field: 'bodyHtml', line: 2 });
  });
});

describe('textFromHtml', () => {
  it('keeps paragraphs and links readable', () => {
    expect(textFromHtml('<p>Ciao &amp; grazie</p><p><a href="https://x.example/t/1">il ticket</a></p>')).toBe(
      'Ciao & grazie\nil ticket (https://x.example/t/1)',
    );
  });
});
