/**
 * The built-in email templates, Italian and English. Admins override them per key and language
 * (`email_templates`); deleting the override resets to these. Variables are listed in
 * `sampleTemplateData` (email-template-renderer.ts); HTML output is escaped unless `| raw`, which
 * only the already-sanitized message body uses.
 */
import type { Language } from '../../../contracts/common.contract.js';
import type { EmailTemplateKey } from '../../../contracts/mail.contract.js';

export interface TemplateText {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
}

const footerIt = `<p style="color:#666;font-size:12px">Rispondi a questa email per aggiungere un messaggio alla richiesta {{ ticket.number }}. Non modificare l'oggetto: contiene il riferimento [#{{ ticket.number }}].</p>`;
const footerEn = `<p style="color:#666;font-size:12px">Reply to this email to add a message to request {{ ticket.number }}. Please keep the subject: it carries the reference [#{{ ticket.number }}].</p>`;

export const defaultEmailTemplates: Record<EmailTemplateKey, Record<Language, TemplateText>> = {
  'ticket.acknowledgement': {
    it: {
      subject: 'Abbiamo ricevuto la tua richiesta: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Buongiorno {{ contact.name }},</p>
<p>abbiamo ricevuto la tua richiesta «{{ ticket.subject }}» e le abbiamo assegnato il numero <strong>{{ ticket.number }}</strong>. Ti risponderemo al più presto.</p>
<p>Puoi seguirla anche dal portale: <a href="{{ ticket.url }}">{{ ticket.url }}</a></p>
<p>{{ desk.name }}</p>
${footerIt}`,
      bodyText: `Buongiorno {{ contact.name }},

abbiamo ricevuto la tua richiesta «{{ ticket.subject }}» e le abbiamo assegnato il numero {{ ticket.number }}. Ti risponderemo al più presto.

Puoi seguirla anche dal portale: {{ ticket.url }}

{{ desk.name }}

Rispondi a questa email per aggiungere un messaggio alla richiesta; non modificare l'oggetto.`,
    },
    en: {
      subject: 'We received your request: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Hello {{ contact.name }},</p>
<p>we received your request “{{ ticket.subject }}” and gave it the number <strong>{{ ticket.number }}</strong>. We will answer as soon as possible.</p>
<p>You can also follow it on the portal: <a href="{{ ticket.url }}">{{ ticket.url }}</a></p>
<p>{{ desk.name }}</p>
${footerEn}`,
      bodyText: `Hello {{ contact.name }},

we received your request “{{ ticket.subject }}” and gave it the number {{ ticket.number }}. We will answer as soon as possible.

You can also follow it on the portal: {{ ticket.url }}

{{ desk.name }}

Reply to this email to add a message to the request; please keep the subject.`,
    },
  },
  'ticket.reply': {
    it: {
      subject: 'Re: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `{{ message.body_html | raw }}
<p>— {{ agent.name }}, {{ desk.name }}</p>
${footerIt}`,
      bodyText: `{{ message.body_text }}

— {{ agent.name }}, {{ desk.name }}`,
    },
    en: {
      subject: 'Re: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `{{ message.body_html | raw }}
<p>— {{ agent.name }}, {{ desk.name }}</p>
${footerEn}`,
      bodyText: `{{ message.body_text }}

— {{ agent.name }}, {{ desk.name }}`,
    },
  },
  'ticket.pending_customer': {
    it: {
      subject: 'Re: {{ ticket.subject }} [#{{ ticket.number }}] — attendiamo una tua risposta',
      bodyHtml: `<p>Buongiorno {{ contact.name }},</p>
<p>per proseguire con la richiesta {{ ticket.number }} ci servono alcune informazioni da te: rispondi a questa email o scrivici dal portale (<a href="{{ ticket.url }}">{{ ticket.url }}</a>).</p>
<p>{{ desk.name }}</p>
${footerIt}`,
      bodyText: null,
    },
    en: {
      subject: 'Re: {{ ticket.subject }} [#{{ ticket.number }}] — waiting for your answer',
      bodyHtml: `<p>Hello {{ contact.name }},</p>
<p>to go on with request {{ ticket.number }} we need some information from you: reply to this email or write to us on the portal (<a href="{{ ticket.url }}">{{ ticket.url }}</a>).</p>
<p>{{ desk.name }}</p>
${footerEn}`,
      bodyText: null,
    },
  },
  'ticket.resolved': {
    it: {
      subject: 'Risolta: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Buongiorno {{ contact.name }},</p>
<p>consideriamo risolta la tua richiesta {{ ticket.number }} «{{ ticket.subject }}».</p>
<p>Se il problema non è risolto, <strong>rispondi a questa email</strong>: la richiesta verrà riaperta. Altrimenti si chiuderà da sola tra {{ ticket.auto_close_days }} giorni.</p>
<p>{{ desk.name }}</p>
${footerIt}`,
      bodyText: null,
    },
    en: {
      subject: 'Resolved: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Hello {{ contact.name }},</p>
<p>we consider your request {{ ticket.number }} “{{ ticket.subject }}” resolved.</p>
<p>If the problem is not solved, <strong>reply to this email</strong>: the request will be reopened. Otherwise it closes by itself in {{ ticket.auto_close_days }} days.</p>
<p>{{ desk.name }}</p>
${footerEn}`,
      bodyText: null,
    },
  },
  'ticket.closed': {
    it: {
      subject: 'Chiusa: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Buongiorno {{ contact.name }},</p>
<p>la richiesta {{ ticket.number }} «{{ ticket.subject }}» è stata chiusa.</p>
{% if ticket.reply_reopens %}<p>Se ti serve ancora aiuto, rispondi a questa email: la riapriremo.</p>{% else %}<p>Se ti serve ancora aiuto, rispondi a questa email: apriremo una nuova richiesta collegata a questa.</p>{% endif %}
<p>{{ desk.name }}</p>
${footerIt}`,
      bodyText: null,
    },
    en: {
      subject: 'Closed: {{ ticket.subject }} [#{{ ticket.number }}]',
      bodyHtml: `<p>Hello {{ contact.name }},</p>
<p>request {{ ticket.number }} “{{ ticket.subject }}” is now closed.</p>
{% if ticket.reply_reopens %}<p>If you still need help, reply to this email: we will reopen it.</p>{% else %}<p>If you still need help, reply to this email: we will open a new request linked to this one.</p>{% endif %}
<p>{{ desk.name }}</p>
${footerEn}`,
      bodyText: null,
    },
  },
};
