/**
 * Time worked, end to end: level 1 logs an hour and a half on a ticket and sees the totals, then
 * times a piece of work with the running timer, which survives leaving the page; Stop fills the form.
 */
import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { NewTicketPage } from './pages/new-ticket-page.js';
import { TimeTrackingPanel } from './pages/time-tracking-panel.js';

const run = Date.now().toString(36);

test('level 1 logs time on a ticket and times work with the running timer', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l1@example.com');
  await expect(page).toHaveURL(/\/agent\/tickets/);

  const subject = `Outlook si chiude all'avvio ${run}`;
  const form = new NewTicketPage(page);
  await form.open();
  await form.create({
    requesterEmail: 'customer@example.com',
    subject,
    description: 'Outlook si chiude subito dopo la schermata iniziale.',
  });
  const ticketPath = new URL(page.url()).pathname;

  const time = new TimeTrackingPanel(page);
  await expect(time.total).toHaveText('Totale: 0:00');
  const note = `Ricreato il profilo di Outlook (${run})`;
  await time.log('1:30', note);
  await expect(time.total).toHaveText('Totale: 1:30');
  await expect(time.panel.getByLabel('Per agente')).toContainText('Giulia Rossi');
  await expect(time.panel.getByLabel('Per agente')).toContainText('1:30');

  // The timer keeps running while the agent is elsewhere: its start is kept in the browser.
  await time.button('Avvia').click();
  await expect(time.button('Pausa')).toBeVisible();
  await expect(time.timer).not.toHaveText('0:00:00');
  await page.goto('/agent/tickets');
  await page.goto(ticketPath);
  await expect(time.button('Pausa')).toBeVisible();
  await time.button('Pausa').click();
  await expect(time.button('Riprendi')).toBeVisible();
  await time.button('Ferma').click();
  await expect(time.duration).toHaveValue('0:01');
  await expect(time.timer).toHaveText('0:00:00');
  await expect(time.button('Ferma')).toBeDisabled();

  await time.log('0:01', `Cronometrato (${run})`);
  await expect(time.total).toHaveText('Totale: 1:31');
  await page.screenshot({ path: 'test-results/screenshots/time-tracking.png', fullPage: true });
});
