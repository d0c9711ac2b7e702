/**
 * The classic email flow's first step, end to end: a customer's mail reaches the SMTP listener,
 * becomes a ticket of the support group, and the agent sees why it is there; the admin sees it in
 * Admin › Inbound mail.
 */
import { expect, test } from '@playwright/test';
import nodemailer from 'nodemailer';
import { DEMO_PASSWORD, LoginPage } from './pages/login-page.js';

const run = Date.now().toString(36);
const subject = `Scanner del terzo piano ${run}`;

test('an email to support@example.com becomes a ticket the agent can read', async ({ page, request }) => {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: Number(process.env.SPORTELLO_E2E_SMTP_PORT),
    secure: false,
    ignoreTLS: true,
  });
  const info = await transport.sendMail({
    from: 'Marta Villa <marta.villa@acme.it>',
    to: 'support@example.com',
    cc: 'ufficio.tecnico@acme.it',
    subject,
    text: `Lo scanner non invia più le scansioni per email.\n\nGrazie, Marta`,
  });
  transport.close();
  expect(info.response).toMatch(/^250 /);

  // The listener answered after the commit; the worker processes the message shortly after.
  const { token } = await (
    await request.post('/api/v1/auth/tokens', {
      data: { email: 'l1@example.com', password: DEMO_PASSWORD, name: `e2e mail ${run}` },
    })
  ).json();
  let ticketId = '';
  await expect
    .poll(async () => {
      const response = await request.get(`/api/v1/tickets?q=${encodeURIComponent(run)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const items = ((await response.json()) as { items: { id: string; subject: string; channel: string }[] }).items;
      ticketId = items.find((item) => item.subject === subject)?.id ?? '';
      return ticketId;
    })
    .not.toBe('');

  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  await page.goto(`/agent/tickets/${ticketId}`);
  const timeline = page.getByRole('region', { name: 'Cronologia' });
  await expect(timeline.getByText('Lo scanner non invia più le scansioni per email.')).toBeVisible();
  await expect(timeline.getByText('Da: Marta Villa <marta.villa@acme.it>')).toBeVisible();
  await expect(timeline.getByText('Cc: ufficio.tecnico@acme.it')).toBeVisible();
  await expect(timeline.getByTestId('threading-reason')).toHaveText('Perché è qui: Nuova richiesta');
  await expect(timeline.getByRole('link', { name: 'Scarica l’originale' })).toBeVisible();
});

test('the admin sees received mail in Admin › Inbound mail', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin@example.com');
  await page.goto('/admin/inbound-mail');
  await expect(page.getByRole('heading', { name: 'Posta in arrivo' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Stato' }).click();
  await page.getByRole('option', { name: 'Su un ticket' }).click();
  await expect(page.getByRole('row').filter({ hasText: subject })).toBeVisible();
  await page.getByRole('row').filter({ hasText: subject }).getByRole('button').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('Messaggio ricevuto')).toBeVisible();
  await expect(drawer.getByRole('link', { name: 'Scarica l’originale (.eml)' })).toBeVisible();
});
