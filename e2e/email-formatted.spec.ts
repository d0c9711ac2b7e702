/**
 * A formatted email in the agent's timeline: its HTML in a sandboxed frame with the inline logo
 * shown, a remote image (served by a stand-in "sender's server" here) not requested until the agent
 * asks for it (and, once asked, after a reload too), and the text view with the quoted history still
 * collapsed behind its toggle. A mailing-list email shows its flag with its own label and colour.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { CustomerMailClient } from './pages/customer-mail-client.js';
import { DeskApi } from './pages/desk-api.js';
import { FormattedEmailView } from './pages/formatted-email-view.js';
import { LoginPage } from './pages/login-page.js';
import { TicketPage } from './pages/ticket-page.js';

const run = Date.now().toString(36);
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a formatted email shows its inline image; a remote image loads only after "Mostra immagini", remembered', async ({
  page,
  request,
}) => {
  // The sender's server: it learns the mail was read when its image is requested.
  const requests: http.IncomingHttpHeaders[] = [];
  const tracker = http.createServer((incoming, response) => {
    requests.push(incoming.headers);
    response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/pixel.png`;

  try {
    const subject = `Stampante formattata ${run}`;
    const customer = new CustomerMailClient(`marta.${run}@acme.it`, 'Marta Villa');
    await customer.send({
      subject,
      text: 'La stampante del secondo piano non stampa.\n\nIl 3 dic 2026, Assistenza ha scritto:\n> Ci dica pure.',
      html: [
        '<p>La <b>stampante</b> del secondo piano non stampa.</p>',
        '<p><img src="cid:logo@acme.it" alt="Logo Acme"></p>',
        `<p><img src="${trackerUrl}" alt="Grafico remoto"></p>`,
        '<script>document.title = "eseguito"</script>',
        '<div class="gmail_quote">Il 3 dic 2026, Assistenza ha scritto:<blockquote>Ci dica pure.</blockquote></div>',
      ].join(''),
      attachments: [{ filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@acme.it' }],
    });
    const ticket = await (await DeskApi.signIn(request, 'l1@example.com')).ticketWithSubject(subject);

    const login = new LoginPage(page);
    await login.open();
    await login.signIn('l1@example.com');
    await page.goto(`/agent/tickets/${ticket.id}`);
    const ticketPage = new TicketPage(page);
    const email = new FormattedEmailView(
      ticketPage.timeline.getByTestId('public-message').filter({ hasText: 'Marta Villa' }),
    );

    await expect(email.frame.getByText('del secondo piano non stampa.')).toBeVisible();
    await expect(email.frame.locator('b')).toHaveText('stampante');
    await expect.poll(() => email.imageLoaded('Logo Acme')).toBe(true);
    await expect(email.frameElement).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    await expect(page).not.toHaveTitle('eseguito');

    // Blocked: nothing asked the sender's server for the image.
    await expect(email.remoteImagesBanner).toContainText('Immagini remote bloccate (1)');
    expect(await email.imageLoaded('Grafico remoto')).toBe(false);
    expect(requests).toHaveLength(0);
    await email.message.screenshot({ path: 'test-results/screenshots/formatted-email-blocked.png' });

    await email.showImages();
    await expect.poll(() => email.imageLoaded('Grafico remoto')).toBe(true);
    expect(requests.length).toBeGreaterThan(0);
    // The frame's policy keeps the ticket's address from the sender.
    expect(requests[0]!.referer).toBeUndefined();
    await expect.poll(() => email.imageLoaded('Logo Acme')).toBe(true);

    // The choice is remembered for this message: after a reload the images show without asking.
    await page.reload();
    await expect(email.frame.getByText('del secondo piano non stampa.')).toBeVisible();
    await expect(email.remoteImagesBanner).toHaveCount(0);
    await expect.poll(() => email.imageLoaded('Grafico remoto')).toBe(true);

    // The text view still collapses the quoted history.
    await email.showText();
    await expect(email.message.getByText('La stampante del secondo piano non stampa.')).toBeVisible();
    await expect(email.message.getByText('> Ci dica pure.')).toBeHidden();
    await email.message.getByRole('button', { name: 'Mostra il testo citato' }).click();
    await expect(email.message.getByText('> Ci dica pure.')).toBeVisible();
    await email.showFormatted();
  } finally {
    await new Promise<void>((resolve) => tracker.close(() => resolve()));
  }
});

test('a mailing-list email is flagged with its own label and colour', async ({ page, request }) => {
  const subject = `Notiziario ${run}`;
  const list = new CustomerMailClient(`notizie.${run}@acme.it`, 'Notizie Acme');
  await list.send({
    subject,
    text: 'Le novità del mese.',
    headers: { 'List-Id': `Notizie Acme <notizie-${run}.acme.it>` },
  });
  const ticket = await (await DeskApi.signIn(request, 'l1@example.com')).ticketWithSubject(subject);
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  await page.goto(`/agent/tickets/${ticket.id}`);
  const email = new FormattedEmailView(
    new TicketPage(page).timeline.getByTestId('public-message').filter({ hasText: 'Notizie Acme' }),
  );
  await expect(email.flag('mailing_list')).toHaveText('Da una lista di distribuzione');
  // Mantine sets the badge colour as a CSS variable: grape, not the default grey.
  await expect(email.flag('mailing_list')).toHaveAttribute('style', /grape/);
});
