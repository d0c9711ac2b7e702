/**
 * Mailboxes end to end: the admin adds an IMAP mailbox (the password is never shown back), tests
 * its connection and is told clearly that the server cannot be reached, then deactivates it.
 */
import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { MailboxesPages } from './pages/mailboxes-pages.js';

const run = Date.now().toString(36);

test('an admin adds an IMAP mailbox, tests it against a wrong host, and deactivates it', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin@example.com');

  const mailboxes = new MailboxesPages(page);
  const name = `Fornitori ${run}`;
  await mailboxes.createImapMailbox({
    name,
    address: `fornitori-${run}@example.com`,
    group: 'Service Desk',
    host: 'imap.nessun-server.invalid',
    username: `fornitori-${run}@example.com`,
    password: 'Password-segreta-1',
  });
  // Write-only: the saved form shows a blank password field and says a blank one keeps it.
  await expect(page.getByLabel('Password IMAP')).toHaveValue('');
  await expect(page.getByText('Lascia vuoto per mantenere quella salvata')).toBeVisible();
  await expect(page.getByText('Password-segreta-1')).toHaveCount(0);

  await mailboxes.testConnection();
  const failure = page.getByRole('alert').filter({ hasText: 'Impossibile raggiungere il server IMAP' });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('IMAP_CONNECTION_FAILED');
  await page.screenshot({ path: 'test-results/screenshots/mailbox-test-failed.png', fullPage: true });

  await mailboxes.deactivate();
  await page.goto('/admin/mailboxes');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Disattivato');
  await expect(row).toContainText(`fornitori-${run}@example.com`);
  await page.screenshot({ path: 'test-results/screenshots/mailboxes-list.png', fullPage: true });
});
