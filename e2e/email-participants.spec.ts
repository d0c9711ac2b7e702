/**
 * A stranger joins an email conversation (issue 4): their reply cites the customer's email, so it
 * lands on the ticket flagged "from a new participant" and they are not copied; the agent adds them
 * from the message, and the next public reply in the Outbox is copied to them.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import nodemailer from 'nodemailer';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page.js';
import { TicketPage } from './pages/ticket-page.js';
import { TicketParticipants } from './pages/ticket-participants.js';

const run = Date.now().toString(36);
const subject = `Badge del parcheggio ${run}`;
const customer = `franca.${run}@acme.it`;
const stranger = `tecnico.${run}@fornitore.example`;
const originalId = `badge.${run}@mail.acme.it`;

async function send(mail: nodemailer.SendMailOptions) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: Number(process.env.SPORTELLO_E2E_SMTP_PORT),
    secure: false,
    ignoreTLS: true,
  });
  const info = await transport.sendMail(mail);
  transport.close();
  expect(info.response).toMatch(/^250 /);
}

async function bearer(request: APIRequestContext, email: string) {
  const response = await request.post('/api/v1/auth/tokens', {
    data: { email, password: DEMO_PASSWORD, name: `e2e participants ${run} ${email}` },
  });
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

test('a stranger replying to a ticket is flagged; once added, the next public reply is copied to them', async ({
  page,
  request,
}) => {
  const agent = await bearer(request, 'l1@example.com');
  const admin = await bearer(request, 'admin@example.com');
  await send({
    from: `Franca Neri <${customer}>`,
    to: 'support@example.com',
    subject,
    messageId: `<${originalId}>`,
    text: 'Il badge del parcheggio non apre più la sbarra.',
  });
  let ticketId = '';
  await expect
    .poll(async () => {
      const response = await request.get(`/api/v1/tickets?q=${encodeURIComponent(run)}`, { headers: agent });
      const items = ((await response.json()) as { items: { id: string; subject: string }[] }).items;
      ticketId = items.find((item) => item.subject === subject)?.id ?? '';
      return ticketId;
    })
    .not.toBe('');

  // The supplier's technician answers the customer's email: References match, the sender is new.
  await send({
    from: `Tecnico Fornitore <${stranger}>`,
    to: 'support@example.com',
    subject: `Re: ${subject}`,
    inReplyTo: `<${originalId}>`,
    references: [`<${originalId}>`],
    text: 'Domani sostituiamo il lettore della sbarra.',
  });
  await expect
    .poll(async () => {
      const response = await request.get(`/api/v1/tickets/${ticketId}/messages`, { headers: agent });
      return ((await response.json()) as { items: unknown[] }).items.length;
    })
    .toBe(2);

  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  await page.goto(`/agent/tickets/${ticketId}`);
  const participants = new TicketParticipants(page);
  const flagged = participants.messageFrom(stranger);
  await expect(flagged.getByText('Da un nuovo partecipante')).toBeVisible();
  await expect(participants.panel.getByText('Nessuno in copia')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/new-participant-flagged.png', fullPage: true });

  await participants.addSenderOf(stranger);
  await expect(participants.panel.getByText('Aggiunto da Giulia Rossi')).toBeVisible();

  const reply = `Il tecnico passa domani mattina (${run}).`;
  await new TicketPage(page).write('Risposta pubblica', reply);
  await page.screenshot({ path: 'test-results/screenshots/participant-added.png', fullPage: true });

  // The reply is queued by a background job: look in the Outbox until it is there.
  await expect
    .poll(async () => {
      const response = await request.get('/api/v1/outbox?limit=100', { headers: admin });
      const items = (
        (await response.json()) as {
          items: { ticketId: string | null; purpose: string; to: string[]; cc: string[]; text: string }[];
        }
      ).items;
      const sent = items.find((item) => item.ticketId === ticketId && item.purpose === 'ticket.reply');
      return sent ? { to: sent.to, cc: sent.cc } : null;
    })
    .toEqual({ to: [customer], cc: [stranger] });
});
