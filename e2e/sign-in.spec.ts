/**
 * A new user's first minutes: each demo role signs in and lands in its own area, with only the
 * areas its role may use. Screenshots of each landing page go to test-results/screenshots/.
 */
import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app-shell.js';
import { LoginPage } from './pages/login-page.js';

const AREAS = ['Area operatori', 'Amministrazione', 'Report', 'Portale'];

const roles = [
  { email: 'admin@example.com', landing: /\/admin/, areas: ['Area operatori', 'Amministrazione', 'Report'] },
  { email: 'supervisor@example.com', landing: /\/agent/, areas: ['Area operatori', 'Report'] },
  { email: 'l1@example.com', landing: /\/agent/, areas: ['Area operatori'] },
  { email: 'l2@example.com', landing: /\/agent/, areas: ['Area operatori'] },
  { email: 'customer@example.com', landing: /\/portal/, areas: ['Portale'] },
];

for (const role of roles) {
  test(`${role.email} signs in and sees the areas of the role`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(role.email);
    await expect(page).toHaveURL(role.landing);
    const shell = new AppShell(page);
    await shell.expectAreas(
      role.areas,
      AREAS.filter((area) => !role.areas.includes(area)),
    );
    await page.screenshot({ path: `test-results/screenshots/${role.email.split('@')[0]}.png`, fullPage: true });
  });
}

test('a wrong password is refused with a clear message', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.submit('l1@example.com', 'not-the-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a customer cannot open the admin area', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('customer@example.com');
  await expect(page).toHaveURL(/\/portal/);
  await page.goto('/admin/users');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page).not.toHaveURL(/\/login/);
});
