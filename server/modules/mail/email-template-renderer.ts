/**
 * Liquid rendering of email templates, safe for authors who are not developers (DESIGN §3 "Mail"):
 * no filesystem (includes and layouts find nothing), own properties only, undefined variables
 * render empty, unknown filters are errors, bounded parse and render cost, and in the HTML body
 * every output is HTML-escaped unless the template says `| raw`.
 */
import { Liquid, LiquidError } from 'liquidjs';
import type { Language } from '../../../contracts/common.contract.js';
import type { EmailTemplateKey, RenderedEmail } from '../../../contracts/mail.contract.js';
import { AppError } from '../../http/app-error.js';
import type { TemplateText } from './email-template-defaults.js';

/** The variables every ticket notice can use. */
export interface TemplateData {
  ticket: {
    number: string;
    subject: string;
    status: string;
    url: string;
    reply_reopens: boolean;
    auto_close_days: number;
  };
  contact: { name: string; email: string };
  agent: { name: string };
  message: { body_html: string; body_text: string };
  desk: { name: string; address: string };
}

const sharedOptions = {
  strictVariables: false,
  strictFilters: true,
  ownPropertyOnly: true,
  // An empty in-memory file system: {% include %}, {% render %} and {% layout %} find nothing.
  templates: {},
  relativeReference: false,
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

const htmlEngine = new Liquid({ ...sharedOptions, outputEscape: 'escape' });
const textEngine = new Liquid(sharedOptions);

type TemplateField = 'subject' | 'bodyHtml' | 'bodyText';

function invalid(field: TemplateField, error: unknown): AppError {
  const token =
    error instanceof LiquidError ? (error.token as { getPosition?: () => number[] } | undefined) : undefined;
  const [line, column] = token?.getPosition?.() ?? [];
  const message = (error as Error).message;
  return new AppError(400, 'EMAIL_TEMPLATE_INVALID', `The template does not render: ${message}`, {
    fields: [{ path: `body.${field}`, message }],
    field,
    line: line ?? null,
    column: column ?? null,
  });
}

/**
 * Parsed templates by their text, per engine: a notice per new ticket parsed the same text each
 * time. Keyed by the text itself, so an edited template is a new entry (nothing to invalidate);
 * bounded, emptied when full.
 */
const parsedTemplates = new Map<Liquid, Map<string, ReturnType<Liquid['parse']>>>([
  [htmlEngine, new Map()],
  [textEngine, new Map()],
]);
const MAX_PARSED_TEMPLATES = 200;

function parse(engine: Liquid, source: string) {
  const cache = parsedTemplates.get(engine)!;
  let parsed = cache.get(source);
  if (!parsed) {
    parsed = engine.parse(source);
    if (cache.size >= MAX_PARSED_TEMPLATES) cache.clear();
    cache.set(source, parsed);
  }
  return parsed;
}

function renderField(engine: Liquid, field: TemplateField, source: string, data: TemplateData): string {
  let parsed;
  try {
    parsed = parse(engine, source);
  } catch (error) {
    throw invalid(field, error);
  }
  try {
    // Synchronously: no filter or tag of these engines waits for anything, and the promise-driven
    // rendering took about twice the CPU (a new ticket's acknowledgement renders three fields).
    return String(engine.renderSync(parsed, data));
  } catch (error) {
    throw invalid(field, error);
  }
}

/** A plain-text part for templates that have none: the HTML without tags, entities decoded. */
export function textFromHtml(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_all, href: string, label: string) =>
      label.includes(href) ? label : `${label} (${href})`,
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Renders subject, HTML and text; throws 400 EMAIL_TEMPLATE_INVALID with the field and the Liquid
 * error's line and column. The ticket token is appended to a subject that lost it, because inbound
 * threading relies on it (issue 4, "Threading").
 */
export async function renderTemplate(template: TemplateText, data: TemplateData): Promise<RenderedEmail> {
  const subject = renderField(textEngine, 'subject', template.subject, data).replace(/\s+/g, ' ').trim();
  const html = renderField(htmlEngine, 'bodyHtml', template.bodyHtml, data);
  const text =
    template.bodyText !== null && template.bodyText.trim() !== ''
      ? renderField(textEngine, 'bodyText', template.bodyText, data)
      : textFromHtml(html);
  const token = `[#${data.ticket.number}]`;
  return { subject: subject.includes(token) ? subject : `${subject} ${token}`.trim(), html, text };
}

/** What the preview renders with: a plausible ticket in the template's language. */
export function sampleTemplateData(key: EmailTemplateKey, language: Language, baseUrl: string): TemplateData {
  const italian = language === 'it';
  return {
    ticket: {
      number: '2026-000123',
      subject: italian ? 'La stampante del secondo piano non stampa' : 'The second-floor printer does not print',
      status: italian ? 'In attesa del cliente' : 'Waiting for customer',
      url: `${baseUrl}/tickets/00000000-0000-4000-8000-000000000123`,
      reply_reopens: key === 'ticket.closed',
      auto_close_days: 7,
    },
    contact: { name: 'Mario Rossi', email: 'mario.rossi@example.com' },
    agent: { name: 'Laura Bianchi' },
    message: {
      body_html: italian
        ? '<p>Buongiorno, abbiamo sostituito il toner. <strong>Può riprovare?</strong></p>'
        : '<p>Hello, we replaced the toner. <strong>Could you try again?</strong></p>',
      body_text: italian
        ? 'Buongiorno, abbiamo sostituito il toner. Può riprovare?'
        : 'Hello, we replaced the toner. Could you try again?',
    },
    desk: { name: italian ? 'Assistenza' : 'Support', address: 'support@example.com' },
  };
}
