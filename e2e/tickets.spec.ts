/**
 * The two-level desk end to end: level 1 takes a call and escalates it, level 2 finds it in its
 * queue and in its notifications, takes it and hands it back; the customer sees only what is public.
 * Three people in three browser contexts, one after the other, on the same ticket.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { NotificationsBell } from './pages/notifications-bell.js';
import { PortalPages } from './pages/portal-pages.js';
import { TicketPage } from './pages/ticket-page.js';
import { TicketsWorkspace } from './pages/tickets-workspace.js';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const subject = `VPN non si connette dalla sede di Bergamo ${run}`;
const publicReply = `Stiamo verificando il collegamento, la aggiorniamo a breve (${run}).`;
const internalNote = `Riavviato il client VPN, il problema resta: sembra il concentratore (${run}).`;
const escalationNote = `Verificati credenziali e client; serve un controllo sul concentratore VPN (${run}).`;
const handBackNote = `Concentratore riavviato: chiedete al cliente di riprovare (${run}).`;
let ticketNumber = '';
let ticketPath = '';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email);
  return page;
}

test('level 1 opens a ticket for a caller, writes to the customer and to colleagues, escalates it', async ({
  browser,
}) => {
  const page = await signedIn(browser, 'l1@example.com');
  await expect(page).toHaveURL(/\/agent\/tickets/);
  const form = new NewTicketPage(page);
  await form.open();
  ticketNumber = await form.create({
    requesterEmail: 'customer@example.com',
    subject,
    description: 'La VPN si disconnette ogni pochi minuti da questa mattina.',
    urgency: 'Alta',
  });
  expect(ticketNumber).toMatch(/^\d{4}-\d{6,}$/);
  ticketPath = new URL(page.url()).pathname;

  const ticket = new TicketPage(page);
  await ticket.write('Risposta pubblica', publicReply);
  await ticket.write('Nota interna', internalNote);
  await expect(ticket.timeline.getByTestId('internal-note').filter({ hasText: internalNote })).toContainText(
    'Nota interna',
  );
  await ticket.escalate('Reti e Sistemi', escalationNote);
  await expect(ticket.timeline.getByText(escalationNote)).toBeVisible();
  await expect(page.getByText('Reti e Sistemi').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/ticket-escalated.png', fullPage: true });
  await page.context().close();
});

test('level 2 finds it unassigned and in the notifications, takes it and hands it back', async ({ browser }) => {
  const page = await signedIn(browser, 'l2@example.com');
  const workspace = new TicketsWorkspace(page);
  await workspace.open();
  await workspace.openView('Livello 2 non assegnati');
  await expect(workspace.row(subject)).toBeVisible();

  const bell = new NotificationsBell(page);
  const menu = await bell.open();
  const notification = bell.item(menu, ticketNumber);
  await expect(notification).toContainText(subject);
  await expect(notification).toContainText(escalationNote);
  await page.screenshot({ path: 'test-results/screenshots/notifications.png' });
  await notification.click();
  await expect(page).toHaveURL(new RegExp(`${ticketPath}$`));

  const ticket = new TicketPage(page);
  await ticket.take();
  await expect(page.getByText('Marco Bianchi').first()).toBeVisible();
  await expect(ticket.timeline.getByText(escalationNote)).toBeVisible();
  await expect(ticket.timeline.getByText(internalNote)).toBeVisible();

  // Taken: it leaves the unassigned queue.
  await workspace.open();
  await workspace.openView('Livello 2 non assegnati');
  await expect(workspace.row(subject)).toHaveCount(0);

  await page.goto(ticketPath);
  await ticket.handBack(handBackNote);
  await expect(ticket.timeline.getByText(handBackNote)).toBeVisible();
  await expect(page.getByTitle('Livello 1 · service desk')).toBeVisible();
  await page.context().close();
});

test('the customer sees the request with its public messages only', async ({ browser }) => {
  const page = await signedIn(browser, 'customer@example.com');
  await expect(page).toHaveURL(/\/portal/);
  await expect(page.getByRole('row').filter({ hasText: ticketNumber })).toContainText(subject);
  const portal = new PortalPages(page);
  await portal.openRequest(subject);
  await expect(portal.conversation.getByText(publicReply)).toBeVisible();
  for (const hidden of [internalNote, escalationNote, handBackNote, 'Nota interna']) {
    await expect(page.getByText(hidden)).toHaveCount(0);
  }
  await portal.reply(`Ho riprovato ora e funziona, grazie (${run}).`);
  await page.screenshot({ path: 'test-results/screenshots/portal-ticket.png', fullPage: true });
  await page.context().close();
});
