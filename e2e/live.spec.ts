/**
 * Two agents at once, in two browsers: level 2 sees that level 1 has the ticket open, a note written
 * by one appears on the other's screen without reloading, and an escalation lights up the receiving
 * agent's bell while they look at something else.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { NotificationsBell } from './pages/notifications-bell.js';
import { TicketPage } from './pages/ticket-page.js';
import { TicketsWorkspace } from './pages/tickets-workspace.js';

const run = Date.now().toString(36);

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(email);
  return page;
}

test('two agents on one ticket see each other and each other’s work live', async ({ browser }) => {
  const level1 = await signedIn(browser, 'l1@example.com');
  const level2 = await signedIn(browser, 'l2@example.com');

  // Level 1 opens a ticket for a caller and escalates it: level 2's bell lights up without a reload.
  const subject = `Server di stampa irraggiungibile ${run}`;
  const newTicket = new NewTicketPage(level1);
  await newTicket.open();
  await newTicket.create({
    requesterEmail: 'roberto.mancini@acme.it',
    subject,
    description: 'Nessuno in sede riesce a stampare da stamattina.',
  });
  const ticketPath = new URL(level1.url()).pathname;

  const workspace2 = new TicketsWorkspace(level2);
  await workspace2.open();
  const bell2 = new NotificationsBell(level2);
  const unread = async () => Number(/(\d+)/.exec((await bell2.button.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
  await expect(bell2.button).toBeVisible();
  const before = await unread();

  const ticket1 = new TicketPage(level1);
  await ticket1.escalate('Reti e Sistemi', `Il server di stampa non risponde al ping (${run}).`);
  await expect.poll(unread, { timeout: 3000 }).toBe(before + 1);

  // Both open the ticket: each is told the other is there.
  await level2.goto(ticketPath);
  const ticket2 = new TicketPage(level2);
  await expect(ticket2.timeline).toBeVisible();
  await expect(level2.getByRole('status').filter({ hasText: 'Giulia Rossi' })).toBeVisible({ timeout: 3000 });
  await expect(level1.getByRole('status').filter({ hasText: 'Marco Bianchi' })).toBeVisible({ timeout: 3000 });

  // A note written by level 2 appears on level 1's screen without a reload.
  const note = `Riavviato lo spooler sul server di stampa (${run}).`;
  await ticket2.write('Nota interna', note);
  await expect(ticket1.timeline.getByText(note)).toBeVisible({ timeout: 3000 });
  await level1.screenshot({ path: 'test-results/screenshots/live-level1.png', fullPage: true });

  await level1.context().close();
  await level2.context().close();
});

test('a change made while the page was loading shows once the live stream is connected', async ({
  browser,
  request,
}) => {
  // Giulia (level 1) opens a ticket through the API; Luca, of the same group, will change it.
  const { token } = await (
    await request.post('/api/v1/auth/tokens', {
      data: { email: 'l1@example.com', password: DEMO_PASSWORD, name: `e2e live ${run}` },
    })
  ).json();
  const headers = { authorization: `Bearer ${token}` };
  const ticket = (await (
    await request.post('/api/v1/tickets', {
      headers,
      data: {
        type: 'incident',
        subject: `Proiettore della sala riunioni spento ${run}`,
        description: 'Il proiettore non si accende.',
        requester: { email: 'roberto.mancini@acme.it' },
      },
    })
  ).json()) as { id: string };

  const page = await signedIn(browser, 'luca.ferrari@example.com');
  // The page is loaded again with its live stream held back: the ticket is read, then a note is
  // written, and only then does the stream connect. Events sent before it connected are lost, so the
  // page must read again what it showed.
  let connect!: () => void;
  const connected = new Promise<void>((resolve) => (connect = resolve));
  await page.route('**/api/v1/live', async (route) => {
    await connected;
    await route.continue();
  });
  await page.goto(`/agent/tickets/${ticket.id}`);
  const ticketPage = new TicketPage(page);
  await expect(ticketPage.timeline.getByText('Il proiettore non si accende.')).toBeVisible();
  const note = `Sostituita la lampada del proiettore (${run}).`;
  const written = await request.post(`/api/v1/tickets/${ticket.id}/messages`, {
    headers,
    data: { body: note, visibility: 'internal' },
  });
  expect(written.status()).toBe(201);
  connect();
  await expect(ticketPage.timeline.getByText(note)).toBeVisible({ timeout: 3000 });
  await page.context().close();
});
