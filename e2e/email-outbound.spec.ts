/**
 * Outbound email end to end: the admin customizes the agent-reply template with the live preview
 * (a Liquid mistake is pointed out, the fixed draft previews with the ticket token), then level 1
 * answers a customer publicly and the Outbox holds the email with the token in its subject.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { EmailTemplatesPage } from './pages/email-templates-page.js';
import { LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { TicketPage } from './pages/ticket-page.js';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email);
  return page;
}

test('the admin edits the reply template with a live preview; a public reply leaves through the Outbox', async ({
  browser,
}) => {
  const admin = await signedIn(browser, 'admin@example.com');
  const templates = new EmailTemplatesPage(admin);
  await templates.open();
  await templates.edit("Risposta dell'operatore", 'Italiano');
  await expect(templates.previewSubject).toContainText('Re: La stampante del secondo piano non stampa [#2026-000123]');

  await templates.subject.fill(`Aggiornamento ${run}: {{ ticket.subject }}`);
  await templates.bodyHtml.fill('<p>{% if ticket.number %}Gentile {{ contact.name }}</p>');
  await expect(templates.templateError).toContainText('Corpo HTML, riga 1');
  await templates.bodyHtml.fill('<p>Gentile {{ contact.name }},</p>\n{{ message.body_html | raw }}');
  // Without a text body of its own, the plain-text part is derived from the HTML.
  await templates.bodyText.fill('');
  await expect(templates.templateError).toHaveCount(0);
  // The token is added by Sportello when the template leaves it out.
  await expect(templates.previewSubject).toContainText(
    `Aggiornamento ${run}: La stampante del secondo piano non stampa [#2026-000123]`,
  );
  await expect(templates.editor.getByTestId('preview-text')).toContainText('Gentile Mario Rossi');
  await templates.save();
  await admin.screenshot({ path: 'test-results/screenshots/email-template-editor.png', fullPage: true });

  const agent = await signedIn(browser, 'l1@example.com');
  const form = new NewTicketPage(agent);
  await form.open();
  const subject = `Scanner non raggiungibile ${run}`;
  const number = await form.create({
    requesterEmail: 'customer@example.com',
    subject,
    description: 'Lo scanner di rete non risponde.',
  });
  const reply = `Abbiamo riavviato lo scanner, può riprovare? (${run})`;
  await new TicketPage(agent).write('Risposta pubblica', reply);

  await admin.goto('/admin/outbox');
  const expected = `Aggiornamento ${run}: ${subject} [#${number}]`;
  // The notice is written and queued by background jobs: look again until it is there.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByRole('cell', { name: expected, exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await admin.getByRole('button', { name: new RegExp(`Apri: ${expected.replace(/[[\]]/g, '\\$&')}`) }).click();
  const drawer = admin.getByRole('dialog');
  await expect(drawer.getByTestId('outbox-message-text')).toContainText(reply);
  await expect(drawer).toContainText('Message-ID');
  await expect(drawer.getByRole('cell', { name: '"Assistenza" <support@example.com>' })).toBeVisible();
  await admin.screenshot({ path: 'test-results/screenshots/outbox-reply.png', fullPage: true });

  // Leave the built-in text for whoever runs next.
  await templates.open();
  await templates.edit("Risposta dell'operatore", 'Italiano');
  await templates.resetToBuiltIn();
});
