/**
 * Files in the conversation end to end: an agent replies in rich text with an image, and adds an
 * internal note with a log file; the customer sees the reply's formatting, its thumbnail and its
 * download in the portal, and never the note's file.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { AttachmentPicker } from './pages/attachment-picker.js';
import { LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { PortalPages } from './pages/portal-pages.js';
import { TicketPage } from './pages/ticket-page.js';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const subject = `Stampante del terzo piano non stampa ${run}`;
const screenshotName = `coda-di-stampa-${run}.png`;
const logName = `log-spooler-${run}.txt`;
// A 2×2 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email);
  return page;
}

test('an agent replies in rich text with an image, and notes a log file internally', async ({ browser }) => {
  const page = await signedIn(browser, 'l1@example.com');
  const form = new NewTicketPage(page);
  await form.open();
  await form.create({ requesterEmail: 'customer@example.com', subject, description: 'La coda di stampa è bloccata.' });
  const ticket = new TicketPage(page);

  // Public reply: bold text typed with the keyboard shortcut, and a screenshot attached.
  await page.getByRole('tab', { name: 'Risposta pubblica' }).click();
  const panel = page.getByRole('tabpanel');
  const editor = panel.getByRole('textbox', { name: 'Risposta al cliente' });
  await editor.click();
  await page.keyboard.type('Abbiamo svuotato la coda: ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(`riprovi ora ${run}`);
  await page.keyboard.press('Control+b');
  await new AttachmentPicker(page, panel).attach({ name: screenshotName, mimeType: 'image/png', buffer: PNG });
  await editor.press('Control+Enter');

  const reply = ticket.timeline.getByTestId('public-message').filter({ hasText: `riprovi ora ${run}` });
  await expect(reply.locator('strong', { hasText: `riprovi ora ${run}` })).toBeVisible();
  await expect(reply.getByRole('link', { name: `Scarica ${screenshotName}` })).toBeVisible();
  const thumbnail = reply.getByRole('img', { name: screenshotName });
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() => thumbnail.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth))
    .toBe(2);

  // Internal note with a log file.
  await page.getByRole('tab', { name: 'Nota interna' }).click();
  const notePanel = page.getByRole('tabpanel');
  await notePanel.getByRole('textbox').fill(`Log dello spooler allegato ${run}`);
  await new AttachmentPicker(page, notePanel).attach({
    name: logName,
    mimeType: 'text/plain',
    buffer: Buffer.from('spooler: job 42 stuck\n'),
  });
  await notePanel.getByRole('button', { name: 'Aggiungi nota' }).click();
  const note = ticket.timeline.getByTestId('internal-note').filter({ hasText: `Log dello spooler allegato ${run}` });
  await expect(note.getByRole('link', { name: `Scarica ${logName}` })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/ticket-attachments.png', fullPage: true });
  await page.context().close();
});

test('the customer sees the reply with its image in the portal, never the note file', async ({ browser }) => {
  const page = await signedIn(browser, 'customer@example.com');
  const portal = new PortalPages(page);
  await portal.openRequest(subject);
  const reply = portal.conversation.getByTestId('public-message').filter({ hasText: `riprovi ora ${run}` });
  await expect(reply.locator('strong', { hasText: `riprovi ora ${run}` })).toBeVisible();
  const link = reply.getByRole('link', { name: `Scarica ${screenshotName}` });
  await expect(link).toBeVisible();
  await expect(reply.getByRole('img', { name: screenshotName })).toBeVisible();
  await expect(page.getByText(logName)).toHaveCount(0);
  await expect(page.getByText(`Log dello spooler allegato ${run}`)).toHaveCount(0);

  // The download is a download, with the customer's session.
  const href = await link.getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toContain(`attachment; filename="${screenshotName}"`);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await response.body())).toEqual(PNG);

  // The customer replies with a file of their own.
  const replyBox = page.getByRole('textbox', { name: 'La tua risposta' });
  await replyBox.fill(`Ecco la pagina di prova ${run}`);
  await new AttachmentPicker(page, page.getByTestId('portal-reply-box')).attach({
    name: `prova-${run}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from('pagina di prova'),
  });
  await page.getByRole('button', { name: 'Invia', exact: true }).click();
  await expect(portal.conversation.getByRole('link', { name: `Scarica prova-${run}.txt` })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/portal-attachments.png', fullPage: true });
  await page.context().close();
});

test('a customer opens a request with a screenshot; the agent sees it on the ticket', async ({ browser }) => {
  const requestSubject = `Errore all'avvio del gestionale ${run}`;
  const imageName = `errore-${run}.png`;
  const customer = await signedIn(browser, 'customer@example.com');
  await customer.goto('/portal/tickets/new');
  await customer.getByLabel('Oggetto').fill(requestSubject);
  await customer.getByRole('textbox', { name: 'Descrizione' }).fill(`Compare un errore ${run}`);
  await new AttachmentPicker(customer, customer.locator('form')).attach({
    name: imageName,
    mimeType: 'image/png',
    buffer: PNG,
  });
  await customer.getByRole('button', { name: 'Invia la richiesta' }).click();
  await expect(customer.getByRole('heading', { level: 2, name: requestSubject })).toBeVisible();
  await expect(customer.getByRole('link', { name: `Scarica ${imageName}` })).toBeVisible();
  const ticketId = customer.url().split('/').pop()!;
  await customer.context().close();

  const agent = await signedIn(browser, 'l1@example.com');
  await agent.goto(`/agent/tickets/${ticketId}`);
  const timeline = new TicketPage(agent).timeline;
  await expect(timeline.getByRole('img', { name: imageName })).toBeVisible();
  await agent.context().close();
});
