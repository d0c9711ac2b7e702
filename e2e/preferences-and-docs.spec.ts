/** The language choice follows the account across sessions; the API documentation renders. */
import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';

test('the language chosen is remembered for the account, not the browser', async ({ page, browser }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('l2@example.com');
  await expect(page).toHaveURL(/\/agent/);
  await page.getByText('EN', { exact: true }).click();
  const shell = new AppShell(page);
  await expect(shell.area('Agent workspace')).toBeVisible();

  // A fresh browser (Italian locale) signs in as the same person and gets English.
  const other = await browser.newContext({ locale: 'it-IT' });
  const otherPage = await other.newPage();
  const otherLogin = new LoginPage(otherPage);
  await otherLogin.open();
  await otherLogin.signIn('l2@example.com');
  await expect(new AppShell(otherPage).area('Agent workspace')).toBeVisible();
  // Back to Italian for the other tests.
  await otherPage.getByText('IT', { exact: true }).click();
  await expect(new AppShell(otherPage).area('Area operatori')).toBeVisible();
  await other.close();
});

test('the API documentation page renders the OpenAPI document', async ({ page }) => {
  await page.goto('/api/docs');
  await expect(page.getByText('Sportello API').first()).toBeVisible();
  await expect(page.getByText('/api/v1/auth/tokens').first()).toBeVisible();
});
