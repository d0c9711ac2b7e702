/**
 * Issue 4's classic email flow as one story: an email arrives → a new contact and a ticket of the
 * support group → the agent needs more information and replies → "In attesa del cliente" → the
 * customer answers by email → the answer lands on the ticket, which is open again → the agent
 * resolves it → the closing email goes out, threaded in the customer's client.
 *
 * The agent works in Chromium; the customer's mails go over real SMTP to the listener; what the
 * customer's client received is read from the Outbox (no SMTP_URL in e2e: mail is held there with
 * the headers it would have been sent with). The customer's answer threads by its headers only:
 * its subject has no ticket token.
 */
import { expect, test } from '@playwright/test';
import { CustomerMailClient } from './pages/customer-mail-client.js';
import { DeskApi, messageIdsOf } from './pages/desk-api.js';
import { LoginPage } from './pages/login-page.js';
import { TicketPage } from './pages/ticket-page.js';
import { TicketsWorkspace } from './pages/tickets-workspace.js';

const run = Date.now().toString(36);

test('email in, agent asks, customer answers by email, agent resolves, the closing email continues the thread', async ({
  page,
  request,
}) => {
  const customer = new CustomerMailClient(`elena.${run}@studio-bianchi.it`, 'Elena Bianchi');
  const subject = `Gestionale non si apre ${run}`;
  const originalId = await customer.send({
    subject,
    text: 'Buongiorno, da stamattina il gestionale non si apre.\n\nElena Bianchi',
  });
  const staff = await DeskApi.signIn(request, 'l1@example.com');
  const admin = await DeskApi.signIn(request, 'admin@example.com');
  const { id: ticketId, number } = await staff.ticketWithSubject(subject);

  // The agent finds it among the tickets of the support group.
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  const workspace = new TicketsWorkspace(page);
  await workspace.open();
  await workspace.openView('Dei miei gruppi');
  await workspace.openTicket(subject);
  const ticket = new TicketPage(page);
  await expect(page.getByRole('heading', { name: subject })).toBeVisible();
  await expect(ticket.field('Gruppo e assegnatario')).toContainText('Service Desk');
  await expect(page.getByText(`elena.${run}@studio-bianchi.it`).first()).toBeVisible();
  await expect(ticket.status).toHaveValue('Nuovo');
  await expect(ticket.timeline.getByText('da stamattina il gestionale non si apre.')).toBeVisible();

  // More information needed: a public reply, then "waiting for the customer".
  const question = `Può mandarci il messaggio di errore che compare? (${run})`;
  await ticket.write('Risposta pubblica', question);
  await expect(ticket.status).toHaveValue('Aperto');
  await ticket.setStatus('In attesa del cliente');

  // What reached the customer's client: the agent's reply, with its own Message-ID.
  const reply = await admin.awaitEmail(ticketId, customer.address, 'ticket.reply', question);
  expect(reply.subject).toContain(`[#${number}]`);
  const replyId = messageIdsOf(reply.headers['Message-ID'])[0]!;
  expect(replyId).toBeTruthy();
  expect(messageIdsOf(reply.headers['References'])).toContain(originalId);

  // The customer answers like a mail client does: In-Reply-To the agent's email, References the
  // thread so far; the subject lost its token on purpose, so only the headers can thread it.
  const answerText = `Il messaggio dice "Licenza scaduta". (${run})`;
  const answerId = await customer.send({
    subject: `Re: ${subject}`,
    text: `${answerText}\n\nIl giorno 7 dic 2026, Assistenza ha scritto:\n> ${question}`,
    inReplyTo: replyId,
    references: [...messageIdsOf(reply.headers['References']), replyId],
  });

  // The answer lands on the same ticket, which is open again: the agent sees both arrive on the
  // page they are looking at, without reloading it (the live update).
  await expect(ticket.timeline.getByText(answerText)).toBeVisible({ timeout: 30_000 });
  await expect(ticket.status).toHaveValue('Aperto');
  await expect(ticket.timeline.getByTestId('threading-reason').last()).toHaveText(
    'Perché è qui: Risposta a un messaggio di questo ticket (In-Reply-To/References)',
  );

  // Solved: the closing email goes out.
  await ticket.setStatus('Risolto');
  const closing = await admin.awaitEmail(ticketId, customer.address, 'ticket.resolved');
  expect(closing.subject).toContain(`[#${number}]`);
  // Threaded after the customer's answer, continuing the chain their client already holds.
  expect(messageIdsOf(closing.headers['In-Reply-To'])).toEqual([answerId]);
  const chain = messageIdsOf(closing.headers['References']);
  expect(chain[0]).toBe(originalId);
  expect(chain.indexOf(replyId)).toBeGreaterThan(0);
  expect(chain.indexOf(answerId)).toBeGreaterThan(chain.indexOf(replyId));
  expect(chain.at(-1)).toBe(answerId);
  await page.screenshot({ path: 'test-results/screenshots/email-classic-flow.png', fullPage: true });
});
